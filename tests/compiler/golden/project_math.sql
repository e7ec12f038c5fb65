SELECT
  `t0`.`id`,
  POWER(`t0`.`amount`, 0.5) AS `root`,
  LN(`t0`.`amount`) AS `natural`,
  LOG10(`t0`.`amount`) AS `log10`,
  LN(`t0`.`amount`) / LN(2) AS `log2`,
  LN(`t0`.`amount`) / LN(3) AS `log3`,
  EXP(`t0`.`amount` / 100) AS `exp`,
  CAST(ROUND(`t0`.`amount`, 0) AS BIGINT) AS `rounded`,
  CAST(ROUND(`t0`.`amount`, 2) AS DOUBLE) AS `rounded2`,
  CAST(CEIL(`t0`.`amount`) AS BIGINT) AS `ceil`,
  CAST(FLOOR(`t0`.`amount`) AS BIGINT) AS `floor`,
  SIGN(`t0`.`amount`) AS `sign`,
  ABS(`t0`.`amount`) AS `absolute`,
  SIN(`t0`.`amount`) AS `sine`,
  ACOS(`t0`.`amount` / 1000) AS `arc`,
  ATAN2(`t0`.`amount`, `t0`.`quantity`) AS `arc2`,
  COS(`t0`.`amount`) / SIN(`t0`.`amount`) AS `cot`,
  `t0`.`amount` * 5.729577951308232E1 AS `degrees`,
  `t0`.`amount` * 1.7453292519943295E-2 AS `radians`,
  3.141592653589793E0 AS `pi`,
  EXP(1) AS `e`,
  CASE
    WHEN `t0`.`amount` > 50
    THEN 50
    WHEN `t0`.`amount` < 5
    THEN 5
    ELSE `t0`.`amount`
  END AS `clipped`,
  CASE
    WHEN `t0`.`quantity` > CASE WHEN `t0`.`amount` > 10 THEN `t0`.`amount` ELSE 10 END
    THEN `t0`.`quantity`
    ELSE CASE WHEN `t0`.`amount` > 10 THEN `t0`.`amount` ELSE 10 END
  END AS `greatest`,
  CASE
    WHEN `t0`.`status` < CAST('m' AS VARCHAR)
    THEN `t0`.`status`
    ELSE CAST('m' AS VARCHAR)
  END AS `least`,
  ABS(`t0`.`amount`) = CAST('Infinity' AS DOUBLE) AS `infinite`,
  (
    `t0`.`amount` - `t0`.`amount`
  ) <> 0
  AND NOT ABS(`t0`.`amount`) = CAST('Infinity' AS DOUBLE) AS `nan`
FROM `shop`.`orders` AS `t0`
