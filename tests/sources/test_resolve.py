"""Resolving descriptors into tables: naming, schemas, attributes, reading and DuckDB scans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ibis_mill.sources import (
    DescriptorError,
    SchemaMismatchError,
    SourceReadError,
    discover,
    resolve,
    verify,
)

from .files import write, write_parquet

HEADER = """
name: shop
storage: {type: local, rootPath: data}
"""


def descriptor(body: str) -> str:
    return HEADER + body


def test_labels_split_a_name_produced_by_two_readers(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "cities.csv", "id,name\n1,Oslo\n")
    write_parquet(data_root, "cities.parquet", pa.table({"id": [2], "name": ["Rome"]}))
    write(data_root, "orders.csv", "id\n7\n")
    source = resolve(descriptor(r"""
readers:
  - {type: csv, label: csv, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.csv$'}}}
  - {type: parquet, label: pq, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.parquet$'}}}
"""), base_dir=tmp_path)  # fmt: skip
    assert source.name == "shop"
    assert list(source.tables) == ["cities_csv", "cities_pq", "orders_csv"]
    assert source["cities_csv"].to_arrow().to_pydict() == {"id": ["1"], "name": ["Oslo"]}
    assert source["cities_pq"].to_arrow().to_pydict() == {"id": [2], "name": ["Rome"]}
    assert source["cities_pq"].format == "parquet"
    with pytest.raises(KeyError, match="source 'shop' has no table 'cities'"):
        source["cities"]


def test_union_rules_and_label_suppression(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "a/cities.csv", "id,name\n1,Oslo\n")
    write(data_root, "b/cities.csv", "id,name\n2,Rome\n")
    write(data_root, "b/orders.csv", "id\n9\n")
    body = r"""
conflicts: {cities: union, orders: reject}
readers:
  - {type: csv, label: a, table: {mapping: {type: regex, pattern: '/a/(?<table>[^/]+)\.csv$'}}}
  - {type: csv, label: b, table: {mapping: {type: regex, pattern: '/b/(?<table>[^/]+)\.csv$'}}}
"""
    source = resolve(descriptor(body), base_dir=tmp_path)
    # an explicit rule ignores labels: 'cities' (union), 'orders' (reject, one reader)
    assert list(source.tables) == ["cities", "orders"]
    cities = source["cities"]
    assert cities.files == [data_root / "a/cities.csv", data_root / "b/cities.csv"]
    assert cities.to_arrow().to_pydict() == {"id": ["1", "2"], "name": ["Oslo", "Rome"]}
    report = verify(descriptor(body), base_dir=tmp_path)
    assert report.valid
    assert [i.message for i in report.find("conflict-union")] == [
        "table 'cities' from readers[0] (csv), readers[1] (csv) is one union table (explicit rule)"
    ]


def test_default_union_without_labels(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "x/t.csv", "id\n1\n")
    write(data_root, "y/t.tsv", "id\n2\n")
    source = resolve(descriptor(r"""
conflicts: union
readers:
  - {type: csv, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.csv$'}}}
  - {type: tsv, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.tsv$'}}}
"""), base_dir=tmp_path)  # fmt: skip
    assert source["t"].to_arrow().to_pydict() == {"id": ["1", "2"]}


def test_collision_under_reject_raises_with_the_issue(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "t.csv", "id\n1\n")
    write(data_root, "t.tsv", "id\n2\n")
    with pytest.raises(DescriptorError) as raised:
        resolve(descriptor(r"""
readers:
  - {type: csv, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.csv$'}}}
  - {type: tsv, label: tsv, table: {mapping: {type: regex, pattern: '(?<table>[^/]+)\.tsv$'}}}
"""), base_dir=tmp_path)  # fmt: skip
    (issue,) = raised.value.issues
    assert (issue.code, issue.context) == ("conflict-rejected", "tables.t")
    assert "give readers[0] a label" in issue.message
    assert str(raised.value).startswith(
        "source 'shop' cannot be resolved\n  ERROR [deep/conflict-rejected]"
    )


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(DescriptorError, match=r"root path .*nope does not exist"):
        resolve(
            HEADER.replace("data", "nope")
            + "readers: [{type: csv, table: {mapping: {type: directory}}}]",
            base_dir=tmp_path,
        )


PARTITIONED = r"""
table:
  mapping: {type: regex, pattern: '/(?<table>[a-z]+)-\d{4}-\d{2}-\d{2}\.parquet$'}
  attributes:
    - {name: year, source: REGEX, type: INT, pattern: '/(?<y>\d{4})/\d{2}/', group: y}
    - {name: day, source: REGEX, type: DATE, pattern: '-(?<d>\d{4}-\d{2}-\d{2})\.', group: d, format: yyyy-MM-dd}
    - {name: at, source: REGEX, type: TIMESTAMP, pattern: '-(?<d>\d{4}-\d{2}-\d{2})\.', group: d, format: "yyyy-MM-dd[ HH:mm]"}
    - {name: feed, source: CONSTANT, value: cron}
    - {name: id, source: CONSTANT, type: LONG, value: "0"}
readers:
  - type: parquet
"""


def partitioned(data_root: Path) -> None:
    write_parquet(
        data_root, "2023/01/items-2023-01-02.parquet", pa.table({"id": [1, 2], "v": [0.5, 1.5]})
    )
    write_parquet(data_root, "2024/02/items-2024-02-30.parquet", pa.table({"id": [3], "v": [2.5]}))


def test_attributes_are_typed_columns_per_file(tmp_path: Path, data_root: Path) -> None:
    partitioned(data_root)
    table = resolve(descriptor(PARTITIONED), base_dir=tmp_path)["items"]
    assert table.schema == pa.schema([
        pa.field("v", pa.float64()), pa.field("year", pa.int32()), pa.field("day", pa.date32()),
        pa.field("at", pa.timestamp("us")), pa.field("feed", pa.string()),
        pa.field("id", pa.int64()),
    ])  # fmt: skip
    assert table.to_arrow().to_pylist() == [
        {"v": 0.5, "year": 2023, "day": dt.date(2023, 1, 2), "at": None, "feed": "cron", "id": 0},
        {"v": 1.5, "year": 2023, "day": dt.date(2023, 1, 2), "at": None, "feed": "cron", "id": 0},
        {"v": 2.5, "year": 2024, "day": dt.date(2024, 2, 29), "at": None, "feed": "cron", "id": 0},
    ]
    report = verify(descriptor(PARTITIONED), base_dir=tmp_path)
    assert report.valid
    assert [(i.code, i.message.split(" for ")[0]) for i in report.warnings] == [
        ("attribute-replaces-column", "attribute 'id' replaces the data column of the same name in table 'items'"),
        ("attribute-null", "attribute 'at' is NULL"),
    ]  # fmt: skip


def test_duckdb_scan_of_parquet_equals_the_arrow_read(tmp_path: Path, data_root: Path) -> None:
    partitioned(data_root)
    table = resolve(descriptor(PARTITIONED), base_dir=tmp_path)["items"]
    sql = table.duckdb_sql()
    assert sql is not None and sql.startswith('SELECT "v", CAST(CASE "__mill_file" WHEN ')
    con = duckdb.connect()
    assert con.sql(sql).fetch_arrow_table() == table.to_arrow()
    assert table.duckdb_relation(con).fetchall() == con.sql(sql).fetchall()


def test_parquet_without_attributes_is_a_plain_scan(tmp_path: Path, data_root: Path) -> None:
    path = write_parquet(data_root, "t.parquet", pa.table({"a": [1]}))
    table = resolve(
        descriptor(
            "readers: [{type: parquet, table: {mapping: {type: glob, pattern: '*.parquet', table: t}}}]"
        ),
        base_dir=tmp_path,
    )["t"]
    assert table.duckdb_sql() == f"SELECT \"a\" FROM read_parquet(['{path.as_posix()}'])"


def test_csv_scan_equals_the_arrow_read_and_falls_back_when_it_cannot(
    tmp_path: Path, data_root: Path
) -> None:
    write(data_root, "plain/t.csv", ' id ; name ;at\n1;" Oslo";2024-01-02\n2;;\n3;"a;b"\n')
    write(data_root, "commented/t.csv", "# note\nid;name;at\n1;x;2024-01-02\n")
    body = r"""
readers:
  - type: csv
    format: {delimiter: ";", inferSchema: true}
    table: {mapping: {type: regex, pattern: '/(?<table>[a-z]+)/t\.csv$'}}
"""
    source = resolve(descriptor(body), base_dir=tmp_path)
    con = duckdb.connect()
    plain = source["plain"]
    assert plain.schema == pa.schema(
        [("id", pa.int64()), ("name", pa.string()), ("at", pa.date32())]
    )
    assert plain.to_arrow().to_pydict() == {
        "id": [1, 2, 3], "name": [" Oslo", None, "a;b"], "at": [dt.date(2024, 1, 2), None, None]
    }  # fmt: skip
    sql = plain.duckdb_sql()
    assert sql is not None
    native = con.sql(sql).fetch_arrow_table()
    # the one documented difference: edge spaces of quoted values are trimmed by the scan
    assert native.column("name").to_pylist() == ["Oslo", None, "a;b"]
    assert native.drop_columns("name") == plain.to_arrow().drop_columns("name")
    assert source["commented"].duckdb_sql() is None  # the file holds the comment character
    assert source["commented"].duckdb_relation(con).fetchall() == [(1, "x", dt.date(2024, 1, 2))]


def test_other_formats_have_no_native_scan(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "t.tsv", "a\n1\n")
    source = resolve(
        descriptor(
            "readers: [{type: tsv, table: {mapping: {type: glob, pattern: '*.tsv', table: t}}}]"
        ),
        base_dir=tmp_path,
    )
    assert source["t"].duckdb_sql() is None
    assert source["t"].duckdb_relation(duckdb.connect()).fetchall() == [("1",)]


def test_text_columns_are_strings_unless_inferred(tmp_path: Path, data_root: Path) -> None:
    write(
        data_root,
        "t.csv",
        "i,f,b,d,ts,s,n\n1,1.5,true,2024-01-02,2024-01-02 03:04:05,x,\n-2,2,FALSE,2024-12-31,2024-01-02T03:04,7,\n",
    )
    mapping = "table: {mapping: {type: glob, pattern: '*.csv', table: t}}"
    strings = resolve(descriptor(f"readers: [{{type: csv, {mapping}}}]"), base_dir=tmp_path)["t"]
    assert set(strings.schema.types) == {pa.string()}
    assert all(f.nullable for f in strings.schema)
    typed = resolve(
        descriptor(f"readers: [{{type: csv, format: {{inferSchema: true}}, {mapping}}}]"),
        base_dir=tmp_path,
    )["t"]
    assert typed.schema == pa.schema([
        ("i", pa.int64()), ("f", pa.float64()), ("b", pa.bool_()), ("d", pa.date32()),
        ("ts", pa.timestamp("us")), ("s", pa.string()), ("n", pa.string()),
    ])  # fmt: skip
    assert typed.to_arrow().to_pylist()[1] == {
        "i": -2, "f": 2.0, "b": False, "d": dt.date(2024, 12, 31),
        "ts": dt.datetime(2024, 1, 2, 3, 4), "s": "7", "n": None,
    }  # fmt: skip


def test_inferred_types_that_a_later_file_breaks(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "a/t.csv", "n\n1\n")
    write(data_root, "b/t.csv", "n\none\n")
    body = "readers: [{type: csv, format: {inferSchema: true}, table: {mapping: {type: glob, pattern: '*.csv', table: t}}}]"
    table = resolve(descriptor(body), base_dir=tmp_path)["t"]
    with pytest.raises(
        SourceReadError,
        match=r"b/t.csv: column 'n' was inferred as int64 from the table's first file",
    ):
        table.to_arrow()


def test_misaligned_files_are_refused_not_shifted(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "a/t.csv", "id,name\n1,x\n")
    write(data_root, "b/t.csv", "name,id\ny,2\n")
    body = "readers: [{type: csv, table: {mapping: {type: glob, pattern: '*.csv', table: t}}}]"
    table = resolve(descriptor(body), base_dir=tmp_path)["t"]
    message = (
        f"table 't': file {data_root / 'b/t.csv'} has columns ['name', 'id'] but the table's "
        "first file has ['id', 'name']; matched by position, its rows would be misaligned"
    )
    with pytest.raises(SchemaMismatchError) as raised:
        table.to_arrow()
    assert str(raised.value).startswith(message)
    with pytest.raises(SchemaMismatchError):
        table.duckdb_sql()


def test_reading_is_lazy_file_by_file(tmp_path: Path, data_root: Path) -> None:
    write_parquet(data_root, "t-1.parquet", pa.table({"a": [1]}))
    write(data_root, "t-2.parquet", b"broken")
    body = (
        "readers: [{type: parquet, table: {mapping: {type: glob, pattern: '*.parquet', table: t}}}]"
    )
    reader = resolve(descriptor(body), base_dir=tmp_path)["t"].to_reader()
    assert reader.read_next_batch().to_pydict() == {"a": [1]}
    with pytest.raises(SourceReadError, match="cannot read the Parquet footer of .*t-2.parquet"):
        reader.read_next_batch()


def test_extra_parquet_columns_are_ignored_with_a_warning(tmp_path: Path, data_root: Path) -> None:
    write_parquet(data_root, "t-1.parquet", pa.table({"a": [1]}))
    later = write_parquet(data_root, "t-2.parquet", pa.table({"z": ["x"], "a": [2]}))
    body = (
        "readers: [{type: parquet, table: {mapping: {type: glob, pattern: '*.parquet', table: t}}}]"
    )
    assert resolve(descriptor(body), base_dir=tmp_path)["t"].to_arrow().to_pydict() == {"a": [1, 2]}
    (issue,) = verify(descriptor(body), base_dir=tmp_path).find("extra-columns")
    assert (issue.context, issue.message) == (
        str(later),
        "file of table 't' has columns the table does not have, which are ignored: ['z']",
    )


def test_union_table_takes_attributes_from_each_files_reader(
    tmp_path: Path, data_root: Path
) -> None:
    write(data_root, "x/t.csv", "id\n1\n")
    write(data_root, "y/t.csv", "id\n2\n")
    source = resolve(descriptor(r"""
conflicts: union
readers:
  - type: csv
    table:
      mapping: {type: regex, pattern: '/x/(?<table>[a-z]+)\.csv$'}
      attributes: [{name: origin, source: CONSTANT, value: x}]
  - type: csv
    table: {mapping: {type: regex, pattern: '/y/(?<table>[a-z]+)\.csv$'}}
"""), base_dir=tmp_path)  # fmt: skip
    assert source["t"].to_arrow().to_pydict() == {"id": ["1", "2"], "origin": ["x", None]}


def test_directory_and_glob_mappings(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "orders/2023.csv", "id\n1\n")
    write(data_root, "orders/2024.csv", "id\n2\n")
    write(data_root, "top.csv", "id\n3\n")
    source = resolve(
        descriptor("readers: [{type: csv, table: {mapping: {type: directory}}}]"), base_dir=tmp_path
    )
    assert {name: t.to_arrow().num_rows for name, t in source.tables.items()} == {
        "orders": 2,
        "data": 1,
    }
    glob = resolve(
        descriptor(
            "readers: [{type: csv, table: {mapping: {type: glob, pattern: 'orders/*.csv', table: o}}}]"
        ),
        base_dir=tmp_path,
    )
    assert glob.unmapped_files == (data_root / "top.csv",)
    assert glob["o"].to_arrow().to_pydict() == {"id": ["1", "2"]}


def test_discover(tmp_path: Path, data_root: Path) -> None:
    partitioned(data_root)
    write(data_root, "README.md", "about")
    result = discover(descriptor(PARTITIONED), base_dir=tmp_path, sample_rows=2)
    assert (result.source, result.root) == ("shop", data_root)
    assert result.unmapped_files == (data_root / "README.md",)
    (items,) = result.tables
    assert items.name == "items" and items.formats == ("parquet",)
    assert items.files == (
        data_root / "2023/01/items-2023-01-02.parquet",
        data_root / "2024/02/items-2024-02-30.parquet",
    )
    assert items.schema.names == ["v", "year", "day", "at", "feed", "id"]
    assert items.sample.column("v").to_pylist() == [0.5, 1.5]
    assert discover(descriptor(PARTITIONED), base_dir=tmp_path).table("items").sample is None
    with pytest.raises(KeyError, match=r"no table 'x' was discovered \(tables: items\)"):
        result.table("x")


def test_discover_lists_a_table_whose_schema_fails(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "t.avro", b"not avro")
    result = discover(
        descriptor(
            "readers: [{type: avro, table: {mapping: {type: glob, pattern: '*.avro', table: t}}}]"
        ),
        base_dir=tmp_path,
    )
    (table,) = result.tables
    assert (table.name, table.schema, table.files) == ("t", None, (data_root / "t.avro",))
    assert [i.code for i in result.issues if i.severity.value == "error"] == ["schema-failed"]


def test_discover_reports_an_empty_storage_as_information(tmp_path: Path, data_root: Path) -> None:
    body = "readers: [{type: csv, table: {mapping: {type: directory}}}]"
    result = discover(descriptor(body), base_dir=tmp_path)
    assert [(i.severity.value, i.code) for i in result.issues] == [("info", "storage-empty")]
    assert [i.severity.value for i in verify(descriptor(body), base_dir=tmp_path)] == ["warning"]


def test_discover_never_raises(tmp_path: Path) -> None:
    result = discover("name: [", base_dir=tmp_path)
    assert (result.source, result.tables) == (None, ())
    assert result.issues[0].code == "yaml-syntax"
