"""Rewrites of ibis expression trees that :class:`~ibis_mill.compiler.MillCompiler` applies.

**Reductions computed with window functions.** Mill can run none of these as aggregates:
Calcite's standard table has no ``ARG_MIN``, ordered ``FIRST_VALUE`` or ``MODE`` aggregate,
and Mill's isthmus converts neither those nor ``PERCENTILE_CONT``/``PERCENTILE_DISC``. Window
functions it runs, so an aggregation using them is computed in steps: projections of the
aggregated table add window columns (partitioned by the aggregation's groups), and the
aggregation reads them. A row *qualifies* when it passes the reduction's ``where`` and its value
(or key) is not NULL; qualifying rows are ordered first, so a group without any gets NULL.

- ``first``/``last``/``argmin``/``argmax``: ``FIRST_VALUE(CASE WHEN <qualifies> THEN <arg>
  END) OVER (PARTITION BY <groups> ORDER BY CASE WHEN <qualifies> THEN 0 ELSE 1 END, <keys>)``,
  the keys being the reduction's order (reversed for ``last``; the key ascending for
  ``argmin``, descending for ``argmax``); ``first``/``last`` with ``include_null`` let NULL
  values qualify. The aggregation takes that column's value (equal on every row of its group).
- ``median``/``quantile`` (and their approximate forms, computed exactly): each qualifying row
  gets its 0-based rank among the group's sorted values and the group's count ``n``. Numeric
  values are interpolated linearly between the ranks ``floor(h)`` and ``ceil(h)`` with
  ``h = (n - 1)·q`` (``PERCENTILE_CONT``, pandas' default); other values (dates, strings) take
  rank ``max(ceil(n·q) - 1, 0)`` (``PERCENTILE_DISC``).
- ``mode``: each qualifying row gets the count of its value in the group; then ``FIRST_VALUE``
  of the value ordered by that count, descending, then the value (ties pick the smallest, as
  pandas does).

Ties (and ``first``/``last`` without an order) otherwise pick any of the candidate rows, as
ibis allows.

**Computed limits.** A limit or offset computed from the table (``t[-3:]`` is
``OFFSET COUNT(*) - 3``) is not a literal, which Mill's isthmus requires: the rows are numbered
instead (``ROW_NUMBER()`` in the table's sort order, if any) and filtered on that number, the
bounds being scalar subqueries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
from ibis.backends.sql.rewrites import FirstValue
from ibis.common.patterns import replace
from ibis.expr.rewrites import p

__all__ = [
    "WINDOWED_REDUCTIONS",
    "computed_limits_as_row_filters",
    "windowed_reductions",
]

_PICKED = (ops.First, ops.Last, ops.ArgMin, ops.ArgMax)
_QUANTILES = (ops.Median, ops.Quantile)  # with their Approx* subclasses

#: The reductions computed through window functions.
WINDOWED_REDUCTIONS = (
    *_PICKED,
    ops.Median,
    ops.ApproxMedian,
    ops.Quantile,
    ops.ApproxQuantile,
    ops.Mode,
)

#: A value over the relation given (the final projection, or the first one).
_Over = Callable[[ops.Relation], ops.Value]


@dataclass
class _Plan:
    """The window columns an aggregation needs, in two projections, and its new metrics.

    Columns of the first projection are over the aggregated table; columns of the second are
    built over the first (they may order by its windows). The second repeats every column of
    the first, so metrics read any column from the last projection.
    """

    parent: ops.Relation
    groups: tuple[ops.Value, ...]
    first: dict[str, ops.Value] = field(default_factory=dict)
    second: dict[str, _Over] = field(default_factory=dict)
    metrics: dict[ops.Value, _Over] = field(default_factory=dict)

    def name(self, stem: str) -> str:
        taken = {*self.parent.schema.names, *self.first, *self.second}
        name, number = stem, 0
        while name in taken:
            number += 1
            name = f"{stem}_{number}"
        return name

    def build(self, aggregate: ops.Aggregate) -> ops.Aggregate:
        columns = {name: ops.Field(self.parent, name) for name in self.parent.schema.names}
        last = ops.Project(self.parent, {**columns, **self.first})
        if self.second:
            carried = {name: ops.Field(last, name) for name in last.schema.names}
            built = {name: make(last) for name, make in self.second.items()}
            last = ops.Project(last, {**carried, **built})
        # Everything that read the aggregated table (its fields, COUNT(*)) reads the last
        # projection, which repeats its columns.
        mapping: dict[ops.Node, ops.Node] = {self.parent: last}
        mapping.update({reduction: make(last) for reduction, make in self.metrics.items()})
        return ops.Aggregate(
            last,
            {key: value.replace(mapping) for key, value in aggregate.groups.items()},
            {key: value.replace(mapping) for key, value in aggregate.metrics.items()},
        )

    def over(self, value: ops.Value, relation: ops.Relation) -> ops.Value:
        """``value`` (over the aggregated table) read from ``relation`` (a projection of it)."""
        return value.replace({self.parent: relation})


@replace(p.Aggregate)
def windowed_reductions(_, **kwargs):
    """Compute the aggregation's reductions that Mill lacks with window functions."""
    found = [
        node
        for metric in _.metrics.values()
        for node in metric.find(WINDOWED_REDUCTIONS, filter=ops.Value)
    ]
    if not found:
        return _
    plan = _Plan(_.parent, tuple(_.groups.values()))
    for reduction in dict.fromkeys(found):
        if isinstance(reduction, _PICKED):
            _pick(plan, reduction)
        elif isinstance(reduction, _QUANTILES):
            _quantile(plan, reduction)
        else:
            _mode(plan, reduction)
    return plan.build(_)


def _qualifies(reduction: ops.Reduction, *values: ops.Value) -> ops.Value | None:
    conditions = [ops.NotNull(value) for value in values]
    if reduction.where is not None:
        conditions.insert(0, reduction.where)
    return reduce(ops.And, conditions) if conditions else None


def _when(condition: ops.Value | None, value: ops.Value) -> ops.Value:
    if condition is None:
        return value
    return ops.IfElse(condition, value, ops.Literal(None, dtype=value.dtype))


def _qualifying_first(condition: ops.Value | None) -> list[ops.SortKey]:
    return [] if condition is None else [ops.SortKey(ops.IfElse(condition, 0, 1))]


def _pick(plan: _Plan, reduction: ops.Reduction) -> None:
    """first/last/argmin/argmax: the FIRST_VALUE of the qualifying rows in order."""
    if isinstance(reduction, (ops.ArgMin, ops.ArgMax)):
        qualifies = _qualifies(reduction, reduction.key)
        keys = [ops.SortKey(reduction.key, ascending=isinstance(reduction, ops.ArgMin))]
    else:
        qualifies = _qualifies(reduction, *(() if reduction.include_null else (reduction.arg,)))
        keys = list(reduction.order_by)
        if isinstance(reduction, ops.Last):
            keys = [
                ops.SortKey(key.arg, ascending=not key.ascending, nulls_first=not key.nulls_first)
                for key in keys
            ]
    name = plan.name(f"_{type(reduction).__name__.lower()}")
    plan.first[name] = ops.WindowFunction(
        FirstValue(_when(qualifies, reduction.arg)),
        group_by=plan.groups,
        order_by=(*_qualifying_first(qualifies), *keys),
    )
    plan.metrics[reduction] = lambda last: ops.Arbitrary(ops.Field(last, name))


def _quantile(plan: _Plan, reduction: ops.Reduction) -> None:
    """median/quantile: ranks and counts of the qualifying values, then the value at a rank."""
    arg = reduction.arg
    qualifies = _qualifies(reduction, arg)
    rank = plan.name("_rank")
    count = plan.name("_count")
    # SQL's ROW_NUMBER() counts from 1, ibis's row_number() from 0 (the rewrite that subtracts
    # 1 does not see the nodes made here).
    plan.first[rank] = ops.Subtract(
        ops.WindowFunction(
            ops.RowNumber(),
            group_by=plan.groups,
            order_by=(*_qualifying_first(qualifies), ops.SortKey(arg)),
        ),
        1,
    )
    plan.first[count] = ops.WindowFunction(ops.Count(_when(qualifies, arg)), group_by=plan.groups)
    q = (
        ops.Literal(0.5, dtype=dt.float64)
        if isinstance(reduction, ops.Median)
        else reduction.quantile
    )

    def metric(last: ops.Relation) -> ops.Value:
        value = plan.over(arg, last)
        n = ops.Field(last, count)

        def at(position: ops.Value) -> ops.Value:
            hit = ops.Equals(ops.Field(last, rank), position)
            return ops.Min(_when(hit, value))

        if not arg.dtype.is_numeric():
            position = ops.Subtract(ops.Ceil(ops.Multiply(n, q)), 1)
            return at(ops.IfElse(ops.Less(position, 0), 0, position))
        h = ops.Multiply(ops.Subtract(n, 1), q)
        low, high = at(ops.Floor(h)), at(ops.Ceil(h))
        fraction = ops.Min(ops.Subtract(h, ops.Floor(h)))
        return ops.Add(low, ops.Multiply(fraction, ops.Subtract(high, low)))

    plan.metrics[reduction] = metric


def _mode(plan: _Plan, reduction: ops.Mode) -> None:
    """mode: the most frequent qualifying value (the smallest of equally frequent ones)."""
    arg = reduction.arg
    qualifies = _qualifies(reduction, arg)
    frequency = plan.name("_frequency")
    plan.first[frequency] = ops.WindowFunction(
        ops.Count(_when(qualifies, arg)), group_by=(*plan.groups, arg)
    )
    mode = plan.name("_mode")

    def window(first: ops.Relation) -> ops.Value:
        condition = None if qualifies is None else plan.over(qualifies, first)
        value = plan.over(arg, first)
        return ops.WindowFunction(
            FirstValue(_when(condition, value)),
            group_by=tuple(plan.over(group, first) for group in plan.groups),
            order_by=(
                *_qualifying_first(condition),
                ops.SortKey(ops.Field(first, frequency), ascending=False),
                ops.SortKey(value),
            ),
        )

    plan.second[mode] = window
    plan.metrics[reduction] = lambda last: ops.Arbitrary(ops.Field(last, mode))


@replace(p.Limit)
def computed_limits_as_row_filters(_, **kwargs):
    """Filter on row numbers when a limit or offset is an expression rather than an int."""
    if isinstance(_.offset, int) and (_.n is None or isinstance(_.n, int)):
        return _
    parent = _.parent
    keys = parent.keys if isinstance(parent, ops.Sort) else ()
    name = "_row"
    while name in parent.schema.names:
        name = f"_{name}"
    columns = {column: ops.Field(parent, column) for column in parent.schema.names}
    # The sort keys read the sorted table's input, whose columns the sorted table repeats.
    ordering = tuple(key.replace({parent.parent: parent}) for key in keys)
    # SQL's ROW_NUMBER() counts from 1, ibis's row_number() from 0 (see _quantile).
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
    tables = {node.rel for node in value.find(ops.Field, filter=ops.Value)}
    tables |= {node.arg for node in value.find(ops.CountStar, filter=ops.Value)}
    if not tables:
        return value
    if len(tables) > 1:
        raise com.UnsupportedOperationError(
            "Mill needs a computed limit or offset to read a single table"
        )
    (table,) = tables
    return ops.ScalarSubquery(ops.Aggregate(table, {}, {"bound": value}))
