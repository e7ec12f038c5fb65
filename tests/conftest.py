"""Shared test configuration: where the optional external resources are, and why tests skip.

Tests that need ``../shared/datasets``, Java or the Calcite jar skip with a reason when
those are missing (a user's clone has no ``../shared``). CI sets
``IBIS_MILL_REQUIRE_RESOURCES=1``: every skip then fails the test instead, except the
tests meant only for a real Mill server (their reason names ``MILL_IT_HOST``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"

_REQUIRE = os.environ.get("IBIS_MILL_REQUIRE_RESOURCES") == "1"
_ALLOWED_SKIP = "MILL_IT_HOST"


def datasets_dir() -> Path:
    """Return ``../shared/datasets`` or skip the calling test with the reason."""
    if not DATASETS.is_dir():
        pytest.skip(f"needs the shared datasets at {DATASETS} (present in CI, absent in a user's clone)")
    return DATASETS


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The shared test datasets folder (skips when absent)."""
    return datasets_dir()


@pytest.fixture(scope="session")
def skymill_parquet(datasets: Path) -> Path:
    """The folder of the skymill Parquet files (skips without the shared datasets)."""
    return datasets / "skymill" / "parquet"


@pytest.fixture(scope="session")
def skymill_duckdb(skymill_parquet: Path) -> Iterator[SimpleNamespace]:
    """The skymill tables on ``ibis.duckdb``, read from the same Parquet files."""
    from backend.differential import skymill_on_duckdb

    with skymill_on_duckdb(skymill_parquet) as tables:
        yield tables


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under IBIS_MILL_REQUIRE_RESOURCES=1, turn a resource skip into a failure."""
    outcome = yield
    report = outcome.get_result()
    if not (_REQUIRE and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if _ALLOWED_SKIP in reason:
        return
    report.outcome = "failed"
    report.longrepr = f"skipped, but IBIS_MILL_REQUIRE_RESOURCES=1 requires it to run: {reason}"
