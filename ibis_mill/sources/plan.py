"""From a descriptor to named tables and their files (listing, mapping, conflicts), without
reading any file. Problems are returned as issues; nothing here raises."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ibis_mill.sources.conflicts import Contribution, NamedTable, settle
from ibis_mill.sources.errors import SourceReadError
from ibis_mill.sources.issues import Issue, Phase, Severity
from ibis_mill.sources.mapping import table_name
from ibis_mill.sources.model import Descriptor
from ibis_mill.sources.storage import list_files

_EXAMPLES = 3

_Report = Callable[[Severity, str, str, str], None]


@dataclass(frozen=True)
class SourcePlan:
    """The tables a descriptor produces.

    Attributes:
        descriptor: The descriptor.
        files: Every file under the root, sorted.
        tables: The final tables in order of first appearance.
        unmapped: Files no reader maps to a table.
        issues: What was found on the way (storage, mapping and conflict issues).
    """

    descriptor: Descriptor
    files: tuple[Path, ...]
    tables: tuple[NamedTable, ...]
    unmapped: tuple[Path, ...]
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when no issue is an error."""
        return all(issue.severity is not Severity.ERROR for issue in self.issues)


def plan_source(descriptor: Descriptor, *, empty: Severity = Severity.WARNING) -> SourcePlan:
    """List the storage, map every file with every reader, and settle the table names.

    Args:
        descriptor: The descriptor.
        empty: Severity of an empty storage (upstream: a warning when verifying, information
            when discovering).
    """
    issues: list[Issue] = []

    def issue(severity: Severity, code: str, message: str, context: str) -> None:
        issues.append(Issue(severity, Phase.DEEP, code, message, context))

    files = _list(descriptor, issue)
    if files is None:
        return SourcePlan(descriptor, (), (), (), tuple(issues))
    if not files:
        issue(
            empty,
            "storage-empty",
            f"no files under {descriptor.storage.root}",
            "storage.rootPath",
        )
        return SourcePlan(descriptor, (), (), (), tuple(issues))
    issue(
        Severity.INFO, "storage-files", f"storage contains {len(files)} file(s)", "storage.rootPath"
    )

    raw: dict[str, dict[int, list[Path]]] = {}
    mapped: set[Path] = set()
    for index, reader in enumerate(descriptor.readers):
        spec = descriptor.table_spec(reader)
        assert spec is not None  # the loader refuses readers without a mapping
        matched = 0
        for path in files:
            name = table_name(spec.mapping, path.as_posix())
            if name is None:
                continue
            matched += 1
            mapped.add(path)
            raw.setdefault(name, {}).setdefault(index, []).append(path)
        context = f"readers[{index}]"
        if not matched:
            issue(
                Severity.WARNING,
                "reader-matched-nothing",
                f"reader {index} ({reader.type}) "
                f"maps none of the {len(files)} file(s) to a table; check its mapping",
                context,
            )
        elif matched < len(files):
            issue(
                Severity.INFO,
                "reader-unmatched-files",
                f"reader {index} ({reader.type}) maps "
                f"{matched} file(s); {len(files) - matched} other file(s) are not its",
                context,
            )

    unmapped = tuple(path for path in files if path not in mapped)
    if unmapped:
        examples = ", ".join(str(path) for path in unmapped[:_EXAMPLES])
        more = f" and {len(unmapped) - _EXAMPLES} more" if len(unmapped) > _EXAMPLES else ""
        issue(
            Severity.WARNING,
            "unmapped-files",
            f"{len(unmapped)} file(s) match no reader and are ignored: {examples}{more}",
            "storage.rootPath",
        )

    contributions = {
        name: [Contribution(reader, tuple(paths)) for reader, paths in by_reader.items()]
        for name, by_reader in raw.items()
    }
    tables, conflict_issues = settle(contributions, descriptor.readers, descriptor.conflicts)
    issues.extend(conflict_issues)
    for rule in descriptor.conflicts.rules:
        if rule not in raw:
            issue(
                Severity.WARNING,
                "unused-conflict-rule",
                f"the rule for table '{rule}' names a table no reader produced",
                f"conflicts.{rule}",
            )
    return SourcePlan(descriptor, tuple(files), tuple(tables), unmapped, tuple(issues))


def _list(descriptor: Descriptor, report: _Report) -> list[Path] | None:
    root = descriptor.storage.root
    problem = None
    if not root.exists():
        problem = ("root-missing", f"root path {root} does not exist")
    elif not root.is_dir():
        problem = ("root-not-directory", f"root path {root} is not a directory")
    elif not os.access(root, os.R_OK | os.X_OK):
        problem = ("root-unreadable", f"root path {root} is not readable")
    if problem is not None:
        report(Severity.ERROR, problem[0], problem[1], "storage.rootPath")
        return None
    try:
        return list_files(root)
    except SourceReadError as exc:
        report(Severity.ERROR, "storage-unreadable", str(exc), "storage.rootPath")
        return None
