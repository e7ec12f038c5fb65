SELECT
  *
FROM (
  SELECT DISTINCT
    `t0`.`status`,
    `t0`.`paid`
  FROM `shop`.`orders` AS `t0`
) AS `t1`
ORDER BY
  `t1`.`status` ASC NULLS LAST,
  `t1`.`paid` ASC NULLS LAST
