SELECT
  *
FROM (
  SELECT
    `t0`.`customer_id` AS `key`
  FROM `shop`.`orders` AS `t0`
) AS `t2`
UNION ALL
SELECT
  *
FROM (
  SELECT
    `t1`.`id` AS `key`
  FROM `shop`.`customers` AS `t1`
) AS `t3`
