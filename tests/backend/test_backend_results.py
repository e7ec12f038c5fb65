"""Results through the wire: Arrow batches, pyarrow, polars, pandas, raw SQL, all typed by ibis."""

from __future__ import annotations

import datetime

import ibis
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from mill_client import QueryResult


def test_to_pyarrow_keeps_the_expression_types(shop) -> None:
    t = shop.table("orders")
    expr = t.select("id", "quantity", "priority", "weight", "paid", "ordered_on").order_by("id")
    table = expr.to_pyarrow()
    assert table.schema == expr.schema().to_pyarrow()
    assert table.schema.field("quantity").type == pa.int16()
    assert table.schema.field("priority").type == pa.int8()
    assert table.schema.field("weight").type == pa.float32()
    assert table.to_pydict() == {
        "id": [1, 2, 3, 4, 5],
        "quantity": [1, 2, 3, 4, 5],
        "priority": [1, 0, 1, 0, 1],
        "weight": [1.5, 2.5, 3.5, 4.5, 5.5],
        "paid": [True, False, True, None, False],
        "ordered_on": [datetime.date(2026, 1, d) for d in range(1, 6)],
    }


def test_to_pyarrow_batches_streams_blocks(shop) -> None:
    t = shop.table("orders")
    reader = t.select("id").order_by("id").to_pyarrow_batches(chunk_size=2)
    assert isinstance(reader, pa.RecordBatchReader)
    batches = list(reader)
    assert [b.num_rows for b in batches] == [2, 2, 1]
    assert [v for b in batches for v in b["id"].to_pylist()] == [1, 2, 3, 4, 5]


def test_empty_result_has_the_schema(shop) -> None:
    t = shop.table("orders")
    table = t.filter(t.id > 100).select("id", "status").to_pyarrow()
    assert table.num_rows == 0
    assert table.schema == pa.schema([("id", pa.int64()), ("status", pa.string())])


def test_to_polars(shop) -> None:
    t = shop.table("customers")
    df = t.order_by("id").to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df.to_dict(as_series=False) == {
        "id": [10, 20, 30],
        "name": ["Ada", "Grace", "Linus"],
        "city": ["Zurich", "Basel", "Zurich"],
    }


def test_execute_returns_pandas(shop) -> None:
    t = shop.table("orders")
    df = t.filter(t.status == "shipped").select("id", "amount").order_by("id").execute()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["id", "amount"]
    assert df["id"].tolist() == [1, 3]
    assert df["amount"].iloc[0] == 10.5
    assert pd.isna(df["amount"].iloc[1])


def test_execute_scalar_and_column(shop) -> None:
    t = shop.table("orders")
    assert t.quantity.sum().execute() == 15
    column = t.order_by("id").status.execute()
    assert isinstance(column, pd.Series)
    assert column.tolist()[:3] == ["shipped", "delivered", "shipped"]


def test_join_across_tables(shop) -> None:
    o, c = shop.table("orders"), shop.table("customers")
    expr = (
        o.join(c, o.customer_id == c.id)
        .group_by(c.city)
        .aggregate(n=ibis._.count(), qty=ibis._.quantity.sum())
        .order_by("city")
    )
    assert expr.to_pyarrow().to_pydict() == {
        "city": ["Basel", "Zurich"],
        "n": [1, 3],
        "qty": [3, 7],
    }


def test_memtable_is_inlined(shop) -> None:
    labels = ibis.memtable({"status": ["shipped", "cancelled"], "label": ["S", "C"]})
    o = shop.table("orders")
    expr = o.join(labels, "status").select("id", "label").order_by("id")
    assert expr.to_pyarrow().to_pydict() == {"id": [1, 3, 5], "label": ["S", "S", "C"]}


def test_sql_infers_the_schema_with_a_zero_row_query(shop, shop_server) -> None:
    before = len(shop_server.received_sql)
    t = shop.sql("SELECT `id`, `name` FROM `shop`.`customers` WHERE `city` = 'Zurich'")
    assert shop_server.received_sql[before:] == [
        (
            "SELECT * FROM (SELECT `id`, `name` FROM `shop`.`customers` WHERE `city` = 'Zurich') "
            "AS `t` LIMIT 0"
        )
    ]
    assert t.schema() == ibis.schema({"id": "int32", "name": "string"})
    assert t.order_by("id").to_pyarrow().to_pydict() == {"id": [10, 30], "name": ["Ada", "Linus"]}


def test_raw_sql_returns_the_query_result(shop) -> None:
    result = shop.raw_sql("SELECT COUNT(*) AS `n` FROM `shop`.`orders`")
    assert isinstance(result, QueryResult)
    assert result.read_all().to_pydict() == {"n": [5]}


def test_results_are_cast_back_from_wider_wire_types(shop) -> None:
    # The server sends the decimal as DOUBLE (Mill has no DECIMAL); ibis asked for one.
    t = shop.table("orders")
    expr = t.select("id", p=t.price.cast("decimal(10, 2)")).order_by("id").limit(2)
    table = expr.to_pyarrow()
    assert table.schema.field("p").type == pa.decimal128(10, 2)
    assert [str(v) for v in table["p"].to_pylist()] == ["10.50", "20.25"]


@pytest.mark.parametrize("progress", [False, True])
def test_progress_bar_does_not_change_results(shop_server, progress: bool) -> None:
    con = ibis.mill.connect(shop_server.grpc_url, database="shop", progress=progress)
    try:
        assert con.table("orders").count().to_pyarrow().as_py() == 5
    finally:
        con.disconnect()


def test_uuid_columns_are_listed_but_refused_as_outputs() -> None:
    """Mill lists UUID columns, but its JDBC result path cannot write them (JDBC OTHER)."""
    import uuid

    import ibis.common.exceptions as com

    from ibis_mill.engines.duckdb import DuckDBEngine
    from mill_client.server import MillServer

    ids = [uuid.UUID(int=i * 0x0123456789ABCDEF) for i in range(1, 4)]
    table = pa.table({"n": [1, 2, 3], "id": pa.array([u.bytes for u in ids], pa.binary(16))})
    class ListsUuids(DuckDBEngine):  # as Mill's GetSchema does; DuckDB itself says BLOB
        def get_schema(self, name: str) -> dict[str, pa.Schema]:
            return {"t": table.schema}

    with MillServer(ListsUuids({"s": {"t": table}})) as server:
        con = ibis.mill.connect(server.grpc_url)
        t = con.table("t", database="s")
        assert t.schema() == ibis.schema({"n": "int64", "id": "uuid"})
        assert t.select("n").to_pyarrow().column("n").to_pylist() == [1, 2, 3]
        with pytest.raises(com.UnsupportedOperationError, match="no type for ibis dtype uuid"):
            t.to_pyarrow()
        con.disconnect()
