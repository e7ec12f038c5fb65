"""Connecting: ``ibis.mill.connect`` with client URLs, ``ibis.connect`` with ``mill://`` URLs."""

from __future__ import annotations

import ibis
import ibis.common.exceptions as com
import pytest

import mill_client
from ibis_mill import Backend
from mill_client.server import MillServer, ServerAuth

from .conftest import shop_tables


def test_connect_with_a_grpc_url(shop_server: MillServer) -> None:
    con = ibis.mill.connect(shop_server.grpc_url)
    try:
        assert isinstance(con, Backend)
        assert con.name == "mill"
        assert con.version == "V1_0"
        assert con.current_database == "shop"
        assert con.client.url == shop_server.grpc_url
    finally:
        con.disconnect()


@pytest.mark.parametrize(
    ("query", "transport", "encoding"),
    [
        ("", "grpc", "protobuf"),
        ("?transport=http", "http", "json"),
        ("?transport=http&encoding=protobuf", "http", "protobuf"),
    ],
)
def test_ibis_connect_with_a_mill_url(
    shop_server: MillServer, query: str, transport: str, encoding: str
) -> None:
    port = shop_server.grpc_port if transport == "grpc" else shop_server.http_port
    con = ibis.connect(f"mill://127.0.0.1:{port}{query}")
    try:
        assert isinstance(con, Backend)
        assert con.client.config.transport == transport
        assert con.client.config.encoding == encoding
        assert con.list_tables() == ["customers", "orders"]
    finally:
        con.disconnect()


def test_mill_url_chooses_the_database(shop_server: MillServer) -> None:
    con = ibis.connect(f"mill://127.0.0.1:{shop_server.grpc_port}?database=archive")
    try:
        assert con.current_database == "archive"
        assert con.list_tables() == ["old_orders"]
    finally:
        con.disconnect()


def test_unknown_database_fails_at_connect(shop_server: MillServer) -> None:
    with pytest.raises(com.IbisInputError) as info:
        ibis.mill.connect(shop_server.grpc_url, database="Shop")
    assert str(info.value) == (
        "Schema 'Shop' not found on the Mill server. Did you mean 'shop'? "
        "Schemas: 'shop', 'archive'."
    )


def test_unreachable_server_fails_at_connect() -> None:
    with pytest.raises(mill_client.MillConnectionError):
        ibis.mill.connect("grpc://127.0.0.1:1", timeout=5)


def test_basic_auth_through_keywords_and_url() -> None:
    from ibis_mill.engines.duckdb import DuckDBEngine

    engine = DuckDBEngine(shop_tables())
    auth = ServerAuth(basic={"reader": "s3cret"})
    with MillServer(engine, auth=auth) as server:
        con = ibis.mill.connect(server.grpc_url, user="reader", password="s3cret")
        assert con.list_tables() == ["customers", "orders"]
        con.disconnect()
        con = ibis.connect(f"mill://reader:s3cret@127.0.0.1:{server.http_port}?transport=http")
        assert con.list_databases() == ["archive", "shop"]
        con.disconnect()
        with pytest.raises(mill_client.MillAuthError):
            ibis.mill.connect(server.grpc_url, user="reader", password="wrong")
    engine.close()


def test_conflicting_credentials_are_rejected(shop_server: MillServer) -> None:
    with pytest.raises(ValueError, match=r"^Give one kind of credentials, not user and token\.$"):
        ibis.mill.connect(shop_server.grpc_url, user="a", password="b", token="t")
