SELECT
  `t0`.`status`,
  MIN(`t0`.`amount`) AS `any_amount`
FROM `shop`.`orders` AS `t0`
GROUP BY
  `t0`.`status`
