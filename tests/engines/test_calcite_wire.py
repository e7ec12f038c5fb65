"""The Calcite engine behind the wire server, read with the Mill client on both transports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pyarrow as pa
import pytest

from mill_client import connect
from mill_client.errors import MillQueryError
from mill_client.server import MillServer

pytestmark = pytest.mark.calcite

TABLE = pa.table(
    {
        "id": pa.array(range(25), pa.int8()),
        "at": pa.array(
            [dt.datetime(2024, 1, 1) + dt.timedelta(hours=i) for i in range(25)], pa.timestamp("us")
        ),
        "name": [f"n{i}" if i % 5 else None for i in range(25)],
    }
)


@pytest.fixture(scope="module")
def server(calcite_engine) -> Iterator[MillServer]:
    with MillServer(calcite_engine({"s": {"t": TABLE}}), time_unit="ms") as running:
        yield running


@pytest.fixture(params=["grpc", "http-json", "http-protobuf"])
def client(request, server):
    url = {
        "grpc": server.grpc_url,
        "http-json": server.http_url,
        "http-protobuf": server.http_url + "?encoding=protobuf",
    }[request.param]
    with connect(url, time_unit="ms") as mill:
        yield mill


def test_catalog_through_the_wire(client):
    assert client.list_schemas() == ["s", "metadata"]
    assert client.get_schema("s").tables["t"].schema == pa.schema(
        [("id", pa.int8()), ("at", pa.timestamp("ms")), ("name", pa.string())]
    )


def test_results_arrive_in_blocks_with_mill_result_types(client):
    result = client.query(
        "SELECT `id`, `at`, `name` FROM `s`.`t` ORDER BY `id`", fetch_size=10
    ).read_all()
    assert result.schema == pa.schema(
        [("id", pa.int16()), ("at", pa.timestamp("ms", "UTC")), ("name", pa.string())]
    )
    assert result.column("id").to_pylist() == list(range(25))
    assert result.column("at")[24].as_py() == dt.datetime(2024, 1, 2, 0, tzinfo=dt.timezone.utc)
    assert result.column("name").to_pylist()[:6] == [None, "n1", "n2", "n3", "n4", None]


def test_sql_errors_are_invalid_argument_with_calcite_message(client):
    with pytest.raises(MillQueryError) as raised:
        client.query("SELECT `nope` FROM `s`.`t`").read_all()
    assert raised.value.message == (
        "org.apache.calcite.tools.ValidationException: "
        "org.apache.calcite.runtime.CalciteContextException: From line 1, column 8 to line 1, "
        "column 13: Column 'nope' not found in any table"
    )
    assert raised.value.code == "INVALID_ARGUMENT"


def test_execution_errors_are_execution_failures(client):
    with pytest.raises(MillQueryError) as raised:
        client.query("SELECT 1 / 0 AS `x` FROM `s`.`t`").read_all()
    if client.url.startswith("grpc"):
        assert (raised.value.code, raised.value.message) == ("UNKNOWN", "/ by zero")
    else:
        assert (raised.value.code, raised.value.status) == ("urn:mill:error:internal", 500)


def test_parse_sql_runs_the_substrait_gate(client):
    client.parse_sql("SELECT `id` FROM `s`.`t`")
    with pytest.raises(MillQueryError) as raised:
        client.parse_sql("SELECT CURRENT_TIMESTAMP FROM `s`.`t`")
    assert raised.value.message == (
        "java.lang.IllegalArgumentException: Unable to convert call CURRENT_TIMESTAMP()."
    )
