SELECT
  `t0`.`id`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST((
        `t0`.`customer_id` * -1000001 - MOD((
          MOD((
            `t0`.`customer_id` * -1000001
          ), 1000) + 1000
        ), 1000)
      ) / 1000 AS BIGINT) - MOD(
        (
          MOD(
            CAST((
              `t0`.`customer_id` * -1000001 - MOD((
                MOD((
                  `t0`.`customer_id` * -1000001
                ), 1000) + 1000
              ), 1000)
            ) / 1000 AS BIGINT),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(
            CAST((
              `t0`.`customer_id` * -1000001 - MOD((
                MOD((
                  `t0`.`customer_id` * -1000001
                ), 1000) + 1000
              ), 1000)
            ) / 1000 AS BIGINT),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `at`
FROM `shop`.`orders` AS `t0`
