"""Fixtures that replace ibis's own for the conformance run.

- ``data_dir``: ibis's root ``conftest.py`` defines it as ``<site-packages>/ci/ibis-testing-data``.
  Ours is a temporary folder laid out like ibis's testing data: ``parquet/`` links to
  ``../shared/datasets/ibis-testing/parquet``, and ``csv/`` holds the two CSV files ibis's
  file-reading tests read (``diamonds.csv``, ``functional_alltypes.csv``), written here from
  those Parquet tables because the shared copy has no ``csv/`` folder. Since pytest 9 a conftest's fixtures belong to its directory's node, which a plugin's fixture
  cannot override, so :func:`install` puts ours in that module under the same name before
  pytest imports it as a conftest.
- ``snapshot``: pytest-snapshot keeps snapshots beside the test module, in site-packages, where
  ibis has none for ``mill``. Ours keeps them in ``tests/conformance/snapshots`` (same layout:
  ``<module>/<test>/<parameters>/``). :func:`install` registers this module as a plugin when the
  session starts, after pytest-snapshot, so this definition wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mill_conformance.server import DATA_DIR

#: Where the SQL snapshots of ibis's suite for ``mill`` are kept.
SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


#: The CSV files of ibis's testing data that its suite reads, made from the Parquet tables.
CSV_TABLES = ("diamonds", "functional_alltypes")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ibis's test data folder: ``parquet/`` from ``../shared``, ``csv/`` written from it."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("ibis-testing-data")
    (root / "parquet").symlink_to(DATA_DIR / "parquet", target_is_directory=True)
    (root / "csv").mkdir()
    for name in CSV_TABLES:
        table = pq.read_table(DATA_DIR / "parquet" / f"{name}.parquet")
        pcsv.write_csv(table, root / "csv" / f"{name}.csv")
    return root


@pytest.fixture
def snapshot(snapshot: Any, request: pytest.FixtureRequest) -> Any:
    """pytest-snapshot's ``snapshot``, reading and writing in ``tests/conformance/snapshots``."""
    beside_the_test = Path(request.node.path).parent / "snapshots"
    snapshot.snapshot_dir = SNAPSHOTS / Path(snapshot.snapshot_dir).relative_to(beside_the_test)
    return snapshot


def install_data_dir() -> None:
    """Replace ``ibis.conftest.data_dir`` (call before pytest collects ibis's suite)."""
    import ibis.conftest

    ibis.conftest.data_dir = data_dir
