"""What differential tests share: the corpus's table namespaces, DuckDB's answers, comparison.

The corpus (:mod:`.corpus`) runs on ``ibis.mill`` through a wire server (on the DuckDB engine
in ``tests/backend``, on the Calcite engine in ``tests/calcite``) and on ``ibis.duckdb`` over
the same Parquet files; the results are compared row by row here.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ibis
import pyarrow as pa
import sqlglot

import ibis_mill.dialect  # noqa: F401  (registers the "mill" dialect)

from .corpus import QUERIES, TABLES

_duckdb_answers: dict[str, pa.Table] = {}


@contextmanager
def skymill_on_duckdb(folder: Path) -> Iterator[SimpleNamespace]:
    """The skymill tables on ``ibis.duckdb``, read from the Parquet files in ``folder``."""
    con = ibis.duckdb.connect()
    try:
        yield SimpleNamespace(
            **{
                name: con.read_parquet(folder / f"{name}.parquet", table_name=name)
                for name in TABLES
            }
        )
    finally:
        con.disconnect()


def skymill_on_mill(con: ibis.BaseBackend) -> SimpleNamespace:
    """The skymill tables of an ``ibis.mill`` connection whose server serves ``skymill``."""
    return SimpleNamespace(**{name: con.table(name, database="skymill") for name in TABLES})


def duckdb_answer(name: str, duckdb_tables: SimpleNamespace) -> pa.Table:
    """The result of corpus query ``name`` on ``ibis.duckdb`` (computed once per process)."""
    if name not in _duckdb_answers:
        _duckdb_answers[name] = QUERIES[name](duckdb_tables).as_table().to_pyarrow()
    return _duckdb_answers[name]


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
    """The rows of ``table`` as tuples, in table order."""
    return list(zip(*(column.to_pylist() for column in table.columns)))


def sort_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A key ordering rows of mixed values, NULLs last, floats to 9 significant digits."""
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
    """Equal values; floats within 1e-9 (relative or absolute), NaN equal to NaN."""
    if isinstance(want, float) and isinstance(got, float):
        if math.isnan(want) or math.isnan(got):
            return math.isnan(want) and math.isnan(got)
        return math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(map(same_value, want, got))
    return want == got
