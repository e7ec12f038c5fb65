"""Excel ``.xlsx`` workbooks (openpyxl), read into Arrow as text columns.

As upstream: the header is the sheet's first row (names trimmed; a missing cell is named
``col_<i>``; a numeric or boolean header cell is an error); the column count is the header's
last cell; rows of every selected sheet are concatenated by position; blank cells, cells of
whitespace only and error cells are NULL; missing rows are all-NULL rows.
Deviations: cells are turned into text consistently (see :class:`ExcelOptions`); formulas give
the value cached in the file (upstream evaluates them); ``.xls`` (Excel 97-2003) workbooks are
not supported; sheets of one file must have the same header (upstream would misalign them).
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
from openpyxl.utils.exceptions import InvalidFileException

from ibis_mill.sources.errors import SchemaMismatchError, SourceReadError
from ibis_mill.sources.javaregex import compile_java_regex
from ibis_mill.sources.options import ExcelOptions
from ibis_mill.sources.readers.base import BATCH_ROWS, FileFormat
from ibis_mill.sources.readers.infer import cast_text


def cell_text(cell: Any) -> str | None:
    """The text of one cell (None for blank, whitespace-only and error cells)."""
    value = cell.value
    if value is None or getattr(cell, "data_type", None) == "e":
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class ExcelFormat(FileFormat):
    """The ``excel`` reader."""

    by_name = False
    text = True

    def __init__(self, options: ExcelOptions) -> None:
        self.options = options

    def _open(self, path: Path) -> Any:
        if path.suffix.lower() == ".xls":
            raise SourceReadError(
                f"{path}: .xls (Excel 97-2003) workbooks are not supported; save it as .xlsx"
            )
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise SourceReadError(f"{path} is not a readable .xlsx workbook: {exc}") from None

    def sheets(self, workbook: Any, path: Path) -> list[Any]:
        """The selected sheets, in workbook order."""
        o, names = self.options, list(workbook.sheetnames)
        if o.all_sheets:
            selected = names
        elif o.sheet_pattern is not None:
            regex = compile_java_regex(o.sheet_pattern).regex
            selected = [name for name in names if regex.fullmatch(name)]
        elif o.sheet_name is not None:
            selected = [name for name in names if name.lower() == o.sheet_name.lower()]
        elif o.sheet_index is not None:
            selected = names[o.sheet_index : o.sheet_index + 1]
        else:
            selected = names[:1]
        excluded = {name.lower() for name in o.exclude_sheets or ()}
        exclude = (
            compile_java_regex(o.exclude_sheet_pattern).regex if o.exclude_sheet_pattern else None
        )
        selected = [
            name
            for name in selected
            if name.lower() not in excluded and not (exclude and exclude.fullmatch(name))
        ]
        if not selected:
            raise SourceReadError(
                f"{path}: no sheet selected (sheets: {', '.join(names)}); check the sheet options"
            )
        return [workbook[name] for name in selected]

    def _names(self, sheet: Any, path: Path) -> list[str]:
        first = next(sheet.iter_rows(min_row=1, max_row=1), ())
        cells = list(first)
        while cells and cells[-1].value is None:
            cells.pop()
        if not self.options.has_header:
            return [f"col_{index}" for index in range(len(cells))]
        names = []
        for index, cell in enumerate(cells):
            if cell.value is None:
                names.append(f"col_{index}")
            elif isinstance(cell.value, str):
                names.append(cell.value.strip())
            else:
                raise SourceReadError(
                    f"{path}: sheet '{sheet.title}' header cell {index + 1} is {cell.value!r}, "
                    "not text; fix the header or set hasHeader: false"
                )
        return names

    def schema(self, path: Path) -> pa.Schema:
        workbook = self._open(path)
        try:
            sheet = self.sheets(workbook, path)[0]
            return pa.schema([pa.field(name, pa.string()) for name in self._names(sheet, path)])
        finally:
            workbook.close()

    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        workbook = self._open(path)
        strings = pa.schema([pa.field(f.name, pa.string()) for f in schema])
        width = len(schema)
        try:
            sheets = self.sheets(workbook, path)
            expected = self._names(sheets[0], path)
            for sheet in sheets:
                names = self._names(sheet, path)
                if self.options.has_header and names != expected:
                    raise SchemaMismatchError(
                        f"{path}: sheet '{sheet.title}' has columns {names}, but sheet "
                        f"'{sheets[0].title}' has {expected}; select sheets with the same header"
                    )
                rows = sheet.iter_rows(min_row=2 if self.options.has_header else 1)
                while chunk := list(itertools.islice(rows, BATCH_ROWS)):
                    columns: list[list[str | None]] = [[] for _ in range(width)]
                    for row in chunk:
                        texts = [cell_text(cell) for cell in row[:width]]
                        texts.extend([None] * (width - len(texts)))
                        for column, value in zip(columns, texts):
                            column.append(value)
                    batch = pa.RecordBatch.from_arrays(
                        [pa.array(column, pa.string()) for column in columns], schema=strings
                    )
                    yield cast_text(batch, schema, path) if strings != schema else batch
        finally:
            workbook.close()
