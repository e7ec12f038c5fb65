"""Excel, Avro, Arrow IPC and Parquet files (generated here) read into Arrow."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import fastavro
import openpyxl
import pyarrow as pa
import pytest

from ibis_mill.sources import SchemaMismatchError, SourceReadError
from ibis_mill.sources.options import ExcelOptions
from ibis_mill.sources.readers import FileFormat
from ibis_mill.sources.readers.avro import AvroFormat
from ibis_mill.sources.readers.columnar import ArrowFormat, ParquetFormat
from ibis_mill.sources.readers.excel import ExcelFormat

from .files import write, write_parquet


def read(fmt: FileFormat, path: Path) -> pa.Table:
    schema = fmt.schema(path)
    return pa.Table.from_batches(list(fmt.batches(path, schema)), schema=schema)


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
    book.save(path)
    return path


def test_excel_cells_become_text(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {"first": [
        [" id ", "price", "ok", "day", "at", "note", None, "tail"],
        [1, 2.5, True, dt.datetime(2026, 4, 4), dt.datetime(2026, 4, 4, 10, 15, 30), "  ", None, 7.0],
        [],
        [3, 1e20, False, None, None, "x", "beyond?", None],
    ]})  # fmt: skip
    table = read(ExcelFormat(ExcelOptions()), path)
    assert table.schema.names == ["id", "price", "ok", "day", "at", "note", "col_6", "tail"]
    assert set(table.schema.types) == {pa.string()}
    assert table.to_pylist() == [
        {"id": "1", "price": "2.5", "ok": "true", "day": "2026-04-04", "at": "2026-04-04T10:15:30",
         "note": None, "col_6": None, "tail": "7"},
        dict.fromkeys(table.schema.names),  # a missing row is an all-NULL row
        {"id": "3", "price": "100000000000000000000", "ok": "false", "day": None, "at": None,
         "note": "x", "col_6": "beyond?", "tail": None},
    ]  # fmt: skip


def test_excel_sheet_selection(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {
        "Data 2023": [["id"], [1]], "Data 2024": [["id"], [2]], "notes": [["text"], ["n"]],
    })  # fmt: skip

    def ids(**options: object) -> list[str | None]:
        table = read(ExcelFormat(ExcelOptions(**options)), path)  # type: ignore[arg-type]
        return table.column(0).to_pylist()

    assert ids() == ["1"]
    assert ids(sheet_name="DATA 2024") == ["2"]
    assert ids(sheet_index=1) == ["2"]
    assert ids(sheet_pattern=r"Data \d{4}") == ["1", "2"]
    assert ids(all_sheets=True, exclude_sheets=("NOTES",)) == ["1", "2"]
    assert ids(all_sheets=True, exclude_sheet_pattern=r"notes|Data 2023") == ["2"]
    assert ids(sheet_pattern=r"Data \d{4}", sheet_name="notes") == ["1", "2"]  # pattern first
    with pytest.raises(
        SourceReadError, match=r"no sheet selected \(sheets: Data 2023, Data 2024, notes\)"
    ):
        ids(sheet_name="missing")
    with pytest.raises(
        SchemaMismatchError,
        match=r"sheet 'notes' has columns \['text'\], but sheet 'Data 2023' has \['id'\]",
    ):
        ids(all_sheets=True)


def test_excel_without_header_and_bad_header(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {"s": [[10, "a"], [20, "b"]]})
    table = read(ExcelFormat(ExcelOptions(has_header=False)), path)
    assert table.to_pydict() == {"col_0": ["10", "20"], "col_1": ["a", "b"]}
    with pytest.raises(SourceReadError, match=r"sheet 's' header cell 1 is 10, not text"):
        ExcelFormat(ExcelOptions()).schema(path)


def test_excel_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(
        SourceReadError, match=r"\.xls \(Excel 97-2003\) workbooks are not supported"
    ):
        ExcelFormat(ExcelOptions()).schema(write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0"))
    with pytest.raises(SourceReadError, match=r"is not a readable \.xlsx workbook"):
        ExcelFormat(ExcelOptions()).schema(write(tmp_path, "bad.xlsx", b"nope"))


def avro(path: Path, schema: dict[str, object], records: list[dict[str, object]]) -> Path:
    with open(path, "wb") as handle:
        fastavro.writer(handle, fastavro.parse_schema(schema), records)
    return path


def test_avro_types(tmp_path: Path) -> None:
    schema = {"type": "record", "name": "R", "fields": [
        {"name": "id", "type": "long"},
        {"name": "name", "type": ["null", "string"]},
        {"name": "score", "type": ["null", "double"]},
        {"name": "ok", "type": "boolean"},
        {"name": "small", "type": "int"},
        {"name": "ratio", "type": "float"},
        {"name": "raw", "type": "bytes"},
        {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 2}},
        {"name": "again", "type": ["null", "Code"]},
        {"name": "suit", "type": {"type": "enum", "name": "Suit", "symbols": ["HEART", "SPADE"]}},
        {"name": "nothing", "type": "null"},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}},
        {"name": "key", "type": {"type": "string", "logicalType": "uuid"}},
    ]}  # fmt: skip
    record = {
        "id": 1, "name": None, "score": 2.5, "ok": True, "small": 3, "ratio": 0.5, "raw": b"\x00",
        "code": b"ab", "again": None, "suit": "SPADE", "nothing": None, "day": dt.date(2024, 1, 2),
        "at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        "amount": decimal.Decimal("123.45"), "key": "12345678-1234-5678-1234-567812345678",
    }  # fmt: skip
    table = read(AvroFormat(), avro(tmp_path / "t.avro", schema, [record]))
    assert table.schema == pa.schema([
        pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string()),
        pa.field("score", pa.float64()), pa.field("ok", pa.bool_(), nullable=False),
        pa.field("small", pa.int32(), nullable=False), pa.field("ratio", pa.float32(), nullable=False),
        pa.field("raw", pa.binary(), nullable=False), pa.field("code", pa.binary(2), nullable=False),
        pa.field("again", pa.binary(2)), pa.field("suit", pa.string(), nullable=False),
        pa.field("nothing", pa.string()), pa.field("day", pa.date32(), nullable=False),
        pa.field("at", pa.timestamp("ms", tz="UTC"), nullable=False),
        pa.field("amount", pa.decimal128(5, 2), nullable=False),
        pa.field("key", pa.string(), nullable=False),
    ])  # fmt: skip
    assert table.to_pylist() == [record]


@pytest.mark.parametrize(
    ("field_type", "message"),
    [
        ({"type": "array", "items": "int"}, "field 'x' has type 'array', which is not supported"),
        (["null", "int", "string"], "field 'x' is a union of several types"),
    ],
)
def test_avro_unsupported_fields(tmp_path: Path, field_type: object, message: str) -> None:
    schema = {"type": "record", "name": "R", "fields": [{"name": "x", "type": field_type}]}
    path = avro(tmp_path / "t.avro", schema, [])
    with pytest.raises(SourceReadError, match=message):
        AvroFormat().schema(path)


def test_arrow_file_and_stream(tmp_path: Path) -> None:
    table = pa.table(
        {"id": pa.array([1, 2], pa.int16()), "at": pa.array([0, 1], pa.timestamp("s", "UTC"))}
    )
    with (
        pa.OSFile(str(tmp_path / "f.arrow"), "wb") as sink,
        pa.ipc.new_file(sink, table.schema) as out,
    ):
        out.write_table(table)
    with (
        pa.OSFile(str(tmp_path / "s.arrows"), "wb") as sink,
        pa.ipc.new_stream(sink, table.schema) as out,
    ):
        out.write_table(table)
    assert read(ArrowFormat(), tmp_path / "f.arrow") == table
    assert read(ArrowFormat(), tmp_path / "s.arrows") == table


def test_arrow_refuses_decimals(tmp_path: Path) -> None:
    table = pa.table({"d": pa.array([decimal.Decimal("1.5")], pa.decimal128(3, 1))})
    with (
        pa.OSFile(str(tmp_path / "f.arrow"), "wb") as sink,
        pa.ipc.new_file(sink, table.schema) as out,
    ):
        out.write_table(table)
    with pytest.raises(
        SourceReadError,
        match=r"column 'd' has type decimal128\(3, 1\), which Mill sources do not support",
    ):
        ArrowFormat().schema(tmp_path / "f.arrow")
    with pytest.raises(SourceReadError, match="is not a readable Arrow IPC file or stream"):
        ArrowFormat().schema(write(tmp_path, "x.arrow", b"nope"))


def test_parquet_flat_only(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, "n.parquet", pa.table({"tags": [[1, 2]]}))
    with pytest.raises(SourceReadError, match=r"column 'tags' has type list<element: int64>"):
        ParquetFormat().schema(path)


def test_parquet_reads_columns_by_name(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, "t.parquet", pa.table({"b": ["x"], "a": [1], "c": [0.5]}))
    wanted = pa.schema([pa.field("a", pa.int64()), pa.field("b", pa.string())])
    batches = list(ParquetFormat().batches(path, wanted))
    assert pa.Table.from_batches(batches).to_pydict() == {"a": [1], "b": ["x"]}
