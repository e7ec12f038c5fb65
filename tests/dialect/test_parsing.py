"""How the ``mill`` dialect reads Calcite SQL: lexical rules and Calcite-only syntax."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from ibis_mill.dialect import TimestampDiffWholeUnits


def parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="mill")


def test_unquoted_identifiers_fold_to_upper_case_and_quoted_ones_keep_their_case():
    tree = parse("SELECT id, `Id`, t.x AS y FROM s.t AS t")
    assert sorted({i.name for i in tree.find_all(exp.Identifier)}) == [
        "ID",
        "Id",
        "S",
        "T",
        "X",
        "Y",
    ]
    assert all(i.quoted for i in tree.find_all(exp.Identifier))
    assert tree.sql("mill") == "SELECT `ID`, `Id`, `T`.`X` AS `Y` FROM `S`.`T` AS `T`"


def test_doubled_backtick_inside_an_identifier():
    assert parse("SELECT `a``b`").expressions[0].name == "a`b"


def test_double_quotes_are_not_identifiers():
    with pytest.raises((ParseError, TokenError)):
        parse('SELECT "a" FROM t')


def test_strings_escape_quotes_by_doubling_and_keep_backslashes():
    literals = [e.name for e in parse("SELECT 'it''s', 'a\\nb'").expressions]
    assert literals == ["it's", "a\\nb"]


def test_unknown_is_a_null_boolean():
    assert parse("SELECT UNKNOWN").expressions[0].sql("mill") == "CAST(NULL AS BOOLEAN)"


def test_float_is_calcite_double():
    assert parse("SELECT CAST(x AS FLOAT), CAST(y AS REAL)").sql("mill") == (
        "SELECT CAST(`X` AS DOUBLE), CAST(`Y` AS REAL)"
    )


@pytest.mark.parametrize(
    ("literal", "type_sql"),
    [
        ("TIMESTAMP '2024-01-02 03:04:05'", "TIMESTAMP"),
        ("TIMESTAMP '2024-01-02 03:04:05.1'", "TIMESTAMP(1)"),
        ("TIMESTAMP '2024-01-02 03:04:05.123'", "TIMESTAMP(3)"),
        ("TIME '03:04:05.12'", "TIME(2)"),
        ("DATE '2024-01-02'", "DATE"),
    ],
)
def test_typed_literals_keep_their_precision(literal, type_sql):
    cast = parse(f"SELECT {literal}").expressions[0]
    assert isinstance(cast, exp.Cast)
    assert cast.to.sql("mill") == type_sql


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("INTERVAL '3' DAY", "INTERVAL '3' DAY"),
        ("INTERVAL '100' DAY(3)", "INTERVAL '100' DAY(3)"),
        ("INTERVAL '1.5' SECOND(2, 3)", "INTERVAL '1.5' SECOND"),
        ("INTERVAL '1:30' HOUR TO MINUTE", "INTERVAL '90' MINUTE"),
        ("INTERVAL '-1-2' YEAR TO MONTH", "INTERVAL '-14' MONTH"),
        ("INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '93784.5' SECOND(5)"),
    ],
)
def test_interval_literals(interval, expected):
    assert parse(f"SELECT {interval}").expressions[0].sql("mill") == expected


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT a FROM t LIMIT 3 OFFSET 2",
        "SELECT a FROM t OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY",
        "SELECT a FROM t OFFSET 2 ROW FETCH FIRST 3 ROW ONLY",
    ],
)
def test_every_paging_form_reads_the_same(sql):
    assert parse(sql).sql("mill") == "SELECT `A` FROM `T` LIMIT 3 OFFSET 2"


def test_fetch_and_offset_alone():
    assert parse("SELECT a FROM t FETCH FIRST 3 ROWS ONLY").sql("mill") == (
        "SELECT `A` FROM `T` LIMIT 3"
    )
    assert parse("SELECT a FROM t OFFSET 3 ROWS").sql("mill") == "SELECT `A` FROM `T` OFFSET 3"


def test_timestampadd_units_are_keywords_not_columns():
    node = parse("SELECT TIMESTAMPADD(SQL_TSI_DAY, 3, ts)").expressions[0]
    assert isinstance(node, exp.TimestampAdd)
    assert node.unit.name == "DAY"
    assert node.sql("mill") == "TIMESTAMPADD(DAY, 3, `TS`)"


def test_timestampdiff_counts_whole_units():
    node = parse("SELECT TIMESTAMPDIFF(MONTH, a, b)").expressions[0]
    assert isinstance(node, TimestampDiffWholeUnits)
    assert node.sql("duckdb") == 'DATE_SUB(\'MONTH\', "A", "B")'


def test_floor_to_unit_is_a_truncation():
    node = parse("SELECT FLOOR(ts TO DAY), FLOOR(x), CEIL(x)").expressions
    assert isinstance(node[0], exp.TimestampTrunc)
    assert [n.sql("duckdb") for n in node] == [
        "DATE_TRUNC('DAY', \"TS\")",
        'FLOOR("X")',
        'CEIL("X")',
    ]


def test_day_of_week_counts_sunday_as_one():
    node = parse("SELECT EXTRACT(DOW FROM d)").expressions[0]
    assert node.sql("duckdb") == '(DAYOFWEEK("D") + 1)'


def test_calcite_string_functions():
    tree = parse(
        "SELECT CHAR_LENGTH(s), CHARACTER_LENGTH(s), SUBSTRING(s FROM 2 FOR 3), "
        "POSITION('a' IN s), TRIM(LEADING 'x' FROM s), MOD(a, b), OCTET_LENGTH(b)"
    )
    assert [type(e) for e in tree.expressions] == [
        exp.Length,
        exp.Length,
        exp.Substring,
        exp.StrPosition,
        exp.Trim,
        exp.Mod,
        exp.Length,
    ]
