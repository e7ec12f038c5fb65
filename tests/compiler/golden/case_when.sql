SELECT
  `t0`.`id`,
  CASE
    WHEN `t0`.`amount` > 50
    THEN CAST('large' AS VARCHAR)
    WHEN `t0`.`amount` > 10
    THEN CAST('medium' AS VARCHAR)
    ELSE CAST('small' AS VARCHAR)
  END AS `size`,
  CASE WHEN `t0`.`paid` THEN CAST('paid' AS VARCHAR) ELSE CAST('due' AS VARCHAR) END AS `flag`,
  CASE `t0`.`status` WHEN 'open' THEN 1 WHEN 'shipped' THEN 2 ELSE 0 END AS `code`,
  CASE WHEN `t0`.`amount` > 50 THEN `t0`.`status` ELSE NULL END AS `maybe`
FROM `shop`.`orders` AS `t0`
