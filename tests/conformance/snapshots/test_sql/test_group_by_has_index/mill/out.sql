SELECT
  CASE `t0`.`continent`
    WHEN 'NA'
    THEN CAST('North America' AS VARCHAR)
    WHEN 'SA'
    THEN CAST('South America' AS VARCHAR)
    WHEN 'EU'
    THEN CAST('Europe' AS VARCHAR)
    WHEN 'AF'
    THEN CAST('Africa' AS VARCHAR)
    WHEN 'AS'
    THEN CAST('Asia' AS VARCHAR)
    WHEN 'OC'
    THEN CAST('Oceania' AS VARCHAR)
    WHEN 'AN'
    THEN CAST('Antarctica' AS VARCHAR)
    ELSE CAST('Unknown continent' AS VARCHAR)
  END AS `cont`,
  SUM(`t0`.`population`) AS `total_pop`
FROM `countries` AS `t0`
GROUP BY
  CASE `t0`.`continent`
    WHEN 'NA'
    THEN CAST('North America' AS VARCHAR)
    WHEN 'SA'
    THEN CAST('South America' AS VARCHAR)
    WHEN 'EU'
    THEN CAST('Europe' AS VARCHAR)
    WHEN 'AF'
    THEN CAST('Africa' AS VARCHAR)
    WHEN 'AS'
    THEN CAST('Asia' AS VARCHAR)
    WHEN 'OC'
    THEN CAST('Oceania' AS VARCHAR)
    WHEN 'AN'
    THEN CAST('Antarctica' AS VARCHAR)
    ELSE CAST('Unknown continent' AS VARCHAR)
  END