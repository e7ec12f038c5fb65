SELECT
  `t0`.`id`,
  `t0`.`customer_id`,
  COALESCE(`t0`.`status`, CAST('none' AS VARCHAR)) AS `status`,
  `t0`.`amount`,
  `t0`.`quantity`,
  `t0`.`paid`,
  `t0`.`order_date`,
  `t0`.`created_at`,
  `t0`.`ship_time`,
  `t0`.`price`
FROM `shop`.`orders` AS `t0`
WHERE
  (
    `t0`.`customer_id` IS NOT NULL
  ) AND (
    `t0`.`amount` IS NOT NULL
  )
