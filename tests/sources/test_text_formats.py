"""CSV, TSV and fixed-width files read with upstream's (univocity) rules."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from ibis_mill.sources import SourceReadError
from ibis_mill.sources.options import (
    CsvOptions,
    FwfColumn,
    FwfOptions,
    TsvOptions,
    UnescapedQuoteHandling,
)
from ibis_mill.sources.readers.text import CsvFormat, FwfFormat, TextFormat, TsvFormat

from .files import write


def read(fmt: TextFormat, path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    schema = fmt.schema(path)
    table = pa.Table.from_batches(list(fmt.batches(path, schema)), schema=schema)
    return schema.names, [tuple(row.values()) for row in table.to_pylist()]


def csv(
    tmp_path: Path, content: str | bytes, **options: object
) -> tuple[list[str], list[tuple[object, ...]]]:
    return read(CsvFormat(CsvOptions(**options)), write(tmp_path, "t.csv", content))  # type: ignore[arg-type]


def test_csv_defaults(tmp_path: Path) -> None:
    content = (
        "# a comment before the header\n"
        " id , name ,note\n"
        "1,  Oslo  ,\n"
        "\n"
        "# a comment\n"
        '2,"Rome, Italy",""\n'
        '3,"say ""hi""\nand bye"," kept "\n'
        "4\n"
        "5,x,y,extra\n"
        "6,a#b,  \n"
    )
    assert csv(tmp_path, content) == (
        ["id", "name", "note"],
        [
            ("1", "Oslo", None),  # trimmed; empty -> NULL
            ("2", "Rome, Italy", None),  # quoted empty -> NULL (emptyValue default)
            ("3", 'say "hi"\nand bye', " kept "),  # quoted values keep their spaces
            ("4", None, None),  # short rows padded
            ("5", "x", "y"),  # extra values dropped
            ("6", "a#b", None),  # comments only at line start
        ],
    )


def test_csv_null_and_empty_values(tmp_path: Path) -> None:
    assert csv(tmp_path, 'a,b\n,""\n', null_value="N/A", empty_value="<empty>")[1] == [
        ("N/A", "<empty>")
    ]


def test_csv_without_header(tmp_path: Path) -> None:
    assert csv(tmp_path, "1,2\n3,4\n", has_header=False) == (
        ["col_0", "col_1"],
        [("1", "2"), ("3", "4")],
    )


def test_csv_headers_option_names_the_columns(tmp_path: Path) -> None:
    assert csv(tmp_path, "a,b\n1,2\n", headers=("x", "y")) == (["x", "y"], [("1", "2")])


def test_csv_rows_to_skip_and_records_to_read(tmp_path: Path) -> None:
    content = "junk line\nanother\nid\n1\n2\n3\n"
    assert csv(tmp_path, content, number_of_rows_to_skip=2, number_of_records_to_read=3) == (
        ["id"],
        [("1",), ("2",)],  # the header counts as a record
    )


def test_csv_comment_disabled(tmp_path: Path) -> None:
    assert csv(tmp_path, "#id\n#1\n", comment="\0") == (["#id"], [("#1",)])


def test_csv_backslash_escape(tmp_path: Path) -> None:
    content = 'a;b\n"x\\"y";2\n'
    assert csv(tmp_path, content, delimiter=";", quote_escape="\\")[1] == [('x"y', "2")]
    kept = csv(tmp_path, content, delimiter=";", quote_escape="\\", keep_escape_sequences=True)
    assert kept[1] == [('x\\"y', "2")]


def test_csv_keep_quotes_and_whitespace_in_quotes(tmp_path: Path) -> None:
    assert csv(tmp_path, 'a\n" x "\n', keep_quotes=True)[1] == [('" x "',)]
    trimmed = csv(tmp_path, 'a\n" x "\n', ignore_leading_whitespaces_in_quotes=True,
                  ignore_trailing_whitespaces_in_quotes=True)  # fmt: skip
    assert trimmed[1] == [("x",)]


def test_csv_no_trimming(tmp_path: Path) -> None:
    assert csv(tmp_path, "a\n x \n", ignore_leading_whitespaces=False,
               ignore_trailing_whitespaces=False)[1] == [(" x ",)]  # fmt: skip


@pytest.mark.parametrize(
    ("handling", "content", "expected"),
    [
        (UnescapedQuoteHandling.STOP_AT_DELIMITER, '"ab"c,2', '"ab"c'),
        (UnescapedQuoteHandling.BACK_TO_DELIMITER, '"ab"c,2', '"ab"c'),
        (UnescapedQuoteHandling.STOP_AT_CLOSING_QUOTE, '"ab"c",2', 'ab"c'),
        (UnescapedQuoteHandling.SKIP_VALUE, '"ab"c,2', None),
    ],
)
def test_csv_unescaped_quotes(
    tmp_path: Path, handling: UnescapedQuoteHandling, content: str, expected: str | None
) -> None:
    rows = csv(tmp_path, f"a,b\n{content}\n", unescaped_quote_handling=handling)[1]
    assert rows == [(expected, "2")]


def test_csv_unescaped_quote_can_raise(tmp_path: Path) -> None:
    with pytest.raises(SourceReadError, match=r"unescaped quote in the quoted value '\"ab\"c'"):
        csv(tmp_path, 'a,b\n"ab"c,2\n', unescaped_quote_handling=UnescapedQuoteHandling.RAISE_ERROR)


def test_csv_line_endings(tmp_path: Path) -> None:
    assert csv(tmp_path, 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n')[1] == [("1", "x\ny"), ("2", "z")]
    assert csv(tmp_path, "a,b\r1,2\r3,4\r")[1] == [("1", "2"), ("3", "4")]
    assert csv(tmp_path, 'a\r\n"x\r\ny"\r\n', normalize_line_endings_within_quotes=False)[1] == [
        ("x\r\ny",)
    ]
    assert csv(tmp_path, "a|1|2|", line_separator="|")[1] == [("1",), ("2",)]


def test_csv_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    assert csv(tmp_path, "\ufeffid,name\n1,x\n".encode()) == (["id", "name"], [("1", "x")])


def test_csv_encoding(tmp_path: Path) -> None:
    content = "ville\nSète\n".encode("latin-1")
    assert csv(tmp_path, content, encoding="latin-1")[1] == [("Sète",)]
    with pytest.raises(
        SourceReadError, match=r"is not valid utf-8 \(byte 7\): set format.encoding"
    ):
        csv(tmp_path, content)


def test_csv_limits(tmp_path: Path) -> None:
    with pytest.raises(
        SourceReadError, match=r"record 2 has 3 columns, more than maxColumns \(2\)"
    ):
        csv(tmp_path, "a,b\n1,2,3\n", max_columns=2)
    with pytest.raises(
        SourceReadError, match=r"has 5 characters, more than maxCharsPerColumn \(4\)"
    ):
        csv(tmp_path, "a\n12345\n", max_chars_per_column=4)
    assert csv(tmp_path, "a\n12345\n", max_chars_per_column=-1)[1] == [("12345",)]


def test_csv_detection(tmp_path: Path) -> None:
    content = "a;b\n'x;y';2\n"
    assert csv(tmp_path, content, delimiter_detection_enabled=True, quote_detection_enabled=True)[
        1
    ] == [("x;y", "2")]


def test_csv_empty_file_has_no_columns(tmp_path: Path) -> None:
    assert csv(tmp_path, "") == ([], [])


def test_csv_keeps_blank_lines_when_asked(tmp_path: Path) -> None:
    assert csv(tmp_path, "a,b\n1,2\n\n3,4\n", skip_empty_lines=False)[1] == [
        ("1", "2"),
        (None, None),
        ("3", "4"),
    ]


def test_tsv(tmp_path: Path) -> None:
    content = "id\tnote\n1\ta\\tb\\nc\\\\d\n2\t\n# comment\n3\t x \n"
    assert read(TsvFormat(TsvOptions()), write(tmp_path, "t.tsv", content)) == (
        ["id", "note"],
        [("1", "a\tb\nc\\d"), ("2", None), ("3", "x")],
    )


def test_tsv_line_joining_and_null_value(tmp_path: Path) -> None:
    content = "id\tnote\n1\tfirst\\\nsecond\n2\t\n"
    fmt = TsvFormat(TsvOptions(line_joining_enabled=True, null_value="-"))
    assert read(fmt, write(tmp_path, "t.tsv", content))[1] == [("1", "first\nsecond"), ("2", "-")]


COLUMNS = (FwfColumn("id", 0, 3), FwfColumn("city", 3, 10))


def test_fwf_one_record_per_line(tmp_path: Path) -> None:
    content = "001Oslo   \n002Rome   \n# comment\n003       \n"
    assert read(FwfFormat(FwfOptions(columns=COLUMNS)), write(tmp_path, "t.txt", content)) == (
        ["id", "city"],
        [("001", "Oslo"), ("002", "Rome"), ("003", None)],
    )


def test_fwf_ragged_lines_follow_the_stream_rules(tmp_path: Path) -> None:
    content = "001Oslo\n002Rome   \n"
    path = write(tmp_path, "t.txt", content)
    # upstream defaults: a short line continues on the next one
    assert read(FwfFormat(FwfOptions(columns=COLUMNS)), path)[1] == [
        ("001", "Oslo\n00"),
        ("2Ro", "me"),
    ]
    per_line = FwfOptions(columns=COLUMNS, record_ends_on_newline=True,
                          skip_trailing_chars_until_newline=True)  # fmt: skip
    assert read(FwfFormat(per_line), write(tmp_path, "u.txt", "001Oslo\n002Rome   xyz\n"))[1] == [
        ("001", "Oslo"),
        ("002", "Rome"),
    ]


def test_fwf_offsets_padding_and_header(tmp_path: Path) -> None:
    columns = (FwfColumn("id", 0, 3), FwfColumn("city", 5, 12))
    options = FwfOptions(columns=columns, padding="_", has_header=True)
    content = "ID   CITY___\n001..Oslo___\n"
    assert read(FwfFormat(options), write(tmp_path, "t.txt", content)) == (
        ["id", "city"],
        [("001", "Oslo")],
    )
    kept = FwfOptions(columns=columns, padding="_", keep_padding=True)
    assert read(FwfFormat(kept), write(tmp_path, "u.txt", "001..Oslo___\n"))[1] == [
        ("001", "Oslo___")
    ]
