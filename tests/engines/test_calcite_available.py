"""``calcite_available`` names what is missing and how to install it (no Java needed)."""

from __future__ import annotations

import importlib.util

from ibis_mill.engines import _calcite_jvm
from ibis_mill.engines.calcite import calcite_available

HINT = (
    "Install the Calcite engine's dependencies with `pip install jpype1` and "
    "`pip install --no-deps dask-sql==2022.8.0` (its wheel carries the Calcite jar), and a "
    "Java 17 runtime (e.g. `apt-get install openjdk-17-jre-headless`)."
)


def test_missing_jpype_is_named(monkeypatch):
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "jpype" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert calcite_available() == f"JPype is not installed. {HINT}"


def test_missing_jar_is_named(monkeypatch):
    monkeypatch.setattr(_calcite_jvm, "_find_jar", lambda: None)
    assert calcite_available() == (
        f"The Calcite jar (dask_sql/jar/DaskSQL.jar) is not installed. {HINT}"
    )
