SELECT
  `t0`.`id`
FROM `shop`.`orders` AS `t0`
WHERE
  `t0`.`status` IN ('open', 'shipped')
  AND `t0`.`amount` BETWEEN 1 AND 100
  AND `t0`.`customer_id` IS NOT NULL
  AND NOT (
    `t0`.`paid`
  )
