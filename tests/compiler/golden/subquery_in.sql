SELECT
  `t3`.`name`
FROM (
  SELECT
    *
  FROM `shop`.`customers` AS `t0`
  WHERE
    `t0`.`id` IN (
      SELECT
        `t1`.`customer_id`
      FROM `shop`.`orders` AS `t1`
      WHERE
        `t1`.`paid`
    )
) AS `t3`
