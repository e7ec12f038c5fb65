SELECT
  `t0`.`id`,
  TIMESTAMP '2024-05-06 07:08:09.123' AS `now`,
  DATE '2024-05-06' AS `today`
FROM `shop`.`orders` AS `t0`
