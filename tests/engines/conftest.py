"""Fixtures for the engine tests: the Calcite engine class, or a skip saying what is missing."""

from __future__ import annotations

import pytest

from ibis_mill.engines.calcite import CalciteEngine, calcite_available


@pytest.fixture(scope="session")
def calcite_engine() -> type[CalciteEngine]:
    """The Calcite engine class, once Java, JPype and the Calcite jar are known to be there."""
    reason = calcite_available()
    if reason is not None:
        pytest.skip(f"needs Java and the Calcite jar: {reason}")
    return CalciteEngine
