SELECT
  `t1`.`id` AS `later`,
  `t2`.`id` AS `earlier`
FROM `shop`.`orders` AS `t1`
INNER JOIN `shop`.`orders` AS `t2`
  ON `t1`.`customer_id` = `t2`.`customer_id` AND `t1`.`id` > `t2`.`id`
