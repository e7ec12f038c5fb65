SELECT
  `t0`.`id`,
  ROW_NUMBER() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `row`,
  RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `rank`,
  DENSE_RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `dense`,
  PERCENT_RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) AS `percent`,
  CUME_DIST() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) AS `cumulative`,
  NTILE(2) OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `tile`
FROM `shop`.`orders` AS `t0`
