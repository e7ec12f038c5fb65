SELECT
  `t0`.`id`,
  CAST(`t0`.`amount` AS BIGINT) AS `as_int`,
  CAST(`t0`.`quantity` AS VARCHAR) AS `as_text`,
  CAST(`t0`.`amount` AS REAL) AS `as_real`,
  CAST(`t0`.`amount` AS DECIMAL(12, 2)) AS `as_decimal`,
  CAST(`t0`.`quantity` AS DECIMAL(19, 9)) AS `wide_decimal`,
  CAST(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END AS INTEGER) AS `flag_number`,
  `t0`.`quantity` <> 0 AS `number_flag`,
  CAST(CAST(`t0`.`order_date` AS VARCHAR) AS DATE) AS `text_date`,
  CAST(`t0`.`created_at` AS DATE) AS `day`
FROM `shop`.`orders` AS `t0`
