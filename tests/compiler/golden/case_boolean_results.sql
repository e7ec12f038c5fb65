SELECT
  `t0`.`id`,
  CASE
    WHEN `t0`.`status` = 'open'
    THEN CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END
    ELSE NULL
  END = 1 AS `paid_if_open`,
  CASE
    WHEN `t0`.`quantity` > 2
    THEN CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END
    ELSE CASE WHEN NOT (
      `t0`.`paid`
    ) THEN 1 WHEN NOT NOT (
      `t0`.`paid`
    ) THEN 0 END
  END = 1 AS `paid_or_due`,
  CASE `t0`.`status`
    WHEN 'open'
    THEN CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END
    WHEN 'shipped'
    THEN 1
    ELSE 0
  END = 1 AS `paid_by_status`,
  NULLIF(CASE WHEN `t0`.`paid` THEN 1 WHEN NOT `t0`.`paid` THEN 0 END, 0) = 1 AS `unpaid_as_null`
FROM `shop`.`orders` AS `t0`
