SELECT
  `t2`.`amount`,
  `t3`.`name`
FROM `shop`.`orders` AS `t2`
RIGHT OUTER JOIN `shop`.`customers` AS `t3`
  ON `t2`.`customer_id` = `t3`.`id`
