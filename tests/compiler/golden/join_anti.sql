SELECT
  `t2`.`name`
FROM `shop`.`customers` AS `t2`
WHERE
  NOT EXISTS(
    SELECT
      1
    FROM `shop`.`orders` AS `t3`
    WHERE
      `t2`.`id` = `t3`.`customer_id`
  )
