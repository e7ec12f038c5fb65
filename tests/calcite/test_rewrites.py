"""The compiler's rewrites of ``percent_rank``, ``cume_dist``, ``ntile`` and day and week
``delta`` compute what ``ibis.duckdb`` computes, on the Calcite engine and on the DuckDB
engine, over the edge cases the corpus lacks: partitions of 1 to 13 rows, ties, NULLs, more
tiles than rows, windows without ORDER BY, dates from year 1 to 9999 and around leap days.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pytest
from backend.differential import assert_same_rows

from ibis_mill.compiler import to_sql
from ibis_mill.engines.calcite import CalciteEngine, calcite_available
from ibis_mill.engines.duckdb import DuckDBEngine


def ranked_rows() -> pa.Table:
    """40 groups of 1 to 13 rows; ``x`` repeats values (ties) and holds NULLs."""
    ids, groups, values = [], [], []
    choices = [None, 1, 2, 3, 5, 8]
    for group in range(40):
        for j in range(group % 13 + 1):
            ids.append(len(ids))
            groups.append(group)
            values.append(choices[(group * 7 + j * 3) % len(choices)])
    return pa.table({"id": ids, "g": groups, "x": pa.array(values, pa.int64())})


def date_pairs() -> pa.Table:
    """Pairs of dates from 0001-01-01 to 9999-12-31, near and far apart, both orders."""
    last = datetime.date(9999, 12, 31).toordinal()
    edges = [
        datetime.date(1, 1, 1),
        datetime.date(1900, 2, 28),
        datetime.date(1900, 3, 1),
        datetime.date(2000, 2, 29),
        datetime.date(2000, 3, 1),
        datetime.date(2024, 2, 29),
        datetime.date(9999, 12, 31),
    ]
    spread = [datetime.date.fromordinal(1 + k * (last - 1) // 400) for k in range(401)]
    left, right = [], []
    for i, day in enumerate(edges + spread):
        for offset in (0, 1, -1, 6, -6, 7, -7, 59, -366, 1461 * (i % 5)):
            ordinal = day.toordinal() + offset
            if 1 <= ordinal <= last:
                left.append(day)
                right.append(datetime.date.fromordinal(ordinal))
    left.extend(spread[::-1])
    right.extend(spread)
    return pa.table(
        {
            "id": list(range(len(left))),
            "a": pa.array(left, pa.date32()),
            "b": pa.array(right, pa.date32()),
        }
    )


TABLES = {"ranked": ranked_rows(), "dates": date_pairs()}


def distributions(t: ir.Table) -> ir.Table:
    by_value = ibis.window(group_by=t.g, order_by=t.x)
    by_value_and_id = ibis.window(group_by=t.g, order_by=[t.x, ibis.desc(t.id)])
    return t.select(
        "id",
        percent=ibis.percent_rank().over(by_value),
        cumulative=ibis.cume_dist().over(by_value),
        percent_whole=t.x.percent_rank(),
        cumulative_whole=t.x.cume_dist(),
        percent_unordered=ibis.percent_rank().over(group_by=t.g),
        cumulative_unordered=ibis.cume_dist().over(group_by=t.g),
        whole_tiles=t.id.ntile(5),
        **{f"tiles_{n}": ibis.ntile(n).over(by_value_and_id) for n in range(1, 9)},
    )


def deltas(t: ir.Table) -> ir.Table:
    return t.select("id", days=t.a.delta(t.b, unit="day"), weeks=t.a.delta(t.b, unit="week"))


@pytest.fixture(scope="module", params=["calcite", "duckdb"])
def engine(request: pytest.FixtureRequest) -> Iterator[CalciteEngine | DuckDBEngine]:
    """The engine the compiled SQL runs on, serving :data:`TABLES` as schema ``s``."""
    if request.param == "duckdb":
        duckdb_engine = DuckDBEngine({"s": TABLES})
        yield duckdb_engine
        duckdb_engine.close()
        return
    reason = calcite_available()
    if reason is not None:
        pytest.skip(f"needs Java and the Calcite jar: {reason}")
    yield CalciteEngine({"s": TABLES})


@pytest.fixture(scope="module")
def duckdb_con() -> Iterator[ibis.BaseBackend]:
    con = ibis.duckdb.connect()
    for name, table in TABLES.items():
        con.create_table(name, table)
    yield con
    con.disconnect()


@pytest.mark.parametrize(("table", "query"), [("ranked", distributions), ("dates", deltas)])
def test_rewrite_computes_what_duckdb_computes(engine, duckdb_con, table, query) -> None:
    expected = query(duckdb_con.table(table)).to_pyarrow()
    unbound = ibis.table(ibis.Schema.from_pyarrow(TABLES[table].schema), name=table, database="s")
    actual = engine.execute(to_sql(query(unbound))).read_all()
    assert actual.column_names == expected.column_names
    assert actual.num_rows == TABLES[table].num_rows
    assert_same_rows(expected.cast(actual.schema), actual, ordered=False)


def test_standard_ntile_sizes_buckets_largest_first(engine) -> None:
    # Calcite's own NTILE puts 14 rows in 4 tiles as 4, 3, 4, 3.
    t = ibis.table({"id": "int64", "g": "int64", "x": "int64"}, name="ranked", database="s")
    fourteen = t.filter(t.id < 14)
    tiled = fourteen.select(tile=fourteen.id.ntile(4))
    expr = tiled.group_by("tile").agg(n=tiled.count()).order_by("tile")
    result = engine.execute(to_sql(expr)).read_all()
    assert result.to_pydict() == {"tile": [0, 1, 2, 3], "n": [4, 4, 3, 3]}
