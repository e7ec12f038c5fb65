"""The Mill client: :func:`connect` and :class:`MillClient`."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import pyarrow as pa
from google.protobuf.message import Message

from mill_client._proto import common_pb2, dialect_pb2, statement_pb2
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.auth import Auth
from mill_client.config import (
    UNSET,
    ClientConfig,
    Encoding,
    PemSource,
    TimeUnit,
    Unset,
    parse_url,
)
from mill_client.errors import MillError, MillProtocolError
from mill_client.result import QueryResult
from mill_client.transports.base import M, Transport
from mill_client.types import fields_to_schema

if TYPE_CHECKING:
    from mill_client._proto.substrait import plan_pb2

__all__ = [
    "Capabilities",
    "DialectInfo",
    "HandshakeInfo",
    "MillClient",
    "MillSchema",
    "MillTable",
    "connect",
]


@dataclass(frozen=True)
class Capabilities:
    """What the server says it supports (Mill never sets ``result_paging``, yet pages)."""

    sql: bool
    result_paging: bool
    dialect: bool


@dataclass(frozen=True)
class HandshakeInfo:
    """The server's answer to ``Handshake``.

    Attributes:
        version: Protocol version name (``"V1_0"``).
        capabilities: Supported features.
        authentication: The name the server knows the caller by (``"ANONYMOUS"`` without
            credentials).
    """

    version: str
    capabilities: Capabilities
    authentication: str


@dataclass(frozen=True)
class MillTable:
    """A table of a Mill schema.

    Attributes:
        schema_name: The schema the table belongs to.
        name: The table name (exact case).
        table_type: ``"TABLE"``, ``"VIEW"`` or ``"NOT_SPECIFIED_TABLE_TYPE"`` (Mill never
            sets it).
        schema: The columns as an Arrow schema, mapped by :mod:`mill_client.types`.
    """

    schema_name: str
    name: str
    table_type: str
    schema: pa.Schema


@dataclass(frozen=True)
class MillSchema:
    """A schema (namespace) of a Mill server and its tables.

    Attributes:
        name: The schema name.
        tables: Tables by name, in the order the server listed them.
    """

    name: str
    tables: Mapping[str, MillTable] = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, table: str) -> MillTable:
        """Return the table named ``table`` (exact case).

        Raises:
            KeyError: No such table; the message lists the tables.
        """
        try:
            return self.tables[table]
        except KeyError:
            names = ", ".join(self.tables) or "none"
            raise KeyError(
                f"schema {self.name!r} has no table {table!r}; tables: {names}"
            ) from None


@dataclass(frozen=True)
class DialectInfo:
    """The server's SQL dialect descriptor (``GetDialect``).

    Attributes:
        descriptor: The full ``DialectDescriptor`` message (quoting, functions, ...).
        schema_version: Version of the descriptor format (``"v1"``).
        content_hash: SHA-256 hex digest of the descriptor, for caching.
    """

    descriptor: dialect_pb2.DialectDescriptor
    schema_version: str
    content_hash: str

    @property
    def id(self) -> str:
        """The dialect id, e.g. ``"CALCITE"``."""
        return self.descriptor.id


def _open_transport(config: ClientConfig) -> Transport:
    if config.transport == "grpc":
        from mill_client.transports.grpc import GrpcTransport

        return GrpcTransport(config)
    from mill_client.transports.http import HttpTransport

    return HttpTransport(config)


class MillClient:
    """A connection to one Mill server. Make one with :func:`connect`.

    Calls are thread-safe. Use it as a context manager, or call :meth:`close`.

    Args:
        config: Connection settings (see :func:`mill_client.config.parse_url`).
    """

    def __init__(self, config: ClientConfig) -> None:
        self._config = config
        self._transport = _open_transport(config)
        self._results: weakref.WeakSet[QueryResult] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def config(self) -> ClientConfig:
        """The connection settings."""
        return self._config

    @property
    def url(self) -> str:
        """The server URL, without credentials."""
        return self._config.url

    def handshake(self, *, timeout: float | None | Unset = UNSET) -> HandshakeInfo:
        """Ask the server for its protocol version, capabilities and who we are.

        Args:
            timeout: Seconds to wait; None for no limit; default: the client's timeout.
        """
        reply = self._call("Handshake", svc.HandshakeRequest(), svc.HandshakeResponse, timeout)
        caps = reply.capabilities
        return HandshakeInfo(
            version=svc.ProtocolVersion.Name(reply.version),
            capabilities=Capabilities(
                sql=caps.supportSql,
                result_paging=caps.supportResultPaging,
                dialect=caps.supportDialect,
            ),
            authentication=reply.authentication.name,
        )

    def list_schemas(self, *, timeout: float | None | Unset = UNSET) -> list[str]:
        """Return the schema names (Mill includes Calcite's ``metadata`` schema)."""
        reply = self._call(
            "ListSchemas", svc.ListSchemasRequest(), svc.ListSchemasResponse, timeout
        )
        return list(reply.schemas)

    def get_schema(self, name: str, *, timeout: float | None | Unset = UNSET) -> MillSchema:
        """Return schema ``name`` (exact case) with its tables' Arrow schemas.

        Raises:
            MillQueryError: The schema does not exist (code ``NOT_FOUND``).
        """
        reply = self._call(
            "GetSchema", svc.GetSchemaRequest(schemaName=name), svc.GetSchemaResponse, timeout
        )
        tables = {}
        for table in reply.schema.tables:
            tables[table.name] = MillTable(
                schema_name=table.schemaName,
                name=table.name,
                table_type=common_pb2.Table.TableTypeId.Name(table.tableType),
                schema=fields_to_schema(table.fields, time_unit=self._config.time_unit),
            )
        return MillSchema(name=name, tables=MappingProxyType(tables))

    def get_dialect(
        self, dialect_id: str | None = None, *, timeout: float | None | Unset = UNSET
    ) -> DialectInfo:
        """Return the descriptor of ``dialect_id`` (default: the server's own dialect).

        Raises:
            MillQueryError: The dialect is unknown (code ``NOT_FOUND``).
        """
        request = dialect_pb2.GetDialectRequest()
        if dialect_id is not None:
            request.dialectId = dialect_id
        reply = self._call("GetDialect", request, dialect_pb2.GetDialectResponse, timeout)
        return DialectInfo(
            descriptor=reply.dialect,
            schema_version=reply.schemaVersion,
            content_hash=reply.contentHash,
        )

    def parse_sql(self, sql: str, *, timeout: float | None | Unset = UNSET) -> plan_pb2.Plan:
        """Parse and validate ``sql`` on the server and return its Substrait plan.

        This package declares ``substrait.Plan`` without fields (the client treats plans as
        opaque): over gRPC and HTTP+protobuf the plan's bytes are kept and
        ``plan.SerializeToString()`` gives them back; over HTTP+JSON its content is dropped,
        so there the call only validates the SQL.

        Raises:
            MillQueryError: The SQL does not parse or validate; ``.sql`` holds it.
            MillProtocolError: The server answered without a plan.
        """
        request = svc.ParseSqlRequest(statement=statement_pb2.SQLStatement(sql=sql))
        reply = self._call("ParseSql", request, svc.ParseSqlResponse, timeout, sql=sql)
        if not reply.HasField("plan"):
            raise MillProtocolError(f"ParseSql on {self.url} answered without a plan for: {sql}")
        return reply.plan

    def query(
        self,
        sql: str,
        *,
        fetch_size: int | None = None,
        timeout: float | None | Unset = UNSET,
        cache: bool = True,
    ) -> QueryResult:
        """Prepare a query; it runs when its result is first read.

        Args:
            sql: One Calcite SQL statement, without ``;``.
            fetch_size: Rows per block (> 0); default: the client's ``fetch_size``.
            timeout: Seconds allowed — for the whole stream on gRPC, for each page on HTTP;
                None for no limit; default: the client's timeout.
            cache: Keep the blocks read so the result can be iterated again.

        Returns:
            The lazy result.

        Raises:
            ValueError: ``fetch_size`` is not a positive integer.
        """
        self._check_open()
        size = self._config.fetch_size if fetch_size is None else fetch_size
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError(f"fetch_size must be a positive integer, not {size!r}")
        request = svc.QueryRequest(
            config=svc.QueryExecutionConfig(fetchSize=size),
            statement=statement_pb2.SQLStatement(sql=sql),
        )
        stream = self._transport.open_query(request, sql=sql, timeout=self._timeout(timeout))
        result = QueryResult(stream, sql=sql, cache=cache)
        with self._lock:
            self._results.add(result)
        return result

    def close(self) -> None:
        """Cancel the open results and close the connection. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            results = list(self._results)
        for result in results:
            result.close()
        self._transport.close()

    def __enter__(self) -> MillClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<MillClient {self._config.url} ({self._config.encoding}){state}>"

    def _timeout(self, timeout: float | None | Unset) -> float | None:
        if timeout is UNSET:
            return self._config.timeout
        if timeout is not None and (isinstance(timeout, bool) or timeout <= 0):
            raise ValueError(
                f"timeout must be a positive number of seconds or None, not {timeout!r}"
            )
        return timeout

    def _check_open(self) -> None:
        if self._closed:
            raise MillError(f"this MillClient for {self.url} is closed; connect() again")

    def _call(
        self,
        method: str,
        request: Message,
        response_type: type[M],
        timeout: float | None | Unset,
        *,
        sql: str | None = None,
    ) -> M:
        self._check_open()
        return self._transport.call(
            method, request, response_type, timeout=self._timeout(timeout), sql=sql
        )


def connect(
    url: str,
    *,
    auth: Auth | tuple[str, str] | None = None,
    encoding: Encoding | None = None,
    host: str | None = None,
    port: int | None = None,
    base_path: str | None = None,
    timeout: float | None | Unset = UNSET,
    ca_cert: PemSource | None = None,
    client_cert: PemSource | None = None,
    client_key: PemSource | None = None,
    verify: bool | None = None,
    time_unit: TimeUnit | None = None,
    fetch_size: int | None = None,
    paging_ttl: float | None | Unset = UNSET,
) -> MillClient:
    """Connect to a Mill server.

    No network traffic happens here; the first call opens the connection. Call
    :meth:`MillClient.handshake` to check the address and credentials early.

    Args:
        url: ``grpc://host:port``, ``grpcs://host:port``, ``http://host:port[/base/path]`` or
            ``https://...``. The HTTP base path defaults to ``/services/jet``. Options below
            may also be given as query parameters (``?encoding=protobuf&time_unit=ms``);
            ``user:password@`` in the URL means Basic authentication.
        auth: :class:`~mill_client.auth.BasicAuth`, :class:`~mill_client.auth.BearerToken`
            or a ``(user, password)`` tuple.
        encoding: HTTP body encoding: ``"json"`` (default) or ``"protobuf"``.
        host: Overrides the URL's host.
        port: Overrides the URL's port (defaults: gRPC 9090, HTTP 80, HTTPS 443).
        base_path: Overrides the HTTP base path.
        timeout: Default seconds per call (None, the default: no limit).
        ca_cert: CA certificates (PEM bytes or file path) that sign the server certificate.
        client_cert: Client certificate chain (PEM bytes or path), for mutual TLS.
        client_key: Client private key (PEM bytes or path), for mutual TLS.
        verify: Verify the server certificate (default True; HTTPS only may disable it).
        time_unit: Unit of TIME values on the wire: ``"ns"`` (the protocol's, default) or
            ``"ms"`` (what the real Mill server writes).
        fetch_size: Default rows per result block (default 10,000).
        paging_ttl: Idle seconds after which the server drops an HTTP result (default 600),
            used to report an expired result instead of a short one; None disables it.

    Returns:
        The client.

    Raises:
        ValueError: The URL or an option is invalid; the message says what is accepted.
    """
    config = parse_url(
        url,
        auth=auth,
        host=host,
        port=port,
        base_path=base_path,
        encoding=encoding,
        timeout=timeout,
        ca_cert=ca_cert,
        client_cert=client_cert,
        client_key=client_key,
        verify=verify,
        time_unit=time_unit,
        fetch_size=fetch_size,
        paging_ttl=paging_ttl,
    )
    return MillClient(config)
