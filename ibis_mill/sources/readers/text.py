"""CSV, TSV and fixed-width files (univocity semantics, as upstream Mill), read into Arrow.

Columns are nullable strings (typed only with ``inferSchema``). Records are matched to the
table's columns by position: short records are padded with NULL, extra values are dropped.
Empty values are NULL (``nullValue`` replaces them), lines starting with the comment character
are skipped, values are trimmed of characters up to the space unless told otherwise.
"""

from __future__ import annotations

import itertools
from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from ibis_mill.sources.errors import SourceReadError
from ibis_mill.sources.options import CsvOptions, FwfOptions, TsvOptions, UnescapedQuoteHandling
from ibis_mill.sources.readers.base import BATCH_ROWS, FileFormat
from ibis_mill.sources.readers.infer import cast_text
from ibis_mill.sources.readers.lines import JAVA_WHITESPACE, read_lines, read_text

Record = list[str | None]
_NO_COMMENT = "\0"
_DETECTED_DELIMITERS = (",", ";", "\t", "|")


class TextFormat(FileFormat):
    """Shared header and batching logic of the text formats."""

    by_name = False
    text = True

    def __init__(self, options: CsvOptions | TsvOptions | FwfOptions) -> None:
        self.options = options

    @abstractmethod
    def records(self, path: Path) -> Iterator[Record]:
        """Every record of the file, header included, after skipped rows and comments."""

    def names(self, path: Path) -> list[str]:
        """Column names: ``headers`` if given, else the header record (trimmed), else
        ``col_<i>`` sized by the first record. An empty file has no columns."""
        headers = getattr(self.options, "headers", None)
        if headers:
            return list(headers)
        first = next(iter(self.records(path)), None)
        if first is None:
            return []
        if self.options.has_header:
            return [(value or "").strip(JAVA_WHITESPACE) for value in first]
        return [f"col_{index}" for index in range(len(first))]

    def schema(self, path: Path) -> pa.Schema:
        return pa.schema([pa.field(name, pa.string()) for name in self.names(path)])

    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        records = self.records(path)
        limit = self.options.number_of_records_to_read
        if limit is not None:
            records = itertools.islice(records, max(limit, 0))
        if self.options.has_header:
            next(records, None)
        width = len(schema)
        strings = pa.schema([pa.field(f.name, pa.string()) for f in schema])
        while chunk := list(itertools.islice(records, BATCH_ROWS)):
            columns: list[list[str | None]] = [[] for _ in range(width)]
            for record in chunk:
                if len(record) < width:
                    record = record + [None] * (width - len(record))
                for column, value in zip(columns, record):
                    column.append(value)
            batch = pa.RecordBatch.from_arrays(
                [pa.array(column, pa.string()) for column in columns], schema=strings
            )
            yield cast_text(batch, schema, path) if strings != schema else batch


class _Limits:
    """``maxCharsPerColumn`` / ``maxColumns`` checks with a message saying what to change."""

    def __init__(self, path: Path, max_chars: int, max_columns: int) -> None:
        self.path, self.max_chars, self.max_columns = path, max_chars, max_columns

    def check(self, record: Record, number: int) -> Record:
        if self.max_columns >= 0 and len(record) > self.max_columns:
            raise SourceReadError(
                f"{self.path}: record {number} has {len(record)} columns, more than maxColumns "
                f"({self.max_columns}); raise format.maxColumns"
            )
        if self.max_chars >= 0:
            for value in record:
                if value is not None and len(value) > self.max_chars:
                    raise SourceReadError(
                        f"{self.path}: a value of record {number} has {len(value)} characters, "
                        f"more than maxCharsPerColumn ({self.max_chars}); raise "
                        "format.maxCharsPerColumn (-1 = unlimited)"
                    )
        return record


class CsvFormat(TextFormat):
    """The ``csv`` reader."""

    options: CsvOptions

    def records(self, path: Path) -> Iterator[Record]:
        o = self.options
        lines = read_lines(path, o.encoding, o.line_separator, o.line_separator_detection_enabled)
        lines = _skip(lines, o.number_of_rows_to_skip)
        delimiter, quote = o.delimiter, o.quote
        if o.delimiter_detection_enabled or o.quote_detection_enabled:
            head = list(itertools.islice(lines, 20))
            lines = itertools.chain(head, lines)
            sample = [content for content, _ in head if not content.startswith(o.comment)]
            if o.delimiter_detection_enabled:
                delimiter = _detect_delimiter(sample) or delimiter
            if o.quote_detection_enabled:
                quote = _detect_quote(sample, delimiter) or quote
        parser = _CsvRecordParser(o, delimiter, quote, path)
        limits = _Limits(path, o.max_chars_per_column, o.max_columns)
        number = 0
        for content, ending in lines:
            if o.comment != _NO_COMMENT and content.startswith(o.comment):
                continue
            if o.skip_empty_lines and not content.strip(JAVA_WHITESPACE):
                continue
            number += 1
            yield limits.check(parser.record(content, ending, lines), number)


class _CsvRecordParser:
    """Splits one CSV record, pulling more lines while inside a quoted value."""

    def __init__(self, o: CsvOptions, delimiter: str, quote: str, path: Path) -> None:
        self.o, self.delimiter, self.quote, self.path = o, delimiter, quote, path
        self.escape = o.quote_escape
        self.fast_chars = {quote} | ({o.quote_escape} if o.escape_unquoted_values else set())

    def record(self, content: str, ending: str, lines: Iterator[tuple[str, str]]) -> Record:
        if not any(char in content for char in self.fast_chars):
            return [self.unquoted(raw) for raw in content.split(self.delimiter)]
        return self.slow(content, ending, lines)

    def unquoted(self, raw: str) -> str | None:
        o = self.o
        if o.ignore_leading_whitespaces:
            raw = raw.lstrip(JAVA_WHITESPACE)
        if o.ignore_trailing_whitespaces:
            raw = raw.rstrip(JAVA_WHITESPACE)
        if not raw:
            return o.null_value
        if o.escape_unquoted_values and self.escape != self.quote:
            pair = self.escape + self.quote
            raw = raw if o.keep_escape_sequences else raw.replace(pair, self.quote)
        return raw

    def slow(self, line: str, ending: str, lines: Iterator[tuple[str, str]]) -> Record:
        record: Record = []
        d, q = self.delimiter, self.quote
        position = 0
        while True:
            start = position
            probe = position
            while probe < len(line) and line[probe] != d and line[probe] in JAVA_WHITESPACE:
                probe += 1
            if probe < len(line) and line[probe] == q:
                value, line, ending, position = self.quoted(line, ending, probe + 1, start, lines)
                record.append(value)
            else:
                end = line.find(d, position)
                end = len(line) if end < 0 else end
                record.append(self.unquoted(line[position:end]))
                position = end
            if position >= len(line):
                return record
            position += 1  # the delimiter

    def quoted(
        self, line: str, ending: str, i: int, field_start: int, lines: Iterator[tuple[str, str]]
    ) -> tuple[str | None, str, str, int]:
        """Parse a quoted value whose content starts at ``line[i]``.

        Returns the value, the (possibly later) current line and its ending, and the position
        of the delimiter after the value (or the end of the line).
        """
        o, d, q, e = self.o, self.delimiter, self.quote, self.escape
        parts: list[str] = []
        while True:
            if i >= len(line):
                nxt = next(lines, None)
                if nxt is None:  # end of file inside quotes: keep what was read
                    return self.finish_quoted("".join(parts)), line, ending, len(line)
                parts.append(
                    o.normalized_newline if o.normalize_line_endings_within_quotes else ending
                )
                line, ending = nxt
                i = 0
                continue
            char = line[i]
            following = line[i + 1] if i + 1 < len(line) else ""
            escape_of_escape = o.char_to_escape_quote_escaping
            if escape_of_escape and char == escape_of_escape and following == e and e != q:
                parts.append(char + e if o.keep_escape_sequences else e)
                i += 2
            elif char == e and following == q:  # an escaped (or, when e == q, doubled) quote
                parts.append(char + q if o.keep_escape_sequences and e != q else q)
                i += 2
            elif char == q:
                after = i + 1
                while after < len(line) and line[after] != d and line[after] in JAVA_WHITESPACE:
                    after += 1
                if after >= len(line) or line[after] == d:
                    return self.finish_quoted("".join(parts)), line, ending, after
                handling = o.unescaped_quote_handling
                if handling is UnescapedQuoteHandling.STOP_AT_CLOSING_QUOTE:
                    parts.append(q)
                    i += 1
                    continue
                end = line.find(d, i + 1)
                end = len(line) if end < 0 else end
                if handling is UnescapedQuoteHandling.SKIP_VALUE:
                    return None, line, ending, end
                if handling is UnescapedQuoteHandling.RAISE_ERROR:
                    value = line[field_start:end]
                    raise SourceReadError(
                        f"{self.path}: unescaped quote in the quoted value {value!r}; fix the "
                        "file or set format.unescapedQuoteHandling"
                    )
                # STOP_AT_DELIMITER / BACK_TO_DELIMITER: the value is read as unquoted text
                return self.unquoted(q + "".join(parts) + line[i:end]), line, ending, end
            else:
                parts.append(char)
                i += 1

    def finish_quoted(self, value: str) -> str | None:
        o = self.o
        if o.ignore_leading_whitespaces_in_quotes:
            value = value.lstrip(JAVA_WHITESPACE)
        if o.ignore_trailing_whitespaces_in_quotes:
            value = value.rstrip(JAVA_WHITESPACE)
        if o.keep_quotes:
            return self.quote + value + self.quote
        return o.empty_value if value == "" else value


class TsvFormat(TextFormat):
    """The ``tsv`` reader: tab-separated, backslash escapes, no quoting."""

    options: TsvOptions

    def records(self, path: Path) -> Iterator[Record]:
        o = self.options
        lines = read_lines(path, o.encoding, o.line_separator, o.line_separator_detection_enabled)
        lines = _skip(lines, o.number_of_rows_to_skip)
        limits = _Limits(path, o.max_chars_per_column, o.max_columns)
        escapes = {o.escaped_tab_char: "\t", "n": "\n", "r": "\r", o.escape_char: o.escape_char}
        number = 0
        for content, _ in lines:
            if o.comment != _NO_COMMENT and content.startswith(o.comment):
                continue
            if o.skip_empty_lines and not content.strip(JAVA_WHITESPACE):
                continue
            while o.line_joining_enabled and content.endswith(o.escape_char):
                nxt = next(lines, None)
                if nxt is None:
                    break
                content = content[:-1] + "\n" + nxt[0]
            number += 1
            values = content.split("\t")
            record = [self.value(raw, escapes) for raw in values]
            yield limits.check(record, number)

    def value(self, raw: str, escapes: dict[str, str]) -> str | None:
        o = self.options
        if o.ignore_leading_whitespaces:
            raw = raw.lstrip(JAVA_WHITESPACE)
        if o.ignore_trailing_whitespaces:
            raw = raw.rstrip(JAVA_WHITESPACE)
        if not raw:
            return o.null_value
        if o.escape_char not in raw:
            return raw
        out: list[str] = []
        i = 0
        while i < len(raw):
            char = raw[i]
            if char == o.escape_char and i + 1 < len(raw) and raw[i + 1] in escapes:
                out.append(escapes[raw[i + 1]])
                i += 2
            else:
                out.append(char)
                i += 1
        return "".join(out)


class FwfFormat(TextFormat):
    """The ``fwf`` reader: each column is cut at its ``start``/``end`` offsets.

    Records follow univocity's stream rules: with ``recordEndsOnNewline: false`` (default) a
    line shorter than the record continues on the next line; with
    ``skipTrailingCharsUntilNewline: false`` (default) characters beyond the record start the
    next record. Set both to true for one record per line whatever its length.
    """

    options: FwfOptions

    def names(self, path: Path) -> list[str]:
        return [column.name for column in self.options.columns]

    def records(self, path: Path) -> Iterator[Record]:
        o = self.options
        text = read_text(path, o.encoding)
        if o.line_separator is not None:
            text = text.replace(o.line_separator, "\n")
        elif o.line_separator_detection_enabled:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        for _ in range(o.number_of_rows_to_skip):
            newline = text.find("\n")
            text = "" if newline < 0 else text[newline + 1 :]
        total = max(column.end for column in o.columns)
        limits = _Limits(path, o.max_chars_per_column, o.max_columns)
        position, size, number = 0, len(text), 0
        while position < size:
            if text[position] == "\n":
                empty_line = position == 0 or text[position - 1] == "\n"
                position += 1
                if empty_line and not o.skip_empty_lines:
                    number += 1
                    yield [None] * len(o.columns)
                continue
            if o.comment != _NO_COMMENT and text[position] == o.comment:
                newline = text.find("\n", position)
                position = size if newline < 0 else newline + 1
                continue
            limit = size
            if o.record_ends_on_newline:
                newline = text.find("\n", position)
                limit = size if newline < 0 else newline
            chunk = text[position : min(position + total, limit)]
            position += len(chunk)
            if o.skip_trailing_chars_until_newline:
                newline = text.find("\n", position)
                position = size if newline < 0 else newline
            number += 1
            record = [self.value(chunk[column.start : column.end]) for column in o.columns]
            yield limits.check(record, number)

    def value(self, raw: str) -> str | None:
        o = self.options
        if not o.keep_padding:
            raw = raw.strip(o.padding)
        if o.ignore_leading_whitespaces:
            raw = raw.lstrip(JAVA_WHITESPACE)
        if o.ignore_trailing_whitespaces:
            raw = raw.rstrip(JAVA_WHITESPACE)
        return raw if raw else o.null_value


def _skip(lines: Iterator[tuple[str, str]], count: int) -> Iterator[tuple[str, str]]:
    for _ in range(count):
        if next(lines, None) is None:
            break
    return lines


def _detect_delimiter(sample: list[str]) -> str | None:
    best, best_score = None, 0
    for candidate in _DETECTED_DELIMITERS:
        counts = [line.count(candidate) for line in sample if line]
        if not counts or min(counts) == 0:
            continue
        score = min(counts) * 2 - (max(counts) - min(counts))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _detect_quote(sample: list[str], delimiter: str) -> str | None:
    scores = {}
    for candidate in ('"', "'"):
        scores[candidate] = sum(
            value.strip(JAVA_WHITESPACE).startswith(candidate)
            for line in sample
            for value in line.split(delimiter)
        )
    best = max(scores, key=lambda candidate: scores[candidate])
    return best if scores[best] else None
