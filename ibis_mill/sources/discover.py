"""Discovery: what a descriptor finds, without raising."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ibis_mill.sources.errors import SourceError
from ibis_mill.sources.issues import Issue, Phase, Severity
from ibis_mill.sources.loader import DescriptorSource, parse
from ibis_mill.sources.plan import plan_source
from ibis_mill.sources.probe import probe_table
from ibis_mill.sources.table import SourceTable


@dataclass(frozen=True)
class DiscoveredTable:
    """A table found by discovery.

    Attributes:
        name: The table name.
        schema: Its Arrow schema, attribute columns included (upstream's discovery leaves them
            out), or None when its first file could not be read.
        files: Its files, in reading order.
        formats: The reader type of each file's reader, deduplicated, in order.
        sample: Up to ``sample_rows`` first rows (None when no sample was asked for or the
            rows could not be read).
    """

    name: str
    schema: pa.Schema | None
    files: tuple[Path, ...]
    formats: tuple[str, ...]
    sample: pa.Table | None = None


@dataclass(frozen=True)
class DiscoveryResult:
    """What a descriptor finds.

    Attributes:
        source: The source name (None when the descriptor could not be loaded).
        root: The storage root.
        tables: The tables found, in order.
        unmapped_files: Files no reader maps to a table.
        issues: Problems met on the way (the same catalogue as verification).
    """

    source: str | None
    root: Path | None
    tables: tuple[DiscoveredTable, ...]
    unmapped_files: tuple[Path, ...]
    issues: tuple[Issue, ...]

    def table(self, name: str) -> DiscoveredTable:
        """The discovered table called ``name``.

        Raises:
            KeyError: No table has that name.
        """
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(
            f"no table '{name}' was discovered (tables: "
            f"{', '.join(t.name for t in self.tables) or 'none'})"
        )


def discover(
    source: DescriptorSource,
    *,
    sample_rows: int = 0,
    base_dir: str | os.PathLike[str] | None = None,
) -> DiscoveryResult:
    """List what a descriptor finds: tables, schemas, files, unmapped files. Never raises.

    Files other than each table's first are not opened (use :func:`verify` for that).

    Args:
        source: A :class:`Descriptor`, a descriptor file path, YAML text or a dict.
        sample_rows: How many first rows of each table to read into ``sample``.
        base_dir: Folder a relative ``rootPath`` of YAML text or a dict is resolved against.
    """
    try:
        descriptor, issues = parse(source, base_dir=base_dir)
        if descriptor is None:
            return DiscoveryResult(None, None, (), (), tuple(issues))
        plan = plan_source(descriptor, empty=Severity.INFO)
        issues.extend(plan.issues)
        tables = []
        for named in plan.tables:
            probe = probe_table(named, descriptor, all_files=False)
            issues.extend(probe.issues)
            files = tuple(path for c in named.contributions for path in c.files)
            formats = tuple(
                dict.fromkeys(descriptor.readers[c.reader].type for c in named.contributions)
            )
            sample = None
            if probe.table is not None and sample_rows > 0:
                sample = _sample(probe.table, sample_rows, issues)
            schema = probe.table.schema if probe.table is not None else None
            tables.append(DiscoveredTable(named.name, schema, files, formats, sample))
        root = descriptor.storage.root
        return DiscoveryResult(descriptor.name, root, tuple(tables), plan.unmapped, tuple(issues))
    except Exception as exc:  # noqa: BLE001 - discovery reports, it never raises
        issue = Issue(
            Severity.ERROR,
            Phase.DEEP,
            "internal-error",
            f"discovery failed unexpectedly: {type(exc).__name__}: {exc}",
        )
        return DiscoveryResult(None, None, (), (), (issue,))


def _sample(table: SourceTable, rows: int, issues: list[Issue]) -> pa.Table | None:
    batches = []
    count = 0
    try:
        reader = table.to_reader()
        for batch in reader:
            batches.append(batch.slice(0, rows - count))
            count += batches[-1].num_rows
            if count >= rows:
                break
    except SourceError as exc:
        issues.append(
            Issue(
                Severity.ERROR,
                Phase.DEEP,
                "sample-failed",
                f"cannot read sample rows of table '{table.name}': {exc}",
                f"tables.{table.name}",
            )
        )
        return None
    return pa.Table.from_batches(batches, schema=table.schema)
