SELECT
  `t0`.`id`,
  CHAR_LENGTH(`t0`.`status`) AS `length`,
  UPPER(`t0`.`status`) AS `upper`,
  LOWER(`t0`.`status`) AS `lower`,
  SUBSTRING(`t0`.`status` FROM 1 FOR 2) AS `head`,
  SUBSTRING(`t0`.`status` FROM CHAR_LENGTH(`t0`.`status`) - 2) AS `tail`,
  SUBSTRING(`t0`.`status` FROM 2 FOR 2) AS `middle`,
  REPLACE(`t0`.`status`, 'o', '0') AS `replaced`,
  CASE
    WHEN 2 >= CHAR_LENGTH(`t0`.`status`)
    THEN `t0`.`status`
    ELSE SUBSTRING(`t0`.`status` FROM CHAR_LENGTH(`t0`.`status`) - 2 + 1)
  END AS `right`,
  UPPER(SUBSTRING(`t0`.`status` FROM 1 FOR 1)) || LOWER(SUBSTRING(`t0`.`status` FROM 2 FOR CHAR_LENGTH(`t0`.`status`))) AS `capitalized`,
  CASE
    WHEN CHAR_LENGTH(`t0`.`status`) >= 8
    THEN `t0`.`status`
    ELSE SUBSTRING('********' FROM 1 FOR 8 - CHAR_LENGTH(`t0`.`status`)) || `t0`.`status`
  END AS `padded_left`,
  CASE
    WHEN CHAR_LENGTH(`t0`.`status`) >= 8
    THEN `t0`.`status`
    ELSE `t0`.`status` || SUBSTRING('        ' FROM 1 FOR 8 - CHAR_LENGTH(`t0`.`status`))
  END AS `padded_right`,
  `t0`.`status` || `t0`.`status` AS `repeated`
FROM `shop`.`orders` AS `t0`
