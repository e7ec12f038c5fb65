"""gRPC transport: unary calls and the ``ExecQuery`` result stream.

Result responses are received as raw bytes (no deserializer), so the vector decoder parses
them in one vectorised pass instead of protobuf building Python objects first. Message size
limits are lifted: a Mill block can exceed gRPC's default 4 MiB.
"""

from __future__ import annotations

import grpc
import pyarrow as pa
from google.protobuf.message import Message

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.config import ClientConfig
from mill_client.errors import (
    MillAuthError,
    MillConnectionError,
    MillError,
    MillQueryError,
    MillTimeoutError,
)
from mill_client.transports.base import (
    BlockStream,
    M,
    Transport,
    auth_hint,
    decode_response_bytes,
    redact,
)

__all__ = ["GrpcTransport", "map_rpc_error"]

_SERVICE_PATH = "/" + svc.DESCRIPTOR.services_by_name["DataConnectService"].full_name + "/"
_CHANNEL_OPTIONS = (
    ("grpc.max_receive_message_length", -1),
    ("grpc.max_send_message_length", -1),
)
_AUTH_CODES = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED})
_CONNECTION_CODES = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.CANCELLED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.DATA_LOSS,
    }
)


def map_rpc_error(
    error: grpc.RpcError,
    *,
    url: str,
    sql: str | None = None,
    secrets: tuple[str, ...] = (),
    blocks_read: int | None = None,
    anonymous: bool = False,
) -> MillError:
    """Translate a gRPC failure into the matching :class:`MillError`.

    UNAUTHENTICATED and PERMISSION_DENIED become :class:`MillAuthError`; DEADLINE_EXCEEDED
    :class:`MillTimeoutError`; UNAVAILABLE, CANCELLED, ABORTED and DATA_LOSS (the channel
    or stream broke) :class:`MillConnectionError`; every other status (INVALID_ARGUMENT,
    NOT_FOUND, UNKNOWN, INTERNAL, UNIMPLEMENTED, ...) is the server refusing or failing
    the request: :class:`MillQueryError`, with ``sql`` attached.

    Args:
        error: The error raised by grpc (also a ``grpc.Call``).
        url: The server URL, for the message.
        sql: The SQL of the call, if any.
        secrets: Strings to remove from the server's message.
        blocks_read: For result streams, how many blocks arrived before the failure.
        anonymous: The call carried no credentials (changes the advice of auth errors).

    Returns:
        The error to raise; its ``code`` is the gRPC status name.
    """
    code = error.code() if callable(getattr(error, "code", None)) else None
    details = error.details() if callable(getattr(error, "details", None)) else None
    code = code if isinstance(code, grpc.StatusCode) else grpc.StatusCode.UNKNOWN
    details = redact(details or str(error), secrets)
    name = code.name
    broke = (
        f"the result stream from {url} broke after {blocks_read} block(s)" if blocks_read else None
    )
    if code in _AUTH_CODES:
        return MillAuthError(
            f"{url} rejected the credentials ({name}): {details}; {auth_hint(anonymous)}",
            code=name,
        )
    if code is grpc.StatusCode.DEADLINE_EXCEEDED:
        what = broke or f"the call to {url}"
        return MillTimeoutError(
            f"{what} did not finish within the timeout ({details}); pass a larger timeout= "
            f"or timeout=None for no limit",
            code=name,
        )
    if code in _CONNECTION_CODES:
        what = broke or f"cannot reach Mill at {url}"
        return MillConnectionError(f"{what} ({name}): {details}", code=name)
    return MillQueryError(details, sql=sql, code=name)


class GrpcTransport(Transport):
    """Talks to Mill's ``DataConnectService`` over one gRPC channel.

    Args:
        config: Connection settings with ``transport == "grpc"``.
    """

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        target = config.netloc
        if config.tls:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=config.ca_cert,
                private_key=config.client_key,
                certificate_chain=config.client_cert,
            )
            self._channel = grpc.secure_channel(target, credentials, options=_CHANNEL_OPTIONS)
        else:
            self._channel = grpc.insecure_channel(target, options=_CHANNEL_OPTIONS)
        self._metadata: tuple[tuple[str, str], ...] = (
            (("authorization", config.auth.authorization()),) if config.auth else ()
        )
        self._exec_query = self._channel.unary_stream(
            _SERVICE_PATH + "ExecQuery",
            request_serializer=svc.QueryRequest.SerializeToString,
            response_deserializer=None,  # keep raw bytes for the vectorised decoder
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
        stub = self._channel.unary_unary(
            _SERVICE_PATH + method,
            request_serializer=type(request).SerializeToString,
            response_deserializer=response_type.FromString,
        )
        try:
            return stub(request, timeout=timeout, metadata=self._metadata)
        except grpc.RpcError as error:
            raise map_rpc_error(
                error,
                url=self.config.url,
                sql=sql,
                secrets=self.secrets,
                anonymous=self.config.auth is None,
            ) from None

    def open_query(
        self, request: svc.QueryRequest, *, sql: str, timeout: float | None
    ) -> BlockStream:
        """Return an ``ExecQuery`` stream; ``timeout`` bounds the whole stream."""
        return _GrpcBlockStream(self, request, sql=sql, timeout=timeout)

    def close(self) -> None:
        """Close the channel (cancelling its running calls)."""
        self._channel.close()


class _GrpcBlockStream(BlockStream):
    def __init__(
        self,
        transport: GrpcTransport,
        request: svc.QueryRequest,
        *,
        sql: str,
        timeout: float | None,
    ) -> None:
        self._transport = transport
        self._request = request
        self._sql = sql
        self._timeout = timeout
        self._call: grpc.Call | None = None
        self._done = False
        self._blocks = 0

    def __next__(self) -> pa.RecordBatch:
        transport = self._transport
        while not self._done:
            if self._call is None:
                self._call = transport._exec_query(
                    self._request, timeout=self._timeout, metadata=transport._metadata
                )
            try:
                data = next(self._call)
            except StopIteration:
                self._done = True
                break
            except grpc.RpcError as error:
                self._done = True
                raise map_rpc_error(
                    error,
                    url=transport.config.url,
                    sql=self._sql,
                    secrets=transport.secrets,
                    blocks_read=self._blocks,
                    anonymous=transport.config.auth is None,
                ) from None
            try:
                _, batch = decode_response_bytes(data, time_unit=transport.config.time_unit)
            except MillError:
                self.cancel()
                raise
            if batch is not None:
                self._blocks += 1
                return batch
        raise StopIteration

    def cancel(self) -> None:
        if self._call is not None and not self._done:
            self._call.cancel()
        self._done = True
