"""The interface every transport implements, and the helpers they share.

A transport turns a request message into a response message (unary calls) and a
``QueryRequest`` into a :class:`BlockStream` of Arrow record batches. It also turns every
transport failure into a :class:`~mill_client.errors.MillError` with the secrets removed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import TypeVar

import pyarrow as pa
from google.protobuf.message import Message

from mill_client import vectors
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.config import ClientConfig, TimeUnit
from mill_client.errors import MillProtocolError

__all__ = [
    "BlockStream",
    "Transport",
    "auth_hint",
    "decode_block_message",
    "decode_response_bytes",
    "redact",
]

M = TypeVar("M", bound=Message)
_UNDECODABLE = "the server sent a result block that cannot be decoded: {}"


class BlockStream(ABC):
    """The blocks of one running query, decoded to Arrow record batches, in order.

    Nothing is sent before the first ``next()``. Iteration ends when the server says the
    result is complete; a broken stream raises :class:`~mill_client.errors.MillError`
    instead of ending early.
    """

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        return self

    @abstractmethod
    def __next__(self) -> pa.RecordBatch:
        """Return the next block, fetching it from the server if needed."""

    @abstractmethod
    def cancel(self) -> None:
        """Stop the query: no more blocks are fetched. Safe to call more than once."""


class Transport(ABC):
    """One connection to a Mill server over gRPC or HTTP.

    Args:
        config: The connection settings.
    """

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        self.secrets: tuple[str, ...] = config.auth.secrets() if config.auth else ()

    @abstractmethod
    def call(
        self,
        method: str,
        request: Message,
        response_type: type[M],
        *,
        timeout: float | None,
        sql: str | None = None,
    ) -> M:
        """Run a unary method of ``DataConnectService``.

        Args:
            method: The method name, e.g. ``"ListSchemas"``.
            request: The request message.
            response_type: The response message class.
            timeout: Seconds to wait; None for no limit.
            sql: The SQL the request carries, attached to query errors.

        Returns:
            The response message.

        Raises:
            MillError: The call failed (a subclass says how).
        """

    @abstractmethod
    def open_query(
        self, request: svc.QueryRequest, *, sql: str, timeout: float | None
    ) -> BlockStream:
        """Return the (not yet started) block stream of a query.

        Args:
            request: The query request, with ``config.fetchSize`` > 0.
            sql: The SQL text, attached to errors.
            timeout: Seconds allowed: for the whole stream on gRPC, for each page on HTTP.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the connection. Safe to call more than once."""


def auth_hint(anonymous: bool) -> str:
    """Say what to do about rejected credentials, or about having sent none."""
    if anonymous:
        return (
            "the server requires credentials: pass auth=BasicAuth(user, password) or "
            "auth=BearerToken(token) to connect()"
        )
    return "check the user name and password or the token"


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in ``text`` with ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def decode_response_bytes(
    data: bytes, *, time_unit: TimeUnit
) -> tuple[str | None, pa.RecordBatch | None]:
    """Decode a serialized ``QueryResultResponse``, reporting bad data as a protocol error.

    Returns:
        The paging id (None when absent) and the block (None when absent).

    Raises:
        MillProtocolError: The bytes are not a valid response or block.
    """
    try:
        return vectors.decode_response(data, time_unit=time_unit)
    except MillProtocolError as exc:
        raise MillProtocolError(_UNDECODABLE.format(exc.message)) from exc
    except Exception as exc:
        raise MillProtocolError(_UNDECODABLE.format(exc)) from exc


def decode_block_message(block: Message, *, time_unit: TimeUnit) -> pa.RecordBatch:
    """Decode a parsed ``VectorBlock`` message, reporting bad data as a protocol error.

    Raises:
        MillProtocolError: The block does not follow the protocol.
    """
    try:
        return vectors.decode_block_message(block, time_unit=time_unit)
    except MillProtocolError as exc:
        raise MillProtocolError(_UNDECODABLE.format(exc.message)) from exc
    except Exception as exc:
        raise MillProtocolError(_UNDECODABLE.format(exc)) from exc
