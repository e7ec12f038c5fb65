"""The interface between the Mill wire server and whatever executes SQL behind it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import pyarrow as pa

__all__ = ["Engine", "EngineError", "NotFoundError", "SqlError"]


class EngineError(Exception):
    """Base class of errors an engine raises; the server maps them to wire errors.

    An engine error that is not one of the subclasses is served as an execution failure
    (gRPC ``UNKNOWN``, HTTP 500 ``urn:mill:error:internal``), as the real Mill does.
    """


class SqlError(EngineError):
    """The SQL failed to parse or validate (gRPC ``INVALID_ARGUMENT``, HTTP 400).

    The message should read like Mill's: ``<exception class>: <message>``, with the line
    and column where the engine reports them.
    """


class NotFoundError(EngineError):
    """A schema or dialect does not exist (gRPC ``NOT_FOUND``, HTTP 404)."""


@runtime_checkable
class Engine(Protocol):
    """What :class:`mill_client.server.MillServer` needs from an engine.

    Engines answer catalog questions with Arrow schemas and run SQL into a stream of
    Arrow record batches. The server turns both into Mill messages, so an engine knows
    nothing of the wire.
    """

    #: The dialect id reported by ``GetDialect`` (``"CALCITE"`` for Mill's SQL).
    dialect_id: str

    def list_schemas(self) -> list[str]:
        """Return the schema names, in the order ``ListSchemas`` should report them."""
        ...

    def get_schema(self, name: str) -> dict[str, pa.Schema]:
        """Return the tables of schema ``name`` as ``{table name: Arrow schema}``.

        Raises:
            NotFoundError: ``Schema '<name>' not found`` for an unknown name (exact case).
        """
        ...

    def execute(self, sql: str) -> pa.RecordBatchReader:
        """Run one SQL statement and stream its result.

        Raises:
            SqlError: The SQL does not parse or validate.
            EngineError: Execution failed.
        """
        ...

    def validate(self, sql: str) -> pa.Schema:
        """Parse and validate ``sql`` without running it, returning the result schema.

        Raises:
            SqlError: The SQL does not parse or validate.
        """
        ...
