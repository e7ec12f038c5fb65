"""Results and plans of the three kinds of expression: remote, local and side by side."""

from __future__ import annotations

from types import SimpleNamespace

import ibis
import ibis.expr.types as ir
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from ibis import _

from mill_client.server import MillServer

from .compare import assert_same_result


def remote_expr(t: SimpleNamespace) -> ir.Table:
    o = t.orders
    return o.filter(o.amount > 5).select("id", "amount").order_by("id")


def local_expr(t: SimpleNamespace) -> ir.Table:
    c = t.customers
    return c.filter(c.tier == "gold").select("id", "name").order_by("id")


def side_by_side_expr(t: SimpleNamespace) -> ir.Table:
    o, c = t.orders, t.customers
    joined = o.filter(o.amount > 5).join(c, o.customer_id == c.id)
    return joined.group_by(c.city).agg(total=o.amount.sum()).order_by("city")


KINDS = {"remote": remote_expr, "local": local_expr, "side-by-side": side_by_side_expr}
EXPECTED = {
    "remote": {"id": [1, 2, 4, 7], "amount": [10.5, 20.25, 7.0, 8.5]},
    "local": {"id": [10, 40], "name": ["Ada", "Barbara"]},
    "side-by-side": {"city": ["Basel", "Zurich"], "total": [8.5, 37.75]},
}


def tables(con: ibis.BaseBackend) -> SimpleNamespace:
    return SimpleNamespace(
        orders=con.table("orders", database="shop"),
        customers=con.table("customers", database="crm"),
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_result_method(kind: str, shop) -> None:
    expr = KINDS[kind](tables(shop))
    assert shop.plan(expr).kind == kind
    expected = pa.table(EXPECTED[kind], schema=expr.schema().to_pyarrow())
    assert expr.to_pyarrow().equals(expected)
    pd.testing.assert_frame_equal(expr.execute(), expected.to_pandas())
    assert expr.to_polars().equals(pl.from_arrow(expected))
    with expr.to_pyarrow_batches(chunk_size=1) as reader:
        assert reader.schema == expected.schema
        batches = list(reader)
    assert [batch.num_rows for batch in batches] == [1] * expected.num_rows
    assert pa.Table.from_batches(batches).equals(expected)
    first = expected.column_names[0]
    assert expr[first].to_pyarrow().to_pylist() == EXPECTED[kind][first]
    assert expr.count().execute() == expected.num_rows


@pytest.mark.parametrize("kind", list(KINDS))
def test_same_results_as_duckdb(kind: str, shop, shop_reference) -> None:
    assert_same_result(KINDS[kind](tables(shop)), KINDS[kind](shop_reference), ordered=True)


def test_compile_remote_is_the_calcite_sql(shop) -> None:
    o = tables(shop).orders
    assert shop.compile(o.filter(o.amount > 5).select("id")) == (
        "SELECT `t0`.`id` FROM `shop`.`orders` AS `t0` WHERE `t0`.`amount` > 5"
    )


def test_compile_local_is_the_duckdb_sql(shop) -> None:
    c = tables(shop).customers
    assert shop.compile(c.filter(c.tier == "gold").select("name")) == (
        'SELECT "t0"."name" FROM "memory"."crm"."customers" AS "t0" WHERE "t0"."tier" = \'gold\''
    )


SIDE_BY_SIDE_PLAN = """\
-- side-by-side: 1 remote fragment run on Mill, DuckDB runs the rest over their rows
-- remote_1: runs on Mill, reads shop.orders; columns customer_id int64, amount float64
SELECT
  `t0`.`customer_id`,
  `t0`.`amount`
FROM `shop`.`orders` AS `t0`
WHERE
  `t0`.`amount` > 5;

-- local: runs in DuckDB, reads remote_1, crm.customers
SELECT
  *
FROM (
  SELECT
    "t4"."city",
    SUM("t4"."amount") AS "total"
  FROM (
    SELECT
      "t2"."amount",
      "t3"."city"
    FROM "remote_1" AS "t2"
    INNER JOIN "memory"."crm"."customers" AS "t3"
      ON "t2"."customer_id" = "t3"."id"
  ) AS "t4"
  GROUP BY
    1
) AS "t5"
ORDER BY
  "t5"."city" ASC"""


def test_explain_and_compile_show_the_side_by_side_plan(shop) -> None:
    expr = side_by_side_expr(tables(shop))
    assert shop.explain(expr) == SIDE_BY_SIDE_PLAN
    assert shop.compile(expr) == SIDE_BY_SIDE_PLAN
    assert expr.compile() == SIDE_BY_SIDE_PLAN


def test_explain_remote_and_local(shop) -> None:
    t = tables(shop)
    assert shop.explain(t.orders.filter(_.amount > 5).select("id")) == (
        "-- remote: runs on Mill, reads shop.orders\n"
        "SELECT\n  `t0`.`id`\nFROM `shop`.`orders` AS `t0`\nWHERE\n  `t0`.`amount` > 5"
    )
    assert shop.explain(t.customers.select("name")) == (
        '-- local: runs in DuckDB, reads crm.customers\nSELECT\n  "t0"."name"\n'
        'FROM "memory"."crm"."customers" AS "t0"'
    )


def test_plan_structure(shop) -> None:
    expr = side_by_side_expr(tables(shop))
    plan = shop.plan(expr)
    assert plan.kind == "side-by-side"
    (fragment,) = plan.remote
    assert fragment.name == "remote_1"
    assert fragment.tables == ("shop.orders",)
    assert fragment.schema == ibis.schema({"customer_id": "int64", "amount": "float64"})
    assert fragment.sql == (
        "SELECT `t0`.`customer_id`, `t0`.`amount` FROM `shop`.`orders` AS `t0` "
        "WHERE `t0`.`amount` > 5"
    )
    assert plan.local_tables == ("crm.customers",)
    assert plan.local is not None and plan.local.schema() == expr.schema()
    remote = shop.plan(remote_expr(tables(shop)))
    assert (remote.kind, remote.local, remote.local_sql, remote.local_tables) == (
        "remote",
        None,
        None,
        (),
    )
    local = shop.plan(local_expr(tables(shop)))
    assert (local.kind, local.remote) == ("local", ())


def test_params_and_limit_side_by_side(shop, shop_server: MillServer) -> None:
    o, c = tables(shop).orders, tables(shop).customers
    threshold = ibis.param("float64")
    expr = o.filter(o.amount > threshold).join(c, o.customer_id == c.id).select(o.id, c.name)
    result = expr.order_by("id").execute(params={threshold: 9.0})
    assert result.to_dict("list") == {"id": [1, 2], "name": ["Ada", "Ada"]}
    assert shop_server.received_sql[-1] == (
        "SELECT `t0`.`id`, `t0`.`customer_id` FROM `shop`.`orders` AS `t0` "
        "WHERE `t0`.`amount` > 9.0E0"
    )
    assert expr.to_pyarrow(params={threshold: 1.0}, limit=2).num_rows == 2


def test_memtables_join_local_and_side_by_side_expressions(shop) -> None:
    o, c = tables(shop).orders, tables(shop).customers
    bonus = ibis.memtable({"tier": ["gold", "silver"], "bonus": [2, 1]})
    local = c.join(bonus, "tier").select("name", "bonus").order_by("name")
    assert shop.plan(local).kind == "local"
    assert local.to_pyarrow().to_pydict() == {
        "name": ["Ada", "Barbara", "Edsger", "Grace"],
        "bonus": [2, 2, 1, 1],
    }
    both = o.join(c, o.customer_id == c.id).join(bonus, c.tier == bonus.tier)
    both = both.group_by(o.id).agg(points=bonus.bonus.sum()).order_by("id")
    assert shop.plan(both).kind == "side-by-side"
    assert both.to_pyarrow().to_pydict() == {"id": [1, 2, 3, 7], "points": [2, 2, 1, 1]}


@pytest.mark.parametrize("encoding", ["json", "protobuf"])
def test_side_by_side_over_http(
    encoding: str, shop_server: MillServer, crm_descriptor: str
) -> None:
    con = ibis.mill.connect(shop_server.http_url, encoding=encoding, sources=[crm_descriptor])
    try:
        result = side_by_side_expr(tables(con)).to_pyarrow()
        assert result.to_pydict() == EXPECTED["side-by-side"]
    finally:
        con.disconnect()


def test_mill_sql_query_joined_with_a_local_table(shop) -> None:
    totals = shop.sql(
        "SELECT `customer_id`, SUM(`amount`) AS `total` FROM `shop`.`orders` GROUP BY `customer_id`"
    )
    customers = tables(shop).customers
    expr = totals.join(customers, totals.customer_id == customers.id)
    expr = expr.select(customers.name, totals.total).order_by("name")
    (fragment,) = shop.plan(expr).remote
    assert fragment.tables == ("an SQL query",)
    assert expr.to_pyarrow().to_pydict() == {
        "name": ["Ada", "Grace", "Linus"],
        "total": [30.75, 11.5, 7.0],
    }
