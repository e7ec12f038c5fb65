SELECT
  COUNT(*) AS `n`,
  COUNT(CASE WHEN `t0`.`paid` THEN 1 END) AS `n_paid`,
  COUNT(`t0`.`amount`) AS `n_amount`,
  SUM(`t0`.`amount`) AS `total`,
  SUM(CASE WHEN `t0`.`paid` THEN `t0`.`amount` END) AS `paid_total`,
  AVG(`t0`.`amount`) AS `mean`,
  AVG(CAST(`t0`.`quantity` AS DOUBLE)) AS `mean_quantity`,
  MIN(`t0`.`amount`) AS `smallest`,
  MAX(`t0`.`amount`) AS `largest`,
  COUNT(DISTINCT `t0`.`status`) AS `statuses`,
  COUNT(DISTINCT CASE WHEN `t0`.`paid` THEN `t0`.`status` END) AS `paid_statuses`,
  APPROX_COUNT_DISTINCT(`t0`.`status`) AS `approx`
FROM `shop`.`orders` AS `t0`
