"""Acceptance tests on the shared datasets (skipped when ``../shared/datasets`` is absent).

Descriptors are written into ``tmp_path`` with a ``rootPath`` relative to that folder, as a
user's descriptor next to their data would be.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ibis_mill.sources import DescriptorError, Severity, discover, resolve, verify

from .files import write

pytestmark = pytest.mark.datasets

SKYMILL_ROWS = {
    "aircraft": 28, "aircraft_types": 3, "bookings": 1050, "cancellations": 70,
    "cargo_clients": 140, "cargo_flights": 280, "cargo_shipments": 1400, "cargo_types": 4,
    "cities": 14, "countries": 35, "delays": 280, "flight_instances": 420,
    "loyalty_earnings": 700, "passenger": 210, "ratings": 560, "segments": 56,
    "ticket_prices": 1050,
}  # fmt: skip

FORMATS = {  # reader type, folder/extension, format options
    "csv": ("csv", "csv", '{delimiter: ";"}'),
    "parquet": ("parquet", "parquet", "{}"),
    "avro": ("avro", "avro", "{}"),
    "xlsx": ("excel", "xlsx", "{}"),
}


def relative(datasets: Path, tmp_path: Path, folder: str) -> str:
    return os.path.relpath(datasets / folder, tmp_path)


def skymill(datasets: Path, tmp_path: Path, kind: str, extra: str = "") -> Path:
    reader, ext, options = FORMATS[kind]
    text = f"""
name: skymill
storage: {{type: local, rootPath: {relative(datasets, tmp_path, f"skymill/{ext}")}}}
readers:
  - type: {reader}
    format: {options[:-1]}{", " if extra and options != "{}" else ""}{extra}}}
    table:
      mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.{ext}$'}}
"""
    return write(tmp_path, f"skymill-{kind}.yaml", text)


@pytest.mark.parametrize("kind", ["csv", "parquet", "xlsx"])
def test_skymill_has_17_tables_and_6300_rows(datasets: Path, tmp_path: Path, kind: str) -> None:
    source = resolve(skymill(datasets, tmp_path, kind))
    assert source.name == "skymill"
    rows = {name: table.to_arrow().num_rows for name, table in source.tables.items()}
    assert rows == SKYMILL_ROWS
    assert sum(rows.values()) == 6300


def test_skymill_avro_lacks_flight_instances(datasets: Path, tmp_path: Path) -> None:
    # the Avro copy has no flight_instances.avro upstream (see the datasets README)
    source = resolve(skymill(datasets, tmp_path, "avro"))
    rows = {name: table.to_arrow().num_rows for name, table in source.tables.items()}
    assert rows == {k: v for k, v in SKYMILL_ROWS.items() if k != "flight_instances"}
    assert sum(rows.values()) == 6300 - 420
    assert source["bookings"].schema == pa.schema([
        ("id", pa.int64()), ("passenger_id", pa.int64()), ("flight_instance_id", pa.int64()),
        ("seat_number", pa.string()),
    ])  # fmt: skip


def test_skymill_verifies_clean_in_every_format(datasets: Path, tmp_path: Path) -> None:
    for kind in FORMATS:
        report = verify(skymill(datasets, tmp_path, kind))
        assert [i for i in report.issues if i.severity is not Severity.INFO] == [], kind


def test_text_formats_give_strings_and_parquet_types(datasets: Path, tmp_path: Path) -> None:
    csv = resolve(skymill(datasets, tmp_path, "csv"))["flight_instances"]
    xlsx = resolve(skymill(datasets, tmp_path, "xlsx"))["flight_instances"]
    parquet = resolve(skymill(datasets, tmp_path, "parquet"))["flight_instances"]
    names = ["id", "aircraft_id", "segment_id", "departure_date", "arrival_date"]
    assert csv.schema == xlsx.schema == pa.schema([(name, pa.string()) for name in names])
    assert parquet.schema == pa.schema([
        ("id", pa.int64()), ("aircraft_id", pa.int64()), ("segment_id", pa.int64()),
        ("departure_date", pa.date32()), ("arrival_date", pa.date32()),
    ])  # fmt: skip
    inferred = resolve(skymill(datasets, tmp_path, "csv", "inferSchema: true"))["flight_instances"]
    assert inferred.schema == parquet.schema.remove_metadata()
    assert inferred.to_arrow() == parquet.to_arrow()


def test_csv_equals_the_text_of_parquet_and_xlsx(datasets: Path, tmp_path: Path) -> None:
    csv = resolve(skymill(datasets, tmp_path, "csv"))
    parquet = resolve(skymill(datasets, tmp_path, "parquet"))
    xlsx = resolve(skymill(datasets, tmp_path, "xlsx"))
    differing: dict[str, int] = {}
    for name in SKYMILL_ROWS:
        text = csv[name].to_arrow()
        typed = parquet[name].to_arrow()
        sheet = xlsx[name].to_arrow()
        for column in text.column_names:
            values = text.column(column).to_pylist()
            as_text = [None if v is None else str(v) for v in typed.column(column).to_pylist()]
            assert values == as_text, (name, column)
            cells = sheet.column(column).to_pylist()
            if cells != values:
                differing[f"{name}.{column}"] = sum(a != b for a, b in zip(values, cells))
                if pa.types.is_floating(typed.schema.field(column).type):
                    assert [float(c) for c in cells] == pytest.approx(
                        [float(v) for v in values], rel=1e-14
                    )
                else:  # booleans: CSV has Python's True/False, Excel cells read as true/false
                    assert {(a, b) for a, b in zip(values, cells)} == {
                        ("True", "true"),
                        ("False", "false"),
                    }
    # Excel keeps 15-16 significant digits of some doubles; booleans are spelled differently
    assert differing == {
        "cargo_shipments.revenue": 352, "passenger.loyalty_program_member": 210,
        "ticket_prices.base_price": 453, "ticket_prices.taxes": 564,
        "ticket_prices.total_price": 248,
    }  # fmt: skip


def test_duckdb_scans_skymill_csv_like_the_python_reader(datasets: Path, tmp_path: Path) -> None:
    source = resolve(skymill(datasets, tmp_path, "csv", "inferSchema: true"))
    con = duckdb.connect()
    for name, table in source.tables.items():
        sql = table.duckdb_sql()
        assert sql is not None, name
        assert con.sql(sql).fetch_arrow_table() == table.to_arrow(), name


ALL_FORMATS = r"""
name: skymill_all
storage: {{type: local, rootPath: {root}}}
readers:
  - {{type: csv, label: csv, format: {{delimiter: ";"}},
     table: {{mapping: {{type: regex, pattern: '/csv/(?<table>[^/]+)\.csv$'}}}}}}
  - {{type: parquet, label: pq,
     table: {{mapping: {{type: regex, pattern: '/parquet/(?<table>[^/]+)\.parquet$'}}}}}}
  - {{type: avro, label: av,
     table: {{mapping: {{type: regex, pattern: '/avro/(?<table>[^/]+)\.avro$'}}}}}}
  - {{type: excel, label: xl, format: {{hasHeader: true}},
     table: {{mapping: {{type: regex, pattern: '/xlsx/(?<table>[^/]+)\.xlsx$'}}}}}}
"""


def test_all_four_formats_in_one_schema_with_labels(datasets: Path, tmp_path: Path) -> None:
    root = relative(datasets, tmp_path, "skymill")
    path = write(tmp_path, "all.yaml", ALL_FORMATS.format(root=root))
    source = resolve(path)
    assert len(source.tables) == 17 * 4 - 1
    assert "flight_instances_av" not in source.tables
    assert [
        source[f"cities_{label}"].to_arrow().num_rows for label in ("csv", "pq", "av", "xl")
    ] == [14] * 4
    assert sorted(path.name for path in source.unmapped_files) == [
        "README.md",
        "skymill-schema.md",
        "skymill.mmd",
        "skymill.puml",
    ]


def test_all_four_formats_without_labels_collide(datasets: Path, tmp_path: Path) -> None:
    root = relative(datasets, tmp_path, "skymill")
    text = re.sub(r"label: [a-z]+,\s*", "", ALL_FORMATS.format(root=root))
    report = verify(write(tmp_path, "all.yaml", text))
    rejected = report.find("conflict-rejected")
    assert [issue.context for issue in rejected] == [f"tables.{name}" for name in SKYMILL_ROWS]
    with pytest.raises(DescriptorError):
        resolve(tmp_path / "all.yaml")


PARTITIONED = r"""
name: feed
storage: {{type: local, rootPath: {root}}}
table:
  mapping:
    type: regex
    pattern: '(?<table>[a-z_]+)-\d{{4}}-\d{{2}}-\d{{2}}\.parquet$'
  attributes:
    - {{name: file_year, source: REGEX, type: INT, pattern: '/(?<y>\d{{4}})/\d{{2}}/[^/]+$', group: y}}
    - {{name: file_month, source: REGEX, type: INT, pattern: '/\d{{4}}/(?<m>\d{{2}})/[^/]+$', group: m}}
    - {{name: file_date, source: REGEX, type: DATE, pattern: '-(?<d>\d{{4}}-\d{{2}}-\d{{2}})\.parquet$',
       group: d, format: 'yyyy-MM-dd'}}
    - {{name: feed, source: CONSTANT, value: cron}}
readers:
  - type: parquet
"""


def test_partitioned_attributes_value_by_value(datasets: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path, "feed.yaml", PARTITIONED.format(root=relative(datasets, tmp_path, "partitioned"))
    )
    source = resolve(path)
    assert list(source.tables) == ["items", "person"]
    items, person = source["items"], source["person"]
    assert (len(items.files), len(person.files)) == (19, 19)
    attribute_fields = [
        pa.field("file_year", pa.int32()), pa.field("file_month", pa.int32()),
        pa.field("file_date", pa.date32()), pa.field("feed", pa.string()),
    ]  # fmt: skip
    assert list(items.schema)[5:] == attribute_fields
    assert person.schema.field("r_date_time").type == pa.timestamp("ns")
    rows = items.to_arrow()
    assert rows.num_rows == 3925
    by_month = Counter(
        zip(rows.column("file_year").to_pylist(), rows.column("file_month").to_pylist())
    )
    assert by_month == {
        (2023, 1): 554, (2023, 2): 591, (2023, 3): 666, (2023, 4): 407, (2023, 5): 454,
        (2023, 6): 502, (2023, 7): 427, (2024, 1): 210, (2024, 4): 114,
    }  # fmt: skip
    days = rows.column("file_date").to_pylist()
    assert (min(days), max(days), len(set(days))) == (date(2023, 1, 2), date(2024, 4, 2), 19)
    assert set(rows.column("feed").to_pylist()) == {"cron"}
    people = person.to_arrow()
    assert people.num_rows == 1467
    assert Counter(people.column("file_year").to_pylist()) == {2023: 1324, 2024: 143}
    con = duckdb.connect()
    assert con.sql(items.duckdb_sql()).fetch_arrow_table() == rows
    assert verify(path).valid


def test_partitioned_by_directory_mixes_tables(datasets: Path, tmp_path: Path) -> None:
    root = relative(datasets, tmp_path, "partitioned/hierarchy")
    text = f"name: p\nstorage: {{type: local, rootPath: {root}}}\n" \
           "readers: [{type: parquet, table: {mapping: {type: directory, depth: 1}}}]\n"  # fmt: skip
    result = discover(write(tmp_path, "p.yaml", text))
    assert [t.name for t in result.tables] == ["01", "02", "03", "04", "05", "06", "07"]
    assert len(result.table("01").files) == 8  # items and person files of 2023-01 and 2024-01
    report = verify(tmp_path / "p.yaml")
    misaligned = report.find("misaligned-file")
    assert misaligned and all("person-" in issue.context for issue in misaligned)
    assert not report.valid


def test_airlines_csv(datasets: Path, tmp_path: Path) -> None:
    root = relative(datasets, tmp_path, "airlines/csv")
    text = f"""
name: airlines
storage: {{type: local, rootPath: {root}}}
readers:
  - type: csv
    table:
      mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.csv$'}}
"""
    source = resolve(write(tmp_path, "airlines.yaml", text))
    assert {name: t.to_arrow().num_rows for name, t in source.tables.items()} == {
        "cities": 10, "flights": 500, "passenger": 300, "segments": 100,
    }  # fmt: skip
    assert source["cities"].schema.names[0] == "id:INT"
    glob = text.replace(
        "{type: regex, pattern: '(?<table>[^/]+)\\.csv$'}",
        "{type: glob, pattern: '*.csv', table: airlines}",
    )
    report = verify(write(tmp_path, "glob.yaml", glob))
    # upstream would concatenate the four files positionally; we refuse the misalignment
    assert len(report.find("misaligned-file")) == 3
