"""Differential tests: every corpus expression on ``ibis.mill`` (through the wire server on the
DuckDB engine) returns what ``ibis.duckdb`` returns over the same Parquet files.

Each SQL text the server receives must also survive our dialect's round trip (parse, then
generate, gives the same text). Expressions the compiler rejects must be listed in
``corpus.UNSUPPORTED`` and must fail before any SQL is sent.
"""

from __future__ import annotations

import decimal
import math
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pytest
import sqlglot

from mill_client.server import MillServer

from .corpus import COMPILE_REJECTIONS, ORDERED, QUERIES, TABLES, UNSUPPORTED

SUPPORTED = [name for name in QUERIES if name not in UNSUPPORTED]
_expected_cache: dict[str, pa.Table] = {}


@pytest.fixture(scope="session")
def mill_tables(skymill) -> SimpleNamespace:
    """The skymill tables on ``ibis.mill`` (one namespace per transport)."""
    return SimpleNamespace(**{name: skymill.table(name, database="skymill") for name in TABLES})


def expected_result(name: str, duck: SimpleNamespace) -> pa.Table:
    if name not in _expected_cache:
        _expected_cache[name] = QUERIES[name](duck).as_table().to_pyarrow()
    return _expected_cache[name]


@pytest.mark.parametrize("name", SUPPORTED)
def test_same_result_as_duckdb(
    name: str,
    skymill,
    mill_tables: SimpleNamespace,
    skymill_duckdb: SimpleNamespace,
    skymill_server: MillServer,
) -> None:
    expected = expected_result(name, skymill_duckdb)
    received = skymill_server.received_sql
    before = len(received)
    actual = skymill.to_pyarrow(QUERIES[name](mill_tables).as_table())
    sent = received[before:]
    assert len(sent) == 1
    assert_round_trip(sent[0])
    assert actual.schema == expected.schema
    assert_same_rows(expected, actual, ordered=name in ORDERED)


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_is_rejected_before_sending(
    name: str, skymill, mill_tables: SimpleNamespace, skymill_server: MillServer
) -> None:
    before = list(skymill_server.received_sql)
    with pytest.raises(COMPILE_REJECTIONS):
        skymill.to_pyarrow(QUERIES[name](mill_tables).as_table())
    assert skymill_server.received_sql == before


def test_corpus_is_large_and_every_unsupported_entry_exists() -> None:
    assert len(QUERIES) >= 150
    assert set(UNSUPPORTED) <= set(QUERIES)
    assert ORDERED <= set(QUERIES)


def assert_round_trip(sql: str) -> None:
    """Our dialect parses the compiler's SQL and generates exactly the same text."""
    assert sqlglot.parse_one(sql, read="mill").sql(dialect="mill") == sql


def assert_same_rows(expected: pa.Table, actual: pa.Table, *, ordered: bool) -> None:
    """Compare two tables row by row, as sets of rows unless ``ordered``; floats loosely."""
    expected_rows, actual_rows = rows(expected), rows(actual)
    assert len(actual_rows) == len(expected_rows)
    if not ordered:
        expected_rows = sorted(expected_rows, key=sort_key)
        actual_rows = sorted(actual_rows, key=sort_key)
    for index, (want, got) in enumerate(zip(expected_rows, actual_rows)):
        assert all(map(same_value, want, got)), f"row {index}: expected {want}, got {got}"


def rows(table: pa.Table) -> list[tuple[Any, ...]]:
    return list(zip(*(column.to_pylist() for column in table.columns)))


def sort_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_key(value) for value in row)


def _key(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (1, 0)
    if isinstance(value, float):
        return (0, math.inf) if math.isnan(value) else (0, float(f"{value:.9g}"))
    if isinstance(value, decimal.Decimal):
        return (0, float(value))
    if isinstance(value, list):
        return (0, tuple(_key(v) for v in value))
    return (0, value)


def same_value(want: Any, got: Any) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        if math.isnan(want) or math.isnan(got):
            return math.isnan(want) and math.isnan(got)
        return math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(map(same_value, want, got))
    return want == got
