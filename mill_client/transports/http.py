"""HTTP "jet" transport: ``POST <base>/<Method>`` with protobuf-JSON or binary protobuf bodies.

Results are paged: ``SubmitQuery`` returns the first block and a ``pagingId``; each
``FetchQueryResult`` consumes the id and returns the next block with a new one. Paging ends
at a response without ``pagingId``; after the last data page that is an empty message.

Expired paging ids: the server forgets an id after ``paging_ttl`` seconds idle (10 minutes
on Mill) and then answers its fetch with the same empty message that marks the normal end,
so the wire alone cannot tell "expired" from "complete". Mill fills every block to the
requested fetch size except the last, so a short page is known to be the last one. When the
page before an empty answer was full *and* the client waited at least ``paging_ttl``
seconds before fetching again, the stream raises :class:`MillConnectionError` rather than
return a possibly shorter table. A result whose row count is an exact multiple of the fetch
size and that was paused for longer than ``paging_ttl`` before its final (empty) fetch is
reported as expired too: the client cannot know better, and an error is the safe side.
"""

from __future__ import annotations

import json
import ssl
import time
from typing import Any

import httpx
import pyarrow as pa
from google.protobuf import json_format
from google.protobuf.message import DecodeError, Message

from mill_client._pem import load_cert_chain
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.config import ClientConfig
from mill_client.errors import (
    MillAuthError,
    MillConnectionError,
    MillError,
    MillProtocolError,
    MillQueryError,
    MillTimeoutError,
)
from mill_client.transports.base import (
    BlockStream,
    M,
    Transport,
    auth_hint,
    decode_block_message,
    decode_response_bytes,
    redact,
)

__all__ = ["HttpTransport", "map_http_error", "ssl_context"]

_MEDIA_TYPES = {"json": "application/json", "protobuf": "application/x-protobuf"}
_GRPC_TYPE_PREFIX = "urn:mill:grpc:"


def ssl_context(config: ClientConfig) -> ssl.SSLContext:
    """Build the TLS context for an ``https`` connection from the config's TLS options.

    The server is verified against ``ca_cert`` when given, else against certifi's bundle
    (as httpx does). Client certificates (mutual TLS) are loaded through a private
    temporary directory, because :mod:`ssl` reads them only from files.

    Raises:
        ValueError: A certificate or key cannot be loaded.
    """
    if config.ca_cert is not None:
        context = ssl.create_default_context(cadata=config.ca_cert.decode("ascii"))
    else:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    if not config.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if config.client_cert is not None and config.client_key is not None:
        try:
            load_cert_chain(context, config.client_cert, config.client_key)
        except ssl.SSLError as exc:
            raise ValueError(f"cannot load client_cert/client_key: {exc.reason}") from None
    return context


def map_http_error(
    response: httpx.Response,
    *,
    url: str,
    sql: str | None = None,
    secrets: tuple[str, ...] = (),
    anonymous: bool = False,
) -> MillError:
    """Translate an HTTP error response (status >= 300) into the matching :class:`MillError`.

    Mill answers errors with ``application/problem+json`` (``type``, ``title``, ``status``,
    ``detail`` and, for gRPC-status errors, ``code`` and ``message``; extensions either
    top-level or under ``properties``), even in protobuf mode. 401/403 become
    :class:`MillAuthError`; 504 :class:`MillTimeoutError`; 502/503
    :class:`MillConnectionError`; other problem responses :class:`MillQueryError`; an error
    without a problem body (a wrong path, a proxy page) :class:`MillProtocolError`.

    Args:
        response: The HTTP response.
        url: The requested URL, for the message.
        sql: The SQL of the call, if any.
        secrets: Strings to remove from the server's text.
        anonymous: The request carried no credentials (changes the advice of auth errors).
    """
    status = response.status_code
    problem = _problem(response)
    detail = None
    code = None
    if problem is not None:
        props = problem.get("properties")
        extensions = {**(props if isinstance(props, dict) else {}), **problem}
        raw_detail = extensions.get("detail") or extensions.get("message") or problem.get("title")
        detail = redact(str(raw_detail), secrets) if raw_detail else None
        problem_type = problem.get("type")
        raw_code = extensions.get("code")
        if isinstance(raw_code, str) and raw_code:
            code = raw_code
        elif isinstance(problem_type, str) and problem_type.startswith(_GRPC_TYPE_PREFIX):
            code = problem_type[len(_GRPC_TYPE_PREFIX) :]
        elif isinstance(problem_type, str) and problem_type != "about:blank":
            code = problem_type
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        return MillAuthError(
            f"{url} rejected the credentials (HTTP {status}){said}; {auth_hint(anonymous)}",
            code=code,
            status=status,
        )
    if status == 504 or code == "DEADLINE_EXCEEDED":
        return MillTimeoutError(
            f"{url} timed out (HTTP {status}){said}; pass a larger timeout= or timeout=None",
            code=code,
            status=status,
        )
    if status in (502, 503):
        return MillConnectionError(
            f"Mill at {url} is unavailable (HTTP {status}){said}", code=code, status=status
        )
    if 300 <= status < 400:
        location = response.headers.get("location", "<none>")
        return MillProtocolError(
            f"{url} redirected (HTTP {status}) to {location}; connect to that URL instead",
            status=status,
        )
    if problem is None:
        return MillProtocolError(
            f"{url} answered HTTP {status} {response.reason_phrase} without a Mill problem "
            f"body; check that the URL and base path point at Mill's jet service "
            f"(default path /services/jet)",
            status=status,
        )
    return MillQueryError(detail or f"HTTP {status}", sql=sql, code=code, status=status)


def _problem(response: httpx.Response) -> dict[str, Any] | None:
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type:
        return None
    try:
        doc = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    if "problem+json" in content_type or "title" in doc or "type" in doc:
        return doc
    return None


class HttpTransport(Transport):
    """Talks to Mill's jet endpoints with one :class:`httpx.Client`.

    Args:
        config: Connection settings with ``transport == "http"``.
    """

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        media_type = _MEDIA_TYPES[config.encoding]
        headers = {"Content-Type": media_type, "Accept": media_type}
        if config.auth is not None:
            headers["Authorization"] = config.auth.authorization()
        self._client = httpx.Client(
            base_url=config.url + "/",
            headers=headers,
            verify=ssl_context(config) if config.tls else True,
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
        )

    def call(
        self,
        method: str,
        request: Message,
        response_type: type[M],
        *,
        timeout: float | None,
        sql: str | None = None,
    ) -> M:
        """Run a unary method; see :meth:`Transport.call`."""
        response = self._post(method, request, timeout=timeout, sql=sql)
        return self._parse(response, response_type, method)

    def open_query(
        self, request: svc.QueryRequest, *, sql: str, timeout: float | None
    ) -> BlockStream:
        """Return a paging stream; ``timeout`` bounds each page request."""
        return _HttpBlockStream(self, request, sql=sql, timeout=timeout)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def fetch_page(
        self, method: str, request: Message, *, timeout: float | None, sql: str
    ) -> tuple[str | None, pa.RecordBatch | None]:
        """POST ``SubmitQuery`` or ``FetchQueryResult`` and decode the answer.

        Returns:
            The paging id and the block, each None when the response has none.
        """
        response = self._post(method, request, timeout=timeout, sql=sql)
        time_unit = self.config.time_unit
        if self._content_kind(response, method) == "protobuf":
            return decode_response_bytes(response.content, time_unit=time_unit)
        message = self._parse(response, svc.QueryResultResponse, method)
        paging_id = message.pagingId if message.HasField("pagingId") else None
        if not message.HasField("vector"):
            return paging_id, None
        return paging_id, decode_block_message(message.vector, time_unit=time_unit)

    def _post(
        self, method: str, request: Message, *, timeout: float | None, sql: str | None
    ) -> httpx.Response:
        url = f"{self.config.url}/{method}"
        if self.config.encoding == "json":
            body = json_format.MessageToJson(request, indent=None).encode()
        else:
            body = request.SerializeToString()
        try:
            response = self._client.post(method, content=body, timeout=httpx.Timeout(timeout))
        except httpx.TimeoutException as exc:
            raise MillTimeoutError(
                f"POST {url} did not finish within the timeout ({type(exc).__name__}); pass a "
                f"larger timeout= or timeout=None for no limit"
            ) from None
        except httpx.TransportError as exc:
            reason = redact(str(exc) or type(exc).__name__, self.secrets)
            raise MillConnectionError(f"cannot reach Mill at {url}: {reason}") from None
        if response.status_code >= 300:
            raise map_http_error(
                response,
                url=url,
                sql=sql,
                secrets=self.secrets,
                anonymous=self.config.auth is None,
            )
        return response

    def _content_kind(self, response: httpx.Response, method: str) -> str:
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/x-protobuf":
            return "protobuf"
        if content_type == "application/json" or content_type.endswith("+json"):
            return "json"
        if not response.content:
            return self.config.encoding
        raise MillProtocolError(
            f"{self.config.url}/{method} answered with Content-Type {content_type or '<none>'!r}; "
            f"expected {_MEDIA_TYPES[self.config.encoding]!r}. Is this Mill's jet service?"
        )

    def _parse(self, response: httpx.Response, response_type: type[M], method: str) -> M:
        kind = self._content_kind(response, method)
        message = response_type()
        try:
            if kind == "protobuf":
                message.ParseFromString(response.content)
            elif response.content.strip():
                json_format.Parse(response.content, message, ignore_unknown_fields=True)
        except (DecodeError, json_format.ParseError, UnicodeDecodeError) as exc:
            raise MillProtocolError(
                f"{self.config.url}/{method} sent a body that is not a valid "
                f"{response_type.DESCRIPTOR.name} ({kind}): {exc}"
            ) from None
        return message


class _HttpBlockStream(BlockStream):
    def __init__(
        self,
        transport: HttpTransport,
        request: svc.QueryRequest,
        *,
        sql: str,
        timeout: float | None,
    ) -> None:
        self._transport = transport
        self._request = request
        self._sql = sql
        self._timeout = timeout
        self._fetch_size = request.config.fetchSize
        self._started = False
        self._done = False
        self._paging_id: str | None = None
        self._last_rows = 0
        self._last_page_at = 0.0
        self._blocks = 0

    def __next__(self) -> pa.RecordBatch:
        while not self._done:
            if not self._started:
                self._started = True
                paging_id, batch = self._page("SubmitQuery", self._request)
                if batch is None:
                    self._done = True
                    raise MillProtocolError(
                        f"SubmitQuery on {self._transport.config.url} returned no result block; "
                        f"a Mill result always starts with one"
                    )
            elif self._paging_id is None:
                self._done = True
                break
            else:
                idle = time.monotonic() - self._last_page_at
                fetch = svc.QueryResultRequest(pagingId=self._paging_id, fetchSize=self._fetch_size)
                paging_id, batch = self._page("FetchQueryResult", fetch)
                if batch is None:
                    self._check_not_expired(idle)
            self._paging_id = paging_id
            self._last_page_at = time.monotonic()
            if batch is not None:
                self._last_rows = batch.num_rows
                self._blocks += 1
                return batch
        raise StopIteration

    def _page(self, method: str, request: Message) -> tuple[str | None, pa.RecordBatch | None]:
        try:
            return self._transport.fetch_page(method, request, timeout=self._timeout, sql=self._sql)
        except MillConnectionError as exc:
            self._done = True
            if not self._blocks:
                raise
            raise type(exc)(
                f"the result pages from {self._transport.config.url} broke after "
                f"{self._blocks} block(s): {exc.message}",
                code=exc.code,
                status=exc.status,
            ) from None
        except MillError:
            self._done = True
            raise

    def _check_not_expired(self, idle: float) -> None:
        ttl = self._transport.config.paging_ttl
        if ttl is not None and idle >= ttl and self._last_rows >= self._fetch_size:
            self._done = True
            raise MillConnectionError(
                f"the result's paging id has probably expired: {idle:.0f}s passed since the "
                f"last page (the server forgets ids after {ttl:g}s idle) and the server sent "
                f"no more rows, so the result may be incomplete. Run the query again and read "
                f"it without long pauses"
            )

    def cancel(self) -> None:
        # Mill has no call to drop a paged result; it expires on the server when idle.
        self._done = True
