"""`MillServer`: one engine served over Mill's gRPC and HTTP transports."""

from __future__ import annotations

import ipaddress
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, Literal

import grpc

from mill_client.server.auth import ServerAuth
from mill_client.server.dialect import supported_dialects
from mill_client.server.discovery import Endpoint, discovery_document
from mill_client.server.engine import Engine
from mill_client.server.grpc_service import build_grpc_server
from mill_client.server.http_server import HttpServer
from mill_client.server.jet import BASE_PATH, JetApp
from mill_client.server.paging import PagingStore
from mill_client.server.service import MillService
from mill_client.server.tls import ServerTLS

__all__ = ["MillServer"]

logger = logging.getLogger(__name__)

#: gRPC worker threads; every open ExecQuery stream holds one.
_GRPC_WORKERS = 32


class MillServer:
    """Serve an :class:`~mill_client.server.engine.Engine` as a Mill server, in-process.

    The server reproduces the documented behaviour of the real Mill server on both
    transports: gRPC ``DataConnectService`` (results streamed by ``ExecQuery``) and the
    HTTP "jet" API under ``/services/jet`` (results paged by ``SubmitQuery`` /
    ``FetchQueryResult``), plus ``GET /.well-known/mill`` discovery on the HTTP port.

    Example:
        >>> with MillServer(engine) as server:  # doctest: +SKIP
        ...     client = connect(server.grpc_url)

    Args:
        engine: What answers catalog questions and runs SQL.
        host: Interface to bind both transports to.
        grpc_port: gRPC port; 0 picks a free one.
        http_port: HTTP port; 0 picks a free one.
        auth: Require these credentials on every data call (discovery stays anonymous).
        tls: Serve both transports over TLS (and require client certificates if it has a
            client CA).
        time_unit: TIME values as ``"ns"`` (nanoseconds of the day, as the protocol
            declares) or ``"ms"`` (milliseconds, as the real Mill server writes them).
        paging_ttl: Seconds an HTTP result may wait for its next fetch (Mill: 600).
        grpc: Serve gRPC.
        http: Serve HTTP.

    Raises:
        ValueError: No transport is enabled, or the engine's dialect is not one
            ``GetDialect`` can describe, or an option is out of range.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        host: str = "127.0.0.1",
        grpc_port: int = 0,
        http_port: int = 0,
        auth: ServerAuth | None = None,
        tls: ServerTLS | None = None,
        time_unit: Literal["ns", "ms"] = "ns",
        paging_ttl: float = 600.0,
        grpc: bool = True,
        http: bool = True,
    ) -> None:
        if not (grpc or http):
            raise ValueError("MillServer needs at least one transport: grpc=True or http=True")
        if engine.dialect_id.upper() not in supported_dialects():
            raise ValueError(
                f"engine dialect {engine.dialect_id!r} has no descriptor for GetDialect; "
                f"supported: {', '.join(supported_dialects())}"
            )
        self._service = MillService(engine, time_unit=time_unit)
        self._paging = PagingStore(paging_ttl)
        self._host = host
        self._requested_ports = (grpc_port, http_port)
        self._auth = auth
        self._tls = tls
        self._serve_grpc = grpc
        self._serve_http = http
        self._grpc_server: grpc.Server | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._http_server: HttpServer | None = None
        self._grpc_port: int | None = None
        self._state: Literal["new", "running", "stopped"] = "new"
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> MillServer:
        """Bind and start the enabled transports; return ``self``.

        Raises:
            RuntimeError: The server was already started.
            OSError: A port could not be bound.
        """
        with self._lock:
            if self._state != "new":
                raise RuntimeError(
                    f"MillServer is {self._state}; it can start once (create a new one to restart)"
                )
            try:
                if self._serve_grpc:
                    self._start_grpc()
                if self._serve_http:
                    self._start_http()
            except BaseException:
                self._shutdown(grace=None)
                self._state = "stopped"
                raise
            self._state = "running"
        logger.info("Mill server running: %s", ", ".join(self._urls()))
        return self

    def stop(self, grace: float | None = None) -> None:
        """Stop both transports and drop open HTTP results. Safe to call more than once.

        Args:
            grace: Seconds in-flight gRPC calls may take to finish; ``None`` aborts them
                at once (clients see the stream fail).
        """
        with self._lock:
            if self._state == "running":
                self._shutdown(grace)
            self._state = "stopped"

    def __enter__(self) -> MillServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _start_grpc(self) -> None:
        self._executor = ThreadPoolExecutor(_GRPC_WORKERS, thread_name_prefix="mill-grpc")
        server = build_grpc_server(self._service, self._auth, self._executor)
        address = f"{_bracketed(self._host)}:{self._requested_ports[0]}"
        try:
            if self._tls is not None:
                port = server.add_secure_port(address, self._tls.grpc_credentials())
            else:
                port = server.add_insecure_port(address)
        except RuntimeError as exc:  # grpcio reports a failed bind this way
            raise OSError(f"cannot bind the gRPC port at {address}: is it in use?") from exc
        self._grpc_server = server
        self._grpc_port = port
        server.start()

    def _start_http(self) -> None:
        app = JetApp(self._service, self._paging, self._auth, self._discovery)
        ssl_context = self._tls.ssl_context() if self._tls is not None else None
        self._http_server = HttpServer((self._host, self._requested_ports[1]), app, ssl_context)
        self._http_server.start()

    def _shutdown(self, grace: float | None) -> None:
        if self._grpc_server is not None:
            self._grpc_server.stop(grace).wait()
        if self._http_server is not None:
            self._http_server.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._paging.close()

    # -- addresses -----------------------------------------------------------------------

    @property
    def grpc_port(self) -> int:
        """The bound gRPC port.

        Raises:
            RuntimeError: The server is not started, or serves no gRPC.
        """
        self._require("gRPC", self._serve_grpc)
        assert self._grpc_port is not None
        return self._grpc_port

    @property
    def http_port(self) -> int:
        """The bound HTTP port.

        Raises:
            RuntimeError: The server is not started, or serves no HTTP.
        """
        self._require("HTTP", self._serve_http)
        assert self._http_server is not None
        return self._http_server.port

    @property
    def grpc_url(self) -> str:
        """``grpc://host:port`` (``grpcs://`` with TLS)."""
        scheme = "grpcs" if self._tls is not None else "grpc"
        return f"{scheme}://{_bracketed(_connect_host(self._host))}:{self.grpc_port}"

    @property
    def http_url(self) -> str:
        """``http://host:port/services/jet`` (``https://`` with TLS)."""
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{_bracketed(_connect_host(self._host))}:{self.http_port}{BASE_PATH}"

    @property
    def received_sql(self) -> list[str]:
        """Every SQL text received (``ParseSql``, ``ExecQuery``, ``SubmitQuery``), in order.

        The list is live; tests may clear it between checks.
        """
        return self._service.received_sql

    def _require(self, transport: str, enabled: bool) -> None:
        if not enabled:
            raise RuntimeError(f"this MillServer serves no {transport} ({transport.lower()}=False)")
        if self._state != "running":
            raise RuntimeError(f"MillServer is {self._state}: call start() first")

    def _urls(self) -> list[str]:
        urls = []
        if self._serve_grpc:
            urls.append(self.grpc_url)
        if self._serve_http:
            urls.append(self.http_url)
        return urls

    def _discovery(self) -> dict[str, Any]:
        # Like Mill, a server listening on every interface reports "localhost".
        host = "localhost" if _is_wildcard(self._host) else self._host
        secure = self._tls is not None
        grpc_endpoint = (
            Endpoint("grpcs" if secure else "grpc", host, self.grpc_port)
            if self._serve_grpc
            else None
        )
        http_endpoint = (
            Endpoint("https" if secure else "http", host, self.http_port)
            if self._serve_http
            else None
        )
        return discovery_document(
            self._service.schema_names(),
            grpc=grpc_endpoint,
            http=http_endpoint,
            auth_methods=self._auth.methods if self._auth is not None else [],
        )

    def __repr__(self) -> str:
        if self._state != "running":
            return f"<MillServer {self._state}>"
        return f"<MillServer {' '.join(self._urls())}>"


def _is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::")


def _connect_host(host: str) -> str:
    """The address a local client dials for a server bound to ``host``."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def _bracketed(host: str) -> str:
    try:
        is_v6 = ipaddress.ip_address(host).version == 6
    except ValueError:
        is_v6 = False
    return f"[{host}]" if is_v6 else host
