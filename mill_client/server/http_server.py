"""The HTTP socket server: threaded HTTP/1.1 with keep-alive, optional TLS and clean stop.

It only moves bytes: each request is read whole and answered by a
:class:`~mill_client.server.jet.JetApp`.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from mill_client.server.jet import JetApp

__all__ = ["HttpServer"]

logger = logging.getLogger(__name__)

#: Seconds a connection may stay silent (TLS handshake, idle keep-alive) before it is closed.
IDLE_TIMEOUT = 120.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MillServer"
    timeout = IDLE_TIMEOUT
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm holds
    # the body back until the client's delayed ACK (about 40 ms per request).
    disable_nagle_algorithm = True
    server: HttpServer

    def _dispatch(self) -> None:
        try:
            body = self._read_body()
        except ValueError as exc:
            self.send_error(400, str(exc))
            return
        response = self.server.app.handle(self.command, self.path, self.headers, body)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch

    def _read_body(self) -> bytes:
        """Read the request body (``Content-Length`` or chunked); raise ``ValueError`` if bad."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise ValueError(f"Invalid Content-Length: {length!r}")
        return self.rfile.read(int(length))

    def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size_line = self.rfile.readline(65537).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise ValueError(f"Invalid chunk size: {size_line!r}") from None
            if size == 0:
                while self.rfile.readline(65537).strip():  # trailers
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(3)  # the CRLF after the chunk

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


class HttpServer(ThreadingHTTPServer):
    """A threaded HTTP server for a :class:`JetApp`, one thread per connection.

    Args:
        address: ``(host, port)`` to bind; port 0 picks a free port.
        app: Answers the requests.
        ssl_context: Serve HTTPS with this server context (TLS happens in the connection's
            thread, so a slow handshake never blocks the accept loop).
    """

    daemon_threads = True
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], app: JetApp, ssl_context: ssl.SSLContext | None
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.app = app
        self._ssl_context = ssl_context
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},  # how long stop() waits for the accept loop
            name=f"mill-http-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, close the listening socket and cut every open connection."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler

    def finish_request(self, request: Any, client_address: Any) -> None:
        connection: socket.socket = request
        connection.settimeout(IDLE_TIMEOUT)
        with self._connections_lock:
            self._connections.add(connection)
        try:
            if self._ssl_context is not None:
                try:
                    connection = self._ssl_context.wrap_socket(connection, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    logger.info("TLS handshake with %s failed: %s", client_address, exc)
                    return
                with self._connections_lock:
                    self._connections.add(connection)
            super().finish_request(connection, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)
                self._connections.discard(connection)
            if connection is not request:
                connection.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("HTTP connection from %s failed", client_address, exc_info=True)
