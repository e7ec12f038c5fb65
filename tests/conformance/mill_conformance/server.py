"""The Mill server the conformance run queries: ibis's test tables on the Calcite engine.

One server per process (an xdist worker is a process), started on first use, serving the
five tables of ``../shared/datasets/ibis-testing/parquet`` and the small ``win`` and
``topk`` tables that ibis's suite defines in :mod:`ibis.backends.tests.data`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from mill_client.server import MillServer

#: ``../shared/datasets/ibis-testing/parquet``, beside the repository.
DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "ibis-testing"
PARQUET_DIR = DATA_DIR / "parquet"

#: The Mill schema (ibis database) the tables are served in.
SCHEMA = "ibis_testing"

_lock = threading.Lock()
_server: MillServer | None = None


def missing_data_reason() -> str | None:
    """Why the test tables cannot be served here, or None when they can."""
    from ibis.backends.conftest import TEST_TABLES

    from ibis_mill.engines.calcite import calcite_available

    missing = [name for name in TEST_TABLES if not (PARQUET_DIR / f"{name}.parquet").is_file()]
    if missing:
        return (
            f"needs ibis's test tables ({', '.join(missing)}) in {PARQUET_DIR} "
            "(../shared/datasets, present in CI, absent in a user's clone)"
        )
    return calcite_available()


def _tables() -> dict[str, pa.Table]:
    """The served tables, with the column types ibis's suite declares for them."""
    from ibis.backends.conftest import TEST_TABLES
    from ibis.backends.tests.data import topk, win

    tables = {
        name: pq.read_table(PARQUET_DIR / f"{name}.parquet").cast(schema.to_pyarrow())
        for name, schema in TEST_TABLES.items()
    }
    tables["win"] = pa.Table.from_pandas(win, preserve_index=False)
    tables["topk"] = topk
    return tables


def server() -> MillServer:
    """The process's running server (started on the first call).

    Raises:
        ibis_mill.engines.calcite.CalciteUnavailableError: Java, JPype or the jar is missing.
    """
    global _server
    with _lock:
        if _server is None:
            from ibis_mill.engines.calcite import CalciteEngine

            _server = MillServer(CalciteEngine({SCHEMA: _tables()})).start()
        return _server


def queries_received() -> int:
    """How many SQL queries the server has received (0 before it is started)."""
    with _lock:
        return 0 if _server is None else len(_server.received_sql)


def stop() -> None:
    """Stop the server if it was started."""
    global _server
    with _lock:
        if _server is not None:
            _server.stop()
            _server = None
