"""Shared test configuration: where the optional external resources are, and why tests skip."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"


def datasets_dir() -> Path:
    """Return ``../shared/datasets`` or skip the calling test with the reason."""
    if not DATASETS.is_dir():
        pytest.skip(f"needs the shared datasets at {DATASETS} (present in CI, absent in a user's clone)")
    return DATASETS


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The shared test datasets folder (skips when absent)."""
    return datasets_dir()
