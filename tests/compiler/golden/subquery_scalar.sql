SELECT
  `t0`.`id`
FROM `shop`.`orders` AS `t0`
WHERE
  `t0`.`amount` > (
    SELECT
      AVG(`t0`.`amount`) AS `Mean(amount)`
    FROM `shop`.`orders` AS `t0`
  )
