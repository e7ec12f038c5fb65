SELECT
  `t3`.`name`
FROM (
  SELECT
    *
  FROM `shop`.`customers` AS `t0`
  WHERE
    EXISTS(
      SELECT
        1
      FROM `shop`.`orders` AS `t1`
      WHERE
        `t1`.`customer_id` = `t0`.`id`
    )
) AS `t3`
