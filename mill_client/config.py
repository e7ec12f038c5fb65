"""Connection settings: the URL forms :func:`mill_client.connect` accepts, and their options.

A Mill server is addressed by one URL::

    grpc://host:9090                      gRPC, plaintext
    grpcs://host:9090                     gRPC over TLS
    http://host:8080                      HTTP "jet", base path /services/jet
    https://host/mill/services/jet        HTTP over TLS, base path taken from the URL

Options may also come from the URL's query string (``?encoding=protobuf&time_unit=ms``);
keyword arguments win over the query string. Credentials in the URL
(``grpc://user:password@host``) become :class:`~mill_client.auth.BasicAuth` and are never
shown again (not in ``repr``, not in error messages).
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import Literal, Union, cast
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from mill_client.auth import Auth, BasicAuth, coerce_auth

__all__ = [
    "DEFAULT_BASE_PATH",
    "DEFAULT_FETCH_SIZE",
    "DEFAULT_PAGING_TTL",
    "UNSET",
    "ClientConfig",
    "Encoding",
    "PemSource",
    "TimeUnit",
    "Unset",
    "parse_url",
    "redact_url",
]

Encoding = Literal["json", "protobuf"]
TimeUnit = Literal["ns", "ms"]
#: A PEM document, given as its bytes or as the path of a file holding it.
PemSource = Union[bytes, str, "os.PathLike[str]"]

#: The HTTP base path of Mill's jet service.
DEFAULT_BASE_PATH = "/services/jet"
#: Rows per block asked of the server (the server treats 0 or less as 1 row per block).
DEFAULT_FETCH_SIZE = 10_000
#: Seconds an HTTP paging id stays valid on an idle Mill server (10 minutes).
DEFAULT_PAGING_TTL = 600.0

_DEFAULT_PORTS = {"grpc": 9090, "grpcs": 9090, "http": 80, "https": 443}
_URL_FORMS = (
    "grpc://host:port, grpcs://host:port, http://host:port[/base/path] "
    "or https://host:port[/base/path]"
)
_QUERY_OPTIONS = (
    "encoding",
    "time_unit",
    "fetch_size",
    "timeout",
    "verify",
    "ca_cert",
    "client_cert",
    "client_key",
    "paging_ttl",
)


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = enum.auto()


#: Marks a keyword argument that was not given (for options where None is a real value).
UNSET = Unset.UNSET


@dataclass(frozen=True)
class ClientConfig:
    """Everything needed to reach one Mill server; build it with :func:`parse_url`.

    Attributes:
        transport: ``"grpc"`` or ``"http"``.
        tls: Whether the connection uses TLS (``grpcs``/``https``).
        host: Server host name or address.
        port: Server port.
        base_path: HTTP base path without a trailing slash (``""`` for gRPC).
        encoding: HTTP body encoding, ``"json"`` or ``"protobuf"`` (gRPC is always protobuf).
        auth: Credentials, or None for an anonymous connection.
        timeout: Default per-call timeout in seconds; None means no limit.
        ca_cert: PEM bytes of the CA certificates that sign the server's certificate
            (None: the system trust store).
        client_cert: PEM bytes of the client certificate chain, for mutual TLS.
        client_key: PEM bytes of the client private key, for mutual TLS.
        verify: Whether to verify the server certificate (HTTPS only may turn it off).
        time_unit: The unit the server writes TIME values in: ``"ns"`` as the protocol
            declares, ``"ms"`` for the real Mill server.
        fetch_size: Default rows per block asked of the server (> 0).
        paging_ttl: Seconds an idle HTTP paging id lives on the server, used to tell an
            expired result from its end (see :mod:`mill_client.transports.http`); None
            disables the check.
    """

    transport: Literal["grpc", "http"]
    tls: bool
    host: str
    port: int
    base_path: str = ""
    encoding: Encoding = "protobuf"
    auth: Auth | None = None
    timeout: float | None = None
    ca_cert: bytes | None = None
    client_cert: bytes | None = None
    client_key: bytes | None = None
    verify: bool = True
    time_unit: TimeUnit = "ns"
    fetch_size: int = DEFAULT_FETCH_SIZE
    paging_ttl: float | None = DEFAULT_PAGING_TTL

    @property
    def scheme(self) -> str:
        """The URL scheme: ``grpc``, ``grpcs``, ``http`` or ``https``."""
        return self.transport + ("s" if self.tls else "")

    @property
    def netloc(self) -> str:
        """``host:port``, with IPv6 addresses in brackets."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The server URL without credentials or options (safe to print)."""
        return f"{self.scheme}://{self.netloc}{self.base_path}"

    def __repr__(self) -> str:
        return (
            f"ClientConfig(url={self.url!r}, encoding={self.encoding!r}, auth={self.auth!r}, "
            f"timeout={self.timeout!r}, time_unit={self.time_unit!r}, "
            f"fetch_size={self.fetch_size!r})"
        )


def redact_url(url: str) -> str:
    """Return ``url`` with any password in its userinfo replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    user = parts.username or ""
    host_part = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{user}:***@{host_part}").geturl()


def parse_url(
    url: str,
    *,
    auth: Auth | tuple[str, str] | None = None,
    host: str | None = None,
    port: int | None = None,
    base_path: str | None = None,
    encoding: Encoding | None = None,
    timeout: float | None | Unset = UNSET,
    ca_cert: PemSource | None = None,
    client_cert: PemSource | None = None,
    client_key: PemSource | None = None,
    verify: bool | None = None,
    time_unit: TimeUnit | None = None,
    fetch_size: int | None = None,
    paging_ttl: float | None | Unset = UNSET,
) -> ClientConfig:
    """Parse a Mill URL and keyword overrides into a :class:`ClientConfig`.

    Args:
        url: ``grpc://``, ``grpcs://``, ``http://`` or ``https://`` URL; options may be given
            in its query string, credentials in its userinfo.
        auth: Credentials; not allowed together with credentials in the URL.
        host: Overrides the URL's host.
        port: Overrides the URL's port (defaults: gRPC 9090, HTTP 80, HTTPS 443).
        base_path: HTTP base path; overrides the URL path (default ``/services/jet``).
        encoding: HTTP body encoding, ``"json"`` (default) or ``"protobuf"``.
        timeout: Default per-call timeout in seconds (None: no limit, the default).
        ca_cert: CA certificates (PEM bytes or a file path) to verify the server with.
        client_cert: Client certificate chain (PEM bytes or path), for mutual TLS.
        client_key: Client private key (PEM bytes or path), for mutual TLS.
        verify: Verify the server certificate (default True; only HTTPS may turn it off).
        time_unit: Unit of TIME values on the wire, ``"ns"`` (default) or ``"ms"``.
        fetch_size: Default rows per block (default 10,000; must be > 0).
        paging_ttl: Server's idle expiry of HTTP paging ids in seconds (default 600).

    Returns:
        The validated settings.

    Raises:
        ValueError: The URL or an option is not valid; the message says which and what
            is accepted.
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a string such as {_URL_FORMS}, not {type(url).__name__}")
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ValueError(f"cannot parse Mill URL {shown!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        raise ValueError(f"unsupported Mill URL {shown!r}: use {_URL_FORMS}")
    if parts.fragment:
        raise ValueError(f"Mill URL {shown!r} has a #fragment; remove it")

    query = _parse_query(parts.query, shown)
    transport: Literal["grpc", "http"] = "grpc" if scheme.startswith("grpc") else "http"
    tls = scheme.endswith("s")

    try:
        url_port = parts.port
    except ValueError:
        raise ValueError(f"Mill URL {shown!r} has an invalid port") from None
    final_host = host if host is not None else (parts.hostname or "")
    if not final_host:
        raise ValueError(f"Mill URL {shown!r} has no host; use {_URL_FORMS}")
    final_port = port if port is not None else (url_port or _DEFAULT_PORTS[scheme])
    if not isinstance(final_port, int) or not 0 < final_port < 65536:
        raise ValueError(f"port must be an integer between 1 and 65535, not {final_port!r}")

    url_path = parts.path.rstrip("/")
    if transport == "grpc":
        if url_path:
            raise ValueError(f"gRPC URLs take no path: {shown!r}; use grpc://host:port")
        if base_path is not None:
            raise ValueError("base_path applies to HTTP URLs only, not to gRPC")
        final_base = ""
    else:
        final_base = _normalise_base_path(base_path if base_path is not None else url_path)

    final_auth = _merge_auth(parts, coerce_auth(auth), shown)

    enc = encoding if encoding is not None else query.get("encoding")
    if transport == "grpc":
        if enc not in (None, "protobuf"):
            raise ValueError(f"gRPC always uses protobuf; encoding={enc!r} applies to HTTP only")
        enc = "protobuf"
    elif enc is None:
        enc = "json"
    if enc not in ("json", "protobuf"):
        raise ValueError(f"encoding must be 'json' or 'protobuf', not {enc!r}")

    unit = time_unit if time_unit is not None else query.get("time_unit", "ns")
    if unit not in ("ns", "ms"):
        raise ValueError(
            f"time_unit must be 'ns' (the protocol's TIME unit) or 'ms' (what the real Mill "
            f"server writes), not {unit!r}"
        )

    size = fetch_size if fetch_size is not None else _int_option(query, "fetch_size")
    size = DEFAULT_FETCH_SIZE if size is None else size
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise ValueError(f"fetch_size must be a positive integer, not {size!r}")

    final_timeout = _seconds(timeout, query, "timeout", None)
    final_ttl = _seconds(paging_ttl, query, "paging_ttl", DEFAULT_PAGING_TTL)

    final_verify = verify if verify is not None else _bool_option(query, "verify")
    final_verify = True if final_verify is None else final_verify
    ca = _pem(ca_cert if ca_cert is not None else query.get("ca_cert"), "ca_cert")
    cert = _pem(client_cert if client_cert is not None else query.get("client_cert"), "client_cert")
    key = _pem(client_key if client_key is not None else query.get("client_key"), "client_key")
    if not tls and (ca is not None or cert is not None or key is not None or not final_verify):
        raise ValueError(
            f"TLS options (ca_cert, client_cert, client_key, verify) need a {scheme}s:// URL; "
            f"{shown!r} is plaintext"
        )
    if (cert is None) != (key is None):
        raise ValueError("mutual TLS needs both client_cert and client_key")
    if transport == "grpc" and not final_verify:
        raise ValueError(
            "gRPC cannot skip certificate verification; pass ca_cert= with the CA that signed "
            "the server certificate instead of verify=False"
        )

    return ClientConfig(
        transport=transport,
        tls=tls,
        host=final_host,
        port=final_port,
        base_path=final_base,
        encoding=cast(Encoding, enc),
        auth=final_auth,
        timeout=final_timeout,
        ca_cert=ca,
        client_cert=cert,
        client_key=key,
        verify=final_verify,
        time_unit=cast(TimeUnit, unit),
        fetch_size=size,
        paging_ttl=final_ttl,
    )


def _parse_query(query: str, shown: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True, strict_parsing=False):
        if name not in _QUERY_OPTIONS:
            raise ValueError(
                f"unknown option {name!r} in Mill URL {shown!r}; "
                f"accepted: {', '.join(_QUERY_OPTIONS)}"
            )
        if name in options:
            raise ValueError(f"option {name!r} appears twice in Mill URL {shown!r}")
        options[name] = value
    return options


def _normalise_base_path(path: str) -> str:
    path = path.strip().rstrip("/")
    if not path:
        return DEFAULT_BASE_PATH
    return path if path.startswith("/") else "/" + path


def _merge_auth(parts: SplitResult, auth: Auth | None, shown: str) -> Auth | None:
    if parts.username is None and parts.password is None:
        return auth
    if auth is not None:
        raise ValueError(f"give credentials either in the URL {shown!r} or as auth=, not both")
    if not parts.username or parts.password is None:
        raise ValueError(
            f"Mill URL {shown!r} has incomplete credentials; use scheme://user:password@host:port"
        )
    return BasicAuth(unquote(parts.username), unquote(parts.password))


def _int_option(query: dict[str, str], name: str) -> int | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"URL option {name}={raw!r} is not an integer") from None


def _bool_option(query: dict[str, str], name: str) -> bool | None:
    raw = query.get(name)
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(f"URL option {name}={raw!r} must be true or false")


def _seconds(
    given: float | None | Unset, query: dict[str, str], name: str, default: float | None
) -> float | None:
    if given is UNSET:
        raw = query.get(name)
        if raw is None:
            return default
        if raw.lower() in ("none", ""):
            return None
        try:
            given = float(raw)
        except ValueError:
            raise ValueError(
                f"URL option {name}={raw!r} must be a number of seconds or none"
            ) from None
    if given is None:
        return None
    if isinstance(given, bool) or not isinstance(given, (int, float)) or given <= 0:
        raise ValueError(f"{name} must be a positive number of seconds or None, not {given!r}")
    return float(given)


def _pem(source: PemSource | None, name: str) -> bytes | None:
    if source is None:
        return None
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with open(os.fspath(source), "rb") as fh:
                data = fh.read()
        except OSError as exc:
            path = os.fspath(source)
            raise ValueError(f"cannot read {name} file {path!r}: {exc.strerror}") from None
    if b"-----BEGIN " not in data:
        raise ValueError(f"{name} is not PEM data (no '-----BEGIN' line)")
    return data
