SELECT
  `t0`.`id`,
  `t0`.`amount` * 2 AS `doubled`,
  CAST(`t0`.`quantity` AS DOUBLE) / 2 AS `ratio`,
  CAST(FLOOR(CAST(`t0`.`quantity` AS DOUBLE) / 2) AS BIGINT) AS `halves`,
  MOD(`t0`.`quantity`, 3) AS `rest`,
  -(
    `t0`.`amount`
  ) AS `negated`,
  POWER(`t0`.`amount`, 2) AS `squared`,
  `t0`.`price` * `t0`.`quantity` AS `total`
FROM `shop`.`orders` AS `t0`
