"""``ibis.mill.has_operation`` and ``ibis.mill.compile`` work without a connection."""

from __future__ import annotations

import inspect

import ibis
import ibis.common.exceptions as com
import ibis.expr.operations as ops
import pytest

from ibis_mill import Backend


def concrete_value_ops() -> set[type[ops.Value]]:
    """Every concrete ``ibis.expr.operations`` Value class (337 in ibis 12)."""
    found: set[type[ops.Value]] = set()
    pending = [ops.Value]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if not inspect.isabstract(sub) and sub.__module__.startswith("ibis.expr.operations"):
                found.add(sub)
    return found


def test_has_operation_is_a_module_level_function() -> None:
    assert ibis.mill.has_operation(ops.Add)
    assert ibis.mill.has_operation(ops.Sum)
    assert ibis.mill.has_operation(ops.RowNumber)
    assert not ibis.mill.has_operation(ops.RegexSearch)


def test_has_operation_agrees_with_the_compiler_unsupported_ops() -> None:
    for op in Backend.compiler.UNSUPPORTED_OPS:
        assert not ibis.mill.has_operation(op), op.__name__


def test_claimed_operations_are_a_strict_subset_of_all_value_ops() -> None:
    everything = concrete_value_ops()
    claimed = {op for op in everything if ibis.mill.has_operation(op)}
    assert len(everything) == 337
    assert 100 < len(claimed) < len(everything)


def test_compile_returns_mill_sql_text() -> None:
    t = ibis.table({"id": "int64", "city": "string"}, name="cities", database="skymill")
    expr = t.filter(t.id != 3).select("city")
    sql = ibis.mill.compile(expr)
    assert isinstance(sql, str)
    assert "`skymill`.`cities`" in sql
    assert "<>" in sql and "!=" not in sql


def test_compile_rejects_unsupported_operations() -> None:
    t = ibis.table({"city": "string"}, name="cities", database="skymill")
    with pytest.raises(com.UnsupportedOperationError, match=r"^Mill cannot run RegexSearch: "):
        ibis.mill.compile(t.select(x=t.city.re_search("a")))
