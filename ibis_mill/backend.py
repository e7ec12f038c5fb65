"""The ibis backend for Mill: ``ibis.mill.connect(...)``.

Expressions compile to Mill's Calcite SQL (:mod:`ibis_mill.compiler`), run on the server
through :mod:`mill_client`, and come back as Arrow record batches cast to the expression's
schema. Mill is read-only: the catalog can be read and queried, never changed. Tables a
connection creates (``create_table``, ``insert``, ``create_view``, ``read_parquet``...) are
*session tables* it holds itself (see :mod:`ibis_mill.session`).

Local files described by Mill source descriptors can be registered next to the server's
schemas (:meth:`Backend.register_source`), and queried alone or together with Mill tables
(see :mod:`ibis_mill.federation`). ``ibis.mill.connect()`` without a URL is the *embedded*
backend: local sources only, the same API.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import ibis
import ibis.common.exceptions as com
import ibis.expr.operations as ops
import ibis.expr.schema as sch
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot as sg
import sqlglot.expressions as sge
from ibis import util
from ibis.backends import CanListDatabase, HasCurrentDatabase, NoExampleLoader
from ibis.backends.sql import SQLBackend
from ibis.formats.pyarrow import PyArrowTableProxy

import mill_client
from ibis_mill.backend_export import ExportMixin
from ibis_mill.backend_results import cast_batches, millisecond_timestamps
from ibis_mill.backend_url import client_url_from_mill_url
from ibis_mill.compiler import MAX_MEMTABLE_CELLS, MillCompiler
from ibis_mill.datatypes import ibis_schema_from_arrow
from ibis_mill.federation import (
    SESSION_DATABASE,
    LocalSources,
    Placement,
    Plan,
    RemoteFragment,
    Side,
    plan_expression,
)
from ibis_mill.session import (
    FileTable,
    SessionEntry,
    SessionView,
    StoredTable,
    aligned,
    arrow_rows,
    empty,
    upserted,
)
from ibis_mill.sources import (
    DescriptorError,
    DescriptorSource,
    file_source,
    load,
    resolve,
    verify,
)
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
    """A DDL or DML method targeted a table of the Mill server or of a local source: Mill
    serves data read-only (session tables can change; see :meth:`Backend.create_table`)."""


class Backend(ExportMixin, SQLBackend, CanListDatabase, HasCurrentDatabase, NoExampleLoader):
    """An ibis backend that runs expressions on a Mill server and on local sources.

    Mill schemas are ibis *databases* ("remote"), and so is every source registered with
    :meth:`register_source` ("local"); there are no catalogs. Names are case-sensitive, as
    on the server. Expressions reading only Mill tables run on Mill; expressions reading
    local tables run in DuckDB, with their remote-only parts run on Mill (see
    :meth:`explain`).
    """

    name: ClassVar[str] = "mill"
    compiler = MillCompiler()
    #: Every table a connection creates lives as long as the connection: a session table.
    supports_temporary_tables = True
    supports_python_udfs = False

    _client: MillClient | None
    _database: str | None
    _local: LocalSources
    _progress: bool
    _session: dict[str, SessionEntry]

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
        self._session = {}
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
        self._attach(client, sources, database)

    @classmethod
    def from_connection(
        cls,
        con: MillClient,
        /,
        *,
        sources: Sequence[DescriptorSource] = (),
        database: str | None = None,
        progress: bool = False,
    ) -> Backend:
        """Make a backend over an open :class:`mill_client.MillClient`.

        The backend takes the client over: :meth:`disconnect` closes it. The server is
        contacted as by :meth:`do_connect`.

        Args:
            con: The client.
            sources: As for :meth:`do_connect`.
            database: As for :meth:`do_connect`.
            progress: As for :meth:`do_connect`.

        Raises:
            TypeError: ``con`` is not a ``MillClient``.
        """
        if not isinstance(con, MillClient):
            raise TypeError(
                f"from_connection needs a mill_client.MillClient, got {type(con).__name__}; "
                "use ibis.mill.connect(url) to connect by URL."
            )
        backend = cls()
        backend._can_reconnect = False
        backend._local = LocalSources()
        backend._session = {}
        backend._progress = progress
        backend._attach(con, sources, database)
        return backend

    def _attach(
        self, client: MillClient, sources: Sequence[DescriptorSource], database: str | None
    ) -> None:
        """Use ``client``: handshake, list its schemas, register the initial sources."""
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
            registered = _quoted(self._local.names())
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
        if name == SESSION_DATABASE:
            raise com.IbisInputError(
                f"'{SESSION_DATABASE}' is reserved for the session's tables; register the "
                "source under another name: register_source(..., name=...)."
            )
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
        """Return the table names of a Mill schema or local source, sorted.

        Args:
            like: A regular expression the names must match.
            database: The Mill schema or local source; default: :attr:`current_database`,
                and then the session's tables and views are listed too.
        """
        if database is None and self._database is None:
            return self._filter_with_like(self._session, like)
        name = self._database_name(database)
        if name in self._local:
            names = list(self._local.source(name).tables)
        else:
            names = list(self._tables(name))
        if database is None:
            names += self._session
        return self._filter_with_like(set(names), like)

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
        if database is None and name in self._session:
            return self._session[name].schema
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
        """Return a table expression for table ``name`` of a Mill schema or local source,
        or for a session table or view.

        Args:
            name: The table name, exact case.
            database: The Mill schema or local source; default: the session's tables and
                views, then :attr:`current_database`.

        Raises:
            ibis.common.exceptions.TableNotFound: As for :meth:`get_schema`.
        """
        if database is None and name in self._session:
            entry = self._session[name]
            if isinstance(entry, SessionView):
                return entry.expr
            return ops.DatabaseTable(
                name,
                schema=entry.schema,
                source=self,
                namespace=ops.Namespace(catalog=None, database=SESSION_DATABASE),
            ).to_expr()
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
            registered = _quoted(sources)
            return (
                f"No local source named '{name}' is registered.{_did_you_mean(name, sources)} "
                f"Registered sources: {registered}. This backend is embedded (no Mill "
                "server): register sources with register_source()."
            )
        if not sources:
            return _schema_not_found(name, schemas)
        listed = _quoted(schemas)
        local = _quoted(sources)
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
        table_expr = self._with_session_data(expr.as_table())
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
        prepared = _prepare(self._with_session_data(expr.as_table()), limit=limit, params=params)
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

    def _with_session_data(self, expr: ir.Table) -> ir.Table:
        """``expr`` with each stored session table replaced by its current rows, as an
        in-memory table (file tables stay: they are local tables).

        Raises:
            ibis.common.exceptions.TableNotFound: A session table ``expr`` reads was dropped
                or renamed, or recreated with another schema.
        """
        replacements: dict[ops.Node, ops.Node] = {}
        for table in expr.op().find(ops.DatabaseTable):
            if table.source is not self or table.namespace.database != SESSION_DATABASE:
                continue
            entry = self._session.get(table.name)
            if isinstance(entry, SessionView) or entry is None:
                raise com.TableNotFound(
                    f"The expression reads session table '{table.name}', which no longer "
                    "exists (it was dropped or renamed)."
                )
            if entry.schema != table.schema:
                raise com.TableNotFound(
                    f"Session table '{table.name}' was created again with another schema "
                    f"since the expression was built; call table('{table.name}') again."
                )
            if isinstance(entry, StoredTable):
                replacements[table] = ops.InMemoryTable(
                    name=table.name, schema=entry.schema, data=PyArrowTableProxy(entry.data)
                )
        return expr.op().replace(replacements).to_expr() if replacements else expr

    def _placement(self) -> Placement:
        def locate(leaf: ops.Relation) -> Side | None:
            if isinstance(leaf, ops.InMemoryTable):
                return "local" if _memtable_cells(leaf) > MAX_MEMTABLE_CELLS else None
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
        table_expr = self._with_session_data(expr.as_table())
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
        """Run ``expr`` and return a pandas DataFrame, Series or scalar.

        A timestamp column whose ibis type has no precision (a ``bucket``, a cast to
        ``"timestamp"``) comes back in Mill's unit, ``datetime64[ms]``, when the whole
        expression runs on Mill (``to_pyarrow`` keeps ibis's ``timestamp[us]``).
        """
        from ibis.formats.pandas import PandasData

        table_expr = expr.as_table()
        table = self.to_pyarrow(table_expr, params=params, limit=limit, **kwargs)
        if self._runs_on_mill(self._with_session_data(table_expr)):
            # Mill's unit, where the expression leaves it open (see millisecond_timestamps).
            table = millisecond_timestamps(table, table_expr.schema())
        df = PandasData.convert_table(table.to_pandas(), table_expr.schema())
        return expr.__pandas_result__(df)

    # -- session tables -------------------------------------------------------------------

    def create_table(
        self,
        name: str,
        /,
        obj: Any = None,
        *,
        schema: sch.SchemaLike | None = None,
        database: str | None = None,
        temp: bool = False,
        overwrite: bool = False,
    ) -> ir.Table:
        """Create a session table: rows held by this connection, never sent to be stored.

        Mill is read-only, so every table a connection creates is a *session table*: it
        lives in this process until it is dropped or the connection closes, whatever
        ``temp`` says. Queries read it like any table: a table of at most
        :data:`~ibis_mill.compiler.MAX_MEMTABLE_CELLS` values is inlined into the Calcite SQL
        sent to Mill (as ``VALUES``); a larger one runs in DuckDB, side by side with the Mill
        tables. :meth:`list_tables` lists session tables with the current database's.

        Args:
            name: The table name; it must not be a table of the current database.
            obj: The rows: an ibis table expression (run now; on Mill when it reads Mill
                tables), a pandas or polars frame, an Arrow table, a dict of columns, a list
                of rows... None: no rows (``schema`` is then required).
            schema: The table's schema; the rows are cast to it. Default: theirs.
            database: Must be None: session tables belong to no database.
            temp: Accepted for compatibility; session tables are always temporary.
            overwrite: Replace a session table or view of that name.

        Returns:
            The table.

        Raises:
            ibis.common.exceptions.IbisInputError: Neither rows nor a schema, ``database``
                given, the name is taken, or the rows do not fit the schema.
        """
        del temp  # every session table is temporary
        if obj is None and schema is None:
            raise com.IbisInputError(
                f"create_table('{name}') needs rows (obj) or a schema; neither was given."
            )
        self._check_session_name(name, database, overwrite, "create_table")
        target = None if schema is None else sch.schema(schema)
        what = f"the rows for table '{name}'"
        if obj is None:
            assert target is not None
            data, table_schema = empty(target), target
        else:
            data, table_schema = arrow_rows(obj, target, self, what)
        self._replace_session_entry(name, StoredTable(table_schema, data))
        return self.table(name)

    def create_view(
        self,
        name: str,
        /,
        obj: ir.Table,
        *,
        database: str | None = None,
        overwrite: bool = False,
    ) -> ir.Table:
        """Create a session view: a name for an expression, held by this connection.

        :meth:`table` then returns the expression itself, and :meth:`list_tables` lists the
        name. Nothing runs until the view is queried.

        Args:
            name: The view name; it must not be a table of the current database.
            obj: The expression.
            database: Must be None: session views belong to no database.
            overwrite: Replace a session table or view of that name.

        Raises:
            ibis.common.exceptions.IbisInputError: ``database`` given or the name is taken.
        """
        if not isinstance(obj, ir.Table):
            raise com.IbisInputError(
                f"create_view('{name}') needs an ibis table expression, got "
                f"{type(obj).__name__}; use create_table() for data."
            )
        self._check_session_name(name, database, overwrite, "create_view")
        self._replace_session_entry(name, SessionView(obj))
        return obj

    def drop_table(self, name: str, /, *, database: str | None = None, force: bool = False) -> None:
        """Drop a session table.

        Args:
            name: The session table.
            database: Must be None.
            force: Do nothing when there is no such session table.

        Raises:
            MillReadOnlyError: ``name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session table has that name.
        """
        entry = self._session_entry(name, database, "drop_table", force=force)
        if entry is None:
            return
        if isinstance(entry, SessionView):
            raise com.IbisInputError(f"'{name}' is a session view; drop it with drop_view().")
        self._replace_session_entry(name, None)

    def drop_view(self, name: str, /, *, database: str | None = None, force: bool = False) -> None:
        """Drop a session view.

        Args:
            name: The session view.
            database: Must be None.
            force: Do nothing when there is no such view.

        Raises:
            MillReadOnlyError: ``name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session view has that name.
        """
        entry = self._session_entry(name, database, "drop_view", force=force)
        if entry is None:
            return
        if not isinstance(entry, SessionView):
            raise com.IbisInputError(f"'{name}' is a session table; drop it with drop_table().")
        self._replace_session_entry(name, None)

    def rename_table(self, old_name: str, new_name: str) -> None:
        """Rename a session table or view.

        Raises:
            MillReadOnlyError: ``old_name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session table has that name.
            ibis.common.exceptions.IbisInputError: ``new_name`` is taken.
        """
        entry = self._session_entry(old_name, None, "rename_table")
        assert entry is not None
        self._check_session_name(new_name, None, False, "rename_table")
        self._replace_session_entry(old_name, None)
        self._replace_session_entry(new_name, entry)

    def truncate_table(self, name: str, /, *, database: str | None = None) -> None:
        """Remove every row of a stored session table.

        Raises:
            MillReadOnlyError: ``name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session table has that name.
        """
        entry = self._stored_entry(name, database, "truncate_table")
        self._session[name] = StoredTable(entry.schema, empty(entry.schema))

    def insert(
        self,
        name: str,
        /,
        obj: pd.DataFrame | ir.Table | list | dict,
        *,
        database: str | None = None,
        overwrite: bool = False,
    ) -> None:
        """Add rows to a session table made by :meth:`create_table`.

        Columns are matched by name when every column of ``obj`` is one of the table's (the
        others get nulls), else by position when there are as many; values are cast to the
        table's types.

        Args:
            name: The session table.
            obj: The rows (as for :meth:`create_table`).
            database: Must be None.
            overwrite: Replace the table's rows instead.

        Raises:
            MillReadOnlyError: ``name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session table has that name.
            ibis.common.exceptions.IbisInputError: The rows do not fit the table.
        """
        entry = self._stored_entry(name, database, "insert")
        what = f"the rows inserted into '{name}'"
        rows, _ = arrow_rows(obj, None, self, what)
        rows = aligned(rows, entry.schema, what)
        data = rows if overwrite else pa.concat_tables([entry.data, rows])
        self._session[name] = StoredTable(entry.schema, data)

    def upsert(
        self,
        name: str,
        /,
        obj: pd.DataFrame | ir.Table | list | dict,
        on: str,
        *,
        database: str | None = None,
    ) -> None:
        """Merge rows into a session table on key column ``on``, as SQL ``MERGE`` does.

        A row whose key is already in the table updates the columns it has there; the
        others are inserted (with nulls in the columns they lack).

        Args:
            name: The session table.
            obj: The rows (as for :meth:`create_table`); their columns must be the table's.
            on: The key column.
            database: Must be None.

        Raises:
            MillReadOnlyError: ``name`` is a table of the Mill server or a local source.
            ibis.common.exceptions.TableNotFound: No session table has that name.
            ibis.common.exceptions.IbisInputError: The rows do not fit the table, lack the
                key or any other column, or repeat a key.
        """
        entry = self._stored_entry(name, database, "upsert")
        what = f"the rows upserted into '{name}'"
        rows, _ = arrow_rows(obj, None, self, what)
        data = upserted(entry.data, rows, entry.schema, on, what)
        self._session[name] = StoredTable(entry.schema, data)

    def read_csv(
        self,
        path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        /,
        *,
        table_name: str | None = None,
        **kwargs: Any,
    ) -> ir.Table:
        """Register CSV files as a session table, read lazily in DuckDB.

        The files are read through a one-table source descriptor
        (:func:`ibis_mill.sources.file_source`): column types are inferred from the first
        file, ``key=value`` folders become columns, and ``.gz`` files are decompressed.
        Queries over the table run in DuckDB, side by side with the Mill tables they use.

        Args:
            path: A file, glob or folder, or a list of them (``csv://`` prefixes allowed).
            table_name: The session table's name; default: a generated
                ``ibis_read_csv_...``. A session table of that name is replaced.
            kwargs: Reader options, DuckDB-style (``delim``/``sep``, ``header``, ``quote``,
                ``skip``, ``names``, ``hive_partitioning``, ``filename``...).

        Returns:
            The table.

        Raises:
            ibis_mill.sources.NoFilesFoundError: A path matches no file.
            TypeError: An option is unknown (the message lists the accepted ones).
            ibis.common.exceptions.IbisInputError: ``table_name`` is a table of the current
                database.
        """
        return self._read_files(path, "csv", table_name, kwargs)

    def read_parquet(
        self,
        path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        /,
        *,
        table_name: str | None = None,
        **kwargs: Any,
    ) -> ir.Table:
        """Register Parquet files as a session table, read lazily in DuckDB.

        As :meth:`read_csv`, for Parquet files (``parquet://`` prefixes allowed); options:
        ``hive_partitioning``, ``filename``.
        """
        return self._read_files(path, "parquet", table_name, kwargs)

    def _read_files(
        self,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        reader: Literal["csv", "parquet"],
        table_name: str | None,
        options: Mapping[str, Any],
    ) -> ir.Table:
        name = table_name or util.gen_name(f"read_{reader}")
        self._check_session_name(name, None, True, f"read_{reader}")
        source = file_source(
            util.normalize_filenames(paths), table=name, reader=reader, options=options
        )
        table = source.tables[name]
        self._replace_session_entry(name, FileTable(table))
        return self.table(name)

    def _check_session_name(
        self, name: str, database: str | None, overwrite: bool, method: str
    ) -> None:
        """Check that ``name`` can name a new session table or view."""
        self._no_database(database, method)
        if not name:
            raise com.IbisInputError(f"{method} needs a non-empty table name.")
        if name in self._session:
            if overwrite:
                return
            raise com.IbisInputError(
                f"A session table or view named '{name}' already exists; pass "
                f"overwrite=True to replace it, or drop it first."
            )
        if self._database is not None and name in self.list_tables(database=self._database):
            raise com.IbisInputError(
                f"'{name}' is a table of database '{self._database}'; a session table cannot "
                "have the same name. Choose another name."
            )

    def _no_database(self, database: str | None, method: str) -> None:
        if database is not None:
            raise com.IbisInputError(
                f"{method}: Mill is read-only, so tables and views made here are session "
                f"tables, which belong to no database; got database={database!r}. Leave "
                "database unset."
            )

    def _session_entry(
        self, name: str, database: str | None, method: str, *, force: bool = False
    ) -> SessionEntry | None:
        """The session entry ``name``; None when there is none and ``force``."""
        if database is None and name in self._session:
            return self._session[name]
        if database is not None or (
            self._database is not None and name in self.list_tables(database=self._database)
        ):
            raise _read_only(method)
        if force:
            return None
        listed = _quoted(sorted(self._session))
        raise com.TableNotFound(
            f"No session table or view named '{name}'.{_did_you_mean(name, list(self._session))}"
            f" Session tables and views: {listed}."
        )

    def _stored_entry(self, name: str, database: str | None, method: str) -> StoredTable:
        entry = self._session_entry(name, database, method)
        if not isinstance(entry, StoredTable):
            kind = "a session view" if isinstance(entry, SessionView) else "reads files"
            raise com.IbisInputError(
                f"{method}: '{name}' {kind}; only tables made by create_table() hold rows "
                "that can change."
            )
        return entry

    def _replace_session_entry(self, name: str, entry: SessionEntry | None) -> None:
        """Set (or with None, remove) session entry ``name``, releasing what it held."""
        previous = self._session.pop(name, None)
        if isinstance(previous, FileTable):
            self._local.remove_session_table(name)
        if entry is None:
            return
        if isinstance(entry, FileTable):
            self._local.add_session_table(name, entry.table)
        self._session[name] = entry


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


def _memtable_cells(table: ops.InMemoryTable) -> int:
    """The number of values (rows × columns) of an in-memory table."""
    data = table.data.obj
    rows = len(data) if hasattr(data, "__len__") else table.data.to_pyarrow(table.schema).num_rows
    return rows * len(table.schema)


def _read_only(method: str) -> MillReadOnlyError:
    return MillReadOnlyError(
        f"Mill is read-only: {method} cannot change a table of the Mill server or of a "
        "local source. Make a session table with create_table() and change that, or write "
        "results locally (to_parquet(), to_csv(), another backend)."
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


def _quoted(names: Iterable[str]) -> str:
    """Names quoted and joined for a message; ``none`` when there are none."""
    return ", ".join(f"'{name}'" for name in names) or "none"


def _did_you_mean(name: str, candidates: Mapping[str, object] | list[str]) -> str:
    same_case = [c for c in candidates if c.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, list(candidates), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _schema_not_found(name: str, schemas: list[str]) -> str:
    listed = _quoted(schemas)
    return f"Schema '{name}' not found on the Mill server.{_did_you_mean(name, schemas)} Schemas: {listed}."
