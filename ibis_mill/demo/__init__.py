"""``python -m ibis_mill demo``: ibis on Mill in one minute, with nothing but this package.

The demo generates a sample shop dataset (:mod:`ibis_mill.demo.data`), serves its
Parquet tables on a local Mill-compatible server (DuckDB engine), connects with
``ibis.mill.connect("grpc://...")`` and runs a short analysis: lazy expressions and the
Calcite SQL each compiles to, results as Arrow, polars and pandas, a window function, the
same query over HTTP, and a side-by-side join of the remote orders with a local CSV
source.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

__all__ = ["run"]


def run(rows: int = 200_000, *, data_dir: Path | None = None, out: TextIO = sys.stdout) -> None:
    """Generate the dataset, serve it, and print the analysis to ``out``.

    Args:
        rows: Number of orders to generate.
        data_dir: Where to write the dataset; a temporary folder (removed afterwards)
            when None.
        out: Where to print.
    """
    if data_dir is not None:
        _run(rows, Path(data_dir), out)
        return
    with tempfile.TemporaryDirectory(prefix="ibis-mill-demo-") as tmp:
        _run(rows, Path(tmp), out)


def _run(rows: int, root: Path, out: TextIO) -> None:
    import ibis
    import polars as pl
    from ibis import _

    from ibis_mill.demo.data import generate
    from ibis_mill.engines import engine_from_descriptors
    from mill_client.server import MillServer

    def say(*parts: object) -> None:
        print(*parts, file=out, flush=True)

    def section(title: str) -> None:
        say()
        say(f"== {title} " + "=" * max(0, 74 - len(title)))

    def show(expr: ibis.Expr, title: str) -> None:
        section(title)
        say(con.compile(expr))
        say()
        say(pl.from_arrow(expr.to_pyarrow()))

    begin = time.perf_counter()
    dataset = generate(root, rows=rows)
    say(f"Generated {rows:,} orders in {root} ({time.perf_counter() - begin:.1f}s)")

    engine = engine_from_descriptors("duckdb", [dataset.server_descriptor])
    with MillServer(engine) as server:
        say(f"Local Mill server: {server.grpc_url} and {server.http_url}")
        con = ibis.mill.connect(server.grpc_url, progress=out.isatty())
        pl.Config.set_tbl_rows(12)
        pl.Config.set_tbl_width_chars(110)

        section("Catalog")
        say(f"server protocol {con.version}; schemas: {con.list_databases()}")
        say(f"tables in 'shop': {con.list_tables(database='shop')}")
        orders = con.table("orders", database="shop")
        customers = con.table("customers", database="shop")
        say(orders.schema())

        delivered = orders.filter(_.status == "delivered")
        revenue = (
            delivered.join(customers, "customer_id")
            .group_by("city")
            .agg(
                orders=_.count(),
                revenue=(_.quantity * _.unit_price).sum().round(2),
                coupons=_.coupon.notnull().sum(),
            )
            .order_by(ibis.desc("revenue"))
        )
        show(revenue, "Revenue of delivered orders by city (lazy expression -> Calcite SQL)")

        monthly = (
            orders.filter(_.status != "cancelled")
            .mutate(month=_.ordered_at.truncate("M").date())
            .group_by("month")
            .agg(revenue=(_.quantity * _.unit_price).sum())
        )
        windowed = monthly.mutate(
            running=_.revenue.cumsum(order_by=_.month).round(0),
            rank=ibis.rank().over(order_by=ibis.desc(_.revenue)) + 1,
            revenue=_.revenue.round(0),
        ).order_by("month")
        show(windowed, "Monthly revenue, running total and rank (window functions)")

        section("One result, three shapes: Arrow, polars, pandas")
        top = revenue.limit(3)
        arrow_table = top.to_pyarrow()
        say(f"pyarrow.Table {arrow_table.num_rows}x{arrow_table.num_columns}: {arrow_table.schema}")
        say(f"polars: {top.to_polars().shape} -> {type(top.to_polars()).__name__}")
        say(top.execute())

        section("The same query over HTTP (protobuf bodies)")
        http = ibis.mill.connect(server.http_url, encoding="protobuf")
        same = http.table("orders", database="shop").count().execute()
        say(f"orders over HTTP: {same:,}; over gRPC: {orders.count().execute():,}")

        section("A large fetch, streamed block by block")
        started = time.perf_counter()
        big = orders.select("order_id", "customer_id", "ordered_at", "unit_price").to_pyarrow()
        elapsed = time.perf_counter() - started
        say(f"{big.num_rows:,} rows x {big.num_columns} columns in {elapsed:.2f}s "
            f"({big.num_rows / elapsed / 1e6:.2f} M rows/s)")

        section("Side by side: remote orders joined with a local CSV source")
        con.register_source(dataset.local_descriptor)
        say(f"databases now: {con.list_databases()}")
        products = con.table("products", database="planning")
        by_category = (
            delivered.join(products, "product_id")
            .group_by("category")
            .agg(revenue=(_.quantity * _.unit_price).sum().round(0), units=_.quantity.sum())
            .order_by(ibis.desc("revenue"))
        )
        say(con.explain(by_category))
        say()
        say(pl.from_arrow(by_category.to_pyarrow()))
        http.disconnect()
        con.disconnect()
    say()
    say(f"Done in {time.perf_counter() - begin:.1f}s.")
