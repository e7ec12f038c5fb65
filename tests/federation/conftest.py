"""Fixtures for side-by-side tests: Mill servers, local sources, and reference backends.

- ``shop_server``: a Mill server (DuckDB engine, in-process) with small Arrow tables in schema
  ``shop``; ``crm_descriptor``: a local CSV source (``crm``) written in a temporary folder,
  whose customers match the shop's orders. Always available. ``calcite_shop``: the same
  tables on the Calcite engine (skips without Java and the Calcite jar).
- ``skymill_server``: the skymill Parquet tables served as schema ``skymill``; ``skymill``: a
  connection to it with two local sources over the same data, ``sky_csv`` (the ``;``
  separated CSV files, types inferred) and ``sky_xlsx`` (the Excel workbooks, types
  inferred); ``skymill_reference``: the Parquet tables on ``ibis.duckdb``. These skip without
  the shared datasets.
"""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import ibis
import pyarrow as pa
import pytest

from backend.corpus import TABLES
from ibis_mill.engines.duckdb import DuckDBEngine
from mill_client.server import MillServer

#: The local customers, as CSV: ids 10..50 (the shop's orders reference 10, 20, 30, 60).
CUSTOMERS_CSV = """\
id,name,city,tier
10,Ada,Zurich,gold
20,Grace,Basel,silver
30,Linus,Zurich,
40,Barbara,Bern,gold
50,Edsger,Basel,silver
"""
REGIONS_CSV = """\
city,region
Zurich,north
Basel,north
Bern,west
"""


def shop_tables() -> dict[str, pa.Table]:
    """The remote tables of ``shop_server`` (schema ``shop``)."""
    orders = pa.table(
        {
            "id": pa.array([1, 2, 3, 4, 5, 6, 7], pa.int64()),
            "customer_id": pa.array([10, 10, 20, 30, 60, None, 20], pa.int64()),
            "status": ["shipped", "delivered", "shipped", None, "cancelled", "shipped", "open"],
            "amount": pa.array([10.5, 20.25, 3.0, 7.0, 1.125, 2.0, 8.5], pa.float64()),
            "ordered_on": pa.array(
                [datetime.date(2026, 1, d) for d in (1, 2, 3, 4, 5, 6, 7)], pa.date32()
            ),
        }
    )
    returns = pa.table(
        {"order_id": pa.array([2, 3, 9], pa.int64()), "reason": ["damaged", "late", "lost"]}
    )
    return {"orders": orders, "returns": returns}


def crm_yaml(root: Path) -> str:
    """The descriptor of the local source ``crm`` over CSV files in ``root``."""
    return textwrap.dedent(
        f"""\
        name: crm
        storage: {{type: local, rootPath: '{root.as_posix()}'}}
        readers:
          - type: csv
            format: {{inferSchema: true}}
            table:
              mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.csv$'}}
        """
    )


@pytest.fixture(scope="session")
def crm_descriptor(tmp_path_factory: pytest.TempPathFactory) -> str:
    """YAML text of the ``crm`` source: tables ``customers`` and ``regions``."""
    root = tmp_path_factory.mktemp("crm")
    (root / "customers.csv").write_text(CUSTOMERS_CSV)
    (root / "regions.csv").write_text(REGIONS_CSV)
    return crm_yaml(root)


@pytest.fixture(scope="session")
def shop_server() -> Iterator[MillServer]:
    """A Mill server on the DuckDB engine serving :func:`shop_tables` as ``shop``."""
    engine = DuckDBEngine({"shop": shop_tables()})
    with MillServer(engine) as server:
        yield server
    engine.close()


@pytest.fixture(scope="session")
def shop(shop_server: MillServer, crm_descriptor: str) -> Iterator[ibis.BaseBackend]:
    """``ibis.mill`` on ``shop_server`` with the local source ``crm`` registered."""
    con = ibis.mill.connect(shop_server.grpc_url, sources=[crm_descriptor])
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def calcite_shop(crm_descriptor: str) -> Iterator[tuple[MillServer, ibis.BaseBackend]]:
    """``shop_tables`` served on the Calcite engine, and an ``ibis.mill`` connection to it
    with ``crm`` registered (skips without Java and the Calcite jar)."""
    from ibis_mill.engines.calcite import CalciteEngine, calcite_available

    if (reason := calcite_available()) is not None:
        pytest.skip(f"needs Java and the Calcite jar: {reason}")
    with MillServer(CalciteEngine({"shop": shop_tables()})) as server:
        con = ibis.mill.connect(server.grpc_url, sources=[crm_descriptor])
        yield server, con
        con.disconnect()


@pytest.fixture(scope="session")
def shop_reference(crm_descriptor: str) -> Iterator[SimpleNamespace]:
    """The same tables on ``ibis.duckdb``: ``orders``, ``returns``, ``customers``, ``regions``."""
    from ibis_mill.sources import resolve

    con = ibis.duckdb.connect()
    tables = {name: con.create_table(name, data) for name, data in shop_tables().items()}
    for table in resolve(crm_descriptor):
        tables[table.name] = con.create_table(table.name, table.to_arrow())
    yield SimpleNamespace(**tables)
    con.disconnect()


@pytest.fixture(scope="session")
def skymill_dir(datasets: Path) -> Path:
    """The skymill folder of the shared datasets (skips when absent)."""
    return datasets / "skymill"


@pytest.fixture(scope="session")
def skymill_server(skymill_dir: Path) -> Iterator[MillServer]:
    """A Mill server on the DuckDB engine serving the skymill Parquet files as ``skymill``."""
    parquet = skymill_dir / "parquet"
    engine = DuckDBEngine(
        {"skymill": {name: parquet / f"{name}.parquet" for name in TABLES}}
    )
    with MillServer(engine) as server:
        yield server
    engine.close()


def skymill_descriptor(name: str, folder: Path, reader: str, fmt: dict[str, object]) -> dict:
    """A descriptor mapping every file of ``folder`` to a table named like the file."""
    return {
        "name": name,
        "storage": {"type": "local", "rootPath": str(folder)},
        "readers": [
            {
                "type": reader,
                "format": fmt,
                "table": {"mapping": {"type": "regex", "pattern": r"(?<table>[^/.]+)\.[a-z]+$"}},
            }
        ],
    }


@pytest.fixture(scope="session")
def skymill(skymill_server: MillServer, skymill_dir: Path) -> Iterator[ibis.BaseBackend]:
    """``ibis.mill`` on ``skymill_server``, with local sources ``sky_csv`` and ``sky_xlsx``."""
    csv = skymill_descriptor(
        "sky_csv", skymill_dir / "csv", "csv", {"delimiter": ";", "inferSchema": True}
    )
    xlsx = skymill_descriptor("sky_xlsx", skymill_dir / "xlsx", "excel", {"inferSchema": True})
    con = ibis.mill.connect(skymill_server.grpc_url, sources=[csv, xlsx])
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def skymill_reference(skymill_dir: Path) -> Iterator[ibis.BaseBackend]:
    """The skymill Parquet tables on ``ibis.duckdb``."""
    con = ibis.duckdb.connect()
    for name in TABLES:
        con.read_parquet(skymill_dir / "parquet" / f"{name}.parquet", table_name=name)
    yield con
    con.disconnect()
