"""Queries and catalog calls over real sockets, on every protocol."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

import mill_client
from mill_client._proto.substrait import plan_pb2
from mill_client.auth import BasicAuth
from mill_client.errors import MillAuthError, MillQueryError

from .conftest import ALL_TYPES_ROWS, REAL_HOST, all_types_table, real_url, skip_on_real_server


def whole(schema: str, table: str) -> str:
    return f'SELECT * FROM "{schema}"."{table}"'


def test_handshake(client):
    info = client.handshake()
    assert info.version == "V1_0"
    assert info.capabilities.sql is True
    assert info.capabilities.dialect is True
    if not REAL_HOST:
        assert info.authentication == "ANONYMOUS"


def test_list_schemas(client, schema_name):
    schemas = client.list_schemas()
    assert schema_name in schemas
    assert "metadata" in schemas


def test_get_schema_maps_types_to_arrow(client):
    skip_on_real_server()
    schema = client.get_schema("it")
    assert list(schema.tables) == ["all_types", "empty", "one"]
    table = schema["all_types"]
    assert (table.schema_name, table.name) == ("it", "all_types")
    assert table.schema.equals(all_types_table().schema, check_metadata=True)


def test_get_schema_on_a_real_server(client, schema_name):
    schema = client.get_schema(schema_name)
    assert schema.name == schema_name
    assert schema.tables
    assert all(isinstance(t.schema, pa.Schema) and len(t.schema) for t in schema.tables.values())


def test_unknown_schema_is_not_found(client):
    with pytest.raises(MillQueryError) as info:
        client.get_schema("no_such_schema")
    assert info.value.code == "NOT_FOUND"
    assert info.value.message == "Schema 'no_such_schema' not found"
    with pytest.raises(KeyError, match="schema 'x' has no table 'nope'; tables: none"):
        mill_client.client.MillSchema(name="x")["nope"]


def test_get_dialect(client):
    dialect = client.get_dialect()
    assert dialect.id == "CALCITE"
    assert dialect.schema_version == "v1"
    assert len(dialect.content_hash) == 64
    assert client.get_dialect("calcite").id == "CALCITE"
    with pytest.raises(MillQueryError) as info:
        client.get_dialect("NOPE")
    assert info.value.code == "NOT_FOUND"
    assert info.value.message.startswith("Dialect 'NOPE' not found.")


def test_parse_sql_returns_a_plan(client, local_server):
    plan = client.parse_sql(whole("it", "one"))
    assert isinstance(plan, plan_pb2.Plan)  # this server validates but sends an empty plan
    assert local_server.received_sql[-1] == whole("it", "one")


def test_parse_sql_reports_bad_sql(client):
    with pytest.raises(MillQueryError) as info:
        client.parse_sql("SELEC 1")
    assert info.value.sql == "SELEC 1"
    assert info.value.code == "INVALID_ARGUMENT"
    assert str(info.value).endswith("\nSQL: SELEC 1")


def test_bad_sql_in_a_query(client):
    sql = "SELECT * FROM `no_such_schema`.`nowhere`"
    result = client.query(sql)
    with pytest.raises(MillQueryError) as info:
        result.read_all()
    assert info.value.sql == sql
    assert info.value.code == "INVALID_ARGUMENT"
    assert str(info.value).endswith(f"\nSQL: {sql}")


def test_wrong_password_on_a_real_server(protocol):
    if not (REAL_HOST and os.environ.get("MILL_IT_USER")):
        pytest.skip("runs against a real Mill with security on (set MILL_IT_HOST and MILL_IT_USER)")
    wrong = "not-the-Pa55word"
    with (
        mill_client.connect(
            real_url(protocol), auth=BasicAuth(os.environ["MILL_IT_USER"], wrong)
        ) as client,
        pytest.raises(MillAuthError) as info,
    ):
        client.list_schemas()
    assert wrong not in str(info.value)
    assert "rejected the credentials" in str(info.value)


@pytest.mark.parametrize(
    ("table", "fetch_size", "rows"),
    [
        ("all_types", 10_000, ALL_TYPES_ROWS),
        ("all_types", 97, ALL_TYPES_ROWS),
        ("one", 5, 1),
        ("empty", 5, 0),
    ],
)
def test_every_type_round_trips_exactly(client, table, fetch_size, rows, local_server):
    result = client.query(whole("it", table), fetch_size=fetch_size)
    got = result.read_all()
    expected = all_types_table().slice(0, rows)
    assert got.schema.equals(expected.schema, check_metadata=True)
    assert got.equals(expected)
    blocks = list(result)
    assert len(blocks) == max(1, -(-rows // fetch_size))
    assert [b.num_rows for b in blocks][:1] == [min(rows, fetch_size)]


def test_the_three_protocols_return_equal_tables(local_server):
    tables = {}
    for url in (
        local_server.grpc_url,
        local_server.http_url + "?encoding=json",
        local_server.http_url + "?encoding=protobuf",
    ):
        with mill_client.connect(url, fetch_size=250) as client:
            tables[url] = client.query(whole("it", "all_types")).read_all()
    first, *others = tables.values()
    assert first.num_rows == ALL_TYPES_ROWS
    for other in others:
        assert other.equals(first)
        assert other.schema.equals(first.schema, check_metadata=True)


def test_result_is_lazy_and_replayable(client, local_server):
    before = len(local_server.received_sql)
    result = client.query(whole("it", "all_types"), fetch_size=100)
    assert len(local_server.received_sql) == before
    assert result.schema.names[0] == "id"
    assert local_server.received_sql[before:] == [whole("it", "all_types")]
    first = next(iter(result))
    assert first.num_rows == 100
    assert result.read_all().num_rows == ALL_TYPES_ROWS
    assert sum(b.num_rows for b in result) == ALL_TYPES_ROWS
    assert local_server.received_sql[before:] == [whole("it", "all_types")]


def test_duckdb_sql_through_the_engine(client, local_server):
    result = client.query('SELECT count(*) AS "n", min("id") AS "lo" FROM "it"."all_types"')
    table = result.read_all()
    assert table.to_pylist() == [{"n": ALL_TYPES_ROWS, "lo": 0}]


def test_query_on_a_real_server(client, schema_name):
    if not REAL_HOST:
        pytest.skip("runs against a real Mill only (set MILL_IT_HOST)")
    table_name = next(iter(client.get_schema(schema_name).tables))
    sql = f"SELECT * FROM `{schema_name}`.`{table_name}`"
    small = client.query(sql, fetch_size=7).read_all()
    large = client.query(sql).read_all()
    assert small.equals(large)


def test_pandas_and_polars(client, local_server):
    result = client.query(whole("it", "one"))
    assert result.to_pandas()["id"].tolist() == [0]
    assert result.to_polars()["text"].to_list() == ["row 0 ü 日本 "]


def test_closed_client_refuses_calls(local_server):
    client = mill_client.connect(local_server.grpc_url)
    client.close()
    client.close()
    with pytest.raises(
        mill_client.MillError, match=r"this MillClient for grpc://127\.0\.0\.1:\d+ is closed"
    ):
        client.list_schemas()
