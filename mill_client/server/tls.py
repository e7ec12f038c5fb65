"""TLS settings for both transports of a :class:`~mill_client.server.MillServer`."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import grpc

from mill_client._pem import load_cert_chain

__all__ = ["ServerTLS"]


@dataclass(frozen=True)
class ServerTLS:
    """Serve gRPC and HTTP over TLS, optionally requiring client certificates (mTLS).

    Args:
        cert_chain: PEM server certificate, followed by any intermediates.
        private_key: PEM private key of the server certificate (unencrypted).
        client_ca: PEM CA certificate(s); when given, clients must present a certificate
            signed by one of them.
    """

    cert_chain: bytes
    private_key: bytes
    client_ca: bytes | None = None

    def grpc_credentials(self) -> grpc.ServerCredentials:
        """The grpcio server credentials."""
        return grpc.ssl_server_credentials(
            [(self.private_key, self.cert_chain)],
            root_certificates=self.client_ca,
            require_client_auth=self.client_ca is not None,
        )

    def ssl_context(self) -> ssl.SSLContext:
        """A server-side :class:`ssl.SSLContext` for the HTTP transport.

        Raises:
            ssl.SSLError: The certificate, key or CA is not valid PEM or they do not match.
        """
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        load_cert_chain(context, self.cert_chain, self.private_key)
        if self.client_ca is not None:
            context.load_verify_locations(cadata=self.client_ca.decode("ascii"))
            context.verify_mode = ssl.CERT_REQUIRED
        return context
