"""Shapes the planner must cut correctly: self joins around a local table, set operations,
correlated subqueries, windows and limits inside fragments, outer joins, long join chains.

Each expression is side by side and must give what ``ibis.duckdb`` gives over the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import ibis
import ibis.expr.types as ir
import pytest
from ibis import _

from .compare import assert_same_result
from .test_pushdown import tables

Query = Callable[[SimpleNamespace], ir.Table]


def self_join_around_local(t):
    o, c = t.orders, t.customers
    other = o.view()
    joined = o.join(c, o.customer_id == c.id).join(
        other, c.id == other.customer_id, rname="{name}_other"
    )
    return joined.select(o.id, c.name, other=other.id)


def union_of_three(t):
    o, c = t.orders, t.customers
    return o.select(x=o.id).union(c.select(x=c.id)).union(o.select(x=o.customer_id))


def predicate_across_sides(t):
    o, c = t.orders, t.customers
    return (
        o.join(c, o.customer_id == c.id).filter((o.amount > 10) | (c.tier == "gold")).select(o.id)
    )


def computed_join_keys(t):
    o, c = t.orders, t.customers
    return o.join(c, (o.customer_id + 0) == c.id).select(o.id, c.name)


def cross_join(t):
    o, g = t.orders, t.regions
    return o.filter(o.id < 3).cross_join(g).select(o.id, g.region)


def window_in_the_remote_fragment(t):
    ranked = t.orders.mutate(rn=ibis.row_number().over(order_by="id"))
    return ranked.join(t.customers, ranked.customer_id == t.customers.id).select("rn", "name")


def distinct_remote_rows(t):
    ids = t.orders.select("customer_id").distinct()
    return ids.join(t.customers, ids.customer_id == t.customers.id).select("name")


def dropped_columns(t):
    o, c = t.orders, t.customers
    return o.join(c, o.customer_id == c.id).drop("status", "city")


def left_join_fill_null(t):
    o, c = t.orders, t.customers
    joined = c.left_join(o, c.id == o.customer_id).select(c.name, amount=o.amount)
    return joined.fill_null({"amount": 0.0})


def limit_with_offset_in_the_fragment(t):
    page = t.orders.order_by("id").limit(3, offset=2)
    return page.join(t.customers, page.customer_id == t.customers.id).select("id", "name")


def remote_filtered_by_a_local_scalar(t):
    o, c = t.orders, t.customers
    return o.filter(o.amount > c.id.mean() / 5)


def correlated_exists(t):
    o, c = t.orders, t.customers
    return c.filter((o.customer_id == c.id).any()).select("name")


def intersection(t):
    return t.orders.select(x=_.customer_id).intersect(t.customers.select(x=_.id))


def difference(t):
    return t.customers.select(x=_.id).difference(t.orders.select(x=_.customer_id))


def outer_join_coalesce(t):
    o, c = t.orders, t.customers
    joined = c.outer_join(o, c.id == o.customer_id)
    return joined.select(key=ibis.coalesce(c.id, o.customer_id), amount=o.amount)


def right_join_filter_on_local(t):
    o, c = t.orders, t.customers
    return c.right_join(o, c.id == o.customer_id).filter(c.tier.isnull()).select(o.id)


def inner_then_left_join(t):
    o, r, c = t.orders, t.returns, t.customers
    joined = o.join(r, o.id == r.order_id).left_join(c, [o.customer_id == c.id, c.tier == "gold"])
    return joined.select(o.id, r.reason, c.name)


def remote_prefix_with_where(t):
    o, r, c = t.orders, t.returns, t.customers
    joined = o.join(r, o.id == r.order_id).join(c, o.customer_id == c.id)
    return joined.filter(r.reason != "lost", o.amount > 1).select(o.id, c.name)


def remote_local_remote(t):
    o, r, c = t.orders, t.returns, t.customers
    joined = o.join(c, o.customer_id == c.id).join(r, o.id == r.order_id)
    return joined.select(o.id, c.name, r.reason)


QUERIES: list[Query] = [
    self_join_around_local,
    union_of_three,
    predicate_across_sides,
    computed_join_keys,
    cross_join,
    window_in_the_remote_fragment,
    distinct_remote_rows,
    dropped_columns,
    left_join_fill_null,
    limit_with_offset_in_the_fragment,
    remote_filtered_by_a_local_scalar,
    correlated_exists,
    intersection,
    difference,
    outer_join_coalesce,
    right_join_filter_on_local,
    inner_then_left_join,
    remote_prefix_with_where,
    remote_local_remote,
]


@pytest.mark.parametrize("query", QUERIES, ids=[q.__name__ for q in QUERIES])
def test_planner_case(query: Query, shop, shop_reference) -> None:
    expr = query(tables(shop))
    assert shop.plan(expr).kind == "side-by-side"
    assert_same_result(expr, query(shop_reference))
