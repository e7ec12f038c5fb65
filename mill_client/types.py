"""Mill logical types and Arrow types, both ways.

Mill to Arrow (what the client produces for a result or a table schema):

==============  ==========  ====================================================
Mill type       vector      Arrow type
==============  ==========  ====================================================
TINY_INT        i32Vector   ``int8``
SMALL_INT       i32Vector   ``int16``
INT             i32Vector   ``int32``
BIG_INT         i64Vector   ``int64``
BOOL            boolVector  ``bool``
FLOAT           fp32Vector  ``float32``
DOUBLE          fp64Vector  ``float64`` (precision and scale are not kept)
STRING          stringVec.  ``string``
BINARY          byteVector  ``binary``
UUID            byteVector  ``fixed_size_binary(16)``, RFC 4122 byte order. Not
                            pyarrow's ``uuid()`` extension type, which needs
                            pyarrow >= 18 and which few consumers understand.
DATE            i64Vector   ``date32`` (days since 1970-01-01)
TIME            i64Vector   ``time64('ns')``: the protocol declares nanoseconds of
                            the day. With ``time_unit="ms"`` (what the real Mill
                            server sends): ``time32('ms')``.
TIMESTAMP       i64Vector   ``timestamp('ms')`` (no time zone)
TIMESTAMP_TZ    i64Vector   ``timestamp('ms', 'UTC')``
INTERVAL_DAY    i32Vector   ``duration('ms')``; the wire holds whole days. Milliseconds
                            match the timestamps (and ``ns``/``us`` would overflow
                            int64 for large day counts).
INTERVAL_YEAR   i32Vector   ``int32``, the raw value (Arrow has no year-month
                            interval pyarrow can build); the field carries the
                            metadata ``{"mill.type": "INTERVAL_YEAR"}`` so it
                            encodes back as INTERVAL_YEAR.
==============  ==========  ====================================================

A Mill field's nullability sets the Arrow field's ``nullable`` flag: ``NOT_NULL`` gives
``nullable=False``, ``NULL`` and ``NOT_SPECIFIED_NULL`` give ``nullable=True``.

Arrow to Mill (what the wire server sends for an Arrow result) is in
:func:`logical_type_for`. Type ids the client does not know are a protocol error
(:class:`~mill_client.errors.MillProtocolError`); Arrow types Mill cannot carry are a
programming error (:class:`TypeError` naming the column).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Literal

import pyarrow as pa

from mill_client._proto import common_pb2
from mill_client.errors import MillProtocolError

__all__ = [
    "MILL_TYPE_KEY",
    "VECTOR_FOR_TYPE",
    "TimeUnit",
    "arrow_to_field",
    "arrow_type_for",
    "check_time_unit",
    "field_to_arrow",
    "fields_to_schema",
    "logical_type_for",
    "schema_to_fields",
    "schema_to_table",
    "type_name",
]

TimeUnit = Literal["ns", "ms"]
"""How TIME values are counted on the wire: nanoseconds (the protocol) or milliseconds."""

MILL_TYPE_KEY: Final = b"mill.type"
"""Arrow field metadata key naming the Mill type when the Arrow type alone is ambiguous."""

# The message classes hold the enum values as plain ints; the enum wrappers look each
# name up in Python, a cost on the per-column path.
_Id = common_pb2.LogicalDataType
_TYPE_IDS = common_pb2.LogicalDataType.LogicalDataTypeId
_Nullability = common_pb2.DataType

#: The ``Vector.values`` oneof member that carries each Mill type id.
VECTOR_FOR_TYPE: Final[Mapping[int, str]] = {
    _Id.TINY_INT: "i32Vector",
    _Id.SMALL_INT: "i32Vector",
    _Id.INT: "i32Vector",
    _Id.BIG_INT: "i64Vector",
    _Id.BINARY: "byteVector",
    _Id.BOOL: "boolVector",
    _Id.DATE: "i64Vector",
    _Id.FLOAT: "fp32Vector",
    _Id.DOUBLE: "fp64Vector",
    _Id.INTERVAL_DAY: "i32Vector",
    _Id.INTERVAL_YEAR: "i32Vector",
    _Id.STRING: "stringVector",
    _Id.TIMESTAMP: "i64Vector",
    _Id.TIMESTAMP_TZ: "i64Vector",
    _Id.TIME: "i64Vector",
    _Id.UUID: "byteVector",
}

_ARROW_FOR_TYPE: Final[Mapping[int, pa.DataType]] = {
    _Id.TINY_INT: pa.int8(),
    _Id.SMALL_INT: pa.int16(),
    _Id.INT: pa.int32(),
    _Id.BIG_INT: pa.int64(),
    _Id.BINARY: pa.binary(),
    _Id.BOOL: pa.bool_(),
    _Id.DATE: pa.date32(),
    _Id.FLOAT: pa.float32(),
    _Id.DOUBLE: pa.float64(),
    _Id.INTERVAL_DAY: pa.duration("ms"),
    _Id.INTERVAL_YEAR: pa.int32(),
    _Id.STRING: pa.string(),
    _Id.TIMESTAMP: pa.timestamp("ms"),
    _Id.TIMESTAMP_TZ: pa.timestamp("ms", "UTC"),
    _Id.UUID: pa.binary(16),
}
_TIME_TYPES: Final[Mapping[str, pa.DataType]] = {"ns": pa.time64("ns"), "ms": pa.time32("ms")}


def type_name(type_id: int) -> str:
    """Return the Mill name of a type id (``"BIG_INT"``), or ``"<id>"`` for unknown ids."""
    try:
        return _TYPE_IDS.Name(type_id)
    except ValueError:
        return str(type_id)


def check_time_unit(time_unit: str) -> None:
    """Raise :class:`ValueError` unless ``time_unit`` is ``"ns"`` or ``"ms"``."""
    if time_unit not in _TIME_TYPES:
        raise ValueError(f"time_unit must be 'ns' or 'ms', got {time_unit!r}")


def arrow_type_for(
    logical: common_pb2.LogicalDataType | int, *, time_unit: TimeUnit = "ns"
) -> pa.DataType:
    """Return the Arrow type for a Mill logical type (see the module table).

    Args:
        logical: A ``LogicalDataType`` message or a bare type id.
        time_unit: How TIME values are counted on the wire; ``"ms"`` gives
            ``time32('ms')``, ``"ns"`` gives ``time64('ns')``.

    Raises:
        MillProtocolError: The type id is unknown or ``NOT_SPECIFIED_TYPE``.
        ValueError: ``time_unit`` is not ``"ns"`` or ``"ms"``.
    """
    check_time_unit(time_unit)
    type_id = logical if isinstance(logical, int) else logical.typeId
    if type_id == _Id.TIME:
        return _TIME_TYPES[time_unit]
    try:
        return _ARROW_FOR_TYPE[type_id]
    except KeyError:
        raise MillProtocolError(
            f"Mill type {type_name(type_id)} has no Arrow type; expected one of "
            f"{', '.join(_TYPE_IDS.Name(known) for known in VECTOR_FOR_TYPE)}"
        ) from None


def field_to_arrow(field: common_pb2.Field, *, time_unit: TimeUnit = "ns") -> pa.Field:
    """Return the Arrow field for a Mill field: name, type and nullability.

    Raises:
        MillProtocolError: The field's type id is unknown (the message names the field).
    """
    type_id = field.type.type.typeId
    try:
        arrow_type = arrow_type_for(type_id, time_unit=time_unit)
    except MillProtocolError as exc:
        raise MillProtocolError(f"field {field.name!r}: {exc.message}") from None
    metadata = {MILL_TYPE_KEY: b"INTERVAL_YEAR"} if type_id == _Id.INTERVAL_YEAR else None
    nullable = field.type.nullability != _Nullability.NOT_NULL
    return pa.field(field.name, arrow_type, nullable=nullable, metadata=metadata)


def fields_to_schema(
    fields: Iterable[common_pb2.Field], *, time_unit: TimeUnit = "ns"
) -> pa.Schema:
    """Return the Arrow schema for Mill fields, in the order given.

    Raises:
        MillProtocolError: A field's type id is unknown.
    """
    return pa.schema([field_to_arrow(field, time_unit=time_unit) for field in fields])


def _logical(type_id: int, precision: int = -1, scale: int = -1) -> common_pb2.LogicalDataType:
    return common_pb2.LogicalDataType(typeId=type_id, precision=precision, scale=scale)


def logical_type_for(arrow_type: pa.DataType) -> common_pb2.LogicalDataType:
    """Return the Mill logical type that carries values of an Arrow type.

    Integers map to the Mill integer of the same size; unsigned integers to the next
    signed size that holds them (``uint64`` to BIG_INT: values above 2**63 - 1 fail
    when encoded). ``float16``/``float32`` to FLOAT, ``float64`` and decimals to DOUBLE
    (the decimal's precision and scale are kept, as Mill does). Strings of any offset
    width or view layout to STRING, binaries to BINARY, ``fixed_size_binary(16)`` and
    the ``arrow.uuid`` extension type to UUID. ``date32``/``date64`` to DATE,
    ``time32``/``time64`` to TIME, timestamps without a time zone to TIMESTAMP and with
    one to TIMESTAMP_TZ (UTC epoch milliseconds, finer units floored as Mill's Java
    server does), durations to INTERVAL_DAY (floored to whole days). Dictionaries map
    as their value type. Precision and scale are -1 wherever they do not apply.

    Raises:
        TypeError: Mill has no type for ``arrow_type`` (lists, structs, maps, null,
            intervals, other fixed-size binaries, other extension types...).
    """
    t = arrow_type
    if pa.types.is_dictionary(t):
        return logical_type_for(t.value_type)
    if isinstance(t, pa.BaseExtensionType):
        if t.extension_name == "arrow.uuid":
            return _logical(_Id.UUID)
        raise TypeError(f"Mill has no type for the Arrow extension type {t}")
    simple = _SIMPLE_LOGICAL.get(t.id)
    if simple is not None:
        return _logical(simple)
    if pa.types.is_decimal(t):
        return _logical(_Id.DOUBLE, t.precision, t.scale)
    if pa.types.is_fixed_size_binary(t) and t.byte_width == 16:
        return _logical(_Id.UUID)
    if pa.types.is_timestamp(t):
        return _logical(_Id.TIMESTAMP if t.tz is None else _Id.TIMESTAMP_TZ)
    raise TypeError(f"Mill has no type for the Arrow type {t}")


_SIMPLE_LOGICAL: Final[Mapping[int, int]] = {
    pa.int8().id: _Id.TINY_INT,
    pa.int16().id: _Id.SMALL_INT,
    pa.int32().id: _Id.INT,
    pa.int64().id: _Id.BIG_INT,
    pa.uint8().id: _Id.SMALL_INT,
    pa.uint16().id: _Id.INT,
    pa.uint32().id: _Id.BIG_INT,
    pa.uint64().id: _Id.BIG_INT,
    pa.bool_().id: _Id.BOOL,
    pa.float16().id: _Id.FLOAT,
    pa.float32().id: _Id.FLOAT,
    pa.float64().id: _Id.DOUBLE,
    pa.string().id: _Id.STRING,
    pa.large_string().id: _Id.STRING,
    pa.string_view().id: _Id.STRING,
    pa.binary().id: _Id.BINARY,
    pa.large_binary().id: _Id.BINARY,
    pa.binary_view().id: _Id.BINARY,
    pa.date32().id: _Id.DATE,
    pa.date64().id: _Id.DATE,
    pa.time32("ms").id: _Id.TIME,
    pa.time64("ns").id: _Id.TIME,
    pa.duration("ms").id: _Id.INTERVAL_DAY,
}


def arrow_to_field(field: pa.Field, index: int) -> common_pb2.Field:
    """Return the Mill field for an Arrow field at column ``index``.

    ``nullable=False`` gives ``NOT_NULL``, otherwise ``NULL``. An ``int32`` field with
    the metadata ``{"mill.type": "INTERVAL_YEAR"}`` (as :func:`field_to_arrow` makes)
    becomes INTERVAL_YEAR.

    Raises:
        TypeError: Mill has no type for the field's Arrow type (names the column).
    """
    if (
        field.metadata
        and field.metadata.get(MILL_TYPE_KEY) == b"INTERVAL_YEAR"
        and (pa.types.is_int32(field.type))
    ):
        logical = _logical(_Id.INTERVAL_YEAR)
    else:
        try:
            logical = logical_type_for(field.type)
        except TypeError as exc:
            raise TypeError(f"column {field.name!r}: {exc}") from None
    nullability = _Nullability.NULL if field.nullable else _Nullability.NOT_NULL
    return common_pb2.Field(
        name=field.name,
        fieldIdx=index,
        type=common_pb2.DataType(type=logical, nullability=nullability),
    )


def schema_to_fields(schema: pa.Schema) -> list[common_pb2.Field]:
    """Return the Mill fields of an Arrow schema, ``fieldIdx`` = column index.

    Raises:
        TypeError: A column's Arrow type has no Mill type (names the column).
    """
    return [arrow_to_field(field, index) for index, field in enumerate(schema)]


def schema_to_table(schema_name: str, table_name: str, schema: pa.Schema) -> common_pb2.Table:
    """Return the Mill ``Table`` message describing an Arrow schema (``tableType`` unset).

    Raises:
        TypeError: A column's Arrow type has no Mill type (names the column).
    """
    return common_pb2.Table(
        schemaName=schema_name, name=table_name, fields=schema_to_fields(schema)
    )
