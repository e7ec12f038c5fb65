"""The one exception hierarchy of :mod:`mill_client`.

Every failure the client reports is a :class:`MillError`. Transport-specific errors
(``grpc.RpcError``, ``httpx.HTTPError``) and decoding errors never escape unwrapped.
"""

from __future__ import annotations

__all__ = [
    "MillAuthError",
    "MillConnectionError",
    "MillError",
    "MillProtocolError",
    "MillQueryError",
    "MillTimeoutError",
]


class MillError(Exception):
    """Base class of every error raised by :mod:`mill_client`.

    Attributes:
        code: The gRPC status name (``"INVALID_ARGUMENT"``, ...) or problem type that the
            server reported, when there is one.
        status: The HTTP status code, for errors that came from an HTTP response.
    """

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class MillConnectionError(MillError):
    """The server could not be reached, or the connection broke (including mid-stream)."""


class MillTimeoutError(MillConnectionError):
    """The call did not finish within its timeout (gRPC DEADLINE_EXCEEDED, HTTP timeouts).

    A subclass of :class:`MillConnectionError`: the server may be slow or unreachable; pass
    a larger ``timeout`` (or None for no limit) if the work is expected to take longer.
    """


class MillAuthError(MillError):
    """The server rejected the credentials (gRPC UNAUTHENTICATED/PERMISSION_DENIED, HTTP 401/403)."""


class MillQueryError(MillError):
    """The server rejected or failed a request: bad SQL, unknown schema, execution failure.

    Attributes:
        sql: The SQL text that was sent, when the request carried one.
    """

    def __init__(
        self,
        message: str,
        *,
        sql: str | None = None,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.sql = sql

    def __str__(self) -> str:
        if self.sql is None:
            return self.message
        return f"{self.message}\nSQL: {self.sql}"


class MillProtocolError(MillError):
    """The server sent something that does not follow the Mill wire protocol."""
