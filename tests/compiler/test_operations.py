"""What the compiler claims (``has_operation``) and how it refuses what a Mill server cannot run."""

from __future__ import annotations

import datetime
import inspect

import ibis
import ibis.common.exceptions as com
import ibis.expr.operations as ops
import pytest
from ibis.backends.sql import SQLBackend
from ibis.util import get_subclasses

from ibis_mill.compiler import (
    MAX_MEMTABLE_CELLS,
    PROVISIONAL_OPS,
    MemtableTooLargeError,
    MillCompiler,
    compiler,
    to_sql,
)

t = ibis.table(
    {"s": "string", "x": "float64", "n": "int64", "ts": "timestamp", "d": "date", "tm": "time"},
    name="t",
    database="db",
)
u = ibis.table({"s": "string", "ts": "timestamp"}, name="u", database="db")

#: How ibis's SQL backends answer ``has_operation`` (a classmethod reading ``compiler``).
Probe = type("Probe", (SQLBackend,), {"compiler": compiler, "name": "mill"})


def claimed_value_ops() -> set[type[ops.Value]]:
    """Concrete value operations ``has_operation`` claims."""
    return {
        op
        for op in get_subclasses(ops.Value)
        if not inspect.isabstract(op) and Probe.has_operation(op)
    }


def test_number_of_claimed_value_operations():
    # ibis 12's own compilers claim 279 (DuckDB), 244 (Trino), 203 (Flink), 161 (Druid) when
    # counted the same way. Review PROVISIONAL_OPS before raising this number.
    assert len(claimed_value_ops()) == 163


@pytest.mark.parametrize(
    "op",
    [
        ops.StringLength,
        ops.Substring,
        ops.Modulus,
        ops.Sqrt,
        ops.Greatest,
        ops.IdenticalTo,
        ops.Variance,
        ops.Correlation,
        ops.RowNumber,
        ops.Lag,
        ops.TimestampTruncate,
        ops.TimestampDelta,
        ops.DateAdd,
        ops.ExtractYear,
        ops.StartsWith,
        ops.LPad,
        ops.Strftime,
        ops.TimestampNow,
        ops.Capitalize,
    ],
)
def test_claimed(op):
    assert Probe.has_operation(op)


@pytest.mark.parametrize(
    "op",
    [
        ops.RegexSearch,
        ops.StringFind,
        ops.Strip,
        ops.MultiQuantile,
        ops.BitwiseAnd,
        ops.ArrayLength,
        ops.TryCast,
        ops.TimestampDiff,
        ops.RandomScalar,
        ops.GeoArea,
        ops.Levenshtein,
        ops.ExtractHost,
        ops.GroupConcat,
    ],
)
def test_not_claimed(op):
    assert not Probe.has_operation(op)


def test_every_unsupported_op_says_why():
    assert set(MillCompiler.UNSUPPORTED_OPS) <= set(get_subclasses(ops.Node))
    assert not any(Probe.has_operation(op) for op in MillCompiler.UNSUPPORTED_OPS)


def test_provisional_ops_are_claimed():
    assert all(Probe.has_operation(op) for op in PROVISIONAL_OPS)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (
            t.s.re_search("a+"),
            "Mill cannot run RegexSearch: Calcite's standard operator table has no regular "
            "expressions (REGEXP_* are library functions that Mill does not enable)",
        ),
        (
            t.s.strip(),
            "Mill cannot run Strip: TRIM and POSITION pass Calcite's validator but fail at "
            "Mill's Substrait conversion",
        ),
        (
            t.mutate(m=t.x.median().over(ibis.window(group_by="s"))),
            "Mill computes Median in an aggregation only (through window functions), not over "
            "a window",
        ),
        (
            t.s.host(),
            "Mill cannot run ExtractHost: Calcite, as run by Mill, has no equivalent",
        ),
        (
            t.s.contains(t.s),
            "Mill can test `contains` only for a literal string without % or _: it becomes "
            "LIKE '%…%', and POSITION, the general form, fails at Mill's Substrait step",
        ),
        (
            t.s.contains("50%"),
            "Mill can test `contains` only for a literal string without % or _: it becomes "
            "LIKE '%…%', and POSITION, the general form, fails at Mill's Substrait step",
        ),
        (
            t.s.lpad(t.n, "*"),
            "Mill can lpad only to a literal length with a literal, non-empty pad: Calcite's "
            "standard functions have no LPAD/RPAD or REPEAT",
        ),
        (
            t.s.repeat(t.n),
            "Mill can repeat a string only a literal number of times (0 to 100): Calcite's "
            "standard functions have no REPEAT",
        ),
        (
            t.ts.strftime("%A"),
            "Mill cannot format %A: Calcite's standard functions have no date formatting; "
            "supported directives are %Y, %m, %d, %H, %M, %S, %j and %%",
        ),
        (
            t.s.as_timestamp("%d.%m.%Y"),
            "Mill can parse timestamp(3) values only in the formats %Y-%m-%d %H:%M:%S (a CAST); "
            "Calcite's standard functions have no other parsing",
        ),
        (
            t.ts.truncate("us"),
            "Mill cannot truncate a timestamp to microseconds",
        ),
        (
            t.ts.delta(u.ts.max().as_scalar(), unit="millisecond"),
            "Mill cannot count 'millisecond' boundaries between two timestamp values",
        ),
        (
            t.ts.cast("int64"),
            "Calcite cannot cast timestamp to int64; extract the parts you need instead",
        ),
        (
            t.select(i=ibis.interval(days=1)),
            "column 'i' is an interval, which a Mill server cannot return; return a number of "
            "units instead",
        ),
        (
            t.select(z=ibis.null()),
            "column 'z' has type NULL, which a Mill server cannot return; cast it, e.g. "
            "ibis.null().cast('string')",
        ),
        (
            t.s.cast("array<string>"),
            "Calcite, as run by Mill, has no type for ibis dtype array<string>: a Mill server "
            "can neither cast to it nor return it",
        ),
        (
            t.asof_join(u, "ts"),
            "Mill cannot run asof joins: Calcite has no such join; use an inner or left join on "
            "an explicit predicate",
        ),
    ],
)
def test_unsupported_expressions_fail_at_compile_time(expr, message):
    with pytest.raises(com.UnsupportedOperationError) as error:
        to_sql(expr)
    assert str(error.value) == message


def test_sub_millisecond_literals_are_refused():
    literal = ibis.literal(datetime.datetime(2024, 1, 2, 3, 4, 5, 123456))
    with pytest.raises(com.UnsupportedArgumentError, match="has microseconds"):
        to_sql(t.select(v=literal))


def test_large_memtable_points_at_a_connection():
    rows = MAX_MEMTABLE_CELLS // 2 + 1
    table = ibis.memtable({"a": list(range(rows)), "b": list(range(rows))})
    with pytest.raises(MemtableTooLargeError) as error:
        to_sql(table)
    message = str(error.value)
    assert f"has {rows} rows × 2 columns, more than the 10000 cells" in message
    assert message.endswith(
        "Run the expression through an ibis.mill connection, which keeps larger in-memory "
        "tables in DuckDB and runs the query side by side with the Mill tables"
    )
    assert isinstance(error.value, com.UnsupportedOperationError)


def test_memtable_at_the_limit_is_inlined():
    table = ibis.memtable({"a": list(range(MAX_MEMTABLE_CELLS))})
    sql = to_sql(table)
    assert sql.count("(") == MAX_MEMTABLE_CELLS + 3  # VALUES rows, CAST( and the alias list


def test_to_sql_is_the_compiler_instance_output():
    expr = t.filter(t.x > 1).select("s")
    assert to_sql(expr) == compiler.to_sqlglot(expr).sql(dialect="mill")
    assert to_sql(expr) == "SELECT `t0`.`s` FROM `db`.`t` AS `t0` WHERE `t0`.`x` > 1"


def test_sampling_is_refused_with_a_reason():
    with pytest.raises(com.UnsupportedOperationError) as error:
        to_sql(t.sample(0.5))
    assert str(error.value) == (
        "Mill cannot run Sample: neither TABLESAMPLE nor a filter on RAND has a Substrait "
        "conversion in Mill's isthmus"
    )
