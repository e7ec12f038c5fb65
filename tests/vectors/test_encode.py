"""Encoding Arrow batches as VectorBlocks: exactly what protobuf serializes."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import numpy as np
import pyarrow as pa
import pytest

from mill_client._proto import data_connect_svc_pb2, vector_pb2
from mill_client.vectors import encode_block, encode_response

from .blocks import Column, Id, Nullability, block

UUID = uuid.UUID("12345678-9abc-def0-1234-56789abcdef0").bytes


def assert_encodes_as(batch: pa.RecordBatch, *columns: Column, time_unit: str = "ns") -> None:
    """encode_block(batch) is byte for byte protobuf's serialization of the columns."""
    data = encode_block(batch, time_unit=time_unit)
    expected = block(*columns, rows=batch.num_rows)
    assert vector_pb2.VectorBlock.FromString(data) == expected
    assert data == expected.SerializeToString()


# Arrow array, Mill type, values as sent (None = null)
CASES = {
    "int8": (pa.array([-128, None, 127], pa.int8()), Id.TINY_INT, [-128, None, 127]),
    "int16": (pa.array([-32768, None, 32767], pa.int16()), Id.SMALL_INT, [-32768, None, 32767]),
    "int32": (
        pa.array([-(2**31), None, 2**31 - 1], pa.int32()),
        Id.INT,
        [-(2**31), None, 2**31 - 1],
    ),
    "int64": (
        pa.array([-(2**63), None, 2**63 - 1], pa.int64()),
        Id.BIG_INT,
        [-(2**63), None, 2**63 - 1],
    ),
    "uint8": (pa.array([255, None, 0], pa.uint8()), Id.SMALL_INT, [255, None, 0]),
    "uint16": (pa.array([65535, None], pa.uint16()), Id.INT, [65535, None]),
    "uint32": (pa.array([2**32 - 1, None], pa.uint32()), Id.BIG_INT, [2**32 - 1, None]),
    "uint64": (pa.array([2**63 - 1, None], pa.uint64()), Id.BIG_INT, [2**63 - 1, None]),
    "bool": (pa.array([True, None, False]), Id.BOOL, [True, None, False]),
    "float16": (pa.array(np.array([1.5, -2.0], dtype=np.float16)), Id.FLOAT, [1.5, -2.0]),
    "float32": (pa.array([1.5, None, -0.0], pa.float32()), Id.FLOAT, [1.5, None, -0.0]),
    "float64": (pa.array([1e308, None, 5e-324]), Id.DOUBLE, [1e308, None, 5e-324]),
    "string": (pa.array(["", None, "héllo", "x" * 300]), Id.STRING, ["", None, "héllo", "x" * 300]),
    "large_string": (pa.array(["a", None], pa.large_string()), Id.STRING, ["a", None]),
    "string_view": (
        pa.array(["a" * 20, None, "b"], pa.string_view()),
        Id.STRING,
        ["a" * 20, None, "b"],
    ),
    "binary": (pa.array([b"\x00", None, b""]), Id.BINARY, [b"\x00", None, b""]),
    "large_binary": (pa.array([b"\x00\n"], pa.large_binary()), Id.BINARY, [b"\x00\n"]),
    "binary_view": (
        pa.array([b"\x01" * 13, None], pa.binary_view()),
        Id.BINARY,
        [b"\x01" * 13, None],
    ),
    "uuid": (pa.array([UUID, None, bytes(16)], pa.binary(16)), Id.UUID, [UUID, None, bytes(16)]),
    "date32": (
        pa.array([dt.date(1900, 1, 1), None, dt.date(2024, 2, 29)]),
        Id.DATE,
        [-25567, None, 19782],
    ),
    "date64": (pa.array([-1, 86_400_000, None], pa.date64()), Id.DATE, [-1, 1, None]),
    "timestamp": (
        pa.array([dt.datetime(1969, 12, 31, 23, 59, 59, 999500), None], pa.timestamp("us")),
        Id.TIMESTAMP,
        [-1, None],  # floored to the millisecond, as Mill does
    ),
    "timestamp_s": (pa.array([-2, 3], pa.timestamp("s")), Id.TIMESTAMP, [-2000, 3000]),
    "timestamp_tz": (
        pa.array([-1_500_001, 1_999_999, None], pa.timestamp("ns", "Europe/Paris")),
        Id.TIMESTAMP_TZ,
        [-2, 1, None],
    ),
    "duration": (
        pa.array([86_400, -1, None, 3 * 86_400 + 5], pa.duration("s")),
        Id.INTERVAL_DAY,
        [1, -1, None, 3],
    ),
    "dictionary": (
        pa.array(["b", "a", None, "b"]).dictionary_encode(),
        Id.STRING,
        ["b", "a", None, "b"],
    ),
}


def skip_unconvertible_views(array: pa.Array) -> None:
    """pyarrow < 18 cannot convert view types (encode_block then raises TypeError)."""
    if pa.types.is_string_view(array.type) or pa.types.is_binary_view(array.type):
        try:
            array.cast(
                pa.large_binary() if pa.types.is_binary_view(array.type) else pa.large_string()
            )
        except pa.ArrowNotImplementedError:
            with pytest.raises(TypeError) as info:
                encode_block(pa.record_batch({"c": array}))
            assert str(info.value).startswith(
                f"column 'c': pyarrow {pa.__version__} cannot convert"
            )
            pytest.skip(f"pyarrow {pa.__version__} cannot convert {array.type}")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_arrow_type_encodes_as_protobuf_would(case):
    array, type_id, sent = case
    skip_unconvertible_views(array)
    assert_encodes_as(pa.record_batch({"c": array}), Column("c", type_id, sent))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_sliced_columns_encode_their_rows_only(case):
    array, type_id, sent = case
    skip_unconvertible_views(array)
    batch = pa.record_batch({"c": array, "pad": pa.array(range(len(array)))}).slice(1)
    assert_encodes_as(
        batch,
        Column("c", type_id, sent[1:]),
        Column("pad", Id.BIG_INT, list(range(1, len(array)))),
    )


def test_time_is_written_in_the_chosen_unit():
    batch = pa.record_batch(
        {
            "s": pa.array([1, None], pa.time32("s")),
            "ms": pa.array([86_399_999], pa.time32("ms")).take([0, 0]),
            "us": pa.array([1_999, 2_000], pa.time64("us")),
            "ns": pa.array([999_999, 1_000_000], pa.time64("ns")),
        }
    )
    assert_encodes_as(
        batch,
        Column("s", Id.TIME, [1_000_000_000, None]),
        Column("ms", Id.TIME, [86_399_999_000_000] * 2),
        Column("us", Id.TIME, [1_999_000, 2_000_000]),
        Column("ns", Id.TIME, [999_999, 1_000_000]),
    )
    assert_encodes_as(
        batch,
        Column("s", Id.TIME, [1000, None]),
        Column("ms", Id.TIME, [86_399_999] * 2),
        Column("us", Id.TIME, [1, 2]),
        Column("ns", Id.TIME, [0, 1]),
        time_unit="ms",
    )


def test_decimals_are_doubles_with_precision_and_scale():
    array = pa.array([decimal.Decimal("12.345"), None], pa.decimal128(10, 3))
    assert_encodes_as(
        pa.record_batch({"price": array}),
        Column("price", Id.DOUBLE, [12.345, None], precision=10, scale=3),
    )


def test_interval_year_metadata_is_honoured():
    field = pa.field("years", pa.int32(), metadata={b"mill.type": b"INTERVAL_YEAR"})
    batch = pa.RecordBatch.from_arrays([pa.array([1, -2], pa.int32())], schema=pa.schema([field]))
    assert_encodes_as(batch, Column("years", Id.INTERVAL_YEAR, [1, -2]))


def test_schemas_differing_only_in_metadata_are_not_confused():
    plain = pa.record_batch({"y": pa.array([1], pa.int32())})
    marked = pa.RecordBatch.from_arrays(
        [pa.array([1], pa.int32())],
        schema=pa.schema([pa.field("y", pa.int32(), metadata={b"mill.type": b"INTERVAL_YEAR"})]),
    )
    assert plain.schema == marked.schema  # Arrow ignores metadata here
    assert_encodes_as(plain, Column("y", Id.INT, [1]))
    assert_encodes_as(marked, Column("y", Id.INTERVAL_YEAR, [1]))
    assert_encodes_as(plain, Column("y", Id.INT, [1]))


def test_uuid_extension_type():
    if not hasattr(pa, "uuid"):
        pytest.skip("pyarrow < 18 has no uuid extension type")
    array = pa.ExtensionArray.from_storage(pa.uuid(), pa.array([UUID, None], pa.binary(16)))
    assert_encodes_as(pa.record_batch({"u": array}), Column("u", Id.UUID, [UUID, None]))


def test_not_nullable_fields_are_not_null():
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("x", pa.string())])
    batch = pa.RecordBatch.from_arrays([pa.array([1, 2]), pa.array(["a", None])], schema=schema)
    assert_encodes_as(
        batch,
        Column("id", Id.BIG_INT, [1, 2], nullability=Nullability.NOT_NULL),
        Column("x", Id.STRING, ["a", None]),
    )


def test_empty_batch_is_the_servers_empty_block():
    batch = pa.record_batch({"i": pa.array([], pa.int32()), "s": pa.array([], pa.string())})
    data = encode_block(batch)
    assert_encodes_as(batch, Column("i", Id.INT, []), Column("s", Id.STRING, []))
    assert vector_pb2.VectorBlock.FromString(data).vectorSize == 0


def test_null_rows_hold_placeholders_whatever_arrow_stored():
    strings = pa.Array.from_buffers(
        pa.string(),
        2,
        [
            pa.py_buffer(np.packbits([True, False], bitorder="little")),
            pa.py_buffer(np.array([0, 2, 7], np.int32)),
            pa.py_buffer(b"ok-junk"),
        ],
    )
    ints = pa.Array.from_buffers(
        pa.int64(),
        2,
        [
            pa.py_buffer(np.packbits([False, True], bitorder="little")),
            pa.py_buffer(np.array([99, 5])),
        ],
    )
    assert_encodes_as(
        pa.record_batch({"s": strings, "i": ints}),
        Column("s", Id.STRING, ["ok", None]),
        Column("i", Id.BIG_INT, [None, 5]),
    )


def test_every_row_has_a_null_flag():
    message = vector_pb2.VectorBlock.FromString(encode_block(pa.record_batch({"i": [1, 2, 3]})))
    assert list(message.vectors[0].nulls.nulls) == [False, False, False]


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (pa.array([None], pa.null()), "column 'c': Mill has no type for the Arrow type null"),
        (pa.array([[1]]), "column 'c': Mill has no type for the Arrow type list<item: int64>"),
        (
            pa.array([{"a": 1}]),
            "column 'c': Mill has no type for the Arrow type struct<a: int64>",
        ),
    ],
)
def test_unsupported_types_are_type_errors_naming_the_column(array, message):
    with pytest.raises(TypeError) as info:
        encode_block(pa.record_batch({"c": array}))
    assert str(info.value) == message


def test_uint64_beyond_int64_is_refused():
    with pytest.raises(ValueError) as info:
        encode_block(pa.record_batch({"u": pa.array([1, 2**64 - 1], pa.uint64())}))
    assert str(info.value) == (
        "column 'u': uint64 value 18446744073709551615 at row 1 does not fit BIG_INT (int64)"
    )


def test_durations_beyond_int32_days_are_refused():
    with pytest.raises(ValueError) as info:
        encode_block(pa.record_batch({"d": pa.array([0, 2**31 * 86_400], pa.duration("s"))}))
    assert (
        str(info.value) == "column 'd': 2147483648 days at row 1 does not fit INTERVAL_DAY (int32)"
    )


def test_nulls_in_a_not_nullable_column_are_refused():
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False)])
    batch = pa.RecordBatch.from_arrays([pa.array([1, None])], schema=schema)
    with pytest.raises(ValueError) as info:
        encode_block(batch)
    assert str(info.value) == "column 'id' is not nullable but has 1 nulls in 2 rows"


def test_bad_time_unit():
    with pytest.raises(ValueError) as info:
        encode_block(pa.record_batch({"i": [1]}), time_unit="us")  # type: ignore[arg-type]
    assert str(info.value) == "time_unit must be 'ns' or 'ms', got 'us'"


@pytest.mark.parametrize("paging_id", [None, "", "abc+/="])
@pytest.mark.parametrize("with_block", [False, True])
def test_encode_response_is_protobufs(paging_id, with_block):
    batch = pa.record_batch({"i": [1, None]}) if with_block else None
    expected = data_connect_svc_pb2.QueryResultResponse()
    if paging_id is not None:
        expected.pagingId = paging_id
    if with_block:
        expected.vector.CopyFrom(block(Column("i", Id.BIG_INT, [1, None])))
    assert encode_response(batch, paging_id) == expected.SerializeToString()


def test_large_batch_encodes_as_protobuf_would():
    rng = np.random.default_rng(9)
    rows = 30_000
    ints = rng.integers(-(2**63), 2**63 - 1, rows)
    strings = ["é" * int(n) for n in rng.integers(0, 200, rows)]
    nulls = rng.random(rows) < 0.1
    batch = pa.record_batch(
        {"i": pa.array(ints, mask=nulls), "s": pa.array(strings, mask=nulls[::-1])}
    )
    assert_encodes_as(
        batch,
        Column("i", Id.BIG_INT, [None if null else int(v) for v, null in zip(ints, nulls)]),
        Column("s", Id.STRING, [None if null else s for s, null in zip(strings, nulls[::-1])]),
    )
