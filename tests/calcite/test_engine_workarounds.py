"""The Calcite engine works around defects of Calcite 1.29's enumerable engine: INTERSECT and
EXCEPT after a one-column input (which 1.29 turns into Java that does not compile), NTH_VALUE
before its frame holds n rows (1.29 returns a later row instead of NULL), and reports Java
that does not compile with Janino's message rather than the generated source.
"""

from __future__ import annotations

import logging

import pyarrow as pa
import pytest

from ibis_mill.engines.calcite import CalciteEngine, calcite_available
from mill_client.server.engine import EngineError

#: ``k`` per group: ``a`` holds 1, 1, 2, NULL, NULL, 3, 3 and ``b`` holds 1, 1, 1, 2, 2, NULL, 4.
PAIRS = pa.table(
    {
        "id": pa.array(range(1, 15), pa.int32()),
        "g": list("aaaaaaabbbbbbb"),
        "k": pa.array([1, 1, 2, None, None, 3, 3, 1, 1, 1, 2, 2, None, 4], pa.int64()),
        "x": pa.array([0.5] * 14),
    }
)

#: Two partitions ordered by ``id``; ``o`` has ties (rows 2 and 3, rows 6 and 7).
WINDOWED = pa.table(
    {
        "id": pa.array(range(1, 9), pa.int32()),
        "g": list("aaaaabbb"),
        "o": pa.array([1, 2, 2, 3, 4, 1, 1, 2], pa.int32()),
        "x": pa.array([10.0, 30.0, 30.0, None, 50.0, 60.0, 70.0, 80.0]),
    }
)


@pytest.fixture(scope="module")
def engine() -> CalciteEngine:
    reason = calcite_available()
    if reason is not None:
        pytest.skip(f"needs Java and the Calcite jar: {reason}")
    return CalciteEngine(
        {"s": {"pairs": PAIRS, "windowed": WINDOWED, "texts": pa.table({"s": ["ab", None]})}}
    )


def values(engine: CalciteEngine, sql: str, column: str) -> list:
    """The values of ``column``, NULLs last, otherwise ascending."""
    result = engine.execute(sql).read_all()[column].to_pylist()
    return sorted(result, key=lambda value: (value is None, value))


# -- INTERSECT and EXCEPT after a one-column input --------------------------------------------

# The shape ibis compiles: DISTINCT over a filtered table, projected to one column. Calcite
# 1.29 asked the second input for rows as generated records and failed to compile them.
DISTINCT = "SELECT * FROM (SELECT DISTINCT `k` FROM `s`.`pairs` WHERE `g` = '{}') AS `{}`"
# One row per input row, so duplicates count: 1.29 could not even generate this code.
GROUPED = "SELECT `k` FROM `s`.`pairs` WHERE `g` = '{}' GROUP BY `k`, `id`"


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("INTERSECT", [1, 2, None]),
        ("INTERSECT ALL", [1, 2, None]),
        ("EXCEPT", [3]),
        ("EXCEPT ALL", [3]),
    ],
)
def test_set_operation_of_distinct_filtered_inputs(engine, operator, expected) -> None:
    sql = f"{DISTINCT.format('a', 'l')} {operator} {DISTINCT.format('b', 'r')}"
    assert values(engine, sql, "k") == expected


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("INTERSECT", [1, 2, None]),
        ("INTERSECT ALL", [1, 1, 2, None]),
        ("EXCEPT", [3]),
        ("EXCEPT ALL", [3, 3, None]),
    ],
)
def test_set_operation_counts_duplicates_and_nulls(engine, operator, expected) -> None:
    sql = f"{GROUPED.format('a')} {operator} {GROUPED.format('b')}"
    assert values(engine, sql, "k") == expected


def test_set_operations_of_three_inputs(engine) -> None:
    threes = "SELECT `k` FROM `s`.`pairs` WHERE `k` = 3 GROUP BY `k`, `id`"
    a, b = GROUPED.format("a"), GROUPED.format("b")
    assert values(engine, f"{a} INTERSECT ALL {b} INTERSECT ALL {a}", "k") == [1, 1, 2, None]
    assert values(engine, f"{a} EXCEPT ALL {b} EXCEPT ALL {threes}", "k") == [None]
    assert values(engine, f"SELECT * FROM ({a} EXCEPT ALL {b}) AS `d` INTERSECT ALL {a}", "k") == [
        3,
        3,
        None,
    ]


def test_set_operation_of_two_columns(engine) -> None:
    pairs = "SELECT `k`, `g` FROM `s`.`pairs` WHERE `g` = '{}' GROUP BY `k`, `g`, `id`"
    sql = f"{pairs.format('a')} EXCEPT ALL SELECT `k`, 'a' FROM `s`.`pairs` WHERE `g` = 'b'"
    rows = engine.execute(sql).read_all().to_pylist()
    assert sorted(rows, key=lambda row: (row["k"] is None, row["k"])) == [
        {"k": 3, "g": "a"},
        {"k": 3, "g": "a"},
        {"k": None, "g": "a"},
    ]


# -- NTH_VALUE ---------------------------------------------------------------------------------

BY_ID = "PARTITION BY `g` ORDER BY `id`"


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (
            f"NTH_VALUE(`x`, 3) OVER ({BY_ID} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
            [None, None, 30.0, 30.0, 30.0, None, None, 80.0],
        ),
        (
            f"NTH_VALUE(`x`, 2) OVER ({BY_ID} ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
            [None, 30.0, 30.0, None, 50.0, None, 70.0, 80.0],
        ),
        (
            f"NTH_VALUE(`x`, 2) OVER ({BY_ID} ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING)",
            [None, None, 30.0, 30.0, 30.0, None, None, 70.0],
        ),
        (
            f"NTH_VALUE(`x`, 2) OVER ({BY_ID} ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)",
            [30.0, 30.0, None, 50.0, None, 70.0, 80.0, None],
        ),
        (
            # RANGE frames hold the current row's peers: rows 2 and 3 see three rows.
            "NTH_VALUE(`x`, 3) OVER (PARTITION BY `g` ORDER BY `o`)",
            [None, 30.0, 30.0, 30.0, 30.0, None, None, 80.0],
        ),
        (
            f"NTH_VALUE(`x`, 3) OVER ({BY_ID} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
            [30.0, 30.0, 30.0, 30.0, 30.0, 80.0, 80.0, 80.0],
        ),
    ],
    ids=["expanding", "sliding", "preceding", "following", "peers", "partition"],
)
def test_nth_value_is_null_until_the_frame_holds_n_rows(engine, window, expected) -> None:
    sql = f"SELECT {window} AS `v` FROM `s`.`windowed` ORDER BY `id`"
    assert engine.execute(sql).read_all()["v"].to_pylist() == expected


def test_nth_value_in_a_scalar_subquery(engine) -> None:
    nth = "NTH_VALUE(`x`, 3) OVER (ORDER BY `id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    sql = (
        f"SELECT (SELECT COUNT(`v`) FROM (SELECT {nth} AS `v` FROM `s`.`windowed`) AS `n`) AS `c` "
        "FROM `s`.`windowed` WHERE `id` = 1"
    )
    assert engine.execute(sql).read_all().to_pylist() == [{"c": 6}]


# -- Java that does not compile ----------------------------------------------------------------


def test_java_that_does_not_compile_reports_janinos_message(engine, caplog) -> None:
    # Calcite 1.29 casts the String to a ByteString in the generated code.
    with (
        caplog.at_level(logging.WARNING, logger="ibis_mill.engines.calcite"),
        pytest.raises(EngineError) as raised,
    ):
        engine.execute("SELECT CAST(`s` AS VARBINARY) AS `b` FROM `s`.`texts`")
    assert str(raised.value) == (
        "Error while compiling generated Java code: Line 20, Column 201: Cannot cast "
        '"java.lang.String" to "org.apache.calcite.avatica.util.ByteString"'
    )
    [record] = caplog.records
    assert record.levelname == "WARNING"
    assert record.getMessage().startswith(
        "Calcite generated Java code that does not compile: "
        "Error while compiling generated Java code:\npublic org.apache.calcite.linq4j.Enumerable "
        "bind(final org.apache.calcite.DataContext root) {\n"
    )
