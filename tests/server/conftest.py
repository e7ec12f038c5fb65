"""Fixtures for the wire-server tests: an in-memory engine served on loopback ports."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator

import grpc
import httpx
import pyarrow as pa
import pytest

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client._proto import data_connect_svc_pb2_grpc as svc_grpc
from mill_client._proto import statement_pb2
from mill_client._testing import ArrowEngine
from mill_client.server import MillServer

NUMBERS = pa.table(
    {
        "id": pa.array(range(1000), pa.int64()),
        "label": pa.array([f"n{i}" if i % 10 else None for i in range(1000)], pa.string()),
    }
)
EMPTY = pa.table({"id": pa.array([], pa.int32()), "name": pa.array([], pa.string())})
TIMES = pa.table({"t": pa.array([datetime.time(1, 0, 0)], pa.time64("us"))})


def make_engine() -> ArrowEngine:
    """The test catalog: schema ``test`` with three tables and an empty schema ``other``."""
    return ArrowEngine(
        {"test": {"numbers": NUMBERS, "empty": EMPTY, "times": TIMES}, "other": {}}, batch_rows=100
    )


def query(sql: str, fetch_size: int = 1000) -> svc.QueryRequest:
    """A ``QueryRequest`` for ``sql``."""
    return svc.QueryRequest(
        config=svc.QueryExecutionConfig(fetchSize=fetch_size),
        statement=statement_pb2.SQLStatement(sql=sql),
    )


def stub_for(
    target: str, credentials: grpc.ChannelCredentials | None = None
) -> svc_grpc.DataConnectServiceStub:
    """A raw gRPC stub for ``host:port``."""
    options = [("grpc.max_receive_message_length", -1)]
    if credentials is None:
        channel = grpc.insecure_channel(target, options=options)
    else:
        channel = grpc.secure_channel(target, credentials, options=options)
    return svc_grpc.DataConnectServiceStub(channel)


class ControlledEngine:
    """An engine whose single query streams forever or blocks, to test cancel and stop.

    ``SELECT forever`` yields 100-row batches without end; ``SELECT block`` yields one
    row and then waits for :attr:`release`. :attr:`closed` is set once the stream is
    released by the server.
    """

    dialect_id = "CALCITE"
    schema = pa.schema([pa.field("n", pa.int64())])

    def __init__(self) -> None:
        self.release = threading.Event()
        self.closed = threading.Event()

    def list_schemas(self) -> list[str]:
        return []

    def get_schema(self, name: str) -> dict[str, pa.Schema]:
        return {}

    def validate(self, sql: str) -> pa.Schema:
        return self.schema

    def execute(self, sql: str) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(self.schema, self._batches(sql))

    def _batches(self, sql: str) -> Iterator[pa.RecordBatch]:
        try:
            yield pa.record_batch([pa.array([0], pa.int64())], schema=self.schema)
            if sql == "SELECT block":
                self.release.wait()
                return
            while True:
                yield pa.record_batch([pa.array(range(100), pa.int64())], schema=self.schema)
        finally:
            self.closed.set()


@pytest.fixture(scope="module")
def server() -> Iterator[MillServer]:
    """A plain (no auth, no TLS) server on free loopback ports."""
    with MillServer(make_engine()) as running:
        yield running


@pytest.fixture
def stub(server: MillServer) -> svc_grpc.DataConnectServiceStub:
    return stub_for(f"127.0.0.1:{server.grpc_port}")


@pytest.fixture
def http(server: MillServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.http_url) as client:
        yield client
