SELECT
  `t0`.`id`,
  `t0`.`status` || '-' || CAST(`t0`.`id` AS VARCHAR) AS `label`,
  SUBSTRING(COALESCE(', ' || `t0`.`status`, '') || COALESCE(', ' || CAST(`t0`.`order_date` AS VARCHAR), '') FROM CHAR_LENGTH(', ') + 1) AS `joined`,
  SUBSTRING(`t0`.`status` FROM 1 FOR CHAR_LENGTH(SUBSTRING(`t0`.`status` FROM 1 FOR 1))) = SUBSTRING(`t0`.`status` FROM 1 FOR 1) AS `prefix_match`,
  SUBSTRING(`t0`.`status` FROM CHAR_LENGTH(`t0`.`status`) - CHAR_LENGTH(
    CASE
      WHEN 1 >= CHAR_LENGTH(`t0`.`status`)
      THEN `t0`.`status`
      ELSE SUBSTRING(`t0`.`status` FROM CHAR_LENGTH(`t0`.`status`) - 1 + 1)
    END
  ) + 1) = CASE
    WHEN 1 >= CHAR_LENGTH(`t0`.`status`)
    THEN `t0`.`status`
    ELSE SUBSTRING(`t0`.`status` FROM CHAR_LENGTH(`t0`.`status`) - 1 + 1)
  END AS `suffix_match`
FROM `shop`.`orders` AS `t0`
