"""Parsing Mill's /.well-known/mill document (no network)."""

from __future__ import annotations

import pytest

from mill_client.discovery import DiscoveryConnection, fetch_discovery, parse_discovery
from mill_client.errors import MillProtocolError

# The document shape of Mill's WellKnownController (values are lists except "app").
REAL_DOC = {
    "app": {"name": "Mill"},
    "services": [{"name": "data-grpc"}, {"name": "data-http"}, {"name": "data-odata"}],
    "connections": [
        {
            "scheme": "http",
            "host": "localhost",
            "port": 8080,
            "api-path": "/services/odata/{schema}.svc/",
        },
        {"port": 9090, "host": "localhost", "scheme": "grpc"},
        {"scheme": "http", "host": "localhost", "port": 8080, "api-path": "/services/jet/"},
    ],
    "security": [{"enabled": False, "authMethods": []}],
    "schemas": [{"name": "skymill"}, {"name": "metadata"}],
}


def test_parse_real_document():
    doc = parse_discovery(REAL_DOC)
    assert doc.app_name == "Mill"
    assert doc.services == ("data-grpc", "data-http", "data-odata")
    assert doc.connections[1] == DiscoveryConnection(scheme="grpc", host="localhost", port=9090)
    assert doc.security_enabled is False
    assert doc.auth_methods == ()
    assert doc.schemas == ("skymill", "metadata")
    assert doc.grpc_url() == "grpc://localhost:9090"
    assert doc.jet_url() == "http://localhost:8080/services/jet"


def test_security_on():
    doc = parse_discovery(
        {
            "app": {"name": "prod"},
            "security": [
                {
                    "enabled": True,
                    "authMethods": [{"authMethod": "OAUTH2"}, {"authMethod": "BASIC"}],
                }
            ],
        }
    )
    assert doc.security_enabled is True
    assert doc.auth_methods == ("OAUTH2", "BASIC")
    assert doc.grpc_url() is None
    assert doc.jet_url() is None
    assert doc.connections == () and doc.schemas == () and doc.services == ()


def test_security_as_a_lone_object_and_ipv6_host():
    doc = parse_discovery(
        {
            "security": {"enabled": True, "authMethods": [{"authMethod": "BASIC"}]},
            "connections": [{"scheme": "grpc", "host": "::1", "port": 9090}],
        }
    )
    assert doc.auth_methods == ("BASIC",)
    assert doc.grpc_url() == "grpc://[::1]:9090"


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "the discovery document is not a JSON object"),
        ({"connections": "grpc://h"}, "discovery 'connections' is not a list of objects"),
        ({"connections": [{"host": "h"}]}, "discovery connection without scheme and host"),
        ({"connections": [{"scheme": "grpc", "host": "h", "port": "9090"}]}, "non-integer port"),
    ],
)
def test_malformed_documents(doc, message):
    with pytest.raises(MillProtocolError, match=message):
        parse_discovery(doc)


def test_fetch_discovery_needs_an_http_url():
    with pytest.raises(ValueError) as info:
        fetch_discovery("grpc://h:9090")
    assert str(info.value) == (
        "discovery is served over HTTP; pass http://host:port or https://host:port, not grpc://..."
    )
