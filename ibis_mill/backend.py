"""The ibis backend for Mill: ``ibis.mill.connect(...)``.

Expressions compile to Mill's Calcite SQL (:mod:`ibis_mill.compiler`), run on the server
through :mod:`mill_client`, and come back as Arrow record batches cast to the expression's
schema. Mill is read-only: the catalog can be read and queried, never changed.

Local files described by Mill source descriptors can be registered next to the server's
schemas (:meth:`Backend.register_source`), and queried alone or together with Mill tables
(see :mod:`ibis_mill.federation`). ``ibis.mill.connect()`` without a URL is the *embedded*
backend: local sources only, the same API.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import ibis
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
from ibis_mill.datatypes import ibis_schema_from_arrow
from ibis_mill.federation import (
    LocalSources,
    Placement,
    Plan,
    RemoteFragment,
    Side,
    plan_expression,
)
from ibis_mill.sources import DescriptorError, DescriptorSource, load, resolve, verify
from mill_client import MillClient, MillQueryError, QueryResult

if TYPE_CHECKING:
    from urllib.parse import ParseResult

    import pandas as pd

    from mill_client.auth import Auth

__all__ = ["Backend", "DatabaseKind", "MillReadOnlyError"]

#: Calcite's built-in schema, listed by ``ListSchemas`` but holding no user data.
METADATA_SCHEMA = "metadata"

#: What a database of the backend is: a schema of the Mill server, or a local source.
DatabaseKind = Literal["remote", "local"]


class MillReadOnlyError(com.UnsupportedOperationError):
    """A DDL or DML method was called: Mill serves data read-only."""


class Backend(SQLBackend, CanListDatabase, HasCurrentDatabase, NoExampleLoader):
    """An ibis backend that runs expressions on a Mill server and on local sources.

    Mill schemas are ibis *databases* ("remote"), and so is every source registered with
    :meth:`register_source` ("local"); there are no catalogs. Names are case-sensitive, as
    on the server. Expressions reading only Mill tables run on Mill; expressions reading
    local tables run in DuckDB, with their remote-only parts run on Mill (see
    :meth:`explain`).
    """

    name: ClassVar[str] = "mill"
    compiler = MillCompiler()
    supports_temporary_tables = False
    supports_python_udfs = False

    _client: MillClient | None
    _database: str | None
    _local: LocalSources
    _progress: bool

    # -- connecting -----------------------------------------------------------------------

    def _from_url(self, url: ParseResult, **kwargs: Any) -> Backend:
        """Connect from a ``mill://`` URL (see :mod:`ibis_mill.backend_url` for its form)."""
        client_url, rest = client_url_from_mill_url(url, kwargs)
        return self.connect(client_url, **rest)

    def do_connect(
        self,
        url: str | None = None,
        *,
        sources: Sequence[DescriptorSource] = (),
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
        """Connect to a Mill server, or open the embedded backend (no URL).

        The server is contacted once here (``Handshake`` and ``ListSchemas``), so a wrong
        address or bad credentials fail now rather than at the first query. Without a URL
        there is no server: the backend serves the local sources only, in DuckDB, with the
        same API.

        Args:
            url: ``grpc://host:9090``, ``grpcs://...``, ``http://host:8080[/base/path]`` or
                ``https://...``; options may be given in its query string
                (``?encoding=protobuf``). None (the default): embedded, no server.
            sources: Source descriptors to register as local databases (paths, YAML text,
                dicts or loaded descriptors; see :meth:`register_source`).
            auth: Credentials: a :class:`mill_client.BasicAuth`,
                :class:`mill_client.BearerToken`, or a ``(user, password)`` tuple.
            user: User name for Basic auth (with ``password``).
            password: Password for Basic auth.
            token: Bearer token (a JWT).
            database: The database (Mill schema or local source) unqualified table names
                refer to; default: the first schema the server lists, other than Calcite's
                ``metadata``; embedded: the first source.
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
            ValueError: Conflicting credentials, an invalid URL or option, or a server
                option without a URL.
            mill_client.MillError: The server cannot be reached or rejects the credentials.
            ibis.common.exceptions.IbisInputError: ``database`` does not exist, or a source
                cannot be registered under its name.
            ibis_mill.sources.DescriptorError: A source descriptor is invalid.
        """
        self._local = LocalSources()
        self._client = self.con = None
        self._progress = progress
        if url is None:
            server_options = {
                "auth": auth,
                "user": user,
                "password": password,
                "token": token,
                "encoding": encoding,
                "timeout": timeout,
                "fetch_size": fetch_size,
                "time_unit": time_unit,
                "ca_cert": ca_cert,
                "client_cert": client_cert,
                "client_key": client_key,
                "verify": verify,
            }
            given = [name for name, value in server_options.items() if value is not None]
            if given:
                raise ValueError(
                    f"{', '.join(given)} need{'s' * (len(given) == 1)} a Mill server URL; "
                    "without one the backend is embedded (local sources only)."
                )
            self._database = None
            self._register_initial(sources, database, ())
            return
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
            self._client = self.con = client
            self._database = schemas[0] if schemas else None
            self._register_initial(sources, database, schemas)
        except BaseException:
            client.close()
            self._local.close()
            raise

    def _register_initial(
        self, sources: Sequence[DescriptorSource], database: str | None, schemas: list[str]
    ) -> None:
        for source in sources:
            self.register_source(source)
        if database is not None:
            if database not in schemas and database not in self._local:
                raise com.IbisInputError(self._database_not_found(database, schemas))
            self._database = database
        elif self._client is not None and self._database is None and not self._local.names():
            raise com.IbisInputError(
                f"The Mill server at {self._client.url} has no schema to query."
            )

    def disconnect(self) -> None:
        """Close the connection (open results are cancelled) and the local DuckDB database."""
        if self._client is not None:
            self._client.close()
        self._local.close()

    @property
    def version(self) -> str:
        """The Mill protocol version the server speaks, e.g. ``"V1_0"``; for the embedded
        backend, ``"embedded (DuckDB <version>)"``."""
        if self._client is None:
            import duckdb

            return f"embedded (DuckDB {duckdb.__version__})"
        return self._handshake.version

    @property
    def client(self) -> MillClient:
        """The underlying :class:`mill_client.MillClient`.

        Raises:
            ibis.common.exceptions.IbisError: The backend is embedded (no server).
        """
        return self._require_client("client")

    @property
    def embedded(self) -> bool:
        """True when there is no Mill server: only local sources are queried."""
        return self._client is None

    def _require_client(self, what: str) -> MillClient:
        if self._client is None:
            raise com.IbisError(
                f"{what} needs a Mill server, but this backend is embedded (connected without "
                "a URL): it queries local sources only. Use expressions on their tables, or "
                "connect with ibis.mill.connect(url)."
            )
        return self._client

    # -- catalog --------------------------------------------------------------------------

    @property
    def current_database(self) -> str | None:
        """The database (Mill schema or local source) that tables are looked up in when no
        ``database`` is given; None for an embedded backend without sources."""
        return self._database

    def list_databases(self, *, like: str | None = None, catalog: str | None = None) -> list[str]:
        """Return the Mill schemas (without Calcite's ``metadata``) and the local sources,
        sorted. :meth:`databases` tells which is which.

        Args:
            like: A regular expression the names must match.
            catalog: Not supported: Mill has no catalogs.
        """
        if catalog is not None:
            raise com.IbisInputError("Mill has schemas (ibis databases) but no catalogs.")
        return self._filter_with_like(list(self.databases()), like)

    def databases(self) -> dict[str, DatabaseKind]:
        """Every database and its kind: ``"remote"`` (a schema of the Mill server, in the
        server's order) then ``"local"`` (a registered source, in registration order)."""
        kinds: dict[str, DatabaseKind] = {}
        if self._client is not None:
            kinds.update(dict.fromkeys(self._user_schemas(self._client.list_schemas()), "remote"))
        kinds.update(dict.fromkeys(self._local.names(), "local"))
        return kinds

    def list_sources(self) -> list[str]:
        """Return the names of the registered local sources, in registration order."""
        return self._local.names()

    def register_source(
        self,
        source: DescriptorSource,
        /,
        *,
        name: str | None = None,
        base_dir: str | os.PathLike[str] | None = None,
    ) -> str:
        """Register the tables of a source descriptor as a local database.

        The descriptor is verified first, and its files are listed and their schemas read;
        rows are read only by queries, lazily. Its tables then work like Mill tables
        (``con.table(name, database=...)``) and can be combined with them in one
        expression. The first source registered on an embedded backend becomes its
        current database.

        Args:
            source: A descriptor file path, YAML text, a dict shaped like the YAML, or a
                loaded :class:`ibis_mill.sources.Descriptor`.
            name: The database name; default: the descriptor's ``name``.
            base_dir: Folder a relative ``rootPath`` of YAML text or a dict is resolved
                against (default: the current directory; a file's own folder for a path).

        Returns:
            The database name.

        Raises:
            ibis_mill.sources.DescriptorError: The descriptor is invalid; the message and
                ``.issues`` list every problem verification found.
            ibis_mill.sources.SourceReadError: A table's first file cannot be read.
            ibis.common.exceptions.IbisInputError: The name is empty, is already a local
                source, or is a schema of the Mill server.
        """
        report = verify(source, base_dir=base_dir)
        if not report.valid:
            errors = len(report.errors)
            raise DescriptorError(
                f"Cannot register the source: its descriptor has {errors} "
                f"error{'s' * (errors != 1)}. Fix them and register it again.",
                report.issues,
            ) from None
        descriptor = load(source, base_dir=base_dir)
        database = descriptor.name if name is None else name
        self._check_source_name(database)
        self._local.add(database, resolve(descriptor))
        if self._database is None:
            self._database = database
        return database

    def unregister_source(self, name: str, /) -> None:
        """Remove the local source registered as ``name``.

        Expressions over its tables can no longer run. If it was the current database, the
        current database becomes the default one again (the server's first schema, else the
        first remaining source).

        Raises:
            ibis.common.exceptions.IbisInputError: No local source has that name.
        """
        if name not in self._local:
            registered = ", ".join(f"'{n}'" for n in self._local.names()) or "none"
            raise com.IbisInputError(
                f"No local source named '{name}' is registered."
                f"{_did_you_mean(name, self._local.names())} Registered sources: {registered}."
            )
        self._local.remove(name)
        if self._database == name:
            schemas = [n for n, kind in self.databases().items() if kind == "remote"]
            remaining = schemas + self._local.names()
            self._database = remaining[0] if remaining else None

    def _check_source_name(self, name: str) -> None:
        if not name:
            raise com.IbisInputError("A local source needs a non-empty name.")
        if name in self._local:
            raise com.IbisInputError(
                f"A local source named '{name}' is already registered. Unregister it first "
                f"(unregister_source('{name}')), or pass another name (register_source(..., "
                "name=...))."
            )
        if self._client is not None and name in self._client.list_schemas():
            raise com.IbisInputError(
                f"'{name}' is a schema of the Mill server at {self._client.url}; a local "
                "source cannot have the same name. Register it under another name: "
                "register_source(..., name=...)."
            )

    def list_tables(
        self, *, like: str | None = None, database: tuple[str, str] | str | None = None
    ) -> list[str]:
        """Return the table names of a Mill schema, sorted.

        Args:
            like: A regular expression the names must match.
            database: The Mill schema or local source; default: :attr:`current_database`.
        """
        name = self._database_name(database)
        if name in self._local:
            return self._filter_with_like(self._local.source(name).tables, like)
        return self._filter_with_like(self._tables(name), like)

    def get_schema(
        self, name: str, *, catalog: str | None = None, database: str | None = None
    ) -> sch.Schema:
        """Return the ibis schema of table ``name`` (exact case) of a Mill schema or local
        source.

        Raises:
            ibis.common.exceptions.TableNotFound: No such table; the message suggests the
                table whose name differs only in case, or the closest one.
        """
        if catalog is not None:
            raise com.IbisInputError("Mill has schemas (ibis databases) but no catalogs.")
        schema_name = self._database_name(database)
        if schema_name in self._local:
            tables: Mapping[str, pa.Schema] = {
                table.name: table.schema for table in self._local.source(schema_name)
            }
            where = f"local source '{schema_name}'"
        else:
            tables = self._tables(schema_name)
            where = f"schema '{schema_name}'"
        if name not in tables:
            hint = _did_you_mean(name, tables)
            raise com.TableNotFound(f"Table '{name}' not found in {where}.{hint}")
        return ibis_schema_from_arrow(tables[name])

    def table(self, name: str, /, *, database: tuple[str, str] | str | None = None) -> ir.Table:
        """Return a table expression for table ``name`` of a Mill schema or local source.

        Args:
            name: The table name, exact case.
            database: The Mill schema or local source; default: :attr:`current_database`.

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
        if self._client is None:
            raise com.IbisInputError(self._database_not_found(schema_name, []))
        try:
            mill_schema = self._client.get_schema(schema_name)
        except MillQueryError as e:
            if e.code != "NOT_FOUND":
                raise
            schemas = self._user_schemas(self._client.list_schemas())
            raise com.IbisInputError(self._database_not_found(schema_name, schemas)) from e
        return {name: table.schema for name, table in mill_schema.tables.items()}

    def _database_not_found(self, name: str, schemas: list[str]) -> str:
        sources = self._local.names()
        if self._client is None:
            registered = ", ".join(f"'{s}'" for s in sources) or "none"
            return (
                f"No local source named '{name}' is registered.{_did_you_mean(name, sources)} "
                f"Registered sources: {registered}. This backend is embedded (no Mill "
                "server): register sources with register_source()."
            )
        if not sources:
            return _schema_not_found(name, schemas)
        listed = ", ".join(f"'{s}'" for s in schemas) or "none"
        local = ", ".join(f"'{s}'" for s in sources)
        return (
            f"Database '{name}' is neither a schema of the Mill server nor a local source."
            f"{_did_you_mean(name, schemas + sources)} Schemas: {listed}; local sources: {local}."
        )

    def _database_name(self, database: tuple[str, str] | str | None) -> str:
        if database is None:
            if self._database is None:
                raise com.IbisInputError(
                    "No current database: this embedded backend has no source yet. Register "
                    "one with register_source(), or pass database=."
                )
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

        Raises:
            ibis.common.exceptions.IbisError: The backend is embedded (no server).
        """
        client = self._require_client("raw_sql()")
        if isinstance(query, sge.Expression):
            query = query.sql(dialect=self.dialect)
        return client.query(query, **kwargs)

    def _transpile_sql(self, query: str, *, dialect: str | None = None) -> str:
        """Translate ``query`` into Mill's dialect and qualify its unqualified tables.

        Mill resolves only ``schema``.``table`` names, so a table of :attr:`current_database`
        that the query names without a schema (and that is not one of its CTEs) is given that
        schema, as ``database`` is documented in :meth:`do_connect`. SQL that Mill's dialect
        cannot parse is sent as it is (the server says what is wrong with it).
        """
        query = super()._transpile_sql(query, dialect=dialect)
        database = self._database
        if self._client is None or database is None or database in self._local:
            return query
        try:
            tree = sg.parse_one(query, read=self.dialect)
        except sg.errors.ParseError:
            return query
        known = self._tables(database)
        ctes = {cte.alias for cte in tree.find_all(sge.CTE)}
        unqualified = [
            table
            for table in tree.find_all(sge.Table)
            if not table.db and table.name in known and table.name not in ctes
        ]
        if not unqualified:
            return query
        for table in unqualified:
            table.set("db", sg.to_identifier(database, quoted=True))
        return tree.sql(dialect=self.dialect)

    def _get_schema_using_query(self, query: str) -> sch.Schema:
        client = self._require_client("sql()")
        alias = sg.to_identifier("t", quoted=True).sql(self.dialect)
        probe = f"SELECT * FROM ({query}) AS {alias} LIMIT 0"
        with client.query(probe) as result:
            return ibis_schema_from_arrow(result.schema)

    # -- planning -------------------------------------------------------------------------

    def compile(
        self,
        expr: ir.Expr,
        /,
        *,
        limit: int | str | None = None,
        params: Mapping[ir.Expr, Any] | None = None,
        pretty: bool = False,
    ) -> str:
        """Compile ``expr`` to the SQL that runs it.

        - Only Mill tables: the Calcite SQL sent to Mill.
        - Only local tables: the DuckDB SQL run in-process.
        - Both: the side-by-side plan as an SQL script: each remote fragment's Calcite SQL
          and then the local DuckDB SQL, each under a ``--`` comment saying where it runs
          (the same text as :meth:`explain`).

        Args:
            expr: The expression.
            limit: Row limit; None for none, ``"default"`` for ibis's default.
            params: Values of scalar parameters.
            pretty: Format the SQL (a side-by-side plan is always formatted).
        """
        table_expr = expr.as_table()
        if self._runs_on_mill(table_expr):
            return super().compile(table_expr, limit=limit, params=params, pretty=pretty)
        plan = self.plan(table_expr, limit=limit, params=params)
        if plan.kind == "local":
            assert plan.local is not None
            return self._local.compile(plan.local, pretty=pretty)
        return str(plan)

    def plan(
        self,
        expr: ir.Expr,
        /,
        *,
        limit: int | str | None = None,
        params: Mapping[ir.Expr, Any] | None = None,
    ) -> Plan:
        """Decide where each part of ``expr`` runs, without running anything.

        Returns:
            A :class:`ibis_mill.federation.Plan`: its ``kind`` (``"remote"``, ``"local"``
            or ``"side-by-side"``), the ``remote`` fragments with their exact Calcite SQL,
            and the ``local`` expression with its DuckDB SQL.

        Raises:
            ibis.common.exceptions.UnsupportedOperationError: The expression reads only
                Mill tables and uses an operation Mill cannot run.
        """
        prepared = _prepare(expr.as_table(), limit=limit, params=params)
        compile_remote = None if self._client is None else self._compile_remote
        return plan_expression(prepared, self._placement(), self._local, compile_remote)

    def explain(
        self,
        expr: ir.Expr,
        /,
        *,
        limit: int | str | None = None,
        params: Mapping[ir.Expr, Any] | None = None,
    ) -> str:
        """Describe where ``expr`` runs: ``str(self.plan(expr))``.

        The text is SQL with ``--`` comments: for each fragment run on Mill, the Mill
        tables it reads, its columns and its Calcite SQL; then the DuckDB SQL of the local
        part, which reads the fragments' rows under their names (``remote_1``...) and the
        local source tables.
        """
        return str(self.plan(expr, limit=limit, params=params))

    def _compile_remote(self, expr: ir.Table, pretty: bool) -> str:
        return super().compile(expr, pretty=pretty)

    def _placement(self) -> Placement:
        def locate(leaf: ops.Relation) -> Side:
            local = (
                isinstance(leaf, ops.DatabaseTable)
                and leaf.source is self
                and leaf.namespace.database in self._local
            )
            return "local" if local else "remote"

        return Placement(locate)

    def _runs_on_mill(self, expr: ir.Table) -> bool:
        """True when ``expr`` goes to Mill whole: it reads no local table and a server is
        connected, or this backend is not connected at all (``ibis.mill.compile(expr)``
        compiles to Calcite SQL)."""
        if not hasattr(self, "_local"):
            return True
        return self._client is not None and "local" not in self._placement().sides(expr.op())

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

        Expressions reading local tables run in DuckDB (their remote fragments first, on
        Mill, read in full); see :meth:`explain`.

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
        if not self._runs_on_mill(table_expr):
            plan = self.plan(table_expr, params=params, limit=limit)
            assert plan.local is not None
            remote = {fragment.placeholder: self._fetch(fragment) for fragment in plan.remote}
            return self._local.execute(plan.local, remote, chunk_size=chunk_size)
        client = self._require_client("to_pyarrow_batches()")
        target = table_expr.schema().to_pyarrow()
        sql = self.compile(table_expr, params=params, limit=limit)
        fetch_size = min(chunk_size, client.config.fetch_size)
        result = client.query(sql, fetch_size=fetch_size, cache=False)
        try:
            result.schema  # noqa: B018  (reads the first block: errors surface now)
        except BaseException:
            result.close()
            raise
        return pa.RecordBatchReader.from_batches(target, self._stream(result, target))

    def _fetch(self, fragment: RemoteFragment) -> pa.Table:
        """Run a remote fragment on Mill and return all its rows, cast to its schema."""
        client = self._require_client("A remote fragment")
        target = fragment.schema.to_pyarrow()
        with client.query(fragment.sql, cache=False) as result:
            return pa.Table.from_batches(list(cast_batches(result, target)), schema=target)

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

    def create_view(
        self,
        name: str,
        /,
        obj: ir.Table,
        *,
        database: str | None = None,
        overwrite: bool = False,
    ) -> ir.Table:
        """Not supported: Mill is read-only."""
        raise _read_only("create_view")

    def drop_view(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("drop_view")

    def insert(
        self,
        name: str,
        /,
        obj: pd.DataFrame | ir.Table | list | dict,
        *,
        database: str | None = None,
        overwrite: bool = False,
    ) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("insert")

    def upsert(
        self,
        name: str,
        /,
        obj: pd.DataFrame | ir.Table | list | dict,
        on: str,
        *,
        database: str | None = None,
    ) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("upsert")

    def truncate_table(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("truncate_table")

    def rename_table(self, old_name: str, new_name: str) -> None:
        """Not supported: Mill is read-only."""
        raise _read_only("rename_table")


def _prepare(
    expr: ir.Table, *, limit: int | str | None, params: Mapping[ir.Expr, Any] | None
) -> ir.Table:
    """``expr`` with its row limit applied and its scalar parameters replaced by values."""
    if limit == "default":
        limit = ibis.options.sql.default_limit
    if limit is not None:
        expr = expr.limit(int(limit))
    if not params:
        return expr
    values = {}
    for param, value in params.items():
        node = param.op()
        if isinstance(node, ops.Alias):
            node = node.arg
        values[node] = ops.Literal(value, node.dtype)
    return expr.op().replace(values).to_expr()


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
