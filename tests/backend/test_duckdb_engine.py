"""The DuckDB engine on its own: catalog, Mill SQL checks and error messages, results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ibis_mill.engines.duckdb import DuckDBEngine
from mill_client.server.engine import Engine, EngineError, NotFoundError, SqlError


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> DuckDBEngine:
    folder = tmp_path_factory.mktemp("parquet")
    pq.write_table(
        pa.table({"id": [1, 2, 3], "city": ["Bern", "Basel", "Chur"]}), folder / "c.parquet"
    )
    pq.write_table(pa.table({"id": [4], "city": ["Sion"]}), folder / "d.parquet")
    engine = DuckDBEngine(
        {
            "geo": {
                "cities": [folder / "c.parquet", folder / "d.parquet"],
                "Regions": pa.table(
                    {"name": ["west", "east"], "size": pa.array([1, 2], pa.int16())}
                ),
            },
            "Other": {"one": folder / "c.parquet"},
        },
        batch_rows=2,
    )
    yield engine
    engine.close()


def test_engine_satisfies_the_server_protocol(engine: DuckDBEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.dialect_id == "CALCITE"


def test_catalog_lists_schemas_and_arrow_schemas(engine: DuckDBEngine) -> None:
    assert engine.list_schemas() == ["geo", "Other"]
    tables = engine.get_schema("geo")
    assert list(tables) == ["cities", "Regions"]
    assert tables["cities"] == pa.schema([("id", pa.int64()), ("city", pa.string())])
    assert tables["Regions"] == pa.schema([("name", pa.string()), ("size", pa.int16())])


def test_unknown_schema_is_not_found_with_exact_case(engine: DuckDBEngine) -> None:
    with pytest.raises(NotFoundError, match=r"^Schema 'other' not found$"):
        engine.get_schema("other")


def test_execute_streams_batches_over_several_parquet_files(engine: DuckDBEngine) -> None:
    reader = engine.execute("SELECT `id`, `city` FROM `geo`.`cities` ORDER BY `id`")
    batches = list(reader)
    assert [b.num_rows for b in batches] == [2, 2]
    table = pa.Table.from_batches(batches)
    assert table.to_pydict() == {"id": [1, 2, 3, 4], "city": ["Bern", "Basel", "Chur", "Sion"]}


def test_arrow_tables_keep_their_types(engine: DuckDBEngine) -> None:
    table = engine.execute("SELECT `size` FROM `geo`.`Regions` WHERE `name` = 'east'").read_all()
    assert table.schema == pa.schema([("size", pa.int16())])
    assert table["size"].to_pylist() == [2]


def test_unquoted_identifiers_fold_to_upper_case(engine: DuckDBEngine) -> None:
    # Calcite (Lex.ORACLE) reads an unquoted geo as GEO, which does not exist.
    with pytest.raises(
        SqlError, match=r"^SqlValidatorException: Object 'GEO' not found; did you mean 'geo'\?$"
    ):
        engine.execute("SELECT * FROM geo.`cities`")


def test_wrong_case_table_suggests_the_real_name(engine: DuckDBEngine) -> None:
    message = (
        "SqlValidatorException: Object 'Cities' not found within 'geo'; did you mean 'cities'?"
    )
    with pytest.raises(SqlError) as info:
        engine.validate("SELECT * FROM `geo`.`Cities`")
    assert str(info.value) == message


def test_unknown_table_without_a_close_name(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError) as info:
        engine.execute("SELECT * FROM `geo`.`zzz`")
    assert str(info.value) == "SqlValidatorException: Object 'zzz' not found within 'geo'"


def test_unqualified_table_is_rejected(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError, match=r"Object 'cities' not found; qualify tables"):
        engine.execute("SELECT * FROM `cities`")


def test_cte_names_need_no_schema(engine: DuckDBEngine) -> None:
    sql = "WITH `c` AS (SELECT `id` FROM `geo`.`cities`) SELECT COUNT(*) AS `n` FROM `c`"
    assert engine.execute(sql).read_all().to_pydict() == {"n": [4]}


def test_parse_error_reads_like_calcite(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError) as info:
        engine.execute("SELECT FROM WHERE")
    assert str(info.value).startswith('SqlParseException: Encountered "')
    assert "at line 1, column" in str(info.value)


def test_trailing_semicolon_or_two_statements_are_rejected(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError, match=r"^SqlParseException: Expected one statement, got 2"):
        engine.execute("SELECT 1 AS `a`; SELECT 2 AS `b`")


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE `geo`.`x` (`a` INTEGER)",
        "DROP TABLE `geo`.`cities`",
        "INSERT INTO `geo`.`cities` VALUES (9, 'Zug')",
    ],
)
def test_only_queries_run(engine: DuckDBEngine, sql: str) -> None:
    with pytest.raises(
        SqlError, match=r"^SqlValidatorException: Only queries are supported \(Mill is read-only\)"
    ):
        engine.execute(sql)


def test_table_functions_cannot_reach_files(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError, match=r"Table functions are not supported"):
        engine.execute("SELECT * FROM read_csv('/etc/hostname')")


def test_binder_errors_are_sql_errors(engine: DuckDBEngine) -> None:
    with pytest.raises(SqlError, match=r"^BinderException: Binder Error: Referenced column"):
        engine.execute("SELECT `nope` FROM `geo`.`cities`")


def test_runtime_errors_are_engine_errors(engine: DuckDBEngine) -> None:
    with pytest.raises(EngineError) as info:
        engine.execute("SELECT CAST(`city` AS INTEGER) AS `n` FROM `geo`.`cities`").read_all()
    assert not isinstance(info.value, SqlError)
    assert str(info.value).startswith("ConversionException: Conversion Error")


def test_validate_returns_the_result_schema_without_rows(engine: DuckDBEngine) -> None:
    schema = engine.validate("SELECT `id`, `city` || '!' AS `shout` FROM `geo`.`cities`")
    assert schema == pa.schema([("id", pa.int64()), ("shout", pa.string())])


def test_transpile_to_duckdb(engine: DuckDBEngine) -> None:
    sql = engine.transpile("SELECT MOD(`id`, 2) AS `m` FROM `geo`.`cities` WHERE `id` <> 3")
    assert sql == 'SELECT "id" % 2 AS "m" FROM "geo"."cities" WHERE "id" <> 3'


def test_schema_names_with_other_case_are_distinct(engine: DuckDBEngine) -> None:
    table = engine.execute("SELECT COUNT(*) AS `n` FROM `Other`.`one`").read_all()
    assert table.to_pydict() == {"n": [3]}


def test_missing_parquet_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(
        ValueError, match=r"Parquet file .*missing\.parquet of table s\.t does not exist"
    ):
        DuckDBEngine({"s": {"t": tmp_path / "missing.parquet"}})


def test_concurrent_queries_each_get_their_own_cursor(engine: DuckDBEngine) -> None:
    sql = "SELECT `id` FROM `geo`.`cities` WHERE `id` >= {} ORDER BY `id`"
    readers = [engine.execute(sql.format(start)) for start in (1, 2, 3, 4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda reader: reader.read_all()["id"].to_pylist(), readers))
    assert results == [[1, 2, 3, 4], [2, 3, 4], [3, 4], [4]]


@pytest.mark.parametrize(
    ("sql", "duckdb_sql", "values"),
    [
        (
            "SELECT 10 * MOD(`id`, 3) AS `x` FROM `geo`.`cities`",
            'SELECT 10 * ("id" % 3) AS "x" FROM "geo"."cities"',
            [10, 20, 0, 10],
        ),
        (
            "SELECT MOD(`id`, 3) * 2 - MOD(`id` + 1, 2) AS `x` FROM `geo`.`cities`",
            'SELECT ("id" % 3) * 2 - (("id" + 1) % 2) AS "x" FROM "geo"."cities"',
            [2, 3, 0, 1],
        ),
        (
            "SELECT MOD(`id`, 3) AS `x` FROM `geo`.`cities`",
            'SELECT "id" % 3 AS "x" FROM "geo"."cities"',
            [1, 2, 0, 1],
        ),
    ],
)
def test_mod_keeps_its_grouping_inside_other_operators(
    engine: DuckDBEngine, sql: str, duckdb_sql: str, values: list[int]
) -> None:
    assert engine.transpile(sql) == duckdb_sql
    assert engine.execute(sql).read_all().column("x").to_pylist() == values
