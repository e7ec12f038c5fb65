"""Block cutting and the paging store, without sockets."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mill_client.server import paging
from mill_client.server.blocks import iter_blocks
from mill_client.server.paging import PagingStore

SCHEMA = pa.schema([pa.field("n", pa.int64())])


def reader(*sizes: int) -> pa.RecordBatchReader:
    start = 0
    batches = []
    for size in sizes:
        batches.append(
            pa.record_batch([pa.array(range(start, start + size), pa.int64())], schema=SCHEMA)
        )
        start += size
    return pa.RecordBatchReader.from_batches(SCHEMA, batches)


def rows(blocks) -> list[list[int]]:
    return [block.column(0).to_pylist() for block in blocks]


def test_blocks_span_engine_batches():
    assert rows(iter_blocks(reader(2, 3, 0, 4), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8]]


def test_blocks_of_an_empty_result():
    (block,) = iter_blocks(reader(), 10)
    assert block.num_rows == 0
    assert block.schema == SCHEMA
    (block,) = iter_blocks(reader(0, 0), 10)
    assert block.num_rows == 0


def test_blocks_without_trailing_empty_block():
    assert rows(iter_blocks(reader(3, 3), 3)) == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize("fetch_size", [0, -1])
def test_non_positive_fetch_size_means_one_row(fetch_size):
    assert rows(iter_blocks(reader(3), fetch_size)) == [[0], [1], [2]]


def test_store_pages_like_mill():
    store = PagingStore(ttl=600)
    first = store.submit(iter_blocks(reader(5), 2))
    assert first.block.num_rows == 2 and first.paging_id is not None
    second = store.fetch(first.paging_id)
    last = store.fetch(second.paging_id)
    assert last.block.column(0).to_pylist() == [4]
    assert last.paging_id is not None
    end = store.fetch(last.paging_id)
    assert (end.block, end.paging_id) == (None, None)
    assert len(store) == 0


def test_store_ends_at_an_empty_first_block():
    store = PagingStore(ttl=600)
    page = store.submit(iter_blocks(reader(), 2))
    assert page.block.num_rows == 0
    assert page.paging_id is None
    assert len(store) == 0


def test_store_expires_idle_results(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(paging.time, "monotonic", lambda: now[0])
    store = PagingStore(ttl=10)
    closed = []

    def blocks():
        try:
            yield from iter_blocks(reader(6), 2)
        finally:
            closed.append(True)

    stale = store.submit(blocks()).paging_id
    now[0] += 9
    fresh = store.submit(iter_blocks(reader(6), 2)).paging_id
    now[0] += 2  # the first result has waited 11 s, the second 2 s
    assert store.fetch(fresh).block.num_rows == 2
    assert closed == [True]
    assert store.fetch(stale).block is None


def test_store_close_releases_everything():
    store = PagingStore(ttl=600)
    closed = []

    def blocks():
        try:
            yield from iter_blocks(reader(6), 2)
        finally:
            closed.append(True)

    paging_id = store.submit(blocks()).paging_id
    store.close()
    assert closed == [True]
    assert store.fetch(paging_id).block is None


def test_store_rejects_non_positive_ttl():
    with pytest.raises(ValueError, match="paging_ttl must be positive, not 0"):
        PagingStore(ttl=0)
