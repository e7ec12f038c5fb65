"""The HTTP "jet" API: Mill's messages over ``POST /services/jet/<Method>``.

:class:`JetApp` maps one request (method, target, headers, body) to one
:class:`Response`, with no socket code, reproducing Mill's HTTP service:

- bodies in protobuf JSON (protobuf-java ``JsonFormat`` conventions) or binary protobuf,
  chosen by ``Content-Type`` and ``Accept`` (one media type only);
- result paging through ``SubmitQuery`` and ``FetchQueryResult``;
- failures inside the API as ``application/problem+json``; failures before it (auth,
  unknown path, method, media types) as a bare status with Spring Boot's error body.

The socket side lives in :mod:`mill_client.server.http_server`.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import Message as Headers
from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import urlsplit

import grpc
from google.protobuf import json_format
from google.protobuf.message import DecodeError, Message

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client._proto import dialect_pb2
from mill_client.server.auth import ANONYMOUS, AuthenticationError, ServerAuth
from mill_client.server.paging import Page, PagingStore
from mill_client.server.service import MillService
from mill_client.server.status import StatusError, status_of

__all__ = ["BASE_PATH", "JetApp", "Response"]

logger = logging.getLogger(__name__)

BASE_PATH = "/services/jet"
WELL_KNOWN_PATHS = frozenset(
    {"/.well-known", "/.well-known/", "/.well-known/mill", "/.well-known/mill/"}
)

JSON = "application/json"
PROTOBUF = "application/x-protobuf"
PROBLEM = "application/problem+json"

Format = Literal["json", "protobuf"]

#: HTTP status and title of each gRPC code, as Mill's problem advice maps them.
_GRPC_PROBLEMS: dict[grpc.StatusCode, tuple[int, str]] = {
    grpc.StatusCode.INVALID_ARGUMENT: (400, "Bad request"),
    grpc.StatusCode.NOT_FOUND: (404, "Not found"),
    grpc.StatusCode.ALREADY_EXISTS: (409, "Conflict"),
    grpc.StatusCode.PERMISSION_DENIED: (403, "Forbidden"),
    grpc.StatusCode.UNAUTHENTICATED: (401, "Unauthorized"),
    grpc.StatusCode.UNIMPLEMENTED: (501, "Not implemented"),
    grpc.StatusCode.DEADLINE_EXCEEDED: (504, "Request failed"),
}


@dataclass
class Response:
    """One HTTP response: status, headers (without ``Content-Length``) and body."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


class _PayloadError(Exception):
    """The request body is not a valid message (HTTP 400 ``urn:mill:error:payload``)."""


class _InternalError(Exception):
    """A request Mill fails with HTTP 500 ``urn:mill:error:internal`` (missing body, Accept list)."""


Call = Callable[[Any, str], Message | bytes]


@dataclass(frozen=True)
class _Operation:
    request_type: type[Message]
    call: Call
    body_optional: bool = False


class JetApp:
    """Serve Mill's HTTP API for a :class:`MillService`.

    Args:
        service: The transport-neutral operations.
        paging: Where submitted results wait for their next fetch.
        auth: Accepted credentials, or ``None`` to serve everyone (as ``ANONYMOUS``).
        discovery: Returns the current ``/.well-known/mill`` document.
    """

    def __init__(
        self,
        service: MillService,
        paging: PagingStore,
        auth: ServerAuth | None,
        discovery: Callable[[], dict[str, Any]],
    ) -> None:
        self._service = service
        self._paging = paging
        self._auth = auth
        self._discovery = discovery
        operations: dict[str, _Operation] = {
            "Handshake": _Operation(
                svc.HandshakeRequest, lambda _, principal: service.handshake(principal), True
            ),
            "ListSchemas": _Operation(
                svc.ListSchemasRequest, lambda r, _: service.list_schemas(r), True
            ),
            "GetSchema": _Operation(svc.GetSchemaRequest, lambda r, _: service.get_schema(r)),
            "GetDialect": _Operation(
                dialect_pb2.GetDialectRequest, lambda r, _: service.get_dialect(r), True
            ),
            "ParseSql": _Operation(svc.ParseSqlRequest, lambda r, _: service.parse_sql(r)),
            "SubmitQuery": _Operation(svc.QueryRequest, lambda r, _: self._submit(r)),
            "FetchQueryResult": _Operation(
                svc.QueryResultRequest, lambda r, _: self._page(paging.fetch(r.pagingId))
            ),
        }
        self._operations = {f"{BASE_PATH}/{name}": op for name, op in operations.items()}

    def handle(
        self, method: str, target: str, headers: Headers | Mapping[str, str], body: bytes
    ) -> Response:
        """Answer one request.

        Args:
            method: The HTTP method, upper case.
            target: The request target (path and optional query).
            headers: Request headers; lookups must be case-insensitive.
            body: The request body (empty when there is none).
        """
        path = urlsplit(target).path
        if path in WELL_KNOWN_PATHS:
            if method not in ("GET", "HEAD"):
                return _status(HTTPStatus.METHOD_NOT_ALLOWED, path, [("Allow", "GET")])
            return _json(200, self._discovery(), JSON)

        principal = ANONYMOUS
        if self._auth is not None and path.startswith("/services/"):
            try:
                principal = self._auth.authenticate(headers.get("Authorization"))
            except AuthenticationError as exc:
                logger.info("HTTP %s %s rejected: %s", method, path, exc)
                challenges = [("WWW-Authenticate", c) for c in self._auth.www_authenticate()]
                return Response(HTTPStatus.UNAUTHORIZED, challenges)

        operation = self._operations.get(path)
        if operation is None:
            return _status(HTTPStatus.NOT_FOUND, path)
        if method != "POST":
            return _status(HTTPStatus.METHOD_NOT_ALLOWED, path, [("Allow", "POST")])
        request_format = _content_format(headers.get("Content-Type"))
        if request_format is None:
            return _status(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, path)

        trace_id = headers.get("X-Trace-Id") or headers.get("X-Correlation-Id") or str(uuid.uuid4())
        try:
            response_format = _accept_format(headers.get("Accept"))
            if response_format is None:
                return _status(HTTPStatus.NOT_ACCEPTABLE, path)
            request = _decode(operation, body, request_format)
            result = operation.call(request, principal)
        except _PayloadError as exc:
            return _problem(
                400, "Invalid payload", "urn:mill:error:payload", str(exc), path, trace_id
            )
        except _InternalError as exc:
            logger.info("HTTP %s failed: %s", path, exc)
            return _internal(path, trace_id)
        except Exception as exc:
            status = status_of(exc)
            if status is None:
                logger.warning("HTTP %s failed: %s", path, exc, exc_info=exc)
                return _internal(path, trace_id)
            return _grpc_problem(status, path, trace_id)
        return _encode(result, response_format)

    def _submit(self, request: svc.QueryRequest) -> Message | bytes:
        return self._page(self._paging.submit(self._service.execute(request)))

    def _page(self, page: Page) -> Message | bytes:
        if page.block is None:
            return svc.QueryResultResponse()
        return self._service.encode(page.block, page.paging_id)


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _content_format(content_type: str | None) -> Format | None:
    """The request body format, or ``None`` for an unsupported ``Content-Type``."""
    media = _media_type(content_type or "")
    if media == PROTOBUF:
        return "protobuf"
    if media in ("", JSON):
        return "json"
    return None


def _accept_format(accept: str | None) -> Format | None:
    """The response format, or ``None`` when ``Accept`` names nothing Mill produces.

    Raises:
        _InternalError: ``Accept`` lists several media types (Mill parses exactly one).
    """
    if accept is not None and "," in accept:
        raise _InternalError(f"Accept must be one media type, got {accept!r}")
    media = _media_type(accept or "")
    if media == PROTOBUF:
        return "protobuf"
    if media in ("", JSON, "*/*", "application/*"):
        return "json"
    return None


def _decode(operation: _Operation, body: bytes, request_format: Format) -> Message:
    message = operation.request_type()
    if not body:
        if operation.body_optional:
            return message
        raise _InternalError("Required request body is missing")
    try:
        if request_format == "protobuf":
            message.ParseFromString(body)
        else:
            json_format.Parse(body.decode("utf-8"), message)
    except (json_format.ParseError, DecodeError, UnicodeDecodeError) as exc:
        kind = "protobuf" if request_format == "protobuf" else "JSON"
        raise _PayloadError(
            f"Cannot read the {kind} body as {message.DESCRIPTOR.full_name}: {exc}"
        ) from None
    return message


def _encode(result: Message | bytes, response_format: Format) -> Response:
    if response_format == "protobuf":
        body = result if isinstance(result, bytes) else result.SerializeToString()
        return Response(200, [("Content-Type", PROTOBUF)], body)
    if isinstance(result, bytes):
        result = svc.QueryResultResponse.FromString(result)
    return _json(200, json_format.MessageToDict(result), JSON)


def _json(
    status: int, document: Any, content_type: str, extra: list[tuple[str, str]] | None = None
) -> Response:
    body = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(status, [("Content-Type", content_type), *(extra or [])], body)


def _status(status: HTTPStatus, path: str, extra: list[tuple[str, str]] | None = None) -> Response:
    """A failure before Mill's controller: the status with Spring Boot's default error body."""
    document = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "status": int(status),
        "error": status.phrase,
        "path": path,
    }
    return _json(int(status), document, JSON, extra)


def _problem(
    status: int, title: str, type_: str, detail: str, path: str, trace_id: str, **extensions: str
) -> Response:
    document = {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": path,
        "traceId": trace_id,
        **extensions,
    }
    return _json(status, document, PROBLEM)


def _grpc_problem(status: StatusError, path: str, trace_id: str) -> Response:
    http_status, title = _GRPC_PROBLEMS.get(status.code, (500, "Request failed"))
    name = status.code.name
    return _problem(
        http_status,
        title,
        f"urn:mill:grpc:{name}",
        status.message,
        path,
        trace_id,
        code=name,
        message=status.message,
    )


def _internal(path: str, trace_id: str) -> Response:
    return _problem(
        500, "Internal error", "urn:mill:error:internal", "Internal error", path, trace_id
    )
