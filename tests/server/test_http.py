"""The HTTP "jet" API over a loopback socket: paging, encodings, media types, problems."""

from __future__ import annotations

import base64
import json
import re

import httpx
import pytest

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client._proto import dialect_pb2
from mill_client.server import MillServer

from .conftest import make_engine, query

PROTOBUF = "application/x-protobuf"
PAGING_ID = re.compile(r"^[A-Za-z0-9+/]{43}=$")


def submit_json(http, sql, fetch_size):
    response = http.post(
        "/SubmitQuery", json={"config": {"fetchSize": fetch_size}, "statement": {"sql": sql}}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def fetch_json(http, paging_id):
    response = http.post("/FetchQueryResult", json={"pagingId": paging_id})
    assert response.status_code == 200, response.text
    return response.json()


def test_paging_sequence_json(server, http):
    server.received_sql.clear()
    sql = 'SELECT "id" FROM "test"."numbers" WHERE "id" < 5 ORDER BY "id"'
    first = submit_json(http, sql, 2)
    assert server.received_sql == [sql]
    assert PAGING_ID.match(first["pagingId"])
    assert first["vector"]["vectorSize"] == 2
    assert first["vector"]["vectors"] == [
        {"nulls": {"nulls": [False, False]}, "i64Vector": {"values": ["0", "1"]}}
    ]
    assert first["vector"]["schema"]["fields"][0]["type"]["type"]["typeId"] == "BIG_INT"

    second = fetch_json(http, first["pagingId"])
    assert PAGING_ID.match(second["pagingId"]) and second["pagingId"] != first["pagingId"]
    assert second["vector"]["vectors"][0]["i64Vector"]["values"] == ["2", "3"]

    last = fetch_json(http, second["pagingId"])
    # The last data page still carries a paging id ...
    assert PAGING_ID.match(last["pagingId"])
    assert last["vector"]["vectorSize"] == 1
    assert last["vector"]["vectors"][0]["i64Vector"]["values"] == ["4"]
    # ... and fetching it returns an empty message: the end of paging.
    assert fetch_json(http, last["pagingId"]) == {}


def test_paging_ids_are_single_use(http):
    first = submit_json(http, 'SELECT "id" FROM "test"."numbers"', 10)
    assert fetch_json(http, first["pagingId"])["vector"]["vectorSize"] == 10
    assert fetch_json(http, first["pagingId"]) == {}


def test_empty_result_has_one_empty_block_and_no_paging_id(http):
    first = submit_json(http, 'SELECT * FROM "test"."empty"', 100)
    assert first == {
        "vector": {
            "schema": first["vector"]["schema"],
            "vectors": [
                {"nulls": {}, "i32Vector": {}},
                {"fieldIdx": 1, "nulls": {}, "stringVector": {}},
            ],
        }
    }
    assert [f["name"] for f in first["vector"]["schema"]["fields"]] == ["id", "name"]


@pytest.mark.parametrize("paging_id", ["", "unknown", base64.b64encode(bytes(32)).decode()])
def test_unknown_paging_id_returns_empty_message(http, paging_id):
    assert fetch_json(http, paging_id) == {}


@pytest.mark.parametrize("paging_id", ["unknown", base64.b64encode(bytes(32)).decode()])
def test_unknown_paging_id_returns_zero_bytes(http, paging_id):
    response = http.post(
        "/FetchQueryResult",
        content=svc.QueryResultRequest(pagingId=paging_id).SerializeToString(),
        headers={"Content-Type": PROTOBUF, "Accept": PROTOBUF},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == PROTOBUF
    assert response.content == b""


def test_paging_sequence_protobuf(http):
    headers = {"Content-Type": PROTOBUF, "Accept": PROTOBUF}
    body = query(
        'SELECT "id" FROM "test"."numbers" ORDER BY "id"', fetch_size=400
    ).SerializeToString()
    response = http.post("/SubmitQuery", content=body, headers=headers)
    assert response.headers["content-type"] == PROTOBUF
    pages = [svc.QueryResultResponse.FromString(response.content)]
    while pages[-1].HasField("pagingId"):
        request = svc.QueryResultRequest(pagingId=pages[-1].pagingId).SerializeToString()
        pages.append(
            svc.QueryResultResponse.FromString(
                http.post("/FetchQueryResult", content=request, headers=headers).content
            )
        )
    assert [p.vector.vectorSize for p in pages[:-1]] == [400, 400, 200]
    assert pages[-1] == svc.QueryResultResponse()
    ids = [v for p in pages[:-1] for v in p.vector.vectors[0].i64Vector.values]
    assert ids == list(range(1000))


@pytest.mark.parametrize(
    ("content_type", "accept"),
    [
        ("application/json", PROTOBUF),
        (PROTOBUF, "application/json"),
        (None, None),
        ("application/json; charset=UTF-8", "*/*"),
    ],
)
def test_mixed_encodings(http, content_type, accept):
    request = svc.GetSchemaRequest(schemaName="test")
    if content_type == PROTOBUF:
        body = request.SerializeToString()
    else:
        body = json.dumps({"schemaName": "test"}).encode()
    headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
    response = http.post("/GetSchema", content=body, headers=headers)
    assert response.status_code == 200
    if accept == PROTOBUF:
        assert response.headers["content-type"] == PROTOBUF
        tables = svc.GetSchemaResponse.FromString(response.content).schema.tables
        assert [t.name for t in tables] == ["numbers", "empty", "times"]
    else:
        assert response.headers["content-type"] == "application/json"
        assert [t["name"] for t in response.json()["schema"]["tables"]] == [
            "numbers",
            "empty",
            "times",
        ]


@pytest.mark.parametrize("path", ["/Handshake", "/ListSchemas", "/GetDialect"])
def test_body_is_optional_where_mill_allows_it(http, path):
    assert http.post(path).status_code == 200


def test_json_shapes(http):
    assert http.post("/Handshake", json={}).json() == {
        "version": "V1_0",
        "capabilities": {"supportSql": True, "supportDialect": True},
        "authentication": {"name": "ANONYMOUS"},
    }
    assert http.post("/ListSchemas", json={}).json() == {"schemas": ["test", "other", "metadata"]}
    numbers = http.post("/GetSchema", json={"schemaName": "test"}).json()["schema"]["tables"][0]
    assert numbers["fields"][1]["fieldIdx"] == 1
    assert "fieldIdx" not in numbers["fields"][0]  # default values are omitted
    dialect = http.post("/GetDialect", json={"dialectId": "CALCITE"}).json()
    assert dialect["schemaVersion"] == "v1"
    assert dialect["dialect"]["identifiers"]["quote"] == {"start": "`", "end": "`"}
    assert dialect["dialect"]["featureFlags"]["supports-cte"] is True
    binary = dialect_pb2.GetDialectResponse.FromString(
        http.post("/GetDialect", json={}, headers={"Accept": PROTOBUF}).content
    )
    assert dialect["contentHash"] == binary.contentHash
    assert http.post("/ParseSql", json={"statement": {"sql": "SELECT 1"}}).json() == {"plan": {}}


def test_json_parser_accepts_numbers_as_strings_and_enum_names(http):
    page = submit_json(http, 'SELECT "id" FROM "test"."numbers"', "3")
    assert page["vector"]["vectorSize"] == 3


def problem(response, status):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["status"] == status
    assert document["instance"].startswith("/services/jet/")
    assert document["traceId"]
    return document


def test_sql_error_problem(http):
    response = http.post(
        "/SubmitQuery",
        json={"config": {"fetchSize": 10}, "statement": {"sql": "SELEC 1"}},
        headers={"Accept": PROTOBUF, "X-Trace-Id": "trace-42"},
    )
    document = problem(response, 400)
    assert document["type"] == "urn:mill:grpc:INVALID_ARGUMENT"
    assert document["title"] == "Bad request"
    assert document["code"] == "INVALID_ARGUMENT"
    assert document["detail"].startswith("ParserException: Parser Error: syntax error")
    assert document["message"] == document["detail"]
    assert document["instance"] == "/services/jet/SubmitQuery"
    assert document["traceId"] == "trace-42"


def test_correlation_id_is_the_fallback_trace_id(http):
    response = http.post(
        "/GetSchema", json={"schemaName": "nope"}, headers={"X-Correlation-Id": "corr-7"}
    )
    assert problem(response, 404)["traceId"] == "corr-7"


def test_not_found_problem(http):
    document = problem(http.post("/GetSchema", json={"schemaName": "nope"}), 404)
    assert {k: document[k] for k in ("type", "title", "detail", "code", "message")} == {
        "type": "urn:mill:grpc:NOT_FOUND",
        "title": "Not found",
        "detail": "Schema 'nope' not found",
        "code": "NOT_FOUND",
        "message": "Schema 'nope' not found",
    }
    dialect = problem(http.post("/GetDialect", json={"dialectId": "H3"}), 404)
    assert dialect["detail"] == "Dialect 'H3' not found. Supported dialects: CALCITE"


def test_execution_error_is_internal(http):
    response = http.post(
        "/SubmitQuery", json={"statement": {"sql": "SELECT CAST('x' AS INTEGER) AS n"}}
    )
    document = problem(response, 500)
    assert {k: document[k] for k in ("type", "title", "detail")} == {
        "type": "urn:mill:error:internal",
        "title": "Internal error",
        "detail": "Internal error",
    }
    assert "code" not in document


def test_plan_query_is_not_implemented(http):
    document = problem(http.post("/SubmitQuery", json={"plan": {}}), 501)
    assert document["type"] == "urn:mill:grpc:UNIMPLEMENTED"
    assert document["title"] == "Not implemented"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"schemaName": "test", "extra": 1}', "application/json"),
        (b"{not json", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"\x0a\xff", PROTOBUF),
    ],
)
def test_bad_payload_problem(http, body, content_type):
    document = problem(
        http.post("/GetSchema", content=body, headers={"Content-Type": content_type}), 400
    )
    assert document["type"] == "urn:mill:error:payload"
    assert document["title"] == "Invalid payload"
    assert document["detail"].startswith("Cannot read the ")
    assert "code" not in document


@pytest.mark.parametrize("path", ["/GetSchema", "/ParseSql", "/SubmitQuery", "/FetchQueryResult"])
def test_missing_body_is_internal_error(http, path):
    document = problem(http.post(path), 500)
    assert document["type"] == "urn:mill:error:internal"


def test_accept_list_is_internal_error(http):
    response = http.post("/Handshake", json={}, headers={"Accept": "application/json, */*"})
    assert problem(response, 500)["type"] == "urn:mill:error:internal"


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("POST", "/services/jet/Nope", {}, 404),
        ("POST", "/services/jet/Handshake/", {}, 404),
        ("POST", "/services/jet/handshake", {}, 404),
        ("POST", "/services/jet/ExecQuery", {}, 404),
        ("POST", "/elsewhere", {}, 404),
        ("GET", "/services/jet/Handshake", {}, 405),
        ("PUT", "/services/jet/Handshake", {}, 405),
        ("POST", "/services/jet/Handshake", {"Content-Type": "text/plain"}, 415),
        ("POST", "/services/jet/Handshake", {"Content-Type": "application/protobuf"}, 415),
        ("POST", "/services/jet/Handshake", {"Accept": "text/html"}, 406),
        ("POST", "/services/jet/Handshake", {"Accept": "application/protobuf"}, 406),
    ],
)
def test_failures_before_the_api_carry_no_problem_body(server, method, path, headers, status):
    url = f"http://127.0.0.1:{server.http_port}{path}"
    response = httpx.request(method, url, content=b"{}", headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["status"] == status
    assert "type" not in response.json()
    if status == 405:
        assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    "path", ["/.well-known/mill", "/.well-known", "/.well-known/", "/.well-known/mill/"]
)
def test_discovery(server, path):
    response = httpx.get(f"http://127.0.0.1:{server.http_port}{path}")
    assert response.status_code == 200
    assert response.json() == {
        "app": {"name": "Mill"},
        "services": [{"name": "data-grpc"}, {"name": "data-http"}],
        "connections": [
            {"port": server.grpc_port, "host": "127.0.0.1", "scheme": "grpc"},
            {
                "scheme": "http",
                "host": "127.0.0.1",
                "port": server.http_port,
                "api-path": "/services/jet/",
            },
        ],
        "security": [{"enabled": False, "authMethods": []}],
        "schemas": [{"name": "test"}, {"name": "other"}, {"name": "metadata"}],
    }


def test_discovery_of_http_only_server():
    with MillServer(make_engine(), grpc=False) as server:
        document = httpx.get(f"http://127.0.0.1:{server.http_port}/.well-known/mill").json()
        with pytest.raises(RuntimeError, match=r"serves no gRPC \(grpc=False\)"):
            _ = server.grpc_url
    assert document["services"] == [{"name": "data-http"}]
    assert [c["scheme"] for c in document["connections"]] == ["http"]


def test_keep_alive_connection_serves_many_requests(http):
    for _ in range(3):
        assert http.post("/ListSchemas").status_code == 200


def test_chunked_request_body(http):
    body = json.dumps({"schemaName": "test"}).encode()
    response = http.post("/GetSchema", content=iter([body[:5], body[5:]]))
    assert response.status_code == 200
    assert [t["name"] for t in response.json()["schema"]["tables"]] == ["numbers", "empty", "times"]
