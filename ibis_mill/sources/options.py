"""Format options of the readers (``readers[].format``), with upstream Mill's defaults.

Every option upstream Mill accepts is declared here with its effective default (see the
upstream reference, section 11). Each field's metadata names its kind, which tells the
loader how to read the YAML value:

* ``char``: one character. ``"\\t" "\\n" "\\r" "\\\\"`` written literally are translated,
  otherwise the first character is used; an empty string keeps the default.
* ``text``: a string (numbers and booleans are turned into their text).
* ``bool`` / ``int``: a YAML boolean / integer, or its text (``"true"``, ``"42"``).
* ``names``: a list of strings. ``enum``: one of the values of an :class:`~enum.Enum`.
* ``columns``: the fixed-width column list.

The YAML key of a field is its name in camelCase (``quote_escape`` -> ``quoteEscape``).

Extensions of ours (not upstream): ``inferSchema`` (text formats and Excel) and ``encoding``
(text formats).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any


def _opt(kind: str, default: Any, **extra: Any) -> Any:
    return field(default=default, metadata={"kind": kind, **extra})


def _char(default: str | None) -> Any:
    return _opt("char", default)


def _text(default: str | None = None) -> Any:
    return _opt("text", default)


def _bool(default: bool) -> Any:
    return _opt("bool", default)


def _int(default: int | None) -> Any:
    return _opt("int", default)


def _names() -> Any:
    return _opt("names", None)


def camel_key(name: str) -> str:
    """The YAML key of an option field: ``quote_escape`` -> ``quoteEscape``."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class UnescapedQuoteHandling(str, Enum):
    """What the CSV parser does with a quote that is neither opening, closing nor escaped."""

    STOP_AT_CLOSING_QUOTE = "STOP_AT_CLOSING_QUOTE"
    BACK_TO_DELIMITER = "BACK_TO_DELIMITER"
    STOP_AT_DELIMITER = "STOP_AT_DELIMITER"
    SKIP_VALUE = "SKIP_VALUE"
    RAISE_ERROR = "RAISE_ERROR"


@dataclass(frozen=True)
class CsvOptions:
    """Options of the ``csv`` reader (univocity CSV semantics). Columns are nullable strings.

    ``inferSchema: true`` (our extension) types the columns from the first file of each table:
    integers (int64), floats (float64), booleans, ISO dates and ISO timestamps, else string.
    ``encoding`` (our extension, default ``utf-8``) decodes the files; a UTF-8 byte order mark
    is dropped (upstream would keep it in the first column name).
    ``headers``, when given, names the columns (upstream passes it to the parser but it does
    not rename anything; we do what its documentation promises).
    """

    delimiter: str = _char(",")
    quote: str = _char('"')
    quote_escape: str = _char('"')
    char_to_escape_quote_escaping: str | None = _char(None)
    comment: str = _char("#")
    line_separator: str | None = _text()
    normalized_newline: str = _char("\n")
    has_header: bool = _bool(True)
    empty_value: str | None = _text()
    null_value: str | None = _text()
    skip_empty_lines: bool = _bool(True)
    ignore_leading_whitespaces: bool = _bool(True)
    ignore_trailing_whitespaces: bool = _bool(True)
    ignore_leading_whitespaces_in_quotes: bool = _bool(False)
    ignore_trailing_whitespaces_in_quotes: bool = _bool(False)
    escape_unquoted_values: bool = _bool(False)
    keep_escape_sequences: bool = _bool(False)
    keep_quotes: bool = _bool(False)
    normalize_line_endings_within_quotes: bool = _bool(True)
    unescaped_quote_handling: UnescapedQuoteHandling = field(
        default=UnescapedQuoteHandling.STOP_AT_DELIMITER,
        metadata={"kind": "enum", "enum": UnescapedQuoteHandling},
    )
    max_chars_per_column: int = _int(4096)
    max_columns: int = _int(512)
    headers: tuple[str, ...] | None = _names()
    number_of_records_to_read: int | None = _int(None)
    number_of_rows_to_skip: int = _int(0)
    line_separator_detection_enabled: bool = _bool(True)
    delimiter_detection_enabled: bool = _bool(False)
    quote_detection_enabled: bool = _bool(False)
    comment_collection_enabled: bool = _bool(False)
    infer_schema: bool = _bool(False)
    encoding: str = _text("utf-8")


@dataclass(frozen=True)
class TsvOptions:
    """Options of the ``tsv`` reader (univocity TSV: escapes, no quoting). Columns are strings.

    ``inferSchema`` and ``encoding`` are our extensions, as for :class:`CsvOptions`.
    """

    escape_char: str = _char("\\")
    escaped_tab_char: str = _char("t")
    comment: str = _char("#")
    line_separator: str | None = _text()
    normalized_newline: str = _char("\n")
    has_header: bool = _bool(True)
    line_joining_enabled: bool = _bool(False)
    null_value: str | None = _text()
    skip_empty_lines: bool = _bool(True)
    ignore_leading_whitespaces: bool = _bool(True)
    ignore_trailing_whitespaces: bool = _bool(True)
    max_chars_per_column: int = _int(4096)
    max_columns: int = _int(512)
    headers: tuple[str, ...] | None = _names()
    number_of_records_to_read: int | None = _int(None)
    number_of_rows_to_skip: int = _int(0)
    line_separator_detection_enabled: bool = _bool(False)
    comment_collection_enabled: bool = _bool(False)
    infer_schema: bool = _bool(False)
    encoding: str = _text("utf-8")


@dataclass(frozen=True)
class FwfColumn:
    """One fixed-width column: characters ``start`` (0-based) up to ``end`` (exclusive)."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class FwfOptions:
    """Options of the ``fwf`` (fixed width) reader. Columns are strings.

    Deviation: each column is cut at its own ``start``/``end`` offsets (upstream passes only the
    widths, so gaps or out-of-order columns shift every later column there; verification warns
    about such layouts). ``inferSchema`` and ``encoding`` are our extensions.
    ``useDefaultPaddingForHeaders`` and ``commentCollectionEnabled`` are accepted and, as
    upstream, have no visible effect (names always come from ``columns``).
    """

    columns: tuple[FwfColumn, ...] = _opt("columns", ())
    padding: str = _char(" ")
    comment: str = _char("#")
    line_separator: str | None = _text()
    normalized_newline: str = _char("\n")
    has_header: bool = _bool(False)
    keep_padding: bool = _bool(False)
    skip_trailing_chars_until_newline: bool = _bool(False)
    record_ends_on_newline: bool = _bool(False)
    use_default_padding_for_headers: bool = _bool(True)
    null_value: str | None = _text()
    skip_empty_lines: bool = _bool(True)
    ignore_leading_whitespaces: bool = _bool(True)
    ignore_trailing_whitespaces: bool = _bool(True)
    max_chars_per_column: int = _int(4096)
    max_columns: int = _int(512)
    number_of_records_to_read: int | None = _int(None)
    number_of_rows_to_skip: int = _int(0)
    line_separator_detection_enabled: bool = _bool(False)
    comment_collection_enabled: bool = _bool(False)
    infer_schema: bool = _bool(False)
    encoding: str = _text("utf-8")


@dataclass(frozen=True)
class ExcelOptions:
    """Options of the ``excel`` reader (``.xlsx`` workbooks). Columns are strings.

    Sheets are chosen by ``allSheets`` > ``sheetPattern`` (full match) > ``sheetName``
    (case-insensitive) > ``sheetIndex`` (0-based) > the first sheet; then ``excludeSheets``
    (case-insensitive) and ``excludeSheetPattern`` (full match) remove sheets.
    Cells are turned into text consistently (upstream declares strings but hands out typed
    values): whole numbers without a decimal point, dates as ``YYYY-MM-DD`` (with
    ``THH:MM:SS`` when the time is not midnight), booleans as ``true``/``false``.
    ``inferSchema`` is our extension.
    """

    has_header: bool = _bool(True)
    all_sheets: bool = _bool(False)
    sheet_pattern: str | None = _text()
    sheet_name: str | None = _text()
    sheet_index: int | None = _int(None)
    exclude_sheets: tuple[str, ...] | None = _names()
    exclude_sheet_pattern: str | None = _text()
    infer_schema: bool = _bool(False)


@dataclass(frozen=True)
class ParquetOptions:
    """The ``parquet`` reader has no options."""


@dataclass(frozen=True)
class AvroOptions:
    """The ``avro`` reader has no options."""


@dataclass(frozen=True)
class ArrowOptions:
    """The ``arrow`` reader (Arrow IPC file or stream) has no options."""


FormatOptions = (
    CsvOptions
    | TsvOptions
    | FwfOptions
    | ExcelOptions
    | ParquetOptions
    | AvroOptions
    | ArrowOptions
)

#: Reader ``type`` -> its options class.
FORMAT_OPTIONS: dict[str, type] = {
    "csv": CsvOptions,
    "tsv": TsvOptions,
    "fwf": FwfOptions,
    "excel": ExcelOptions,
    "parquet": ParquetOptions,
    "avro": AvroOptions,
    "arrow": ArrowOptions,
}


def option_keys(options_class: type) -> dict[str, Any]:
    """YAML key -> dataclass field of an options class."""
    return {camel_key(f.name): f for f in fields(options_class)}
