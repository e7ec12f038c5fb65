"""The HTTP paging loop: end of result, protocol errors and expired paging ids (no network).

``HttpTransport.fetch_page`` (the HTTP round trip plus decoding) is replaced by a script of
pages, so only the loop's decisions are exercised here; the integration tests cover the wire.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from mill_client._proto import data_connect_svc_pb2 as svc
from mill_client.config import parse_url
from mill_client.errors import MillConnectionError, MillProtocolError
from mill_client.transports import http as http_module
from mill_client.transports.http import HttpTransport


def block(rows: int) -> pa.RecordBatch:
    return pa.record_batch([pa.array(range(rows), pa.int64())], names=["x"])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(http_module.time, "monotonic", fake)
    return fake


def scripted(monkeypatch, pages, *, paging_ttl=600.0):
    transport = HttpTransport(parse_url("http://h:1", paging_ttl=paging_ttl))
    calls = []

    def fetch_page(method, request, *, timeout, sql):
        calls.append((method, request))
        return pages.pop(0)

    monkeypatch.setattr(transport, "fetch_page", fetch_page)
    request = svc.QueryRequest(config=svc.QueryExecutionConfig(fetchSize=2))
    return transport.open_query(request, sql="q", timeout=None), calls


def test_pages_until_a_response_without_paging_id(monkeypatch, clock):
    stream, calls = scripted(monkeypatch, [("a", block(2)), ("b", block(1)), (None, None)])
    assert calls == []  # lazy
    assert [b.num_rows for b in stream] == [2, 1]
    assert [c[0] for c in calls] == ["SubmitQuery", "FetchQueryResult", "FetchQueryResult"]
    assert [c[1].pagingId for c in calls[1:]] == ["a", "b"]
    assert all(c[1].fetchSize == 2 for c in calls[1:])


def test_empty_result_is_one_empty_block(monkeypatch, clock):
    stream, calls = scripted(monkeypatch, [(None, block(0))])
    assert [b.num_rows for b in stream] == [0]
    assert len(calls) == 1


def test_submit_without_a_block_is_a_protocol_error(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [(None, None)])
    with pytest.raises(
        MillProtocolError, match="SubmitQuery on http://h:1/services/jet returned no result block"
    ):
        next(stream)


def test_long_pause_after_a_full_page_is_reported_as_expiry(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [("a", block(2)), (None, None)], paging_ttl=600.0)
    assert next(stream).num_rows == 2
    clock.now += 601
    with pytest.raises(MillConnectionError) as info:
        next(stream)
    assert str(info.value) == (
        "the result's paging id has probably expired: 601s passed since the last page (the "
        "server forgets ids after 600s idle) and the server sent no more rows, so the result "
        "may be incomplete. Run the query again and read it without long pauses"
    )
    with pytest.raises(StopIteration):
        next(stream)


def test_long_pause_after_a_short_page_is_the_normal_end(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [("a", block(1)), (None, None)])
    assert next(stream).num_rows == 1
    clock.now += 10_000
    with pytest.raises(StopIteration):
        next(stream)


def test_short_pause_after_a_full_page_is_the_normal_end(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [("a", block(2)), (None, None)])
    assert next(stream).num_rows == 2
    clock.now += 599
    with pytest.raises(StopIteration):
        next(stream)


def test_expiry_check_can_be_disabled(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [("a", block(2)), (None, None)], paging_ttl=None)
    assert next(stream).num_rows == 2
    clock.now += 10_000
    with pytest.raises(StopIteration):
        next(stream)


def test_connection_failure_mid_result_names_the_blocks_read(monkeypatch, clock):
    stream, _ = scripted(monkeypatch, [("a", block(2))])
    assert next(stream).num_rows == 2

    def broken(*args, **kwargs):
        raise MillConnectionError(
            "cannot reach Mill at http://h:1/services/jet/FetchQueryResult: refused"
        )

    monkeypatch.setattr(stream._transport, "fetch_page", broken)
    with pytest.raises(MillConnectionError) as info:
        next(stream)
    assert str(info.value) == (
        "the result pages from http://h:1/services/jet broke after 1 block(s): cannot reach "
        "Mill at http://h:1/services/jet/FetchQueryResult: refused"
    )


def test_cancel_stops_paging(monkeypatch, clock):
    stream, calls = scripted(monkeypatch, [("a", block(2)), ("b", block(2))])
    next(stream)
    stream.cancel()
    with pytest.raises(StopIteration):
        next(stream)
    assert len(calls) == 1
