"""Authentication and TLS on every protocol, against servers started by the tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import mill_client
from mill_client.auth import BasicAuth, BearerToken
from mill_client.discovery import fetch_discovery
from mill_client.errors import MillAuthError, MillConnectionError
from mill_client.server import MillServer, ServerAuth, ServerTLS

from .certs import Pki, make_pki
from .conftest import PROTOCOLS, ExactTablesEngine, local_schemas, skip_on_real_server, url_for

PASSWORD = "s3cret-Pa55"
TOKEN = "tok-abc123-very-secret"


@pytest.fixture(scope="module")
def auth_server() -> Iterator[MillServer]:
    skip_on_real_server()
    auth = ServerAuth(basic={"reader": PASSWORD}, bearer=[TOKEN])
    with MillServer(ExactTablesEngine(local_schemas()), auth=auth) as server:
        yield server


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_right_credentials_pass(auth_server, protocol):
    url = url_for(auth_server, protocol)
    with mill_client.connect(url, auth=BasicAuth("reader", PASSWORD)) as client:
        assert client.handshake().authentication == "reader"
        assert client.query('SELECT * FROM "it"."one"').read_all().num_rows == 1
    with mill_client.connect(url, auth=BearerToken(TOKEN)) as client:
        assert client.list_schemas() == ["it", "metadata"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_credentials_in_the_url(auth_server, protocol):
    url = url_for(auth_server, protocol).replace("://", f"://reader:{PASSWORD}@", 1)
    with mill_client.connect(url) as client:
        assert client.handshake().authentication == "reader"
        assert PASSWORD not in repr(client) and PASSWORD not in repr(client.config)


SERVER_SAYS = {
    "wrong-password": "Bad credentials for user 'reader'",
    "bad-token": "Invalid bearer token",
    "no-credentials": "Missing or unsupported Authorization",
}
CHECK = "check the user name and password or the token"
ASK = (
    "the server requires credentials: pass auth=BasicAuth(user, password) or "
    "auth=BearerToken(token) to connect()"
)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    ("case", "auth"),
    [
        ("wrong-password", BasicAuth("reader", "wrong-Pa55word")),
        ("bad-token", BearerToken("tok-forged-999")),
        ("no-credentials", None),
    ],
)
def test_rejected_credentials_raise_auth_errors_without_the_secret(
    auth_server, protocol, case, auth
):
    url = url_for(auth_server, protocol)
    with mill_client.connect(url, auth=auth) as client:
        with pytest.raises(MillAuthError) as info:
            client.list_schemas()
        result = client.query('SELECT * FROM "it"."one"')
        with pytest.raises(MillAuthError) as query_info:
            result.read_all()
    advice = CHECK if auth is not None else ASK
    if protocol == "grpc":
        expected = (
            f"{auth_server.grpc_url} rejected the credentials (UNAUTHENTICATED): "
            f"{SERVER_SAYS[case]}; {advice}"
        )
        assert (info.value.code, info.value.status) == ("UNAUTHENTICATED", None)
    else:
        expected = (
            f"{auth_server.http_url}/ListSchemas rejected the credentials (HTTP 401); {advice}"
        )
        assert info.value.status == 401
    assert str(info.value) == expected
    assert isinstance(query_info.value, MillAuthError)
    if auth is not None:
        secrets = (auth.authorization(), *auth.secrets())
        for error in (info.value, query_info.value):
            for text in (str(error), repr(error), error.message, repr(error.args)):
                assert not any(secret in text for secret in secrets)


def test_discovery_is_anonymous_and_reports_security(auth_server):
    doc = fetch_discovery(auth_server.http_url)
    assert doc.security_enabled is True
    assert doc.auth_methods == ("OAUTH2", "BASIC")
    assert doc.grpc_url() == auth_server.grpc_url
    assert doc.jet_url() == auth_server.http_url
    assert doc.schemas == ("it", "metadata")
    with mill_client.connect(doc.jet_url(), auth=("reader", PASSWORD)) as client:
        assert client.handshake().authentication == "reader"


@pytest.fixture(scope="module")
def tls_server(pki) -> Iterator[MillServer]:
    skip_on_real_server()
    tls = ServerTLS(cert_chain=pki.server_cert, private_key=pki.server_key)
    with MillServer(ExactTablesEngine(local_schemas()), tls=tls) as server:
        yield server


@pytest.fixture(scope="module")
def mtls_server(pki) -> Iterator[MillServer]:
    skip_on_real_server()
    tls = ServerTLS(cert_chain=pki.server_cert, private_key=pki.server_key, client_ca=pki.ca_cert)
    with MillServer(ExactTablesEngine(local_schemas()), tls=tls) as server:
        yield server


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tls_with_the_ca(tls_server, pki, protocol, tmp_path):
    url = url_for(tls_server, protocol)
    assert url.startswith(("grpcs://", "https://"))
    with mill_client.connect(url, ca_cert=pki.ca_cert) as client:
        assert client.query('SELECT * FROM "it"."one"').read_all().num_rows == 1
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(pki.ca_cert)
    with mill_client.connect(url, ca_cert=ca_file) as client:
        assert client.list_schemas() == ["it", "metadata"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tls_without_the_ca_fails_to_connect(tls_server, protocol):
    client = mill_client.connect(url_for(tls_server, protocol), timeout=10)
    with client, pytest.raises(MillConnectionError) as info:
        client.list_schemas()
    assert str(info.value).startswith("cannot reach Mill at ")
    reason = "CERTIFICATE_VERIFY_FAILED" if protocol != "grpc" else "UNAVAILABLE"
    assert reason in str(info.value)


def test_https_without_verification(tls_server):
    with mill_client.connect(tls_server.http_url, verify=False) as client:
        assert client.list_schemas() == ["it", "metadata"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_mutual_tls(mtls_server, pki, protocol):
    url = url_for(mtls_server, protocol)
    with mill_client.connect(
        url, ca_cert=pki.ca_cert, client_cert=pki.client_cert, client_key=pki.client_key
    ) as client:
        assert client.query('SELECT * FROM "it"."one"').read_all().num_rows == 1
    client = mill_client.connect(url, ca_cert=pki.ca_cert, timeout=10)
    with client, pytest.raises(MillConnectionError) as info:
        client.list_schemas()
    assert str(info.value).startswith("cannot reach Mill at ")


def test_discovery_over_tls(tls_server, pki):
    doc = fetch_discovery(tls_server.http_url, ca_cert=pki.ca_cert)
    assert doc.jet_url() == tls_server.http_url
