"""Failures over real sockets: dead servers, broken streams, expired pages, bad bytes, timeouts.

None of them may end as a silently shorter table.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest

import mill_client
from mill_client._proto import common_pb2, vector_pb2
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.errors import (
    MillConnectionError,
    MillError,
    MillProtocolError,
    MillTimeoutError,
)
from mill_client.server import MillServer

from .conftest import (
    ALL_TYPES_ROWS,
    PROTOCOLS,
    GatedEngine,
    local_schemas,
    skip_on_real_server,
    url_for,
)

WHOLE = 'SELECT * FROM "it"."all_types"'


@pytest.fixture(autouse=True)
def _local_only() -> None:
    skip_on_real_server()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("scheme", ["grpc", "http"])
def test_nothing_listening_is_a_connection_error(scheme):
    port = free_port()
    client = mill_client.connect(f"{scheme}://127.0.0.1:{port}", timeout=10)
    with client, pytest.raises(MillConnectionError) as info:
        client.handshake()
    assert str(info.value).startswith(f"cannot reach Mill at {scheme}://127.0.0.1:{port}")


@pytest.fixture
def gated() -> Iterator[tuple[MillServer, GatedEngine]]:
    engine = GatedEngine(local_schemas(), open_blocks=2)
    server = MillServer(engine).start()
    try:
        yield server, engine
    finally:
        engine.gate.set()
        server.stop()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_server_stopping_mid_stream_is_a_connection_error(gated, protocol):
    server, _ = gated
    with mill_client.connect(url_for(server, protocol), fetch_size=64) as client:
        result = client.query(WHOLE)
        blocks = iter(result)
        assert next(blocks).num_rows == 64
        server.stop(grace=None)
        with pytest.raises(MillConnectionError) as info:
            for _ in blocks:
                pass
        assert "broke after" in str(info.value)
        with pytest.raises(MillConnectionError):
            result.read_all()  # the failure sticks: never a shorter table


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_timeout_is_reported(gated, protocol):
    server, _ = gated
    client = mill_client.connect(url_for(server, protocol), fetch_size=64, timeout=0.5)
    with client, pytest.raises(MillTimeoutError) as info:
        client.query(WHOLE).read_all()
    assert "did not finish within the timeout" in str(info.value)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_closing_the_client_cancels_open_results(gated, protocol):
    server, engine = gated
    client = mill_client.connect(url_for(server, protocol), fetch_size=64)
    result = client.query(WHOLE)
    assert next(iter(result)).num_rows == 64
    client.close()
    engine.gate.set()
    with pytest.raises(MillError) as info:
        result.read_all()
    assert str(info.value) == (
        "this QueryResult was closed before it was fully read; run the query again"
    )


@pytest.fixture
def short_ttl_server() -> Iterator[MillServer]:
    with MillServer(GatedEngine(local_schemas(), open_blocks=10**6), paging_ttl=0.3) as server:
        yield server


@pytest.mark.parametrize("encoding", ["json", "protobuf"])
def test_expired_paging_id_is_an_error_when_the_client_knows_the_ttl(short_ttl_server, encoding):
    url = f"{short_ttl_server.http_url}?encoding={encoding}"
    with mill_client.connect(url, fetch_size=100, paging_ttl=0.3) as client:
        result = client.query(WHOLE)
        assert next(iter(result)).num_rows == 100
        time.sleep(0.6)  # past the server's paging_ttl: the server drops the result
        with pytest.raises(MillConnectionError) as info:
            result.read_all()
    assert str(info.value).startswith("the result's paging id has probably expired")


def test_expired_paging_id_looks_like_the_end_on_the_wire(short_ttl_server):
    """The protocol limit behind paging_ttl: an expired id answers exactly like the end.

    Mill (and this server) reply to an unknown or expired paging id with an empty message,
    the same reply that follows the last data page. Without ``paging_ttl`` the client
    cannot tell the difference and the result ends early.
    """
    with mill_client.connect(short_ttl_server.http_url, fetch_size=100, paging_ttl=None) as client:
        transport = client._transport
        unknown = transport.call(
            "FetchQueryResult",
            svc.QueryResultRequest(pagingId="bm8tc3VjaC1pZA==", fetchSize=100),
            svc.QueryResultResponse,
            timeout=10,
        )
        assert unknown == svc.QueryResultResponse()
        result = client.query(WHOLE)
        assert next(iter(result)).num_rows == 100
        time.sleep(0.6)
        assert result.read_all().num_rows == 100  # short: indistinguishable without paging_ttl
        assert result.complete


def test_paging_read_promptly_is_complete_with_a_short_ttl(short_ttl_server):
    with mill_client.connect(short_ttl_server.http_url, fetch_size=250, paging_ttl=0.3) as client:
        assert client.query(WHOLE).read_all().num_rows == ALL_TYPES_ROWS


# -- servers that send bytes Mill never would ------------------------------------------------

_BIGINT = common_pb2.Field(
    name="x",
    type=common_pb2.DataType(
        type=common_pb2.LogicalDataType(
            typeId=common_pb2.LogicalDataType.LogicalDataTypeId.BIG_INT
        ),
        nullability=common_pb2.DataType.Nullability.NULL,
    ),
)
# vectorSize says 3 rows, the vector holds 1 value.
SHORT_VECTOR = svc.QueryResultResponse(
    vector=vector_pb2.VectorBlock(
        schema=vector_pb2.VectorBlockSchema(fields=[_BIGINT]),
        vectorSize=3,
        vectors=[
            vector_pb2.Vector(
                nulls=vector_pb2.Vector.NullsVector(nulls=[False, False, False]),
                i64Vector=vector_pb2.Vector.I64Vector(values=[1]),
            )
        ],
    )
).SerializeToString()
NOT_PROTOBUF = b"\xff\xff\xff\xff"


@pytest.fixture
def bad_grpc_server() -> Iterator[tuple[str, list[bytes]]]:
    replies: list[bytes] = []

    def exec_query(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
        yield from replies

    handler = grpc.method_handlers_generic_handler(
        "io.qpointz.mill.DataConnectService",
        {"ExecQuery": grpc.unary_stream_rpc_method_handler(exec_query)},
    )
    server = grpc.server(futures.ThreadPoolExecutor(2), handlers=[handler])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"grpc://127.0.0.1:{port}", replies
    finally:
        server.stop(None)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (SHORT_VECTOR, "i64Vector has 1 values, expected 3 (vectorSize)"),
        (
            NOT_PROTOBUF,
            "the server sent a result block that cannot be decoded: QueryResultResponse",
        ),
    ],
    ids=["short-vector", "not-protobuf"],
)
def test_malformed_block_over_grpc_is_a_protocol_error(bad_grpc_server, reply, message):
    url, replies = bad_grpc_server
    replies.append(reply)
    with mill_client.connect(url) as client, pytest.raises(MillProtocolError) as info:
        client.query("SELECT 1").read_all()
    assert message in str(info.value)


def test_grpc_stream_without_blocks_is_a_protocol_error(bad_grpc_server):
    url, _ = bad_grpc_server
    with (
        mill_client.connect(url) as client,
        pytest.raises(MillProtocolError, match="the server ended the result without any block"),
    ):
        client.query("SELECT 1").read_all()


@pytest.mark.parametrize(
    ("encoding", "reply", "message"),
    [
        (
            "protobuf",
            (200, "application/x-protobuf", SHORT_VECTOR),
            "i64Vector has 1 values, expected 3 (vectorSize)",
        ),
        (
            "protobuf",
            (200, "application/x-protobuf", NOT_PROTOBUF),
            "the server sent a result block that cannot be decoded: QueryResultResponse",
        ),
        (
            "json",
            (200, "application/json", b'{"vector": {"vectorSize": "many"}}'),
            "/services/jet/SubmitQuery sent a body that is not a valid QueryResultResponse (json)",
        ),
        (
            "json",
            (200, "text/html", b"<html>login</html>"),
            (
                "/services/jet/SubmitQuery answered with Content-Type 'text/html'; expected "
                "'application/json'. Is this Mill's jet service?"
            ),
        ),
        (
            "json",
            (404, "text/html", b"<html>not here</html>"),
            "/services/jet/SubmitQuery answered HTTP 404 Not Found without a Mill problem body",
        ),
    ],
    ids=["short-vector", "not-protobuf", "bad-json", "html", "html-404"],
)
def test_malformed_http_answers_are_protocol_errors(canned_http, encoding, reply, message):
    canned_http.replies["SubmitQuery"] = reply
    client = mill_client.connect(f"{canned_http.url}?encoding={encoding}")
    with client, pytest.raises(MillProtocolError) as info:
        client.query("SELECT 1").read_all()
    assert message in str(info.value)
