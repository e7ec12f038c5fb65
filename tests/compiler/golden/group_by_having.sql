SELECT
  *
FROM (
  SELECT
    `t0`.`status`,
    COUNT(*) AS `n`,
    SUM(`t0`.`amount`) AS `total`
  FROM `shop`.`orders` AS `t0`
  GROUP BY
    `t0`.`status`
) AS `t1`
WHERE
  `t1`.`n` > 1
ORDER BY
  `t1`.`n` DESC NULLS LAST,
  `t1`.`status` ASC NULLS LAST
