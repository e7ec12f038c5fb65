"""The Calcite engine's data path: Arrow in, Calcite types, Mill's result types out.

Every supported Arrow type goes in, through ``SELECT *`` and back out with the exact values
and the type Mill's JDBC result path writes; ``GetSchema`` types; nulls; batching; lazy
sources; a large table.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from mill_client.server.engine import EngineError

pytestmark = pytest.mark.calcite

UTC = dt.timezone.utc


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# name, input array, GetSchema type, result type, result values
TYPE_CASES = [
    ("i8", pa.array([127, None, -128], pa.int8()), pa.int8(), pa.int16(), [127, None, -128]),
    ("i16", pa.array([32767, None, -32768], pa.int16()), pa.int16(), pa.int32(), [32767, None, -32768]),
    ("i32", pa.array([2**31 - 1, None, -(2**31)], pa.int32()), pa.int32(), pa.int32(), [2**31 - 1, None, -(2**31)]),
    ("i64", pa.array([2**63 - 1, None, -(2**63)], pa.int64()), pa.int64(), pa.int64(), [2**63 - 1, None, -(2**63)]),
    ("u8", pa.array([255, None, 0], pa.uint8()), pa.int32(), pa.int32(), [255, None, 0]),
    ("u16", pa.array([65535, None, 0], pa.uint16()), pa.int32(), pa.int32(), [65535, None, 0]),
    ("u32", pa.array([2**32 - 1, None, 0], pa.uint32()), pa.int64(), pa.int64(), [2**32 - 1, None, 0]),
    ("u64", pa.array([2**63 - 1, None, 0], pa.uint64()), pa.int64(), pa.int64(), [2**63 - 1, None, 0]),
    ("f32", pa.array([1.5, None, -3.4028234663852886e38], pa.float32()), pa.float32(), pa.float32(), [1.5, None, -3.4028234663852886e38]),
    ("f64", pa.array([0.1, None, -1.7976931348623157e308]), pa.float64(), pa.float64(), [0.1, None, -1.7976931348623157e308]),
    ("bool", pa.array([True, None, False]), pa.bool_(), pa.bool_(), [True, None, False]),
    ("str", pa.array(["héllo ☃", None, ""]), pa.string(), pa.string(), ["héllo ☃", None, ""]),
    ("large_str", pa.array(["a", None, "bc"], pa.large_string()), pa.string(), pa.string(), ["a", None, "bc"]),
    ("dict", pa.array(["x", None, "y"]).dictionary_encode(), pa.string(), pa.string(), ["x", None, "y"]),
    ("null", pa.nulls(3), pa.string(), pa.string(), [None, None, None]),
    ("bin", pa.array([b"\x00\xff", None, b""]), pa.binary(), pa.binary(), [b"\x00\xff", None, b""]),
    ("fixed_bin", pa.array([b"ab", None, b"cd"], pa.binary(2)), pa.binary(), pa.binary(), [b"ab", None, b"cd"]),
    ("dec", pa.array([Decimal("123.45"), None, Decimal("-0.01")], pa.decimal128(5, 2)), pa.float64(), pa.float64(), [123.45, None, -0.01]),
    ("dec38", pa.array([Decimal("12345678.0123456789"), None, Decimal(0)], pa.decimal128(38, 10)), pa.float64(), pa.float64(), [12345678.0123456789, None, 0.0]),
    ("date32", pa.array([dt.date(2024, 2, 29), None, dt.date(1969, 12, 31)]), pa.date32(), pa.date32(), [dt.date(2024, 2, 29), None, dt.date(1969, 12, 31)]),
    ("date64", pa.array([dt.date(2024, 2, 29), None, dt.date(1900, 1, 1)], pa.date64()), pa.date32(), pa.date32(), [dt.date(2024, 2, 29), None, dt.date(1900, 1, 1)]),
    ("time32s", pa.array([dt.time(13, 45, 7), None, dt.time(0, 0)], pa.time32("s")), pa.time32("ms"), pa.time32("ms"), [dt.time(13, 45, 7), None, dt.time(0, 0)]),
    ("time32ms", pa.array([dt.time(23, 59, 59, 999000), None, dt.time(0, 0, 0, 1000)], pa.time32("ms")), pa.time32("ms"), pa.time32("ms"), [dt.time(23, 59, 59, 999000), None, dt.time(0, 0, 0, 1000)]),
    ("time64us", pa.array([dt.time(12, 0, 0, 123456), None, dt.time(0, 0, 0, 999)], pa.time64("us")), pa.time32("ms"), pa.time32("ms"), [dt.time(12, 0, 0, 123000), None, dt.time(0, 0)]),
    ("time64ns", pa.array([43_200_123_999_999, None, 1_000_000], pa.time64("ns")), pa.time32("ms"), pa.time32("ms"), [dt.time(12, 0, 0, 123000), None, dt.time(0, 0, 0, 1000)]),
    ("ts_s", pa.array([dt.datetime(2024, 2, 29, 13, 45, 7), None, dt.datetime(1900, 1, 1)], pa.timestamp("s")), pa.timestamp("ms"), pa.timestamp("ms", "UTC"), [_utc(2024, 2, 29, 13, 45, 7), None, _utc(1900, 1, 1)]),
    ("ts_ms", pa.array([dt.datetime(2024, 2, 29, 13, 45, 7, 123000), None, dt.datetime(1969, 12, 31, 23, 59, 59, 999000)], pa.timestamp("ms")), pa.timestamp("ms"), pa.timestamp("ms", "UTC"), [_utc(2024, 2, 29, 13, 45, 7, 123000), None, _utc(1969, 12, 31, 23, 59, 59, 999000)]),
    ("ts_us", pa.array([dt.datetime(2024, 2, 29, 13, 45, 7, 123456), None, dt.datetime(1969, 12, 31, 23, 59, 59, 999999)], pa.timestamp("us")), pa.timestamp("ms"), pa.timestamp("ms", "UTC"), [_utc(2024, 2, 29, 13, 45, 7, 123000), None, _utc(1969, 12, 31, 23, 59, 59, 999000)]),
    ("ts_ns", pa.array([1_709_214_307_123_999_999, None, -1], pa.timestamp("ns")), pa.timestamp("ms"), pa.timestamp("ms", "UTC"), [_utc(2024, 2, 29, 13, 45, 7, 123000), None, _utc(1969, 12, 31, 23, 59, 59, 999000)]),
    ("ts_tz", pa.array([dt.datetime(2024, 7, 1, 10, 0), None, dt.datetime(2024, 1, 1, 0, 30)], pa.timestamp("ms", "Europe/Paris")), pa.timestamp("ms"), pa.timestamp("ms", "UTC"), [_utc(2024, 7, 1, 10, 0), None, _utc(2024, 1, 1, 0, 30)]),
]  # fmt: skip


@pytest.fixture(scope="module")
def typed_engine(calcite_engine):
    table = pa.table({name: array for name, array, *_ in TYPE_CASES})
    return calcite_engine({"types": {"all": table}})


@pytest.fixture(scope="module")
def round_trip(typed_engine) -> pa.Table:
    return typed_engine.execute("SELECT * FROM `types`.`all`").read_all()


@pytest.mark.parametrize(
    ("name", "result_type", "values"),
    [(name, result_type, values) for name, _, _, result_type, values in TYPE_CASES],
)
def test_select_star_returns_exact_values_with_mill_result_types(
    round_trip, name, result_type, values
):
    column = round_trip.column(name)
    assert column.type == result_type
    assert column.to_pylist() == values


def test_result_columns_keep_table_order_and_names(round_trip):
    assert round_trip.column_names == [name for name, *_ in TYPE_CASES]


@pytest.mark.parametrize(
    ("name", "schema_type"), [(name, schema_type) for name, _, schema_type, _, _ in TYPE_CASES]
)
def test_get_schema_reports_mill_schema_types(typed_engine, name, schema_type):
    assert typed_engine.get_schema("types")["all"].field(name).type == schema_type


def test_get_schema_keeps_nullability(calcite_engine):
    schema = pa.schema([pa.field("k", pa.int64(), nullable=False), pa.field("v", pa.string())])
    engine = calcite_engine({"s": {"t": pa.table({"k": [1], "v": ["a"]}, schema=schema)}})
    assert engine.get_schema("s") == {"t": schema}


def test_non_nullable_columns_come_back_non_nullable(calcite_engine):
    schema = pa.schema([pa.field("k", pa.int64(), nullable=False), pa.field("v", pa.string())])
    engine = calcite_engine({"s": {"t": pa.table({"k": [1], "v": ["a"]}, schema=schema)}})
    assert engine.execute("SELECT * FROM `s`.`t`").schema == schema


def test_computed_columns_are_widened_like_mill_results(calcite_engine):
    engine = calcite_engine({"s": {"t": pa.table({"x": pa.array([7], pa.int32())})}})
    result = engine.execute(
        "SELECT CAST(`x` AS TINYINT) AS `tiny`, CAST(`x` AS SMALLINT) AS `small`, "
        "CAST(`x` AS REAL) AS `real`, CAST(`x` AS FLOAT) AS `float`, "
        "CAST(`x` AS DECIMAL(10, 2)) / 4 AS `dec`, 1.5 AS `lit`, 'ab' AS `chr`, "
        "CAST(`x` AS BIGINT) AS `big` FROM `s`.`t`"
    ).read_all()
    assert result.schema == pa.schema(
        [
            ("tiny", pa.int16()),
            ("small", pa.int32()),
            ("real", pa.float64()),
            ("float", pa.float32()),
            ("dec", pa.float64()),
            pa.field("lit", pa.float64(), nullable=False),
            pa.field("chr", pa.string(), nullable=False),
            ("big", pa.int64()),
        ]
    )
    assert result.to_pylist() == [
        {
            "tiny": 7,
            "small": 7,
            "real": 7.0,
            "float": 7.0,
            "dec": 1.75,
            "lit": 1.5,
            "chr": "ab",
            "big": 7,
        }
    ]


def test_literals_of_every_type_come_back_exactly(calcite_engine):
    engine = calcite_engine()
    result = engine.execute(
        "SELECT DATE '1969-12-31' AS `d`, TIME '13:45:00.123' AS `t`, "
        "TIMESTAMP '2024-03-01 13:45:00.123' AS `ts`, X'0AFF' AS `b`, TRUE AS `bo`, "
        "CAST(NULL AS INTEGER) AS `n`, 'it''s' AS `s`, 1.5E0 AS `f`"
    ).read_all()
    assert result.to_pylist() == [
        {
            "d": dt.date(1969, 12, 31),
            "t": dt.time(13, 45, 0, 123000),
            "ts": _utc(2024, 3, 1, 13, 45, 0, 123000),
            "b": b"\n\xff",
            "bo": True,
            "n": None,
            "s": "it's",
            "f": 1.5,
        }
    ]


def test_chunked_and_sliced_input_keeps_values(calcite_engine):
    strings = pa.chunked_array([["zero", "one", None], ["three", "four"]])
    numbers = pa.chunked_array([[0, 1, 2], [3, None]])
    table = pa.table({"s": strings, "n": numbers}).slice(1, 3)
    engine = calcite_engine({"s": {"t": table}})
    assert engine.execute("SELECT * FROM `s`.`t`").read_all().to_pylist() == [
        {"s": "one", "n": 1},
        {"s": None, "n": 2},
        {"s": "three", "n": 3},
    ]


def test_empty_table_gives_empty_result_with_schema(calcite_engine):
    table = pa.table({"a": pa.array([], pa.int64()), "s": pa.array([], pa.string())})
    engine = calcite_engine({"s": {"t": table}})
    reader = engine.execute("SELECT * FROM `s`.`t`")
    assert reader.schema == pa.schema([("a", pa.int64()), ("s", pa.string())])
    assert reader.read_all().num_rows == 0


def test_results_stream_in_batches_of_batch_rows(calcite_engine):
    engine = calcite_engine({"s": {"t": pa.table({"n": list(range(10))})}}, batch_rows=3)
    batches = list(engine.execute("SELECT `n` FROM `s`.`t`"))
    assert [b.num_rows for b in batches] == [3, 3, 3, 1]
    assert pa.Table.from_batches(batches).column("n").to_pylist() == list(range(10))


def test_batch_rows_must_be_positive(calcite_engine):
    with pytest.raises(ValueError, match="batch_rows must be positive, not 0"):
        calcite_engine(batch_rows=0)


def test_callable_source_is_loaded_once_on_first_query(calcite_engine):
    calls = []

    def source() -> pa.Table:
        calls.append(1)
        return pa.table({"a": [1, 2, 3]})

    engine = calcite_engine()
    engine.add_table("s", "t", source, arrow_schema=pa.schema([("a", pa.int64())]))
    assert engine.get_schema("s") == {"t": pa.schema([("a", pa.int64())])}
    assert engine.validate("SELECT `a` FROM `s`.`t`") == pa.schema([("a", pa.int64())])
    assert calls == []
    assert engine.execute("SELECT SUM(`a`) AS `x` FROM `s`.`t`").read_all()["x"].to_pylist() == [6]
    assert engine.execute("SELECT MAX(`a`) AS `x` FROM `s`.`t`").read_all()["x"].to_pylist() == [3]
    assert calls == [1]


def test_callable_source_without_schema_is_loaded_for_its_columns(calcite_engine):
    calls = []

    def source() -> pa.RecordBatchReader:
        calls.append(1)
        table = pa.table({"a": ["x", "y"]})
        return pa.RecordBatchReader.from_batches(table.schema, table.to_batches())

    engine = calcite_engine()
    engine.add_table("s", "t", source)
    assert engine.get_schema("s") == {"t": pa.schema([("a", pa.string())])}
    assert engine.execute("SELECT * FROM `s`.`t`").read_all()["a"].to_pylist() == ["x", "y"]
    assert calls == [1]


def test_failed_load_names_the_table_and_is_retried(calcite_engine):
    calls = []

    def source() -> pa.Table:
        calls.append(1)
        raise FileNotFoundError("no such file: x.parquet")

    engine = calcite_engine()
    engine.add_table("s", "t", source, arrow_schema=pa.schema([("a", pa.int64())]))
    message = "Table 's'.'t' could not be loaded: FileNotFoundError: no such file: x.parquet"
    for _ in range(2):
        with pytest.raises(EngineError) as raised:
            engine.execute("SELECT * FROM `s`.`t`")
        assert str(raised.value) == message
    assert calls == [1, 1]


def test_failed_load_while_planning_is_an_engine_error(calcite_engine):
    engine = calcite_engine()
    engine.add_table("s", "t", lambda: 42)
    with pytest.raises(EngineError) as raised:
        engine.execute("SELECT * FROM `s`.`t`")
    assert type(raised.value) is EngineError
    assert str(raised.value) == (
        "Table 's'.'t' could not be loaded: TypeError: "
        "the source returned int, not a pyarrow.Table or RecordBatchReader"
    )


def test_source_must_match_its_declared_schema(calcite_engine):
    engine = calcite_engine()
    engine.add_table(
        "s", "t", lambda: pa.table({"a": ["x"]}), arrow_schema=pa.schema([("a", pa.int64())])
    )
    with pytest.raises(EngineError) as raised:
        engine.execute("SELECT * FROM `s`.`t`")
    assert str(raised.value) == (
        "Table 's'.'t' could not be loaded: TypeError: the source returned columns "
        "(a: string) other than the declared ones (a: int64)"
    )


def test_source_may_return_other_arrow_types_of_the_same_calcite_types(calcite_engine):
    declared = pa.schema([("ts", pa.timestamp("ns")), ("s", pa.string())])
    loaded = pa.table(
        {"ts": pa.array([0], pa.timestamp("us")), "s": pa.array(["a"], pa.large_string())}
    )
    engine = calcite_engine()
    engine.add_table("s", "t", lambda: loaded, arrow_schema=declared)
    assert engine.execute("SELECT * FROM `s`.`t`").read_all().to_pylist() == [
        {"ts": dt.datetime(1970, 1, 1, tzinfo=UTC), "s": "a"}
    ]
    assert engine.get_schema("s") == {
        "t": pa.schema([("ts", pa.timestamp("ms")), ("s", pa.string())])
    }


def test_nulls_in_a_not_null_column_are_refused(calcite_engine):
    schema = pa.schema([pa.field("k", pa.int64(), nullable=False)])
    table = pa.Table.from_arrays([pa.array([1, None])], schema=schema)
    engine = calcite_engine({"s": {"t": table}})
    with pytest.raises(EngineError) as raised:
        engine.execute("SELECT * FROM `s`.`t`")
    assert str(raised.value) == (
        "Table 's'.'t' could not be loaded: TypeError: column 'k' is declared NOT NULL but "
        "holds nulls"
    )


def test_unsupported_arrow_type_is_refused_when_added(calcite_engine):
    engine = calcite_engine()
    with pytest.raises(TypeError) as raised:
        engine.add_table("s", "t", pa.table({"l": pa.array([[1]])}))
    assert str(raised.value) == (
        "Column 'l': Arrow type list<item: int64> has no Calcite column type; supported are "
        "booleans, integers, float32/64, decimals, strings, binaries, dates, times and timestamps"
    )


def test_source_must_be_a_table_or_callable(calcite_engine):
    engine = calcite_engine()
    with pytest.raises(
        TypeError, match="expected a pyarrow.Table or a callable returning one, got list"
    ):
        engine.add_table("s", "t", [1, 2])


def test_large_table_round_trips(calcite_engine):
    rows = 1_000_000
    rng = np.random.default_rng(1)
    words = np.array(["alpha", "beta", "gamma", "épsilon"])
    table = pa.table(
        {
            "id": pa.array(rng.integers(-(10**15), 10**15, rows), mask=rng.random(rows) < 0.1),
            "value": pa.array(rng.normal(size=rows), mask=rng.random(rows) < 0.1),
            "name": pa.array(words[rng.integers(0, 4, rows)], mask=rng.random(rows) < 0.1),
        }
    )
    engine = calcite_engine({"big": {"t": table}})
    assert engine.execute("SELECT * FROM `big`.`t`").read_all().equals(table)
    positives = engine.execute("SELECT COUNT(*) AS `n` FROM `big`.`t` WHERE `value` > 0").read_all()
    assert positives["n"].to_pylist() == [pc.sum(pc.greater(table["value"], 0)).as_py()]


def test_concurrent_queries_share_one_load(calcite_engine):
    calls = []

    def source() -> pa.Table:
        calls.append(1)
        return pa.table({"n": list(range(1000))})

    engine = calcite_engine()
    engine.add_table("s", "t", source, arrow_schema=pa.schema([("n", pa.int64())]))
    with ThreadPoolExecutor(max_workers=4) as pool:
        sums = list(
            pool.map(
                lambda k: (
                    engine.execute(f"SELECT SUM(`n`) + {k} AS `x` FROM `s`.`t`")
                    .read_all()["x"]
                    .to_pylist()
                ),
                range(8),
            )
        )
    assert sums == [[499500 + k] for k in range(8)]
    assert calls == [1]


def test_engine_is_collected_once_dropped(calcite_engine):
    engine = calcite_engine({"s": {"t": pa.table({"a": [1]})}})
    engine.add_table("s", "lazy", lambda: pa.table({"b": [2]}))
    assert engine.execute("SELECT * FROM `s`.`t`").read_all().num_rows == 1
    dropped = weakref.ref(engine)
    del engine
    gc.collect()
    assert dropped() is None
