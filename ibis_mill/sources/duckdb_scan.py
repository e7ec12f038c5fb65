"""DuckDB SQL that scans a table's files natively (Parquet and plain CSV).

The SQL reproduces what :meth:`SourceTable.to_reader` returns: the same columns, types and
values, with attribute columns computed per file from DuckDB's ``filename`` column. It is only
produced for tables whose files all come from one reader, and when that equivalence holds:

* Parquet: always.
* CSV: when the options are ones DuckDB honours (no ``nullValue``/``emptyValue``,
  ``keepQuotes``, escape tweaks, detection, record limits, explicit ``headers``...), there is
  at least one column and the names are unique and non-empty, and no file contains the
  comment character, a carriage return or a blank line (checked with a byte scan; such files
  go through the Python reader). Values are trimmed of characters up to the space as upstream
  does. One known difference: spaces at the edges of a *quoted* value are trimmed here too
  (the Python reader keeps them). Gzip-compressed files are scanned when all the table's
  files are compressed; a table mixing compressed and plain files goes through Python."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ibis_mill.sources.attributes import AttributeValue, arrow_field
from ibis_mill.sources.options import CsvOptions, UnescapedQuoteHandling
from ibis_mill.sources.readers.lines import is_gzip, read_bytes

if TYPE_CHECKING:
    from ibis_mill.sources.table import SourceTable

_FILE_COLUMN = "__mill_file"
_TRIM = r"'^[\x00-\x20]+|[\x00-\x20]+$'"
_BLANK_LINE = re.compile(rb"(?:\A|\n)[ \t]*\n|\n[ \t]+\Z")
_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float32(): "FLOAT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
}
_CSV_DEFAULTS = CsvOptions()
#: CSV options that must keep their default for DuckDB to read exactly like we do.
_CSV_FIXED = (
    "char_to_escape_quote_escaping",
    "normalized_newline",
    "empty_value",
    "null_value",
    "skip_empty_lines",
    "ignore_leading_whitespaces",
    "ignore_trailing_whitespaces",
    "ignore_leading_whitespaces_in_quotes",
    "ignore_trailing_whitespaces_in_quotes",
    "escape_unquoted_values",
    "keep_escape_sequences",
    "keep_quotes",
    "normalize_line_endings_within_quotes",
    "unescaped_quote_handling",
    "headers",
    "number_of_records_to_read",
    "delimiter_detection_enabled",
    "quote_detection_enabled",
    "line_separator",
)


def scan_sql(table: SourceTable) -> str | None:
    """The native DuckDB query for ``table``, or None (see the module docstring)."""
    readers = {part.reader for part in table.parts}
    if len(readers) != 1:
        return None
    reader = table.readers[readers.pop()]
    files = [part.path for part in table.parts]
    needs_filename = bool(table.attributes)
    if reader.type == "parquet":
        source = f"read_parquet({_list(files)}{_filename(needs_filename)})"
        columns = [_ident(f.name) for f in _kept_fields(table)]
    elif reader.type == "csv":
        assert isinstance(reader.format, CsvOptions)
        csv = _csv_source(table, reader.format, files, needs_filename)
        if csv is None:
            return None
        source, columns = csv
    else:
        return None
    columns.extend(_attribute_columns(table))
    return f"SELECT {', '.join(columns)} FROM {source}"


def _kept_fields(table: SourceTable) -> list[pa.Field]:
    return [table.schema.field(i) for i in range(len(table.schema) - len(table.attributes))]


def _csv_source(
    table: SourceTable, o: CsvOptions, files: list[Path], needs_filename: bool
) -> tuple[str, list[str]] | None:
    if any(getattr(o, name) != getattr(_CSV_DEFAULTS, name) for name in _CSV_FIXED):
        return None
    if o.unescaped_quote_handling is not UnescapedQuoteHandling.STOP_AT_DELIMITER:
        return None
    names = table.data_schema.names
    unique = names and len(set(names)) == len(names) and "" not in names
    if not unique or o.encoding.lower() not in ("utf-8", "utf8"):
        return None
    if not all(_plain_file(path, o.comment) for path in files):
        return None
    gzipped = [is_gzip(path) for path in files]
    if any(gzipped) and not all(gzipped):
        return None
    if not any(gzipped) and any(path.name.endswith((".gz", ".zst")) for path in files):
        return None  # DuckDB would decompress these plain files, going by their names
    declared = ", ".join(f"{_string(name)}: 'VARCHAR'" for name in names)
    params = [
        _list(files),
        f"delim={_string(o.delimiter)}",
        f"quote={_string(o.quote)}",
        f"escape={_string(o.quote_escape)}",
        f"header={'true' if o.has_header else 'false'}",
        f"skip={o.number_of_rows_to_skip}",
        *(["compression='gzip'"] if all(gzipped) else []),
        "auto_detect=false",
        "null_padding=true",
        "strict_mode=false",
        f"columns={{{declared}}}",
    ]
    source = f"read_csv({', '.join(params)}{_filename(needs_filename)})"
    columns = []
    for fld in _kept_fields(table):
        text = f"nullif(regexp_replace({_ident(fld.name)}, {_TRIM}, '', 'g'), '')"
        if fld.type != pa.string():
            text = f"CAST({text} AS {_DUCKDB_TYPES[fld.type]})"
        columns.append(f"{text} AS {_ident(fld.name)}")
    return source, columns


def _plain_file(path: Path, comment: str) -> bool:
    data = read_bytes(path)
    if b"\r" in data or _BLANK_LINE.search(data):
        return False
    return comment == "\0" or comment.encode("utf-8") not in data


def _attribute_columns(table: SourceTable) -> list[str]:
    columns = []
    for index, attribute in enumerate(table.attributes):
        duck_type = _DUCKDB_TYPES[arrow_field(attribute).type]
        values = [part.attributes[index] for part in table.parts]
        if all(value == values[0] for value in values):
            expression = _literal(values[0])
        else:
            cases = " ".join(
                f"WHEN {_string(part.path.as_posix())} THEN {_literal(value)}"
                for part, value in zip(table.parts, values)
            )
            expression = f"CASE {_ident(_FILE_COLUMN)} {cases} END"
        columns.append(f"CAST({expression} AS {duck_type}) AS {_ident(attribute.name)}")
    return columns


def _literal(value: AttributeValue) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else _string(str(value))
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP {_string(value.isoformat(sep=' '))}"
    if isinstance(value, dt.date):
        return f"DATE {_string(value.isoformat())}"
    return _string(value)


def _filename(needed: bool) -> str:
    return f", filename={_string(_FILE_COLUMN)}" if needed else ""


def _list(files: list[Path]) -> str:
    return "[" + ", ".join(_string(path.as_posix()) for path in files) + "]"


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
