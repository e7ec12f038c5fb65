WITH `t1` AS (
  SELECT
    *
  FROM `shop`.`orders` AS `t0`
  ORDER BY
    `t0`.`id` ASC NULLS LAST
), `t4` AS (
  SELECT
    `t2`.`id`,
    `t2`.`customer_id`,
    `t2`.`status`,
    `t2`.`amount`,
    `t2`.`quantity`,
    `t2`.`paid`,
    `t2`.`order_date`,
    `t2`.`created_at`,
    `t2`.`ship_time`,
    `t2`.`price`,
    ROW_NUMBER() OVER (ORDER BY `t2`.`id` ASC NULLS LAST) - 1 AS `_row`
  FROM `t1` AS `t2`
)
SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t5`.`id`,
      `t5`.`status`
    FROM `t4` AS `t5`
    WHERE
      `t5`.`_row` >= (
        SELECT
          COUNT(*) + -2 AS `bound`
        FROM `t1` AS `t2`
      )
      AND `t5`.`_row` < (
        (
          SELECT
            COUNT(*) + -2 AS `bound`
          FROM `t1` AS `t2`
        ) + 2
      )
    ORDER BY
      `t5`.`id` ASC NULLS LAST
  ) AS `t6`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t5`.`id`,
      `t5`.`status`
    FROM `t4` AS `t5`
    WHERE
      `t5`.`_row` >= 1
      AND `t5`.`_row` < (
        1 + (
          SELECT
            COUNT(*) + -2 AS `bound`
          FROM `t1` AS `t2`
        )
      )
    ORDER BY
      `t5`.`id` ASC NULLS LAST
  ) AS `t7`
) AS `t8`
ORDER BY
  `t8`.`id` ASC NULLS LAST
