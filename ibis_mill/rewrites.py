"""Rewrites of ibis expression trees that :class:`~ibis_mill.compiler.MillCompiler` applies.

Order-sensitive reductions (``first``, ``last``, ``argmin``, ``argmax``) have no aggregate that
Mill can run: Calcite's standard table has no ``ARG_MIN`` or ordered ``FIRST_VALUE`` aggregate,
and Mill's isthmus converts none. Window functions it has, so an aggregation using them is
computed in two steps:

1. a projection of the aggregated table adds, for each such reduction, a column holding the
   value it picks in the row's group::

       FIRST_VALUE(CASE WHEN <qualifies> THEN <arg> END) OVER (
           PARTITION BY <groups>
           ORDER BY CASE WHEN <qualifies> THEN 0 ELSE 1 END, <keys>
       )

   where a row qualifies when it passes the reduction's ``where``, has a non-NULL key
   (``argmin``/``argmax``) or a non-NULL value (``first``/``last`` without ``include_null``),
   and the keys are the reduction's order (reversed for ``last``; the key ascending for
   ``argmin``, descending for ``argmax``). Qualifying rows come first, so a group without any
   gets NULL;
2. the aggregation takes that column's value (equal on every row of the group) with
   ``ARBITRARY`` (``MIN``).

Ties (and ``first``/``last`` without an order) pick any of the candidate rows, as ibis allows.

A limit or offset computed from the table (``t[-3:]`` is ``OFFSET COUNT(*) - 3``) is not a
literal, which Mill's isthmus requires: the rows are numbered instead (``ROW_NUMBER()`` in the
table's sort order, if any) and filtered on that number, the bounds being scalar subqueries.
"""

from __future__ import annotations

from functools import reduce

import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
from ibis.backends.sql.rewrites import FirstValue
from ibis.common.patterns import replace
from ibis.expr.rewrites import p

__all__ = [
    "ORDER_SENSITIVE_REDUCTIONS",
    "computed_limits_as_row_filters",
    "order_sensitive_reductions_as_windows",
]

#: The reductions computed through window functions.
ORDER_SENSITIVE_REDUCTIONS = (ops.First, ops.Last, ops.ArgMin, ops.ArgMax)


@replace(p.Aggregate)
def order_sensitive_reductions_as_windows(_, **kwargs):
    """Compute the aggregation's order-sensitive reductions with FIRST_VALUE windows."""
    found = [
        node
        for metric in _.metrics.values()
        for node in metric.find(ORDER_SENSITIVE_REDUCTIONS, filter=ops.Value)
    ]
    if not found:
        return _
    parent = _.parent
    taken = set(parent.schema.names)
    windows: dict[str, ops.WindowFunction] = {}
    picked: dict[ops.Value, str] = {}
    for reduction in dict.fromkeys(found):
        name = _fresh_name(f"_{type(reduction).__name__.lower()}", taken)
        windows[name] = _picking_window(reduction, tuple(_.groups.values()))
        picked[reduction] = name
    columns = {name: ops.Field(parent, name) for name in parent.schema.names}
    projected = ops.Project(parent, {**columns, **windows})
    # Everything that read the aggregated table (its fields, COUNT(*)) reads the projection.
    mapping: dict[ops.Node, ops.Node] = {parent: projected}
    mapping.update(
        {reduction: ops.Arbitrary(ops.Field(projected, name)) for reduction, name in picked.items()}
    )
    return ops.Aggregate(
        projected,
        {key: value.replace(mapping) for key, value in _.groups.items()},
        {key: value.replace(mapping) for key, value in _.metrics.items()},
    )


def _picking_window(reduction: ops.Reduction, groups: tuple[ops.Value, ...]) -> ops.WindowFunction:
    """The FIRST_VALUE window giving, on every row, the value ``reduction`` picks in its group."""
    conditions = [] if reduction.where is None else [reduction.where]
    if isinstance(reduction, (ops.ArgMin, ops.ArgMax)):
        conditions.append(ops.NotNull(reduction.key))
        keys = [ops.SortKey(reduction.key, ascending=isinstance(reduction, ops.ArgMin))]
    else:
        if not reduction.include_null:
            conditions.append(ops.NotNull(reduction.arg))
        keys = list(reduction.order_by)
        if isinstance(reduction, ops.Last):
            keys = [
                ops.SortKey(key.arg, ascending=not key.ascending, nulls_first=not key.nulls_first)
                for key in keys
            ]
    value = reduction.arg
    if conditions:
        qualifies = reduce(ops.And, conditions)
        value = ops.IfElse(qualifies, value, ops.Literal(None, dtype=value.dtype))
        keys.insert(0, ops.SortKey(ops.IfElse(qualifies, 0, 1)))
    return ops.WindowFunction(FirstValue(value), group_by=groups, order_by=tuple(keys))


def _fresh_name(stem: str, taken: set[str]) -> str:
    name, number = stem, 0
    while name in taken:
        number += 1
        name = f"{stem}_{number}"
    taken.add(name)
    return name


@replace(p.Limit)
def computed_limits_as_row_filters(_, **kwargs):
    """Filter on row numbers when a limit or offset is an expression rather than an int."""
    if isinstance(_.offset, int) and (_.n is None or isinstance(_.n, int)):
        return _
    parent = _.parent
    keys = parent.keys if isinstance(parent, ops.Sort) else ()
    name = _fresh_name("_row", set(parent.schema.names))
    columns = {column: ops.Field(parent, column) for column in parent.schema.names}
    # The sort keys read the sorted table's input, whose columns the sorted table repeats.
    ordering = tuple(key.replace({parent.parent: parent}) for key in keys)
    # SQL's ROW_NUMBER() counts from 1, ibis's row_number() from 0 (the rewrite that subtracts
    # 1 does not see the nodes made here).
    number = ops.Subtract(ops.WindowFunction(ops.RowNumber(), order_by=ordering), 1)
    numbered = ops.Project(parent, {**columns, name: number})
    row = ops.Field(numbered, name)
    first = _bound(_.offset)
    predicates = [ops.GreaterEqual(row, first)]
    if _.n is not None:
        predicates.append(ops.Less(row, ops.Add(first, _bound(_.n))))
    kept = ops.Filter(numbered, predicates)
    result = ops.Project(kept, {column: ops.Field(kept, column) for column in columns})
    if not keys:
        return result
    return ops.Sort(result, tuple(key.replace({parent: result}) for key in ordering))


def _bound(value: int | ops.Value) -> ops.Value:
    """A limit or offset as a value: a literal, or a scalar subquery over the table it reads.

    Raises:
        UnsupportedOperationError: The value reads more than one table.
    """
    if isinstance(value, int):
        return ops.Literal(value, dtype=dt.int64)
    tables = {field.rel for field in value.find(ops.Field, filter=ops.Value)}
    tables |= {count.arg for count in value.find(ops.CountStar, filter=ops.Value)}
    if not tables:
        return value
    if len(tables) > 1:
        raise com.UnsupportedOperationError(
            "Mill needs a computed limit or offset to read a single table"
        )
    (table,) = tables
    return ops.ScalarSubquery(ops.Aggregate(table, {}, {"bound": value}))
