"""Probing one table's files without raising: its schema and what is wrong with its files."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ibis_mill.sources.conflicts import NamedTable
from ibis_mill.sources.errors import SourceReadError
from ibis_mill.sources.issues import Issue, Phase, Severity
from ibis_mill.sources.model import Descriptor
from ibis_mill.sources.source import build_table
from ibis_mill.sources.table import SourceTable, compare_schema


@dataclass(frozen=True)
class TableProbe:
    """The outcome of probing a table: the table (None when its first file failed) and issues."""

    name: str
    table: SourceTable | None
    issues: tuple[Issue, ...]


def probe_table(named: NamedTable, descriptor: Descriptor, *, all_files: bool = True) -> TableProbe:
    """Build the table and check its files' schemas (all of them unless ``all_files`` is False)."""
    issues: list[Issue] = []

    def issue(severity: Severity, code: str, message: str, context: str) -> None:
        issues.append(Issue(severity, Phase.DEEP, code, message, context))

    where = f"tables.{named.name}"
    try:
        table = build_table(named, descriptor)
    except SourceReadError as exc:
        first = named.contributions[0].files[0]
        issue(
            Severity.ERROR,
            "schema-failed",
            f"cannot infer the schema of table '{named.name}' from its first file: {exc}",
            str(first),
        )
        return TableProbe(named.name, None, tuple(issues))

    names = table.data_schema.names
    for name, count in Counter(names).items():
        if count > 1:
            issue(
                Severity.WARNING,
                "duplicate-column",
                f"column '{name}' appears {count} times "
                f"in table '{named.name}'; SQL engines cannot tell them apart",
                where,
            )
        if not name.strip():
            issue(
                Severity.WARNING,
                "blank-column-name",
                f"table '{named.name}' has a column with a blank name (an empty header cell)",
                where,
            )
    for attribute in table.attributes:
        if attribute.name in names:
            issue(
                Severity.WARNING,
                "attribute-replaces-column",
                f"attribute '{attribute.name}' "
                f"replaces the data column of the same name in table '{named.name}'",
                where,
            )
    first = table.parts[0]
    for attribute, value in zip(table.attributes, first.attributes):
        if value is None:
            issue(
                Severity.WARNING,
                "attribute-null",
                f"attribute '{attribute.name}' is NULL for "
                f"the first file of table '{named.name}' (no match, or a value that does not "
                f"convert to {attribute.type.value})",
                str(first.path),
            )

    for part in table.parts[1:] if all_files else ():
        fmt = table.format_of(part)
        try:
            file_schema = fmt.schema(part.path)
        except SourceReadError as exc:
            issue(Severity.ERROR, "unreadable-file", f"table '{named.name}': {exc}", str(part.path))
            continue
        comparison = compare_schema(file_schema, table.data_schema, fmt.by_name)
        for problem in comparison.problems:
            issue(
                Severity.ERROR,
                "misaligned-file",
                f"file of table '{named.name}' {problem}",
                str(part.path),
            )
        if comparison.extra_columns:
            issue(
                Severity.WARNING,
                "extra-columns",
                f"file of table '{named.name}' has columns "
                f"the table does not have, which are ignored: {list(comparison.extra_columns)}",
                str(part.path),
            )
    return TableProbe(named.name, table, tuple(issues))
