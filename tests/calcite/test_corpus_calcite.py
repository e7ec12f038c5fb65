"""The skymill corpus through a Mill wire server on the Calcite engine (real Apache Calcite with
Mill's parser settings and Mill's Substrait gate), compared with ``ibis.duckdb`` over the same
Parquet files.

Every corpus expression either returns what ``ibis.duckdb`` returns, or is in the corpus's
compile-time ``UNSUPPORTED`` list (rejected with no SQL sent), or is one of the few
:data:`CALCITE_KNOWN_DIFFERENCES`, where Calcite's semantics differ from DuckDB's and ibis does
not prescribe either: those must return exactly Calcite's answer, computed independently on
DuckDB. SQL that the Calcite engine refuses fails the test; nothing here is skipped for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pytest
from backend.corpus import COMPILE_REJECTIONS, ORDERED, QUERIES, UNSUPPORTED
from backend.differential import assert_same_rows, duckdb_answer, rows, sort_key

from mill_client.errors import MillQueryError
from mill_client.server import MillServer

pytestmark = [pytest.mark.calcite, pytest.mark.datasets]


@dataclass(frozen=True)
class KnownDifference:
    """A corpus query whose Calcite answer differs from DuckDB's, and why.

    Attributes:
        reason: The semantic difference between the engines.
        calcite_answer: Builds, from the corpus's table namespace, an expression that computes
            Calcite's answer on DuckDB (column names aside).
    """

    reason: str
    calcite_answer: Callable[[Any], ir.Expr]


def _truncated(x: ir.FloatingValue) -> ir.IntegerValue:
    """``x`` truncated toward zero, as an integer."""
    return ibis.ifelse(x >= 0, x.floor(), x.ceil())


#: Corpus queries whose result on Calcite differs from DuckDB's because the engines' semantics
#: differ where ibis leaves the choice to the backend; the compiler keeps Calcite's.
CALCITE_KNOWN_DIFFERENCES: dict[str, KnownDifference] = {
    "q_cast_float_to_int": KnownDifference(
        reason=(
            "CAST(DOUBLE AS BIGINT) truncates toward zero on Calcite (Java's rule) and rounds "
            "half to even on DuckDB; ibis does not define float-to-integer casts"
        ),
        calcite_answer=lambda t: t.ticket_prices.select(
            "booking_id", n=_truncated(t.ticket_prices.total_price)
        ),
    ),
    "q_approx_nunique": KnownDifference(
        reason=(
            "APPROX_COUNT_DISTINCT is exact on Calcite's enumerable engine; DuckDB's "
            "HyperLogLog estimate is a few off"
        ),
        calcite_answer=lambda t: t.bookings.flight_instance_id.nunique(),
    ),
}

SUPPORTED = [
    name for name in QUERIES if name not in UNSUPPORTED and name not in CALCITE_KNOWN_DIFFERENCES
]

#: A few queries also checked over HTTP with protobuf bodies (paging, another decoder path).
HTTP_SPOT_CHECK = (
    "q_select_all",
    "q_window_percent_rank",
    "q_date_delta_days",
    "q_timestamp_parts",
    "q_revenue_per_route",
)


def run_on_calcite(
    con: ibis.BaseBackend, tables: SimpleNamespace, server: MillServer, name: str
) -> pa.Table:
    """Run corpus query ``name``: exactly one SQL text must reach the server, and run.

    A query the engine refuses fails the calling test, showing the engine's message and SQL.
    """
    received = server.received_sql
    before = len(received)
    try:
        result = con.to_pyarrow(QUERIES[name](tables).as_table())
    except MillQueryError as exc:
        sent = "\n".join(received[before:]) or "(no SQL was sent)"
        pytest.fail(f"{name} failed on the Calcite engine: {exc.message}\nSQL sent: {sent}")
    assert len(received) - before == 1
    return result


@pytest.mark.parametrize("name", SUPPORTED)
def test_same_result_as_duckdb(
    name: str,
    calcite_grpc: ibis.BaseBackend,
    grpc_tables: SimpleNamespace,
    calcite_server: MillServer,
    skymill_duckdb: SimpleNamespace,
) -> None:
    expected = duckdb_answer(name, skymill_duckdb)
    actual = run_on_calcite(calcite_grpc, grpc_tables, calcite_server, name)
    assert actual.schema == expected.schema
    assert_same_rows(expected, actual, ordered=name in ORDERED)


@pytest.mark.parametrize("name", HTTP_SPOT_CHECK)
def test_same_result_as_duckdb_over_http_protobuf(
    name: str,
    calcite_http_protobuf: ibis.BaseBackend,
    calcite_server: MillServer,
    skymill_duckdb: SimpleNamespace,
) -> None:
    expected = duckdb_answer(name, skymill_duckdb)
    tables = SimpleNamespace(
        **{n: calcite_http_protobuf.table(n, database="skymill") for n in vars(skymill_duckdb)}
    )
    actual = run_on_calcite(calcite_http_protobuf, tables, calcite_server, name)
    assert actual.schema == expected.schema
    assert_same_rows(expected, actual, ordered=name in ORDERED)


@pytest.mark.parametrize("name", sorted(CALCITE_KNOWN_DIFFERENCES))
def test_known_difference_gives_exactly_calcites_answer(
    name: str,
    calcite_grpc: ibis.BaseBackend,
    grpc_tables: SimpleNamespace,
    calcite_server: MillServer,
    skymill_duckdb: SimpleNamespace,
) -> None:
    duckdb_result = duckdb_answer(name, skymill_duckdb)
    answer = CALCITE_KNOWN_DIFFERENCES[name].calcite_answer(skymill_duckdb).as_table()
    calcite_result = answer.to_pyarrow().rename_columns(duckdb_result.column_names)
    actual = run_on_calcite(calcite_grpc, grpc_tables, calcite_server, name)
    assert actual.schema == duckdb_result.schema
    assert actual.num_rows > 0
    assert sorted(rows(actual), key=sort_key) == sorted(rows(calcite_result), key=sort_key)
    # The difference is real: were it gone, the query belongs with the others.
    assert sorted(rows(actual), key=sort_key) != sorted(rows(duckdb_result), key=sort_key)


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_is_rejected_before_sending(
    name: str,
    calcite_grpc: ibis.BaseBackend,
    grpc_tables: SimpleNamespace,
    calcite_server: MillServer,
) -> None:
    before = list(calcite_server.received_sql)
    with pytest.raises(COMPILE_REJECTIONS):
        calcite_grpc.to_pyarrow(QUERIES[name](grpc_tables).as_table())
    assert calcite_server.received_sql == before


def test_every_corpus_query_has_exactly_one_verdict() -> None:
    assert set(CALCITE_KNOWN_DIFFERENCES) <= set(QUERIES)
    assert not set(CALCITE_KNOWN_DIFFERENCES) & set(UNSUPPORTED)
    assert len(SUPPORTED) + len(UNSUPPORTED) + len(CALCITE_KNOWN_DIFFERENCES) == len(QUERIES)
    assert set(HTTP_SPOT_CHECK) <= set(SUPPORTED)
