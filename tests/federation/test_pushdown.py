"""What the remote fragments carry: pushed filters, pushed joins, only the needed columns.

Each case checks the exact SQL Mill received and that the result equals the same expression
on ``ibis.duckdb`` over the same data (outer joins included, where moving a filter would
change the answer).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import ibis
import ibis.expr.types as ir
import pytest
from ibis import _

from mill_client.server import MillServer

from .compare import assert_same_result

Query = Callable[[SimpleNamespace], ir.Table]


def tables(con: ibis.BaseBackend) -> SimpleNamespace:
    """The shop's remote tables and the crm's local ones, by name."""
    return SimpleNamespace(
        orders=con.table("orders", database="shop"),
        returns=con.table("returns", database="shop"),
        customers=con.table("customers", database="crm"),
        regions=con.table("regions", database="crm"),
    )


def run_and_capture(server: MillServer, expr: ir.Table) -> list[str]:
    """Run ``expr`` and return the SQL texts the server received meanwhile."""
    before = len(server.received_sql)
    expr.to_pyarrow()
    return server.received_sql[before:]


def where_above_join(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    joined = o.join(c, o.customer_id == c.id)
    return joined.filter(o.status == "shipped", c.tier == "gold").select(o.id, c.name)


def on_clause(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return o.join(c, [o.customer_id == c.id, o.amount > 5]).select(o.id, c.name)


def filter_below_join(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    shipped = o.filter(o.status == "shipped")
    return c.join(shipped, c.id == shipped.customer_id).select(c.name, shipped.amount)


def remote_join_then_local(t: SimpleNamespace) -> ir.Table:
    o, r, c = t.orders, t.returns, t.customers
    return (
        o.join(r, o.id == r.order_id).join(c, o.customer_id == c.id).select(o.id, r.reason, c.name)
    )


def remote_aggregate(t: SimpleNamespace) -> ir.Table:
    totals = t.orders.group_by("customer_id").agg(total=_.amount.sum())
    return totals.join(t.customers, totals.customer_id == t.customers.id).select("name", "total")


def semi_join_local_on_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return c.semi_join(o.filter(o.status == "shipped"), c.id == o.customer_id)


def right_join_filter_on_preserved_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return c.right_join(o, c.id == o.customer_id).filter(o.amount > 5).select(o.id, c.name)


def left_join_filter_on_preserved_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return o.left_join(c, o.customer_id == c.id).filter(o.amount > 5).select(o.id, c.name)


def left_join_filter_on_padded_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return c.left_join(o, c.id == o.customer_id).filter(o.amount.isnull()).select(c.name)


def outer_join_filter_on_padded_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return c.outer_join(o, c.id == o.customer_id).filter(o.amount > 5).select(o.id, c.name)


def left_join_on_clause_of_preserved_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return o.left_join(c, [o.customer_id == c.id, o.amount > 5]).select(o.id, c.name)


def left_join_on_clause_of_padded_remote(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return c.left_join(o, [c.id == o.customer_id, o.status == "shipped"]).select(c.name, o.id)


def count_only(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    return o.join(c, o.customer_id == c.id).agg(n=_.count())


ORDERS = "FROM `shop`.`orders` AS `t0`"

CASES: dict[Query, str] = {
    where_above_join: (
        f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS} WHERE `t0`.`status` = 'shipped'"
    ),
    on_clause: f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS} WHERE `t0`.`amount` > 5",
    filter_below_join: (
        f"SELECT `t0`.`customer_id`, `t0`.`amount` {ORDERS} WHERE `t0`.`status` = 'shipped'"
    ),
    remote_join_then_local: (
        "SELECT `t2`.`id`, `t2`.`customer_id`, `t3`.`reason` FROM `shop`.`orders` AS `t2` "
        "INNER JOIN `shop`.`returns` AS `t3` ON `t2`.`id` = `t3`.`order_id`"
    ),
    remote_aggregate: (
        f"SELECT `t0`.`customer_id`, SUM(`t0`.`amount`) AS `total` {ORDERS} "
        "GROUP BY `t0`.`customer_id`"
    ),
    semi_join_local_on_remote: (
        f"SELECT `t0`.`customer_id` {ORDERS} WHERE `t0`.`status` = 'shipped'"
    ),
    right_join_filter_on_preserved_remote: (
        f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS} WHERE `t0`.`amount` > 5"
    ),
    left_join_filter_on_preserved_remote: (
        f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS} WHERE `t0`.`amount` > 5"
    ),
    # NULL-padded by the outer join: the filter must stay above it, in DuckDB
    left_join_filter_on_padded_remote: f"SELECT `t0`.`customer_id`, `t0`.`amount` {ORDERS}",
    outer_join_filter_on_padded_remote: (
        f"SELECT `t0`.`id`, `t0`.`customer_id`, `t0`.`amount` {ORDERS}"
    ),
    # every order stays, matched or not: the ON predicate cannot filter the orders
    left_join_on_clause_of_preserved_remote: (
        f"SELECT `t0`.`id`, `t0`.`customer_id`, `t0`.`amount` {ORDERS}"
    ),
    left_join_on_clause_of_padded_remote: (
        f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS} WHERE `t0`.`status` = 'shipped'"
    ),
    # nothing above the join reads a column: it keeps its first one, orders.id
    count_only: f"SELECT `t0`.`id`, `t0`.`customer_id` {ORDERS}",
}


@pytest.mark.parametrize("query", list(CASES), ids=[query.__name__ for query in CASES])
def test_remote_fragment_sql_and_result(
    query: Query, shop, shop_server: MillServer, shop_reference: SimpleNamespace
) -> None:
    expr = query(tables(shop))
    plan = shop.plan(expr)
    assert plan.kind == "side-by-side"
    assert [fragment.sql for fragment in plan.remote] == [CASES[query]]
    assert run_and_capture(shop_server, expr) == [CASES[query]]
    assert_same_result(expr, query(shop_reference))


@pytest.mark.calcite
@pytest.mark.parametrize("query", list(CASES), ids=[query.__name__ for query in CASES])
def test_remote_fragments_run_on_calcite(
    query: Query, calcite_shop: tuple[MillServer, ibis.BaseBackend], shop_reference
) -> None:
    server, con = calcite_shop
    expr = query(tables(con))
    assert run_and_capture(server, expr) == [CASES[query]]
    assert_same_result(expr, query(shop_reference))


def test_remote_join_reads_both_tables_in_one_fragment(shop) -> None:
    (fragment,) = shop.plan(remote_join_then_local(tables(shop))).remote
    assert fragment.tables == ("shop.orders", "shop.returns")
    assert fragment.schema == ibis.schema(
        {"id": "int64", "customer_id": "int64", "reason": "string"}
    )


def test_remote_only_parts_that_mill_cannot_run_are_cut_below(shop, shop_server) -> None:
    o, c = tables(shop).orders, tables(shop).customers
    flagged = o.mutate(rush=o.status.re_search("^sh"))  # Mill has no regex search
    expr = flagged.join(c, flagged.customer_id == c.id).filter(_.rush).select("id", "name")
    assert run_and_capture(shop_server, expr) == [
        f"SELECT `t0`.`id`, `t0`.`customer_id`, `t0`.`status` {ORDERS}"
    ]
    assert sorted(expr.execute().itertuples(index=False)) == [(1, "Ada"), (3, "Grace")]


def test_sort_over_a_remote_fragment_runs_locally(shop) -> None:
    o, c = tables(shop).orders, tables(shop).customers
    expr = o.filter(o.customer_id.isin(c.filter(c.city == "Zurich").id)).order_by(o.id.desc())
    plan = shop.plan(expr)
    assert [fragment.sql for fragment in plan.remote] == ["SELECT * FROM `shop`.`orders`"]
    assert expr.id.to_pyarrow().to_pylist() == [4, 2, 1]
