SELECT
  `t0`.`id`,
  ROW_NUMBER() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `row`,
  RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `rank`,
  DENSE_RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS `dense`,
  CASE
    WHEN COUNT(*) OVER (PARTITION BY `t0`.`status`) > 1
    THEN CAST(RANK() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - 1 AS DOUBLE) / (
      COUNT(*) OVER (PARTITION BY `t0`.`status`) - 1
    )
    ELSE 0.0E0
  END AS `percent`,
  CAST(COUNT(*) OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) AS DOUBLE) / COUNT(*) OVER (PARTITION BY `t0`.`status`) AS `cumulative`,
  CAST(CASE
    WHEN ROW_NUMBER() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) <= (
      MOD(COUNT(*) OVER (PARTITION BY `t0`.`status`), 2) * (
        FLOOR(CAST(COUNT(*) OVER (PARTITION BY `t0`.`status`) AS DOUBLE) / 2) + 1
      )
    )
    THEN FLOOR(
      (
        ROW_NUMBER() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) + FLOOR(CAST(COUNT(*) OVER (PARTITION BY `t0`.`status`) AS DOUBLE) / 2)
      ) / (
        FLOOR(CAST(COUNT(*) OVER (PARTITION BY `t0`.`status`) AS DOUBLE) / 2) + 1
      )
    )
    ELSE FLOOR(
      (
        ROW_NUMBER() OVER (PARTITION BY `t0`.`status` ORDER BY `t0`.`amount` ASC NULLS LAST) - MOD(COUNT(*) OVER (PARTITION BY `t0`.`status`), 2) + FLOOR(CAST(COUNT(*) OVER (PARTITION BY `t0`.`status`) AS DOUBLE) / 2) - 1
      ) / FLOOR(CAST(COUNT(*) OVER (PARTITION BY `t0`.`status`) AS DOUBLE) / 2)
    )
  END AS BIGINT) - 1 AS `tile`
FROM `shop`.`orders` AS `t0`
