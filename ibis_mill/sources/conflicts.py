"""Settling table names produced by several readers (labels and ``conflicts`` rules).

For each raw table name R (in order of first appearance) with the readers that produced it:

1. R has an explicit rule: ``union`` -> one table ``R`` (labels ignored); ``reject`` -> an
   error when several readers produced R, else one table ``R`` (label not applied).
2. No rule, one reader: ``R_<label>`` when the reader has a label, else ``R``.
3. No rule, several readers, all labelled: one table ``R_<label>`` per reader.
4. No rule, several readers, some unlabelled: ``default: union`` -> one table ``R``;
   ``default: reject`` (the default) -> an error.

Files of the *same* reader mapping to one name are a multi-file table, never a conflict.
Final names that still collide (two readers with the same label, or a labelled name equal to
another table's name) are errors (upstream silently merges them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ibis_mill.sources.issues import Issue, Phase, Severity
from ibis_mill.sources.model import Conflicts, Reader, Strategy


@dataclass(frozen=True)
class Contribution:
    """The files one reader maps to one raw table name."""

    reader: int
    files: tuple[Path, ...]


@dataclass(frozen=True)
class NamedTable:
    """A final table: its name and the contributing readers' files, in reader order."""

    name: str
    contributions: tuple[Contribution, ...]


def settle(
    raw: Mapping[str, Sequence[Contribution]], readers: Sequence[Reader], conflicts: Conflicts
) -> tuple[list[NamedTable], list[Issue]]:
    """Name the tables. Errors are returned as issues (the tables involved are left out)."""
    tables: list[NamedTable] = []
    issues: list[Issue] = []

    def issue(severity: Severity, code: str, message: str, context: str) -> None:
        issues.append(Issue(severity, Phase.DEEP, code, message, context))

    for name, contributions in raw.items():
        indexes = [c.reader for c in contributions]
        who = ", ".join(f"readers[{i}] ({readers[i].type})" for i in indexes)
        rule = conflicts.rules.get(name)
        labels = [readers[i].label for i in indexes]
        if rule is Strategy.UNION:
            tables.append(NamedTable(name, tuple(contributions)))
            if len(contributions) > 1:
                issue(
                    Severity.INFO,
                    "conflict-union",
                    f"table '{name}' from {who} is one union table (explicit rule)",
                    f"conflicts.{name}",
                )
        elif rule is Strategy.REJECT and len(contributions) > 1:
            issue(
                Severity.ERROR,
                "conflict-rejected",
                f"table '{name}' is produced by {who} and "
                f"its rule is reject; use union, or give each reader a label and remove the "
                f"rule",
                f"conflicts.{name}",
            )
        elif rule is Strategy.REJECT or len(contributions) == 1:
            label = labels[0] if rule is None else None
            final = name if label is None else f"{name}_{label}"
            tables.append(NamedTable(final, tuple(contributions)))
        elif all(label is not None for label in labels):
            tables.extend(
                NamedTable(f"{name}_{readers[c.reader].label}", (c,)) for c in contributions
            )
            issue(
                Severity.INFO,
                "conflict-labels",
                f"table '{name}' from {who} is split by "
                "labels into " + ", ".join(f"'{name}_{label}'" for label in labels),
                f"tables.{name}",
            )
        elif conflicts.default is Strategy.UNION:
            tables.append(NamedTable(name, tuple(contributions)))
            issue(
                Severity.INFO,
                "conflict-union",
                f"table '{name}' from {who} is one union table (default: union)",
                f"tables.{name}",
            )
        else:
            unlabelled = ", ".join(f"readers[{i}]" for i in indexes if readers[i].label is None)
            issue(
                Severity.ERROR,
                "conflict-rejected",
                f"table '{name}' is produced by {who} and "
                f"conflicts default to reject; give {unlabelled} a label, or set "
                f"'conflicts: {{{name}: union}}' (or 'conflicts: union')",
                f"tables.{name}",
            )
    return _unique(tables, issues, readers), issues


def _unique(
    tables: list[NamedTable], issues: list[Issue], readers: Sequence[Reader]
) -> list[NamedTable]:
    by_name: dict[str, NamedTable] = {}
    duplicates: set[str] = set()
    for table in tables:
        first = by_name.setdefault(table.name, table)
        if first is table:
            continue
        duplicates.add(table.name)
        both = sorted({c.reader for c in first.contributions + table.contributions})
        labelled = [i for i in both if readers[i].label is not None]
        context = f"readers[{labelled[-1]}].label" if labelled else f"tables.{table.name}"
        message = (
            f"two tables are named '{table.name}' (from "
            + ", ".join(f"readers[{i}]" for i in both)
            + "); give the readers distinct labels"
        )
        issues.append(Issue(Severity.ERROR, Phase.DEEP, "duplicate-table", message, context))
    return [table for table in by_name.values() if table.name not in duplicates]
