"""Tables of a source: their files, their Arrow schema, and reading them lazily."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ibis_mill.sources.attributes import AttributeValue, arrow_field
from ibis_mill.sources.duckdb_scan import scan_sql
from ibis_mill.sources.errors import SchemaMismatchError
from ibis_mill.sources.model import Attribute, Reader
from ibis_mill.sources.readers import FileFormat, file_format

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class TablePart:
    """One file of a table.

    Attributes:
        path: The file.
        reader: Index of the reader (in the descriptor) that maps it.
        attributes: Its attribute values, aligned with the table's attribute columns.
    """

    path: Path
    reader: int
    attributes: tuple[AttributeValue, ...]


@dataclass(frozen=True)
class SchemaComparison:
    """How a file's columns compare with its table's: problems make rows misaligned."""

    problems: tuple[str, ...]
    extra_columns: tuple[str, ...]


def compare_schema(
    file_schema: pa.Schema, table_schema: pa.Schema, by_name: bool
) -> SchemaComparison:
    """Compare a file's own columns with the table's columns (from the table's first file).

    By-name formats need every table column, with the same type (extra columns are ignored).
    By-position formats need the same column names in the same order.
    """
    if not by_name:
        if file_schema.names == table_schema.names:
            return SchemaComparison((), ())
        problem = (
            f"has columns {file_schema.names} but the table's first file has "
            f"{table_schema.names}; matched by position, its rows would be misaligned"
        )
        return SchemaComparison((problem,), ())
    problems = []
    for fld in table_schema:
        index = file_schema.get_field_index(fld.name)
        if index < 0:
            problems.append(f"lacks column '{fld.name}'")
        elif file_schema.field(index).type != fld.type:
            problems.append(
                f"has column '{fld.name}' as {file_schema.field(index).type}, not {fld.type}"
            )
    extra = tuple(name for name in file_schema.names if name not in table_schema.names)
    return SchemaComparison(tuple(problems), extra)


class SourceTable:
    """A table of a source: the concatenation of its files, plus attribute columns.

    Attributes:
        name: The table name.
        schema: The Arrow schema of the rows: the format's columns (from the table's first
            file) followed by the attribute columns. An attribute named like a data column
            replaces it (upstream would expose the name twice).
        data_schema: The format's columns as read from the files.
        attributes: The attribute columns' definitions, in order.
        parts: The files, in reading order (reader order, then path order).
        readers: The descriptor's readers (``parts[i].reader`` indexes it).
    """

    def __init__(
        self,
        name: str,
        data_schema: pa.Schema,
        attributes: Sequence[Attribute],
        parts: Sequence[TablePart],
        readers: Sequence[Reader],
    ) -> None:
        self.name = name
        self.data_schema = data_schema
        self.attributes = tuple(attributes)
        self.parts = tuple(parts)
        self.readers = tuple(readers)
        replaced = {attribute.name for attribute in self.attributes}
        self._kept = [i for i, f in enumerate(data_schema) if f.name not in replaced]
        self._attribute_fields = [arrow_field(attribute) for attribute in self.attributes]
        self.schema = pa.schema([data_schema.field(i) for i in self._kept] + self._attribute_fields)
        self._formats: dict[int, FileFormat] = {
            index: file_format(self.readers[index]) for index in {part.reader for part in parts}
        }
        self._aligned = False

    def __repr__(self) -> str:
        return (
            f"SourceTable({self.name!r}, {len(self.parts)} file(s), {len(self.schema)} column(s))"
        )

    @property
    def files(self) -> list[Path]:
        """The table's files, in reading order."""
        return [part.path for part in self.parts]

    @property
    def format(self) -> str:
        """The reader type of the table's first file (a union table may mix formats)."""
        return self.readers[self.parts[0].reader].type

    def format_of(self, part: TablePart) -> FileFormat:
        """The format object reading ``part``."""
        return self._formats[part.reader]

    def check_alignment(self) -> None:
        """Check that every file has the table's columns (reads headers/footers only).

        Raises:
            SchemaMismatchError: A file would be misaligned; the message names it.
            SourceReadError: A file cannot be read.
        """
        if self._aligned:
            return
        for part in self.parts[1:]:
            self._check(part)
        self._aligned = True

    def _check(self, part: TablePart) -> None:
        fmt = self.format_of(part)
        comparison = compare_schema(fmt.schema(part.path), self.data_schema, fmt.by_name)
        if comparison.problems:
            raise SchemaMismatchError(
                f"table '{self.name}': file {part.path} "
                + "; ".join(comparison.problems)
                + "; make the files of one table share their columns, or map them to "
                "different tables"
            )

    def to_reader(self) -> pa.RecordBatchReader:
        """Stream the rows, file by file (each file is checked against the schema first).

        Reading raises :class:`SchemaMismatchError` for a misaligned file and
        :class:`SourceReadError` for an unreadable one.
        """
        return pa.RecordBatchReader.from_batches(self.schema, self._batches())

    def to_arrow(self) -> pa.Table:
        """All rows as one Arrow table."""
        return self.to_reader().read_all()

    def _batches(self) -> Iterator[pa.RecordBatch]:
        for index, part in enumerate(self.parts):
            if index and not self._aligned:
                self._check(part)
            for batch in self.format_of(part).batches(part.path, self.data_schema):
                yield self._finish(batch, part)

    def _finish(self, batch: pa.RecordBatch, part: TablePart) -> pa.RecordBatch:
        rows = batch.num_rows
        arrays = [batch.column(i) for i in self._kept]
        for fld, value in zip(self._attribute_fields, part.attributes):
            if value is None:
                arrays.append(pa.nulls(rows, fld.type))
            else:
                arrays.append(pa.repeat(pa.scalar(value, fld.type), rows))
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)

    def duckdb_sql(self) -> str | None:
        """A DuckDB ``SELECT`` scanning the files natively, or None when DuckDB cannot.

        Parquet tables and CSV tables whose options DuckDB can honour exactly are scanned by
        DuckDB (attribute columns are added per file with ``filename``); other tables
        (Avro, Excel, fixed width, TSV, Arrow, mixed readers, unusual CSV options) are None:
        use :meth:`to_reader` then. Checks the alignment of the files first.
        """
        self.check_alignment()
        return scan_sql(self)

    def duckdb_relation(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
        """The table as a relation of ``con``: a native scan when possible, else Arrow."""
        sql = self.duckdb_sql()
        if sql is not None:
            return con.sql(sql)
        return con.from_arrow(self.to_arrow())
