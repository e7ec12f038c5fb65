"""gRPC status and HTTP problem+json responses become MillError subclasses (no network)."""

from __future__ import annotations

import json

import grpc
import httpx
import pytest

from mill_client.errors import (
    MillAuthError,
    MillConnectionError,
    MillError,
    MillProtocolError,
    MillQueryError,
    MillTimeoutError,
)
from mill_client.transports.grpc import map_rpc_error
from mill_client.transports.http import map_http_error

URL = "grpc://h:9090"


class FakeRpcError(grpc.RpcError):
    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self._code = code
        self._details = details

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (grpc.StatusCode.UNAUTHENTICATED, MillAuthError),
        (grpc.StatusCode.PERMISSION_DENIED, MillAuthError),
        (grpc.StatusCode.UNAVAILABLE, MillConnectionError),
        (grpc.StatusCode.CANCELLED, MillConnectionError),
        (grpc.StatusCode.DEADLINE_EXCEEDED, MillTimeoutError),
        (grpc.StatusCode.INVALID_ARGUMENT, MillQueryError),
        (grpc.StatusCode.NOT_FOUND, MillQueryError),
        (grpc.StatusCode.UNKNOWN, MillQueryError),
        (grpc.StatusCode.INTERNAL, MillQueryError),
        (grpc.StatusCode.UNIMPLEMENTED, MillQueryError),
    ],
)
def test_grpc_status_classes(code, cls):
    error = map_rpc_error(FakeRpcError(code, "boom"), url=URL)
    assert type(error) is cls
    assert error.code == code.name
    assert error.status is None


def test_grpc_query_error_carries_sql_and_server_message():
    error = map_rpc_error(
        FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, 'SqlParseException: Encountered "x"'),
        url=URL,
        sql="SELEC x",
    )
    assert isinstance(error, MillQueryError)
    assert error.sql == "SELEC x"
    assert error.message == 'SqlParseException: Encountered "x"'
    assert str(error) == 'SqlParseException: Encountered "x"\nSQL: SELEC x'


def test_grpc_auth_error_message_and_redaction():
    error = map_rpc_error(
        FakeRpcError(grpc.StatusCode.UNAUTHENTICATED, "bad password hunter2 for reader"),
        url=URL,
        secrets=("hunter2",),
    )
    assert str(error) == (
        "grpc://h:9090 rejected the credentials (UNAUTHENTICATED): bad password *** for reader; "
        "check the user name and password or the token"
    )


def test_grpc_connection_errors_say_where():
    error = map_rpc_error(FakeRpcError(grpc.StatusCode.UNAVAILABLE, "connection refused"), url=URL)
    assert str(error) == "cannot reach Mill at grpc://h:9090 (UNAVAILABLE): connection refused"
    mid = map_rpc_error(
        FakeRpcError(grpc.StatusCode.UNAVAILABLE, "Socket closed"), url=URL, blocks_read=3
    )
    assert str(mid) == (
        "the result stream from grpc://h:9090 broke after 3 block(s) (UNAVAILABLE): Socket closed"
    )


def test_grpc_timeout_message():
    error = map_rpc_error(
        FakeRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded"), url=URL
    )
    assert isinstance(error, MillConnectionError)
    assert str(error) == (
        "the call to grpc://h:9090 did not finish within the timeout (Deadline Exceeded); "
        "pass a larger timeout= or timeout=None for no limit"
    )


HTTP_URL = "http://h:8080/services/jet/SubmitQuery"


def problem(
    status: int, body: dict, content_type: str = "application/problem+json"
) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": content_type}
    )


def test_http_problem_with_grpc_code():
    response = problem(
        400,
        {
            "type": "urn:mill:grpc:INVALID_ARGUMENT",
            "title": "Bad request",
            "status": 400,
            "detail": "SqlValidatorException: Object 'X' not found",
            "instance": "/services/jet/SubmitQuery",
            "code": "INVALID_ARGUMENT",
            "message": "SqlValidatorException: Object 'X' not found",
        },
    )
    error = map_http_error(response, url=HTTP_URL, sql="SELECT * FROM `X`")
    assert type(error) is MillQueryError
    assert (error.code, error.status, error.sql) == ("INVALID_ARGUMENT", 400, "SELECT * FROM `X`")
    assert error.message == "SqlValidatorException: Object 'X' not found"


def test_http_problem_extensions_under_properties_and_type_fallback():
    response = problem(
        404,
        {
            "type": "urn:mill:grpc:NOT_FOUND",
            "title": "Not found",
            "status": 404,
            "properties": {"message": "Schema 'nope' not found"},
        },
    )
    error = map_http_error(response, url=HTTP_URL)
    assert type(error) is MillQueryError
    assert (error.code, error.message) == ("NOT_FOUND", "Schema 'nope' not found")


def test_http_payload_problem_without_code_uses_type():
    response = problem(
        400,
        {
            "type": "urn:mill:error:payload",
            "title": "Invalid payload",
            "status": 400,
            "detail": "bad",
        },
    )
    error = map_http_error(response, url=HTTP_URL)
    assert (type(error), error.code, error.message) == (
        MillQueryError,
        "urn:mill:error:payload",
        "bad",
    )


def test_http_internal_error():
    response = problem(
        500,
        {
            "type": "urn:mill:error:internal",
            "title": "Internal error",
            "status": 500,
            "detail": "Internal error",
        },
    )
    error = map_http_error(response, url=HTTP_URL, sql="SELECT 1")
    assert (type(error), error.status, error.message) == (MillQueryError, 500, "Internal error")


@pytest.mark.parametrize("status", [401, 403])
def test_http_auth_statuses_without_body(status):
    error = map_http_error(httpx.Response(status), url=HTTP_URL)
    assert type(error) is MillAuthError
    assert error.status == status
    assert str(error) == (
        f"{HTTP_URL} rejected the credentials (HTTP {status}); check the user name and "
        "password or the token"
    )


def test_http_auth_problem_redacts_secrets():
    response = problem(
        401, {"title": "Unauthorized", "status": 401, "detail": "token tok-1 expired"}
    )
    error = map_http_error(response, url=HTTP_URL, secrets=("tok-1",))
    assert "tok-1" not in str(error)
    assert "token *** expired" in str(error)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(502, MillConnectionError), (503, MillConnectionError), (504, MillTimeoutError)],
)
def test_http_gateway_statuses(status, cls):
    assert type(map_http_error(httpx.Response(status), url=HTTP_URL)) is cls


def test_http_error_without_problem_body_is_a_protocol_error():
    spring_404 = problem(
        404,
        {"timestamp": "t", "status": 404, "error": "Not Found", "path": "/x/Handshake"},
        "application/json",
    )
    for response in (spring_404, httpx.Response(404, text="<html>nope</html>")):
        error = map_http_error(response, url=HTTP_URL)
        assert type(error) is MillProtocolError
        assert str(error) == (
            f"{HTTP_URL} answered HTTP 404 Not Found without a Mill problem body; check that "
            "the URL and base path point at Mill's jet service (default path /services/jet)"
        )


def test_http_redirect():
    error = map_http_error(httpx.Response(301, headers={"location": "https://h/"}), url=HTTP_URL)
    assert type(error) is MillProtocolError
    assert (
        str(error) == f"{HTTP_URL} redirected (HTTP 301) to https://h/; connect to that URL instead"
    )


def test_every_mapped_error_is_a_mill_error():
    assert issubclass(MillTimeoutError, MillConnectionError)
    assert issubclass(MillConnectionError, MillError)


def test_auth_errors_without_credentials_say_to_pass_them():
    ask = (
        "the server requires credentials: pass auth=BasicAuth(user, password) or "
        "auth=BearerToken(token) to connect()"
    )
    grpc_error = map_rpc_error(
        FakeRpcError(grpc.StatusCode.UNAUTHENTICATED, "Missing or unsupported Authorization"),
        url=URL,
        anonymous=True,
    )
    assert str(grpc_error) == (
        f"grpc://h:9090 rejected the credentials (UNAUTHENTICATED): "
        f"Missing or unsupported Authorization; {ask}"
    )
    http_error = map_http_error(httpx.Response(401), url=HTTP_URL, anonymous=True)
    assert str(http_error) == f"{HTTP_URL} rejected the credentials (HTTP 401); {ask}"
