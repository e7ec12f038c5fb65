SELECT
  `t0`.`id`,
  TIMESTAMPDIFF(DAY, DATE '2024-01-01', `t0`.`order_date`) AS `days`,
  12 * (
    EXTRACT(YEAR FROM `t0`.`order_date`) - EXTRACT(YEAR FROM DATE '2023-11-15')
  ) + (
    EXTRACT(MONTH FROM `t0`.`order_date`) - EXTRACT(MONTH FROM DATE '2023-11-15')
  ) AS `months`,
  (
    EXTRACT(YEAR FROM `t0`.`created_at`) - EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `years`,
  24 * (
    TIMESTAMPDIFF(DAY, CAST(TIMESTAMP '2024-01-01 12:30:00.000' AS DATE), CAST(`t0`.`created_at` AS DATE))
  ) + (
    EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `hours`,
  60 * (
    24 * (
      TIMESTAMPDIFF(DAY, CAST(TIMESTAMP '2024-01-01 12:30:00.000' AS DATE), CAST(`t0`.`created_at` AS DATE))
    ) + (
      EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
    )
  ) + (
    EXTRACT(MINUTE FROM `t0`.`created_at`) - EXTRACT(MINUTE FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `minutes`,
  60 * (
    60 * (
      24 * (
        TIMESTAMPDIFF(DAY, CAST(TIMESTAMP '2024-01-01 12:30:00.000' AS DATE), CAST(`t0`.`created_at` AS DATE))
      ) + (
        EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
      )
    ) + (
      EXTRACT(MINUTE FROM `t0`.`created_at`) - EXTRACT(MINUTE FROM TIMESTAMP '2024-01-01 12:30:00.000')
    )
  ) + (
    EXTRACT(SECOND FROM `t0`.`created_at`) - EXTRACT(SECOND FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `seconds`,
  TIMESTAMPDIFF(WEEK, DATE '2024-01-01', `t0`.`order_date`) AS `weeks`
FROM `shop`.`orders` AS `t0`
