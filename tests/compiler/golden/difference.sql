SELECT
  *
FROM (
  SELECT
    `t0`.`id` AS `key`
  FROM `shop`.`customers` AS `t0`
) AS `t2`
EXCEPT
SELECT
  *
FROM (
  SELECT
    `t1`.`customer_id` AS `key`
  FROM `shop`.`orders` AS `t1`
) AS `t3`
