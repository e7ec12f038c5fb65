SELECT
  `t0`.`id`,
  (
    TIMESTAMP '1970-01-01 00:00:00.000' + (
      (
        `t0`.`customer_id` * -1000001 - MOD((
          MOD((
            `t0`.`customer_id` * -1000001
          ), 1000) + 1000
        ), 1000)
      ) / 1000
    ) * INTERVAL '0.001' SECOND
  ) AS `at`
FROM `shop`.`orders` AS `t0`
