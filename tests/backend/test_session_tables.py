"""Session tables: create_table, insert, upsert, views and cache() on a read-only Mill.

Each test gets its own connection, so the session tables it makes are its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import ibis
import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import pandas as pd
import pyarrow as pa
import pytest

from ibis_mill import MillReadOnlyError
from ibis_mill.compiler import MAX_MEMTABLE_CELLS
from mill_client.server import MillServer

from .conftest import TRANSPORTS, _connect

VIP_SQL = (
    "SELECT * FROM (SELECT `t2`.`name`, `t3`.`tier` FROM `shop`.`customers` AS `t2` "
    "INNER JOIN (SELECT CAST(`cid` AS BIGINT) AS `cid`, CAST(`tier` AS VARCHAR) AS `tier` "
    "FROM (VALUES (10, CAST('gold' AS VARCHAR)), (30, CAST('silver' AS VARCHAR))) "
    "AS `_values`(`cid`, `tier`)) AS `t3` ON `t2`.`id` = `t3`.`cid`) AS `t4` "
    "ORDER BY `t4`.`name` ASC NULLS LAST"
)


@pytest.fixture(params=list(TRANSPORTS))
def con(request: pytest.FixtureRequest, shop_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """A fresh connection to the shop server (its own session), once per transport."""
    backend = _connect(shop_server, request.param, database="shop")
    yield backend
    backend.disconnect()


@pytest.fixture
def grpc(shop_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """A fresh gRPC connection to the shop server."""
    backend = _connect(shop_server, "grpc", database="shop")
    yield backend
    backend.disconnect()


def vip_frame() -> pd.DataFrame:
    return pd.DataFrame({"cid": [10, 30], "tier": ["gold", "silver"]})


def test_a_small_session_table_is_inlined_into_the_sql_sent_to_mill(con, shop_server) -> None:
    vip = con.create_table("vip", vip_frame())
    customers = con.table("customers")
    expr = customers.join(vip, customers.id == vip.cid).select("name", "tier").order_by("name")
    assert con.plan(expr).kind == "remote"
    assert expr.to_pyarrow().to_pydict() == {"name": ["Ada", "Linus"], "tier": ["gold", "silver"]}
    assert shop_server.received_sql[-1] == VIP_SQL
    assert con.list_tables() == ["customers", "orders", "vip"]
    assert con.list_tables(database="shop") == ["customers", "orders"]
    assert con.get_schema("vip") == ibis.schema({"cid": "int64", "tier": "string"})


def test_a_large_session_table_runs_in_duckdb_side_by_side(grpc, shop_server) -> None:
    rows = MAX_MEMTABLE_CELLS // 2 + 1
    big = grpc.create_table("big", pa.table({"cid": range(rows), "x": range(0, 2 * rows, 2)}))
    customers = grpc.table("customers")
    expr = customers.join(big, customers.id == big.cid).select("name", "x").order_by("name")
    plan = grpc.plan(expr)
    assert plan.kind == "side-by-side"
    assert [fragment.sql for fragment in plan.remote] == [
        "SELECT `t0`.`id`, `t0`.`name` FROM `shop`.`customers` AS `t0`"
    ]
    assert expr.to_pyarrow().to_pydict() == {"name": ["Ada", "Grace", "Linus"], "x": [20, 40, 60]}
    assert shop_server.received_sql[-1] == plan.remote[0].sql


def test_create_table_with_a_schema_keeps_nullability_and_casts(grpc) -> None:
    schema = ibis.schema({"a": dt.Int64(nullable=False), "b": "float32", "c": "string"})
    t = grpc.create_table("typed", [{"c": "x", "a": 1, "b": 2}], schema=schema)
    assert t.schema() == schema
    assert t.to_pyarrow().to_pydict() == {"a": [1], "b": [2.0], "c": ["x"]}
    empty = grpc.create_table("empty", schema=schema)
    assert empty.count().execute() == 0
    assert empty.to_pyarrow().schema == schema.to_pyarrow()


def test_create_table_from_a_mill_expression_runs_it_on_mill(grpc, shop_server) -> None:
    orders = grpc.table("orders")
    t = grpc.create_table("shipped", orders.filter(orders.status == "shipped").select("id"))
    assert shop_server.received_sql[-1] == (
        "SELECT `t0`.`id` FROM `shop`.`orders` AS `t0` WHERE `t0`.`status` = 'shipped'"
    )
    assert t.order_by("id").to_pyarrow().to_pydict() == {"id": [1, 3]}


def test_create_table_errors(grpc) -> None:
    grpc.create_table("t", [{"a": 1}])
    with pytest.raises(com.IbisInputError) as info:
        grpc.create_table("t", [{"a": 2}])
    assert str(info.value) == (
        "A session table or view named 't' already exists; pass overwrite=True to replace "
        "it, or drop it first."
    )
    assert grpc.create_table("t", [{"a": 2}], overwrite=True).to_pyarrow().to_pydict() == {"a": [2]}
    with pytest.raises(com.IbisInputError) as info:
        grpc.create_table("u")
    assert str(info.value) == "create_table('u') needs rows (obj) or a schema; neither was given."
    with pytest.raises(com.IbisInputError) as info:
        grpc.create_table("u", [{"a": 1}], database="shop")
    assert str(info.value) == (
        "create_table: Mill is read-only, so tables and views made here are session tables, "
        "which belong to no database; got database='shop'. Leave database unset."
    )
    with pytest.raises(com.IbisInputError) as info:
        grpc.create_table("u", [{"a": None}], schema={"a": "!int64"})
    assert str(info.value) == (
        "Column 'a' is not nullable, but the rows for table 'u' hold 1 null in it."
    )
    with pytest.raises(com.IbisInputError) as info:
        grpc.create_table("u", [{"a": 1}], schema={"b": "int64"})
    assert str(info.value) == (
        "the rows for table 'u' have the columns ['a'], but the schema has ['b']."
    )
    assert grpc.list_tables() == ["customers", "orders", "t"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([{"b": "z", "a": 4}], {"a": [1, 4], "b": ["x", "z"]}, id="by name"),
        pytest.param([(4, "z")], {"a": [1, 4], "b": ["x", "z"]}, id="by position"),
        pytest.param([{"a": 4}], {"a": [1, 4], "b": ["x", None]}, id="missing column"),
    ],
)
def test_insert_matches_columns_like_sql(grpc, rows: list, expected: dict) -> None:
    t = grpc.create_table("t", [{"a": 1, "b": "x"}])
    grpc.insert("t", rows)
    assert t.order_by("a").to_pyarrow().to_pydict() == expected


def test_insert_overwrite_and_from_an_expression(grpc) -> None:
    t = grpc.create_table("t", [{"id": 1}])
    orders = grpc.table("orders")
    grpc.insert("t", orders.filter(orders.id > 3).select("id"))
    assert t.order_by("id").to_pyarrow().to_pydict() == {"id": [1, 4, 5]}
    grpc.insert("t", [{"id": 9}], overwrite=True)
    assert t.to_pyarrow().to_pydict() == {"id": [9]}
    grpc.truncate_table("t")
    assert t.count().execute() == 0


def test_insert_errors(grpc) -> None:
    grpc.create_table("t", [{"a": 1, "b": "x"}], schema={"a": "!int64", "b": "string"})
    with pytest.raises(com.IbisInputError) as info:
        grpc.insert("t", [{"b": "y"}])
    assert str(info.value) == (
        "Column 'a' is not nullable, but the rows inserted into 't' hold 1 null in it."
    )
    with pytest.raises(com.IbisInputError) as info:
        grpc.insert("t", [{"a": 1, "c": 2, "d": 3}])
    assert str(info.value) == (
        "the rows inserted into 't' have the columns ['a', 'c', 'd']: they are neither among "
        "the table's columns ['a', 'b'] nor as many as them (to be matched by position)."
    )
    with pytest.raises(com.IbisInputError) as info:
        grpc.insert("t", [{"a": "seven", "b": "y"}])
    assert str(info.value).startswith(
        "Column 'a' of the rows inserted into 't' cannot be cast from string to int64: "
    )
    with pytest.raises(com.TableNotFound) as info:
        grpc.insert("tt", [{"a": 1}])
    assert str(info.value) == (
        "No session table or view named 'tt'. Did you mean 't'? Session tables and views: 't'."
    )
    assert grpc.table("t").to_pyarrow().to_pydict() == {"a": [1], "b": ["x"]}


def test_upsert_updates_matching_keys_and_inserts_the_rest(grpc) -> None:
    t = grpc.create_table(
        "t", pa.table({"x": [1, 2, 3, None], "y": [4.0, 5.0, 6.0, 7.0], "z": ["a", "b", "c", "d"]})
    )
    grpc.upsert("t", pa.table({"x": [3, 2, 6, None], "z": ["D", "E", "F", "G"]}), on="x")
    result = t.order_by(["x", "z"]).to_pyarrow().to_pydict()
    # A null key matches nothing: that row is inserted (as SQL MERGE does).
    assert result == {
        "x": [1, 2, 3, 6, None, None],
        "y": [4.0, 5.0, 6.0, None, None, 7.0],
        "z": ["a", "E", "D", "F", "G", "d"],
    }
    assert t.schema() == ibis.schema({"x": "int64", "y": "float64", "z": "string"})


@pytest.mark.parametrize(
    ("rows", "on", "message"),
    [
        (
            {"y": [1.0], "z": ["q"]},
            "x",
            "the rows upserted into 't' have no key column 'x' (columns: ['y', 'z']).",
        ),
        (
            {"x": [1]},
            "x",
            (
                "the rows upserted into 't' have only the key column 'x': there is nothing to "
                "update. Use insert() to add rows."
            ),
        ),
        (
            {"x": [1, 1], "z": ["p", "q"]},
            "x",
            "the rows upserted into 't' repeat a value of the key column 'x'.",
        ),
        (
            {"x": [1], "w": ["p"]},
            "x",
            (
                "the rows upserted into 't' have columns the table lacks: ['w'] (table: "
                "['x', 'y', 'z'])."
            ),
        ),
        (
            {"x": [1], "z": ["p"]},
            "k",
            "The key column 'k' is not a column of the table ['x', 'y', 'z'].",
        ),
    ],
)
def test_upsert_errors(grpc, rows: dict, on: str, message: str) -> None:
    grpc.create_table("t", {"x": [1], "y": [2.0], "z": ["a"]})
    with pytest.raises(com.IbisInputError) as info:
        grpc.upsert("t", rows, on=on)
    assert str(info.value) == message
    assert grpc.table("t").to_pyarrow().to_pydict() == {"x": [1], "y": [2.0], "z": ["a"]}


def test_rename_and_drop(grpc) -> None:
    t = grpc.create_table("old", [{"a": 1}])
    grpc.rename_table("old", "new")
    assert grpc.list_tables() == ["customers", "new", "orders"]
    assert grpc.table("new").to_pyarrow().to_pydict() == {"a": [1]}
    with pytest.raises(com.TableNotFound) as info:
        t.execute()
    assert str(info.value) == (
        "The expression reads session table 'old', which no longer exists (it was dropped "
        "or renamed)."
    )
    fresh = grpc.table("new")
    grpc.create_table("new", [{"b": "x"}], overwrite=True)
    with pytest.raises(com.TableNotFound) as info:
        fresh.execute()
    assert str(info.value) == (
        "Session table 'new' was created again with another schema since the expression "
        "was built; call table('new') again."
    )
    grpc.drop_table("new")
    grpc.drop_table("new", force=True)
    with pytest.raises(com.TableNotFound):
        grpc.drop_table("new")
    assert grpc.list_tables() == ["customers", "orders"]


def test_views_name_expressions(grpc, shop_server) -> None:
    orders = grpc.table("orders")
    grpc.create_view("big_orders", orders.filter(orders.quantity > 3).select("id"))
    assert grpc.list_tables() == ["big_orders", "customers", "orders"]
    view = grpc.table("big_orders")
    assert view.order_by("id").to_pyarrow().to_pydict() == {"id": [4, 5]}
    assert grpc.get_schema("big_orders") == ibis.schema({"id": "int64"})
    with pytest.raises(com.IbisInputError) as info:
        grpc.drop_table("big_orders")
    assert str(info.value) == "'big_orders' is a session view; drop it with drop_view()."
    with pytest.raises(com.IbisInputError) as info:
        grpc.insert("big_orders", [{"id": 1}])
    assert str(info.value) == (
        "insert: 'big_orders' a session view; only tables made by create_table() hold rows "
        "that can change."
    )
    grpc.drop_view("big_orders")
    assert grpc.list_tables() == ["customers", "orders"]


def test_cache_keeps_the_result_as_a_session_table(grpc, shop_server) -> None:
    orders = grpc.table("orders")
    expr = orders.group_by("status").agg(n=orders.count())
    sent = len(shop_server.received_sql)
    with expr.cache() as cached:
        assert len(shop_server.received_sql) == sent + 1
        cached_names = [t for t in grpc.list_tables() if t.startswith("ibis_cached_")]
        assert cached_names == [cached.op().name]
        result = cached.order_by("status").to_pyarrow().to_pydict()
        assert result == {
            "status": ["cancelled", "delivered", "shipped", None],
            "n": [1, 1, 2, 1],
        }
        assert "`shop`.`orders`" not in shop_server.received_sql[-1]
    assert grpc.list_tables() == ["customers", "orders"]


def test_session_tables_end_with_the_connection(shop_server) -> None:
    con = _connect(shop_server, "grpc", database="shop")
    con.create_table("t", [{"a": 1}])
    con.reconnect()
    assert con.list_tables() == ["customers", "orders"]
    con.disconnect()


def test_from_connection_takes_over_a_client(shop_server) -> None:
    import mill_client

    client = mill_client.connect(shop_server.grpc_url)
    con = ibis.mill.from_connection(client, database="archive")
    assert con.client is client
    assert con.list_tables() == ["old_orders"]
    assert con.execute(ibis.literal(1, type="int")) == 1
    con.disconnect()
    with pytest.raises(TypeError) as info:
        ibis.mill.from_connection("grpc://localhost:1")
    assert str(info.value) == (
        "from_connection needs a mill_client.MillClient, got str; use ibis.mill.connect(url) "
        "to connect by URL."
    )


def test_embedded_backend_session_tables_run_in_duckdb() -> None:
    con = ibis.mill.connect()
    t = con.create_table("t", {"a": [3, 1, 2]})
    assert con.list_tables() == ["t"]
    assert con.plan(t.order_by("a")).kind == "local"
    assert t.order_by("a").to_pyarrow().to_pydict() == {"a": [1, 2, 3]}
    with pytest.raises(MillReadOnlyError):
        con.drop_table("t", database="somewhere")
    con.disconnect()


def test_read_parquet_and_csv_make_file_tables_run_side_by_side(
    grpc, shop_server, tmp_path
) -> None:
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"cid": [10, 20], "score": [1.5, 2.5]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"cid": [30], "score": [3.5]}), tmp_path / "b.parquet")
    (tmp_path / "notes.csv").write_text("cid;note\n10;first\n30;third\n")
    scores = grpc.read_parquet(tmp_path / "*.parquet", table_name="scores")
    notes = grpc.read_csv(f"csv://{tmp_path / 'notes.csv'}", delim=";")
    (notes_name,) = [t for t in grpc.list_tables() if t.startswith("ibis_read_csv_")]
    assert notes.op().name == notes_name
    assert grpc.list_tables() == sorted(["customers", "orders", "scores", notes_name])
    assert notes.schema() == ibis.schema({"cid": "int64", "note": "string"})
    customers = grpc.table("customers")
    expr = (
        customers.join(scores, customers.id == scores.cid)
        .left_join(notes, customers.id == notes.cid)
        .select("name", "score", "note")
        .order_by("name")
    )
    plan = grpc.plan(expr)
    assert plan.kind == "side-by-side"
    assert plan.local_tables == (f"(session).{notes_name}", "(session).scores")
    assert expr.to_pyarrow().to_pydict() == {
        "name": ["Ada", "Grace", "Linus"],
        "score": [1.5, 2.5, 3.5],
        "note": ["first", None, "third"],
    }
    assert shop_server.received_sql[-1] == plan.remote[0].sql
    with pytest.raises(com.IbisInputError) as info:
        grpc.insert("scores", [{"cid": 1, "score": 0.0}])
    assert str(info.value) == (
        "insert: 'scores' reads files; only tables made by create_table() hold rows that can "
        "change."
    )
    grpc.drop_table("scores")
    assert grpc.list_tables() == ["customers", notes_name, "orders"]


def test_read_parquet_of_no_file_names_the_path(grpc, tmp_path) -> None:
    missing = tmp_path / "nothing_here.parquet"
    with pytest.raises(FileNotFoundError) as info:
        grpc.read_parquet(missing)
    assert str(info.value) == f'No files found that match the pattern "{missing}"'
    assert grpc.list_tables() == ["customers", "orders"]


def test_create_table_reads_arrow_streams_and_datasets(grpc) -> None:
    import pyarrow.dataset as ds

    table = pa.table({"a": [1, 2], "b": ["x", "y"]})
    from_reader = grpc.create_table(
        "r", pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
    )
    from_dataset = grpc.create_table("d", ds.dataset(table))
    assert from_reader.to_pyarrow().equals(table)
    assert from_dataset.to_pyarrow().equals(table)
