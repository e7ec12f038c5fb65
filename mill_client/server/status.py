"""Wire status of a failed call: which gRPC code an exception is served as.

Both transports share this mapping. gRPC sends the code and message as the call status;
HTTP turns the same pair into an ``application/problem+json`` body (see
:mod:`mill_client.server.problems`).
"""

from __future__ import annotations

import grpc

from mill_client.server.engine import NotFoundError, SqlError

__all__ = ["StatusError", "status_of"]


class StatusError(Exception):
    """A request failed with a specific gRPC status, as Mill's ``StatusRuntimeException``.

    Attributes:
        code: The gRPC status code the call ends with.
        message: The status description sent to the client.
    """

    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def status_of(exc: BaseException) -> StatusError | None:
    """Return the wire status ``exc`` is served as, or ``None`` for an unexpected failure.

    :class:`SqlError` becomes ``INVALID_ARGUMENT`` and :class:`NotFoundError` ``NOT_FOUND``,
    both with the engine's message. Any other exception has no status of its own: gRPC
    reports it as ``UNKNOWN`` with its message and HTTP as a 500 internal error.
    """
    if isinstance(exc, StatusError):
        return exc
    if isinstance(exc, SqlError):
        return StatusError(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
    if isinstance(exc, NotFoundError):
        return StatusError(grpc.StatusCode.NOT_FOUND, str(exc))
    return None
