"""A Python client for Mill, the Apache Calcite SQL data service, over gRPC or HTTP.

>>> import mill_client
>>> with mill_client.connect("grpc://localhost:9090") as client:  # doctest: +SKIP
...     table = client.query("SELECT `id` FROM `skymill`.`cities`").read_all()

Results arrive as Arrow record batches (:class:`QueryResult`). Every failure is a
:class:`MillError`. Submodules are imported on first use, so ``import mill_client.errors``
or ``mill_client.server`` does not load the client's transports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mill_client.auth import BasicAuth, BearerToken
    from mill_client.client import MillClient, connect
    from mill_client.errors import (
        MillAuthError,
        MillConnectionError,
        MillError,
        MillProtocolError,
        MillQueryError,
        MillTimeoutError,
    )
    from mill_client.result import QueryResult

__version__ = "0.1.0"

_EXPORTS = {
    "connect": "mill_client.client",
    "MillClient": "mill_client.client",
    "QueryResult": "mill_client.result",
    "BasicAuth": "mill_client.auth",
    "BearerToken": "mill_client.auth",
    "MillError": "mill_client.errors",
    "MillConnectionError": "mill_client.errors",
    "MillTimeoutError": "mill_client.errors",
    "MillAuthError": "mill_client.errors",
    "MillQueryError": "mill_client.errors",
    "MillProtocolError": "mill_client.errors",
}

__all__ = [
    "BasicAuth",
    "BearerToken",
    "MillAuthError",
    "MillClient",
    "MillConnectionError",
    "MillError",
    "MillProtocolError",
    "MillQueryError",
    "MillTimeoutError",
    "QueryResult",
    "__version__",
    "connect",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mill_client' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
