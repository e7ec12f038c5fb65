"""The gRPC transport: ``io.qpointz.mill.DataConnectService`` on a grpcio server.

Handlers are registered by hand rather than through the generated servicer so that
``ExecQuery`` can stream pre-serialized ``QueryResultResponse`` bytes (written by
:func:`mill_client.vectors.encode_response`) without building protobuf messages.
``SubmitQuery`` and ``FetchQueryResult`` stay unimplemented, as on the real server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NoReturn

import grpc
from google.protobuf.message import Message

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client._proto import dialect_pb2
from mill_client.server.auth import ANONYMOUS, AuthenticationError, ServerAuth
from mill_client.server.service import MillService
from mill_client.server.status import status_of

__all__ = ["SERVICE_NAME", "AuthInterceptor", "build_grpc_server"]

logger = logging.getLogger(__name__)

SERVICE_NAME = svc.DESCRIPTOR.services_by_name["DataConnectService"].full_name

#: No message size limits, as on the real server (grpc-java's inbound default aside).
_OPTIONS = [
    ("grpc.max_receive_message_length", -1),
    ("grpc.max_send_message_length", -1),
    # A fixed port that is taken must fail to bind instead of being shared.
    ("grpc.so_reuseport", 0),
]


def _authorization(context: grpc.ServicerContext | grpc.HandlerCallDetails) -> str | None:
    metadata = (
        context.invocation_metadata
        if isinstance(context, grpc.HandlerCallDetails)
        else context.invocation_metadata()
    )
    for key, value in metadata or ():
        if key == "authorization":
            return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return None


#: Longest status message sent. gRPC carries it percent-encoded in a trailer, and clients
#: refuse trailers over 8 KiB by default ("metadata size exceeds"), losing the error.
MAX_STATUS_MESSAGE = 4000


def _status_message(message: str) -> str:
    if len(message) <= MAX_STATUS_MESSAGE:
        return message
    cut = len(message) - MAX_STATUS_MESSAGE
    return message[:MAX_STATUS_MESSAGE] + f" … [{cut} more characters in the server log]"


def _abort(context: grpc.ServicerContext, exc: Exception) -> NoReturn:
    status = status_of(exc)
    if status is not None:
        if len(status.message) > MAX_STATUS_MESSAGE:
            logger.info("gRPC error message shortened; in full: %s", status.message)
        context.abort(status.code, _status_message(status.message))
    logger.warning("gRPC call failed: %s", exc, exc_info=exc)
    context.abort(grpc.StatusCode.UNKNOWN, _status_message(str(exc) or type(exc).__name__))


class AuthInterceptor(grpc.ServerInterceptor):
    """Reject calls without accepted credentials with ``UNAUTHENTICATED``.

    Args:
        auth: The accepted credentials.
    """

    def __init__(self, auth: ServerAuth) -> None:
        self._auth = auth

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        try:
            self._auth.authenticate(_authorization(handler_call_details))
        except AuthenticationError as exc:
            return _rejecting(handler, str(exc))
        return handler


def _rejecting(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    """A handler of the same kind as ``handler`` that fails with ``UNAUTHENTICATED``."""

    def reject(request: Any, context: grpc.ServicerContext) -> NoReturn:
        context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    codecs = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(reject, **codecs)
    return grpc.unary_unary_rpc_method_handler(reject, **codecs)


class _Servicer:
    """The gRPC method bodies that need the call context (caller, cancellation)."""

    def __init__(self, service: MillService, auth: ServerAuth | None) -> None:
        self._service = service
        self._auth = auth

    def handshake(self, request: svc.HandshakeRequest, context: grpc.ServicerContext) -> Message:
        # The interceptor has already accepted the credentials; this only names the caller.
        principal = self._auth.authenticate(_authorization(context)) if self._auth else ANONYMOUS
        return self._service.handshake(principal)

    def exec_query(
        self, request: svc.QueryRequest, context: grpc.ServicerContext
    ) -> Iterator[bytes]:
        try:
            blocks = self._service.execute(request)
        except Exception as exc:
            _abort(context, exc)
        try:
            while context.is_active():
                try:
                    block = next(blocks)
                except StopIteration:
                    return
                yield self._service.encode(block, None)
        except Exception as exc:
            _abort(context, exc)
        finally:
            blocks.close()


def _unimplemented(method: str) -> Callable[[Any, grpc.ServicerContext], NoReturn]:
    """The body of a method Mill leaves unimplemented, failing as grpc-java does."""

    def fail(request: Any, context: grpc.ServicerContext) -> NoReturn:
        context.abort(
            grpc.StatusCode.UNIMPLEMENTED, f"Method {SERVICE_NAME}/{method} is unimplemented"
        )

    return fail


def _unary(
    function: Callable[[Any], Message], request_type: type[Message], response_type: type[Message]
) -> grpc.RpcMethodHandler:
    def behaviour(request: Any, context: grpc.ServicerContext) -> Message:
        try:
            return function(request)
        except Exception as exc:
            _abort(context, exc)

    return grpc.unary_unary_rpc_method_handler(
        behaviour,
        request_deserializer=request_type.FromString,
        response_serializer=response_type.SerializeToString,
    )


def _generic_handler(service: MillService, auth: ServerAuth | None) -> grpc.GenericRpcHandler:
    servicer = _Servicer(service, auth)
    handshake = grpc.unary_unary_rpc_method_handler(
        servicer.handshake,
        request_deserializer=svc.HandshakeRequest.FromString,
        response_serializer=svc.HandshakeResponse.SerializeToString,
    )
    exec_query = grpc.unary_stream_rpc_method_handler(
        servicer.exec_query,
        request_deserializer=svc.QueryRequest.FromString,
        response_serializer=bytes,  # blocks arrive serialized
    )
    handlers = {
        "Handshake": handshake,
        "ListSchemas": _unary(
            service.list_schemas, svc.ListSchemasRequest, svc.ListSchemasResponse
        ),
        "GetSchema": _unary(service.get_schema, svc.GetSchemaRequest, svc.GetSchemaResponse),
        "GetDialect": _unary(
            service.get_dialect, dialect_pb2.GetDialectRequest, dialect_pb2.GetDialectResponse
        ),
        "ParseSql": _unary(service.parse_sql, svc.ParseSqlRequest, svc.ParseSqlResponse),
        "ExecQuery": exec_query,
        "SubmitQuery": grpc.unary_unary_rpc_method_handler(
            _unimplemented("SubmitQuery"),
            request_deserializer=svc.QueryRequest.FromString,
        ),
        "FetchQueryResult": grpc.unary_unary_rpc_method_handler(
            _unimplemented("FetchQueryResult"),
            request_deserializer=svc.QueryResultRequest.FromString,
        ),
    }
    return grpc.method_handlers_generic_handler(SERVICE_NAME, handlers)


def build_grpc_server(
    service: MillService, auth: ServerAuth | None, executor: ThreadPoolExecutor
) -> grpc.Server:
    """Create (unstarted, unbound) the grpcio server for ``service``."""
    server = grpc.server(
        executor,
        interceptors=[AuthInterceptor(auth)] if auth is not None else None,
        options=_OPTIONS,
    )
    server.add_generic_rpc_handlers((_generic_handler(service, auth),))
    return server
