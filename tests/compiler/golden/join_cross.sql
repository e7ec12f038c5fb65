SELECT
  `t4`.`id`,
  `t5`.`city`
FROM (
  SELECT
    `t0`.`id`
  FROM `shop`.`orders` AS `t0`
) AS `t4`
CROSS JOIN (
  SELECT
    `t1`.`city`
  FROM `shop`.`customers` AS `t1`
) AS `t5`
