"""Testing utilities: a small in-memory engine for :class:`mill_client.server.MillServer`.

:class:`ArrowEngine` serves Arrow tables and runs **DuckDB SQL** over them (double-quoted
identifiers, not Mill's backticks), which is enough to test the wire protocol end to end.
For Mill's own SQL dialect use ``ibis_mill.engines.duckdb.DuckDBEngine``.

DuckDB is a test dependency: it is imported when an :class:`ArrowEngine` is created, never
when this module or :mod:`mill_client` is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from mill_client.server.engine import EngineError, NotFoundError, SqlError

if TYPE_CHECKING:
    import duckdb

__all__ = ["ArrowEngine"]

_BATCH_ROWS = 10_000


class ArrowEngine:
    """An :class:`~mill_client.server.engine.Engine` over in-memory Arrow tables, run by DuckDB.

    Each Mill schema becomes a DuckDB schema holding a copy of its tables, so queries name
    tables ``"schema"."table"``. ``get_schema`` reports the Arrow schemas as given;
    results carry the Arrow types DuckDB returns (e.g. ``timestamp[us]``).

    Args:
        schemas: ``{schema name: {table name: table}}``, in the order ``ListSchemas``
            reports them.
        batch_rows: Rows per record batch of a query result.

    Example:
        >>> engine = ArrowEngine({"shop": {"orders": pa.table({"id": [1, 2]})}})
        >>> engine.execute('SELECT count(*) AS n FROM "shop"."orders"').read_all()["n"][0]
        <pyarrow.Int64Scalar: 2>
    """

    #: The dialect ``GetDialect`` reports by default.
    dialect_id = "CALCITE"

    def __init__(
        self, schemas: Mapping[str, Mapping[str, pa.Table]], *, batch_rows: int = _BATCH_ROWS
    ) -> None:
        import duckdb

        self._duckdb = duckdb
        self._schemas = {name: dict(tables) for name, tables in schemas.items()}
        self._batch_rows = batch_rows
        self._connection = duckdb.connect()
        self._lock = threading.Lock()
        for schema, tables in self._schemas.items():
            self._connection.execute(f"CREATE SCHEMA {_quote(schema)}")
            for table, data in tables.items():
                self._connection.register("__arrow_source", data)
                self._connection.execute(
                    f"CREATE TABLE {_quote(schema)}.{_quote(table)} AS SELECT * FROM __arrow_source"
                )
                self._connection.unregister("__arrow_source")

    def list_schemas(self) -> list[str]:
        """The schema names, in construction order."""
        return list(self._schemas)

    def get_schema(self, name: str) -> dict[str, pa.Schema]:
        """The Arrow schema of each table of schema ``name``.

        Raises:
            NotFoundError: There is no schema ``name`` (exact case).
        """
        if name not in self._schemas:
            raise NotFoundError(f"Schema '{name}' not found")
        return {table: data.schema for table, data in self._schemas[name].items()}

    def execute(self, sql: str) -> pa.RecordBatchReader:
        """Run ``sql`` (DuckDB SQL) and stream the result.

        Raises:
            SqlError: DuckDB cannot parse or bind the SQL.
            EngineError: The query failed while running.
        """
        cursor = self._cursor()
        try:
            cursor.execute(sql)
            reader = cursor.fetch_record_batch(self._batch_rows)
        except Exception as exc:
            cursor.close()
            raise self._error(exc) from exc
        return pa.RecordBatchReader.from_batches(reader.schema, self._stream(cursor, reader))

    def validate(self, sql: str) -> pa.Schema:
        """Parse and bind ``sql`` without reading any row; return the result schema.

        Raises:
            SqlError: DuckDB cannot parse or bind the SQL, or it is not a query.
        """
        cursor = self._cursor()
        try:
            relation = cursor.sql(sql)
            if relation is None:
                raise SqlError(f"SqlError: not a query: {sql}")
            return relation.limit(0).fetch_arrow_table().schema
        except SqlError:
            raise
        except Exception as exc:
            raise self._error(exc) from exc
        finally:
            cursor.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # A cursor is a separate connection to the same database: safe across threads.
        with self._lock:
            return self._connection.cursor()

    def _stream(self, cursor: Any, reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
        except Exception as exc:
            raise self._error(exc) from exc
        finally:
            cursor.close()

    def _error(self, exc: Exception) -> EngineError:
        duckdb = self._duckdb
        message = f"{type(exc).__name__}: {exc}"
        if isinstance(
            exc, (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException)
        ):
            return SqlError(message)
        return EngineError(message)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
