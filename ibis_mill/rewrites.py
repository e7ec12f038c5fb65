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
"""

from __future__ import annotations

from functools import reduce

import ibis.expr.operations as ops
from ibis.backends.sql.rewrites import FirstValue
from ibis.common.patterns import replace
from ibis.expr.rewrites import p

__all__ = ["ORDER_SENSITIVE_REDUCTIONS", "order_sensitive_reductions_as_windows"]

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
