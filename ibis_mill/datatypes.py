"""Types: Mill logical types, ibis dtypes and Calcite type names.

Three vocabularies meet here:

- **Mill logical types** (``LogicalDataType.LogicalDataTypeId`` on the wire: ``TINY_INT`` = 1 …
  ``UUID`` = 16), with a nullability flag and a precision/scale that are -1 when they do not
  apply. The wire has no DECIMAL: ``GetSchema`` and query results report DECIMAL columns as
  ``DOUBLE`` (keeping precision and scale), so they come back as ``float64`` here.
- **ibis dtypes**, what expressions are typed with.
- **Calcite type names**, what ``CAST`` needs (:class:`MillType`).

Decisions:

- ``TIMESTAMP`` columns carry epoch milliseconds on the wire, so they map to
  ``Timestamp(scale=3)``; ``TIMESTAMP_TZ`` is an instant, ``Timestamp("UTC", scale=3)``.
  Calcite's bare ``TIMESTAMP`` has precision 0 (it drops milliseconds), so casts always name
  ``TIMESTAMP(3)`` and ``TIME(3)``, never more than 3 digits (Calcite's default type system).
- Time-zone-aware dtypes are cast to ``TIMESTAMP(3)`` too, holding the UTC instant: a Mill
  server computes in UTC and returns every TIMESTAMP as an instant, while ``TIMESTAMP WITH
  LOCAL TIME ZONE`` can be neither returned (JDBC type ``OTHER``) nor cast from a string
  literal on Calcite 1.29.
- ``float64`` is ``DOUBLE`` and ``float32`` is ``REAL``. Calcite's ``FLOAT`` is a synonym of
  DOUBLE, but Mill sends ``FLOAT`` result columns as 4-byte floats, so it is never emitted.
- ``DECIMAL(p, s)`` is clamped to Calcite's maximum precision of 19.
- Calcite has no unsigned integers: ``uint8``/``uint16``/``uint32`` widen to the next signed
  type; ``uint64`` has none and is rejected. Strings are ``VARCHAR`` (``TEXT``/``STRING`` do
  not exist), binary is ``VARBINARY``.
- Types a Mill server can neither cast to nor return (arrays, maps, structs, JSON, UUID, INET,
  MACADDR, geometry, intervals, NULL) raise ``UnsupportedOperationError`` in ``from_ibis``.
- Query results are wider than ``GetSchema`` types (:data:`RESULT_WIDENING`,
  :func:`result_type_id`); the backend casts results back to the expression's schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import ibis.expr.schema as sch
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends.sql.datatypes import SqlglotType
from ibis.formats.pyarrow import PyArrowType

from ibis_mill.dialect import Mill
from mill_client._proto import common_pb2

__all__ = [
    "MAX_DECIMAL_PRECISION",
    "MAX_TIMESTAMP_PRECISION",
    "RESULT_WIDENING",
    "LogicalTypeId",
    "MillType",
    "calcite_type_name",
    "ibis_dtype_from_arrow",
    "ibis_dtype_from_mill",
    "ibis_schema_from_arrow",
    "mill_type_id",
    "result_type_id",
]

#: The protobuf enum of Mill logical type ids (``LogicalTypeId.Value("INT")`` is 3).
LogicalTypeId = common_pb2.LogicalDataType.LogicalDataTypeId

TINY_INT = LogicalTypeId.Value("TINY_INT")
SMALL_INT = LogicalTypeId.Value("SMALL_INT")
INT = LogicalTypeId.Value("INT")
BIG_INT = LogicalTypeId.Value("BIG_INT")
BINARY = LogicalTypeId.Value("BINARY")
BOOL = LogicalTypeId.Value("BOOL")
DATE = LogicalTypeId.Value("DATE")
FLOAT = LogicalTypeId.Value("FLOAT")
DOUBLE = LogicalTypeId.Value("DOUBLE")
INTERVAL_DAY = LogicalTypeId.Value("INTERVAL_DAY")
INTERVAL_YEAR = LogicalTypeId.Value("INTERVAL_YEAR")
STRING = LogicalTypeId.Value("STRING")
TIMESTAMP = LogicalTypeId.Value("TIMESTAMP")
TIMESTAMP_TZ = LogicalTypeId.Value("TIMESTAMP_TZ")
TIME = LogicalTypeId.Value("TIME")
UUID = LogicalTypeId.Value("UUID")

#: Largest DECIMAL precision of Calcite's default type system.
MAX_DECIMAL_PRECISION = 19
#: Largest fractional-second precision of Calcite's default type system.
MAX_TIMESTAMP_PRECISION = 3

_FROM_MILL: Mapping[int, Callable[[bool], dt.DataType]] = {
    TINY_INT: lambda nullable: dt.Int8(nullable=nullable),
    SMALL_INT: lambda nullable: dt.Int16(nullable=nullable),
    INT: lambda nullable: dt.Int32(nullable=nullable),
    BIG_INT: lambda nullable: dt.Int64(nullable=nullable),
    BINARY: lambda nullable: dt.Binary(nullable=nullable),
    BOOL: lambda nullable: dt.Boolean(nullable=nullable),
    DATE: lambda nullable: dt.Date(nullable=nullable),
    FLOAT: lambda nullable: dt.Float32(nullable=nullable),
    DOUBLE: lambda nullable: dt.Float64(nullable=nullable),
    INTERVAL_DAY: lambda nullable: dt.Interval("D", nullable=nullable),
    INTERVAL_YEAR: lambda nullable: dt.Interval("M", nullable=nullable),
    STRING: lambda nullable: dt.String(nullable=nullable),
    TIMESTAMP: lambda nullable: dt.Timestamp(scale=MAX_TIMESTAMP_PRECISION, nullable=nullable),
    TIMESTAMP_TZ: lambda nullable: dt.Timestamp(
        timezone="UTC", scale=MAX_TIMESTAMP_PRECISION, nullable=nullable
    ),
    TIME: lambda nullable: dt.Time(nullable=nullable),
    UUID: lambda nullable: dt.UUID(nullable=nullable),
}

#: How a query result column's logical type differs from the ``GetSchema`` type of the same
#: Calcite type (JDBC labels TINYINT as SMALL_INT, SMALLINT as INT, TIMESTAMP as TIMESTAMP_TZ).
RESULT_WIDENING: Mapping[int, int] = MappingProxyType(
    {TINY_INT: SMALL_INT, SMALL_INT: INT, TIMESTAMP: TIMESTAMP_TZ}
)


def ibis_dtype_from_mill(
    logical_type_id: int, *, nullable: bool, precision: int = -1, scale: int = -1
) -> dt.DataType:
    """Return the ibis dtype of a Mill field.

    Args:
        logical_type_id: A ``LogicalDataType.LogicalDataTypeId`` value (1 to 16).
        nullable: Whether the field may hold NULLs.
        precision: The field's precision, -1 when not applicable. Not needed by any mapping:
            strings are unbounded in ibis and DECIMAL arrives as DOUBLE. ``INTERVAL_DAY`` maps
            to a day interval and ``INTERVAL_YEAR`` to a month interval (year-month).
        scale: The field's scale, -1 when not applicable (see ``precision``).

    Returns:
        The ibis dtype, e.g. ``Int32`` for ``INT`` and ``Timestamp(scale=3)`` for ``TIMESTAMP``.

    Raises:
        ValueError: ``logical_type_id`` is not a Mill logical type (0 is "not specified").
    """
    del precision, scale  # see the docstring: no mapping depends on them
    try:
        build = _FROM_MILL[logical_type_id]
    except KeyError:
        raise ValueError(
            f"Mill logical type id {logical_type_id!r} is not one of 1 (TINY_INT) to 16 (UUID); "
            "the server sent a field without a usable type"
        ) from None
    return build(nullable)


def mill_type_id(dtype: dt.DataType) -> int:
    """Return the Mill logical type id that ``GetSchema`` reports for an ibis dtype.

    Args:
        dtype: An ibis dtype that Mill can represent.

    Returns:
        The ``LogicalDataTypeId`` value, e.g. ``INT`` (3) for ``int32``.

    Raises:
        UnsupportedOperationError: Mill has no logical type for ``dtype``.
    """
    if dtype.is_int8():
        return TINY_INT
    if dtype.is_int16() or dtype.is_uint8():
        return SMALL_INT
    if dtype.is_int32() or dtype.is_uint16():
        return INT
    if dtype.is_int64() or dtype.is_uint32():
        return BIG_INT
    if dtype.is_float16() or dtype.is_float32():
        return FLOAT
    if dtype.is_float64() or dtype.is_decimal():
        return DOUBLE
    if dtype.is_timestamp():
        return TIMESTAMP if dtype.timezone is None else TIMESTAMP_TZ
    simple = {
        dt.Boolean: BOOL,
        dt.String: STRING,
        dt.Binary: BINARY,
        dt.Date: DATE,
        dt.Time: TIME,
        dt.UUID: UUID,
    }
    if (type_id := simple.get(type(dtype))) is not None:
        return type_id
    if dtype.is_interval():
        return INTERVAL_YEAR if dtype.unit.short in ("Y", "Q", "M") else INTERVAL_DAY
    raise com.UnsupportedOperationError(f"Mill has no logical type for ibis dtype {dtype}")


def result_type_id(dtype: dt.DataType) -> int:
    """Return the logical type a Mill server sends for a result column of ibis dtype ``dtype``.

    Results are wider than schemas: TINYINT arrives as SMALL_INT, SMALLINT as INT, TIMESTAMP as
    TIMESTAMP_TZ, and REAL and DECIMAL as DOUBLE (the compiler casts float32 to ``REAL``).

    Args:
        dtype: The dtype of an expression's output column.

    Returns:
        The ``LogicalDataTypeId`` value the result blocks will carry.

    Raises:
        UnsupportedOperationError: Mill cannot return a column of this dtype.
    """
    if dtype.is_interval() or dtype.is_uuid():
        # JDBC type OTHER: the server cannot serialise these result columns.
        raise com.UnsupportedOperationError(f"a Mill server cannot return a column of type {dtype}")
    if dtype.is_floating():
        return DOUBLE
    type_id = mill_type_id(dtype)
    return RESULT_WIDENING.get(type_id, type_id)


def ibis_dtype_from_arrow(arrow_type: pa.DataType, *, nullable: bool = True) -> dt.DataType:
    """Return the ibis dtype of an Arrow type (ibis's own Arrow mapping).

    Args:
        arrow_type: An Arrow data type, e.g. ``pa.timestamp("ms", "UTC")``.
        nullable: Whether the column may hold NULLs.

    Returns:
        The ibis dtype, e.g. ``Timestamp("UTC", scale=3)``. Mill's UUID columns arrive as
        16-byte ``fixed_size_binary`` (or Arrow's uuid extension type), which ibis's own
        mapping does not know: they become ``dt.UUID``; other fixed-size binaries are
        ``dt.Binary``.
    """
    if _is_uuid(arrow_type):
        return dt.UUID(nullable=nullable)
    if pa.types.is_fixed_size_binary(arrow_type):
        return dt.Binary(nullable=nullable)
    return PyArrowType.to_ibis(arrow_type, nullable=nullable)


def ibis_schema_from_arrow(schema: pa.Schema) -> sch.Schema:
    """Return the ibis schema of an Arrow schema, field by field as
    :func:`ibis_dtype_from_arrow` maps them (nullability kept)."""
    return sch.Schema(
        {f.name: ibis_dtype_from_arrow(f.type, nullable=f.nullable) for f in schema}
    )


def _is_uuid(arrow_type: pa.DataType) -> bool:
    if isinstance(arrow_type, pa.BaseExtensionType):
        return arrow_type.extension_name == "arrow.uuid"
    return pa.types.is_fixed_size_binary(arrow_type) and arrow_type.byte_width == 16


def calcite_type_name(dtype: dt.DataType) -> str:
    """Return the Calcite type name for ``CAST(x AS <name>)``.

    Args:
        dtype: An ibis dtype.

    Returns:
        E.g. ``"VARCHAR"``, ``"DECIMAL(19, 2)"``, ``"TIMESTAMP(3)"``.

    Raises:
        UnsupportedOperationError: Calcite (as run by Mill) has no such type.
    """
    return MillType.to_string(dtype)


def _param(value: int) -> sge.DataTypeParam:
    return sge.DataTypeParam(this=sge.Literal.number(value))


class MillType(SqlglotType):
    """ibis dtypes to and from Calcite types, for casts and for type strings."""

    dialect = Mill
    default_decimal_precision = MAX_DECIMAL_PRECISION
    default_decimal_scale = 0

    @classmethod
    def from_ibis(cls, dtype: dt.DataType) -> sge.DataType:
        """Return the Calcite type of ``dtype`` (see the module docstring for the choices)."""
        if dtype.is_uint8():
            return sge.DataType(this=sge.DataType.Type.SMALLINT)
        if dtype.is_uint16():
            return sge.DataType(this=sge.DataType.Type.INT)
        if dtype.is_uint32():
            return sge.DataType(this=sge.DataType.Type.BIGINT)
        if dtype.is_float16():
            return sge.DataType(this=sge.DataType.Type.FLOAT)
        if dtype.is_decimal():
            return cls._decimal(dtype)
        if dtype.is_timestamp():
            # Time-zone-aware values are UTC instants, as Mill computes and returns them.
            return sge.DataType(
                this=sge.DataType.Type.TIMESTAMP,
                expressions=[_param(_temporal_precision(dtype.scale))],
            )
        if dtype.is_time():
            return sge.DataType(
                this=sge.DataType.Type.TIME, expressions=[_param(MAX_TIMESTAMP_PRECISION)]
            )
        if dtype.is_binary():
            return sge.DataType(this=sge.DataType.Type.VARBINARY)
        if type(dtype) in _CALCITE_SCALARS:
            return super().from_ibis(dtype)
        raise com.UnsupportedOperationError(
            f"Calcite, as run by Mill, has no type for ibis dtype {dtype}: a Mill server can "
            "neither cast to it nor return it"
        )

    @classmethod
    def _decimal(cls, dtype: dt.Decimal) -> sge.DataType:
        precision = min(dtype.precision or MAX_DECIMAL_PRECISION, MAX_DECIMAL_PRECISION)
        scale = min(dtype.scale or 0, precision)
        return sge.DataType(
            this=sge.DataType.Type.DECIMAL, expressions=[_param(precision), _param(scale)]
        )


def _temporal_precision(scale: int | None) -> int:
    return MAX_TIMESTAMP_PRECISION if scale is None else min(scale, MAX_TIMESTAMP_PRECISION)


#: ibis dtypes whose Calcite type is the plain sqlglot mapping (BOOLEAN, TINYINT … DOUBLE,
#: VARCHAR, DATE).
_CALCITE_SCALARS = frozenset(
    {dt.Boolean, dt.Int8, dt.Int16, dt.Int32, dt.Int64, dt.Float32, dt.Float64, dt.String, dt.Date}
)
