"""The manifest of expected failures: one line per test id, with a category and a reason.

Each line reads ``<test id> | <category> | <reason>``; blank lines and lines starting with
``#`` are ignored. The test id is the pytest node id below ``ibis/backends/tests/``, e.g.
``test_numeric.py::test_isnan_isinf[mill-isnan]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CATEGORIES", "ExpectedFailure", "ManifestError", "read_manifest"]

#: Why a test is expected to fail.
CATEGORIES = {
    "calcite": "Calcite or Mill cannot do it",
    "mill-wire": "the Mill protocol cannot carry it",
    "todo": "not done yet",
}

_SEPARATOR = " | "


class ManifestError(ValueError):
    """A manifest line is malformed, has an unknown category or repeats a test id."""


@dataclass(frozen=True)
class ExpectedFailure:
    """One manifest entry."""

    test_id: str
    category: str
    reason: str
    line: int


def read_manifest(path: Path) -> dict[str, ExpectedFailure]:
    """Read a manifest file into ``{test id: entry}``.

    Raises:
        ManifestError: A line is not ``<test id> | <category> | <reason>``, names an unknown
            category, has an empty reason or repeats a test id (the message names the line).
    """
    entries: dict[str, ExpectedFailure] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(_SEPARATOR, 2)]
        where = f"{path.name}:{number}"
        if len(parts) != 3 or not all(parts):
            raise ManifestError(
                f"{where}: expected '<test id> | <category> | <reason>', got {line!r}"
            )
        test_id, category, reason = parts
        if category not in CATEGORIES:
            raise ManifestError(
                f"{where}: unknown category {category!r}; use one of {', '.join(CATEGORIES)}"
            )
        if test_id in entries:
            raise ManifestError(
                f"{where}: {test_id} is already listed on line {entries[test_id].line}"
            )
        entries[test_id] = ExpectedFailure(test_id, category, reason, number)
    return entries
