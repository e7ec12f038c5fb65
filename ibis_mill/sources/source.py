"""Resolving a descriptor into a :class:`Source` of :class:`SourceTable`\\ s."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ibis_mill.sources.attributes import AttributeValue, extract
from ibis_mill.sources.conflicts import NamedTable
from ibis_mill.sources.errors import DescriptorError, SourceReadError
from ibis_mill.sources.issues import Severity
from ibis_mill.sources.loader import DescriptorSource, load
from ibis_mill.sources.model import Attribute, Descriptor
from ibis_mill.sources.plan import plan_source
from ibis_mill.sources.readers import file_format
from ibis_mill.sources.readers.infer import infer_schema
from ibis_mill.sources.table import SourceTable, TablePart


@dataclass(frozen=True)
class Source:
    """A resolved descriptor: one SQL schema of tables.

    Attributes:
        name: The source (schema) name from the descriptor.
        descriptor: The loaded descriptor.
        tables: Table name -> table, in order of first appearance.
        unmapped_files: Files under the root that no reader maps to a table.
    """

    name: str
    descriptor: Descriptor
    tables: Mapping[str, SourceTable]
    unmapped_files: tuple[Path, ...]

    def __getitem__(self, name: str) -> SourceTable:
        try:
            return self.tables[name]
        except KeyError:
            known = ", ".join(self.tables) or "none"
            raise KeyError(
                f"source '{self.name}' has no table '{name}' (tables: {known})"
            ) from None

    def __iter__(self) -> Iterator[SourceTable]:
        return iter(self.tables.values())

    def __len__(self) -> int:
        return len(self.tables)


def resolve(source: DescriptorSource, *, base_dir: str | os.PathLike[str] | None = None) -> Source:
    """Load a descriptor, list and map its files, and build its tables with their schemas.

    Schemas come from each table's first file (footers and headers only; with ``inferSchema``
    the whole first file is read). Rows are read later, lazily, by the tables.

    Args:
        source: A :class:`Descriptor`, a descriptor file path, YAML text or a dict.
        base_dir: Folder a relative ``rootPath`` of YAML text or a dict is resolved against.

    Raises:
        DescriptorError: The descriptor is invalid, its root cannot be listed, or table names
            collide; ``.issues`` says what and where.
        SourceReadError: A table's first file cannot be read.
    """
    descriptor = load(source, base_dir=base_dir)
    plan = plan_source(descriptor)
    if not plan.ok:
        errors = [issue for issue in plan.issues if issue.severity is Severity.ERROR]
        raise DescriptorError(f"source '{descriptor.name}' cannot be resolved", errors)
    tables = {named.name: build_table(named, descriptor) for named in plan.tables}
    return Source(descriptor.name, descriptor, tables, plan.unmapped)


def build_table(named: NamedTable, descriptor: Descriptor) -> SourceTable:
    """Build one table: its schema from its first file, its attribute values per file.

    Raises:
        SourceReadError: The first file cannot be read (the message names the table).
    """
    first = named.contributions[0]
    reader = descriptor.readers[first.reader]
    fmt = file_format(reader)
    first_file = first.files[0]
    try:
        schema = fmt.schema(first_file)
        if fmt.text and getattr(reader.format, "infer_schema", False):
            rows = pa.Table.from_batches(list(fmt.batches(first_file, schema)), schema=schema)
            schema = infer_schema(rows)
    except SourceReadError as exc:
        raise SourceReadError(f"table '{named.name}': {exc}") from None
    attributes = table_attributes(named, descriptor)
    parts = []
    for contribution in named.contributions:
        spec = descriptor.table_spec(descriptor.readers[contribution.reader])
        own = {attribute.name: attribute for attribute in (spec.attributes if spec else ())}
        for path in contribution.files:
            values = tuple(_value(attribute, own, path) for attribute in attributes)
            parts.append(TablePart(path, contribution.reader, values))
    return SourceTable(named.name, schema, attributes, parts, descriptor.readers)


def table_attributes(named: NamedTable, descriptor: Descriptor) -> tuple[Attribute, ...]:
    """The attribute columns of a table: those of its first reader that has attributes."""
    for contribution in named.contributions:
        spec = descriptor.table_spec(descriptor.readers[contribution.reader])
        if spec is not None and spec.attributes:
            return spec.attributes
    return ()


def _value(attribute: Attribute, own: Mapping[str, Attribute], path: Path) -> AttributeValue:
    """A file's value for a table attribute, from its own reader's attribute of that name and
    type (missing -> NULL, as upstream for union tables)."""
    mine = own.get(attribute.name)
    if mine is None or mine.type is not attribute.type:
        return None
    return extract(mine, path.as_posix())
