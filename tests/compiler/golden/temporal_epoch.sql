SELECT
  `t0`.`id`,
  EXTRACT(EPOCH FROM `t0`.`created_at`) AS `epoch`
FROM `shop`.`orders` AS `t0`
