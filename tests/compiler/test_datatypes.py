"""Mill logical types, ibis dtypes and Calcite type names."""

from __future__ import annotations

import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import pyarrow as pa
import pytest

from ibis_mill.datatypes import (
    RESULT_WIDENING,
    LogicalTypeId,
    MillType,
    calcite_type_name,
    ibis_dtype_from_arrow,
    ibis_dtype_from_mill,
    mill_type_id,
    result_type_id,
)

ID = LogicalTypeId.Value


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("TINY_INT", dt.Int8()),
        ("SMALL_INT", dt.Int16()),
        ("INT", dt.Int32()),
        ("BIG_INT", dt.Int64()),
        ("BINARY", dt.Binary()),
        ("BOOL", dt.Boolean()),
        ("DATE", dt.Date()),
        ("FLOAT", dt.Float32()),
        ("DOUBLE", dt.Float64()),
        ("INTERVAL_DAY", dt.Interval("D")),
        ("INTERVAL_YEAR", dt.Interval("M")),
        ("STRING", dt.String()),
        ("TIMESTAMP", dt.Timestamp(scale=3)),
        ("TIMESTAMP_TZ", dt.Timestamp(timezone="UTC", scale=3)),
        ("TIME", dt.Time()),
        ("UUID", dt.UUID()),
    ],
)
def test_every_mill_logical_type_has_an_ibis_dtype(type_name, expected):
    assert ibis_dtype_from_mill(ID(type_name), nullable=True) == expected
    assert ibis_dtype_from_mill(ID(type_name), nullable=False) == expected.copy(nullable=False)


def test_mill_type_ids_are_the_protocol_numbers():
    assert [ID(name) for name in ("TINY_INT", "INT", "STRING", "TIMESTAMP_TZ", "UUID")] == [
        1,
        3,
        12,
        14,
        16,
    ]


def test_precision_and_scale_do_not_change_the_dtype():
    assert ibis_dtype_from_mill(ID("DOUBLE"), nullable=True, precision=10, scale=2) == dt.float64
    assert ibis_dtype_from_mill(ID("STRING"), nullable=True, precision=255) == dt.string


@pytest.mark.parametrize("type_id", [0, 17, -1])
def test_unknown_logical_type_is_an_error(type_id):
    with pytest.raises(ValueError, match=f"Mill logical type id {type_id} is not one of 1"):
        ibis_dtype_from_mill(type_id, nullable=True)


@pytest.mark.parametrize(
    ("dtype", "name"),
    [
        (dt.boolean, "BOOLEAN"),
        (dt.int8, "TINYINT"),
        (dt.int16, "SMALLINT"),
        (dt.int32, "INTEGER"),
        (dt.int64, "BIGINT"),
        (dt.uint8, "SMALLINT"),
        (dt.uint16, "INTEGER"),
        (dt.uint32, "BIGINT"),
        (dt.float16, "REAL"),
        (dt.float32, "REAL"),
        (dt.float64, "DOUBLE"),
        (dt.Decimal(10, 2), "DECIMAL(10, 2)"),
        (dt.Decimal(38, 9), "DECIMAL(19, 9)"),
        (dt.Decimal(None, None), "DECIMAL(19, 0)"),
        (dt.string, "VARCHAR"),
        (dt.String(length=20), "VARCHAR(20)"),
        (dt.binary, "VARBINARY"),
        (dt.date, "DATE"),
        (dt.time, "TIME(3)"),
        (dt.timestamp, "TIMESTAMP(3)"),
        (dt.Timestamp(scale=0), "TIMESTAMP(0)"),
        (dt.Timestamp(scale=9), "TIMESTAMP(3)"),
        (dt.Timestamp(timezone="Europe/Zurich"), "TIMESTAMP(3)"),
    ],
)
def test_calcite_type_names(dtype, name):
    assert calcite_type_name(dtype) == name


@pytest.mark.parametrize(
    "dtype",
    [
        dt.uint64,
        dt.Array(dt.int32),
        dt.Map(dt.string, dt.int32),
        dt.json,
        dt.uuid,
        dt.null,
        dt.Interval("D"),
        dt.inet,
        dt.Struct({"a": dt.int8}),
    ],
)
def test_types_mill_cannot_represent_are_refused(dtype):
    with pytest.raises(com.UnsupportedOperationError) as error:
        calcite_type_name(dtype)
    assert str(error.value) == (
        f"Calcite, as run by Mill, has no type for ibis dtype {dtype}: a Mill server can "
        "neither cast to it nor return it"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VARCHAR(10)", dt.String(length=10)),
        ("CHAR(3)", dt.String(length=3)),
        ("FLOAT", dt.float64),
        ("REAL", dt.float32),
        ("DOUBLE", dt.float64),
        ("DECIMAL(10, 2)", dt.Decimal(10, 2)),
        ("TIMESTAMP(3)", dt.Timestamp(scale=3)),
        ("TIMESTAMP(3) WITH LOCAL TIME ZONE", dt.Timestamp(timezone="UTC", scale=3)),
        ("INTEGER", dt.int32),
        ("TINYINT", dt.int8),
        ("VARBINARY", dt.binary),
        ("BOOLEAN", dt.boolean),
    ],
)
def test_calcite_type_strings_to_ibis(text, expected):
    assert MillType.from_string(text) == expected


@pytest.mark.parametrize(
    ("dtype", "schema_type", "result_type"),
    [
        (dt.int8, "TINY_INT", "SMALL_INT"),
        (dt.int16, "SMALL_INT", "INT"),
        (dt.int32, "INT", "INT"),
        (dt.int64, "BIG_INT", "BIG_INT"),
        (dt.float32, "FLOAT", "DOUBLE"),
        (dt.float64, "DOUBLE", "DOUBLE"),
        (dt.Decimal(10, 2), "DOUBLE", "DOUBLE"),
        (dt.timestamp, "TIMESTAMP", "TIMESTAMP_TZ"),
        (dt.Timestamp(timezone="UTC"), "TIMESTAMP_TZ", "TIMESTAMP_TZ"),
        (dt.string, "STRING", "STRING"),
        (dt.binary, "BINARY", "BINARY"),
        (dt.boolean, "BOOL", "BOOL"),
        (dt.date, "DATE", "DATE"),
        (dt.time, "TIME", "TIME"),
    ],
)
def test_schema_and_result_types(dtype, schema_type, result_type):
    assert mill_type_id(dtype) == ID(schema_type)
    assert result_type_id(dtype) == ID(result_type)


def test_result_widening_table():
    assert dict(RESULT_WIDENING) == {
        ID("TINY_INT"): ID("SMALL_INT"),
        ID("SMALL_INT"): ID("INT"),
        ID("TIMESTAMP"): ID("TIMESTAMP_TZ"),
    }


def test_results_mill_cannot_send():
    with pytest.raises(
        com.UnsupportedOperationError, match="cannot return a column of type interval"
    ):
        result_type_id(dt.Interval("D"))
    with pytest.raises(com.UnsupportedOperationError, match="Mill has no logical type"):
        mill_type_id(dt.Array(dt.int8))


@pytest.mark.parametrize(
    ("arrow_type", "expected"),
    [
        (pa.int16(), dt.int16),
        (pa.string(), dt.string),
        (pa.timestamp("ms", "UTC"), dt.Timestamp(timezone="UTC", scale=3)),
        (pa.date32(), dt.date),
        (pa.float32(), dt.float32),
    ],
)
def test_arrow_types(arrow_type, expected):
    assert ibis_dtype_from_arrow(arrow_type) == expected
    assert ibis_dtype_from_arrow(arrow_type, nullable=False) == expected.copy(nullable=False)


def test_arrow_uuid_columns_map_to_ibis_uuid() -> None:
    import ibis

    from ibis_mill.datatypes import ibis_schema_from_arrow

    schema = pa.schema(
        [
            pa.field("id", pa.binary(16), nullable=False),
            pa.field("ext", pa.uuid()),
            pa.field("hash", pa.binary(8)),
            pa.field("n", pa.int64()),
        ]
    )
    assert ibis_schema_from_arrow(schema) == ibis.schema(
        {"id": "!uuid", "ext": "uuid", "hash": "binary", "n": "int64"}
    )
