"""Fixtures for the Calcite-engine tests: the skymill corpus served by a Mill wire server on
the Calcite engine, once per test process (planning costs 50-300 ms per query, the JVM a
second), and the same tables on ``ibis.duckdb`` for the answers to compare with.

Tests skip with the reason when Java, JPype, the Calcite jar or the shared datasets are
missing (and fail instead under ``IBIS_MILL_REQUIRE_RESOURCES=1``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import ibis
import pyarrow.parquet as pq
import pytest
from backend.corpus import TABLES
from backend.differential import skymill_on_mill

from ibis_mill.engines.calcite import CalciteEngine, calcite_available
from mill_client.server import MillServer


@pytest.fixture(scope="session")
def calcite_server(skymill_parquet: Path) -> Iterator[MillServer]:
    """A Mill server on the Calcite engine serving the 17 skymill tables as ``skymill``."""
    reason = calcite_available()
    if reason is not None:
        pytest.skip(f"needs Java and the Calcite jar: {reason}")
    engine = CalciteEngine(
        {"skymill": {name: pq.read_table(skymill_parquet / f"{name}.parquet") for name in TABLES}}
    )
    with MillServer(engine) as server:
        yield server


@pytest.fixture(scope="session")
def calcite_grpc(calcite_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """An ``ibis.mill`` connection to ``calcite_server`` over gRPC."""
    con = ibis.mill.connect(calcite_server.grpc_url)
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def calcite_http_protobuf(calcite_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """An ``ibis.mill`` connection to ``calcite_server`` over HTTP with protobuf bodies."""
    con = ibis.mill.connect(calcite_server.http_url, encoding="protobuf")
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def grpc_tables(calcite_grpc: ibis.BaseBackend) -> SimpleNamespace:
    """The skymill tables of ``calcite_grpc``."""
    return skymill_on_mill(calcite_grpc)
