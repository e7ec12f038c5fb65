SELECT
  `t0`.`a`,
  9 AS `i`,
  CAST('foo' AS VARCHAR) AS `s`
FROM `test` AS `t0`
ORDER BY
  `t0`.`a` ASC NULLS LAST