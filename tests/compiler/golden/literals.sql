SELECT
  `t0`.`id`,
  DATE '2024-03-01' AS `day`,
  TIMESTAMP '2024-03-01 13:45:00.123' AS `instant`,
  TIME '13:45:00.000' AS `clock`,
  CAST(X'0AFF' AS VARBINARY) AS `blob`,
  12.5 AS `exact`,
  1.5E0 AS `approx`,
  CAST('it''s' AS VARCHAR) AS `quoted`,
  TRUE AS `yes`,
  CAST(NULL AS VARCHAR) AS `nothing`,
  CAST('NaN' AS DOUBLE) AS `not_a_number`,
  CAST('Infinity' AS DOUBLE) AS `infinity`
FROM `shop`.`orders` AS `t0`
