SELECT
  `t2`.`name`,
  `t3`.`region`
FROM `shop`.`customers` AS `t2`
INNER JOIN (
  SELECT
    CAST(`city` AS VARCHAR) AS `city`,
    CAST(`region` AS VARCHAR) AS `region`
  FROM (VALUES
    (CAST('Basel' AS VARCHAR), CAST('north' AS VARCHAR)),
    (CAST('Bern' AS VARCHAR), CAST('centre' AS VARCHAR)),
    (CAST(NULL AS VARCHAR), CAST('none' AS VARCHAR))) AS `_values`(`city`, `region`)
) AS `t3`
  ON `t2`.`city` = `t3`.`city`
