SELECT
  `t0`.`id`,
  CAST(CAST(EXTRACT(HOUR FROM `t0`.`ship_time`) AS VARCHAR) || ':00:00' AS TIME(3)) AS `hour`,
  CAST(CAST(EXTRACT(HOUR FROM `t0`.`ship_time`) AS VARCHAR) || ':' || CAST(EXTRACT(MINUTE FROM `t0`.`ship_time`) AS VARCHAR) || ':00' AS TIME(3)) AS `minute`
FROM `shop`.`orders` AS `t0`
