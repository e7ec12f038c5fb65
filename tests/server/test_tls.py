"""TLS and mutual TLS on both transports, with certificates made at test time."""

from __future__ import annotations

import datetime
import ipaddress
import ssl

import grpc
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.server import MillServer, ServerTLS

from .conftest import make_engine, stub_for


def _key():
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _certificate(subject: str, key, issuer=None, issuer_key=None, *, ca=False, usage=None, ip=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if ip:
        names = [x509.IPAddress(ipaddress.ip_address(ip)), x509.DNSName("localhost")]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


class Pki:
    """A CA with one server certificate (127.0.0.1, localhost) and one client certificate."""

    def __init__(self) -> None:
        ca_key = _key()
        self.ca = _certificate("Mill Test CA", ca_key, ca=True)
        self.server_key = _key()
        self.server = _certificate(
            "127.0.0.1",
            self.server_key,
            self.ca,
            ca_key,
            usage=ExtendedKeyUsageOID.SERVER_AUTH,
            ip="127.0.0.1",
        )
        self.client_key = _key()
        self.client = _certificate(
            "client", self.client_key, self.ca, ca_key, usage=ExtendedKeyUsageOID.CLIENT_AUTH
        )

    @staticmethod
    def pem(certificate) -> bytes:
        return certificate.public_bytes(serialization.Encoding.PEM)

    def server_tls(self, *, mutual: bool) -> ServerTLS:
        return ServerTLS(
            cert_chain=self.pem(self.server),
            private_key=_pem_key(self.server_key),
            client_ca=self.pem(self.ca) if mutual else None,
        )

    def grpc_credentials(self, *, with_client_cert: bool) -> grpc.ChannelCredentials:
        if not with_client_cert:
            return grpc.ssl_channel_credentials(root_certificates=self.pem(self.ca))
        return grpc.ssl_channel_credentials(
            root_certificates=self.pem(self.ca),
            private_key=_pem_key(self.client_key),
            certificate_chain=self.pem(self.client),
        )

    def ssl_context(self, tmp_path, *, with_client_cert: bool) -> ssl.SSLContext:
        context = ssl.create_default_context(cadata=self.pem(self.ca).decode())
        if with_client_cert:
            cert, key = tmp_path / "client.pem", tmp_path / "client.key"
            cert.write_bytes(self.pem(self.client))
            key.write_bytes(_pem_key(self.client_key))
            context.load_cert_chain(cert, key)
        return context


@pytest.fixture(scope="module")
def pki():
    return Pki()


def test_tls(pki, tmp_path):
    with MillServer(make_engine(), tls=pki.server_tls(mutual=False)) as server:
        assert server.grpc_url == f"grpcs://127.0.0.1:{server.grpc_port}"
        assert server.http_url == f"https://127.0.0.1:{server.http_port}/services/jet"
        stub = stub_for(
            f"127.0.0.1:{server.grpc_port}", pki.grpc_credentials(with_client_cert=False)
        )
        assert list(stub.ListSchemas(svc.ListSchemasRequest()).schemas) == [
            "test",
            "other",
            "metadata",
        ]

        context = pki.ssl_context(tmp_path, with_client_cert=False)
        with httpx.Client(base_url=server.http_url, verify=context) as http:
            assert http.post("/ListSchemas").json() == {"schemas": ["test", "other", "metadata"]}
            document = http.get(f"https://127.0.0.1:{server.http_port}/.well-known/mill").json()
        assert [c["scheme"] for c in document["connections"]] == ["grpcs", "https"]

        with pytest.raises(httpx.ConnectError):
            httpx.post(f"{server.http_url}/ListSchemas")  # the test CA is not trusted by default
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            httpx.post(f"http://127.0.0.1:{server.http_port}/services/jet/ListSchemas")  # plaintext


def test_mutual_tls(pki, tmp_path):
    with MillServer(make_engine(), tls=pki.server_tls(mutual=True)) as server:
        stub = stub_for(
            f"127.0.0.1:{server.grpc_port}", pki.grpc_credentials(with_client_cert=True)
        )
        assert stub.Handshake(svc.HandshakeRequest()).authentication.name == "ANONYMOUS"
        anonymous = stub_for(
            f"127.0.0.1:{server.grpc_port}", pki.grpc_credentials(with_client_cert=False)
        )
        with pytest.raises(grpc.RpcError) as failure:
            anonymous.Handshake(svc.HandshakeRequest(), timeout=10)
        assert failure.value.code() == grpc.StatusCode.UNAVAILABLE

        context = pki.ssl_context(tmp_path, with_client_cert=True)
        with httpx.Client(base_url=server.http_url, verify=context) as http:
            assert http.post("/Handshake").json()["authentication"]["name"] == "ANONYMOUS"
        no_cert = pki.ssl_context(tmp_path, with_client_cert=False)
        with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
            httpx.post(f"{server.http_url}/Handshake", verify=no_cert)
