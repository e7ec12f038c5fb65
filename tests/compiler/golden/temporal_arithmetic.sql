SELECT
  `t0`.`id`,
  TIMESTAMPADD(DAY, 3, `t0`.`created_at`) AS `later`,
  TIMESTAMPADD(HOUR, -5, `t0`.`created_at`) AS `earlier`,
  TIMESTAMPADD(MONTH, 1, `t0`.`order_date`) AS `next_month`,
  TIMESTAMPADD(WEEK, 1, `t0`.`order_date`) AS `next_week`,
  TIMESTAMPADD(DAY, `t0`.`quantity`, `t0`.`order_date`) AS `by_quantity`,
  (
    `t0`.`created_at` + INTERVAL '0.25' SECOND
  ) AS `shifted`,
  TIMESTAMPADD(MINUTE, 30, `t0`.`ship_time`) AS `ship_later`
FROM `shop`.`orders` AS `t0`
