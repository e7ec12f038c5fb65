SELECT
  MIN(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END) = 1 AS `all_paid`,
  MAX(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END) = 1 AS `any_paid`,
  SUM(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END) AS `paid_count`,
  AVG(CAST(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END AS DOUBLE)) AS `paid_share`
FROM `shop`.`orders` AS `t0`
