"""Local sources on DuckDB: the registry of resolved descriptors and the in-process engine.

Each registered source is one ibis *database* of the Mill backend. Its tables run in-process
on ibis's DuckDB backend (an in-memory database created on first use). A table becomes a
DuckDB object the first time a query reads it, and stays one until its source is
unregistered:

- a view over :meth:`SourceTable.duckdb_sql` when DuckDB scans its files natively (Parquet,
  plain CSV): files are read at each query, only the columns and row groups it needs;
- otherwise (Avro, Excel, fixed width, TSV, unusual CSV options...) a DuckDB table loaded
  once from :meth:`SourceTable.to_reader`, streamed file by file. Such a table does not see
  later changes of its files: register the source again to reload it.

Every source gets its own DuckDB schema, named like the source when DuckDB allows it: DuckDB
names are case-insensitive and some are its own, so sources registered as ``Sales``,
``sales`` and ``main`` get the DuckDB schemas ``Sales``, ``sales_2`` and ``main_2``.
Queries run on their own DuckDB cursor, where the Arrow results of remote fragments are
registered for the duration of the query only.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa

from ibis_mill.backend_results import cast_batches
from ibis_mill.sources import Source, SourceTable

if TYPE_CHECKING:
    import duckdb
    from ibis.backends.duckdb import Backend as DuckDBBackend

__all__ = ["SESSION_DATABASE", "LocalSources"]

#: DuckDB schemas that cannot hold user objects.
_RESERVED_SCHEMAS = frozenset({"information_schema", "pg_catalog", "main", "temp", "system"})

#: The database of the session's file tables (:mod:`ibis_mill.session`): a hidden source,
#: never listed by :meth:`LocalSources.names`, whose tables come and go one by one.
SESSION_DATABASE = "(session)"


class _SessionFiles:
    """The hidden source holding the session's file tables."""

    def __init__(self) -> None:
        self.tables: dict[str, SourceTable] = {}


class LocalSources:
    """Registered local sources and the DuckDB backend that runs queries over them.

    Names are case-sensitive, as Mill's. The DuckDB backend is created on first use, so a
    connection that never reads local data never starts DuckDB.
    """

    def __init__(self) -> None:
        self._sources: dict[str, Source | _SessionFiles] = {}
        #: source name -> (DuckDB schema, {table name: DuckDB table name})
        self._duck_names: dict[str, tuple[str, dict[str, str]]] = {}
        #: (DuckDB schema, DuckDB table) -> (source name, table name)
        self._by_duck_name: dict[tuple[str, str], tuple[str, str]] = {}
        #: (source name, table name) -> "VIEW" or "TABLE": what DuckDB holds of it.
        self._loaded: dict[tuple[str, str], str] = {}
        self._duckdb: DuckDBBackend | None = None
        self._lock = threading.RLock()

    # -- registry ---------------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        return name in self._sources

    def names(self) -> list[str]:
        """The registered source names, in registration order."""
        return [name for name in self._sources if name != SESSION_DATABASE]

    def source(self, name: str) -> Source:
        """The resolved source registered as ``name`` (which must be registered)."""
        source = self._sources[name]
        assert isinstance(source, Source)
        return source

    def add(self, name: str, source: Source) -> None:
        """Register ``source`` as database ``name`` (the caller checked the name is free)."""
        with self._lock:
            taken = {schema.lower() for schema, _ in self._duck_names.values()}
            duck_schema = _free_name(name, taken | _RESERVED_SCHEMAS)
            tables: dict[str, str] = {}
            for table in source.tables:
                tables[table] = _free_name(table, {t.lower() for t in tables.values()})
                self._by_duck_name[duck_schema, tables[table]] = (name, table)
            self._sources[name] = source
            self._duck_names[name] = (duck_schema, tables)

    def remove(self, name: str) -> None:
        """Forget source ``name`` and drop what DuckDB holds of it."""
        with self._lock:
            del self._sources[name]
            duck_schema, tables = self._duck_names.pop(name)
            for duck_table in tables.values():
                del self._by_duck_name[duck_schema, duck_table]
            loaded = [key for key in self._loaded if key[0] == name]
            if loaded and self._duckdb is not None:
                self._duckdb.con.execute(f"DROP SCHEMA IF EXISTS {_duck_path(duck_schema)} CASCADE")
            for key in loaded:
                del self._loaded[key]

    def add_session_table(self, name: str, table: SourceTable) -> None:
        """Add a file table of the session, as table ``name`` of :data:`SESSION_DATABASE`
        (the caller checked the name is free)."""
        with self._lock:
            if SESSION_DATABASE not in self._sources:
                taken = {schema.lower() for schema, _ in self._duck_names.values()}
                duck_schema = _free_name("session", taken | _RESERVED_SCHEMAS)
                self._sources[SESSION_DATABASE] = _SessionFiles()
                self._duck_names[SESSION_DATABASE] = (duck_schema, {})
            files = self._sources[SESSION_DATABASE]
            assert isinstance(files, _SessionFiles)
            duck_schema, tables = self._duck_names[SESSION_DATABASE]
            tables[name] = _free_name(name, {t.lower() for t in tables.values()})
            self._by_duck_name[duck_schema, tables[name]] = (SESSION_DATABASE, name)
            files.tables[name] = table

    def remove_session_table(self, name: str) -> None:
        """Forget file table ``name`` of the session and drop what DuckDB holds of it."""
        with self._lock:
            files = self._sources[SESSION_DATABASE]
            assert isinstance(files, _SessionFiles)
            duck_schema, tables = self._duck_names[SESSION_DATABASE]
            duck_table = tables.pop(name)
            del self._by_duck_name[duck_schema, duck_table]
            del files.tables[name]
            kind = self._loaded.pop((SESSION_DATABASE, name), None)
            if kind is not None and self._duckdb is not None:
                target = _duck_path(duck_schema, duck_table)
                self._duckdb.con.execute(f"DROP {kind} IF EXISTS {target}")

    # -- DuckDB -----------------------------------------------------------------------------

    @property
    def duckdb(self) -> DuckDBBackend:
        """The ibis DuckDB backend (in-memory) that local queries run on."""
        with self._lock:
            if self._duckdb is None:
                import ibis

                self._duckdb = ibis.duckdb.connect()
            return self._duckdb

    def bind(self, table: ops.DatabaseTable) -> ops.DatabaseTable:
        """The DuckDB table standing for a local table of the Mill backend.

        Nothing is read: :meth:`execute` loads the tables a query needs.
        """
        duck_schema, tables = self._duck_names[table.namespace.database]
        duck = self.duckdb
        return ops.DatabaseTable(
            tables[table.name],
            schema=table.schema,
            source=duck,
            namespace=ops.Namespace(catalog=duck.current_catalog, database=duck_schema),
        )

    def compile(self, expr: ir.Table, *, pretty: bool = False) -> str:
        """The DuckDB SQL of an expression over bound local tables (see :meth:`bind`)."""
        return self.duckdb.compile(expr, pretty=pretty)

    def execute(
        self,
        expr: ir.Table,
        remote: Mapping[ops.UnboundTable, pa.Table],
        *,
        chunk_size: int,
    ) -> pa.RecordBatchReader:
        """Run an expression on DuckDB and stream its result, cast to its schema.

        Args:
            expr: The expression: bound local tables (see :meth:`bind`), placeholder
                tables for remote results, in-memory tables.
            remote: The rows of each placeholder table.
            chunk_size: Most rows per record batch.

        Returns:
            A reader over the result; the query's DuckDB cursor closes when it is drained
            or closed.
        """
        duck = self.duckdb
        self._load(expr)
        cursor = duck.con.cursor()
        try:
            replacements: dict[ops.Node, ops.Node] = {}
            for placeholder, table in remote.items():
                name = f"__mill_remote_{uuid.uuid4().hex}"
                cursor.register(name, table)
                replacements[placeholder] = ops.DatabaseTable(
                    name, schema=placeholder.schema, source=duck
                )
            for memtable in expr.op().find(ops.InMemoryTable):
                cursor.register(memtable.name, memtable.data.to_pyarrow(memtable.schema))
            bound = expr.op().replace(replacements).to_expr() if replacements else expr
            target = expr.schema().to_pyarrow()
            result = cursor.execute(duck.compile(bound)).fetch_record_batch(chunk_size)
        except BaseException:
            cursor.close()
            raise
        return pa.RecordBatchReader.from_batches(target, _stream(result, target, cursor))

    def _load(self, expr: ir.Table) -> None:
        """Create the DuckDB views and tables of the local tables ``expr`` reads."""
        duck = self._duckdb
        for table in expr.op().find(ops.DatabaseTable):
            if table.source is not duck:
                continue
            with self._lock:
                key = self._by_duck_name[table.namespace.database, table.name]
                if key in self._loaded:
                    continue
                source_table = self._sources[key[0]].tables[key[1]]
                self._loaded[key] = _load_table(duck.con, table, source_table)

    def close(self) -> None:
        """Close the DuckDB database, if one was opened; registered sources stay."""
        with self._lock:
            if self._duckdb is not None:
                self._duckdb.disconnect()
                self._duckdb = None
                self._loaded.clear()


def _load_table(
    con: duckdb.DuckDBPyConnection, table: ops.DatabaseTable, data: SourceTable
) -> str:
    """Create the DuckDB view (files DuckDB scans natively) or table (loaded from
    ``data``'s reader) standing for ``table``; return which: ``"VIEW"`` or ``"TABLE"``."""
    schema = _duck_path(table.namespace.catalog, table.namespace.database)
    target = _duck_path(table.namespace.catalog, table.namespace.database, table.name)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    scan = data.duckdb_sql()
    if scan is not None:
        con.execute(f"CREATE OR REPLACE VIEW {target} AS {scan}")
        return "VIEW"
    staging = f"__mill_source_{uuid.uuid4().hex}"
    cursor = con.cursor()
    try:
        cursor.register(staging, data.to_reader())
        cursor.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT * FROM {_duck_path(staging)}")
    finally:
        cursor.close()
    return "TABLE"


def _stream(
    result: pa.RecordBatchReader, target: pa.Schema, cursor: Any
) -> Iterator[pa.RecordBatch]:
    try:
        yield from cast_batches(result, target)
    finally:
        cursor.close()


def _free_name(name: str, taken_lower: set[str] | frozenset[str]) -> str:
    """``name``, or ``name_2``, ``name_3``... whichever is not taken (case-insensitively)."""
    candidate, number = name, 1
    while candidate.lower() in taken_lower:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def _duck_path(*parts: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)
