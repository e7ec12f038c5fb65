"""Building VectorBlocks the slow, obvious way: with protobuf's own message API.

Decoder tests compare against these so that our wire reader is checked against
protobuf's serialization, not against our own encoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mill_client._proto import common_pb2, vector_pb2

Id = common_pb2.LogicalDataType.LogicalDataTypeId
Nullability = common_pb2.DataType.Nullability

#: The Vector.values member of each Mill type, per the protocol reference.
MEMBER = {
    Id.TINY_INT: "i32Vector",
    Id.SMALL_INT: "i32Vector",
    Id.INT: "i32Vector",
    Id.BIG_INT: "i64Vector",
    Id.BINARY: "byteVector",
    Id.BOOL: "boolVector",
    Id.DATE: "i64Vector",
    Id.FLOAT: "fp32Vector",
    Id.DOUBLE: "fp64Vector",
    Id.INTERVAL_DAY: "i32Vector",
    Id.INTERVAL_YEAR: "i32Vector",
    Id.STRING: "stringVector",
    Id.TIMESTAMP: "i64Vector",
    Id.TIMESTAMP_TZ: "i64Vector",
    Id.TIME: "i64Vector",
    Id.UUID: "byteVector",
}

PLACEHOLDER = {
    "i32Vector": 0,
    "i64Vector": 0,
    "fp32Vector": 0.0,
    "fp64Vector": 0.0,
    "boolVector": False,
    "stringVector": "",
    "byteVector": b"",
}


@dataclass
class Column:
    """One column: Mill type and values, None marking a null (a placeholder is sent)."""

    name: str
    type_id: int
    values: Sequence[object]
    nullability: int = Nullability.NULL
    precision: int = -1
    scale: int = -1

    def field(self, index: int) -> common_pb2.Field:
        return common_pb2.Field(
            name=self.name,
            fieldIdx=index,
            type=common_pb2.DataType(
                type=common_pb2.LogicalDataType(
                    typeId=self.type_id, precision=self.precision, scale=self.scale
                ),
                nullability=self.nullability,
            ),
        )


def block(*columns: Column, rows: int | None = None) -> vector_pb2.VectorBlock:
    """A VectorBlock as the real server writes it: schema, size, one vector per column."""
    if rows is None:
        rows = len(columns[0].values) if columns else 0
    message = vector_pb2.VectorBlock(vectorSize=rows)
    for index, column in enumerate(columns):
        message.schema.fields.append(column.field(index))
        member = MEMBER[column.type_id]
        vector = message.vectors.add(fieldIdx=index)
        vector.nulls.SetInParent()
        vector.nulls.nulls.extend(value is None for value in column.values)
        values = getattr(vector, member)
        values.SetInParent()
        values.values.extend(
            PLACEHOLDER[member] if value is None else value for value in column.values
        )
    return message


def block_bytes(*columns: Column, rows: int | None = None) -> bytes:
    """:func:`block`, serialized by protobuf."""
    return block(*columns, rows=rows).SerializeToString()


def varint(value: int) -> bytes:
    """Encode a varint (negative numbers as 10-byte two's complement), by hand."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def length_delimited(number: int, payload: bytes) -> bytes:
    """Field ``number`` (wire type 2) holding ``payload``, by hand."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def varint_field(number: int, value: int) -> bytes:
    """Field ``number`` (wire type 0) holding ``value``, by hand."""
    return varint(number << 3) + varint(value)
