"""A Mill SQL engine on DuckDB: Calcite SQL parsed with our dialect, transpiled, run in-process.

The engine serves tables (Arrow tables, Parquet files or the tables of source descriptors)
under Mill schema names, one DuckDB schema per Mill schema, to
:class:`mill_client.server.MillServer`. It is meant for demos,
benchmarks and fast tests; the Calcite engine is the one to use for fidelity.

What it reproduces from Mill:

- The SQL is parsed with the ``mill`` sqlglot dialect, so text Calcite would reject for its
  syntax (double-quoted identifiers, ``!=``, ``%``, a trailing ``;``...) is rejected here too,
  as a :class:`~mill_client.server.engine.SqlError` that reads like Mill's.
- Unquoted identifiers are folded to upper case and table names match case-sensitively,
  with Calcite's ``did you mean`` hint for a wrong-case name.
- Only queries run: no DDL, DML, ``SET``, ``COPY`` or table functions (the service is
  read-only, and DuckDB's file system access is locked to the served Parquet folders).

What it does not reproduce:

- Column names match case-insensitively (DuckDB has no case-sensitive mode).
- Result types are DuckDB's, not widened the way Mill's JDBC result path widens them
  (TINYINT to SMALL_INT, TIMESTAMP to TIMESTAMP_TZ, ...): clients cast results to their own
  schema anyway, and the wire server maps Arrow types to Mill types.
- Functions are DuckDB's: SQL that Calcite would reject at validation or Substrait
  conversion (``LENGTH``, ``CONCAT``, ``SQRT``...) may run here.
"""

from __future__ import annotations

import difflib
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import sqlglot
import sqlglot.expressions as sge
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

import ibis_mill.dialect  # noqa: F401  (registers the "mill" sqlglot dialect)
from ibis_mill.sources import Source, SourceTable
from mill_client.server.engine import EngineError, NotFoundError, SqlError

__all__ = ["DuckDBEngine", "TableData"]

#: What a served table can be built from: an Arrow table (copied into DuckDB), one Parquet
#: file or several with the same schema (scanned in place at each query), or a table of a
#: resolved source descriptor (scanned natively when DuckDB can read its files, else copied).
TableData = pa.Table | SourceTable | str | os.PathLike | Sequence[str | os.PathLike]

_DEFAULT_BATCH_ROWS = 65_536
_TOKEN_REPR = re.compile(r" but got <Token .*?>")


class DuckDBEngine:
    """Serve Arrow tables and Parquet files as Mill schemas, running Mill SQL on DuckDB.

    The catalog is fixed at construction: DuckDB's configuration is locked afterwards, so
    SQL from clients cannot reach other files or change settings.

    Args:
        schemas: ``{schema name: {table name: data}}``. Names are used verbatim
            (case-sensitive, as Mill does).
        batch_rows: Rows per Arrow record batch in query results.

    Raises:
        ValueError: A schema or table name is empty, or a Parquet file does not exist.

    Example:
        >>> import pyarrow as pa
        >>> engine = DuckDBEngine({"shop": {"orders": pa.table({"id": [1, 2]})}})
        >>> engine.execute("SELECT COUNT(*) AS `n` FROM `shop`.`orders`").read_all()["n"][0]
        <pyarrow.Int64Scalar: 2>
    """

    #: Reported by ``GetDialect``: the engine speaks Mill's Calcite SQL.
    dialect_id = "CALCITE"

    def __init__(
        self,
        schemas: Mapping[str, Mapping[str, TableData]],
        *,
        batch_rows: int = _DEFAULT_BATCH_ROWS,
    ) -> None:
        self._batch_rows = batch_rows
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        allowed_dirs: set[str] = set()
        for schema, tables in schemas.items():
            if not schema:
                raise ValueError("A schema name must not be empty.")
            self._con.execute(f"CREATE SCHEMA {_quote(schema)}")
            for name, data in tables.items():
                if not name:
                    raise ValueError(f"A table name in schema {schema!r} must not be empty.")
                allowed_dirs |= self._create_table(schema, name, data)
        self._schemas: dict[str, dict[str, pa.Schema]] = {
            schema: {name: self._table_schema(schema, name) for name in tables}
            for schema, tables in schemas.items()
        }
        self._lock_down(allowed_dirs)

    # -- Engine protocol ------------------------------------------------------------------

    def list_schemas(self) -> list[str]:
        """Return the schema names in the order they were given."""
        return list(self._schemas)

    def get_schema(self, name: str) -> dict[str, pa.Schema]:
        """Return ``{table name: Arrow schema}`` of schema ``name`` (exact case).

        Raises:
            NotFoundError: ``Schema '<name>' not found``.
        """
        try:
            return dict(self._schemas[name])
        except KeyError:
            raise NotFoundError(f"Schema '{name}' not found") from None

    def execute(self, sql: str) -> pa.RecordBatchReader:
        """Run one Mill SQL query and stream its result as Arrow record batches.

        Raises:
            SqlError: The SQL does not parse, is not a query, names an unknown table, or
                DuckDB rejects it while binding.
            EngineError: DuckDB failed while running it.
        """
        duck_sql = self.transpile(sql)
        cursor = self._cursor()
        try:
            reader = cursor.execute(duck_sql).fetch_record_batch(self._batch_rows)
        except duckdb.Error as e:
            cursor.close()
            raise _engine_error(e) from e
        return pa.RecordBatchReader.from_batches(reader.schema, _batches(reader, cursor))

    def validate(self, sql: str) -> pa.Schema:
        """Parse and bind ``sql`` without running it; return its result schema.

        Raises:
            SqlError: As for :meth:`execute`.
        """
        duck_sql = self.transpile(sql)
        cursor = self._cursor()
        try:
            return cursor.sql(duck_sql).limit(0).to_arrow_table().schema
        except duckdb.Error as e:
            raise _engine_error(e) from e
        finally:
            cursor.close()

    # -- SQL ------------------------------------------------------------------------------

    def transpile(self, sql: str) -> str:
        """Translate one Mill SQL query to DuckDB SQL, checking it as Mill would.

        Raises:
            SqlError: The SQL does not parse, holds more or less than one statement, is not
                a query, or names a schema or table that does not exist (exact case).
        """
        tree = _parse_one(sql)
        self._check_tables(tree)
        tree = tree.transform(_group_infix_mod, copy=False)
        return normalize_identifiers(tree, dialect="mill").sql(dialect="duckdb")

    def _check_tables(self, tree: sge.Expression) -> None:
        cte_names = {cte.alias for cte in tree.find_all(sge.CTE)}
        for table in tree.find_all(sge.Table):
            if not isinstance(table.this, sge.Identifier):
                raise SqlError(
                    f"SqlValidatorException: Table functions are not supported: {table.sql('mill')}"
                )
            name = _exact_name(table.this)
            if not table.args.get("db"):
                if table.name in cte_names:
                    continue
                raise SqlError(
                    f"SqlValidatorException: Object '{name}' not found; "
                    "qualify tables with their schema (`schema`.`table`)"
                )
            if table.args.get("catalog"):
                raise SqlError(f"SqlValidatorException: Table '{table.sql('mill')}' not found")
            schema = _exact_name(table.args["db"])
            tables = self._schemas.get(schema)
            if tables is None:
                raise SqlError(
                    f"SqlValidatorException: Object '{schema}' not found"
                    + _did_you_mean(schema, self._schemas)
                )
            if name not in tables:
                raise SqlError(
                    f"SqlValidatorException: Object '{name}' not found within '{schema}'"
                    + _did_you_mean(name, tables)
                )

    # -- set-up ---------------------------------------------------------------------------

    @classmethod
    def from_sources(cls, sources: Sequence[Source], **kwargs: int) -> DuckDBEngine:
        """Serve resolved source descriptors, one schema per source.

        Args:
            sources: Sources from :func:`ibis_mill.sources.resolve`.
            kwargs: Passed to the constructor (``batch_rows``).

        Raises:
            ValueError: Two sources have the same name.
        """
        schemas: dict[str, dict[str, TableData]] = {}
        for source in sources:
            if source.name in schemas:
                raise ValueError(f"Two source descriptors are named '{source.name}'.")
            schemas[source.name] = dict(source.tables)
        return cls(schemas, **kwargs)

    def _create_table(self, schema: str, name: str, data: TableData) -> set[str]:
        target = f"{_quote(schema)}.{_quote(name)}"
        if isinstance(data, SourceTable):
            scan = data.duckdb_sql()
            if scan is not None:
                self._con.execute(f"CREATE VIEW {target} AS {scan}")
                return {str(path.resolve().parent) + os.sep for path in data.files}
            data = data.to_arrow()
        if isinstance(data, pa.Table):
            self._con.register("__mill_arrow_source", data)
            try:
                self._con.execute(f"CREATE TABLE {target} AS SELECT * FROM __mill_arrow_source")
            finally:
                self._con.unregister("__mill_arrow_source")
            return set()
        paths = [Path(data)] if isinstance(data, (str, os.PathLike)) else [Path(p) for p in data]
        if not paths:
            raise ValueError(f"Table {schema}.{name} has no Parquet files.")
        for path in paths:
            if not path.is_file():
                raise ValueError(f"Parquet file {path} of table {schema}.{name} does not exist.")
        files = ", ".join(_literal(str(p.resolve())) for p in paths)
        self._con.execute(f"CREATE VIEW {target} AS SELECT * FROM read_parquet([{files}])")
        return {str(p.resolve().parent) + os.sep for p in paths}

    def _table_schema(self, schema: str, name: str) -> pa.Schema:
        relation = self._con.sql(f"SELECT * FROM {_quote(schema)}.{_quote(name)}")
        return relation.limit(0).to_arrow_table().schema

    def _lock_down(self, allowed_dirs: set[str]) -> None:
        if allowed_dirs:
            dirs = ", ".join(_literal(d) for d in sorted(allowed_dirs))
            self._con.execute(f"SET allowed_directories = [{dirs}]")
        self._con.execute("SET enable_external_access = false")
        self._con.execute("SET lock_configuration = true")

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def close(self) -> None:
        """Close the DuckDB database; the engine cannot be used afterwards."""
        self._con.close()


def _group_infix_mod(node: sge.Expression) -> sge.Expression:
    """Parenthesise a ``MOD(a, b)`` that sits inside another operator.

    Mill writes ``MOD`` as a function, so its grouping is explicit; DuckDB writes it as the
    infix ``%``, which binds like ``*``: ``153 * MOD(a, 12)`` must become
    ``153 * (a % 12)``, not ``153 * a % 12``.
    """
    if isinstance(node, sge.Mod) and isinstance(node.parent, (sge.Binary, sge.Unary)):
        return sge.Paren(this=node)
    return node


def _parse_one(sql: str) -> sge.Query:
    try:
        statements = sqlglot.parse(sql, read="mill")
    except sqlglot.errors.ParseError as e:
        raise SqlError(_parse_error_message(e)) from e
    except sqlglot.errors.TokenError as e:
        raise SqlError(f"SqlParseException: Lexical error: {e}") from e
    statements = [s for s in statements if s is not None]
    if len(statements) != 1:
        raise SqlError(
            f"SqlParseException: Expected one statement, got {len(statements)}; "
            "send one query without a trailing ';'"
        )
    (tree,) = statements
    if not isinstance(tree, sge.Query):
        raise SqlError(
            f"SqlValidatorException: Only queries are supported (Mill is read-only), got: "
            f"{tree.key.upper()}"
        )
    return tree


def _parse_error_message(error: sqlglot.errors.ParseError) -> str:
    if not error.errors:
        return f"SqlParseException: {error}"
    first = error.errors[0]
    description = _TOKEN_REPR.sub("", first.get("description") or "syntax error")
    near = first.get("highlight") or ""
    return (
        f'SqlParseException: Encountered "{near}" at line {first.get("line")}, '
        f"column {first.get('col')}: {description}"
    )


def _engine_error(error: duckdb.Error) -> EngineError:
    binding = (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException)
    message = f"{type(error).__name__}: {error}"
    return SqlError(message) if isinstance(error, binding) else EngineError(message)


def _batches(
    reader: pa.RecordBatchReader, cursor: duckdb.DuckDBPyConnection
) -> Iterator[pa.RecordBatch]:
    # The cursor must outlive the reader DuckDB streams from; close it once drained.
    try:
        yield from reader
    except duckdb.Error as e:
        raise _engine_error(e) from e
    finally:
        cursor.close()


def _exact_name(identifier: sge.Identifier) -> str:
    # Calcite (Lex.ORACLE) folds unquoted names to upper case; quoted names keep their case.
    return identifier.this if identifier.quoted else identifier.this.upper()


def _did_you_mean(name: str, candidates: Mapping[str, object]) -> str:
    same_case = [c for c in candidates if c.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, list(candidates), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
