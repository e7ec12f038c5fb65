"""The ``mill://`` URL form that ``ibis.connect`` accepts, translated to a client URL.

``ibis.connect`` picks a backend by URL scheme, so a Mill server is addressed as::

    mill://host:9090                                   gRPC, plaintext (the default)
    mill://host:8080?transport=http                    HTTP "jet", JSON bodies
    mill://host:8080?transport=http&encoding=protobuf  HTTP "jet", protobuf bodies
    mill://host:443/mill/services/jet?transport=http&tls=true
                                                       HTTPS with a custom base path
    mill://user:password@host:9090?database=skymill    Basic auth, default schema

``transport`` is ``grpc`` (default) or ``http``; ``tls`` is ``true``/``false``; a missing
port is Mill's default (gRPC 9090, HTTP 8080; TLS 443 for HTTP). ``database`` selects the
current Mill schema and ``progress`` turns on a progress bar; every other query option
(``encoding``, ``fetch_size``, ``timeout``, ``time_unit``, ``ca_cert``...) is handed to
:func:`mill_client.connect` unchanged. ``ibis.mill.connect`` itself takes the client URL
forms (``grpc://``, ``grpcs://``, ``http://``, ``https://``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import ParseResult, parse_qsl, urlencode

__all__ = ["client_url_from_mill_url"]

#: Query options that belong to the ibis backend, not to the client URL.
BACKEND_OPTIONS = ("database", "progress")

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_DEFAULT_PORTS = {"grpc": 9090, "grpcs": 9090, "http": 8080, "https": 443}


def client_url_from_mill_url(
    url: ParseResult, kwargs: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Translate a parsed ``mill://`` URL into a :func:`mill_client.connect` URL.

    Args:
        url: The parsed ``mill://`` URL.
        kwargs: The keyword arguments ``ibis.connect`` built from the query string and the
            caller's own keywords (the caller's win).

    Returns:
        The client URL (with the query options the client understands) and the remaining
        keyword arguments for ``Backend.do_connect``.

    Raises:
        ValueError: The scheme is not ``mill``, the host is missing, or ``transport`` or
            ``tls`` has a value other than the accepted ones.
    """
    if url.scheme != "mill":
        raise ValueError(f"Expected a mill:// URL, got {url.scheme}://")
    if not url.hostname:
        raise ValueError("A mill:// URL needs a host, e.g. mill://localhost:9090")
    rest = dict(kwargs)
    query = dict(parse_qsl(url.query))
    transport = str(rest.pop("transport", "grpc")).lower()
    if transport not in ("grpc", "http"):
        raise ValueError(f"transport must be 'grpc' or 'http', got {transport!r}")
    tls = _flag("tls", rest.pop("tls", False))
    query.pop("transport", None)
    query.pop("tls", None)
    # Options from the query string stay in the client URL, where the client parses them;
    # keywords the caller passed explicitly (possibly not strings) stay keywords.
    client_query = {
        key: value
        for key, value in query.items()
        if key not in BACKEND_OPTIONS and rest.get(key) == value
    }
    for key in client_query:
        rest.pop(key)
    scheme = transport + ("s" if tls else "")
    host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
    netloc = f"{host}:{url.port or _DEFAULT_PORTS[scheme]}"
    if url.username is not None:
        userinfo = url.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = url.path if transport == "http" and url.path not in ("", "/") else ""
    if transport == "grpc" and url.path not in ("", "/"):
        raise ValueError(f"A gRPC mill:// URL has no path; got {url.path!r}")
    client_url = f"{scheme}://{netloc}{path}"
    if client_query:
        client_url += "?" + urlencode(client_query)
    if "progress" in rest:
        rest["progress"] = _flag("progress", rest["progress"])
    return client_url, rest


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, got {value!r}")
