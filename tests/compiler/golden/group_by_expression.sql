SELECT
  UPPER(`t0`.`status`) AS `upper_status`,
  EXTRACT(YEAR FROM `t0`.`order_date`) AS `year`,
  COUNT(*) AS `n`
FROM `shop`.`orders` AS `t0`
GROUP BY
  UPPER(`t0`.`status`),
  EXTRACT(YEAR FROM `t0`.`order_date`)
