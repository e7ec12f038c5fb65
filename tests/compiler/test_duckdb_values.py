"""Compiled Mill SQL, transpiled to DuckDB with the dialect, computes what ibis's DuckDB backend
computes for the same expression over the same rows.

This checks the compiler's rewrites (CASE instead of GREATEST, EXTRACT-based truncation, the
sum/count statistics, …) and the dialect's Calcite → DuckDB translation together. It does not
check Calcite-only semantics such as integer division, which the compiler avoids relying on.
"""

from __future__ import annotations

import datetime
import decimal
import math

import ibis
import pyarrow as pa
import pytest
import sqlglot
from cases import CASES, CUSTOMERS_SCHEMA, DIFFERENTIAL, ORDERS_SCHEMA, customers, orders

from ibis_mill.compiler import to_sql

ORDERS_ROWS = [
    (1, 10, "open", 12.5, 2, True, "2024-01-05", "2024-01-05 10:15:30.250", "09:30:00", "12.50"),
    (
        2,
        10,
        "shipped",
        55.0,
        1,
        False,
        "2024-02-29",
        "2024-02-29 23:59:59.999",
        "17:45:10",
        "55.00",
    ),
    (3, 11, "cancelled", None, 3, None, "2023-12-31", "2023-12-31 00:00:00", None, None),
    (4, None, "open", 7.25, 0, True, "2024-03-17", "2024-03-17 12:30:00", "12:00:00", "7.25"),
    (5, 12, None, 120.0, 5, False, "2024-06-30", "2024-06-30 06:05:04.003", "23:59:59", "120.00"),
    (6, 11, "shipped", 0.5, 4, True, "2024-12-30", "2024-12-30 18:00:00.500", "00:00:01", "0.50"),
]
CUSTOMERS_ROWS = [(10, "Ada", "Basel"), (11, "Bob", "Bern"), (12, "Cy", None), (13, "Di", "Zug")]


def _orders_table() -> pa.Table:
    columns = list(zip(*ORDERS_ROWS, strict=True))
    parse = {
        "order_date": lambda v: datetime.date.fromisoformat(v),
        "created_at": lambda v: datetime.datetime.fromisoformat(v),
        "ship_time": lambda v: datetime.time.fromisoformat(v),
        "price": lambda v: decimal.Decimal(v),
    }
    arrays = {}
    for name, values in zip(ORDERS_SCHEMA, columns, strict=True):
        convert = parse.get(name, lambda v: v)
        arrays[name] = [None if v is None else convert(v) for v in values]
    return pa.table(arrays, schema=ibis.schema(ORDERS_SCHEMA).to_pyarrow())


@pytest.fixture(scope="module")
def con():
    connection = ibis.duckdb.connect()
    connection.raw_sql("CREATE SCHEMA shop")
    connection.create_table("orders", _orders_table(), database="shop")
    customers_table = pa.table(
        dict(zip(CUSTOMERS_SCHEMA, map(list, zip(*CUSTOMERS_ROWS, strict=True)), strict=True)),
        schema=ibis.schema(CUSTOMERS_SCHEMA).to_pyarrow(),
    )
    connection.create_table("customers", customers_table, database="shop")
    return connection


def _normalise(value):
    """Make equal values from the two paths compare equal (DATE vs midnight TIMESTAMP …)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    return value


def _rows(table: pa.Table) -> list[tuple]:
    rows = [tuple(_normalise(v) for v in row.values()) for row in table.to_pylist()]
    return sorted(rows, key=lambda row: [(v is None, str(v)) for v in row])


def _assert_same_rows(actual: list[tuple], expected: list[tuple]) -> None:
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            if isinstance(w, float) and isinstance(g, float):
                assert g == pytest.approx(w, rel=1e-9, abs=1e-9), (got, want)
            else:
                assert g == w, (got, want)


@pytest.mark.parametrize("name", sorted(DIFFERENTIAL))
def test_mill_sql_on_duckdb_matches_ibis_duckdb(con, name):
    build = CASES[name]
    mill_sql = to_sql(build(orders, customers))
    duckdb_sql = sqlglot.transpile(mill_sql, read="mill", write="duckdb")[0]
    actual = con.raw_sql(duckdb_sql).fetch_arrow_table()
    expected = con.to_pyarrow(
        build(con.table("orders", database="shop"), con.table("customers", database="shop"))
    )
    assert actual.column_names == expected.column_names
    _assert_same_rows(_rows(actual), _rows(expected))


def _mill_on_duckdb(con, expr) -> list[dict]:
    duckdb_sql = sqlglot.transpile(to_sql(expr), read="mill", write="duckdb")[0]
    return con.raw_sql(duckdb_sql).fetch_arrow_table().sort_by("id").to_pylist()


def test_time_truncation_on_duckdb(con):
    rows = _mill_on_duckdb(con, CASES["temporal_truncate_time"](orders, customers))
    assert [(row["hour"], row["minute"]) for row in rows] == [
        (datetime.time(9), datetime.time(9, 30)),
        (datetime.time(17), datetime.time(17, 45)),
        (None, None),
        (datetime.time(12), datetime.time(12)),
        (datetime.time(23), datetime.time(23, 59)),
        (datetime.time(0), datetime.time(0)),
    ]


def test_arbitrary_is_a_value_of_the_group(con):
    rows = con.raw_sql(
        sqlglot.transpile(
            to_sql(CASES["aggregate_arbitrary"](orders, customers)), read="mill", write="duckdb"
        )[0]
    ).fetchall()
    assert sorted(rows, key=str) == sorted(
        [("open", 7.25), ("shipped", 0.5), ("cancelled", None), (None, 120.0)], key=str
    )
