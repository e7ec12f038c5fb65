"""QueryResult: laziness, replay, cancellation and failures, over a fake block stream."""

from __future__ import annotations

import gc

import pyarrow as pa
import pytest

from mill_client.errors import MillConnectionError, MillError, MillProtocolError
from mill_client.result import QueryResult
from mill_client.transports.base import BlockStream

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string())])


def block(start: int, rows: int) -> pa.RecordBatch:
    ids = list(range(start, start + rows))
    return pa.record_batch(
        [pa.array(ids, pa.int64()), pa.array([f"n{i}" for i in ids])], schema=SCHEMA
    )


class FakeStream(BlockStream):
    """Yields the given blocks, then raises ``fail`` (if any) instead of ending."""

    def __init__(self, blocks: list[pa.RecordBatch], fail: MillError | None = None) -> None:
        self.blocks = list(blocks)
        self.fail = fail
        self.pulled = 0
        self.cancelled = 0

    def __next__(self) -> pa.RecordBatch:
        if self.pulled < len(self.blocks):
            self.pulled += 1
            return self.blocks[self.pulled - 1]
        if self.fail is not None:
            raise self.fail
        raise StopIteration

    def cancel(self) -> None:
        self.cancelled += 1


def test_nothing_is_fetched_until_asked():
    stream = FakeStream([block(0, 2), block(2, 2)])
    result = QueryResult(stream, sql="SELECT 1")
    assert stream.pulled == 0
    assert result.sql == "SELECT 1"
    assert result.schema == SCHEMA
    assert stream.pulled == 1  # the schema needs the first block only


def test_read_all_concatenates_blocks():
    result = QueryResult(FakeStream([block(0, 2), block(2, 3)]), sql="q")
    table = result.read_all()
    assert table.schema == SCHEMA
    assert table.column("id").to_pylist() == [0, 1, 2, 3, 4]
    assert result.complete


def test_empty_result_is_an_empty_table_with_the_schema():
    result = QueryResult(FakeStream([block(0, 0)]), sql="q")
    table = result.read_all()
    assert table.num_rows == 0
    assert table.schema == SCHEMA


def test_second_iteration_replays_then_continues():
    stream = FakeStream([block(0, 1), block(1, 1), block(2, 1)])
    result = QueryResult(stream, sql="q")
    first = iter(result)
    assert next(first).column(0).to_pylist() == [0]
    assert stream.pulled == 1
    again = [b.column(0)[0].as_py() for b in result]
    assert again == [0, 1, 2]
    assert stream.pulled == 3
    assert [b.column(0)[0].as_py() for b in first] == [1, 2]
    assert result.read_all().num_rows == 3
    assert stream.pulled == 3


def test_to_reader_streams_with_the_schema():
    result = QueryResult(FakeStream([block(0, 2), block(2, 2)]), sql="q")
    reader = result.to_reader()
    assert reader.schema == SCHEMA
    assert reader.read_all().column("name").to_pylist() == ["n0", "n1", "n2", "n3"]


def test_to_pandas_and_polars():
    result = QueryResult(FakeStream([block(0, 2)]), sql="q")
    assert result.to_pandas()["name"].tolist() == ["n0", "n1"]
    assert result.to_polars()["id"].to_list() == [0, 1]


def test_read_all_with_progress_bar(capsys):
    result = QueryResult(FakeStream([block(0, 2), block(2, 1)]), sql="q")
    assert result.read_all(progress=True).num_rows == 3
    assert "3.00 rows" in capsys.readouterr().err


def test_close_cancels_an_unfinished_stream_and_keeps_read_blocks():
    stream = FakeStream([block(0, 1), block(1, 1)])
    result = QueryResult(stream, sql="q")
    assert result.schema == SCHEMA
    result.close()
    result.close()
    assert stream.cancelled == 1
    blocks = iter(result)
    assert next(blocks).num_rows == 1
    with pytest.raises(MillError) as info:
        next(blocks)
    assert (
        str(info.value)
        == "this QueryResult was closed before it was fully read; run the query again"
    )


def test_close_after_completion_does_not_cancel():
    stream = FakeStream([block(0, 1)])
    with QueryResult(stream, sql="q") as result:
        result.read_all()
    assert stream.cancelled == 0
    assert result.read_all().num_rows == 1


def test_context_manager_cancels():
    stream = FakeStream([block(0, 1), block(1, 1)])
    with QueryResult(stream, sql="q") as result:
        next(iter(result))
    assert stream.cancelled == 1


def test_abandoned_result_cancels_its_stream():
    stream = FakeStream([block(0, 1), block(1, 1)])
    result = QueryResult(stream, sql="q")
    next(iter(result))
    del result
    gc.collect()
    assert stream.cancelled == 1


def test_a_broken_stream_raises_on_every_read_never_a_short_table():
    broken = MillConnectionError("the result stream broke after 2 block(s)")
    stream = FakeStream([block(0, 1), block(1, 1)], fail=broken)
    result = QueryResult(stream, sql="q")
    with pytest.raises(MillConnectionError) as info:
        result.read_all()
    assert info.value is broken
    with pytest.raises(MillConnectionError):
        result.read_all()
    with pytest.raises(MillConnectionError):
        list(result)
    assert stream.cancelled == 1
    assert not result.complete


def test_error_before_the_first_block_surfaces_from_schema():
    error = MillError("bad sql")
    result = QueryResult(FakeStream([], fail=error), sql="q")
    with pytest.raises(MillError) as info:
        result.schema  # noqa: B018
    assert info.value is error


def test_a_stream_without_blocks_is_a_protocol_error():
    result = QueryResult(FakeStream([]), sql="q")
    with pytest.raises(MillProtocolError, match="the server ended the result without any block"):
        result.read_all()


def test_a_block_with_another_schema_is_a_protocol_error():
    other = pa.record_batch([pa.array([1], pa.int32())], names=["id"])
    result = QueryResult(FakeStream([block(0, 1), other]), sql="q")
    with pytest.raises(MillProtocolError, match="result block 1 has schema"):
        result.read_all()


def test_uncached_results_read_once_with_one_block_in_memory():
    stream = FakeStream([block(0, 1), block(1, 1), block(2, 1)])
    result = QueryResult(stream, sql="q", cache=False)
    assert [b.column(0)[0].as_py() for b in result] == [0, 1, 2]
    assert len(result._blocks) == 1
    with pytest.raises(MillError, match="made with cache=False and its earlier blocks are gone"):
        list(result)


def test_repr():
    result = QueryResult(FakeStream([block(0, 1)]), sql="SELECT 1")
    assert repr(result) == "<QueryResult open, 0 block(s) read, sql='SELECT 1'>"
    result.read_all()
    assert repr(result) == "<QueryResult complete, 1 block(s) read, sql='SELECT 1'>"
