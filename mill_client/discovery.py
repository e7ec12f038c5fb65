"""Mill's discovery document, ``GET /.well-known/mill``: where its services listen.

The document is a map keyed by descriptor type whose values are lists, except ``app``::

    {"app": {"name": "Mill"},
     "services": [{"name": "data-grpc"}, {"name": "data-http"}],
     "connections": [{"scheme": "grpc", "host": "localhost", "port": 9090},
                     {"scheme": "http", "host": "localhost", "port": 8080,
                      "api-path": "/services/jet/"}],
     "security": [{"enabled": false, "authMethods": []}],
     "schemas": [{"name": "skymill"}]}

Connections carry no type: the gRPC one has scheme ``grpc``, the jet one api-path
``/services/jet/``. Mill reports ``localhost`` and a hard-coded HTTP port 8080 unless the
server is configured with external host names, so treat the addresses as hints.
The endpoint is anonymous, so no credentials are sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from mill_client.config import PemSource, parse_url
from mill_client.errors import MillConnectionError, MillProtocolError, MillTimeoutError
from mill_client.transports.http import ssl_context

__all__ = ["Discovery", "DiscoveryConnection", "fetch_discovery", "parse_discovery"]

_JET_PATH = "/services/jet/"


@dataclass(frozen=True)
class DiscoveryConnection:
    """One advertised connection.

    Attributes:
        scheme: ``grpc``, ``http`` or ``https``.
        host: Host name as the server reports it.
        port: Port, or None when not reported.
        api_path: The HTTP API path (``/services/jet/`` for jet), or None.
    """

    scheme: str
    host: str
    port: int | None = None
    api_path: str | None = None

    @property
    def url(self) -> str:
        """The connection as a URL (the API path without its trailing slash)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{host}{port}{(self.api_path or '').rstrip('/')}"


@dataclass(frozen=True)
class Discovery:
    """What a Mill server says about itself.

    Attributes:
        app_name: The application name (``spring.application.name``, default ``Mill``).
        services: Names of the enabled services (``data-grpc``, ``data-http``, ...).
        connections: The advertised connections.
        security_enabled: Whether the server requires credentials.
        auth_methods: Accepted methods (``BASIC``, ``OAUTH2``, ``CUSTOM``).
        schemas: Names of the schemas served.
    """

    app_name: str | None
    services: tuple[str, ...]
    connections: tuple[DiscoveryConnection, ...]
    security_enabled: bool
    auth_methods: tuple[str, ...]
    schemas: tuple[str, ...]

    def grpc_url(self) -> str | None:
        """Return the advertised gRPC URL (``grpc://host:port``), or None if there is none."""
        for conn in self.connections:
            if conn.scheme in ("grpc", "grpcs"):
                return conn.url
        return None

    def jet_url(self) -> str | None:
        """Return the advertised HTTP jet URL (``http://host:port/services/jet``), or None."""
        for conn in self.connections:
            if conn.scheme in ("http", "https") and conn.api_path == _JET_PATH:
                return conn.url
        return None


def parse_discovery(doc: Mapping[str, Any]) -> Discovery:
    """Read a discovery document (the parsed JSON of ``/.well-known/mill``).

    Unknown keys are ignored; missing ones give empty values.

    Raises:
        MillProtocolError: The document does not have the documented shape.
    """
    if not isinstance(doc, Mapping):
        raise MillProtocolError(f"the discovery document is not a JSON object: {doc!r:.200}")
    app = doc.get("app")
    app_name = app.get("name") if isinstance(app, Mapping) else None

    connections = []
    for item in _entries(doc, "connections"):
        scheme, host, port = item.get("scheme"), item.get("host"), item.get("port")
        if not isinstance(scheme, str) or not isinstance(host, str):
            raise MillProtocolError(f"discovery connection without scheme and host: {item!r}")
        if port is not None and (isinstance(port, bool) or not isinstance(port, int)):
            raise MillProtocolError(f"discovery connection with a non-integer port: {item!r}")
        api_path = item.get("api-path")
        connections.append(
            DiscoveryConnection(
                scheme=scheme.lower(),
                host=host,
                port=port,
                api_path=api_path if isinstance(api_path, str) else None,
            )
        )

    security = _entries(doc, "security")
    enabled = any(bool(entry.get("enabled")) for entry in security)
    methods = [
        method["authMethod"]
        for entry in security
        for method in entry.get("authMethods") or ()
        if isinstance(method, Mapping) and isinstance(method.get("authMethod"), str)
    ]
    return Discovery(
        app_name=app_name if isinstance(app_name, str) else None,
        services=_names(doc, "services"),
        connections=tuple(connections),
        security_enabled=enabled,
        auth_methods=tuple(dict.fromkeys(methods)),
        schemas=_names(doc, "schemas"),
    )


def fetch_discovery(
    url: str,
    *,
    timeout: float | None = 10.0,
    ca_cert: PemSource | None = None,
    client_cert: PemSource | None = None,
    client_key: PemSource | None = None,
    verify: bool | None = None,
) -> Discovery:
    """GET ``/.well-known/mill`` from the server's HTTP port and parse it.

    Args:
        url: Any ``http://`` or ``https://`` URL of the server; only its scheme, host and
            port are used (the document lives at the root).
        timeout: Seconds to wait (None: no limit).
        ca_cert: CA certificates (PEM bytes or path) for an ``https`` server.
        client_cert: Client certificate chain, for mutual TLS.
        client_key: Client private key, for mutual TLS.
        verify: Verify the server certificate (default True).

    Returns:
        The parsed document.

    Raises:
        ValueError: ``url`` is not an HTTP(S) URL.
        MillConnectionError: The server cannot be reached.
        MillProtocolError: The answer is not a discovery document.
    """
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(
            f"discovery is served over HTTP; pass http://host:port or https://host:port, "
            f"not {url.split('://')[0]}://..."
        )
    config = parse_url(
        url, ca_cert=ca_cert, client_cert=client_cert, client_key=client_key, verify=verify
    )
    origin = f"{config.scheme}://{config.netloc}"
    target = origin + "/.well-known/mill"
    verify_with = ssl_context(config) if config.tls else True
    try:
        with httpx.Client(verify=verify_with, timeout=httpx.Timeout(timeout)) as client:
            response = client.get(target, headers={"Accept": "application/json"})
    except httpx.TimeoutException:
        raise MillTimeoutError(f"GET {target} did not answer within {timeout}s") from None
    except httpx.TransportError as exc:
        raise MillConnectionError(f"cannot reach {target}: {exc}") from None
    if response.status_code != 200:
        raise MillProtocolError(
            f"GET {target} answered HTTP {response.status_code} {response.reason_phrase}; "
            f"is this a Mill server's HTTP port?",
            status=response.status_code,
        )
    try:
        doc = response.json()
    except ValueError:
        raise MillProtocolError(f"GET {target} did not return JSON") from None
    return parse_discovery(doc)


def _entries(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """Return the list under ``key`` (a lone object counts as a one-element list)."""
    value = doc.get(key)
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise MillProtocolError(f"discovery {key!r} is not a list of objects: {value!r:.200}")
    return value


def _names(doc: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(e["name"] for e in _entries(doc, key) if isinstance(e.get("name"), str))
