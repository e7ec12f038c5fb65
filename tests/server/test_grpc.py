"""The gRPC DataConnectService over a loopback socket, checked at the protobuf level."""

from __future__ import annotations

import hashlib
import threading

import grpc
import pytest

from mill_client._proto import common_pb2, dialect_pb2, statement_pb2
from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.server import MillServer

from .conftest import ControlledEngine, make_engine, query, stub_for

LDT = common_pb2.LogicalDataType


def test_handshake(stub):
    response = stub.Handshake(svc.HandshakeRequest())
    assert response.version == svc.V1_0
    assert response.capabilities.supportSql is True
    assert response.capabilities.supportDialect is True
    assert response.capabilities.supportResultPaging is False
    assert response.authentication.name == "ANONYMOUS"
    assert len(response.metas) == 0


def test_list_schemas_adds_calcite_metadata(stub):
    assert list(stub.ListSchemas(svc.ListSchemasRequest()).schemas) == ["test", "other", "metadata"]


def test_get_schema(stub):
    schema = stub.GetSchema(svc.GetSchemaRequest(schemaName="test")).schema
    assert [(t.schemaName, t.name) for t in schema.tables] == [
        ("test", "numbers"),
        ("test", "empty"),
        ("test", "times"),
    ]
    numbers = schema.tables[0]
    assert numbers.tableType == common_pb2.Table.NOT_SPECIFIED_TABLE_TYPE
    assert [(f.name, f.fieldIdx, f.type.type.typeId) for f in numbers.fields] == [
        ("id", 0, LDT.BIG_INT),
        ("label", 1, LDT.STRING),
    ]


def test_get_schema_of_empty_and_metadata_schemas(stub):
    assert list(stub.GetSchema(svc.GetSchemaRequest(schemaName="other")).schema.tables) == []
    assert list(stub.GetSchema(svc.GetSchemaRequest(schemaName="metadata")).schema.tables) == []


@pytest.mark.parametrize("name", ["missing", "TEST", ""])
def test_get_schema_not_found(stub, name):
    with pytest.raises(grpc.RpcError) as failure:
        stub.GetSchema(svc.GetSchemaRequest(schemaName=name))
    assert failure.value.code() == grpc.StatusCode.NOT_FOUND
    assert failure.value.details() == f"Schema '{name}' not found"


@pytest.mark.parametrize(
    "request_",
    [
        dialect_pb2.GetDialectRequest(),
        dialect_pb2.GetDialectRequest(dialectId="calcite"),
        dialect_pb2.GetDialectRequest(dialectId=" "),
    ],
)
def test_get_dialect(stub, request_):
    response = stub.GetDialect(request_)
    assert response.dialect.id == "CALCITE"
    assert response.dialect.identifiers.quote.start == "`"
    assert response.dialect.identifiers.quote.end == "`"
    assert response.schemaVersion == "v1"
    expected = hashlib.sha256(response.dialect.SerializeToString(deterministic=True)).hexdigest()
    assert response.contentHash == expected


def test_get_dialect_not_found(stub):
    with pytest.raises(grpc.RpcError) as failure:
        stub.GetDialect(dialect_pb2.GetDialectRequest(dialectId="ORACLE"))
    assert failure.value.code() == grpc.StatusCode.NOT_FOUND
    assert failure.value.details() == "Dialect 'ORACLE' not found. Supported dialects: CALCITE"


def test_parse_sql(server, stub):
    server.received_sql.clear()
    sql = 'SELECT "id" FROM "test"."numbers"'
    response = stub.ParseSql(svc.ParseSqlRequest(statement=statement_pb2.SQLStatement(sql=sql)))
    assert response.HasField("plan")
    assert server.received_sql == [sql]


def test_parse_sql_error_is_invalid_argument(stub):
    with pytest.raises(grpc.RpcError) as failure:
        stub.ParseSql(svc.ParseSqlRequest(statement=statement_pb2.SQLStatement(sql="SELEC 1")))
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.value.details().startswith(
        "ParserException: Parser Error: syntax error at or near"
    )


def test_exec_query_blocks(server, stub):
    server.received_sql.clear()
    sql = 'SELECT "id", "label" FROM "test"."numbers" ORDER BY "id"'
    responses = list(stub.ExecQuery(query(sql, fetch_size=33)))
    assert server.received_sql == [sql]
    assert len(responses) == 31
    assert [r.vector.vectorSize for r in responses] == [33] * 30 + [10]
    assert not any(r.HasField("pagingId") for r in responses)
    for response in responses:
        fields = response.vector.schema.fields
        assert [(f.name, f.fieldIdx) for f in fields] == [("id", 0), ("label", 1)]
    ids = [v for r in responses for v in r.vector.vectors[0].i64Vector.values]
    assert ids == list(range(1000))
    last = responses[-1].vector
    assert list(last.vectors[1].nulls.nulls) == [i % 10 == 0 for i in range(990, 1000)]
    assert list(last.vectors[1].stringVector.values) == [
        "" if i % 10 == 0 else f"n{i}" for i in range(990, 1000)
    ]


def test_exec_query_empty_result_is_one_empty_block(stub):
    responses = list(stub.ExecQuery(query('SELECT * FROM "test"."empty"')))
    assert len(responses) == 1
    block = responses[0].vector
    assert block.vectorSize == 0
    assert [f.name for f in block.schema.fields] == ["id", "name"]
    assert [v.fieldIdx for v in block.vectors] == [0, 1]
    assert [v.WhichOneof("values") for v in block.vectors] == ["i32Vector", "stringVector"]
    assert all(len(v.nulls.nulls) == 0 for v in block.vectors)


@pytest.mark.parametrize("fetch_size", [0, -5])
def test_exec_query_non_positive_fetch_size_gives_one_row_per_block(stub, fetch_size):
    sql = 'SELECT "id" FROM "test"."numbers" WHERE "id" < 5 ORDER BY "id"'
    responses = list(stub.ExecQuery(query(sql, fetch_size=fetch_size)))
    assert [list(r.vector.vectors[0].i64Vector.values) for r in responses] == [
        [0],
        [1],
        [2],
        [3],
        [4],
    ]


def test_exec_query_exact_multiple_has_no_trailing_empty_block(stub):
    responses = list(stub.ExecQuery(query('SELECT "id" FROM "test"."numbers"', fetch_size=250)))
    assert [r.vector.vectorSize for r in responses] == [250, 250, 250, 250]


def test_exec_query_sql_error(stub):
    with pytest.raises(grpc.RpcError) as failure:
        list(stub.ExecQuery(query('SELECT "nope" FROM "test"."numbers"')))
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.value.details().startswith(
        'BinderException: Binder Error: Referenced column "nope" not found'
    )


def test_exec_query_execution_error_is_unknown(stub):
    with pytest.raises(grpc.RpcError) as failure:
        list(stub.ExecQuery(query("SELECT CAST('x' AS INTEGER) AS n")))
    assert failure.value.code() == grpc.StatusCode.UNKNOWN
    assert failure.value.details().startswith(
        "ConversionException: Conversion Error: Could not convert string 'x'"
    )


def test_exec_query_plan_is_unimplemented(stub):
    request = svc.QueryRequest(config=svc.QueryExecutionConfig(fetchSize=10))
    request.plan.SetInParent()
    with pytest.raises(grpc.RpcError) as failure:
        list(stub.ExecQuery(request))
    assert failure.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert failure.value.details() == (
        "Substrait plans are not supported by this server; send SQL in QueryRequest.statement"
    )


def test_time_unit_ms_writes_millis():
    for unit, expected in (("ns", 3_600_000_000_000), ("ms", 3_600_000)):
        with MillServer(make_engine(), time_unit=unit, http=False) as server:
            stub = stub_for(f"127.0.0.1:{server.grpc_port}")
            (response,) = stub.ExecQuery(query('SELECT "t" FROM "test"."times"'))
        vector = response.vector
        assert vector.schema.fields[0].type.type.typeId == common_pb2.LogicalDataType.TIME
        assert list(vector.vectors[0].i64Vector.values) == [expected]


@pytest.mark.parametrize("method", ["SubmitQuery", "FetchQueryResult"])
def test_paging_methods_are_unimplemented_on_grpc(stub, method):
    request = query("SELECT 1") if method == "SubmitQuery" else svc.QueryResultRequest(pagingId="x")
    with pytest.raises(grpc.RpcError) as failure:
        getattr(stub, method)(request)
    assert failure.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert (
        failure.value.details()
        == f"Method io.qpointz.mill.DataConnectService/{method} is unimplemented"
    )


def test_large_block_exceeds_default_message_size(stub):
    sql = "SELECT repeat('x', 10000) AS s FROM range(600)"  # ~6 MB in one block
    (response,) = stub.ExecQuery(query(sql, fetch_size=1000))
    assert response.vector.vectorSize == 600


def test_cancel_stops_the_engine_stream():
    engine = ControlledEngine()
    with MillServer(engine, http=False) as server:
        stub = stub_for(f"127.0.0.1:{server.grpc_port}")
        call = stub.ExecQuery(query("SELECT forever", fetch_size=100))
        assert next(call).vector.vectorSize == 100
        call.cancel()
        assert engine.closed.wait(10), "the engine stream was not released after cancel"
        with pytest.raises(grpc.RpcError) as failure:
            next(call)
        assert failure.value.code() == grpc.StatusCode.CANCELLED


def test_server_stop_breaks_an_open_stream():
    engine = ControlledEngine()
    server = MillServer(engine, http=False).start()
    try:
        stub = stub_for(f"127.0.0.1:{server.grpc_port}")
        call = stub.ExecQuery(query("SELECT block", fetch_size=1))
        assert next(call).vector.vectorSize == 1
        stopper = threading.Thread(target=server.stop)
        stopper.start()
        with pytest.raises(grpc.RpcError) as failure:
            next(call)
        stopper.join()
        assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        engine.release.set()
        server.stop()
    assert engine.closed.wait(10)


def test_long_error_messages_are_shortened_to_fit_a_trailer():
    from mill_client._testing import ArrowEngine
    from mill_client.server.engine import SqlError

    class Verbose(ArrowEngine):
        def validate(self, sql: str):
            raise SqlError("SqlParseException: " + "x" * 20_000)

    with MillServer(Verbose({"test": {}}), http=False) as server:
        stub = stub_for(f"127.0.0.1:{server.grpc_port}")
        with pytest.raises(grpc.RpcError) as failure:
            stub.ParseSql(svc.ParseSqlRequest(statement=statement_pb2.SQLStatement(sql="SELECT 1")))
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = failure.value.details()
    head, _, tail = details.partition(" … [")
    assert head == "SqlParseException: " + "x" * (4000 - len("SqlParseException: "))
    assert tail == "16019 more characters in the server log]"
