SELECT
  `t2`.`id`,
  `t3`.`name`
FROM `shop`.`orders` AS `t2`
INNER JOIN `shop`.`customers` AS `t3`
  ON `t2`.`customer_id` = `t3`.`id`
