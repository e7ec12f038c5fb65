"""The Calcite engine's SQL: what Mill accepts runs with Calcite's results, what Mill
refuses is refused with Mill's message, and the catalog answers as Mill's does.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from mill_client.server.engine import Engine, EngineError, NotFoundError, SqlError

pytestmark = pytest.mark.calcite

UTC = dt.timezone.utc
VALIDATION = "org.apache.calcite.tools.ValidationException: org.apache.calcite.runtime.CalciteContextException: "
PARSE = "org.apache.calcite.sql.parser.SqlParseException: "
CALL = "java.lang.IllegalArgumentException: Unable to convert call "
UNSUPPORTED = "java.lang.UnsupportedOperationException: "


@pytest.fixture(scope="module")
def engine(calcite_engine):
    events = pa.table(
        {
            "id": pa.array([1, 2, 3, 4], pa.int32()),
            "s": ["ab", "bcd", None, "x"],
            "ts": pa.array(
                [
                    dt.datetime(2024, 3, 1, 13, 45, 0, 123000),
                    dt.datetime(2024, 3, 2),
                    None,
                    dt.datetime(2023, 12, 31, 23, 59, 59),
                ],
                pa.timestamp("ms"),
            ),
            "d": [1.5, -2.5, None, 4.0],
            "g": ["a", "a", "b", "b"],
        }
    )
    groups = pa.table({"gid": ["a", "b", "c"], "name": ["Alpha", "Beta", "Gamma"]})
    return calcite_engine({"s": {"t": events, "u": groups}})


def rows(engine, sql: str) -> list[dict]:
    return engine.execute(sql).read_all().to_pylist()


def sql_error(engine, sql: str) -> str:
    with pytest.raises(SqlError) as raised:
        engine.execute(sql)
    return str(raised.value)


def first_line(message: str) -> str:
    return message.splitlines()[0]


# -- the engine and its catalog -------------------------------------------------------------


def test_is_an_engine_speaking_calcite(engine):
    assert isinstance(engine, Engine)
    assert engine.dialect_id == "CALCITE"


def test_catalog_lists_schemas_and_tables(engine):
    assert engine.list_schemas() == ["s"]
    assert engine.get_schema("s") == {
        "t": pa.schema(
            [
                ("id", pa.int32()),
                ("s", pa.string()),
                ("ts", pa.timestamp("ms")),
                ("d", pa.float64()),
                ("g", pa.string()),
            ]
        ),
        "u": pa.schema([("gid", pa.string()), ("name", pa.string())]),
    }


@pytest.mark.parametrize("name", ["S", "", "metadata"])
def test_unknown_schema_is_not_found(engine, name):
    with pytest.raises(NotFoundError) as raised:
        engine.get_schema(name)
    assert str(raised.value) == f"Schema '{name}' not found"


def test_schemas_can_be_added_and_removed(calcite_engine):
    engine = calcite_engine()
    engine.add_schema("a", {"t": pa.table({"x": [1]})})
    engine.add_table("b", "t", pa.table({"x": [2]}))
    assert engine.list_schemas() == ["a", "b"]
    assert rows(engine, "SELECT `x` FROM `b`.`t`") == [{"x": 2}]
    engine.add_table("b", "t", pa.table({"x": [3]}))
    assert rows(engine, "SELECT `x` FROM `b`.`t`") == [{"x": 3}]
    engine.remove_schema("b")
    assert engine.list_schemas() == ["a"]
    assert sql_error(engine, "SELECT `x` FROM `b`.`t`") == (
        VALIDATION + "From line 1, column 17 to line 1, column 23: Object 'b' not found"
    )
    with pytest.raises(NotFoundError, match="Schema 'b' not found"):
        engine.remove_schema("b")
    with pytest.raises(ValueError, match="Schema 'a' is already served; remove it first."):
        engine.add_schema("a")


def test_metadata_schema_is_not_served(engine):
    assert sql_error(engine, "SELECT * FROM `metadata`.`TABLES`") == (
        VALIDATION + "From line 1, column 15 to line 1, column 33: Object 'metadata' not found"
    )


# -- identifiers and parsing ----------------------------------------------------------------


def test_unquoted_names_fold_to_upper_case_and_do_not_match(engine):
    assert sql_error(engine, "SELECT id FROM `s`.`t`") == (
        VALIDATION + "From line 1, column 8 to line 1, column 9: "
        "Column 'ID' not found in any table; did you mean 'id'?"
    )


def test_quoted_names_match_exactly(engine):
    assert rows(engine, "SELECT `id` FROM `s`.`t` WHERE `id` = 1") == [{"id": 1}]


def test_unquoted_alias_comes_back_upper_case_and_unaliased_as_expr(engine):
    result = engine.execute("SELECT `id` AS v, `id` + 1 FROM `s`.`t` WHERE `id` = 1").read_all()
    assert result.column_names == ["V", "EXPR$1"]


def test_unknown_column_is_a_validation_error(engine):
    assert sql_error(engine, "SELECT `x` FROM `s`.`t`") == (
        VALIDATION + "From line 1, column 8 to line 1, column 10: Column 'x' not found in any table"
    )


def test_parse_error_gives_line_and_column(engine):
    message = sql_error(engine, "SELECT `id`\nFROM `s`.`t`\nWHERE WHERE")
    assert (
        first_line(message)
        == PARSE + "Incorrect syntax near the keyword 'WHERE' at line 3, column 7."
    )


def test_misspelt_keyword_is_a_parse_error(engine):
    message = sql_error(engine, "SELECT `id` FROMM `s`.`t`")
    assert first_line(message) == PARSE + 'Encountered "`s`" at line 1, column 19.'
    assert "Was expecting one of:" in message


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT `id` FROM `s`.`t`;", 'Encountered ";" at line 1, column 25.'),
        ('SELECT "id" FROM `s`.`t`', 'Encountered "\\"" at line 1, column 8.'),
        ("SELECT `id` FROM `s`.`t` WHERE `id` != 1", "Bang equal '!=' is not allowed under the current SQL conformance level"),
        ("SELECT `id` % 2 FROM `s`.`t`", "Percent remainder '%' is not allowed under the current SQL conformance level"),
        ("SELECT `id` FROM `s`.`t` LIMIT 1, 2", "'LIMIT start, count' is not allowed under the current SQL conformance level"),
        ("SELECT `id` FROM `s`.`t` MINUS SELECT 1", "MINUS is not allowed under the current SQL conformance level"),
    ],
)  # fmt: skip
def test_text_outside_default_conformance_does_not_parse(engine, sql, expected):
    assert first_line(sql_error(engine, sql)) == PARSE + expected


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT LENGTH(`s`) FROM `s`.`t`", "From line 1, column 8 to line 1, column 18: No match found for function signature LENGTH(<CHARACTER>)"),
        ("SELECT CONCAT(`s`, 'x') FROM `s`.`t`", "From line 1, column 8 to line 1, column 23: No match found for function signature CONCAT(<CHARACTER>, <CHARACTER>)"),
        ("SELECT `id` FROM `s`.`t` GROUP BY 1", "From line 1, column 8 to line 1, column 11: Expression 'id' is not being grouped"),
        ("SELECT `id` AS `k` FROM `s`.`t` GROUP BY `k`", "From line 1, column 42 to line 1, column 44: Column 'k' not found in any table"),
        ("SELECT ROW_NUMBER() OVER (ORDER BY `id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM `s`.`t`", "From line 1, column 41 to line 1, column 44: ROW/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions"),
    ],
)  # fmt: skip
def test_validation_errors_read_as_mill_reports_them(engine, sql, expected):
    assert sql_error(engine, sql) == VALIDATION + expected


# -- the Substrait gate ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT FLOOR(`ts` TO DAY) FROM `s`.`t`", CALL + "FLOOR(precision_timestamp<3>?, string)."),
        ("SELECT TIMESTAMPDIFF(DAY, `ts`, `ts`) FROM `s`.`t`", CALL + "/INT(i64?, i32)."),
        ("SELECT TRIM(`s`) FROM `s`.`t`", CALL + "TRIM(string, char<1>, string?)."),
        ("SELECT POSITION('b' IN `s`) FROM `s`.`t`", CALL + "POSITION(char<1>, string?)."),
        ("SELECT CURRENT_TIMESTAMP FROM `s`.`t`", CALL + "CURRENT_TIMESTAMP()."),
        ("SELECT ROUND(`d`) FROM `s`.`t`", CALL + "ROUND(fp64?)."),
        ("SELECT `s` LIKE 'a%' ESCAPE '!' FROM `s`.`t`", CALL + "LIKE(string?, char<2>, char<1>)."),
        ("SELECT COUNT(*) FILTER (WHERE `id` > 1) FROM `s`.`t`", CALL + "IS TRUE(boolean?)."),
        ("SELECT `id` IS TRUE FROM (SELECT `id` > 1 AS `id` FROM `s`.`t`)", CALL + "IS TRUE(boolean?)."),
        ("SELECT STDDEV_POP(`d`) FROM `s`.`t`", UNSUPPORTED + "Unable to find binding for call STDDEV_POP($0)"),
        ("SELECT `id` FROM `s`.`t` WHERE `id` > ALL (SELECT `id` FROM `s`.`t`)", UNSUPPORTED + "RexSubQuery not supported"),
        ("SELECT LAG(`id`) IGNORE NULLS OVER (ORDER BY `id`) FROM `s`.`t`", "java.lang.IllegalArgumentException: IGNORE NULLS cannot be expressed in Substrait"),
        ("SELECT `id` FROM `s`.`t` WHERE `id` = ?", UNSUPPORTED + "RexDynamicParam not supported"),
        ("SELECT NULL", UNSUPPORTED + "Unable to convert the type NULL"),
    ],
)  # fmt: skip
def test_substrait_gate_refuses_what_mill_cannot_convert(engine, sql, expected):
    assert sql_error(engine, sql) == expected


def test_substrait_gate_refuses_unnest(engine):
    message = sql_error(engine, "SELECT `v` FROM UNNEST(ARRAY[1, 2]) AS `x`(`v`)")
    assert message.startswith(UNSUPPORTED + "Unable to handle node: rel#")
    assert ":Uncollect." in message


def test_validate_checks_like_parse_sql_without_running(engine):
    assert engine.validate("SELECT `id`, `id` / 0, `ts` FROM `s`.`t`") == pa.schema(
        [("id", pa.int32()), ("EXPR$1", pa.int32()), ("ts", pa.timestamp("ms", "UTC"))]
    )
    with pytest.raises(SqlError) as raised:
        engine.validate("SELECT TRIM(`s`) FROM `s`.`t`")
    assert str(raised.value) == CALL + "TRIM(string, char<1>, string?)."


def test_validate_accepts_result_types_mill_only_fails_to_write(engine):
    assert engine.validate("SELECT INTERVAL '1' DAY AS `i`") == pa.schema([("i", pa.null())])


# -- execution ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT `id` / 0 FROM `s`.`t`", "/ by zero"),
        ("SELECT 1 / 0 AS `x` FROM `s`.`t`", "/ by zero"),
        ("SELECT INTERVAL '1' DAY AS `i`", "JDBC type 'OTHER/code:1111' not supported"),
        ("SELECT ARRAY[1, 2] AS `a`", "JDBC type 'ARRAY/code:2003' not supported"),
    ],
)
def test_execution_failures_are_engine_errors(engine, sql, expected):
    with pytest.raises(EngineError) as raised:
        engine.execute(sql)
    assert type(raised.value) is EngineError
    assert str(raised.value) == expected


def test_empty_result(engine):
    reader = engine.execute("SELECT `id`, `s` FROM `s`.`t` WHERE `id` > 100")
    assert reader.schema == pa.schema([("id", pa.int32()), ("s", pa.string())])
    assert reader.read_all().num_rows == 0


def test_mod_and_not_equal(engine):
    assert rows(engine, "SELECT `id` FROM `s`.`t` WHERE `id` <> 1 AND MOD(`id`, 2) = 0") == [
        {"id": 2},
        {"id": 4},
    ]


def test_integer_division_truncates_and_mod_follows_the_dividend(engine):
    assert rows(
        engine, "SELECT -7 / 2 AS `a`, MOD(-7, 2) AS `b`, CAST(-7 AS DOUBLE) / 2 AS `c`"
    ) == [{"a": -3, "b": -1, "c": -3.5}]


def test_string_functions(engine):
    assert rows(
        engine,
        "SELECT CHAR_LENGTH(`s`) AS `n`, SUBSTRING(`s` FROM 1 FOR 2) AS `p`, `s` || '!' AS `e`, "
        "UPPER(`s`) AS `u`, REPLACE(`s`, 'b', 'B') AS `r`, `s` LIKE '%b%' AS `l` "
        "FROM `s`.`t` ORDER BY `id`",
    ) == [
        {"n": 2, "p": "ab", "e": "ab!", "u": "AB", "r": "aB", "l": True},
        {"n": 3, "p": "bc", "e": "bcd!", "u": "BCD", "r": "Bcd", "l": True},
        {"n": None, "p": None, "e": None, "u": None, "r": None, "l": None},
        {"n": 1, "p": "x", "e": "x!", "u": "X", "r": "x", "l": False},
    ]


def test_math_functions(engine):
    assert rows(
        engine,
        "SELECT ABS(`d`) AS `a`, POWER(`d`, 2) AS `p`, ROUND(`d`, 0) AS `r`, CEIL(`d`) AS `c`, "
        "FLOOR(`d`) AS `f`, SQRT(`d` * `d`) AS `q`, SIGN(`d`) AS `g` FROM `s`.`t` ORDER BY `id`",
    ) == [
        {"a": 1.5, "p": 2.25, "r": 2.0, "c": 2.0, "f": 1.0, "q": 1.5, "g": 1.0},
        {"a": 2.5, "p": 6.25, "r": -3.0, "c": -2.0, "f": -3.0, "q": 2.5, "g": -1.0},
        {"a": None, "p": None, "r": None, "c": None, "f": None, "q": None, "g": None},
        {"a": 4.0, "p": 16.0, "r": 4.0, "c": 4.0, "f": 4.0, "q": 4.0, "g": 1.0},
    ]


def test_timestampadd_and_interval_arithmetic(engine):
    assert rows(
        engine,
        "SELECT TIMESTAMPADD(DAY, 2, `ts`) AS `day`, TIMESTAMPADD(MONTH, 1, `ts`) AS `month`, "
        "`ts` - INTERVAL '1' HOUR AS `hour` FROM `s`.`t` WHERE `id` IN (1, 4) ORDER BY `id`",
    ) == [
        {
            "day": dt.datetime(2024, 3, 3, 13, 45, 0, 123000, tzinfo=UTC),
            "month": dt.datetime(2024, 4, 1, 13, 45, 0, 123000, tzinfo=UTC),
            "hour": dt.datetime(2024, 3, 1, 12, 45, 0, 123000, tzinfo=UTC),
        },
        {
            "day": dt.datetime(2024, 1, 2, 23, 59, 59, tzinfo=UTC),
            "month": dt.datetime(2024, 1, 31, 23, 59, 59, tzinfo=UTC),
            "hour": dt.datetime(2023, 12, 31, 22, 59, 59, tzinfo=UTC),
        },
    ]


def test_extract(engine):
    assert rows(
        engine,
        "SELECT EXTRACT(YEAR FROM `ts`) AS `y`, EXTRACT(MONTH FROM `ts`) AS `m`, "
        "EXTRACT(DAY FROM `ts`) AS `d`, EXTRACT(HOUR FROM `ts`) AS `h`, "
        "EXTRACT(SECOND FROM `ts`) AS `sec` FROM `s`.`t` ORDER BY `id`",
    ) == [
        {"y": 2024, "m": 3, "d": 1, "h": 13, "sec": 0},
        {"y": 2024, "m": 3, "d": 2, "h": 0, "sec": 0},
        {"y": None, "m": None, "d": None, "h": None, "sec": None},
        {"y": 2023, "m": 12, "d": 31, "h": 23, "sec": 59},
    ]


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("LIMIT 2", [1, 2]),
        ("LIMIT 2 OFFSET 1", [2, 3]),
        ("OFFSET 3 ROWS", [4]),
        ("OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY", [2, 3]),
        ("FETCH FIRST 1 ROWS ONLY", [1]),
    ],
)
def test_limit_offset_and_fetch(engine, tail, expected):
    result = rows(engine, f"SELECT `id` FROM `s`.`t` ORDER BY `id` {tail}")
    assert [row["id"] for row in result] == expected


def test_nulls_sort_high(engine):
    ascending = rows(engine, "SELECT `s` FROM `s`.`t` ORDER BY `s`")
    descending = rows(engine, "SELECT `s` FROM `s`.`t` ORDER BY `s` DESC")
    assert [r["s"] for r in ascending] == ["ab", "bcd", "x", None]
    assert [r["s"] for r in descending] == [None, "x", "bcd", "ab"]


def test_window_functions(engine):
    assert rows(
        engine,
        "SELECT `id`, ROW_NUMBER() OVER (PARTITION BY `g` ORDER BY `id` DESC) AS `rn`, "
        "RANK() OVER (ORDER BY `g`) AS `rk`, SUM(`d`) OVER (PARTITION BY `g`) AS `sd`, "
        "LAG(`id`) OVER (ORDER BY `id`) AS `lg`, "
        "FIRST_VALUE(`id`) OVER (ORDER BY `id` ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS `fv` "
        "FROM `s`.`t` ORDER BY `id`",
    ) == [
        {"id": 1, "rn": 2, "rk": 1, "sd": -1.0, "lg": None, "fv": 1},
        {"id": 2, "rn": 1, "rk": 1, "sd": -1.0, "lg": 1, "fv": 1},
        {"id": 3, "rn": 2, "rk": 3, "sd": 4.0, "lg": 2, "fv": 2},
        {"id": 4, "rn": 1, "rk": 3, "sd": 4.0, "lg": 3, "fv": 3},
    ]


def test_values_pads_char_literals(engine):
    result = engine.execute("VALUES (1, 'a'), (2, 'bc')").read_all()
    assert result.schema == pa.schema(
        [
            pa.field("EXPR$0", pa.int32(), nullable=False),
            pa.field("EXPR$1", pa.string(), nullable=False),
        ]
    )
    assert result.to_pylist() == [{"EXPR$0": 1, "EXPR$1": "a "}, {"EXPR$0": 2, "EXPR$1": "bc"}]


def test_join_and_group_by_over_two_tables(engine):
    assert rows(
        engine,
        "SELECT `u`.`name`, COUNT(*) AS `n`, SUM(`t`.`d`) AS `sd`, MIN(`t`.`s`) AS `first` "
        "FROM `s`.`t` JOIN `s`.`u` ON `t`.`g` = `u`.`gid` GROUP BY `u`.`name` ORDER BY `u`.`name`",
    ) == [
        {"name": "Alpha", "n": 2, "sd": -1.0, "first": "ab"},
        {"name": "Beta", "n": 2, "sd": 4.0, "first": "x"},
    ]


def test_outer_join(engine):
    assert rows(
        engine,
        "SELECT `u`.`gid`, COUNT(`t`.`id`) AS `n` FROM `s`.`u` LEFT JOIN `s`.`t` "
        "ON `t`.`g` = `u`.`gid` GROUP BY `u`.`gid` ORDER BY `u`.`gid`",
    ) == [{"gid": "a", "n": 2}, {"gid": "b", "n": 2}, {"gid": "c", "n": 0}]


def test_subqueries_and_set_operations(engine):
    assert rows(
        engine,
        "SELECT `id`, (SELECT MAX(`name`) FROM `s`.`u` WHERE `u`.`gid` = `t`.`g`) AS `m` "
        "FROM `s`.`t` WHERE EXISTS (SELECT 1 FROM `s`.`u` WHERE `u`.`gid` = `t`.`g`) "
        "AND `g` IN (SELECT `gid` FROM `s`.`u` WHERE `gid` <> 'b') ORDER BY `id`",
    ) == [{"id": 1, "m": "Alpha"}, {"id": 2, "m": "Alpha"}]
    assert rows(
        engine,
        "SELECT `id` FROM `s`.`t` UNION ALL SELECT `id` FROM `s`.`t` EXCEPT SELECT 1 ORDER BY 1",
    ) == [{"id": 2}, {"id": 3}, {"id": 4}]


def test_case_coalesce_and_distinct_aggregates(engine):
    assert rows(
        engine,
        "SELECT COUNT(DISTINCT `g`) AS `n`, SUM(CASE WHEN `d` > 0 THEN 1 ELSE 0 END) AS `pos`, "
        "SUM(COALESCE(`d`, 10)) AS `filled`, AVG(`d`) AS `avg` FROM `s`.`t`",
    ) == [{"n": 2, "pos": 2, "filled": 13.0, "avg": 1.0}]


def test_what_calcite_rewrites_before_the_gate_is_accepted(engine):
    assert rows(
        engine,
        "SELECT SQRT(`d` * `d`) AS `q`, CHARACTER_LENGTH(`s`) AS `n` FROM `s`.`t` WHERE `id` = 2",
    ) == [{"q": 2.5, "n": 3}]
    assert rows(
        engine,
        "SELECT `x`.`id`, `y`.`z` FROM `s`.`t` AS `x`, "
        "LATERAL (SELECT `id` + `x`.`id` AS `z` FROM `s`.`t` WHERE `id` = 1) AS `y` "
        "ORDER BY `x`.`id`",
    ) == [{"id": 1, "z": 2}, {"id": 2, "z": 3}, {"id": 3, "z": 4}, {"id": 4, "z": 5}]
