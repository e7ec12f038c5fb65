SELECT
  *
FROM `shop`.`orders` AS `t0`
ORDER BY
  `t0`.`id` ASC NULLS LAST
LIMIT 3
OFFSET 2
