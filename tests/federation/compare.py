"""Comparing a side-by-side result with the same expression run on ``ibis.duckdb``."""

from __future__ import annotations

import math
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa


def rows(table: pa.Table, *, ordered: bool) -> list[tuple[Any, ...]]:
    """The rows of ``table`` as tuples (floats rounded to 9 digits), sorted unless ``ordered``."""
    data = [tuple(_normal(value) for value in row.values()) for row in table.to_pylist()]
    return data if ordered else sorted(data, key=_sort_key)


def assert_same_result(actual: ir.Table, expected: ir.Table, *, ordered: bool = False) -> None:
    """``actual`` (on ``ibis.mill``) and ``expected`` (on ``ibis.duckdb``) have the same
    schema and the same rows (as a multiset unless ``ordered``)."""
    assert actual.schema() == expected.schema()
    got = actual.to_pyarrow()
    want = expected.to_pyarrow()
    assert got.schema.names == want.schema.names
    assert rows(got, ordered=ordered) == rows(want, ordered=ordered)


def _normal(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    return value


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    return tuple((value is None, "" if value is None else value) for value in row)
