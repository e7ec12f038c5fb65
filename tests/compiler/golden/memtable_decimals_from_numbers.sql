SELECT
  CAST(`price` AS DECIMAL(5, 2)) AS `price`
FROM (VALUES
  (1.0),
  (0.1),
  (2.25)) AS `_values`(`price`)
