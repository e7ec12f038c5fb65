"""The ibis backend for Mill: ``ibis.mill.connect(...)``.

Expressions compile to Mill's Calcite SQL (:mod:`ibis_mill.compiler`), run on the server
through :mod:`mill_client`, and come back as Arrow record batches cast to the expression's
schema. Mill is read-only: the catalog can be read and queried, never changed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ibis.common.exceptions as com
import ibis.expr.operations as ops
import ibis.expr.schema as sch
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot as sg
import sqlglot.expressions as sge
from ibis.backends import CanListDatabase, HasCurrentDatabase, NoExampleLoader
from ibis.backends.sql import SQLBackend

import mill_client
from ibis_mill.backend_results import cast_batches
from ibis_mill.backend_url import client_url_from_mill_url
from ibis_mill.compiler import MillCompiler
from mill_client import MillClient, MillQueryError, QueryResult

if TYPE_CHECKING:
    from urllib.parse import ParseResult

    import pandas as pd

    from mill_client.auth import Auth

__all__ = ["Backend", "MillReadOnlyError"]

#: Calcite's built-in schema, listed by ``ListSchemas`` but holding no user data.
METADATA_SCHEMA = "metadata"


class MillReadOnlyError(com.UnsupportedOperationError):
    """A DDL or DML method was called: Mill serves data read-only."""


class Backend(SQLBackend, CanListDatabase, HasCurrentDatabase, NoExampleLoader):
    """An ibis backend that runs expressions on a Mill server.

    Mill schemas are ibis *databases*; there are no catalogs. Names are case-sensitive, as
    on the server.
    """

    name: ClassVar[str] = "mill"
    compiler = MillCompiler()
    supports_temporary_tables = False
    supports_python_udfs = False

    _client: MillClient
    _database: str
    _progress: bool

    # -- connecting -----------------------------------------------------------------------

    def _from_url(self, url: ParseResult, **kwargs: Any) -> Backend:
        """Connect from a ``mill://`` URL (see :mod:`ibis_mill.backend_url` for its form)."""
        client_url, rest = client_url_from_mill_url(url, kwargs)
        return self.connect(client_url, **rest)

    def do_connect(
        self,
        url: str,
        *,
        auth: Auth | tuple[str, str] | None = None,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        database: str | None = None,
        encoding: str | None = None,
        timeout: float | None = None,
        fetch_size: int | None = None,
        time_unit: str | None = None,
        ca_cert: bytes | str | None = None,
        client_cert: bytes | str | None = None,
        client_key: bytes | str | None = None,
        verify: bool | None = None,
        progress: bool = False,
    ) -> None:
        """Connect to a Mill server.

        The server is contacted once here (``Handshake`` and ``ListSchemas``), so a wrong
        address or bad credentials fail now rather than at the first query.

        Args:
            url: ``grpc://host:9090``, ``grpcs://...``, ``http://host:8080[/base/path]`` or
                ``https://...``; options may be given in its query string
                (``?encoding=protobuf``).
            auth: Credentials: a :class:`mill_client.BasicAuth`,
                :class:`mill_client.BearerToken`, or a ``(user, password)`` tuple.
            user: User name for Basic auth (with ``password``).
            password: Password for Basic auth.
            token: Bearer token (a JWT).
            database: The Mill schema unqualified table names refer to; default: the first
                schema the server lists, other than Calcite's ``metadata``.
            encoding: HTTP body encoding, ``"json"`` (default) or ``"protobuf"``.
            timeout: Seconds allowed per call (for a whole gRPC result stream, or per HTTP
                page); default: no limit.
            fetch_size: Rows per result block asked of the server.
            time_unit: Unit of TIME values on the wire: ``"ns"`` (the protocol) or ``"ms"``
                (what the real Mill server writes).
            ca_cert: CA certificates (PEM bytes or path) to verify a TLS server with.
            client_cert: Client certificate (PEM bytes or path) for mutual TLS.
            client_key: Client private key (PEM bytes or path) for mutual TLS.
            verify: Verify the server's certificate (HTTPS may turn it off).
            progress: Show a tqdm progress bar while results arrive.

        Raises:
            ValueError: Conflicting credentials or an invalid URL or option.
            mill_client.MillError: The server cannot be reached or rejects the credentials.
            ibis.common.exceptions.IbisInputError: ``database`` does not exist.
        """
        options = {
            "encoding": encoding,
            "timeout": timeout,
            "fetch_size": None if fetch_size is None else int(fetch_size),
            "time_unit": time_unit,
            "ca_cert": ca_cert,
            "client_cert": client_cert,
            "client_key": client_key,
            "verify": verify,
        }
        client = mill_client.connect(
            url,
            auth=_credentials(auth, user, password, token),
            **{key: value for key, value in options.items() if value is not None},
        )
        try:
            self._handshake = client.handshake()
            schemas = self._user_schemas(client.list_schemas())
            if database is None:
                if not schemas:
                    raise com.IbisInputError(
                        f"The Mill server at {client.url} has no schema to query."
                    )
                database = schemas[0]
            elif database not in schemas:
                raise com.IbisInputError(_schema_not_found(database, schemas))
        except BaseException:
            client.close()
            raise
        self._client = self.con = client
        self._database = database
        self._progress = progress

    def disconnect(self) -> None:
        """Close the connection; open results are cancelled."""
        self._client.close()

    @property
    def version(self) -> str:
        """The Mill protocol version the server speaks, e.g. ``"V1_0"``."""
        return self._handshake.version

    @property
    def client(self) -> MillClient:
        """The underlying :class:`mill_client.MillClient`."""
        return self._client

    # -- catalog --------------------------------------------------------------------------

    @property
    def current_database(self) -> str:
        """The Mill schema that tables are looked up in when no ``database`` is given."""
        return self._database

    def list_databases(self, *, like: str | None = None, catalog: str | None = None) -> list[str]:
        """Return the Mill schemas (without Calcite's ``metadata``), sorted.

        Args:
            like: A regular expression the names must match.
            catalog: Not supported: Mill has no catalogs.
        """
        if catalog is not None:
            raise com.IbisInputError("Mill has schemas (ibis databases) but no catalogs.")
        return self._filter_with_like(self._user_schemas(self._client.list_schemas()), like)

    def list_tables(
        self, *, like: str | None = None, database: tuple[str, str] | str | None = None
    ) -> list[str]:
        """Return the table names of a Mill schema, sorted.

        Args:
            like: A regular expression the names must match.
            database: The Mill schema; default: :attr:`current_database`.
        """
        return self._filter_with_like(self._tables(self._database_name(database)), like)

    def get_schema(
        self, name: str, *, catalog: str | None = None, database: str | None = None
    ) -> sch.Schema:
        """Return the ibis schema of table ``name`` (exact case).

        Raises:
            ibis.common.exceptions.TableNotFound: No such table; the message suggests the
                table whose name differs only in case, or the closest one.
        """
        if catalog is not None:
            raise com.IbisInputError("Mill has schemas (ibis databases) but no catalogs.")
        schema_name = self._database_name(database)
        tables = self._tables(schema_name)
        if name not in tables:
            hint = _did_you_mean(name, tables)
            raise com.TableNotFound(f"Table '{name}' not found in schema '{schema_name}'.{hint}")
        return sch.Schema.from_pyarrow(tables[name])

    def table(self, name: str, /, *, database: tuple[str, str] | str | None = None) -> ir.Table:
        """Return a table expression for table ``name`` of a Mill schema.

        Args:
            name: The table name, exact case.
            database: The Mill schema; default: :attr:`current_database`.

        Raises:
            ibis.common.exceptions.TableNotFound: As for :meth:`get_schema`.
        """
        schema_name = self._database_name(database)
        schema = self.get_schema(name, database=schema_name)
        return ops.DatabaseTable(
            name,
            schema=schema,
            source=self,
            namespace=ops.Namespace(catalog=None, database=schema_name),
        ).to_expr()

    def _tables(self, schema_name: str) -> dict[str, pa.Schema]:
        try:
            mill_schema = self._client.get_schema(schema_name)
        except MillQueryError as e:
            if e.code != "NOT_FOUND":
                raise
            schemas = self._user_schemas(self._client.list_schemas())
            raise com.IbisInputError(_schema_not_found(schema_name, schemas)) from e
        return {name: table.schema for name, table in mill_schema.tables.items()}

    def _database_name(self, database: tuple[str, str] | str | None) -> str:
        if database is None:
            return self._database
        if isinstance(database, str):
            return database
        if isinstance(database, (tuple, list)) and 1 <= len(database) <= 2:
            *catalog, name = database
            if catalog and catalog[0] is not None:
                raise com.IbisInputError(
                    f"Mill has schemas (ibis databases) but no catalogs; got {database!r}."
                )
            return name
        raise com.IbisInputError(f"database must be a Mill schema name, got {database!r}.")

    @staticmethod
    def _user_schemas(names: list[str]) -> list[str]:
        return [name for name in names if name != METADATA_SCHEMA]

    # -- SQL ------------------------------------------------------------------------------

    def raw_sql(self, query: str | sge.Expression, **kwargs: Any) -> QueryResult:
        """Send one Calcite SQL query to Mill and return its lazy result.

        Args:
            query: The SQL text (or a sqlglot expression, generated in Mill's dialect).
            kwargs: Passed to :meth:`mill_client.MillClient.query` (``fetch_size``...).

        Returns:
            The :class:`mill_client.QueryResult`; nothing runs until it is read.
        """
        if isinstance(query, sge.Expression):
            query = query.sql(dialect=self.dialect)
        return self._client.query(query, **kwargs)

    def _get_schema_using_query(self, query: str) -> sch.Schema:
        alias = sg.to_identifier("t", quoted=True).sql(self.dialect)
        probe = f"SELECT * FROM ({query}) AS {alias} LIMIT 0"
        with self._client.query(probe) as result:
            return sch.Schema.from_pyarrow(result.schema)

    def _register_in_memory_table(self, op: ops.InMemoryTable) -> None:
        """Nothing to register: the compiler inlines in-memory tables as ``VALUES``."""

    def _make_memtable_finalizer(self, name: str) -> None:
        """Nothing to drop: in-memory tables are never created on the server."""

    # -- results --------------------------------------------------------------------------

    def to_pyarrow_batches(
        self,
        expr: ir.Expr,
        /,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        limit: int | str | None = None,
        chunk_size: int = 1_000_000,
        **_: Any,
    ) -> pa.RecordBatchReader:
        """Run ``expr`` on Mill and stream its result as Arrow record batches.

        The query is sent and its first block read before this returns, so SQL errors
        surface here; later blocks are fetched as the reader is consumed. Every batch is
        cast to the expression's schema.

        Args:
            expr: The ibis expression.
            params: Values of scalar parameters.
            limit: Row limit; None for none.
            chunk_size: Most rows per batch (blocks are asked of the server at
                ``min(chunk_size, fetch_size)`` rows).

        Returns:
            A reader over the result batches.
        """
        self._run_pre_execute_hooks(expr)
        table_expr = expr.as_table()
        target = table_expr.schema().to_pyarrow()
        sql = self.compile(table_expr, params=params, limit=limit)
        fetch_size = min(chunk_size, self._client.config.fetch_size)
        result = self._client.query(sql, fetch_size=fetch_size, cache=False)
        try:
            result.schema  # noqa: B018  (reads the first block: errors surface now)
        except BaseException:
            result.close()
            raise
        return pa.RecordBatchReader.from_batches(target, self._stream(result, target))

    def _stream(self, result: QueryResult, target: pa.Schema) -> Iterator[pa.RecordBatch]:
        try:
            if not self._progress:
                yield from cast_batches(result, target)
                return
            from tqdm.auto import tqdm

            with tqdm(unit=" rows", desc="Mill query", unit_scale=True) as bar:
                for batch in cast_batches(result, target):
                    bar.update(batch.num_rows)
                    yield batch
        finally:
            result.close()

    def execute(
        self,
        expr: ir.Expr,
        /,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        limit: int | str | None = None,
        **kwargs: Any,
    ) -> pd.DataFrame | pd.Series | Any:
        """Run ``expr`` on Mill and return a pandas DataFrame, Series or scalar."""
        from ibis.formats.pandas import PandasData

        table_expr = expr.as_table()
        table = self.to_pyarrow(table_expr, params=params, limit=limit, **kwargs)
        df = PandasData.convert_table(table.to_pandas(), table_expr.schema())
        return expr.__pandas_result__(df)

    # -- read-only ------------------------------------------------------------------------

    def create_table(self, name: str, /, *args: Any, **kwargs: Any) -> ir.Table:
        """Not supported: Mill is read-only."""
        raise _read_only("create_table")

    def drop_table(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("drop_table")

    def create_view(self, name: str, /, *args: Any, **kwargs: Any) -> ir.Table:
        """Not supported: Mill is read-only."""
        raise _read_only("create_view")

    def drop_view(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("drop_view")

    def insert(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("insert")

    def upsert(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("upsert")

    def truncate_table(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("truncate_table")

    def rename_table(self, old_name: str, new_name: str) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("rename_table")


def _read_only(method: str) -> MillReadOnlyError:
    return MillReadOnlyError(
        f"Mill is read-only: {method} is not supported. Query tables with expressions or "
        "sql(), and write results locally (to_parquet(), to_csv(), another backend)."
    )


def _credentials(
    auth: Auth | tuple[str, str] | None,
    user: str | None,
    password: str | None,
    token: str | None,
) -> Auth | tuple[str, str] | None:
    given = [name for name, value in (("auth", auth), ("user", user), ("token", token)) if value]
    if len(given) > 1:
        raise ValueError(f"Give one kind of credentials, not {' and '.join(given)}.")
    if password is not None and user is None:
        raise ValueError("password needs user (Basic auth).")
    if user is not None:
        return mill_client.BasicAuth(user, password or "")
    if token is not None:
        return mill_client.BearerToken(token)
    return auth


def _did_you_mean(name: str, candidates: Mapping[str, object] | list[str]) -> str:
    same_case = [c for c in candidates if c.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, list(candidates), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _schema_not_found(name: str, schemas: list[str]) -> str:
    listed = ", ".join(f"'{s}'" for s in schemas) or "none"
    return f"Schema '{name}' not found on the Mill server.{_did_you_mean(name, schemas)} Schemas: {listed}."
