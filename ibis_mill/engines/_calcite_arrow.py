"""Arrow data in and out of the Calcite engine's Java helpers, column by column.

In: each Arrow column becomes one Java primitive array (or one UTF-8 byte buffer with
offsets, decoded in Java) in Calcite's internal representation, plus a null mask. Out: the
Java ``ResultCursor`` fills the same kind of arrays per batch and they become Arrow arrays
through numpy, without a Python loop over values.

Types follow Mill. Arrow types map to Calcite column types as Mill's flow adapter maps its
logical types (float32 -> FLOAT, tz-aware timestamps -> TIMESTAMP(3) holding UTC, unsigned
8/16-bit -> INTEGER, unsigned 32/64-bit -> BIGINT). ``GetSchema`` reports Calcite types as
Mill's ``RelToDatabaseTypeConverter`` does (DECIMAL -> DOUBLE), and results carry the types
Mill's JDBC result mapper writes (TINYINT -> SMALL_INT, SMALLINT -> INT, REAL -> DOUBLE,
FLOAT -> FLOAT, DECIMAL -> DOUBLE, TIMESTAMP -> TIMESTAMP_TZ; TIME in milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ibis_mill.engines._calcite_jvm import JavaBridge

__all__ = [
    "CalciteType",
    "ResultColumn",
    "calcite_type",
    "declare_columns",
    "record_batch",
    "result_column",
    "schema_type",
    "table_data",
]

#: Calcite's default maximum DECIMAL precision (Mill runs the default type system).
MAX_DECIMAL_PRECISION = 19
_MS_PER_DAY = 86_400_000
_MS_PER_UNIT = {"s": 1000, "ms": 1}
_UNITS_PER_MS = {"us": 1000, "ns": 1_000_000}


@dataclass(frozen=True)
class CalciteType:
    """A Calcite column type: the SqlTypeName name with precision and scale (-1 if none)."""

    name: str
    precision: int = -1
    scale: int = -1


def calcite_type(arrow_type: pa.DataType) -> CalciteType:
    """Map an Arrow type to the Calcite type a table column gets.

    Raises:
        TypeError: Calcite has no column type for ``arrow_type`` here (nested types,
            durations, intervals, half floats).
    """
    if pa.types.is_dictionary(arrow_type):
        return calcite_type(arrow_type.value_type)
    simple = _SIMPLE_TYPES.get(arrow_type.id)
    if simple is not None:
        return simple
    if pa.types.is_decimal(arrow_type):
        precision = min(arrow_type.precision, MAX_DECIMAL_PRECISION)
        return CalciteType("DECIMAL", precision, min(arrow_type.scale, precision))
    if pa.types.is_time(arrow_type):
        return CalciteType("TIME", 3)
    if pa.types.is_timestamp(arrow_type):
        return CalciteType("TIMESTAMP", 3)
    raise TypeError(
        f"Arrow type {arrow_type} has no Calcite column type; supported are booleans, "
        "integers, float32/64, decimals, strings, binaries, dates, times and timestamps"
    )


_SIMPLE_TYPES: dict[int, CalciteType] = {
    pa.bool_().id: CalciteType("BOOLEAN"),
    pa.int8().id: CalciteType("TINYINT"),
    pa.int16().id: CalciteType("SMALLINT"),
    pa.int32().id: CalciteType("INTEGER"),
    pa.int64().id: CalciteType("BIGINT"),
    pa.uint8().id: CalciteType("INTEGER"),
    pa.uint16().id: CalciteType("INTEGER"),
    pa.uint32().id: CalciteType("BIGINT"),
    pa.uint64().id: CalciteType("BIGINT"),
    pa.float32().id: CalciteType("FLOAT"),
    pa.float64().id: CalciteType("DOUBLE"),
    pa.string().id: CalciteType("VARCHAR"),
    pa.large_string().id: CalciteType("VARCHAR"),
    pa.string_view().id: CalciteType("VARCHAR"),
    pa.null().id: CalciteType("VARCHAR"),
    pa.binary().id: CalciteType("VARBINARY"),
    pa.large_binary().id: CalciteType("VARBINARY"),
    pa.binary_view().id: CalciteType("VARBINARY"),
    pa.binary(1).id: CalciteType("VARBINARY"),
    pa.date32().id: CalciteType("DATE"),
    pa.date64().id: CalciteType("DATE"),
}

#: The Arrow type ``GetSchema`` reports for a Calcite column type.
_SCHEMA_TYPES: dict[str, pa.DataType] = {
    "BOOLEAN": pa.bool_(),
    "TINYINT": pa.int8(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "FLOAT": pa.float32(),
    "DOUBLE": pa.float64(),
    "DECIMAL": pa.float64(),
    "VARCHAR": pa.string(),
    "VARBINARY": pa.binary(),
    "DATE": pa.date32(),
    "TIME": pa.time32("ms"),
    "TIMESTAMP": pa.timestamp("ms"),
}


def schema_type(column_type: CalciteType) -> pa.DataType:
    """The Arrow type Mill's ``GetSchema`` gives a column of ``column_type``."""
    return _SCHEMA_TYPES[column_type.name]


def declare_columns(bridge: JavaBridge, schema: pa.Schema) -> list[Any]:
    """Declare a table's Java columns (without values) from its Arrow schema.

    Raises:
        TypeError: A column's Arrow type has no Calcite column type.
    """
    return [
        bridge.column.declare(field.name, t.name, t.precision, t.scale, field.nullable)
        for field, t in ((field, _field_type(field)) for field in schema)
    ]


def _field_type(field: pa.Field) -> CalciteType:
    try:
        return calcite_type(field.type)
    except TypeError as exc:
        raise TypeError(f"Column '{field.name}': {exc}") from None


def table_data(bridge: JavaBridge, table: pa.Table) -> Any:
    """Copy an Arrow table into a Java ``ColumnarTable.Data``, one array per column.

    Raises:
        TypeError: A column's Arrow type has no Calcite column type.
    """
    columns = [
        _java_column(bridge, field, table.column(i).combine_chunks())
        for i, field in enumerate(table.schema)
    ]
    return bridge.table_data(table.num_rows, bridge.objects(columns))


def _java_column(bridge: JavaBridge, field: pa.Field, array: pa.Array) -> Any:
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    t = _field_type(field)
    declaration = (field.name, t.name, t.precision, t.scale, field.nullable)
    nulls = None
    if array.null_count:
        nulls = bridge.primitives(array.is_null().to_numpy(zero_copy_only=False))
    if t.name in ("VARCHAR", "VARBINARY", "DECIMAL"):
        target = pa.binary() if t.name == "VARBINARY" else pa.string()
        data, offsets = _value_buffers(array.cast(target))
        return bridge.column.sliced(
            *declaration, bridge.primitives(data), bridge.primitives(offsets), nulls
        )
    values = bridge.primitives(_primitive_values(array, t.name))
    return bridge.column.primitive(*declaration, values, nulls)


def _value_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The data bytes and the n + 1 value offsets of a string or binary array (32-bit offsets).

    The offsets index the whole data buffer, so a sliced array needs no copy.
    """
    _, offsets_buffer, data_buffer = array.buffers()
    if offsets_buffer is None:  # an empty array
        return np.zeros(0, np.int8), np.zeros(1, np.int32)
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    if data_buffer is None:
        return np.zeros(0, np.int8), offsets
    return np.frombuffer(data_buffer, dtype=np.int8), offsets


def _primitive_values(array: pa.Array, sql: str) -> np.ndarray:
    """The values of a non-text column in Calcite's internal representation (nulls as 0)."""
    arrow_type = array.type
    if sql == "BOOLEAN":
        return array.fill_null(False).to_numpy(zero_copy_only=False)
    if sql == "DATE":
        if pa.types.is_date32(arrow_type):
            return _ints(array.view(pa.int32()))
        return (_ints(array.view(pa.int64())) // _MS_PER_DAY).astype(np.int32)
    if sql in ("TIME", "TIMESTAMP"):
        raw = _ints(array.view(pa.int64() if arrow_type.bit_width == 64 else pa.int32()))
        unit = arrow_type.unit
        millis = (
            raw.astype(np.int64) * _MS_PER_UNIT[unit]
            if unit in _MS_PER_UNIT
            else raw // _UNITS_PER_MS[unit]
        )
        return millis.astype(np.int32) if sql == "TIME" else millis
    if sql in ("FLOAT", "DOUBLE"):
        return array.cast(pa.float64()).fill_null(0).to_numpy()
    storage = {
        "TINYINT": pa.int8(),
        "SMALLINT": pa.int16(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
    }
    return _ints(array.cast(storage[sql]))


def _ints(array: pa.Array) -> np.ndarray:
    return array.fill_null(0).to_numpy()


@dataclass(frozen=True)
class ResultColumn:
    """How one result column travels: its Arrow field and its ResultCursor storage kind."""

    field: pa.Field
    kind: int


#: The storage kinds of ``ResultCursor`` (its constants of the same names).
_BOOLEAN, _INT, _LONG, _DOUBLE, _TEXT, _BYTES = range(6)

#: Result storage kinds and Arrow types, by Calcite type.
_RESULT_TYPES: dict[str, tuple[int, pa.DataType]] = {
    "BOOLEAN": (_BOOLEAN, pa.bool_()),
    "TINYINT": (_INT, pa.int16()),
    "SMALLINT": (_INT, pa.int32()),
    "INTEGER": (_INT, pa.int32()),
    "BIGINT": (_LONG, pa.int64()),
    "REAL": (_DOUBLE, pa.float64()),
    "FLOAT": (_DOUBLE, pa.float32()),
    "DOUBLE": (_DOUBLE, pa.float64()),
    "DECIMAL": (_DOUBLE, pa.float64()),
    "CHAR": (_TEXT, pa.string()),
    "VARCHAR": (_TEXT, pa.string()),
    "BINARY": (_BYTES, pa.binary()),
    "VARBINARY": (_BYTES, pa.binary()),
    "DATE": (_INT, pa.date32()),
    "TIME": (_INT, pa.time32("ms")),
    "TIMESTAMP": (_LONG, pa.timestamp("ms", tz="UTC")),
}


def result_column(name: str, type_name: str, nullable: bool) -> ResultColumn | None:
    """The Arrow field and storage of a result column, or None if Mill cannot write its type."""
    known = _RESULT_TYPES.get(type_name)
    if known is None:
        return None
    kind, arrow_type = known
    return ResultColumn(pa.field(name, arrow_type, nullable=nullable), kind)


def record_batch(
    cursor: Any, rows: int, columns: list[ResultColumn], schema: pa.Schema
) -> pa.RecordBatch:
    """Turn the batch a ``ResultCursor`` just fetched into an Arrow record batch."""
    arrays = [_result_array(cursor, i, rows, column) for i, column in enumerate(columns)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _result_array(cursor: Any, i: int, rows: int, column: ResultColumn) -> pa.Array:
    java_nulls = cursor.nulls(i)
    nulls = np.asarray(java_nulls) if java_nulls is not None else None
    arrow_type = column.field.type
    if column.kind in (_TEXT, _BYTES):
        validity = None
        null_count = 0
        if nulls is not None:
            validity = pa.py_buffer(np.packbits(~nulls, bitorder="little"))
            null_count = int(nulls.sum())
        offsets = np.asarray(cursor.offsets(i))
        data = np.asarray(cursor.values(i))
        return pa.Array.from_buffers(
            arrow_type,
            rows,
            [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
            null_count=null_count,
        )
    # boolean[], int[], long[] or double[]: numpy bool, int32, int64 or float64
    storage = pa.array(np.asarray(cursor.values(i)), mask=nulls)
    if storage.type == arrow_type:
        return storage
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
        return pc.cast(storage, arrow_type)
    return storage.view(arrow_type)
