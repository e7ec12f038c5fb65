"""Starting, addressing and stopping a MillServer."""

from __future__ import annotations

import socket

import grpc
import httpx
import pytest

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.server import MillServer

from .conftest import make_engine, stub_for


def test_context_manager_binds_free_ports_and_stops():
    with MillServer(make_engine()) as server:
        assert server.grpc_url == f"grpc://127.0.0.1:{server.grpc_port}"
        assert server.http_url == f"http://127.0.0.1:{server.http_port}/services/jet"
        assert server.grpc_port != server.http_port
        assert repr(server) == f"<MillServer {server.grpc_url} {server.http_url}>"
        http_port = server.http_port
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"http://127.0.0.1:{http_port}/services/jet/Handshake")
    assert repr(server) == "<MillServer stopped>"


def test_fixed_ports():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with MillServer(make_engine(), grpc_port=port, http=False) as server:
        assert server.grpc_port == port
        schemas = stub_for(f"127.0.0.1:{port}").ListSchemas(svc.ListSchemasRequest()).schemas
        assert list(schemas) == ["test", "other", "metadata"]


def test_taken_port_fails_to_start():
    with MillServer(make_engine(), http=False) as first:
        with pytest.raises(
            OSError, match=f"cannot bind the gRPC port at 127.0.0.1:{first.grpc_port}"
        ):
            MillServer(make_engine(), grpc_port=first.grpc_port, http=False).start()
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            with pytest.raises(OSError):
                MillServer(make_engine(), http_port=taken.getsockname()[1], grpc=False).start()


def test_start_once():
    server = MillServer(make_engine(), http=False).start()
    with pytest.raises(RuntimeError, match="MillServer is running; it can start once"):
        server.start()
    server.stop()
    server.stop()
    with pytest.raises(RuntimeError, match="MillServer is stopped; it can start once"):
        server.start()


def test_addresses_need_a_running_server():
    server = MillServer(make_engine())
    with pytest.raises(RuntimeError, match=r"MillServer is new: call start\(\) first"):
        _ = server.grpc_url


def test_stop_with_grace_lets_calls_finish():
    server = MillServer(make_engine(), http=False).start()
    stub = stub_for(f"127.0.0.1:{server.grpc_port}")
    server.stop(grace=5)
    with pytest.raises(grpc.RpcError) as failure:
        stub.Handshake(svc.HandshakeRequest(), timeout=5)
    assert failure.value.code() == grpc.StatusCode.UNAVAILABLE


def test_invalid_options():
    with pytest.raises(ValueError, match="at least one transport"):
        MillServer(make_engine(), grpc=False, http=False)
    with pytest.raises(ValueError, match="time_unit must be 'ns' or 'ms', not 'us'"):
        MillServer(make_engine(), time_unit="us")
    engine = make_engine()
    engine.dialect_id = "POSTGRES"
    with pytest.raises(
        ValueError,
        match="engine dialect 'POSTGRES' has no descriptor for GetDialect; supported: CALCITE",
    ):
        MillServer(engine)
