SELECT
  COUNT(
    CASE
      WHEN `t0`.`status` = 'open'
      THEN CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END
    END
  ) AS `known`,
  COUNT(
    DISTINCT CASE
      WHEN `t0`.`status` = 'open'
      THEN CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END
    END
  ) AS `kinds`
FROM `shop`.`orders` AS `t0`
