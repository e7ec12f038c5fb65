SELECT DISTINCT
  `t0`.`status`
FROM `shop`.`orders` AS `t0`
