SELECT
  `t0`.`id`,
  LAG(`t0`.`amount`) OVER (ORDER BY `t0`.`id` ASC NULLS LAST) AS `previous`,
  LEAD(`t0`.`amount`, 2, 0.0E0) OVER (ORDER BY `t0`.`id` ASC NULLS LAST) AS `next2`
FROM `shop`.`orders` AS `t0`
