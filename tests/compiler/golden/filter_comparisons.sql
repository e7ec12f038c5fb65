SELECT
  `t0`.`id`,
  `t0`.`status`
FROM `shop`.`orders` AS `t0`
WHERE
  `t0`.`amount` > 10.5E0
  AND `t0`.`status` = 'open'
  AND `t0`.`quantity` <> 3
  AND `t0`.`paid`
