"""A Mill SQL engine on Apache Calcite, run in-process through JPype.

The engine plans each statement the way a Mill server does and runs it on Calcite's own
enumerable engine, so it accepts and refuses what Mill accepts and refuses:

- Parser: back-tick quoting, unquoted names folded to upper case, case-sensitive matching,
  DEFAULT conformance (no ``!=``, no ``%``, no ``LIMIT m, n``), one statement, no ``;``.
- Validator: Calcite's standard operator table only (no ``LENGTH``, ``CONCAT``, ...).
- Substrait gate: Mill converts every plan to Substrait with isthmus 0.60 before running
  it; the engine refuses what that step refuses (``FLOOR(ts TO DAY)``, ``TRIM``,
  ``POSITION``, ``CURRENT_TIMESTAMP``, ``STDDEV_POP``, ``UNNEST``, quantified comparisons,
  ``IGNORE NULLS``, dynamic parameters...) with the same exception and message.
- Errors: failures of those steps are :class:`SqlError` reading exactly as Mill's
  (``<exception class>: <message>``, with line and column from Calcite); failures while
  running are :class:`EngineError` with the exception's message. When the Java code Calcite
  generates does not compile, that message is Janino's, with its line and column; the
  generated source goes to this module's logger as a warning.
- Results: the column names Calcite gives (``EXPR$0`` when unaliased) and the types Mill's
  JDBC result path writes (TINYINT -> int16, SMALLINT -> int32, REAL and DECIMAL ->
  float64, FLOAT -> float32, TIMESTAMP -> timestamp("ms", "UTC"), TIME -> time32("ms")).
  Result types Mill cannot write (intervals, arrays, rows, NULL) fail as Mill fails:
  ``JDBC type 'OTHER/code:1111' not supported``.

Tables are Arrow data (or callables returning it, loaded on first use), copied into Java
column arrays once; see :mod:`ibis_mill.engines._calcite_arrow` for the type mapping.

Differences from a Mill server, all consequences of the Calcite 1.29 jar this engine uses
(Mill runs Calcite 1.41) or of running without Substrait:

- ``WITH RECURSIVE`` is a parse error here (Calcite 1.29 has no recursive CTEs); Mill
  refuses it at the Substrait step. ``SELECT NULL`` passes Calcite 1.29's validator and is
  refused by the gate (NULL type); Calcite 1.41 refuses it at validation.
- The gate checks operators and arities, not full Substrait signatures, so an operator
  isthmus maps but without a signature for the argument types still runs here.
- The ``metadata`` schema that Mill lists is not served by the engine (the wire server
  lists it itself); it cannot be queried here.
- Values are computed in UTC, as on a Mill server whose JVM runs in UTC. NULL dates and
  timestamps come back as nulls (Mill's result writer is expected to fail on them).
- Two defects of Calcite 1.29's execution are worked around: INTERSECT and EXCEPT after a
  one-column input (Calcite generates Java for them that does not compile), and
  ``NTH_VALUE(x, n)`` before its frame holds n rows (Calcite returns a later row of the
  partition, not NULL). Where Calcite types ``NTH_VALUE`` NOT NULL (``x`` NOT NULL and a
  frame that always holds the current row), it cannot be NULL and keeps Calcite's answer.

What Calcite itself rewrites before the Substrait step is accepted, as on Mill: ``SQRT(x)``
becomes ``POWER(x, 0.5)``, ``CHARACTER_LENGTH`` becomes ``CHAR_LENGTH``, and a ``LATERAL``
subquery that Calcite decorrelates becomes a join.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from ibis_mill.engines._calcite_arrow import (
    CalciteType,
    ResultColumn,
    calcite_type,
    declare_columns,
    record_batch,
    result_column,
    schema_type,
    table_data,
)
from ibis_mill.engines._calcite_jvm import (
    CalciteUnavailableError,
    JavaBridge,
    calcite_available,
    java_bridge,
)
from mill_client.server.engine import EngineError, NotFoundError, SqlError

__all__ = [
    "CalciteEngine",
    "CalciteUnavailableError",
    "TableSource",
    "calcite_available",
]

#: What a served table is built from: an Arrow table, or a callable returning an Arrow
#: table or record batch reader, called once on first use and then cached.
TableSource = pa.Table | Callable[[], pa.Table | pa.RecordBatchReader]

_DEFAULT_BATCH_ROWS = 10_000

logger = logging.getLogger(__name__)


@dataclass
class _Table:
    """One served table: its Java object, its Arrow schema once known, its pending source."""

    java: Any
    arrow_schema: pa.Schema | None
    source: TableSource | None


class CalciteEngine:
    """Serve Arrow tables as Mill schemas, running Mill SQL on Apache Calcite.

    The JVM starts on the first engine created in the process (about a second) and stays;
    each new query is planned in 40-300 ms.

    Args:
        schemas: ``{schema name: {table name: source}}``; names are used verbatim
            (case-sensitive, as Mill does). More can be added later.
        batch_rows: Rows per Arrow record batch in query results.

    Raises:
        CalciteUnavailableError: Java, JPype or the Calcite jar is missing.

    Example:
        >>> import pyarrow as pa
        >>> engine = CalciteEngine({"shop": {"orders": pa.table({"id": [1, 2]})}})
        >>> engine.execute("SELECT COUNT(*) AS `n` FROM `shop`.`orders`").read_all()["n"][0]
        <pyarrow.Int64Scalar: 2>
    """

    #: Reported by ``GetDialect``: the engine speaks Mill's Calcite SQL.
    dialect_id = "CALCITE"

    def __init__(
        self,
        schemas: Mapping[str, Mapping[str, TableSource]] | None = None,
        *,
        batch_rows: int = _DEFAULT_BATCH_ROWS,
    ) -> None:
        if batch_rows <= 0:
            raise ValueError(f"batch_rows must be positive, not {batch_rows}")
        self._bridge: JavaBridge = java_bridge()
        self._batch_rows = batch_rows
        self._lock = threading.Lock()
        self._schemas: dict[str, dict[str, _Table]] = {}
        self._planner: Any = None
        for name, tables in (schemas or {}).items():
            self.add_schema(name, tables)

    # -- catalog --------------------------------------------------------------------------

    def add_schema(self, name: str, tables: Mapping[str, TableSource] | None = None) -> None:
        """Add a schema, with tables or empty.

        Raises:
            ValueError: ``name`` is empty or already served.
            TypeError: A table's columns have an Arrow type Calcite cannot serve.
        """
        if not name:
            raise ValueError("A schema name must not be empty.")
        with self._lock:
            if name in self._schemas:
                raise ValueError(f"Schema '{name}' is already served; remove it first.")
            self._schemas[name] = {}
            self._planner = None
        for table, source in (tables or {}).items():
            self.add_table(name, table, source)

    def add_table(
        self,
        schema: str,
        name: str,
        source: TableSource,
        *,
        arrow_schema: pa.Schema | None = None,
    ) -> None:
        """Serve a table, creating its schema if needed and replacing a table of that name.

        Args:
            schema: The schema name.
            name: The table name.
            source: An Arrow table, or a callable returning one (or a record batch reader),
                called on the first query that reads the table or needs its columns.
            arrow_schema: The columns a callable source will return, so that catalog
                questions and planning do not have to load it. The source must then return
                these names with Arrow types of the same Calcite types (``timestamp("us")``
                for a declared ``timestamp("ns")`` is fine).

        Raises:
            ValueError: ``name`` is empty.
            TypeError: ``source`` is neither, or has columns Calcite cannot serve.
        """
        if not name:
            raise ValueError(f"A table name in schema '{schema}' must not be empty.")
        if isinstance(source, pa.Table):
            arrow_schema = source.schema
        elif not callable(source):
            raise TypeError(
                f"Table '{schema}'.'{name}': expected a pyarrow.Table or a callable returning "
                f"one, got {type(source).__name__}"
            )
        declared = None
        if arrow_schema is not None:
            declared = self._bridge.objects(declare_columns(self._bridge, arrow_schema))
        entry = _Table(java=None, arrow_schema=arrow_schema, source=source)
        rows = float(source.num_rows) if isinstance(source, pa.Table) else -1.0
        # The Java table holds the loader: a weak reference back keeps the engine collectable.
        bridge, entry_ref = self._bridge, weakref.ref(entry)
        entry.java = bridge.columnar_table(
            declared, rows, lambda: _load(bridge, schema, name, entry_ref())
        )
        with self._lock:
            self._schemas.setdefault(schema, {})[name] = entry
            self._planner = None

    def remove_schema(self, name: str) -> None:
        """Stop serving a schema and its tables.

        Raises:
            NotFoundError: ``Schema '<name>' not found``.
        """
        with self._lock:
            if self._schemas.pop(name, None) is None:
                raise NotFoundError(f"Schema '{name}' not found")
            self._planner = None

    # -- Engine protocol ------------------------------------------------------------------

    def list_schemas(self) -> list[str]:
        """Return the schema names in the order they were added."""
        with self._lock:
            return list(self._schemas)

    def get_schema(self, name: str) -> dict[str, pa.Schema]:
        """Return ``{table name: Arrow schema}`` of schema ``name`` (exact case).

        The types are those Mill's ``GetSchema`` reports for the Calcite column types
        (TINYINT int8, FLOAT float32, DECIMAL float64, TIME time32("ms"), TIMESTAMP
        timestamp("ms")...). A table given as a callable without ``arrow_schema`` is loaded.

        Raises:
            NotFoundError: ``Schema '<name>' not found``.
        """
        with self._lock:
            tables = self._schemas.get(name)
            if tables is None:
                raise NotFoundError(f"Schema '{name}' not found")
            tables = dict(tables)
        return {table: _mill_schema(self._arrow_schema(entry)) for table, entry in tables.items()}

    def _arrow_schema(self, entry: _Table) -> pa.Schema:
        if entry.arrow_schema is None:
            try:
                entry.java.load()
            except self._bridge.java_exception as exc:
                raise self._execution_error(exc) from None
        assert entry.arrow_schema is not None
        return entry.arrow_schema

    def execute(self, sql: str) -> pa.RecordBatchReader:
        """Run one Mill SQL query and stream its result as Arrow record batches.

        The first batch is computed before this returns, so most execution errors are
        raised here rather than while reading.

        Raises:
            SqlError: The SQL does not parse, validate or pass the Substrait gate.
            EngineError: Running it failed, or a result column has a type Mill cannot write.
        """
        query = self._prepare(sql)
        columns = self._result_columns(query)
        try:
            cursor = query.open(self._bridge.ints([column.kind for column in columns]))
        except self._bridge.java_exception as exc:
            raise self._execution_error(exc) from None
        schema = pa.schema([column.field for column in columns])
        first = self._fetch(cursor, columns, schema)
        return pa.RecordBatchReader.from_batches(
            schema, self._batches(cursor, columns, schema, first)
        )

    def validate(self, sql: str) -> pa.Schema:
        """Parse, validate and gate ``sql`` as Mill's ``ParseSql`` does; return its result schema.

        Columns whose type Mill cannot write in a result (intervals, arrays, ...) pass,
        as they pass ``ParseSql``; they are typed ``null`` here.

        Raises:
            SqlError: The SQL does not parse, validate or pass the Substrait gate.
        """
        query = self._prepare(sql)
        fields = []
        for i in range(query.width()):
            column = result_column(
                str(query.name(i)), str(query.typeName(i)), bool(query.nullable(i))
            )
            fields.append(column.field if column else pa.field(str(query.name(i)), pa.null()))
        return pa.schema(fields)

    # -- running --------------------------------------------------------------------------

    def _prepare(self, sql: str) -> Any:
        planner = self._current_planner()
        try:
            return planner.prepare(sql)
        except self._bridge.java_exception as exc:
            load_failure = self._load_failure(exc)
            if load_failure is not None:
                raise EngineError(load_failure) from None
            raise SqlError(str(exc.toString())) from None

    def _current_planner(self) -> Any:
        with self._lock:
            if self._planner is None:
                root = self._bridge.frameworks.createRootSchema(False)
                for name, tables in self._schemas.items():
                    schema = root.add(name, self._bridge.abstract_schema())
                    for table, entry in tables.items():
                        schema.add(table, entry.java)
                self._planner = self._bridge.mill_planner(root)
            return self._planner

    def _fetch(self, cursor: Any, columns: list[ResultColumn], schema: pa.Schema) -> pa.RecordBatch:
        try:
            rows = cursor.fetch(self._batch_rows)
        except self._bridge.java_exception as exc:
            cursor.close()
            raise self._execution_error(exc) from None
        return record_batch(cursor, rows, columns, schema)

    def _result_columns(self, query: Any) -> list[ResultColumn]:
        """The result columns of a query, refusing types Mill's result path cannot write."""
        columns = []
        for i in range(query.width()):
            column = result_column(
                str(query.name(i)), str(query.typeName(i)), bool(query.nullable(i))
            )
            if column is None:
                code = int(query.jdbcType(i))
                jdbc_name = self._bridge.jdbc_type.valueOf(code).getName()
                raise EngineError(f"JDBC type '{jdbc_name}/code:{code}' not supported")
            columns.append(column)
        return columns

    def _load_failure(self, exc: Any) -> str | None:
        """The message of the table-loading failure behind ``exc``, if that is its cause."""
        cause = exc
        while cause is not None:
            if isinstance(cause, self._bridge.load_exception):
                return str(cause.getMessage())
            cause = cause.getCause()
        return None

    def _compile_failure(self, exc: Any) -> str | None:
        """Janino's message when ``exc`` is generated Java failing to compile; logs the source.

        Calcite's message for such a failure is the whole generated source; Janino's, the
        innermost of its exceptions among the causes, says what is wrong and, for a compile
        error, where (``Line 22, Column 139: Cannot cast ...``).
        """
        janino = None
        cause = exc
        while cause is not None:
            if isinstance(cause, self._bridge.compile_exceptions):
                janino = cause
            cause = cause.getCause()
        if janino is None:
            return None
        logger.warning("Calcite generated Java code that does not compile: %s", exc.getMessage())
        return f"Error while compiling generated Java code: {janino.getMessage()}"

    def _execution_error(self, exc: Any) -> EngineError:
        """An execution failure: its load failure, Janino's compile error, or the first message
        along its causes."""
        message = self._load_failure(exc) or self._compile_failure(exc)
        cause = exc
        while message is None and cause is not None:
            message = cause.getMessage()
            if message is None and cause.getCause() is None:
                message = cause.toString()
            cause = cause.getCause()
        return EngineError(str(message))

    def _batches(
        self, cursor: Any, columns: list[ResultColumn], schema: pa.Schema, first: pa.RecordBatch
    ) -> Iterator[pa.RecordBatch]:
        try:
            batch = first
            while batch.num_rows:
                yield batch
                if batch.num_rows < self._batch_rows:
                    break
                batch = self._fetch(cursor, columns, schema)
        finally:
            cursor.close()


def _load(bridge: JavaBridge, schema: str, name: str, entry: _Table) -> Any:
    """Called from Java on first use: read the source and copy it into Java arrays.

    Java calls it from one thread at a time per table, until it succeeds. A failure is
    thrown into Java as a ``LoadException`` naming the table and the cause.
    """
    try:
        source = entry.source
        table = source if isinstance(source, pa.Table) else _read_source(source)
        _check_columns(table, entry.arrow_schema or table.schema)
        data = table_data(bridge, table)
    except Exception as exc:  # noqa: BLE001 (every failure must reach Java as one)
        raise bridge.load_exception(
            f"Table '{schema}'.'{name}' could not be loaded: {type(exc).__name__}: {exc}"
        ) from None
    if entry.arrow_schema is None:
        entry.arrow_schema = table.schema
    entry.source = None
    return data


def _read_source(source: Callable[[], Any]) -> pa.Table:
    result = source()
    if isinstance(result, pa.RecordBatchReader):
        return result.read_all()
    if isinstance(result, pa.Table):
        return result
    raise TypeError(
        f"the source returned {type(result).__name__}, not a pyarrow.Table or RecordBatchReader"
    )


def _check_columns(table: pa.Table, declared: pa.Schema) -> None:
    """Check loaded data against the columns Calcite was given.

    Raises:
        TypeError: The names or Calcite types differ from the declared ones, or a column
            declared NOT NULL holds nulls.
    """

    def columns(schema: pa.Schema) -> list[tuple[str, CalciteType]]:
        return [(f.name, calcite_type(f.type)) for f in schema]

    if columns(table.schema) != columns(declared):
        raise TypeError(
            f"the source returned columns ({_describe(table.schema)}) other than "
            f"the declared ones ({_describe(declared)})"
        )
    for f in declared:
        if not f.nullable and table.column(f.name).null_count:
            raise TypeError(f"column '{f.name}' is declared NOT NULL but holds nulls")


def _describe(schema: pa.Schema) -> str:
    return ", ".join(f"{f.name}: {f.type}" for f in schema)


def _mill_schema(arrow_schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        [
            pa.field(f.name, schema_type(calcite_type(f.type)), nullable=f.nullable)
            for f in arrow_schema
        ]
    )
