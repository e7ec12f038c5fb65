"""SQL the ``mill`` dialect prints: Calcite syntax under DEFAULT conformance."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from ibis_mill.dialect import Calcite, Mill


def mill(sql: str, read: str = "duckdb") -> str:
    return sqlglot.transpile(sql, read=read, write="mill")[0]


def test_registered_names():
    assert sqlglot.Dialect.get_or_raise("mill") == Mill
    assert isinstance(sqlglot.Dialect.get_or_raise("calcite"), Calcite)
    assert sqlglot.transpile("SELECT 1 AS x", write="calcite") == ["SELECT 1 AS `x`"]


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        ("SELECT a, T.B AS c FROM s.t AS T", "SELECT `a`, `T`.`B` AS `c` FROM `s`.`t` AS `T`"),
        ('SELECT "we""ird", "x`y" FROM t', 'SELECT `we"ird`, `x``y` FROM `t`'),
        ("SELECT a % b, a != b, a <> b", "SELECT MOD(`a`, `b`), `a` <> `b`, `a` <> `b`"),
        (
            "SELECT a || b, CONCAT(a, b)",
            "SELECT `a` || `b`, COALESCE(`a`, '') || COALESCE(`b`, '')",
        ),
        ("SELECT LENGTH(s), OCTET_LENGTH(b)", "SELECT CHAR_LENGTH(`s`), OCTET_LENGTH(`b`)"),
        (
            "SELECT SUBSTRING(s, 2, 3), SUBSTRING(s, 2)",
            "SELECT SUBSTRING(`s` FROM 2 FOR 3), SUBSTRING(`s` FROM 2)",
        ),
        ("SELECT STRPOS(s, 'a')", "SELECT POSITION('a' IN `s`)"),
        (
            "SELECT TRIM(s), LTRIM(s), TRIM(s, 'x')",
            "SELECT TRIM(`s`), TRIM(LEADING FROM `s`), TRIM(BOTH 'x' FROM `s`)",
        ),
        ("SELECT 'it''s', 'a\\b'", "SELECT 'it''s', 'a\\b'"),
        ("SELECT TRUE, FALSE, NULL", "SELECT TRUE, FALSE, NULL"),
        ("SELECT CAST(NULL AS TEXT)", "SELECT CAST(NULL AS VARCHAR)"),
        (
            "SELECT x::FLOAT, x::DOUBLE, x::INT, x::TEXT, x::BLOB, x::TIMESTAMP, x::TIMESTAMPTZ",
            "SELECT CAST(`x` AS REAL), CAST(`x` AS DOUBLE), CAST(`x` AS INTEGER),"
            " CAST(`x` AS VARCHAR), CAST(`x` AS VARBINARY), CAST(`x` AS TIMESTAMP),"
            " CAST(`x` AS TIMESTAMP WITH LOCAL TIME ZONE)",
        ),
        ("SELECT IF(a, 1, 2)", "SELECT CASE WHEN `a` THEN 1 ELSE 2 END"),
        (
            "SELECT GREATEST(a, b), LEAST(a, 5)",
            "SELECT CASE WHEN `a` IS NULL OR `b` > `a` THEN `b` ELSE `a` END,"
            " CASE WHEN `a` < 5 THEN `a` ELSE 5 END",
        ),
        ("SELECT a IS NOT NULL, NOT a IS NULL", "SELECT `a` IS NOT NULL, `a` IS NOT NULL"),
        ("SELECT a / b", "SELECT CAST(`a` AS DOUBLE) / NULLIF(`b`, 0)"),
        ("SELECT CURRENT_DATE, CURRENT_TIMESTAMP", "SELECT CURRENT_DATE, CURRENT_TIMESTAMP"),
    ],
)
def test_operators_literals_and_types(duckdb, expected):
    assert mill(duckdb) == expected


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        ("SELECT DATE '2024-03-01'", "SELECT DATE '2024-03-01'"),
        ("SELECT CAST('2024-03-01' AS DATE)", "SELECT DATE '2024-03-01'"),
        ("SELECT CAST('2024-3-1' AS DATE)", "SELECT CAST('2024-3-1' AS DATE)"),
        ("SELECT CAST('13:45:00' AS TIME(3))", "SELECT TIME '13:45:00.000'"),
        (
            "SELECT CAST('2024-03-01 13:45:00.123456' AS TIMESTAMP(3))",
            "SELECT TIMESTAMP '2024-03-01 13:45:00.123'",
        ),
        (
            "SELECT CAST('2024-03-01 13:45:00' AS TIMESTAMP)",
            "SELECT TIMESTAMP '2024-03-01 13:45:00'",
        ),
        (
            "SELECT CAST('2024-03-01 13:45:00' AS TIMESTAMP(6))",
            "SELECT CAST('2024-03-01 13:45:00' AS TIMESTAMP(6))",
        ),
    ],
)
def test_typed_literals(duckdb, expected):
    assert mill(duckdb) == expected


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        ("SELECT INTERVAL 3 DAY", "SELECT INTERVAL '3' DAY"),
        ("SELECT INTERVAL '100 days'", "SELECT INTERVAL '100' DAY(3)"),
        ("SELECT INTERVAL 2 WEEKS", "SELECT INTERVAL '14' DAY"),
        ("SELECT INTERVAL 1 QUARTER", "SELECT INTERVAL '3' MONTH"),
        ("SELECT INTERVAL 250 MILLISECONDS", "SELECT INTERVAL '0.25' SECOND"),
        ("SELECT INTERVAL '-1' HOUR", "SELECT INTERVAL '-1' HOUR"),
        ("SELECT INTERVAL (n) DAY", "SELECT (`n`) * INTERVAL '1' DAY"),
        ("SELECT INTERVAL (n + 1) DAY", "SELECT (`n` + 1) * INTERVAL '1' DAY"),
    ],
)
def test_interval_literals(duckdb, expected):
    assert mill(duckdb) == expected


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        (
            "SELECT EXTRACT(YEAR FROM d), EXTRACT(DOY FROM d)",
            "SELECT EXTRACT(YEAR FROM `d`), EXTRACT(DOY FROM `d`)",
        ),
        (
            "SELECT EXTRACT(ISODOW FROM d), DAYOFWEEK(d)",
            "SELECT EXTRACT(ISODOW FROM `d`), (EXTRACT(DOW FROM `d`) - 1)",
        ),
        ("SELECT EXTRACT(DOW FROM d)", "SELECT (EXTRACT(DOW FROM `d`) - 1)"),
        ("SELECT DATE_TRUNC('month', ts)", "SELECT FLOOR(`ts` TO MONTH)"),
        (
            "SELECT DATE_TRUNC('week', ts)",
            "SELECT (FLOOR(`ts` - INTERVAL '1' DAY TO WEEK) + INTERVAL '1' DAY)",
        ),
        ("SELECT ts + INTERVAL 3 DAY", "SELECT `ts` + INTERVAL '3' DAY"),
        ("SELECT DATE_ADD(ts, INTERVAL 2 HOUR)", "SELECT TIMESTAMPADD(HOUR, 2, `ts`)"),
        ("SELECT DATE_SUB('hour', a, b)", "SELECT TIMESTAMPDIFF(HOUR, `a`, `b`)"),
        (
            "SELECT DATE_DIFF('day', a, b)",
            "SELECT TIMESTAMPDIFF(DAY, FLOOR(`a` TO DAY), FLOOR(`b` TO DAY))",
        ),
        ("SELECT DATE_DIFF('week', a, b)", "SELECT TIMESTAMPDIFF(WEEK, `a`, `b`)"),
    ],
)
def test_dates_and_times(duckdb, expected):
    assert mill(duckdb) == expected


def test_binary_literal():
    assert exp.HexString(this="0AFF").sql("mill") == "X'0AFF'"


def test_dates_and_times_built_in_sqlglot():
    ts = exp.column("ts")
    assert exp.TimestampAdd(
        this=ts, expression=exp.Literal.number(5), unit=exp.var("MILLISECOND")
    ).sql("mill") == ("(`ts` + INTERVAL '0.005' SECOND)")
    assert exp.TimestampSub(this=ts, expression=exp.column("n"), unit=exp.var("MILLISECOND")).sql(
        "mill"
    ) == ("(`ts` - (`n`) * INTERVAL '0.001' SECOND)")
    assert exp.TimestampSub(this=ts, expression=exp.column("n"), unit=exp.var("DAY")).sql(
        "mill"
    ) == ("TIMESTAMPADD(DAY, -(`n`), `ts`)")
    assert (
        exp.TimestampDiff(
            this=exp.column("b"), expression=exp.column("a"), unit=exp.var("MONTH")
        ).sql("mill")
        == "TIMESTAMPDIFF(MONTH, `a`, `b`)"
    )


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        ("SELECT a FROM t ORDER BY a", "SELECT `a` FROM `t` ORDER BY `a` NULLS LAST"),
        ("SELECT a FROM t ORDER BY a DESC", "SELECT `a` FROM `t` ORDER BY `a` DESC NULLS LAST"),
        (
            "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS FIRST",
            "SELECT `a` FROM `t` ORDER BY `a` NULLS FIRST, `b` DESC NULLS FIRST",
        ),
        ("SELECT a FROM t LIMIT 5 OFFSET 10", "SELECT `a` FROM `t` LIMIT 5 OFFSET 10"),
        ("SELECT a FROM t OFFSET 10", "SELECT `a` FROM `t` OFFSET 10"),
    ],
)
def test_ordering_and_paging(duckdb, expected):
    assert mill(duckdb) == expected


def test_fetch_first_becomes_limit():
    assert mill("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY", read="postgres") == (
        "SELECT `a` FROM `t` LIMIT 3 OFFSET 2"
    )


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        (
            "SELECT t.a FROM t SEMI JOIN u ON t.a = u.a",
            "SELECT `t`.`a` FROM `t` WHERE EXISTS(SELECT 1 FROM `u` WHERE `t`.`a` = `u`.`a`)",
        ),
        (
            "SELECT t.a FROM t ANTI JOIN u ON t.a = u.a",
            "SELECT `t`.`a` FROM `t` WHERE NOT EXISTS(SELECT 1 FROM `u` WHERE `t`.`a` = `u`.`a`)",
        ),
        (
            "SELECT a FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1",
            "SELECT `a` FROM (SELECT `a`, ROW_NUMBER() OVER (ORDER BY `a` NULLS LAST) AS `_w`"
            " FROM `t`) AS `_t` WHERE `_w` = 1",
        ),
    ],
)
def test_constructs_calcite_lacks_are_rewritten(duckdb, expected):
    assert mill(duckdb) == expected


def test_quoting_can_be_turned_off_explicitly():
    assert sqlglot.transpile("SELECT a FROM t", read="duckdb", write="mill", identify=False) == [
        "SELECT a FROM t"
    ]
