"""Differential tests: every corpus expression on ``ibis.mill`` (through the wire server on the
DuckDB engine) returns what ``ibis.duckdb`` returns over the same Parquet files.

Each SQL text the server receives must also survive our dialect's round trip (parse, then
generate, gives the same text). Expressions the compiler rejects must be listed in
``corpus.UNSUPPORTED`` and must fail before any SQL is sent.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mill_client.server import MillServer

from .corpus import COMPILE_REJECTIONS, ORDERED, QUERIES, UNSUPPORTED
from .differential import assert_round_trip, assert_same_rows, duckdb_answer, skymill_on_mill

SUPPORTED = [name for name in QUERIES if name not in UNSUPPORTED]


@pytest.fixture(scope="session")
def mill_tables(skymill) -> SimpleNamespace:
    """The skymill tables on ``ibis.mill`` (one namespace per transport)."""
    return skymill_on_mill(skymill)


@pytest.mark.parametrize("name", SUPPORTED)
def test_same_result_as_duckdb(
    name: str,
    skymill,
    mill_tables: SimpleNamespace,
    skymill_duckdb: SimpleNamespace,
    skymill_server: MillServer,
) -> None:
    expected = duckdb_answer(name, skymill_duckdb)
    received = skymill_server.received_sql
    before = len(received)
    actual = skymill.to_pyarrow(QUERIES[name](mill_tables).as_table())
    sent = received[before:]
    assert len(sent) == 1
    assert_round_trip(sent[0])
    assert actual.schema == expected.schema
    assert_same_rows(expected, actual, ordered=name in ORDERED)


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_is_rejected_before_sending(
    name: str, skymill, mill_tables: SimpleNamespace, skymill_server: MillServer
) -> None:
    before = list(skymill_server.received_sql)
    with pytest.raises(COMPILE_REJECTIONS):
        skymill.to_pyarrow(QUERIES[name](mill_tables).as_table())
    assert skymill_server.received_sql == before


def test_corpus_is_large_and_every_unsupported_entry_exists() -> None:
    assert len(QUERIES) >= 150
    assert set(UNSUPPORTED) <= set(QUERIES)
    assert ORDERED <= set(QUERIES)
