"""Loading descriptors: sources of input, defaults, coercions and path resolution."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from ibis_mill.sources import Descriptor, load, load_dict, load_file, load_string, verify
from ibis_mill.sources.model import (
    AttributeSource,
    AttributeType,
    DirectoryMapping,
    GlobMapping,
    RegexMapping,
    Strategy,
)
from ibis_mill.sources.options import (
    CsvOptions,
    ExcelOptions,
    FwfColumn,
    FwfOptions,
    ParquetOptions,
    TsvOptions,
    UnescapedQuoteHandling,
)

from .files import write

MINIMAL = """
name: skymill
storage:
  type: local
  rootPath: data/csv
table:
  mapping:
    type: regex
    pattern: '(?<table>[^/]+)\\.csv$'
readers:
  - type: csv
    format:
      delimiter: ";"
"""


def test_file_root_path_is_relative_to_the_descriptor_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "conf/skymill.yaml", MINIMAL)
    descriptor = load_file(path)
    assert descriptor.path == path
    assert descriptor.storage.root_path == "data/csv"
    assert descriptor.storage.root == tmp_path / "conf" / "data" / "csv"


def test_string_and_dict_root_path_is_relative_to_base_dir(tmp_path: Path) -> None:
    assert load_string(MINIMAL, base_dir=tmp_path).storage.root == tmp_path / "data" / "csv"
    data = {"name": "s", "storage": {"type": "local", "rootPath": "../x/./y"},
            "readers": [{"type": "parquet", "table": {"mapping": {"type": "directory"}}}]}  # fmt: skip
    assert load_dict(data, base_dir=tmp_path / "a").storage.root == tmp_path / "x" / "y"


def test_dict_root_path_defaults_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_string(MINIMAL).storage.root == Path(os.getcwd()) / "data" / "csv"


def test_load_accepts_every_kind_of_input(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yml", MINIMAL)
    from_path = load(path)
    from_str_path = load(str(path))
    from_text = load(MINIMAL, base_dir=tmp_path)
    assert from_path == from_str_path
    assert from_text == dataclasses.replace(from_path, path=None)
    assert load(from_path) is from_path


def test_minimal_descriptor_with_defaults(tmp_path: Path) -> None:
    descriptor = load_string(MINIMAL, base_dir=tmp_path)
    assert isinstance(descriptor, Descriptor)
    assert descriptor.name == "skymill"
    assert descriptor.conflicts.default is Strategy.REJECT and descriptor.conflicts.rules == {}
    (reader,) = descriptor.readers
    assert reader.type == "csv" and reader.label is None and reader.table is None
    assert reader.format == CsvOptions(delimiter=";")
    spec = descriptor.table_spec(reader)
    assert spec is descriptor.table
    assert isinstance(spec.mapping, RegexMapping)
    assert spec.mapping.table_name_group == "table"
    assert spec.attributes == ()


def test_csv_option_defaults_are_upstream_ones() -> None:
    o = CsvOptions()
    assert (o.delimiter, o.quote, o.quote_escape, o.comment) == (",", '"', '"', "#")
    assert (o.has_header, o.null_value, o.empty_value, o.skip_empty_lines) == (
        True,
        None,
        None,
        True,
    )
    assert (o.ignore_leading_whitespaces, o.ignore_trailing_whitespaces) == (True, True)
    assert (o.max_chars_per_column, o.max_columns, o.number_of_rows_to_skip) == (4096, 512, 0)
    assert o.unescaped_quote_handling is UnescapedQuoteHandling.STOP_AT_DELIMITER
    assert o.line_separator_detection_enabled is True
    assert (o.infer_schema, o.encoding) == (False, "utf-8")
    assert TsvOptions().line_separator_detection_enabled is False
    assert (TsvOptions().escape_char, TsvOptions().escaped_tab_char) == ("\\", "t")
    assert FwfOptions().has_header is False
    assert ExcelOptions().has_header is True


def test_format_option_coercions(tmp_path: Path) -> None:
    text = r"""
name: s
storage: {type: local, rootPath: .}
readers:
  - type: csv
    label: 2024
    format:
      delimiter: '\t'
      quote: "''"
      comment: "\0"
      hasHeader: "false"
      maxColumns: "12"
      nullValue: 0
      headers: [a, 1, true]
      unescapedQuoteHandling: raise_error
      quoteEscape: ""
    table: {mapping: {type: glob, pattern: '*.csv', table: all}}
"""
    (reader,) = load_string(text, base_dir=tmp_path).readers
    assert reader.label == "2024"
    assert reader.format == CsvOptions(
        delimiter="\t", quote="'", comment="\0", has_header=False, max_columns=12,
        null_value="0", headers=("a", "1", "true"),
        unescaped_quote_handling=UnescapedQuoteHandling.RAISE_ERROR,
    )  # fmt: skip


def test_reader_table_replaces_the_source_table(tmp_path: Path) -> None:
    text = """
name: s
storage: {type: local, rootPath: .}
table:
  mapping: {type: directory, depth: 2}
  attributes: [{name: feed, source: CONSTANT, value: x}]
readers:
  - type: parquet
  - type: tsv
    table: {mapping: {type: glob, pattern: '**/*.tsv', table: tsvs}}
"""
    descriptor = load_string(text, base_dir=tmp_path)
    parquet, tsv = descriptor.readers
    assert parquet.format == ParquetOptions()
    assert descriptor.table_spec(parquet).mapping == DirectoryMapping(2)
    assert len(descriptor.table_spec(parquet).attributes) == 1
    spec = descriptor.table_spec(tsv)
    assert isinstance(spec.mapping, GlobMapping)
    assert (spec.mapping.pattern, spec.mapping.table, spec.attributes) == ("**/*.tsv", "tsvs", ())


def test_attributes_accept_upstream_and_lowercase_spellings(tmp_path: Path) -> None:
    text = r"""
name: s
storage: {type: local, rootPath: .}
readers:
  - type: parquet
    table:
      mapping: {type: regex, pattern: '(?<table>[a-z]+)\.parquet$'}
      attributes:
        - {name: y, source: REGEX, type: INT, pattern: '/(?<y>\d{4})/', group: y}
        - {name: d, source: regex, type: date, pattern: '(?<d>\d{8})', group: d, format: yyyyMMdd}
        - {name: feed, source: constant, value: cron}
"""
    (reader,) = load_string(text, base_dir=tmp_path).readers
    y, d, feed = reader.table.attributes
    assert (y.source, y.type, y.group) == (AttributeSource.REGEX, AttributeType.INT, "y")
    assert (d.source, d.type, d.format) == (AttributeSource.REGEX, AttributeType.DATE, "yyyyMMdd")
    assert (feed.source, feed.type, feed.value) == (
        AttributeSource.CONSTANT,
        AttributeType.STRING,
        "cron",
    )


def test_conflicts_forms(tmp_path: Path) -> None:
    def conflicts(value: str) -> object:
        text = f"name: s\nstorage: {{type: local, rootPath: .}}\nconflicts: {value}\n" \
               "readers: [{type: parquet, table: {mapping: {type: directory}}}]\n"  # fmt: skip
        return load_string(text, base_dir=tmp_path).conflicts

    assert conflicts("UNION").default is Strategy.UNION
    mapped = conflicts("{default: union, orders: Reject}")
    assert mapped.default is Strategy.UNION and mapped.rules == {"orders": Strategy.REJECT}


def test_fwf_columns(tmp_path: Path) -> None:
    text = """
name: s
storage: {type: local, rootPath: .}
readers:
  - type: fwf
    format:
      columns: [{name: id, start: 0, end: 3}, {name: city, start: 3, end: 10}]
      padding: "_"
    table: {mapping: {type: glob, pattern: '*.txt', table: t}}
"""
    (reader,) = load_string(text, base_dir=tmp_path).readers
    assert reader.format.columns == (FwfColumn("id", 0, 3), FwfColumn("city", 3, 10))
    assert reader.format.padding == "_"


def test_fwf_gap_is_a_warning(tmp_path: Path) -> None:
    text = """
name: s
storage: {type: local, rootPath: .}
readers:
  - type: fwf
    format: {columns: [{name: a, start: 0, end: 2}, {name: b, start: 4, end: 6}]}
    table: {mapping: {type: glob, pattern: '*.txt', table: t}}
"""
    report = verify(text, base_dir=tmp_path, deep=False)
    assert report.valid
    (issue,) = report.find("fwf-layout")
    assert issue.context == "readers[0].format.columns[1].start"
    assert issue.message.startswith("column 'b' starts at 4, not at 2 where the previous one ends")


def test_constant_that_cannot_convert_is_a_warning(tmp_path: Path) -> None:
    text = """
name: s
storage: {type: local, rootPath: .}
readers:
  - type: parquet
    table:
      mapping: {type: directory}
      attributes: [{name: n, source: CONSTANT, type: INT, value: ten}]
"""
    (issue,) = verify(text, base_dir=tmp_path, deep=False).find("constant-not-convertible")
    assert (issue.context, issue.message) == (
        "readers[0].table.attributes[0].value",
        "value 'ten' is not a valid INT: the column will be NULL",
    )
