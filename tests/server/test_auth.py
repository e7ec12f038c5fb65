"""Basic and Bearer authentication on both transports."""

from __future__ import annotations

import base64
import json

import grpc
import httpx
import pytest

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.server import MillServer, ServerAuth

from .conftest import make_engine, query, stub_for

PASSWORD = "s3cret-Passw0rd"
TOKEN = "opaque-token-4711"


def jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}.c2ln"


JWT = jwt({"sub": "alice@example.com"})


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture(scope="module")
def secured():
    auth = ServerAuth(basic={"reader": PASSWORD}, bearer=[TOKEN, JWT])
    with MillServer(make_engine(), auth=auth) as server:
        yield server


@pytest.fixture
def stub(secured):
    return stub_for(f"127.0.0.1:{secured.grpc_port}")


def handshake_name(stub, authorization):
    metadata = [("authorization", authorization)]
    return stub.Handshake(svc.HandshakeRequest(), metadata=metadata).authentication.name


@pytest.mark.parametrize(
    ("authorization", "name"),
    [
        (basic("reader", PASSWORD), "reader"),
        (basic("READER", PASSWORD), "READER"),
        ("basic " + basic("reader", PASSWORD)[6:], "reader"),
        (f"Bearer {TOKEN}", "bearer"),
        (f"BEARER {TOKEN}", "bearer"),
        (f"Bearer {JWT}", "alice@example.com"),
    ],
)
def test_grpc_accepted(stub, authorization, name):
    assert handshake_name(stub, authorization) == name
    responses = list(
        stub.ExecQuery(query('SELECT 1 AS "one"'), metadata=[("authorization", authorization)])
    )
    assert [r.vector.vectorSize for r in responses] == [1]


REJECTIONS = [
    (None, "Missing or unsupported Authorization"),
    ("Digest abc", "Missing or unsupported Authorization"),
    (PASSWORD, "Missing or unsupported Authorization"),
    (basic("reader", "wrong-" + PASSWORD), "Bad credentials for user 'reader'"),
    (basic("nobody", PASSWORD), "Bad credentials for user 'nobody'"),
    (
        "Basic " + base64.b64encode(f"reader{PASSWORD}".encode()).decode(),
        "Malformed Basic authentication token",
    ),
    ("Basic !!!not-base64!!!", "Malformed Basic authentication token"),
    ("Bearer not-" + TOKEN, "Invalid bearer token"),
]


@pytest.mark.parametrize(("authorization", "message"), REJECTIONS)
@pytest.mark.parametrize("method", ["Handshake", "ExecQuery", "SubmitQuery"])
def test_grpc_rejected(stub, authorization, message, method):
    metadata = [("authorization", authorization)] if authorization else None
    request = svc.HandshakeRequest() if method == "Handshake" else query("SELECT 1")
    with pytest.raises(grpc.RpcError) as failure:
        result = getattr(stub, method)(request, metadata=metadata)
        if method == "ExecQuery":
            list(result)
    assert failure.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert failure.value.details() == message
    assert PASSWORD not in failure.value.details()
    assert TOKEN not in failure.value.details()


@pytest.mark.parametrize(
    ("authorization", "name"),
    [
        (basic("reader", PASSWORD), "reader"),
        (f"bearer {TOKEN}", "bearer"),
        (f"Bearer {JWT}", "alice@example.com"),
    ],
)
def test_http_accepted(secured, authorization, name):
    response = httpx.post(
        f"{secured.http_url}/Handshake", json={}, headers={"Authorization": authorization}
    )
    assert response.status_code == 200
    assert response.json()["authentication"]["name"] == name


@pytest.mark.parametrize(("authorization", "message"), REJECTIONS)
@pytest.mark.parametrize("path", ["/Handshake", "/SubmitQuery", "/Nope"])
def test_http_rejected(secured, authorization, message, path):
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.post(
        f"{secured.http_url}{path}", json={"statement": {"sql": "SELECT 1"}}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers.get_list("www-authenticate") == ['Basic realm="Realm"', "Bearer"]
    assert PASSWORD not in response.text and TOKEN not in response.text
    assert all(PASSWORD not in value and TOKEN not in value for value in response.headers.values())


def test_discovery_is_anonymous_and_lists_methods(secured):
    document = httpx.get(f"http://127.0.0.1:{secured.http_port}/.well-known/mill").json()
    assert document["security"] == [
        {"enabled": True, "authMethods": [{"authMethod": "OAUTH2"}, {"authMethod": "BASIC"}]}
    ]


def test_only_configured_schemes_are_enabled():
    with MillServer(make_engine(), auth=ServerAuth(basic={"u": "p"}), http=False) as server:
        stub = stub_for(f"127.0.0.1:{server.grpc_port}")
        assert handshake_name(stub, basic("u", "p")) == "u"
        with pytest.raises(grpc.RpcError) as failure:
            handshake_name(stub, f"Bearer {TOKEN}")
    assert failure.value.details() == "Missing or unsupported Authorization"


def test_without_auth_headers_are_ignored(server):
    stub = stub_for(f"127.0.0.1:{server.grpc_port}")
    assert handshake_name(stub, basic("anyone", "anything")) == "ANONYMOUS"


def test_server_auth_needs_credentials():
    with pytest.raises(
        ValueError, match=r"ServerAuth needs Basic users \(basic=...\) or Bearer tokens"
    ):
        ServerAuth()
