"""Fixtures for the backend tests: Mill wire servers on the DuckDB engine, and connections.

Two servers run in-process on free loopback ports for the whole session:

- ``shop_server`` serves small Arrow tables written here (always available), in schemas
  ``shop`` and ``archive`` plus an empty ``metadata`` schema like Calcite's;
- ``skymill_server`` serves the 17 skymill Parquet tables from ``../shared/datasets`` (tests
  using it skip when the datasets are absent).

Connections are parametrised over the three ways to reach a server: gRPC, HTTP with JSON
bodies and HTTP with protobuf bodies.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from ibis_mill.engines.duckdb import DuckDBEngine
from mill_client.server import MillServer

from .corpus import TABLES

#: Ways to reach a server: name -> (which URL, extra connect keywords).
TRANSPORTS = {
    "grpc": ("grpc_url", {}),
    "http-json": ("http_url", {"encoding": "json"}),
    "http-protobuf": ("http_url", {"encoding": "protobuf"}),
}


def shop_tables() -> dict[str, dict[str, pa.Table]]:
    """The small dataset served by ``shop_server``: one column per interesting type."""
    orders = pa.table(
        {
            "id": pa.array([1, 2, 3, 4, 5], pa.int64()),
            "customer_id": pa.array([10, 10, 20, 30, None], pa.int32()),
            "status": pa.array(["shipped", "delivered", "shipped", None, "cancelled"]),
            "quantity": pa.array([1, 2, 3, 4, 5], pa.int16()),
            "priority": pa.array([1, 0, 1, 0, 1], pa.int8()),
            "amount": pa.array([10.5, 20.25, None, 7.0, 1.125], pa.float64()),
            "weight": pa.array([1.5, 2.5, 3.5, 4.5, 5.5], pa.float32()),
            "price": pa.array(
                [decimal.Decimal(v) for v in ("10.50", "20.25", "3.00", "7.00", "1.13")],
                pa.decimal128(10, 2),
            ),
            "paid": pa.array([True, False, True, None, False]),
            "ordered_on": pa.array(
                [datetime.date(2026, 1, d) for d in (1, 2, 3, 4, 5)], pa.date32()
            ),
            "ordered_at": pa.array(
                [datetime.datetime(2026, 1, d, 12, 30, 15, 250_000) for d in (1, 2, 3, 4, 5)],
                pa.timestamp("us"),
            ),
        }
    )
    customers = pa.table(
        {
            "id": pa.array([10, 20, 30], pa.int32()),
            "name": ["Ada", "Grace", "Linus"],
            "city": ["Zurich", "Basel", "Zurich"],
        }
    )
    old_orders = pa.table({"id": pa.array([100, 101], pa.int64()), "note": ["a", "b"]})
    return {
        "shop": {"orders": orders, "customers": customers},
        "archive": {"old_orders": old_orders},
        "metadata": {},
    }


@pytest.fixture(scope="session")
def shop_server() -> Iterator[MillServer]:
    """A Mill server on the DuckDB engine serving :func:`shop_tables`."""
    engine = DuckDBEngine(shop_tables())
    with MillServer(engine) as server:
        yield server
    engine.close()


def _connect(server: MillServer, transport: str, **kwargs: object) -> ibis.BaseBackend:
    url_attribute, options = TRANSPORTS[transport]
    return ibis.mill.connect(getattr(server, url_attribute), **options, **kwargs)


@pytest.fixture(scope="session", params=list(TRANSPORTS))
def shop(request: pytest.FixtureRequest, shop_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """An ``ibis.mill`` connection to ``shop_server``, once per transport."""
    con = _connect(shop_server, request.param, database="shop")
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def shop_grpc(shop_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """An ``ibis.mill`` connection to ``shop_server`` over gRPC only."""
    con = _connect(shop_server, "grpc", database="shop")
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def skymill_server(skymill_parquet: Path) -> Iterator[MillServer]:
    """A Mill server on the DuckDB engine serving the skymill Parquet files as ``skymill``."""
    engine = DuckDBEngine(
        {"skymill": {name: skymill_parquet / f"{name}.parquet" for name in TABLES}}
    )
    with MillServer(engine) as server:
        yield server
    engine.close()


@pytest.fixture(scope="session", params=list(TRANSPORTS))
def skymill(
    request: pytest.FixtureRequest, skymill_server: MillServer
) -> Iterator[ibis.BaseBackend]:
    """An ``ibis.mill`` connection to ``skymill_server``, once per transport."""
    con = _connect(skymill_server, request.param)
    yield con
    con.disconnect()
