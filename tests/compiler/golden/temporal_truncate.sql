SELECT
  `t0`.`id`,
  CAST(CAST(CAST(EXTRACT(YEAR FROM `t0`.`created_at`) AS VARCHAR) || '-01-01' AS DATE) AS TIMESTAMP(3)) AS `year`,
  CAST(CAST(CAST(EXTRACT(YEAR FROM `t0`.`created_at`) AS VARCHAR) || '-' || CAST(EXTRACT(QUARTER FROM `t0`.`created_at`) * 3 - 2 AS VARCHAR) || '-01' AS DATE) AS TIMESTAMP(3)) AS `quarter`,
  CAST(CAST(CAST(EXTRACT(YEAR FROM `t0`.`created_at`) AS VARCHAR) || '-' || CAST(EXTRACT(MONTH FROM `t0`.`created_at`) AS VARCHAR) || '-01' AS DATE) AS TIMESTAMP(3)) AS `month`,
  CAST(TIMESTAMPADD(DAY, 1 - EXTRACT(ISODOW FROM `t0`.`created_at`), CAST(`t0`.`created_at` AS DATE)) AS TIMESTAMP(3)) AS `week`,
  CAST(CAST(`t0`.`created_at` AS DATE) AS TIMESTAMP(3)) AS `day`,
  CAST(CAST(CAST(`t0`.`created_at` AS DATE) AS VARCHAR) || ' ' || CAST(EXTRACT(HOUR FROM `t0`.`created_at`) AS VARCHAR) || ':00:00' AS TIMESTAMP(3)) AS `hour`,
  CAST(CAST(CAST(`t0`.`created_at` AS DATE) AS VARCHAR) || ' ' || CAST(EXTRACT(HOUR FROM `t0`.`created_at`) AS VARCHAR) || ':' || CAST(EXTRACT(MINUTE FROM `t0`.`created_at`) AS VARCHAR) || ':00' AS TIMESTAMP(3)) AS `minute`,
  CAST(CAST(CAST(`t0`.`created_at` AS DATE) AS VARCHAR) || ' ' || CAST(EXTRACT(HOUR FROM `t0`.`created_at`) AS VARCHAR) || ':' || CAST(EXTRACT(MINUTE FROM `t0`.`created_at`) AS VARCHAR) || ':' || CAST(EXTRACT(SECOND FROM `t0`.`created_at`) AS VARCHAR) AS TIMESTAMP(3)) AS `second`,
  CAST(CAST(EXTRACT(YEAR FROM `t0`.`order_date`) AS VARCHAR) || '-01-01' AS DATE) AS `date_year`,
  CAST(CAST(EXTRACT(YEAR FROM `t0`.`order_date`) AS VARCHAR) || '-' || CAST(EXTRACT(MONTH FROM `t0`.`order_date`) AS VARCHAR) || '-01' AS DATE) AS `date_month`,
  TIMESTAMPADD(DAY, 1 - EXTRACT(ISODOW FROM `t0`.`order_date`), CAST(`t0`.`order_date` AS DATE)) AS `date_week`
FROM `shop`.`orders` AS `t0`
