SELECT
  `t0`.`id`,
  CAST(CAST(EXTRACT(YEAR FROM `t0`.`order_date`) AS VARCHAR) || '-' || '12' || '-' || '31' AS DATE) AS `date`,
  CAST(CAST(`t0`.`quantity` AS VARCHAR) || ':' || '30' || ':' || '0' AS TIME(3)) AS `time`,
  CAST('2024' || '-' || CAST(EXTRACT(MONTH FROM `t0`.`order_date`) AS VARCHAR) || '-' || '1' || ' ' || '8' || ':' || '0' || ':' || '0' AS TIMESTAMP(3)) AS `timestamp`,
  TIMESTAMPADD(SECOND, `t0`.`customer_id`, TIMESTAMP '1970-01-01 00:00:00.000') AS `from_seconds`,
  (
    TIMESTAMPADD(DAY, CAST((
      `t0`.`customer_id` * 1000 - MOD((
        MOD((
          `t0`.`customer_id` * 1000
        ), 86400000) + 86400000
      ), 86400000)
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD((
        MOD((
          `t0`.`customer_id` * 1000
        ), 86400000) + 86400000
      ), 86400000)
    ) * INTERVAL '0.001' SECOND
  ) AS `from_millis`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST(FLOOR(CAST(`t0`.`amount` AS DOUBLE) * 1000) AS BIGINT) - MOD(
        (
          MOD(CAST(FLOOR(CAST(`t0`.`amount` AS DOUBLE) * 1000) AS BIGINT), 86400000) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(CAST(FLOOR(CAST(`t0`.`amount` AS DOUBLE) * 1000) AS BIGINT), 86400000) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `from_fractional_seconds`,
  CAST(`t0`.`created_at` AS DATE) AS `as_date`,
  CAST(`t0`.`created_at` AS TIME(3)) AS `as_time`
FROM `shop`.`orders` AS `t0`
