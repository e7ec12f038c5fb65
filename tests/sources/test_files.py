"""One-table sources made of files named directly (what ibis's read_csv/read_parquet build)."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ibis_mill.sources import (
    NoFilesFoundError,
    SourceError,
    SourceReadError,
    file_source,
    resolve,
)
from ibis_mill.sources.files import find_files

from .files import write, write_parquet

DIAMONDS = "carat,cut,price\n0.23,Ideal,326\n0.21,Premium,326\n1.5,,2757\n"
DIAMONDS_SCHEMA = pa.schema([("carat", pa.float64()), ("cut", pa.string()), ("price", pa.int64())])
DIAMONDS_ROWS = {
    "carat": [0.23, 0.21, 1.5],
    "cut": ["Ideal", "Premium", None],
    "price": [326, 326, 2757],
}
PEOPLE = pa.table({"id": [1, 2], "name": ["Ann", "Bob"]})


def scan(table) -> pa.Table:
    """The table as DuckDB scans it natively."""
    sql = table.duckdb_sql()
    assert sql is not None
    con = duckdb.connect()
    return con.sql(sql).fetch_arrow_table()


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_columns_are_typed_like_duckdb_infers_them(tmp_path: Path) -> None:
    path = write(tmp_path, "diamonds.csv", DIAMONDS)
    source = file_source(path, table="stones", reader="csv")
    assert source.name == "files"
    assert list(source.tables) == ["stones"]
    table = source.tables["stones"]
    assert table.schema == DIAMONDS_SCHEMA
    assert table.files == [path]
    assert table.to_arrow().to_pydict() == DIAMONDS_ROWS
    assert scan(table).to_pydict() == DIAMONDS_ROWS


def test_csv_type_inference_reads_the_whole_first_file(tmp_path: Path) -> None:
    # ibis's test_read_csv_schema: a late float and a late string decide the types
    path = write(tmp_path, "foo.csv", "cola,colb,colc\r\n0,1,2\r\n1,5,6\r\n2,3.0,bar\r\n")
    table = file_source(path, table="same", reader="csv").tables["same"]
    assert table.schema == pa.schema(
        [("cola", pa.int64()), ("colb", pa.float64()), ("colc", pa.string())]
    )
    assert table.to_arrow().to_pydict() == {
        "cola": [0, 1, 2],
        "colb": [1.0, 5.0, 3.0],
        "colc": ["2", "6", "bar"],
    }


def test_csv_all_varchar_keeps_strings(tmp_path: Path) -> None:
    path = write(tmp_path, "diamonds.csv", DIAMONDS)
    table = file_source(path, table="t", reader="csv", options={"all_varchar": True}).tables["t"]
    assert table.schema == pa.schema([(name, pa.string()) for name in ("carat", "cut", "price")])
    assert table.to_arrow().column("price").to_pylist() == ["326", "326", "2757"]


def test_csv_comment_lines_are_data_unless_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "tags.csv", "tag,n\n#red,1\nblue,2\n")
    table = file_source(path, table="t", reader="csv").tables["t"]
    assert table.to_arrow().to_pydict() == {"tag": ["#red", "blue"], "n": [1, 2]}
    commented = file_source(path, table="t", reader="csv", options={"comment": "#"})
    assert commented.tables["t"].to_arrow().to_pydict() == {"tag": ["blue"], "n": [2]}


def test_csv_duckdb_style_options(tmp_path: Path) -> None:
    path = write(tmp_path, "raw.txt", "skipped line\n1;'a;b'\n2;c\n")
    options = {"delim": ";", "header": False, "quote": "'", "skip": 1, "names": ("n", "s")}
    table = file_source(path, table="t", reader="csv", options=options).tables["t"]
    assert table.schema == pa.schema([("n", pa.int64()), ("s", pa.string())])
    assert table.to_arrow().to_pydict() == {"n": [1, 2], "s": ["a;b", "c"]}
    fmt = file_source(path, table="t", reader="csv", options=options).descriptor.readers[0].format
    assert (fmt.delimiter, fmt.has_header, fmt.quote, fmt.number_of_rows_to_skip) == (
        ";",
        False,
        "'",
        1,
    )
    assert (fmt.headers, fmt.infer_schema, fmt.comment) == (("n", "s"), True, "\0")


def test_csv_descriptor_format_keys_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "x|y\n1|\n")
    options = {"sep": "|", "nullValue": "n/a"}
    table = file_source(path, table="t", reader="csv", options=options).tables["t"]
    assert table.to_arrow().to_pydict() == {"x": [1], "y": ["n/a"]}


def test_csv_gz_reads_like_the_plain_file(tmp_path: Path) -> None:
    path = write(tmp_path, "diamonds.csv.gz", gzip.compress(DIAMONDS.encode()))
    table = file_source(path, table="t", reader="csv").tables["t"]
    assert table.schema == DIAMONDS_SCHEMA
    assert table.to_arrow().to_pydict() == DIAMONDS_ROWS
    assert "compression='gzip'" in (table.duckdb_sql() or "")
    assert scan(table).to_pydict() == DIAMONDS_ROWS


def test_csv_mixing_gz_and_plain_files_reads_in_python(tmp_path: Path) -> None:
    write(tmp_path, "a.csv.gz", gzip.compress(b"x\n1\n"))
    write(tmp_path, "b.csv", "x\n2\n")
    table = file_source(tmp_path / "*", table="t", reader="csv").tables["t"]
    assert table.duckdb_sql() is None
    assert table.to_arrow().to_pydict() == {"x": [1, 2]}


def test_plain_csv_named_gz_reads_in_python(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv.gz", "x\n1\n")
    table = file_source(path, table="t", reader="csv").tables["t"]
    assert table.duckdb_sql() is None
    assert table.to_arrow().to_pydict() == {"x": [1]}


def test_csv_glob_concatenates_the_files(tmp_path: Path) -> None:
    write(tmp_path, "data1.csv", "id,ok\n3,true\n")
    write(tmp_path, "data0.csv", "id,ok\n1,true\n2,false\n")
    write(tmp_path, "notes.txt", "not a csv\n")
    write(tmp_path, "sub/data2.csv", "id,ok\n9,true\n")
    table = file_source(tmp_path / "*.csv", table="t", reader="csv").tables["t"]
    assert table.files == [tmp_path / "data0.csv", tmp_path / "data1.csv"]
    assert table.schema == pa.schema([("id", pa.int64()), ("ok", pa.bool_())])
    assert table.to_arrow().to_pydict() == {"id": [1, 2, 3], "ok": [True, False, True]}
    assert scan(table).to_pydict() == {"id": [1, 2, 3], "ok": [True, False, True]}


# -- Parquet -----------------------------------------------------------------------------------


def test_parquet_file(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, "people.parquet", PEOPLE)
    table = file_source(str(path), table="people", reader="parquet").tables["people"]
    assert table.schema == PEOPLE.schema
    assert table.to_arrow() == PEOPLE
    assert scan(table) == PEOPLE


def test_parquet_recursive_glob(tmp_path: Path) -> None:
    write_parquet(tmp_path, "x/a.parquet", PEOPLE.slice(0, 1))
    write_parquet(tmp_path, "x/deep/er/b.parquet", PEOPLE.slice(1, 1))
    write(tmp_path, "x/deep/_SUCCESS", "")
    table = file_source(tmp_path / "x/**/*.parquet", table="t", reader="parquet").tables["t"]
    assert table.files == [tmp_path / "x/a.parquet", tmp_path / "x/deep/er/b.parquet"]
    assert table.to_arrow() == PEOPLE


def test_a_folder_means_its_files_with_the_reader_extension(tmp_path: Path) -> None:
    write_parquet(tmp_path, "out/part-0.parquet", PEOPLE.slice(0, 1))
    write_parquet(tmp_path, "out/sub/part-1.parquet", PEOPLE.slice(1, 1))
    write(tmp_path, "out/_SUCCESS", "")
    table = file_source(tmp_path / "out", table="t", reader="parquet").tables["t"]
    assert table.files == [tmp_path / "out/part-0.parquet", tmp_path / "out/sub/part-1.parquet"]
    assert table.to_arrow() == PEOPLE


def test_list_of_paths_across_folders(tmp_path: Path) -> None:
    first = write_parquet(tmp_path, "a/one.parquet", PEOPLE.slice(0, 1))
    second = write_parquet(tmp_path, "b/c/two.parquet", PEOPLE.slice(1, 1))
    source = file_source([second, str(first), first], table="t", reader="parquet")
    table = source.tables["t"]
    assert table.files == [first, second]
    assert table.to_arrow() == PEOPLE
    assert source.descriptor.storage.root == tmp_path
    pattern = source.descriptor.readers[0].table.mapping.pattern
    assert pattern == f"{tmp_path.as_posix()}/{{a/one.parquet,b/c/two.parquet}}"
    again = resolve(source.descriptor).tables["t"]
    assert (again.files, again.schema) == (table.files, table.schema)


def test_relative_paths_resolve_against_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_parquet(tmp_path, "here/p.parquet", PEOPLE)
    monkeypatch.chdir(tmp_path / "here")
    table = file_source("p.parquet", table="t", reader="parquet").tables["t"]
    assert table.files == [path]
    assert file_source("*.parquet", table="t", reader="parquet").tables["t"].files == [path]


def test_names_with_glob_characters_are_literal_files(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, "odd [1] {x} *.parquet", PEOPLE)
    write_parquet(tmp_path, "odd 1 x a.parquet", PEOPLE)
    source = file_source(path, table="t", reader="parquet")
    assert source.tables["t"].files == [path]
    assert resolve(source.descriptor).tables["t"].files == [path]


def test_several_files_with_a_comma_cannot_share_a_glob(tmp_path: Path) -> None:
    plain = write_parquet(tmp_path, "a.parquet", PEOPLE)
    comma = write_parquet(tmp_path, "b,c.parquet", PEOPLE)
    assert file_source(comma, table="t", reader="parquet").tables["t"].files == [comma]
    with pytest.raises(ValueError) as info:
        file_source([plain, comma], table="t", reader="parquet")
    assert str(info.value) == (
        f"{comma} has ',' or '}}' in its name, which a descriptor glob cannot list together "
        "with other files; read it on its own"
    )


# -- hive partitions and file names ------------------------------------------------------------


def write_partitioned(root: Path) -> None:
    """Like ``to_parquet(partition_by="yearID")``: the key lives in the folder names only."""
    write_parquet(root, "out/yearID=1978/p-0.parquet", pa.table({"playerID": ["a", "b"]}))
    write_parquet(root, "out/yearID=2001/p-0.parquet", pa.table({"playerID": ["c"]}))


def test_hive_partition_columns_come_from_the_folders(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    table = file_source(tmp_path / "out/*/*", table="t", reader="parquet").tables["t"]
    assert table.schema == pa.schema([("playerID", pa.string()), ("yearID", pa.int64())])
    expected = {"playerID": ["a", "b", "c"], "yearID": [1978, 1978, 2001]}
    assert table.to_arrow().to_pydict() == expected
    assert scan(table).to_pydict() == expected


def test_hive_partition_types_and_deepest_key(tmp_path: Path) -> None:
    data = pa.table({"v": [1]})
    write_parquet(tmp_path, "day=2024-01-31/tag=x/day=2024-02-01/f.parquet", data)
    write_parquet(tmp_path, "day=2024-01-31/tag=007/day=2024-02-29/f.parquet", data)
    table = file_source(tmp_path / "**/*.parquet", table="t", reader="parquet").tables["t"]
    assert table.schema == pa.schema(
        [("v", pa.int64()), ("day", pa.date32()), ("tag", pa.string())]
    )
    assert table.to_arrow().to_pydict() == {
        "v": [1, 1],
        "day": [dt.date(2024, 2, 29), dt.date(2024, 2, 1)],
        "tag": ["007", "x"],
    }


def test_hive_partitioning_off_or_inconsistent(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    pattern = tmp_path / "out/*/*"
    off = file_source(pattern, table="t", reader="parquet", options={"hive_partitioning": False})
    assert off.tables["t"].schema.names == ["playerID"]
    stray = write_parquet(tmp_path, "out/other/p.parquet", pa.table({"playerID": ["z"]}))
    assert file_source(pattern, table="t", reader="parquet").tables["t"].schema.names == [
        "playerID"
    ]
    with pytest.raises(ValueError) as info:
        file_source(pattern, table="t", reader="parquet", options={"hive_partitioning": True})
    assert str(info.value) == (
        "hive_partitioning=True needs every file to have the same key=value folders, in the "
        f"same order: {stray} has none; {tmp_path}/out/yearID=1978/p-0.parquet has yearID; "
        f"{tmp_path}/out/yearID=2001/p-0.parquet has yearID"
    )


def test_filename_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "x\n1\n")
    table = file_source(path, table="t", reader="csv", options={"filename": True}).tables["t"]
    assert table.to_arrow().to_pydict() == {"x": [1], "filename": [path.as_posix()]}
    named = file_source(path, table="t", reader="csv", options={"filename": "src"})
    assert named.tables["t"].schema.names == ["x", "src"]


# -- errors ------------------------------------------------------------------------------------


def test_unknown_csv_option_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "x\n1\n")
    with pytest.raises(TypeError) as info:
        file_source(path, table="t", reader="csv", options={"delimeter": ";"})
    message = str(info.value)
    assert message.startswith(
        "unknown csv option 'delimeter' (did you mean 'delimiter'?); accepted: all_varchar, "
        "column_names, comment, delim, delimiter, encoding, escape, filename, header, "
        "hive_partitioning, names, quote, sep, skip, or a csv format key of source "
        "descriptors (delimiter, quote, quoteEscape, "
    )
    assert message.endswith("inferSchema, encoding)")


def test_unknown_parquet_option(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, "p.parquet", PEOPLE)
    with pytest.raises(TypeError) as info:
        file_source(path, table="t", reader="parquet", options={"union_by_name": True})
    assert str(info.value) == (
        "unknown parquet option 'union_by_name'; accepted: filename, hive_partitioning"
    )


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"sep": ";", "delim": ","},
            TypeError,
            "options 'sep' and 'delim' both set the csv delimiter",
        ),
        (
            {"all_varchar": True, "inferSchema": True},
            TypeError,
            "options 'all_varchar' and 'inferSchema' both set the csv inferSchema",
        ),
        ({"delim": "||"}, ValueError, "delim must be a single character, got '||'"),
        ({"all_varchar": "yes"}, ValueError, "all_varchar must be True or False, got 'yes'"),
        (
            {"header": "maybe"},
            ValueError,
            "invalid csv option header='maybe': expected true or false, got 'maybe'",
        ),
        (
            {"encoding": "klingon"},
            ValueError,
            "invalid csv option encoding='klingon': unknown encoding 'klingon'",
        ),
        (
            {"hive_partitioning": "auto"},
            ValueError,
            "hive_partitioning must be True, False or None, got 'auto'",
        ),
        ({"filename": ""}, ValueError, "filename must be True, False or a column name, got ''"),
    ],
)
def test_bad_option_values(
    tmp_path: Path, options: dict[str, object], error: type[Exception], message: str
) -> None:
    path = write(tmp_path, "a.csv", "x\n1\n")
    with pytest.raises(error) as info:
        file_source(path, table="t", reader="csv", options=options)
    assert str(info.value) == message


def test_no_matching_file_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoFilesFoundError) as info:
        file_source("garbage_notafile", table="t", reader="csv")
    assert str(info.value) == (
        'No files found that match the pattern "garbage_notafile" '
        f"(looked for {tmp_path}/garbage_notafile)"
    )
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, duckdb.IOException)
    assert isinstance(info.value, SourceError)


@pytest.mark.parametrize("pattern", ["*.parquet", "missing/*/*", "empty"])
def test_globs_and_folders_without_files(tmp_path: Path, pattern: str) -> None:
    write(tmp_path, "a.csv", "x\n1\n")
    (tmp_path / "empty").mkdir()
    given = f"{tmp_path}/{pattern}"
    with pytest.raises(NoFilesFoundError) as info:
        file_source(given, table="t", reader="parquet")
    assert str(info.value) == f'No files found that match the pattern "{given}"'


def test_one_missing_path_of_a_list_fails(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "x\n1\n")
    with pytest.raises(NoFilesFoundError, match="^No files found that match the pattern"):
        file_source([path, tmp_path / "b.csv"], table="t", reader="csv")


def test_arguments_are_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "x\n1\n")
    with pytest.raises(ValueError, match="^no path given: pass a file, a glob"):
        find_files([], "csv")
    with pytest.raises(ValueError, match="^the table name must not be blank$"):
        file_source(path, table=" ", reader="csv")
    with pytest.raises(ValueError, match="^reader must be 'csv' or 'parquet', got 'avro'$"):
        file_source(path, table="t", reader="avro")  # type: ignore[arg-type]


# -- gzip in descriptor text readers -----------------------------------------------------------


def test_descriptor_text_readers_read_gzip_files(tmp_path: Path, data_root: Path) -> None:
    write(data_root, "t.tsv", gzip.compress(b"a\tb\n1\tx\\ty\n"))
    write(data_root, "f.fwf", gzip.compress(b"1 ab\n22cd\n"))
    source = resolve(
        {
            "name": "zipped",
            "storage": {"type": "local", "rootPath": "data"},
            "readers": [
                {
                    "type": "tsv",
                    "table": {"mapping": {"type": "glob", "pattern": "*.tsv", "table": "t"}},
                },
                {
                    "type": "fwf",
                    "format": {
                        "columns": [
                            {"name": "n", "start": 0, "end": 2},
                            {"name": "s", "start": 2, "end": 4},
                        ],
                        "recordEndsOnNewline": True,
                    },
                    "table": {"mapping": {"type": "glob", "pattern": "*.fwf", "table": "f"}},
                },
            ],
        },
        base_dir=tmp_path,
    )
    assert source["t"].to_arrow().to_pydict() == {"a": ["1"], "b": ["x\ty"]}
    assert source["f"].to_arrow().to_pydict() == {"n": ["1", "22"], "s": ["ab", "cd"]}


def test_truncated_gzip_file_is_a_read_error(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.csv.gz", gzip.compress(b"x\n1\n" * 100)[:-10])
    with pytest.raises(SourceReadError) as info:
        file_source(path, table="t", reader="csv")
    assert str(info.value) == (
        f"table 't': cannot read {path}: "
        "Compressed file ended before the end-of-stream marker was reached"
    )
