"""Malformed VectorBlocks and responses are MillProtocolErrors that say what was wrong."""

from __future__ import annotations

import pytest

from mill_client._proto import vector_pb2
from mill_client.errors import MillProtocolError
from mill_client.vectors import decode_block, decode_response

from .blocks import Column, Id, Nullability, block, length_delimited, varint, varint_field

pytestmark = pytest.mark.usefixtures("integer_path")


def error_of(data: bytes, **options) -> str:
    with pytest.raises(MillProtocolError) as info:
        decode_block(data, **options)
    return info.value.message


def two_columns() -> vector_pb2.VectorBlock:
    return block(Column("x", Id.BIG_INT, [1, 2, 3]), Column("s", Id.STRING, ["a", "b", "c"]))


def test_values_longer_than_vector_size():
    message = two_columns()
    message.vectors[0].i64Vector.values.append(4)
    assert error_of(message.SerializeToString()) == (
        "column 'x' (BIG_INT): i64Vector has 4 values, expected 3 (vectorSize)"
    )


def test_strings_shorter_than_vector_size():
    message = two_columns()
    del message.vectors[1].stringVector.values[-1]
    assert error_of(message.SerializeToString()) == (
        "column 's' (STRING): stringVector has 2 values, expected 3 (vectorSize)"
    )


def test_nulls_of_the_wrong_length():
    message = two_columns()
    message.vectors[1].nulls.nulls.append(False)
    assert error_of(message.SerializeToString()) == (
        "column 's' (STRING): nulls has 4 values, expected 3 (vectorSize)"
    )


def test_values_in_an_empty_block():
    message = block(Column("x", Id.BIG_INT, []))
    message.vectors[0].i64Vector.values.append(1)
    assert error_of(message.SerializeToString()) == (
        "column 'x' (BIG_INT): i64Vector has values, expected none (vectorSize 0)"
    )


def test_wrong_values_member_for_the_type():
    message = two_columns()
    message.vectors[0].stringVector.values.extend(["1", "2", "3"])
    assert error_of(message.SerializeToString()) == (
        "column 'x' (BIG_INT): expected i64Vector, got stringVector"
    )


def test_no_values_member():
    message = two_columns()
    message.vectors[0].ClearField("i64Vector")
    assert error_of(message.SerializeToString()) == (
        "column 'x' (BIG_INT): expected i64Vector, got no values"
    )


@pytest.mark.parametrize(("type_id", "name"), [(0, "NOT_SPECIFIED_TYPE"), (77, "77")])
def test_unknown_type_id(type_id, name):
    message = two_columns()
    message.schema.fields[1].type.type.typeId = type_id
    assert error_of(message.SerializeToString()).startswith(
        f"field 's': Mill type {name} has no Arrow type; expected one of TINY_INT, "
    )


def test_truncated_block_exact_message():
    data = block(Column("x", Id.BIG_INT, [1])).SerializeToString()
    vector_at = data.index(b"\x1a", data.index(b"\x10"))
    assert error_of(data[:-1]) == (
        f"VectorBlock: field 3 at byte {vector_at} needs {len(data) - vector_at - 2} bytes, "
        f"only {len(data) - vector_at - 3} remain"
    )


def test_cut_varint_inside_packed_values(integer_path):
    message = two_columns()
    vector = length_delimited(2, message.vectors[0].nulls.SerializeToString()) + length_delimited(
        102, length_delimited(1, b"\x01\x02\x83")
    )
    data = length_delimited(1, message.schema.SerializeToString()) + varint_field(2, 3)
    data += length_delimited(3, vector) + length_delimited(
        3, message.vectors[1].SerializeToString()
    )
    if integer_path:  # protobuf parses the integers (see decode.PROTOBUF_ARRAYS)
        assert error_of(data).startswith("column 'x' (BIG_INT): I64Vector does not parse: ")
    else:
        assert error_of(data) == (
            "column 'x' (BIG_INT): truncated varint at the end of the packed values"
        )


def test_varint_longer_than_ten_bytes(integer_path):
    schema = block(Column("x", Id.BIG_INT, [])).schema
    values = length_delimited(1, b"\x01" + b"\xff" * 10 + b"\x01" + b"\x02")
    vector = length_delimited(2, length_delimited(2, b"\x00\x00\x00")) + length_delimited(
        102, values
    )
    data = length_delimited(1, schema.SerializeToString()) + varint_field(2, 3)
    data += length_delimited(3, vector)
    if integer_path:
        assert error_of(data).startswith("column 'x' (BIG_INT): I64Vector does not parse: ")
    else:
        assert error_of(data) == (
            f"column 'x' (BIG_INT): varint at byte {len(data) - 12} is longer than 10 bytes"
        )


def test_field_index_out_of_range():
    message = two_columns()
    message.vectors[1].fieldIdx = 5
    assert error_of(message.SerializeToString()) == (
        "VectorBlock vector 1: fieldIdx 5 is out of range, the schema has 2 fields"
    )


def test_missing_vector():
    message = two_columns()
    del message.vectors[1]
    assert error_of(message.SerializeToString()) == (
        "VectorBlock: no vector for fieldIdx 1 (column 's' (STRING))"
    )


def test_duplicated_vector():
    message = two_columns()
    message.vectors[1].fieldIdx = 0
    assert error_of(message.SerializeToString()) == (
        "VectorBlock: two vectors for fieldIdx 0 (column 'x' (BIG_INT))"
    )


def test_nulls_in_a_not_null_column():
    message = block(Column("id", Id.BIG_INT, [1, None, 3], nullability=Nullability.NOT_NULL))
    assert error_of(message.SerializeToString()) == (
        "column 'id' (BIG_INT): declared NOT_NULL but 1 of 3 rows are null"
    )


def test_invalid_utf8():
    message = block(Column("s", Id.BINARY, [b"ok", b"bad \xff", b"ok"]))
    message.schema.fields[0].type.type.typeId = Id.STRING
    message.vectors[0].nulls.nulls[1] = False
    data = message.SerializeToString().replace(
        b"\xd2\x06", b"\xa2\x06"
    )  # byteVector -> stringVector
    assert error_of(data) == "column 's' (STRING): the value at row 1 is not valid UTF-8"


def test_utf8_split_between_two_values():
    message = block(Column("s", Id.BINARY, ["é".encode()[:1], "é".encode()[1:]]))
    message.schema.fields[0].type.type.typeId = Id.STRING
    data = message.SerializeToString().replace(b"\xd2\x06", b"\xa2\x06")
    assert error_of(data) == "column 's' (STRING): the value at row 1 is not valid UTF-8"


def test_invalid_utf8_after_a_long_value():
    # A length over 127 takes two bytes: the values are then checked one by one.
    message = block(Column("s", Id.BINARY, [b"\xc3\xa9" * 100, b"ok", b"bad \xc3("]))
    message.schema.fields[0].type.type.typeId = Id.STRING
    data = message.SerializeToString().replace(b"\xd2\x06", b"\xa2\x06")
    assert error_of(data) == "column 's' (STRING): the value at row 2 is not valid UTF-8"


def test_uuid_of_the_wrong_size():
    message = block(Column("u", Id.UUID, [bytes(16), bytes(15)]))
    assert error_of(message.SerializeToString()) == (
        "column 'u' (UUID): the value at row 1 has 15 bytes, expected 16"
    )


@pytest.mark.parametrize(
    ("type_id", "value", "dtype"),
    [(Id.TINY_INT, 300, "int8"), (Id.SMALL_INT, -40000, "int16"), (Id.DATE, 2**31, "int32")],
)
def test_values_out_of_range_for_the_column_type(type_id, value, dtype):
    name = {Id.TINY_INT: "TINY_INT", Id.SMALL_INT: "SMALL_INT", Id.DATE: "DATE"}[type_id]
    message = block(Column("v", type_id, [0, value]))
    assert error_of(message.SerializeToString()) == (
        f"column 'v' ({name}): value {value} at row 1 does not fit {dtype}"
    )


def test_time_in_milliseconds_out_of_range():
    message = block(Column("t", Id.TIME, [2**40]))
    assert error_of(message.SerializeToString(), time_unit="ms") == (
        f"column 't' (TIME): value {2**40} at row 0 does not fit int32"
    )


def test_wrong_wire_type_for_a_known_field():
    assert error_of(length_delimited(2, b"\x01")) == (
        "VectorBlock: field vectorSize has wire type 2, expected 0"
    )
    vector = varint_field(2, 1)
    assert error_of(length_delimited(3, vector)) == (
        "VectorBlock vector 0: field nulls has wire type 0, expected 2"
    )


def test_groups_are_refused():
    assert error_of(b"\x2b") == "VectorBlock: field 5 at byte 0 has unsupported wire type 3"


def test_field_number_zero():
    assert error_of(b"\x00\x00") == "VectorBlock: invalid field number 0 at byte 0"


def test_schema_that_does_not_parse():
    assert error_of(length_delimited(1, b"\x1a\x05ab")).startswith(
        "VectorBlock schema does not parse: "
    )


def test_doubles_of_the_wrong_byte_count():
    schema = block(Column("d", Id.DOUBLE, [])).schema
    vector = length_delimited(103, length_delimited(1, bytes(7)))
    data = length_delimited(1, schema.SerializeToString()) + varint_field(2, 1)
    data += length_delimited(3, vector)
    assert error_of(data) == (
        "column 'd' (DOUBLE): 7 bytes of packed float64 values is not a multiple of 8"
    )


def test_string_records_protobuf_cannot_parse():
    schema = block(Column("s", Id.STRING, [])).schema
    vector = length_delimited(100, b"\x0a\x05ab")
    data = length_delimited(1, schema.SerializeToString()) + varint_field(2, 1)
    data += length_delimited(3, vector)
    assert error_of(data).startswith("column 's' (STRING): BytesVector does not parse: ")


def test_vector_size_beyond_uint32():
    assert error_of(varint_field(2, 2**32)) == (
        "VectorBlock: vectorSize 4294967296 does not fit uint32"
    )


def test_bad_time_unit():
    with pytest.raises(ValueError) as info:
        decode_block(b"", time_unit="s")  # type: ignore[arg-type]
    assert str(info.value) == "time_unit must be 'ns' or 'ms', got 's'"


def test_paging_id_that_is_not_utf8():
    with pytest.raises(MillProtocolError) as info:
        decode_response(length_delimited(1, b"\xff"))
    assert info.value.message == "QueryResultResponse: pagingId is not valid UTF-8"


def test_response_with_a_bad_block():
    with pytest.raises(MillProtocolError) as info:
        decode_response(length_delimited(2, b"\x00"))
    assert info.value.message == "VectorBlock: invalid field number 0 at byte 2"


def test_response_truncated():
    data = varint(2 << 3 | 2) + varint(10) + b"abc"
    with pytest.raises(MillProtocolError) as info:
        decode_response(data)
    assert info.value.message == (
        "QueryResultResponse: field 2 at byte 0 needs 10 bytes, only 3 remain"
    )
