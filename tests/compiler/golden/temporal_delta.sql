SELECT
  `t0`.`id`,
  CAST(365 * FLOOR(
    (
      12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
    ) / 12.0E0
  ) + FLOOR(
    (
      12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
    ) / 48.0E0
  ) - FLOOR(
    (
      12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
    ) / 1200.0E0
  ) + FLOOR(
    (
      12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
    ) / 4800.0E0
  ) + FLOOR(
    (
      MOD(
        (
          12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
        ),
        12
      ) * 153 + 2
    ) / 5.0E0
  ) + EXTRACT(DAY FROM `t0`.`order_date`) - (
    365 * FLOOR(
      (
        12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
      ) / 12.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
      ) / 48.0E0
    ) - FLOOR(
      (
        12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
      ) / 1200.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
      ) / 4800.0E0
    ) + FLOOR(
      (
        MOD(
          (
            12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
          ),
          12
        ) * 153 + 2
      ) / 5.0E0
    ) + EXTRACT(DAY FROM DATE '2024-01-01')
  ) AS BIGINT) AS `days`,
  12 * (
    EXTRACT(YEAR FROM `t0`.`order_date`) - EXTRACT(YEAR FROM DATE '2023-11-15')
  ) + (
    EXTRACT(MONTH FROM `t0`.`order_date`) - EXTRACT(MONTH FROM DATE '2023-11-15')
  ) AS `months`,
  (
    EXTRACT(YEAR FROM `t0`.`created_at`) - EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `years`,
  24 * (
    CAST(365 * FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
      ) / 12.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
      ) / 48.0E0
    ) - FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
      ) / 1200.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
      ) / 4800.0E0
    ) + FLOOR(
      (
        MOD(
          (
            12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
          ),
          12
        ) * 153 + 2
      ) / 5.0E0
    ) + EXTRACT(DAY FROM `t0`.`created_at`) - (
      365 * FLOOR(
        (
          12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
        ) / 12.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
        ) / 48.0E0
      ) - FLOOR(
        (
          12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
        ) / 1200.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
        ) / 4800.0E0
      ) + FLOOR(
        (
          MOD(
            (
              12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
            ),
            12
          ) * 153 + 2
        ) / 5.0E0
      ) + EXTRACT(DAY FROM TIMESTAMP '2024-01-01 12:30:00.000')
    ) AS BIGINT)
  ) + (
    EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `hours`,
  60 * (
    24 * (
      CAST(365 * FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
        ) / 12.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
        ) / 48.0E0
      ) - FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
        ) / 1200.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
        ) / 4800.0E0
      ) + FLOOR(
        (
          MOD(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ),
            12
          ) * 153 + 2
        ) / 5.0E0
      ) + EXTRACT(DAY FROM `t0`.`created_at`) - (
        365 * FLOOR(
          (
            12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
          ) / 12.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
          ) / 48.0E0
        ) - FLOOR(
          (
            12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
          ) / 1200.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
          ) / 4800.0E0
        ) + FLOOR(
          (
            MOD(
              (
                12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
              ),
              12
            ) * 153 + 2
          ) / 5.0E0
        ) + EXTRACT(DAY FROM TIMESTAMP '2024-01-01 12:30:00.000')
      ) AS BIGINT)
    ) + (
      EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
    )
  ) + (
    EXTRACT(MINUTE FROM `t0`.`created_at`) - EXTRACT(MINUTE FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `minutes`,
  60 * (
    60 * (
      24 * (
        CAST(365 * FLOOR(
          (
            12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
          ) / 12.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
          ) / 48.0E0
        ) - FLOOR(
          (
            12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
          ) / 1200.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
          ) / 4800.0E0
        ) + FLOOR(
          (
            MOD(
              (
                12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
              ),
              12
            ) * 153 + 2
          ) / 5.0E0
        ) + EXTRACT(DAY FROM `t0`.`created_at`) - (
          365 * FLOOR(
            (
              12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
            ) / 12.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
            ) / 48.0E0
          ) - FLOOR(
            (
              12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
            ) / 1200.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
            ) / 4800.0E0
          ) + FLOOR(
            (
              MOD(
                (
                  12 * EXTRACT(YEAR FROM TIMESTAMP '2024-01-01 12:30:00.000') + EXTRACT(MONTH FROM TIMESTAMP '2024-01-01 12:30:00.000') - 3
                ),
                12
              ) * 153 + 2
            ) / 5.0E0
          ) + EXTRACT(DAY FROM TIMESTAMP '2024-01-01 12:30:00.000')
        ) AS BIGINT)
      ) + (
        EXTRACT(HOUR FROM `t0`.`created_at`) - EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 12:30:00.000')
      )
    ) + (
      EXTRACT(MINUTE FROM `t0`.`created_at`) - EXTRACT(MINUTE FROM TIMESTAMP '2024-01-01 12:30:00.000')
    )
  ) + (
    EXTRACT(SECOND FROM `t0`.`created_at`) - EXTRACT(SECOND FROM TIMESTAMP '2024-01-01 12:30:00.000')
  ) AS `seconds`,
  CAST(SIGN(
    CAST(365 * FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
      ) / 12.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
      ) / 48.0E0
    ) - FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
      ) / 1200.0E0
    ) + FLOOR(
      (
        12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
      ) / 4800.0E0
    ) + FLOOR(
      (
        MOD(
          (
            12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
          ),
          12
        ) * 153 + 2
      ) / 5.0E0
    ) + EXTRACT(DAY FROM `t0`.`order_date`) - (
      365 * FLOOR(
        (
          12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
        ) / 12.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
        ) / 48.0E0
      ) - FLOOR(
        (
          12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
        ) / 1200.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
        ) / 4800.0E0
      ) + FLOOR(
        (
          MOD(
            (
              12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
            ),
            12
          ) * 153 + 2
        ) / 5.0E0
      ) + EXTRACT(DAY FROM DATE '2024-01-01')
    ) AS BIGINT)
  ) * FLOOR(
    ABS(
      CAST(365 * FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
        ) / 12.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
        ) / 48.0E0
      ) - FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
        ) / 1200.0E0
      ) + FLOOR(
        (
          12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
        ) / 4800.0E0
      ) + FLOOR(
        (
          MOD(
            (
              12 * EXTRACT(YEAR FROM `t0`.`order_date`) + EXTRACT(MONTH FROM `t0`.`order_date`) - 3
            ),
            12
          ) * 153 + 2
        ) / 5.0E0
      ) + EXTRACT(DAY FROM `t0`.`order_date`) - (
        365 * FLOOR(
          (
            12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
          ) / 12.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
          ) / 48.0E0
        ) - FLOOR(
          (
            12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
          ) / 1200.0E0
        ) + FLOOR(
          (
            12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
          ) / 4800.0E0
        ) + FLOOR(
          (
            MOD(
              (
                12 * EXTRACT(YEAR FROM DATE '2024-01-01') + EXTRACT(MONTH FROM DATE '2024-01-01') - 3
              ),
              12
            ) * 153 + 2
          ) / 5.0E0
        ) + EXTRACT(DAY FROM DATE '2024-01-01')
      ) AS BIGINT)
    ) / 7.0E0
  ) AS BIGINT) AS `weeks`
FROM `shop`.`orders` AS `t0`
