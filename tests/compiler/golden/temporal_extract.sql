SELECT
  `t0`.`id`,
  EXTRACT(YEAR FROM `t0`.`created_at`) AS `year`,
  EXTRACT(QUARTER FROM `t0`.`created_at`) AS `quarter`,
  EXTRACT(MONTH FROM `t0`.`created_at`) AS `month`,
  EXTRACT(DAY FROM `t0`.`created_at`) AS `day`,
  EXTRACT(DOY FROM `t0`.`created_at`) AS `day_of_year`,
  EXTRACT(WEEK FROM `t0`.`created_at`) AS `week`,
  EXTRACT(HOUR FROM `t0`.`created_at`) AS `hour`,
  EXTRACT(MINUTE FROM `t0`.`created_at`) AS `minute`,
  EXTRACT(SECOND FROM `t0`.`created_at`) AS `second`,
  MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000) AS `millisecond`,
  EXTRACT(ISODOW FROM `t0`.`created_at`) - 1 AS `weekday`,
  CASE EXTRACT(ISODOW FROM `t0`.`created_at`)
    WHEN 1
    THEN CAST('Monday' AS VARCHAR)
    WHEN 2
    THEN CAST('Tuesday' AS VARCHAR)
    WHEN 3
    THEN CAST('Wednesday' AS VARCHAR)
    WHEN 4
    THEN CAST('Thursday' AS VARCHAR)
    WHEN 5
    THEN CAST('Friday' AS VARCHAR)
    WHEN 6
    THEN CAST('Saturday' AS VARCHAR)
    WHEN 7
    THEN CAST('Sunday' AS VARCHAR)
  END AS `weekday_name`,
  EXTRACT(ISOYEAR FROM `t0`.`order_date`) AS `iso_year`
FROM `shop`.`orders` AS `t0`
