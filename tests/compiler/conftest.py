"""Fixtures for the compiler tests: real Calcite as a validator, and a frozen compile clock."""

from __future__ import annotations

import datetime

import pytest
from calcite_validator import CalciteValidator, unavailable_reason
from cases import CUSTOMERS_SCHEMA, ORDERS_SCHEMA

import ibis_mill.compiler

#: The instant ``ibis.now()`` compiles to in these tests.
FROZEN_NOW = datetime.datetime(2024, 5, 6, 7, 8, 9, 123000)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Make ``ibis.now()``/``ibis.today()`` compile to :data:`FROZEN_NOW`."""
    monkeypatch.setattr(ibis_mill.compiler, "_utcnow", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture(scope="session")
def calcite() -> CalciteValidator:
    """Calcite 1.29 configured like Mill's parser, with the ``shop`` tables of the cases."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"Calcite validation {reason}")
    import ibis

    return CalciteValidator(
        {
            ("shop", "orders"): ibis.schema(ORDERS_SCHEMA),
            ("shop", "customers"): ibis.schema(CUSTOMERS_SCHEMA),
        }
    )
