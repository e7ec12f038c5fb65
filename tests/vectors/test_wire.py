"""The wire primitives of mill_client.vectors (wire, packed, records), checked against protobuf."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mill_client._proto import vector_pb2
from mill_client.errors import MillProtocolError
from mill_client.vectors import packed, records, wire

Vector = vector_pb2.Vector

EDGE_INT64 = [
    0,
    1,
    -1,
    127,
    128,
    -128,
    16383,
    16384,
    2**31 - 1,
    -(2**31),
    2**35,
    2**56 - 1,
    2**56,
    -(2**56),
    2**62,
    2**63 - 1,
    -(2**63),
    -(2**63) + 1,
    300,
    -300,
]


def packed_payload(message) -> tuple[wire.Buffer, int, int]:
    """The payload range of field 1 in a serialized one-field message."""
    buffer = wire.Buffer(message.SerializeToString())
    fields = list(wire.iter_fields(buffer.data, 0, buffer.size, "test"))
    if not fields:
        return buffer, 0, 0
    ((number, wire_type, start, end),) = fields
    assert (number, wire_type) == (1, wire.LENGTH_DELIMITED)
    return buffer, start, end


def at_end_and_misaligned(
    buffer: wire.Buffer, start: int, end: int
) -> tuple[wire.Buffer, int, int]:
    """The same payload, one byte into a buffer that ends with it (no bytes after it)."""
    moved = wire.Buffer(b"\xff" + bytes(buffer.data[start:end]))
    return moved, 1, moved.size


@pytest.mark.parametrize(
    "values",
    [
        EDGE_INT64,
        EDGE_INT64 * 50,
        [5] * 100,  # one byte each
        [2**40] * 100,  # same width, 6 bytes
        [-1] * 100,  # same width, 10 bytes
        [2**63 - 1] * 7,  # same width, 9 bytes
        [2**56, 1] * 30,  # mixed 9-byte and 1-byte
    ],
    ids=["edges", "edges-many", "width1", "width6", "width10", "width9", "mixed9"],
)
def test_unpack_varints_matches_protobuf_int64(values):
    buffer, start, end = packed_payload(Vector.I64Vector(values=values))
    for where in (buffer, start, end), at_end_and_misaligned(buffer, start, end):
        decoded = packed.unpack_varints(*where, "test").view(np.int64)
        assert decoded.tolist() == values


@pytest.mark.parametrize("widest", range(2, 11))
def test_unpack_varints_mixed_widths_up_to_each_width(widest):
    # One value of every width up to ``widest`` bytes, repeated: the general path, which
    # joins only as many 7-bit groups as the widest varint holds.
    values = [0 if width == 1 else 1 << (7 * (width - 1)) for width in range(1, widest + 1)]
    if widest == 10:
        values[-1] = -(2**62)
    values = (values + [(1 << (7 * widest - 1)) - 1 if widest < 10 else -1]) * 30
    buffer, start, end = packed_payload(Vector.I64Vector(values=values))
    for where in (buffer, start, end), at_end_and_misaligned(buffer, start, end):
        assert packed.unpack_varints(*where, "test").view(np.int64).tolist() == values


def test_unpack_varints_random_values_match_protobuf():
    rng = np.random.default_rng(7)
    magnitudes = rng.integers(0, 64, 5000)
    values = (rng.integers(0, 2**62, 5000) >> (62 - np.minimum(magnitudes, 62))) * rng.choice(
        [-1, 1], 5000
    )
    buffer, start, end = packed_payload(Vector.I64Vector(values=values.tolist()))
    assert np.array_equal(packed.unpack_varints(buffer, start, end, "test").view(np.int64), values)


def test_unpack_varints_int32_negatives_are_sign_extended_ten_bytes():
    values = [-(2**31), -1, 0, 2**31 - 1]
    buffer, start, end = packed_payload(Vector.I32Vector(values=values))
    assert end - start == 10 + 10 + 1 + 5
    raw = packed.unpack_varints(buffer, start, end, "test")
    assert raw.astype(np.uint32).view(np.int32).tolist() == values


def test_unpack_varints_empty():
    assert packed.unpack_varints(wire.Buffer(b""), 0, 0, "test").tolist() == []


def test_unpack_varints_refuses_a_cut_varint():
    with pytest.raises(MillProtocolError) as info:
        packed.unpack_varints(wire.Buffer(b"\x01\x80"), 0, 2, "column 'x' (BIG_INT)")
    assert info.value.message == (
        "column 'x' (BIG_INT): truncated varint at the end of the packed values"
    )


@pytest.mark.parametrize(
    "payload", [b"\x01" + b"\xff" * 10 + b"\x01", b"\xff" * 11 + b"\x01"], ids=["after", "first"]
)
def test_unpack_varints_refuses_varints_over_ten_bytes(payload):
    with pytest.raises(MillProtocolError) as info:
        packed.unpack_varints(wire.Buffer(payload), 0, len(payload), "x")
    first = 1 if payload[0] == 1 else 0
    assert info.value.message == f"x: varint at byte {first} is longer than 10 bytes"


def test_unpack_bools_treats_any_non_zero_varint_as_true():
    payload = b"\x00\x01\x02\x80\x01\x80\x00"  # 0, 1, 2, 128 (two bytes), 0 (two bytes)
    buffer = wire.Buffer(payload)
    assert packed.unpack_bools(buffer, 0, len(payload), "x").tolist() == [
        False,
        True,
        True,
        True,
        False,
    ]
    parsed = Vector.BoolVector.FromString(b"\x0a\x07" + payload)
    assert list(parsed.values) == [False, True, True, True, False]


def test_unpack_fixed_views_doubles_and_floats():
    buffer, start, end = packed_payload(Vector.FP64Vector(values=[1.5, -0.0, 1e308]))
    assert packed.unpack_fixed(buffer, start, end, np.dtype("<f8"), "x").tolist() == [
        1.5,
        -0.0,
        1e308,
    ]
    buffer, start, end = packed_payload(Vector.FP32Vector(values=[1.5, -2.25]))
    assert packed.unpack_fixed(buffer, start, end, np.dtype("<f4"), "x").tolist() == [1.5, -2.25]


def test_unpack_fixed_refuses_a_partial_value():
    with pytest.raises(MillProtocolError) as info:
        packed.unpack_fixed(wire.Buffer(bytes(12)), 0, 12, np.dtype("<f8"), "x")
    assert info.value.message == "x: 12 bytes of packed float64 values is not a multiple of 8"


STRING_CASES = {
    "empty strings": ["", "", ""],
    "one": ["a"],
    "length ten": ["0123456789"] * 20,
    "newlines": ["\n", "\n\n", "a\nb", "\n" * 10, ""],
    "tag-like data": ["\n\x00\n\x00", "\n\x02\n\x00", "\n\x0a" * 5],
    "long": ["x" * 127, "y" * 128, "z" * 300, "w" * 20000, ""],
    "unicode": ["héllo", "日本語", "😀", "ß" * 100],
}


@pytest.mark.parametrize("strings", STRING_CASES.values(), ids=STRING_CASES.keys())
def test_unpack_records_finds_every_string(strings):
    buffer = wire.Buffer(Vector.StringVector(values=strings).SerializeToString())
    decoded = records.unpack_records(buffer, 0, buffer.size, len(strings))
    assert decoded is not None
    assert [value.decode() for value in decoded.to_pylist()] == strings


TILED_CASES = {
    "short": ["", "a", "héllo", "x" * 127],
    "length ten": ["0123456789", "", "0123456789" * 1, "abcdefghij"],
    "length ten starting with a newline": ["\n123456789", "z"],
    "two-byte lengths": ["y" * 128, "", "z" * 300, "w" * 16383, "q" * 1000],
    "empty strings only": ["", "", ""],
}


@pytest.mark.parametrize("strings", TILED_CASES.values(), ids=TILED_CASES.keys())
def test_tiled_records_find_records_without_newlines_at_once(strings):
    buffer = wire.Buffer(Vector.StringVector(values=strings).SerializeToString())
    found = records._tiled_records(buffer, 0, buffer.size, len(strings))
    assert found is not None
    starts, values = found
    if values is None:  # every length takes one byte
        assert max(len(string.encode()) for string in strings) < 128
        values = starts + 2
    ends = np.append(starts[1:], buffer.size)
    assert [bytes(buffer.data[a:b]).decode() for a, b in zip(values, ends)] == strings


CHAIN_CASES = {
    "newline inside a value": ["a\nb", "c"],
    "value ending with a newline before a length of ten": ["x\n", "0123456789"],
    "newline then the length byte of a record": ["\n\x02", "ab"],
    "three-byte length": ["v" * 16384, "a"],
    "second length byte is a newline": ["q" * 1290, "\n"],
}


@pytest.mark.parametrize("strings", CHAIN_CASES.values(), ids=CHAIN_CASES.keys())
def test_records_with_newline_values_fall_back_to_the_chain(strings):
    buffer = wire.Buffer(Vector.StringVector(values=strings).SerializeToString())
    assert records._tiled_records(buffer, 0, buffer.size, len(strings)) is None
    decoded = records.unpack_records(buffer, 0, buffer.size, len(strings))
    assert decoded is not None
    assert [value.decode() for value in decoded.to_pylist()] == strings


def test_unpack_records_binary_with_every_byte_value():
    rng = np.random.default_rng(3)
    values = [
        rng.integers(0, 256, rng.integers(0, 300)).astype(np.uint8).tobytes() for _ in range(500)
    ]
    values += [bytes([10, n]) * 3 for n in range(256)]
    data = Vector.BytesVector(values=values).SerializeToString()
    decoded = records.unpack_records(wire.Buffer(data), 0, len(data), len(values))
    assert decoded is not None
    assert decoded.to_pylist() == values


@pytest.mark.parametrize(
    ("data", "count"),
    [
        (b"\x0a\x01a\x0a\x01b", 3),  # fewer records than asked
        (b"\x0a\x01a\x0a\x01b", 1),  # more records than asked
        (b"\x0a\x01a\x10\x01", 1),  # another field after the record
        (b"\x0a\x05abc", 1),  # cut value
        (b"\x12\x01a", 1),  # not field 1
    ],
)
def test_unpack_records_gives_up_on_anything_else(data, count):
    assert records.unpack_records(wire.Buffer(data), 0, len(data), count) is None


# Values made of the bytes that matter to the record finders: tags and lengths of 10
# (0x0A), bytes that end or continue a varint, and lengths around 10, 128 and 16384.
VALUE_BYTES = st.sampled_from([0x0A, 0x00, 0x7F, 0x80, 0x8A, 0xC3, 0xFF, 0x61])
VALUES = st.lists(
    st.one_of(
        st.lists(VALUE_BYTES, max_size=12).map(bytes),
        st.integers(125, 131).map(lambda n: b"\x0a" * (n % 2) + b"x" * n),
        st.integers(16380, 16390).map(lambda n: b"y" * n),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(values=VALUES)
def test_unpack_records_matches_protobuf_for_any_values(values):
    data = Vector.BytesVector(values=values).SerializeToString()
    decoded = records.unpack_records(wire.Buffer(data), 0, len(data), len(values))
    assert decoded is not None
    assert decoded.to_pylist() == values
    if values and all(len(value) < 128 and b"\n" not in value for value in values):
        # No newline in a value, no long length: the tags are the only 0x0A bytes.
        assert records._tiled_records(wire.Buffer(data), 0, len(data), len(values))


WIDE_INTS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.integers(0, 62).flatmap(lambda bits: st.integers(-(2**bits), 2**bits)),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(WIDE_INTS, max_size=60))
def test_unpack_varints_matches_protobuf_for_any_values(values):
    buffer, start, end = packed_payload(Vector.I64Vector(values=values))
    assert packed.unpack_varints(buffer, start, end, "test").view(np.int64).tolist() == values


def test_positions_matches_flatnonzero_at_any_density():
    rng = np.random.default_rng(5)
    for density in (0.0, 0.01, 0.09, 0.5, 1.0):
        mask = rng.random(3_000_003) < density
        expected = np.flatnonzero(mask)
        assert np.array_equal(records.positions(mask, len(expected)), expected)


def test_iter_fields_reports_each_wire_type():
    data = b"\x08\x96\x01" + b"\x11" + bytes(8) + b"\x1a\x02hi" + b"\x25" + bytes(4)
    assert list(wire.iter_fields(memoryview(data), 0, len(data), "x")) == [
        (1, wire.VARINT, 150, 3),
        (2, wire.FIXED64, 4, 12),
        (3, wire.LENGTH_DELIMITED, 14, 16),
        (4, wire.FIXED32, 17, 21),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x08", "x: truncated varint at byte 1"),
        (b"\x08\x80", "x: truncated varint at byte 1"),
        (b"\x1a\x05ab", "x: field 3 at byte 0 needs 5 bytes, only 2 remain"),
        (b"\x11\x00", "x: field 2 at byte 0 needs 8 bytes, only 1 remain"),
        (b"\x00\x01", "x: invalid field number 0 at byte 0"),
        (b"\x0b", "x: field 1 at byte 0 has unsupported wire type 3"),
        (b"\x0e", "x: field 1 at byte 0 has unsupported wire type 6"),
        (b"\x08" + b"\xff" * 10 + b"\x01", "x: varint at byte 1 is longer than 10 bytes"),
    ],
)
def test_iter_fields_errors(data, message):
    with pytest.raises(MillProtocolError) as info:
        list(wire.iter_fields(memoryview(data), 0, len(data), "x"))
    assert info.value.message == message


def test_pack_varints_is_protobufs_encoding():
    rng = np.random.default_rng(11)
    values = EDGE_INT64 + rng.integers(-(2**63), 2**63 - 1, 2000).tolist()
    expected = Vector.I64Vector(values=values).SerializeToString()
    payload = packed.pack_varints(np.array(values, dtype=np.int64).view(np.uint64))
    assert wire.key(1, wire.LENGTH_DELIMITED) + wire.varint(len(payload)) + payload == expected
    assert packed.pack_varints(np.array([], dtype=np.uint64)) == b""


def test_pack_records_is_protobufs_encoding():
    values = [b"", b"a", b"\x00" * 127, b"b" * 128, b"c" * 70000, b"\n\n"]
    offsets = np.concatenate([[0], np.cumsum([len(value) for value in values])])
    payload = records.pack_records(offsets, np.frombuffer(b"".join(values), dtype=np.uint8))
    assert payload == Vector.BytesVector(values=values).SerializeToString()
    assert records.pack_records(np.array([0]), np.zeros(0, dtype=np.uint8)) == b""


def test_varint_and_key():
    assert wire.varint(0) == b"\x00"
    assert wire.varint(300) == b"\xac\x02"
    assert wire.varint(2**64 - 1) == b"\xff" * 9 + b"\x01"
    assert wire.key(106, wire.LENGTH_DELIMITED) == b"\xd2\x06"
