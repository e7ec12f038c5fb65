SELECT
  `t1`.`status`,
  MIN(`t1`.`_first`) AS `first_amount`,
  MIN(`t1`.`_last`) AS `last_paid_amount`,
  MIN(`t1`.`_argmin`) AS `cheapest`,
  MIN(`t1`.`_argmax`) AS `dearest`
FROM (
  SELECT
    `t0`.`id`,
    `t0`.`customer_id`,
    `t0`.`status`,
    `t0`.`amount`,
    `t0`.`quantity`,
    `t0`.`paid`,
    `t0`.`order_date`,
    `t0`.`created_at`,
    `t0`.`ship_time`,
    `t0`.`price`,
    FIRST_VALUE(
      CASE WHEN `t0`.`amount` IS NOT NULL THEN `t0`.`amount` ELSE CAST(NULL AS DOUBLE) END
    ) OVER (
      PARTITION BY `t0`.`status`
      ORDER BY CASE WHEN `t0`.`amount` IS NOT NULL THEN 0 ELSE 1 END ASC NULLS LAST, `t0`.`id` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_first`,
    FIRST_VALUE(
      CASE
        WHEN `t0`.`paid` AND (
          `t0`.`amount` IS NOT NULL
        )
        THEN `t0`.`amount`
        ELSE CAST(NULL AS DOUBLE)
      END
    ) OVER (
      PARTITION BY `t0`.`status`
      ORDER BY CASE WHEN `t0`.`paid` AND (
        `t0`.`amount` IS NOT NULL
      ) THEN 0 ELSE 1 END ASC NULLS LAST, `t0`.`id` DESC NULLS FIRST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_last`,
    FIRST_VALUE(
      CASE
        WHEN (
          `t0`.`amount` IS NOT NULL
        ) AND (
          `t0`.`amount` IS NOT NULL
        )
        THEN `t0`.`id`
        ELSE CAST(NULL AS BIGINT)
      END
    ) OVER (
      PARTITION BY `t0`.`status`
      ORDER BY CASE
        WHEN (
          `t0`.`amount` IS NOT NULL
        ) AND (
          `t0`.`amount` IS NOT NULL
        )
        THEN 0
        ELSE 1
      END ASC NULLS LAST, `t0`.`amount` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_argmin`,
    FIRST_VALUE(
      CASE
        WHEN (
          `t0`.`amount` IS NOT NULL
        ) AND (
          `t0`.`amount` IS NOT NULL
        )
        THEN `t0`.`id`
        ELSE CAST(NULL AS BIGINT)
      END
    ) OVER (
      PARTITION BY `t0`.`status`
      ORDER BY CASE
        WHEN (
          `t0`.`amount` IS NOT NULL
        ) AND (
          `t0`.`amount` IS NOT NULL
        )
        THEN 0
        ELSE 1
      END ASC NULLS LAST, `t0`.`amount` DESC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_argmax`
  FROM `shop`.`orders` AS `t0`
) AS `t1`
GROUP BY
  `t1`.`status`
