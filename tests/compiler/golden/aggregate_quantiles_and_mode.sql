SELECT
  `t2`.`paid`,
  MIN(
    CASE
      WHEN `t2`.`_rank` = CAST(FLOOR((
        `t2`.`_count` - 1
      ) * 0.5E0) AS BIGINT)
      THEN `t2`.`amount`
      ELSE CAST(NULL AS DOUBLE)
    END
  ) + (
    MIN(
      (
        (
          `t2`.`_count` - 1
        ) * 0.5E0
      ) - CAST(FLOOR((
        `t2`.`_count` - 1
      ) * 0.5E0) AS BIGINT)
    ) * (
      MIN(
        CASE
          WHEN `t2`.`_rank` = CAST(CEIL((
            `t2`.`_count` - 1
          ) * 0.5E0) AS BIGINT)
          THEN `t2`.`amount`
          ELSE CAST(NULL AS DOUBLE)
        END
      ) - MIN(
        CASE
          WHEN `t2`.`_rank` = CAST(FLOOR((
            `t2`.`_count` - 1
          ) * 0.5E0) AS BIGINT)
          THEN `t2`.`amount`
          ELSE CAST(NULL AS DOUBLE)
        END
      )
    )
  ) AS `median`,
  MIN(
    CASE
      WHEN `t2`.`_rank_1` = CAST(FLOOR((
        `t2`.`_count_1` - 1
      ) * 0.75E0) AS BIGINT)
      THEN `t2`.`quantity`
      ELSE CAST(NULL AS INTEGER)
    END
  ) + (
    MIN(
      (
        (
          `t2`.`_count_1` - 1
        ) * 0.75E0
      ) - CAST(FLOOR((
        `t2`.`_count_1` - 1
      ) * 0.75E0) AS BIGINT)
    ) * (
      MIN(
        CASE
          WHEN `t2`.`_rank_1` = CAST(CEIL((
            `t2`.`_count_1` - 1
          ) * 0.75E0) AS BIGINT)
          THEN `t2`.`quantity`
          ELSE CAST(NULL AS INTEGER)
        END
      ) - MIN(
        CASE
          WHEN `t2`.`_rank_1` = CAST(FLOOR((
            `t2`.`_count_1` - 1
          ) * 0.75E0) AS BIGINT)
          THEN `t2`.`quantity`
          ELSE CAST(NULL AS INTEGER)
        END
      )
    )
  ) AS `upper_quartile`,
  MIN(
    CASE
      WHEN `t2`.`_rank_2` = CASE
        WHEN (
          CAST(CEIL(`t2`.`_count_2` * 0.5E0) AS BIGINT) - 1
        ) < 0
        THEN 0
        ELSE CAST(CEIL(`t2`.`_count_2` * 0.5E0) AS BIGINT) - 1
      END
      THEN `t2`.`order_date`
      ELSE CAST(NULL AS DATE)
    END
  ) AS `middle_day`,
  MIN(`t2`.`_mode`) AS `usual_status`
FROM (
  SELECT
    `t1`.`id`,
    `t1`.`customer_id`,
    `t1`.`status`,
    `t1`.`amount`,
    `t1`.`quantity`,
    `t1`.`paid`,
    `t1`.`order_date`,
    `t1`.`created_at`,
    `t1`.`ship_time`,
    `t1`.`price`,
    `t1`.`_rank`,
    `t1`.`_count`,
    `t1`.`_rank_1`,
    `t1`.`_count_1`,
    `t1`.`_rank_2`,
    `t1`.`_count_2`,
    `t1`.`_frequency`,
    FIRST_VALUE(
      CASE
        WHEN `t1`.`status` IS NOT NULL
        THEN `t1`.`status`
        ELSE CAST(NULL AS VARCHAR)
      END
    ) OVER (
      PARTITION BY `t1`.`paid`
      ORDER BY CASE WHEN `t1`.`status` IS NOT NULL THEN 0 ELSE 1 END ASC NULLS LAST, `t1`.`_frequency` DESC NULLS LAST, `t1`.`status` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_mode`
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
      ROW_NUMBER() OVER (
        PARTITION BY `t0`.`paid`
        ORDER BY CASE WHEN `t0`.`amount` IS NOT NULL THEN 0 ELSE 1 END ASC NULLS LAST, `t0`.`amount` ASC NULLS LAST
      ) - 1 AS `_rank`,
      COUNT(
        CASE WHEN `t0`.`amount` IS NOT NULL THEN `t0`.`amount` ELSE CAST(NULL AS DOUBLE) END
      ) OVER (PARTITION BY `t0`.`paid` ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `_count`,
      ROW_NUMBER() OVER (
        PARTITION BY `t0`.`paid`
        ORDER BY CASE
          WHEN (
            `t0`.`status` IS NOT NULL
          ) AND (
            `t0`.`quantity` IS NOT NULL
          )
          THEN 0
          ELSE 1
        END ASC NULLS LAST, `t0`.`quantity` ASC NULLS LAST
      ) - 1 AS `_rank_1`,
      COUNT(
        CASE
          WHEN (
            `t0`.`status` IS NOT NULL
          ) AND (
            `t0`.`quantity` IS NOT NULL
          )
          THEN `t0`.`quantity`
          ELSE CAST(NULL AS INTEGER)
        END
      ) OVER (PARTITION BY `t0`.`paid` ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `_count_1`,
      ROW_NUMBER() OVER (
        PARTITION BY `t0`.`paid`
        ORDER BY CASE WHEN `t0`.`order_date` IS NOT NULL THEN 0 ELSE 1 END ASC NULLS LAST, `t0`.`order_date` ASC NULLS LAST
      ) - 1 AS `_rank_2`,
      COUNT(
        CASE
          WHEN `t0`.`order_date` IS NOT NULL
          THEN `t0`.`order_date`
          ELSE CAST(NULL AS DATE)
        END
      ) OVER (PARTITION BY `t0`.`paid` ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `_count_2`,
      COUNT(
        CASE
          WHEN `t0`.`status` IS NOT NULL
          THEN `t0`.`status`
          ELSE CAST(NULL AS VARCHAR)
        END
      ) OVER (
        PARTITION BY `t0`.`paid`, `t0`.`status`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS `_frequency`
    FROM `shop`.`orders` AS `t0`
  ) AS `t1`
) AS `t2`
GROUP BY
  `t2`.`paid`
