"""Decoding VectorBlocks that protobuf serialized, to Arrow (mill_client.vectors)."""

from __future__ import annotations

import datetime as dt
import struct
import uuid

import numpy as np
import pyarrow as pa
import pytest
from google.protobuf import json_format

from mill_client._proto import data_connect_svc_pb2, vector_pb2
from mill_client.types import MILL_TYPE_KEY
from mill_client.vectors import decode_block, decode_block_message, decode_response

from .blocks import (
    Column,
    Id,
    Nullability,
    block,
    block_bytes,
    length_delimited,
    varint,
    varint_field,
)

pytestmark = pytest.mark.usefixtures("integer_path")

EPOCH = dt.date(1970, 1, 1)
EPOCH_TIME = dt.datetime(1970, 1, 1)
UUID = uuid.UUID("12345678-9abc-def0-1234-56789abcdef0").bytes


def days(day: dt.date) -> int:
    return (day - EPOCH).days


def millis(moment: dt.datetime) -> int:
    return (moment - EPOCH_TIME) // dt.timedelta(milliseconds=1)


DATES = [dt.date(1900, 1, 1), dt.date(1969, 12, 31), EPOCH, None, dt.date(2024, 2, 29)]
MOMENTS = [
    dt.datetime(1960, 6, 1, 12, 30, 0, 5000),
    dt.datetime(1969, 12, 31, 23, 59, 59, 999000),
    EPOCH_TIME,
    None,
    dt.datetime(2038, 1, 19, 3, 14, 8, 123000),
]

# type, values as sent (None = null), Arrow type, values as decoded
CASES = {
    "TINY_INT": (Id.TINY_INT, [-128, 127, None, 0, -1], pa.int8(), None),
    "SMALL_INT": (Id.SMALL_INT, [-32768, 32767, None, 1], pa.int16(), None),
    "INT": (Id.INT, [-(2**31), 2**31 - 1, None, -1, 0], pa.int32(), None),
    "BIG_INT": (Id.BIG_INT, [-(2**63), 2**63 - 1, None, -1, 0, 300], pa.int64(), None),
    "BOOL": (Id.BOOL, [True, False, None, True], pa.bool_(), None),
    "FLOAT": (Id.FLOAT, [1.5, -2.25, None, 3.4028234663852886e38, -0.0], pa.float32(), None),
    "DOUBLE": (Id.DOUBLE, [1e308, -0.0, None, 5e-324, 0.1], pa.float64(), None),
    "STRING": (
        Id.STRING,
        ["", "héllo", None, "日本語😀", "x" * 200, "\n", "0123456789"],
        pa.string(),
        None,
    ),
    "BINARY": (Id.BINARY, [b"\x00\x00", b"", None, bytes(range(256)), b"\n"], pa.binary(), None),
    "UUID": (Id.UUID, [UUID, None, bytes(16)], pa.binary(16), None),
    "DATE": (Id.DATE, [None if d is None else days(d) for d in DATES], pa.date32(), DATES),
    "TIMESTAMP": (
        Id.TIMESTAMP,
        [None if m is None else millis(m) for m in MOMENTS],
        pa.timestamp("ms"),
        [
            None if m is None else m.replace(microsecond=m.microsecond // 1000 * 1000)
            for m in MOMENTS
        ],
    ),
    "TIMESTAMP_TZ": (
        Id.TIMESTAMP_TZ,
        [None if m is None else millis(m) for m in MOMENTS],
        pa.timestamp("ms", "UTC"),
        [
            None
            if m is None
            else m.replace(microsecond=m.microsecond // 1000 * 1000, tzinfo=dt.timezone.utc)
            for m in MOMENTS
        ],
    ),
    "INTERVAL_DAY": (
        Id.INTERVAL_DAY,
        [0, -1, None, 36500],
        pa.duration("ms"),
        [dt.timedelta(0), dt.timedelta(days=-1), None, dt.timedelta(days=36500)],
    ),
    "INTERVAL_YEAR": (Id.INTERVAL_YEAR, [-3, 5, None, 2**31 - 1], pa.int32(), None),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_type_decodes_from_protobufs_bytes(case):
    type_id, sent, arrow_type, expected = case
    batch = decode_block(block_bytes(Column("c", type_id, sent)))
    assert batch.schema.field("c").type == arrow_type
    assert batch.schema.field("c").nullable
    assert batch.column(0).to_pylist() == (sent if expected is None else expected)
    batch.validate(full=True)


def test_interval_year_column_keeps_its_mill_type_in_metadata():
    batch = decode_block(block_bytes(Column("y", Id.INTERVAL_YEAR, [1])))
    assert batch.schema.field("y").metadata == {MILL_TYPE_KEY: b"INTERVAL_YEAR"}


def test_interval_day_counts_whole_days_in_milliseconds():
    batch = decode_block(block_bytes(Column("d", Id.INTERVAL_DAY, [2**31 - 1, -(2**31)])))
    assert batch.column(0).view(pa.int64()).to_pylist() == [
        (2**31 - 1) * 86_400_000,
        -(2**31) * 86_400_000,
    ]


def test_time_is_nanoseconds_of_the_day_by_default():
    sent = [0, 86_399_999_999_999, None, 1_000]
    batch = decode_block(block_bytes(Column("t", Id.TIME, sent)))
    assert batch.schema.field("t").type == pa.time64("ns")
    assert batch.column(0).view(pa.int64()).to_pylist() == sent


def test_time_in_milliseconds_when_asked():
    sent = [0, 86_399_999, None, 45_296_789]
    batch = decode_block(block_bytes(Column("t", Id.TIME, sent)), time_unit="ms")
    assert batch.schema.field("t").type == pa.time32("ms")
    assert batch.column(0).to_pylist() == [
        dt.time(0, 0),
        dt.time(23, 59, 59, 999000),
        None,
        dt.time(12, 34, 56, 789000),
    ]


def test_uuid_null_rows_may_hold_sixteen_placeholder_bytes():
    message = block(Column("u", Id.UUID, [UUID, UUID]))
    message.vectors[0].nulls.nulls[1] = True
    batch = decode_block(message.SerializeToString())
    assert batch.column(0).to_pylist() == [UUID, None]
    assert uuid.UUID(bytes=batch.column(0)[0].as_py()) == uuid.UUID(
        "12345678-9abc-def0-1234-56789abcdef0"
    )


def test_null_rows_ignore_out_of_range_placeholders():
    message = block(Column("x", Id.TINY_INT, [1, 2]), Column("d", Id.DATE, [3, 4]))
    message.vectors[0].nulls.nulls[1] = True
    message.vectors[0].i32Vector.values[1] = 999
    message.vectors[1].nulls.nulls[0] = True
    message.vectors[1].i64Vector.values[0] = 2**40
    batch = decode_block(message.SerializeToString())
    assert batch.column(0).to_pylist() == [1, None]
    assert batch.column(1).to_pylist() == [None, dt.date(1970, 1, 5)]


def test_not_null_fields_are_not_nullable():
    batch = decode_block(
        block_bytes(
            Column("id", Id.BIG_INT, [1, 2], nullability=Nullability.NOT_NULL),
            Column("name", Id.STRING, ["a", None], nullability=Nullability.NULL),
            Column("note", Id.STRING, ["b", "c"], nullability=Nullability.NOT_SPECIFIED_NULL),
        )
    )
    assert batch.schema == pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("name", pa.string()),
            pa.field("note", pa.string()),
        ]
    )
    assert batch.column(1).null_count == 1


def test_all_types_in_one_block_and_one_row():
    columns = [Column(name, type_id, sent[:1]) for name, (type_id, sent, _, _) in CASES.items()]
    batch = decode_block(block_bytes(*columns))
    assert batch.num_rows == 1
    assert batch.schema.names == list(CASES)
    for name, (_, sent, _, expected) in CASES.items():
        assert batch.column(name).to_pylist() == (sent if expected is None else expected)[:1]


def test_empty_block_as_the_server_sends_it():
    columns = [Column(name, type_id, []) for name, (type_id, *_) in CASES.items()]
    data = block_bytes(*columns, Column("t", Id.TIME, []))
    assert b"\x10" not in data[: data.index(b"\x1a")]  # vectorSize 0 is left out
    batch = decode_block(data)
    assert batch.num_rows == 0
    assert batch.schema.names == [*CASES, "t"]
    assert [field.type for field in batch.schema] == [
        *(arrow_type for _, _, arrow_type, _ in CASES.values()),
        pa.time64("ns"),
    ]


def test_empty_block_from_json_with_any_empty_values_member():
    message = json_format.Parse(
        '{"schema": {"fields": ['
        '{"name": "s", "type": {"type": {"typeId": "STRING"}, "nullability": "NULL"}},'
        '{"name": "b", "fieldIdx": 1, "type": {"type": {"typeId": "BOOL"}}},'
        '{"name": "d", "fieldIdx": 2, "type": {"type": {"typeId": "DOUBLE"}}}]},'
        ' "vectors": [{"nulls": {}, "i32Vector": {}}, {"fieldIdx": 1}, '
        '{"fieldIdx": 2, "nulls": {}, "fp64Vector": {}}]}',
        vector_pb2.VectorBlock(),
    )
    batch = decode_block_message(message)
    assert batch.num_rows == 0
    assert batch.schema == pa.schema(
        [pa.field("s", pa.string()), pa.field("b", pa.bool_()), pa.field("d", pa.float64())]
    )


def test_block_without_columns():
    assert decode_block(b"").num_columns == 0
    batch = decode_block(varint_field(2, 3))
    assert (batch.num_rows, batch.num_columns) == (3, 0)


def test_many_blocks_concatenate_to_the_data():
    rng = np.random.default_rng(42)
    expected: dict[str, list] = {"i": [], "s": [], "d": [], "b": []}
    batches = []
    for _ in range(40):
        rows = int(rng.integers(1, 300))
        nulls = rng.random((4, rows)) < 0.1
        data = {
            "i": rng.integers(-(2**63), 2**63 - 1, rows).tolist(),
            "s": ["é" * int(n) for n in rng.integers(0, 70, rows)],
            "d": rng.normal(size=rows).tolist(),
            "b": (rng.random(rows) < 0.5).tolist(),
        }
        for row_nulls, name in zip(nulls, data):
            data[name] = [None if null else value for null, value in zip(row_nulls, data[name])]
            expected[name] += data[name]
        batches.append(
            decode_block(
                block_bytes(
                    Column("i", Id.BIG_INT, data["i"]),
                    Column("s", Id.STRING, data["s"]),
                    Column("d", Id.DOUBLE, data["d"]),
                    Column("b", Id.BOOL, data["b"]),
                )
            )
        )
    table = pa.Table.from_batches(batches)
    assert table.to_pydict() == expected


def test_large_random_block_matches_protobufs_values():
    rng = np.random.default_rng(1)
    rows = 20_000
    ints = rng.integers(-(10**12), 10**12, rows)
    strings = [
        "".join(chr(c) for c in rng.integers(32, 0x3000, n)) for n in rng.integers(0, 40, rows)
    ]
    message = block(Column("i", Id.BIG_INT, ints.tolist()), Column("s", Id.STRING, strings))
    batch = decode_block(message.SerializeToString())
    assert np.array_equal(batch.column(0).to_numpy(), ints)
    assert batch.column(1).to_pylist() == list(message.vectors[1].stringVector.values)


@pytest.mark.parametrize(
    "strings",
    [["héllo", "日本語", "", None, "😀" * 31], ["ascii", None, "x" * 127], ["é" * 64, "a"]],
    ids=["short", "ascii", "one-long"],
)
def test_strings_short_and_long_are_checked_utf8(strings):
    batch = decode_block(block_bytes(Column("s", Id.STRING, strings)))
    assert batch.column(0).to_pylist() == strings


@pytest.mark.parametrize(
    "strings",
    [
        # As many 0x0A bytes as records, but not the tags: the candidates do not chain.
        ["x\n", "0123456789", None, "ab"],
        ["a\nb", "\n", "", None, "\n\n\n", "0123456789" * 20],
    ],
    ids=["candidates-not-records", "newlines"],
)
def test_strings_with_newlines_decode_through_the_record_chain(strings):
    batch = decode_block(block_bytes(Column("s", Id.STRING, strings)))
    assert batch.column(0).to_pylist() == strings


def unpacked(number: int, values: list[int]) -> bytes:
    return b"".join(varint_field(number, value) for value in values)


def test_unpacked_repeated_fields_are_accepted():
    schema = block(
        Column("i", Id.BIG_INT, []), Column("d", Id.DOUBLE, []), Column("b", Id.BOOL, [])
    ).schema
    ints = [-1, 2**40, 0]
    doubles = [1.5, -2.0, 0.0]
    vectors = [
        varint_field(1, 0)
        + length_delimited(2, unpacked(2, [0, 1, 0]))
        + length_delimited(102, unpacked(1, ints)),
        varint_field(1, 1)
        + length_delimited(2, unpacked(2, [0, 0, 0]))
        + length_delimited(103, b"".join(b"\x09" + struct.pack("<d", v) for v in doubles)),
        varint_field(1, 2)
        + length_delimited(2, unpacked(2, [1, 0, 0]))
        + length_delimited(105, unpacked(1, [1, 0, 1])),
    ]
    data = (
        length_delimited(1, schema.SerializeToString())
        + varint_field(2, 3)
        + b"".join(length_delimited(3, vector) for vector in vectors)
    )
    assert vector_pb2.VectorBlock.FromString(data).vectors[0].i64Vector.values == ints
    batch = decode_block(data)
    assert batch.to_pydict() == {"i": [-1, None, 0], "d": doubles, "b": [None, False, True]}


def test_fields_in_any_order_and_unknown_fields_are_ignored():
    message = block(Column("s", Id.STRING, ["a", None, "c"]), Column("i", Id.INT, [1, 2, -3]))
    vectors = []
    for vector in message.vectors:
        member = vector.WhichOneof("values")
        number = vector.DESCRIPTOR.fields_by_name[member].number
        vectors.append(
            varint_field(77, 5)
            + length_delimited(
                number, getattr(vector, member).SerializeToString() + varint_field(9, 1)
            )
            + length_delimited(2, vector.nulls.SerializeToString())
            + varint_field(1, vector.fieldIdx)
        )
    data = (
        length_delimited(3, vectors[1])
        + length_delimited(88, b"junk")
        + length_delimited(3, vectors[0])
        + varint_field(2, 3)
        + length_delimited(1, message.schema.SerializeToString())
    )
    batch = decode_block(data)
    assert batch.to_pydict() == {"s": ["a", None, "c"], "i": [1, 2, -3]}


def test_repeated_fields_merge_as_protobuf_merges():
    message = block(Column("s", Id.STRING, ["a", "b", None]), Column("i", Id.BIG_INT, [1, None, 3]))
    first, second = message.schema.fields
    strings = message.vectors[0]
    ints = message.vectors[1]
    vector_s = (
        varint_field(1, 7)  # last fieldIdx wins
        + length_delimited(2, vector_pb2.Vector.NullsVector(nulls=[False]).SerializeToString())
        + length_delimited(102, vector_pb2.Vector.I64Vector(values=[5]).SerializeToString())
        + length_delimited(100, vector_pb2.Vector.StringVector(values=["a"]).SerializeToString())
        + length_delimited(
            2, vector_pb2.Vector.NullsVector(nulls=[False, True]).SerializeToString()
        )
        + length_delimited(
            100, vector_pb2.Vector.StringVector(values=["b", ""]).SerializeToString()
        )
        + varint_field(1, 0)
    )
    vector_i = ints.SerializeToString() + length_delimited(
        2, vector_pb2.Vector.NullsVector().SerializeToString()
    )
    data = (
        varint_field(2, 99)
        + length_delimited(1, vector_pb2.VectorBlockSchema(fields=[first]).SerializeToString())
        + length_delimited(3, vector_s)
        + length_delimited(1, vector_pb2.VectorBlockSchema(fields=[second]).SerializeToString())
        + length_delimited(3, vector_i)
        + varint_field(2, 3)
    )
    assert strings.stringVector.values == ["a", "b", ""]
    normalized = vector_pb2.VectorBlock.FromString(data).SerializeToString()
    expected = {"s": ["a", "b", None], "i": [1, None, 3]}
    assert decode_block(data).to_pydict() == expected
    assert decode_block(normalized).to_pydict() == expected


def test_memoryview_and_bytearray_input():
    data = block_bytes(Column("d", Id.DOUBLE, [1.0, 2.0]), Column("s", Id.STRING, ["x", "y"]))
    for wrapped in (memoryview(data), bytearray(data), memoryview(b"ab" + data)[2:]):
        assert decode_block(wrapped).to_pydict() == {"d": [1.0, 2.0], "s": ["x", "y"]}


def test_decode_block_message_equals_decode_block():
    message = block(Column("i", Id.INT, [1, None]), Column("t", Id.TIME, [5, 6]))
    assert decode_block_message(message, time_unit="ms").equals(
        decode_block(message.SerializeToString(), time_unit="ms")
    )


def response(**fields) -> bytes:
    return data_connect_svc_pb2.QueryResultResponse(**fields).SerializeToString()


def test_decode_response_with_paging_id_and_block():
    message = block(Column("i", Id.BIG_INT, [1, 2]))
    paging_id, batch = decode_response(response(pagingId="abc+/=", vector=message))
    assert paging_id == "abc+/="
    assert batch.to_pydict() == {"i": [1, 2]}


def test_decode_response_without_paging_id_or_block():
    assert decode_response(b"") == (None, None)
    assert decode_response(response(pagingId="")) == ("", None)
    paging_id, batch = decode_response(response(vector=block(Column("s", Id.STRING, []))))
    assert paging_id is None
    assert batch.num_rows == 0
    assert batch.schema == pa.schema([pa.field("s", pa.string())])


def test_decode_response_ignores_unknown_fields():
    message = block(Column("i", Id.BIG_INT, [7]))
    data = varint_field(5, 1) + response(vector=message) + length_delimited(6, b"x")
    assert decode_response(data)[1].to_pydict() == {"i": [7]}


def test_varint_helper_is_protobufs_encoding():
    assert vector_pb2.Vector.I64Vector(values=[-1, 300]).SerializeToString() == (
        length_delimited(1, varint(-1) + varint(300))
    )
