SELECT
  (
    SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
  ) / NULLIF((
    COUNT(CAST(`t0`.`amount` AS DOUBLE)) - 1
  ), 0) AS `variance`,
  (
    SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
  ) / NULLIF((
    COUNT(CAST(`t0`.`amount` AS DOUBLE))
  ), 0) AS `variance_pop`,
  POWER(
    CASE
      WHEN (
        (
          SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
        ) / NULLIF((
          COUNT(CAST(`t0`.`amount` AS DOUBLE)) - 1
        ), 0)
      ) < 0
      THEN 0.0E0
      ELSE (
        SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
      ) / NULLIF((
        COUNT(CAST(`t0`.`amount` AS DOUBLE)) - 1
      ), 0)
    END,
    0.5
  ) AS `deviation`,
  POWER(
    CASE
      WHEN (
        (
          SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
        ) / NULLIF((
          COUNT(CAST(`t0`.`amount` AS DOUBLE))
        ), 0)
      ) < 0
      THEN 0.0E0
      ELSE (
        SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) - SUM(CAST(`t0`.`amount` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
      ) / NULLIF((
        COUNT(CAST(`t0`.`amount` AS DOUBLE))
      ), 0)
    END,
    0.5
  ) AS `deviation_pop`,
  (
    SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) - SUM(
      CASE
        WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
        THEN CAST(`t0`.`amount` AS DOUBLE)
      END
    ) * SUM(
      CASE
        WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
        THEN CAST(`t0`.`quantity` AS DOUBLE)
      END
    ) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)), 0)
  ) / NULLIF(
    (
      COUNT(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) - 1
    ),
    0
  ) AS `covariance`,
  (
    COUNT(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) * SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) - SUM(
      CASE
        WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
        THEN CAST(`t0`.`amount` AS DOUBLE)
      END
    ) * SUM(
      CASE
        WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
        THEN CAST(`t0`.`quantity` AS DOUBLE)
      END
    )
  ) / NULLIF(
    POWER(
      (
        COUNT(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) * SUM(
          CASE
            WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`amount` AS DOUBLE)
          END * CASE
            WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`amount` AS DOUBLE)
          END
        ) - SUM(
          CASE
            WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`amount` AS DOUBLE)
          END
        ) * SUM(
          CASE
            WHEN CAST(`t0`.`quantity` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`amount` AS DOUBLE)
          END
        )
      ) * (
        COUNT(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`quantity` AS DOUBLE)) * SUM(
          CASE
            WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`quantity` AS DOUBLE)
          END * CASE
            WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`quantity` AS DOUBLE)
          END
        ) - SUM(
          CASE
            WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`quantity` AS DOUBLE)
          END
        ) * SUM(
          CASE
            WHEN CAST(`t0`.`amount` AS DOUBLE) IS NOT NULL
            THEN CAST(`t0`.`quantity` AS DOUBLE)
          END
        )
      ),
      0.5
    ),
    0
  ) AS `correlation`,
  (
    (
      COUNT(CAST(`t0`.`amount` AS DOUBLE)) + 1
    ) * (
      (
        SUM(
          CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)
        ) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + -4 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(
          CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)
        ) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + 6 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + -3 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
      ) / (
        (
          SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) - SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
        ) * (
          SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) - SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
        )
      ) - 3
    ) + 6
  ) * (
    COUNT(CAST(`t0`.`amount` AS DOUBLE)) + -1
  ) / NULLIF(
    (
      COUNT(CAST(`t0`.`amount` AS DOUBLE)) + -2
    ) * (
      COUNT(CAST(`t0`.`amount` AS DOUBLE)) + -3
    ),
    0
  ) AS `kurtosis`,
  (
    SUM(
      CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)
    ) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + -4 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(
      CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)
    ) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + 6 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) + -3 * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
  ) / (
    (
      SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) - SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
    ) * (
      SUM(CAST(`t0`.`amount` AS DOUBLE) * CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) - SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0) * SUM(CAST(`t0`.`amount` AS DOUBLE)) / NULLIF(COUNT(CAST(`t0`.`amount` AS DOUBLE)), 0)
    )
  ) - 3 AS `kurtosis_pop`
FROM `shop`.`orders` AS `t0`
