"""The in-memory ArrowEngine used by the wire tests."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mill_client.server import Engine, EngineError, NotFoundError, SqlError

from .conftest import NUMBERS, make_engine


def test_is_an_engine():
    assert isinstance(make_engine(), Engine)


def test_catalog():
    engine = make_engine()
    assert engine.list_schemas() == ["test", "other"]
    assert engine.get_schema("test")["numbers"] == NUMBERS.schema
    assert engine.get_schema("other") == {}
    with pytest.raises(NotFoundError, match="^Schema 'Test' not found$"):
        engine.get_schema("Test")


def test_execute_streams_batches():
    reader = make_engine().execute('SELECT "id" FROM "test"."numbers" ORDER BY "id"')
    batches = list(reader)
    assert [b.num_rows for b in batches] == [100] * 10
    assert pa.Table.from_batches(batches)["id"].to_pylist() == list(range(1000))


def test_validate_returns_the_schema_without_running():
    schema = make_engine().validate('SELECT "id", "label" AS "l" FROM "test"."numbers"')
    assert schema == pa.schema([("id", pa.int64()), ("l", pa.string())])


def test_errors():
    engine = make_engine()
    with pytest.raises(SqlError, match="^ParserException: "):
        engine.execute("SELEC 1")
    with pytest.raises(SqlError, match="^CatalogException: "):
        engine.validate('SELECT * FROM "test"."nope"')
    with pytest.raises(EngineError, match="^ConversionException: ") as failure:
        engine.execute("SELECT CAST('x' AS INTEGER)").read_all()
    assert not isinstance(failure.value, SqlError)
