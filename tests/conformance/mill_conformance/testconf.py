"""``TestConf`` for ibis's shared backend suite: how it reaches ``ibis.mill``.

The plugin registers this module as ``ibis.backends.mill.tests.conftest``, where the suite
looks up each backend's ``TestConf``. Connections go through the wire (gRPC) to the
process's in-process Mill server on the Calcite engine (:mod:`.server`), which already serves
the data, so nothing is loaded through the connection (Mill is read-only anyway).
"""

from __future__ import annotations

from typing import Any

import ibis
import pytest
from ibis.backends.tests.base import BackendTest

from mill_conformance import server


class TestConf(BackendTest):
    """ibis's test configuration for the ``mill`` backend."""

    # Mill returns every TIMESTAMP with millisecond precision.
    returned_timestamp_unit = "ms"
    supports_arrays = False
    supports_structs = False
    supports_json = False
    supports_map = False
    # The data is served by the process's own server: nothing to share between workers.
    stateful = False
    deps = ("jpype",)

    @classmethod
    def name(cls) -> str:
        """The backend name (ibis derives it from the module path, which is not ibis's)."""
        return "mill"

    @staticmethod
    def format_table(name: str) -> str:
        """A table name as raw SQL must spell it: quoted (Calcite folds unquoted names up)."""
        return f"`{name}`"

    @staticmethod
    def connect(*, tmpdir: Any, worker_id: str, **kw: Any) -> ibis.BaseBackend:
        """Connect ``ibis.mill`` over gRPC to the process's server (skips without data)."""
        reason = server.missing_data_reason()
        if reason is not None:
            pytest.skip(reason)
        return ibis.mill.connect(server.server().grpc_url, database=server.SCHEMA, **kw)

    def _load_data(self, **_: Any) -> None:
        """Nothing to load: the server serves the tables from the Parquet files."""
