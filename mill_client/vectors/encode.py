"""Arrow record batches to Mill ``VectorBlock`` bytes, written directly with numpy.

The output is byte-for-byte what protobuf serializes for the same message: fields in
number order, repeated scalars packed, default scalars left out. Every vector has
``nulls`` (one flag per row) and placeholders at null rows (0, 0.0, false, "", b"");
every block has the schema and ``fieldIdx`` = column index, as the real server writes.
Type mapping: :func:`mill_client.types.logical_type_for`.
"""

from __future__ import annotations

import functools
from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from mill_client._proto import common_pb2, vector_pb2
from mill_client.types import (
    MILL_TYPE_KEY,
    VECTOR_FOR_TYPE,
    TimeUnit,
    check_time_unit,
    schema_to_fields,
)
from mill_client.vectors.packed import pack_varints
from mill_client.vectors.records import pack_records
from mill_client.vectors.wire import LENGTH_DELIMITED, VARINT, key, varint

__all__ = ["encode_block", "encode_response"]

# The message classes hold the enum values as plain ints; the enum wrappers look each
# name up in Python, a cost on the per-column path.
_Id = common_pb2.LogicalDataType
_NOT_NULL = common_pb2.DataType.NOT_NULL

_VECTOR_KEY: Final = {
    "stringVector": key(100, LENGTH_DELIMITED),
    "i32Vector": key(101, LENGTH_DELIMITED),
    "i64Vector": key(102, LENGTH_DELIMITED),
    "fp64Vector": key(103, LENGTH_DELIMITED),
    "fp32Vector": key(104, LENGTH_DELIMITED),
    "boolVector": key(105, LENGTH_DELIMITED),
    "byteVector": key(106, LENGTH_DELIMITED),
}
_PER_SECOND: Final = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_SECONDS_PER_DAY: Final = 86_400
_INT64_MAX: Final = np.iinfo(np.int64).max
_INT32: Final = np.iinfo(np.int32)


def _block_head(schema: pa.Schema) -> tuple[bytes, tuple[int, ...], tuple[bool, ...]]:
    """The serialized schema field of a block, with each column's type id and nullability."""
    # Schemas compare without their metadata, which can carry a Mill type: key on both.
    marks = tuple(field.metadata.get(MILL_TYPE_KEY) if field.metadata else None for field in schema)
    return _cached_block_head(schema, marks)


@functools.lru_cache(maxsize=64)
def _cached_block_head(
    schema: pa.Schema, marks: tuple[bytes | None, ...]
) -> tuple[bytes, tuple[int, ...], tuple[bool, ...]]:
    fields = schema_to_fields(schema)
    payload = vector_pb2.VectorBlockSchema(fields=fields).SerializeToString()
    head = key(1, LENGTH_DELIMITED) + varint(len(payload)) + payload
    type_ids = tuple(field.type.type.typeId for field in fields)
    not_null = tuple(field.type.nullability == _NOT_NULL for field in fields)
    return head, type_ids, not_null


def _rescale(values: npt.NDArray[np.int64], unit: str, per_second: int) -> npt.NDArray[np.int64]:
    """Convert counts of ``unit`` to counts of ``1/per_second`` s, flooring finer units."""
    have = _PER_SECOND[unit]
    if have > per_second:
        return np.floor_divide(values, have // per_second)
    return values * (per_second // have)


def _integers(column: pa.Array) -> npt.NDArray[np.int64]:
    """The integer storage of a column as int64, 0 at null rows."""
    return column.fill_null(0).to_numpy().astype(np.int64, copy=False)


def _varint_payload(
    column: pa.Array, type_id: int, name: str, time_unit: TimeUnit
) -> npt.NDArray[np.int64]:
    """The values of an i32Vector or i64Vector column, as int64 (0 at null rows)."""
    arrow_type = column.type
    if type_id in (_Id.TINY_INT, _Id.SMALL_INT, _Id.INT, _Id.BIG_INT, _Id.INTERVAL_YEAR):
        if pa.types.is_uint64(arrow_type):
            values = column.fill_null(0).to_numpy()
            if len(values) and values.max() > _INT64_MAX:
                row = int(values.argmax())
                raise ValueError(
                    f"column {name!r}: uint64 value {int(values[row])} at row {row} does not "
                    "fit BIG_INT (int64)"
                )
            return values.astype(np.int64)
        return _integers(column)
    if type_id == _Id.DATE:
        if pa.types.is_date64(arrow_type):
            return np.floor_divide(_integers(column.view(pa.int64())), _SECONDS_PER_DAY * 1000)
        return _integers(column.view(pa.int32()))
    storage = pa.int32() if arrow_type.bit_width == 32 else pa.int64()
    values = _integers(column.view(storage))
    if type_id in (_Id.TIMESTAMP, _Id.TIMESTAMP_TZ):
        return _rescale(values, arrow_type.unit, 1_000)
    if type_id == _Id.TIME:
        return _rescale(values, arrow_type.unit, _PER_SECOND[time_unit])
    # INTERVAL_DAY: whole days, floored, sent as int32.
    days = np.floor_divide(values, _PER_SECOND[arrow_type.unit] * _SECONDS_PER_DAY)
    if len(days) and (days.min() < _INT32.min or days.max() > _INT32.max):
        row = int(((days < _INT32.min) | (days > _INT32.max)).argmax())
        raise ValueError(
            f"column {name!r}: {int(days[row])} days at row {row} does not fit INTERVAL_DAY (int32)"
        )
    return days


def _binary_payload(column: pa.Array, type_id: int, name: str) -> bytes:
    """The records of a stringVector or byteVector column ("" or b"" at null rows)."""
    if type_id == _Id.UUID:
        width = 16
        rows = len(column)
        data = np.frombuffer(column.buffers()[1], dtype=np.uint8)
        data = data[column.offset * width : (column.offset + rows) * width]
        lengths = np.full(rows, width, dtype=np.int64)
        if column.null_count:
            present = column.is_valid().to_numpy(zero_copy_only=False)
            lengths[~present] = 0
            data = data.reshape(rows, width)[present].reshape(-1)
        offsets = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return pack_records(offsets, data)
    large = pa.large_string() if type_id == _Id.STRING else pa.large_binary()
    if column.type != large:
        try:
            column = column.cast(large)
        except pa.ArrowNotImplementedError:  # view types before pyarrow 18
            raise TypeError(
                f"column {name!r}: pyarrow {pa.__version__} cannot convert {column.type} to "
                f"{large}; cast the column to {large} first"
            ) from None
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)
    offsets = offsets[column.offset : column.offset + len(column) + 1]
    if column.null_count:
        lengths = np.diff(offsets)
        if lengths[column.is_null().to_numpy(zero_copy_only=False)].any():
            # Null rows holding bytes (Arrow allows it): rebuild with "" there.
            return _binary_payload(column.fill_null(pa.scalar(b"", large)), type_id, name)
    if data_buffer is None or offsets[-1] == offsets[0]:
        data = np.zeros(0, dtype=np.uint8)
    else:
        data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    return pack_records(offsets - offsets[0], data)


def _values_payload(column: pa.Array, type_id: int, name: str, time_unit: TimeUnit) -> bytes:
    """The content of the ``Vector.values`` member for a column: its field 1."""
    if type_id in (_Id.STRING, _Id.BINARY, _Id.UUID):
        return _binary_payload(column, type_id, name)
    if type_id == _Id.BOOL:
        packed = column.fill_null(False).to_numpy(zero_copy_only=False).astype(np.uint8).tobytes()
    elif type_id == _Id.DOUBLE:
        values = column.cast(pa.float64()) if pa.types.is_decimal(column.type) else column
        packed = values.fill_null(0.0).to_numpy().astype("<f8", copy=False).tobytes()
    elif type_id == _Id.FLOAT:
        values = column.cast(pa.float32()) if pa.types.is_float16(column.type) else column
        packed = values.fill_null(0.0).to_numpy().astype("<f4", copy=False).tobytes()
    else:
        packed = pack_varints(_varint_payload(column, type_id, name, time_unit).view(np.uint64))
    if not packed:
        return b""
    return key(1, LENGTH_DELIMITED) + varint(len(packed)) + packed


def _vector(
    index: int, column: pa.Array, type_id: int, not_null: bool, name: str, time_unit: TimeUnit
) -> list[bytes]:
    """The pieces of one serialized ``Vector`` (without its own key and length)."""
    rows = len(column)
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    if isinstance(column.type, pa.BaseExtensionType):
        column = column.storage
    if column.null_count:
        if not_null:
            raise ValueError(
                f"column {name!r} is not nullable but has {column.null_count} nulls in {rows} rows"
            )
        flags = column.is_null().to_numpy(zero_copy_only=False).astype(np.uint8).tobytes()
    else:
        flags = bytes(rows)
    nulls = key(2, LENGTH_DELIMITED) + varint(rows) + flags if rows else b""
    values = _values_payload(column, type_id, name, time_unit)
    pieces = [key(1, VARINT), varint(index)] if index else []
    pieces += [key(2, LENGTH_DELIMITED), varint(len(nulls)), nulls]
    pieces += [_VECTOR_KEY[VECTOR_FOR_TYPE[type_id]], varint(len(values)), values]
    return pieces


def encode_block(batch: pa.RecordBatch, *, time_unit: TimeUnit = "ns") -> bytes:
    """Encode an Arrow record batch as a serialized Mill ``VectorBlock``.

    Args:
        batch: The rows. Column types map as :func:`mill_client.types.logical_type_for`
            says; a field with ``nullable=False`` is sent as NOT_NULL.
        time_unit: How TIME values are written: ``"ns"`` (the protocol) or ``"ms"``
            (what the real Mill server writes); finer Arrow units are floored.

    Returns:
        The ``VectorBlock`` wire bytes, identical to protobuf's serialization.

    Raises:
        TypeError: A column's Arrow type has no Mill type (names the column).
        ValueError: A value cannot be represented (uint64 above 2**63 - 1, a duration
            beyond the int32 day range), a non-nullable column holds nulls, or
            ``time_unit`` is not ``"ns"`` or ``"ms"``.
    """
    check_time_unit(time_unit)
    head, type_ids, not_null = _block_head(batch.schema)
    pieces = [head]
    if batch.num_rows:
        pieces += [key(2, VARINT), varint(batch.num_rows)]
    vector_key = key(3, LENGTH_DELIMITED)
    for index, column in enumerate(batch.columns):
        vector = _vector(
            index, column, type_ids[index], not_null[index], batch.schema[index].name, time_unit
        )
        pieces += [vector_key, varint(sum(map(len, vector)))]
        pieces += vector
    return b"".join(pieces)


def encode_response(
    batch: pa.RecordBatch | None, paging_id: str | None, *, time_unit: TimeUnit = "ns"
) -> bytes:
    """Encode a serialized ``QueryResultResponse``.

    Args:
        batch: The block to send, or None for a response without one (the end of paging).
        paging_id: The paging id to send, or None to leave it out.
        time_unit: As for :func:`encode_block`.

    Returns:
        The response wire bytes (empty when both are None), identical to protobuf's.

    Raises:
        TypeError, ValueError: As :func:`encode_block`.
    """
    check_time_unit(time_unit)
    pieces = []
    if paging_id is not None:
        encoded = paging_id.encode("utf-8")
        pieces += [key(1, LENGTH_DELIMITED), varint(len(encoded)), encoded]
    if batch is not None:
        block = encode_block(batch, time_unit=time_unit)
        pieces += [key(2, LENGTH_DELIMITED), varint(len(block)), block]
    return b"".join(pieces)
