"""Integration fixtures: a connected client per protocol, against our server or a real Mill.

By default every test starts :class:`mill_client.server.MillServer` in-process on free
loopback ports and runs once per protocol: ``grpc``, ``http-json`` and ``http-protobuf``.

Real-server mode: when ``MILL_IT_HOST`` is set, the tests connect to that Mill instead:

- ``MILL_IT_PORT`` (default 9090 for gRPC, 8080 for HTTP), ``MILL_IT_PROTOCOL``
  (``grpc`` | ``http-json`` | ``http-protobuf``, default ``grpc``; the other protocols skip),
- ``MILL_IT_TLS`` (``true`` for grpcs/https), ``MILL_IT_CA_CERT`` (a PEM file, optional),
- ``MILL_IT_USER`` / ``MILL_IT_PASSWORD`` or ``MILL_IT_TOKEN`` (credentials, optional),
- ``MILL_IT_SCHEMA`` (default ``skymill``), ``MILL_IT_BASE_PATH`` (HTTP base path).

The client then decodes TIME as milliseconds, as the real server writes them. Tests that
need this suite's own tables, or start servers of their own (auth, TLS, faults), skip.
"""

from __future__ import annotations

import datetime
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow as pa
import pytest

import mill_client
from mill_client._testing import ArrowEngine
from mill_client.auth import Auth, BasicAuth, BearerToken
from mill_client.server import MillServer

PROTOCOLS = ("grpc", "http-json", "http-protobuf")
REAL_HOST = os.environ.get("MILL_IT_HOST")
REAL_PROTOCOL = os.environ.get("MILL_IT_PROTOCOL", "grpc")
LOCAL_SCHEMA = "it"
LOCAL_ONLY = (
    "needs this suite's in-process MillServer (MILL_IT_HOST points the tests at a real Mill)"
)

if REAL_HOST and REAL_PROTOCOL not in PROTOCOLS:
    raise pytest.UsageError(
        f"MILL_IT_PROTOCOL={REAL_PROTOCOL!r}; use one of {', '.join(PROTOCOLS)}"
    )


def skip_on_real_server() -> None:
    """Skip the calling test in real-server mode."""
    if REAL_HOST:
        pytest.skip(LOCAL_ONLY)


# -- the table holding every logical type -------------------------------------------------

DAY_MS = 86_400_000
ALL_TYPES_ROWS = 1000


def all_types_table(rows: int = ALL_TYPES_ROWS) -> pa.Table:
    """A table with one column per Mill logical type, every third row null (except ``id``).

    Column types are exactly what the client decodes each Mill type to, so a round trip
    through the wire must give back an equal table.
    """

    def values(make: Callable[[int], object], arrow_type: pa.DataType) -> pa.Array:
        return pa.array([None if i % 3 == 1 else make(i) for i in range(rows)], arrow_type)

    base = datetime.datetime(2024, 2, 29, 12, 30, 15, 123000)
    interval_year = pa.field("interval_year", pa.int32(), metadata={b"mill.type": b"INTERVAL_YEAR"})
    columns = {
        pa.field("id", pa.int64(), nullable=False): pa.array(range(rows), pa.int64()),
        "tiny": values(lambda i: i % 256 - 128, pa.int8()),
        "small": values(lambda i: i * 37 - 20_000, pa.int16()),
        "int": values(lambda i: i * 2_000_003 - 10**9, pa.int32()),
        "big": values(lambda i: i * 9_000_000_000_123 - 2**62, pa.int64()),
        "flag": values(lambda i: i % 2 == 0, pa.bool_()),
        "real": values(lambda i: i / 8 - 3.5, pa.float32()),
        "double": values(lambda i: i * 1.0e10 / 7 - 1e12, pa.float64()),
        "text": values(lambda i: f"row {i} ü 日本 " + "x" * (i % 5), pa.string()),
        "blob": values(lambda i: bytes([i % 256]) * (i % 4), pa.binary()),
        "uid": values(lambda i: uuid.UUID(int=i * 2**100 + i).bytes, pa.binary(16)),
        "day": values(
            lambda i: datetime.date(1970, 1, 1) + datetime.timedelta(days=i * 97 - 40_000),
            pa.date32(),
        ),
        "clock": values(lambda i: (i * 86_399_999_999) % 86_400_000_000_000, pa.time64("ns")),
        "ts": values(
            lambda i: base + datetime.timedelta(milliseconds=i * 123_456_789), pa.timestamp("ms")
        ),
        "ts_utc": values(lambda i: (i - 500) * 3_600_123, pa.timestamp("ms", "UTC")),
        "span": values(lambda i: (i - 300) * DAY_MS, pa.duration("ms")),
        interval_year: values(lambda i: i - 100, pa.int32()),
    }
    fields = [f if isinstance(f, pa.Field) else pa.field(f, arr.type) for f, arr in columns.items()]
    return pa.Table.from_arrays(list(columns.values()), schema=pa.schema(fields))


class ExactTablesEngine(ArrowEngine):
    """ArrowEngine that answers ``SELECT * FROM "schema"."table"`` with the stored table itself.

    DuckDB changes some types on the way (durations become intervals, 16-byte fixed binaries
    become BLOB, times microseconds), so whole-table reads bypass it to test every Mill
    type exactly; any other SQL runs on DuckDB as usual.
    """

    _WHOLE_TABLE = re.compile(r'\s*SELECT\s+\*\s+FROM\s+"([^"]+)"\."([^"]+)"\s*', re.IGNORECASE)

    def __init__(self, schemas: dict[str, dict[str, pa.Table]], *, block_rows: int = 64) -> None:
        super().__init__(schemas)
        self._tables = schemas
        self._block_rows = block_rows

    def execute(self, sql: str) -> pa.RecordBatchReader:
        match = self._WHOLE_TABLE.fullmatch(sql)
        if match and match.group(2) in self._tables.get(match.group(1), {}):
            table = self._tables[match.group(1)][match.group(2)]
            return pa.RecordBatchReader.from_batches(
                table.schema, table.to_batches(max_chunksize=self._block_rows)
            )
        return super().execute(sql)


def local_schemas() -> dict[str, dict[str, pa.Table]]:
    """The tables of the in-process server, in schema ``it``."""
    table = all_types_table()
    return {
        LOCAL_SCHEMA: {
            "all_types": table,
            "empty": table.slice(0, 0),
            "one": table.slice(0, 1),
        }
    }


# -- servers and clients ------------------------------------------------------------------


@pytest.fixture(scope="session")
def local_server() -> Iterator[MillServer]:
    """One in-process server for the session (skips in real-server mode)."""
    skip_on_real_server()
    with MillServer(ExactTablesEngine(local_schemas())) as server:
        yield server


def url_for(server: MillServer, protocol: str) -> str:
    """The client URL of ``server`` for a protocol name."""
    if protocol == "grpc":
        return server.grpc_url
    encoding = protocol.removeprefix("http-")
    return f"{server.http_url}?encoding={encoding}"


def real_url(protocol: str) -> str:
    """The URL of the real Mill from the ``MILL_IT_*`` variables."""
    tls = os.environ.get("MILL_IT_TLS", "").lower() in ("1", "true", "yes")
    if protocol == "grpc":
        port = os.environ.get("MILL_IT_PORT", "9090")
        return f"grpc{'s' if tls else ''}://{REAL_HOST}:{port}"
    port = os.environ.get("MILL_IT_PORT", "8080")
    base = os.environ.get("MILL_IT_BASE_PATH", "/services/jet")
    encoding = protocol.removeprefix("http-")
    return f"http{'s' if tls else ''}://{REAL_HOST}:{port}{base}?encoding={encoding}"


def real_auth() -> Auth | None:
    """Credentials from ``MILL_IT_USER``/``MILL_IT_PASSWORD`` or ``MILL_IT_TOKEN``."""
    if os.environ.get("MILL_IT_TOKEN"):
        return BearerToken(os.environ["MILL_IT_TOKEN"])
    if os.environ.get("MILL_IT_USER"):
        return BasicAuth(os.environ["MILL_IT_USER"], os.environ.get("MILL_IT_PASSWORD", ""))
    return None


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    """Each protocol in turn (in real-server mode, only ``MILL_IT_PROTOCOL``)."""
    if REAL_HOST and request.param != REAL_PROTOCOL:
        pytest.skip(f"real-server mode runs MILL_IT_PROTOCOL={REAL_PROTOCOL} only")
    return request.param


@pytest.fixture
def client(protocol: str, request: pytest.FixtureRequest) -> Iterator[mill_client.MillClient]:
    """A client connected to the local server, or to the real Mill in real-server mode."""
    if REAL_HOST:
        connection = mill_client.connect(
            real_url(protocol),
            auth=real_auth(),
            time_unit="ms",
            ca_cert=os.environ.get("MILL_IT_CA_CERT") or None,
        )
    else:
        server = request.getfixturevalue("local_server")
        connection = mill_client.connect(url_for(server, protocol))
    with connection:
        yield connection


@pytest.fixture
def schema_name() -> str:
    """The schema the tests query: ``MILL_IT_SCHEMA`` (default skymill) on a real Mill."""
    return os.environ.get("MILL_IT_SCHEMA", "skymill") if REAL_HOST else LOCAL_SCHEMA


class GatedEngine(ExactTablesEngine):
    """Streams whole tables, but holds back every block after the first ``open_blocks``
    until :attr:`gate` is set, so a test can act while a result is still running."""

    def __init__(self, schemas: dict[str, dict[str, pa.Table]], *, open_blocks: int) -> None:
        super().__init__(schemas)
        self.gate = threading.Event()
        self._open_blocks = open_blocks

    def execute(self, sql: str) -> pa.RecordBatchReader:
        reader = super().execute(sql)
        return pa.RecordBatchReader.from_batches(reader.schema, self._gated(reader))

    def _gated(self, reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        for index, batch in enumerate(reader):
            if index >= self._open_blocks and not self.gate.wait(timeout=30):
                raise RuntimeError("GatedEngine: the test never opened the gate")
            yield batch


@dataclass
class CannedHttp:
    """A plain HTTP server answering ``POST .../<Method>`` with canned replies.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        replies: ``{method: (status, content type, body)}``, set by the test.
        requests: Every request received: ``(path, headers, body)``.
    """

    url: str
    replies: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def canned_http() -> Iterator[CannedHttp]:
    """A :class:`CannedHttp` server for the test."""
    canned = CannedHttp(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            canned.requests.append((self.path, dict(self.headers.items()), body))
            status, content_type, reply = canned.replies[self.path.rsplit("/", 1)[-1]]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    canned.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield canned
    finally:
        server.shutdown()
        server.server_close()
