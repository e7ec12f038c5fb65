"""The Mill operations, independent of the transport that carries them.

:class:`MillService` plays the part of Mill's ``DataOperationDispatcher``: it answers each
request message with a response message (or a stream of result blocks) and raises
:class:`~mill_client.server.status.StatusError` or engine errors on failure. The gRPC and
HTTP front ends only decode requests, call it, and encode what it returns.
"""

from __future__ import annotations

import threading
from typing import Literal

import grpc
import pyarrow as pa

from mill_client import types as mill_types
from mill_client import vectors
from mill_client._proto import common_pb2, dialect_pb2
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client._proto.substrait import plan_pb2
from mill_client.server.blocks import Blocks, iter_blocks
from mill_client.server.dialect import dialect_response
from mill_client.server.engine import Engine
from mill_client.server.status import StatusError

__all__ = ["METADATA_SCHEMA", "MillService"]

#: Calcite's built-in schema, which Mill lists beside the data schemas.
METADATA_SCHEMA = "metadata"


class MillService:
    """Serve one :class:`~mill_client.server.engine.Engine` with Mill's semantics.

    Args:
        engine: What answers catalog questions and runs SQL.
        time_unit: How TIME values are written: ``"ns"`` (nanoseconds of the day, as the
            protocol declares) or ``"ms"`` (milliseconds, as the real Mill server writes).
    """

    def __init__(self, engine: Engine, *, time_unit: Literal["ns", "ms"] = "ns") -> None:
        if time_unit not in ("ns", "ms"):
            raise ValueError(f"time_unit must be 'ns' or 'ms', not {time_unit!r}")
        self.engine = engine
        self.time_unit: Literal["ns", "ms"] = time_unit
        self._received_sql: list[str] = []
        self._lock = threading.Lock()

    @property
    def received_sql(self) -> list[str]:
        """Every SQL text received by ``ParseSql``, ``ExecQuery`` and ``SubmitQuery``, in order."""
        return self._received_sql

    def handshake(self, principal: str) -> svc.HandshakeResponse:
        """Answer ``Handshake`` for an already authenticated ``principal``."""
        return svc.HandshakeResponse(
            version=svc.V1_0,
            capabilities=svc.HandshakeResponse.Capabilities(supportSql=True, supportDialect=True),
            authentication=svc.HandshakeResponse.AuthenticationContext(name=principal),
        )

    def schema_names(self) -> list[str]:
        """The schema names ``ListSchemas`` reports: the engine's, then ``metadata``."""
        names = list(self.engine.list_schemas())
        if METADATA_SCHEMA not in names:
            names.append(METADATA_SCHEMA)
        return names

    def list_schemas(self, request: svc.ListSchemasRequest) -> svc.ListSchemasResponse:
        """Answer ``ListSchemas``."""
        return svc.ListSchemasResponse(schemas=self.schema_names())

    def get_schema(self, request: svc.GetSchemaRequest) -> svc.GetSchemaResponse:
        """Answer ``GetSchema`` with an exact, case-sensitive lookup.

        Raises:
            StatusError: ``NOT_FOUND`` ``Schema '<name>' not found``.
        """
        name = request.schemaName
        engine_schemas = self.engine.list_schemas()
        if name not in engine_schemas:
            if name == METADATA_SCHEMA:
                return svc.GetSchemaResponse(schema=common_pb2.Schema())
            raise StatusError(grpc.StatusCode.NOT_FOUND, f"Schema '{name}' not found")
        tables = [
            mill_types.schema_to_table(name, table, schema)
            for table, schema in self.engine.get_schema(name).items()
        ]
        return svc.GetSchemaResponse(schema=common_pb2.Schema(tables=tables))

    def get_dialect(self, request: dialect_pb2.GetDialectRequest) -> dialect_pb2.GetDialectResponse:
        """Answer ``GetDialect``; a missing or blank id means the engine's dialect."""
        requested = request.dialectId if request.HasField("dialectId") else None
        return dialect_response(requested, self.engine.dialect_id)

    def parse_sql(self, request: svc.ParseSqlRequest) -> svc.ParseSqlResponse:
        """Answer ``ParseSql`` by validating the SQL with the engine.

        The plan in the answer is empty: this server does not produce Substrait.

        Raises:
            SqlError: The SQL does not parse or validate.
        """
        self._record(request.statement.sql)
        self.engine.validate(request.statement.sql)
        return svc.ParseSqlResponse(plan=plan_pb2.Plan())

    def execute(self, request: svc.QueryRequest) -> Blocks:
        """Run a ``QueryRequest`` and return its result blocks (see :func:`iter_blocks`).

        The SQL runs before this returns, so parse and validation errors are raised here;
        execution errors may also surface while the blocks are iterated.

        Raises:
            StatusError: The request carries a Substrait plan (``UNIMPLEMENTED``) or no
                query at all (``INVALID_ARGUMENT``).
            SqlError: The SQL does not parse or validate.
        """
        kind = request.WhichOneof("query")
        if kind == "plan":
            raise StatusError(
                grpc.StatusCode.UNIMPLEMENTED,
                "Substrait plans are not supported by this server; send SQL in QueryRequest.statement",
            )
        if kind is None:
            raise StatusError(
                grpc.StatusCode.INVALID_ARGUMENT,
                "QueryRequest carries no query: set statement.sql",
            )
        sql = request.statement.sql
        self._record(sql)
        return iter_blocks(self.engine.execute(sql), request.config.fetchSize)

    def encode(self, block: pa.RecordBatch | None, paging_id: str | None) -> bytes:
        """Serialize one ``QueryResultResponse`` with this server's TIME unit."""
        return vectors.encode_response(block, paging_id, time_unit=self.time_unit)

    def _record(self, sql: str) -> None:
        with self._lock:
            self._received_sql.append(sql)
