"""What the HTTP transport puts on the wire: paths, exact media types, bodies, credentials."""

from __future__ import annotations

import json

import pytest

import mill_client
from mill_client._proto import data_connect_svc_pb2 as svc

from .conftest import skip_on_real_server

EMPTY_BLOCK_JSON = b'{"vector": {"schema": {"fields": []}}}'


@pytest.fixture(autouse=True)
def _local_only() -> None:
    skip_on_real_server()


def test_json_mode_requests(canned_http):
    canned_http.replies["Handshake"] = (200, "application/json", b'{"version": "V1_0"}')
    canned_http.replies["SubmitQuery"] = (200, "application/json", EMPTY_BLOCK_JSON)
    with mill_client.connect(
        f"{canned_http.url}/mill/services/jet/", auth=("reader", "pw"), fetch_size=321
    ) as client:
        assert client.handshake().version == "V1_0"
        assert client.query("SELECT 1").read_all().num_rows == 0
    (path1, headers1, body1), (path2, headers2, body2) = canned_http.requests
    assert (path1, body1) == ("/mill/services/jet/Handshake", b"{}")
    assert path2 == "/mill/services/jet/SubmitQuery"
    assert json.loads(body2) == {"config": {"fetchSize": 321}, "statement": {"sql": "SELECT 1"}}
    for headers in (headers1, headers2):
        assert headers["Content-Type"] == "application/json"
        assert headers["Accept"] == "application/json"
        assert headers["Authorization"] == "Basic cmVhZGVyOnB3"


def test_protobuf_mode_requests(canned_http):
    handshake = svc.HandshakeResponse(version=svc.ProtocolVersion.V1_0).SerializeToString()
    canned_http.replies["Handshake"] = (200, "application/x-protobuf", handshake)
    with mill_client.connect(f"{canned_http.url}?encoding=protobuf") as client:
        assert client.handshake().version == "V1_0"
    ((path, headers, body),) = canned_http.requests
    assert (path, body) == ("/services/jet/Handshake", b"")
    assert headers["Content-Type"] == "application/x-protobuf"
    assert headers["Accept"] == "application/x-protobuf"
    assert "Authorization" not in headers


def test_paging_sends_each_paging_id_once(canned_http):
    block = b'"vector": {"schema": {"fields": []}, "vectorSize": 0}'
    canned_http.replies["SubmitQuery"] = (
        200,
        "application/json",
        b'{"pagingId": "p1", ' + block + b"}",
    )
    canned_http.replies["FetchQueryResult"] = (200, "application/json", b"{}")
    with mill_client.connect(canned_http.url) as client:
        assert len(list(client.query("SELECT 1"))) == 1
    assert [json.loads(body) for _, _, body in canned_http.requests[1:]] == [
        {"pagingId": "p1", "fetchSize": 10000}
    ]
