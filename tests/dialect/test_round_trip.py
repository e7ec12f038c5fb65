"""Calcite SQL in the dialect's canonical form reads back and prints unchanged."""

from __future__ import annotations

import pytest
import sqlglot

import ibis_mill.dialect  # noqa: F401  (registers the "mill" dialect)

CANONICAL = [
    "SELECT `a`, `b` AS `c` FROM `s`.`t` AS `x` WHERE `a` > 1 AND `b` IS NOT NULL",
    "SELECT `a` FROM `t` WHERE `a` IN (1, 2) OR `a` BETWEEN 5 AND 9 OR `s` LIKE 'a%'",
    "SELECT `t`.`a`, `u`.`b` FROM `t` INNER JOIN `u` ON `t`.`k` = `u`.`k`",
    "SELECT `t`.`a` FROM `t` LEFT OUTER JOIN `u` ON `t`.`k` = `u`.`k` CROSS JOIN `v`",
    "SELECT `t`.`a` FROM `t` FULL OUTER JOIN `u` USING (`k`)",
    "SELECT `g`, COUNT(*) AS `n`, SUM(`x`) AS `s` FROM `t` GROUP BY `g` HAVING COUNT(*) > 1",
    "SELECT COUNT(DISTINCT `a`) AS `n`, APPROX_COUNT_DISTINCT(`b`) AS `m` FROM `t`",
    "SELECT `a` FROM `t` ORDER BY `a` DESC NULLS LAST, `b` NULLS FIRST LIMIT 10 OFFSET 5",
    "SELECT ROW_NUMBER() OVER (PARTITION BY `g` ORDER BY `x` NULLS LAST) AS `r` FROM `t`",
    "SELECT SUM(`x`) OVER (ORDER BY `x` NULLS LAST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `m`"
    " FROM `t`",
    "SELECT LAG(`x`, 1, 0) OVER (ORDER BY `k` NULLS LAST) AS `p` FROM `t`",
    "WITH `c` AS (SELECT 1 AS `x`) SELECT `x` FROM `c` UNION ALL SELECT `x` FROM `c`",
    "SELECT `x` FROM `t` INTERSECT SELECT `x` FROM `u` EXCEPT SELECT `x` FROM `v`",
    "SELECT `a` FROM `t` WHERE EXISTS(SELECT 1 FROM `u` WHERE `u`.`k` = `t`.`k`)",
    "SELECT `a` FROM `t` WHERE `a` > (SELECT AVG(`a`) FROM `t`)",
    "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS `v`(`x`, `y`)",
    "SELECT CASE WHEN `a` > 1 THEN CAST('x' AS VARCHAR) ELSE 'y' END AS `c` FROM `t`",
    "SELECT CASE `a` WHEN 1 THEN 'one' END AS `c`, COALESCE(`b`, 0) AS `d`, NULLIF(`b`, 0) AS `e`",
    "SELECT CAST(`a` AS DECIMAL(10, 2)), CAST(`b` AS TIMESTAMP(3)), CAST(`c` AS VARCHAR)",
    "SELECT CAST(`ts` AS TIMESTAMP(3) WITH LOCAL TIME ZONE), CAST(NULL AS BOOLEAN)",
    "SELECT DATE '2024-01-02', TIME '03:04:05.123', TIMESTAMP '2024-01-02 03:04:05.123'",
    "SELECT X'0AFF', 'it''s', TRUE, FALSE, 1.5E0, 1.5, -3",
    "SELECT INTERVAL '3' DAY, INTERVAL '100' DAY(3), INTERVAL '-1' MONTH, INTERVAL '0.5' SECOND",
    "SELECT MOD(`a`, 2), `a` <> `b`, `s` || `t`, CHAR_LENGTH(`s`), POWER(`x`, 0.5)",
    "SELECT SUBSTRING(`s` FROM 2 FOR 3), SUBSTRING(`s` FROM 2), POSITION('a' IN `s`)",
    "SELECT TRIM(BOTH 'x' FROM `s`), TRIM(LEADING ' ' FROM `s`), TRIM(`s`), UPPER(`s`)",
    "SELECT EXTRACT(YEAR FROM `d`), EXTRACT(DOW FROM `d`), EXTRACT(DOY FROM `d`)",
    "SELECT EXTRACT(ISODOW FROM `d`), EXTRACT(WEEK FROM `d`), EXTRACT(QUARTER FROM `d`)",
    "SELECT (EXTRACT(DOW FROM `d`) - 1), EXTRACT(MILLISECOND FROM `ts`)",
    "SELECT FLOOR(`ts` TO DAY), FLOOR(`ts` TO WEEK), CEIL(`ts` TO MONTH), CEIL(`ts` TO WEEK)",
    "SELECT (FLOOR(`ts` - INTERVAL '1' DAY TO WEEK) + INTERVAL '1' DAY)",
    "SELECT TIMESTAMPADD(DAY, 3, `ts`), TIMESTAMPADD(MONTH, -(`n`), `d`)",
    "SELECT TIMESTAMPDIFF(MONTH, `a`, `b`), TIMESTAMPDIFF(DAY, DATE '2024-01-01', `d`)",
    "SELECT CURRENT_DATE, CURRENT_TIMESTAMP",
    "SELECT `a` FROM `t` WHERE `a` IS NOT NULL AND `b` IS NULL AND `c` IS DISTINCT FROM `d`",
    "SELECT CASE WHEN `a` IS NULL OR `b` > `a` THEN `b` ELSE `a` END AS `g` FROM `t`",
    "SELECT `a` FROM `t` FETCH FIRST 3 ROWS ONLY",
]


@pytest.mark.parametrize("sql", CANONICAL)
def test_canonical_sql_round_trips(sql):
    expected = sql.replace(" FETCH FIRST 3 ROWS ONLY", " LIMIT 3")
    assert sqlglot.parse_one(sql, read="mill").sql(dialect="mill") == expected


@pytest.mark.parametrize("sql", CANONICAL)
def test_pretty_sql_round_trips(sql):
    pretty = sqlglot.parse_one(sql, read="mill").sql(dialect="mill", pretty=True)
    assert sqlglot.parse_one(pretty, read="mill").sql(dialect="mill", pretty=True) == pretty
