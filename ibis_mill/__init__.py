"""ibis on Mill: the ``ibis.mill`` backend, its Calcite dialect and compiler, sources, engines.

``ibis.mill`` is registered through the ``ibis.backends`` entry point, which loads
:class:`Backend` from this package. The backend (and with it ibis, the compiler and the
wire client) is imported on first access, so ``import ibis_mill.dialect`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ibis_mill.backend import Backend, MillReadOnlyError

__all__ = ["Backend", "MillReadOnlyError"]

_LAZY = {"Backend": "ibis_mill.backend", "MillReadOnlyError": "ibis_mill.backend"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ibis_mill' has no attribute {name!r}")
