"""Mill ``VectorBlock`` bytes to Arrow record batches, without protobuf messages.

The block's few fields are walked in Python (:mod:`~mill_client.vectors.wire`); each
vector's values are decoded a whole vector at a time by numpy
(:mod:`~mill_client.vectors.packed`, :mod:`~mill_client.vectors.records`), integers by
protobuf's C parser where protobuf hands them to numpy in one copy (see
:data:`PROTOBUF_ARRAYS`). Doubles and floats are zero-copy views of the block bytes (the
batch keeps the bytes alive). A values sub-message that is not the single packed field
protobuf writes (values sent unpacked, unknown fields) is parsed by protobuf instead:
slower, same result.

Leniencies, all documented protocol shapes: a vector without nulls, or with an empty
``nulls`` list, has no nulls; in a block of 0 rows a vector may carry any values member
(or none) as long as it is empty, as JSON-printed empty blocks do.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from google.protobuf.message import DecodeError, Message

from mill_client._proto import common_pb2, vector_pb2
from mill_client.errors import MillProtocolError
from mill_client.types import (
    VECTOR_FOR_TYPE,
    TimeUnit,
    check_time_unit,
    field_to_arrow,
    type_name,
)
from mill_client.vectors import packed, records, wire
from mill_client.vectors.wire import LENGTH_DELIMITED, VARINT, Buffer

__all__ = ["decode_block", "decode_block_message", "decode_response"]

# The message classes hold the enum values as plain ints; the enum wrappers look each
# name up in Python, a cost on the per-column path.
_Id = common_pb2.LogicalDataType
_Vector = vector_pb2.Vector

#: ``Vector.values`` oneof members by field number, with their message classes.
_VECTORS: Final = {
    100: ("stringVector", _Vector.StringVector),
    101: ("i32Vector", _Vector.I32Vector),
    102: ("i64Vector", _Vector.I64Vector),
    103: ("fp64Vector", _Vector.FP64Vector),
    104: ("fp32Vector", _Vector.FP32Vector),
    105: ("boolVector", _Vector.BoolVector),
    106: ("byteVector", _Vector.BytesVector),
}
_VECTOR_NUMBER: Final = {name: number for number, (name, _) in _VECTORS.items()}
_MS_PER_DAY: Final = 86_400_000

#: Whether the installed protobuf hands repeated scalar fields to numpy in one copy
#: (``__array__``, upb in protobuf 7). Then its C parser decodes integer vectors faster
#: than :func:`packed.unpack_varints` does; older protobufs (5.x) create one Python int per
#: value, and the numpy decoder is several times faster than that.
PROTOBUF_ARRAYS: bool = hasattr(type(_Vector.I64Vector().values), "__array__")
_Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Column:
    """What decoding one column needs from the block schema."""

    field: pa.Field
    type_id: int
    vector: int  # the expected Vector.values field number
    where: str  # how errors name the column: "column 'x' (BIG_INT)"


@functools.lru_cache(maxsize=64)
def _columns(schema: bytes, time_unit: TimeUnit) -> tuple[pa.Schema, tuple[_Column, ...]]:
    """Map a serialized ``VectorBlockSchema`` to the Arrow schema (cached: every block of a
    result repeats the same schema bytes)."""
    try:
        fields = vector_pb2.VectorBlockSchema.FromString(schema).fields
    except DecodeError as exc:
        raise MillProtocolError(f"VectorBlock schema does not parse: {exc}") from None
    columns = tuple(
        _Column(
            field=field_to_arrow(field, time_unit=time_unit),
            type_id=field.type.type.typeId,
            vector=_VECTOR_NUMBER[VECTOR_FOR_TYPE[field.type.type.typeId]],
            where=f"column {field.name!r} ({type_name(field.type.type.typeId)})",
        )
        for field in fields
    )
    return pa.schema([column.field for column in columns]), columns


class _VectorParts:
    """The byte ranges of one ``Vector`` message's fields (merged as protobuf merges)."""

    __slots__ = ("index", "kind", "nulls", "values")

    def __init__(self, buffer: Buffer, start: int, end: int, where: str) -> None:
        self.index = 0
        self.nulls: list[_Range] = []
        self.kind = 0  # the Vector.values member present, 0 for none
        self.values: list[_Range] = []
        for number, wire_type, a, b in wire.iter_fields(buffer.data, start, end, where):
            if number == 1:
                _expect(wire_type, VARINT, where, "fieldIdx")
                self.index = a
            elif number == 2:
                _expect(wire_type, LENGTH_DELIMITED, where, "nulls")
                self.nulls.append((a, b))
            elif number in _VECTORS:
                _expect(wire_type, LENGTH_DELIMITED, where, _VECTORS[number][0])
                if number != self.kind:  # a oneof keeps only its last member
                    self.kind = number
                    self.values = []
                self.values.append((a, b))


def _expect(wire_type: int, expected: int, where: str, name: str) -> None:
    if wire_type != expected:
        raise MillProtocolError(
            f"{where}: field {name} has wire type {wire_type}, expected {expected}"
        )


def _joined(buffer: Buffer, ranges: list[_Range]) -> tuple[Buffer, int, int]:
    """The bytes of a message field sent in several parts, concatenated (protobuf's merge)."""
    if len(ranges) == 1:
        return buffer, ranges[0][0], ranges[0][1]
    joined = Buffer(b"".join(buffer.data[a:b] for a, b in ranges))
    return joined, 0, joined.size


def _packed(buffer: Buffer, start: int, end: int, number: int, where: str) -> _Range | None:
    """The payload of a message holding only packed repeated field ``number``.

    Returns:
        The payload range, or None when the message holds anything else (values sent
        unpacked or in several packed parts, other fields): parse it with protobuf then.
    """
    if start == end:
        return (start, start)
    data = buffer.data
    if data[start] == number << 3 | LENGTH_DELIMITED and start + 1 < end:
        # The usual shape, read inline: the one-byte key, then the payload's length.
        size = data[start + 1]
        pos = start + 2
        if size >= 0x80:
            size, pos = wire.read_varint(data, start + 1, end, where)
        if pos + size == end:
            return (pos, end)
    field, wire_type, a, b = next(wire.iter_fields(data, start, end, where))
    if field == number and wire_type == LENGTH_DELIMITED and b == end:
        return (a, b)
    return None


def _parse(message: type[Message], buffer: Buffer, start: int, end: int, where: str) -> Any:
    """Parse ``buffer[start:end]`` as ``message`` with protobuf (the slow, general path)."""
    try:
        return message.FromString(buffer.data[start:end])
    except DecodeError as exc:
        raise MillProtocolError(f"{where}: {message.__name__} does not parse: {exc}") from None


def _check_count(count: int, rows: int, where: str, what: str) -> None:
    if count != rows:
        raise MillProtocolError(f"{where}: {what} has {count} values, expected {rows} (vectorSize)")


class _Nulls(NamedTuple):
    """The nulls of a vector: flags (true = null), Arrow validity bitmap, count."""

    flags: npt.NDArray[np.bool_] | None
    validity: pa.Buffer | None
    count: int


_NO_NULLS: Final = _Nulls(None, None, 0)


def _nulls(buffer: Buffer, ranges: list[_Range], rows: int, where: str) -> _Nulls:
    """The nulls of a vector (an absent or empty list: no nulls)."""
    if not ranges:
        return _NO_NULLS
    buffer, start, end = _joined(buffer, ranges)
    payload = _packed(buffer, start, end, 2, f"{where} nulls")
    if payload is None:
        message = _parse(_Vector.NullsVector, buffer, start, end, f"{where} nulls")
        flags = np.fromiter(message.nulls, dtype=np.bool_, count=len(message.nulls))
    else:
        flags = packed.unpack_bools(buffer, *payload, f"{where} nulls")
    if len(flags) == 0:
        return _NO_NULLS
    _check_count(len(flags), rows, where, "nulls")
    count = int(np.count_nonzero(flags))
    if count == 0:
        return _NO_NULLS
    validity = np.packbits(flags, bitorder="little")
    np.invert(validity, out=validity)  # the bits past the last row are never read
    return _Nulls(flags, pa.py_buffer(validity), count)


def _integers(
    buffer: Buffer, start: int, end: int, kind: int, where: str
) -> npt.NDArray[np.int32] | npt.NDArray[np.int64]:
    """The values of an ``i32Vector`` (as int32) or ``i64Vector`` (as int64)."""
    dtype = np.int32 if kind == 101 else np.int64
    payload = None if PROTOBUF_ARRAYS else _packed(buffer, start, end, 1, where)
    if payload is None:
        values = _parse(_VECTORS[kind][1], buffer, start, end, where).values
        if PROTOBUF_ARRAYS:
            return np.asarray(values, dtype=dtype)
        return np.fromiter(values, dtype=dtype, count=len(values))
    raw = packed.unpack_varints(buffer, *payload, where)
    if kind == 101:
        return raw.astype(np.uint32).view(np.int32)  # protobuf int32: the low 32 bits
    return raw.view(np.int64)


def _fixed(buffer: Buffer, start: int, end: int, kind: int, where: str) -> npt.NDArray[np.floating]:
    dtype = np.dtype("<f8" if kind == 103 else "<f4")
    payload = _packed(buffer, start, end, 1, where)
    if payload is not None:
        return packed.unpack_fixed(buffer, *payload, dtype, where)
    values = _parse(_VECTORS[kind][1], buffer, start, end, where).values
    return np.fromiter(values, dtype=dtype, count=len(values))


def _bools(buffer: Buffer, start: int, end: int, where: str) -> npt.NDArray[np.bool_]:
    payload = _packed(buffer, start, end, 1, where)
    if payload is not None:
        return packed.unpack_bools(buffer, *payload, where)
    values = _parse(_Vector.BoolVector, buffer, start, end, where).values
    return np.fromiter(values, dtype=np.bool_, count=len(values))


def _binaries(buffer: Buffer, start: int, end: int, rows: int, text: bool, where: str) -> pa.Array:
    """The values of a ``stringVector``/``byteVector`` as a ``binary`` array.

    Args:
        text: Check that every value is UTF-8 (a STRING column).

    Raises:
        MillProtocolError: The values do not parse, are not ``rows``, or (``text``) a
            value is not UTF-8.
    """
    values = records.unpack_records(buffer, start, end, rows)
    if values is None:
        # Not exactly ``rows`` canonical records: protobuf finds the values or the fault.
        # Strings parse as bytes (same wire format), so UTF-8 is checked here.
        parsed = _parse(_Vector.BytesVector, buffer, start, end, where).values
        _check_count(len(parsed), rows, where, _VECTORS[100 if text else 106][0])
        values = pa.array(list(parsed), type=pa.binary())
        if text:
            _check_utf8(values, where)
    elif text and not _utf8_records(buffer, start, end):
        _check_utf8(values, where)
    return values


def _utf8_records(buffer: Buffer, start: int, end: int) -> bool:
    """Whether the records filling ``buffer[start:end]`` hold UTF-8 values, at once.

    A record is 0x0A, its length, its value, and a length's last byte is below 0x80, so
    every value sits between ASCII bytes. No UTF-8 character holds an ASCII byte, so
    when the whole range is UTF-8, each value is. A length over 127 starts with a byte
    over 0x7F, which usually fails the range though the values are fine: False means
    "check each value", not that one is wrong.
    """
    try:
        str(buffer.data[start:end], "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _narrow(
    values: npt.NDArray[np.signedinteger],
    dtype: type[np.signedinteger],
    nulls: _Nulls,
    where: str,
) -> npt.NDArray[np.signedinteger]:
    """Cast to a narrower integer type, refusing out-of-range values at non-null rows."""
    info = np.iinfo(dtype)
    if len(values) and (values.min() < info.min or values.max() > info.max):
        bad = (values < info.min) | (values > info.max)
        if nulls.flags is not None:
            bad &= ~nulls.flags
        if bad.any():
            row = int(bad.argmax())
            raise MillProtocolError(
                f"{where}: value {int(values[row])} at row {row} does not fit {info.dtype}"
            )
    return values.astype(dtype)


def _empty_vector(column: _Column, parts: _VectorParts, buffer: Buffer) -> pa.Array:
    """The column of a 0-row block: any values member (or none) is fine if it is empty."""
    if parts.kind:
        values_buffer, start, end = _joined(buffer, parts.values)
        payload = _packed(values_buffer, start, end, 1, column.where)
        if payload is None or payload[1] != payload[0]:
            raise MillProtocolError(
                f"{column.where}: {_VECTORS[parts.kind][0]} has values, expected none "
                "(vectorSize 0)"
            )
    return pa.array([], type=column.field.type)


def _decode_column(
    buffer: Buffer, column: _Column, parts: _VectorParts, rows: int, time_unit: TimeUnit
) -> pa.Array:
    """One column of a block, checked against its schema field."""
    where = column.where
    if rows == 0:
        _nulls(buffer, parts.nulls, rows, where)
        return _empty_vector(column, parts, buffer)
    if parts.kind != column.vector:
        got = _VECTORS[parts.kind][0] if parts.kind else "no values"
        raise MillProtocolError(f"{where}: expected {_VECTORS[column.vector][0]}, got {got}")
    nulls = _nulls(buffer, parts.nulls, rows, where)
    if nulls.count and not column.field.nullable:
        raise MillProtocolError(
            f"{where}: declared NOT_NULL but {nulls.count} of {rows} rows are null"
        )
    values_buffer, start, end = _joined(buffer, parts.values)
    kind = parts.kind
    if kind in (100, 106):
        values = _binaries(values_buffer, start, end, rows, column.type_id == _Id.STRING, where)
    elif kind == 105:
        values = _bools(values_buffer, start, end, where)
    elif kind in (103, 104):
        values = _fixed(values_buffer, start, end, kind, where)
    else:
        values = _integers(values_buffer, start, end, kind, where)
    _check_count(len(values), rows, where, _VECTORS[kind][0])
    return _to_arrow(column, values, nulls, time_unit)


def _to_arrow(
    column: _Column, values: pa.Array | np.ndarray, nulls: _Nulls, time_unit: TimeUnit
) -> pa.Array:
    """The Arrow column for a vector's values (as its values member decoded them)."""
    where = column.where
    type_id = column.type_id
    arrow_type = column.field.type
    rows = len(values)
    if isinstance(values, pa.Array):  # stringVector, byteVector
        if type_id == _Id.UUID:
            return _uuids(values, nulls, where)
        _, offsets, data = values.buffers()
        return pa.Array.from_buffers(
            arrow_type, rows, [nulls.validity, offsets, data], null_count=nulls.count
        )
    if type_id == _Id.BOOL:
        bits = pa.py_buffer(np.packbits(values, bitorder="little"))
        return pa.Array.from_buffers(
            arrow_type, rows, [nulls.validity, bits], null_count=nulls.count
        )
    if type_id == _Id.TINY_INT:
        values = _narrow(values, np.int8, nulls, where)
    elif type_id == _Id.SMALL_INT:
        values = _narrow(values, np.int16, nulls, where)
    elif type_id == _Id.INTERVAL_DAY:
        values = values.astype(np.int64) * _MS_PER_DAY
    elif type_id == _Id.DATE or (type_id == _Id.TIME and time_unit == "ms"):
        values = _narrow(values, np.int32, nulls, where)
    return pa.Array.from_buffers(
        arrow_type, rows, [nulls.validity, pa.py_buffer(values)], null_count=nulls.count
    )


def _check_utf8(binary: pa.Array, where: str) -> None:
    """Refuse values that are not UTF-8, naming the first bad row.

    The concatenated values are checked at once by Python's UTF-8 codec; then every
    value is valid if no non-empty value starts inside a character, that is with a
    continuation byte (0b10xxxxxx).
    """
    _, offsets_buffer, data_buffer = binary.buffers()
    if data_buffer is None:
        return
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    offsets = offsets[binary.offset : binary.offset + len(binary) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    if len(data) == 0 or data.max() < 0x80:
        return  # ASCII
    try:
        str(data, "utf-8")
    except UnicodeDecodeError as exc:
        row = int(np.searchsorted(offsets, offsets[0] + exc.start, side="right")) - 1
        raise MillProtocolError(f"{where}: the value at row {row} is not valid UTF-8") from None
    starts = offsets[:-1] - offsets[0]
    inside = (data.take(np.minimum(starts, len(data) - 1)) & 0xC0) == 0x80
    inside &= starts < len(data)
    if inside.any():
        row = int(inside.argmax())
        raise MillProtocolError(f"{where}: the value at row {row} is not valid UTF-8")


def _uuids(binary: pa.Array, nulls: _Nulls, where: str) -> pa.Array:
    """16-byte values as ``fixed_size_binary(16)``; null rows may hold any placeholder."""
    rows = len(binary)
    offsets = np.frombuffer(binary.buffers()[1], dtype=np.int32)
    offsets = offsets[binary.offset : binary.offset + rows + 1]
    lengths = np.diff(offsets)
    wrong = lengths != 16
    if nulls.flags is not None:
        wrong &= ~nulls.flags
    if wrong.any():
        row = int(wrong.argmax())
        raise MillProtocolError(
            f"{where}: the value at row {row} has {int(lengths[row])} bytes, expected 16"
        )
    out = np.zeros((rows, 16), dtype=np.uint8)
    present = np.arange(rows) if nulls.flags is None else np.flatnonzero(~nulls.flags)
    if len(present):
        data = np.frombuffer(binary.buffers()[2], dtype=np.uint8)
        out[present] = np.lib.stride_tricks.sliding_window_view(data, 16)[offsets[present]]
    return pa.Array.from_buffers(
        pa.binary(16), rows, [nulls.validity, pa.py_buffer(out)], null_count=nulls.count
    )


def _decode(buffer: Buffer, start: int, end: int, time_unit: TimeUnit) -> pa.RecordBatch:
    where = "VectorBlock"
    schema_ranges: list[_Range] = []
    vector_ranges: list[_Range] = []
    rows = 0
    for number, wire_type, a, b in wire.iter_fields(buffer.data, start, end, where):
        if number == 1:
            _expect(wire_type, LENGTH_DELIMITED, where, "schema")
            schema_ranges.append((a, b))
        elif number == 2:
            _expect(wire_type, VARINT, where, "vectorSize")
            rows = a
        elif number == 3:
            _expect(wire_type, LENGTH_DELIMITED, where, "vectors")
            vector_ranges.append((a, b))
    if rows > 0xFFFFFFFF:
        raise MillProtocolError(f"{where}: vectorSize {rows} does not fit uint32")
    schema_bytes = b"".join(buffer.data[a:b] for a, b in schema_ranges)
    schema, columns = _columns(schema_bytes, time_unit)
    vectors: list[_VectorParts | None] = [None] * len(columns)
    for position, (a, b) in enumerate(vector_ranges):
        parts = _VectorParts(buffer, a, b, f"{where} vector {position}")
        if parts.index >= len(columns):
            raise MillProtocolError(
                f"{where} vector {position}: fieldIdx {parts.index} is out of range, "
                f"the schema has {len(columns)} fields"
            )
        if vectors[parts.index] is not None:
            raise MillProtocolError(
                f"{where}: two vectors for fieldIdx {parts.index} ({columns[parts.index].where})"
            )
        vectors[parts.index] = parts
    arrays = []
    for index, (column, parts) in enumerate(zip(columns, vectors)):
        if parts is None:
            raise MillProtocolError(f"{where}: no vector for fieldIdx {index} ({column.where})")
        arrays.append(_decode_column(buffer, column, parts, rows, time_unit))
    if not columns:
        return pa.record_batch([pa.nulls(rows)], names=[""]).select([])
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def decode_block(
    data: bytes | bytearray | memoryview, *, time_unit: TimeUnit = "ns"
) -> pa.RecordBatch:
    """Decode a serialized Mill ``VectorBlock`` into an Arrow record batch.

    Columns follow the block schema; each vector is matched to its column by
    ``fieldIdx`` (the column's position). Types map as in :mod:`mill_client.types`.

    Args:
        data: The ``VectorBlock`` wire bytes. Not copied; the batch may keep them alive.
        time_unit: How TIME values are counted on the wire: ``"ns"`` (the protocol) or
            ``"ms"`` (what the real Mill server sends).

    Raises:
        MillProtocolError: The bytes are not a valid block: truncated or corrupt wire
            data, unknown type id, a vector missing, duplicated or out of range, the
            wrong values member for a column's type, a length that disagrees with
            ``vectorSize``, nulls in a NOT_NULL column, invalid UTF-8, a UUID that is
            not 16 bytes, a value out of range for its column type.
        ValueError: ``time_unit`` is not ``"ns"`` or ``"ms"``.
    """
    check_time_unit(time_unit)
    buffer = Buffer(data)
    return _decode(buffer, 0, buffer.size, time_unit)


def decode_block_message(
    block: vector_pb2.VectorBlock, *, time_unit: TimeUnit = "ns"
) -> pa.RecordBatch:
    """Decode a parsed ``VectorBlock`` message (for example from protobuf JSON).

    Same result and errors as :func:`decode_block` on its serialization.
    """
    return decode_block(block.SerializeToString(), time_unit=time_unit)


def decode_response(
    data: bytes | bytearray | memoryview, *, time_unit: TimeUnit = "ns"
) -> tuple[str | None, pa.RecordBatch | None]:
    """Decode a serialized ``QueryResultResponse`` without protobuf messages.

    Args:
        data: The response wire bytes (``1 pagingId: optional string``,
            ``2 vector: optional VectorBlock``). Empty bytes are an empty response.
        time_unit: As for :func:`decode_block`.

    Returns:
        The paging id (None when absent) and the decoded block (None when absent).

    Raises:
        MillProtocolError: The bytes are not a valid response or block.
        ValueError: ``time_unit`` is not ``"ns"`` or ``"ms"``.
    """
    check_time_unit(time_unit)
    where = "QueryResultResponse"
    buffer = Buffer(data)
    paging_id: str | None = None
    block_ranges: list[_Range] = []
    for number, wire_type, a, b in wire.iter_fields(buffer.data, 0, buffer.size, where):
        if number == 1:
            _expect(wire_type, LENGTH_DELIMITED, where, "pagingId")
            try:
                paging_id = str(buffer.data[a:b], "utf-8")
            except UnicodeDecodeError:
                raise MillProtocolError(f"{where}: pagingId is not valid UTF-8") from None
        elif number == 2:
            _expect(wire_type, LENGTH_DELIMITED, where, "vector")
            block_ranges.append((a, b))
    if not block_ranges:
        return paging_id, None
    block_buffer, start, end = _joined(buffer, block_ranges)
    return paging_id, _decode(block_buffer, start, end, time_unit)
