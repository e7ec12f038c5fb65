SELECT
  `t0`.`id`
FROM `shop`.`orders` AS `t0`
WHERE
  (
    `t0`.`status` LIKE 'o%'
    OR LOWER(`t0`.`status`) LIKE LOWER('SHIP%')
    OR `t0`.`status` LIKE '%nce%'
  )
  AND (
    `t0`.`status` LIKE 'o%' OR `t0`.`status` LIKE '%ed'
  )
