SELECT
  `t0`.`id`,
  `t0`.`amount`,
  `t0`.`status`
FROM `shop`.`orders` AS `t0`
ORDER BY
  `t0`.`amount` DESC NULLS LAST,
  `t0`.`status` ASC NULLS FIRST,
  `t0`.`id` ASC NULLS LAST
