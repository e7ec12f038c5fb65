SELECT
  `t0`.`id`,
  COALESCE(`t0`.`status`, CAST('unknown' AS VARCHAR)) AS `status`,
  COALESCE(`t0`.`amount`, `t0`.`quantity`, 0) AS `first_known`,
  `t0`.`amount` IS NULL AS `missing`,
  `t0`.`amount` IS NOT NULL AS `present`,
  NULLIF(`t0`.`quantity`, 0) AS `zero_as_null`,
  CASE
    WHEN `t0`.`customer_id` IS NULL AND `t0`.`quantity` IS NULL
    THEN TRUE
    WHEN `t0`.`customer_id` IS NULL OR `t0`.`quantity` IS NULL
    THEN FALSE
    ELSE `t0`.`customer_id` = `t0`.`quantity`
  END AS `same`,
  (
    `t0`.`paid` OR `t0`.`amount` IS NULL
  )
  AND NOT (
    `t0`.`paid` AND `t0`.`amount` IS NULL
  ) AS `different`
FROM `shop`.`orders` AS `t0`
