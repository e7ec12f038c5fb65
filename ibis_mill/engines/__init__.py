"""Engines that run Mill's Calcite SQL behind :class:`mill_client.server.MillServer`.

- :class:`ibis_mill.engines.duckdb.DuckDBEngine`: SQL parsed with our dialect, transpiled and
  run on DuckDB (fast, pip-only; for demos, benchmarks and quick tests).
- :class:`ibis_mill.engines.calcite.CalciteEngine`: real Apache Calcite through JPype (needs
  Java and the Calcite jar; for fidelity).

Both serve tables from source descriptors or Arrow tables. The engine modules are imported
only when asked for, so choosing one never loads the other's dependencies.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from mill_client.server.engine import Engine

__all__ = ["ENGINES", "engine_from_descriptors"]

#: The engine names :func:`engine_from_descriptors` (and ``python -m ibis_mill serve``) accept.
ENGINES = ("duckdb", "calcite")


def engine_from_descriptors(
    kind: Literal["duckdb", "calcite"], descriptors: Sequence[str | os.PathLike[str]]
) -> Engine:
    """Resolve source descriptor files and serve their tables on an engine.

    Each descriptor becomes one schema, named by the descriptor's ``name``.

    Args:
        kind: ``"duckdb"`` or ``"calcite"``.
        descriptors: Paths of descriptor YAML files.

    Returns:
        The engine, ready for :class:`mill_client.server.MillServer`.

    Raises:
        ValueError: ``kind`` is unknown, or two descriptors have the same name.
        ibis_mill.sources.SourceError: A descriptor is invalid or its files cannot be read.
        ibis_mill.engines.calcite.CalciteUnavailableError: Java or the Calcite jar is missing.
    """
    from ibis_mill.sources import resolve

    if kind not in ENGINES:
        raise ValueError(f"Unknown engine {kind!r}; choose one of {', '.join(ENGINES)}.")
    sources = [resolve(path) for path in descriptors]
    if kind == "duckdb":
        from ibis_mill.engines.duckdb import DuckDBEngine

        return DuckDBEngine.from_sources(sources)
    from ibis_mill.engines.calcite import CalciteEngine

    names = [source.name for source in sources]
    if len(set(names)) != len(names):
        raise ValueError(f"Two source descriptors have the same name: {names}.")
    engine = CalciteEngine()
    for source in sources:
        engine.add_schema(source.name)
        for table in source:
            engine.add_table(source.name, table.name, table.to_arrow, arrow_schema=table.schema)
    return engine
