"""Mill logical types <-> Arrow types (mill_client.types)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mill_client._proto import common_pb2
from mill_client.errors import MillProtocolError
from mill_client.types import (
    MILL_TYPE_KEY,
    VECTOR_FOR_TYPE,
    arrow_to_field,
    arrow_type_for,
    field_to_arrow,
    fields_to_schema,
    logical_type_for,
    schema_to_fields,
    schema_to_table,
)

from .blocks import MEMBER, Column, Id, Nullability

ARROW_FOR_MILL = {
    Id.TINY_INT: pa.int8(),
    Id.SMALL_INT: pa.int16(),
    Id.INT: pa.int32(),
    Id.BIG_INT: pa.int64(),
    Id.BINARY: pa.binary(),
    Id.BOOL: pa.bool_(),
    Id.DATE: pa.date32(),
    Id.FLOAT: pa.float32(),
    Id.DOUBLE: pa.float64(),
    Id.INTERVAL_DAY: pa.duration("ms"),
    Id.INTERVAL_YEAR: pa.int32(),
    Id.STRING: pa.string(),
    Id.TIMESTAMP: pa.timestamp("ms"),
    Id.TIMESTAMP_TZ: pa.timestamp("ms", "UTC"),
    Id.TIME: pa.time64("ns"),
    Id.UUID: pa.binary(16),
}


def test_every_mill_type_has_an_arrow_type():
    assert set(ARROW_FOR_MILL) == set(range(1, 17))
    for type_id, expected in ARROW_FOR_MILL.items():
        assert arrow_type_for(type_id) == expected, (
            common_pb2.LogicalDataType.LogicalDataTypeId.Name(type_id)
        )


def test_arrow_type_for_accepts_a_logical_type_message():
    logical = common_pb2.LogicalDataType(typeId=Id.DOUBLE, precision=10, scale=2)
    assert arrow_type_for(logical) == pa.float64()


def test_time_unit_selects_the_time_type():
    assert arrow_type_for(Id.TIME, time_unit="ns") == pa.time64("ns")
    assert arrow_type_for(Id.TIME, time_unit="ms") == pa.time32("ms")
    assert arrow_type_for(Id.TIMESTAMP, time_unit="ms") == pa.timestamp("ms")


def test_bad_time_unit_is_refused():
    with pytest.raises(ValueError) as info:
        arrow_type_for(Id.TIME, time_unit="us")  # type: ignore[arg-type]
    assert str(info.value) == "time_unit must be 'ns' or 'ms', got 'us'"


def test_vector_members_follow_the_protocol_reference():
    assert dict(VECTOR_FOR_TYPE) == MEMBER


@pytest.mark.parametrize("type_id", [0, 17, 99])
def test_unknown_type_ids_are_protocol_errors(type_id):
    name = "NOT_SPECIFIED_TYPE" if type_id == 0 else str(type_id)
    with pytest.raises(MillProtocolError) as info:
        arrow_type_for(type_id)
    assert info.value.message == (
        f"Mill type {name} has no Arrow type; expected one of TINY_INT, SMALL_INT, INT, "
        "BIG_INT, BINARY, BOOL, DATE, FLOAT, DOUBLE, INTERVAL_DAY, INTERVAL_YEAR, STRING, "
        "TIMESTAMP, TIMESTAMP_TZ, TIME, UUID"
    )


def test_field_to_arrow_names_the_field_of_an_unknown_type():
    with pytest.raises(MillProtocolError) as info:
        field_to_arrow(Column("amount", 42, []).field(0))
    assert info.value.message.startswith("field 'amount': Mill type 42 has no Arrow type;")


@pytest.mark.parametrize(
    ("nullability", "nullable"),
    [
        (Nullability.NOT_NULL, False),
        (Nullability.NULL, True),
        (Nullability.NOT_SPECIFIED_NULL, True),
    ],
)
def test_nullability_sets_the_arrow_flag(nullability, nullable):
    field = field_to_arrow(Column("id", Id.BIG_INT, [], nullability=nullability).field(0))
    assert field == pa.field("id", pa.int64(), nullable=nullable)


def test_interval_year_fields_carry_their_mill_type():
    field = field_to_arrow(Column("years", Id.INTERVAL_YEAR, []).field(0))
    assert field.type == pa.int32()
    assert field.metadata == {MILL_TYPE_KEY: b"INTERVAL_YEAR"}
    assert arrow_to_field(field, 3).type.type.typeId == Id.INTERVAL_YEAR


def test_fields_to_schema_keeps_order_and_time_unit():
    fields = [Column("t", Id.TIME, []).field(0), Column("s", Id.STRING, []).field(1)]
    assert fields_to_schema(fields, time_unit="ms") == pa.schema(
        [pa.field("t", pa.time32("ms")), pa.field("s", pa.string())]
    )


LOGICAL_FOR_ARROW = [
    (pa.int8(), Id.TINY_INT),
    (pa.int16(), Id.SMALL_INT),
    (pa.int32(), Id.INT),
    (pa.int64(), Id.BIG_INT),
    (pa.uint8(), Id.SMALL_INT),
    (pa.uint16(), Id.INT),
    (pa.uint32(), Id.BIG_INT),
    (pa.uint64(), Id.BIG_INT),
    (pa.bool_(), Id.BOOL),
    (pa.float16(), Id.FLOAT),
    (pa.float32(), Id.FLOAT),
    (pa.float64(), Id.DOUBLE),
    (pa.string(), Id.STRING),
    (pa.large_string(), Id.STRING),
    (pa.string_view(), Id.STRING),
    (pa.binary(), Id.BINARY),
    (pa.large_binary(), Id.BINARY),
    (pa.binary_view(), Id.BINARY),
    (pa.binary(16), Id.UUID),
    (pa.date32(), Id.DATE),
    (pa.date64(), Id.DATE),
    (pa.time32("s"), Id.TIME),
    (pa.time32("ms"), Id.TIME),
    (pa.time64("us"), Id.TIME),
    (pa.time64("ns"), Id.TIME),
    (pa.timestamp("s"), Id.TIMESTAMP),
    (pa.timestamp("ns"), Id.TIMESTAMP),
    (pa.timestamp("us", "Europe/Paris"), Id.TIMESTAMP_TZ),
    (pa.timestamp("ms", "UTC"), Id.TIMESTAMP_TZ),
    (pa.duration("s"), Id.INTERVAL_DAY),
    (pa.duration("ns"), Id.INTERVAL_DAY),
    (pa.dictionary(pa.int32(), pa.string()), Id.STRING),
    (pa.dictionary(pa.int8(), pa.int64()), Id.BIG_INT),
]


@pytest.mark.parametrize(("arrow_type", "type_id"), LOGICAL_FOR_ARROW, ids=str)
def test_logical_type_for_arrow_types(arrow_type, type_id):
    assert logical_type_for(arrow_type) == common_pb2.LogicalDataType(
        typeId=type_id, precision=-1, scale=-1
    )


def test_decimals_are_doubles_keeping_precision_and_scale():
    assert logical_type_for(pa.decimal128(12, 3)) == common_pb2.LogicalDataType(
        typeId=Id.DOUBLE, precision=12, scale=3
    )
    assert logical_type_for(pa.decimal256(40, 0)).precision == 40


def test_uuid_extension_type_is_uuid():
    if not hasattr(pa, "uuid"):
        pytest.skip("pyarrow < 18 has no uuid extension type")
    assert logical_type_for(pa.uuid()).typeId == Id.UUID


@pytest.mark.parametrize(
    "arrow_type",
    [
        pa.null(),
        pa.list_(pa.int64()),
        pa.struct([("a", pa.int64())]),
        pa.map_(pa.string(), pa.int64()),
        pa.binary(8),
        pa.month_day_nano_interval(),
    ],
    ids=str,
)
def test_types_mill_cannot_carry_are_type_errors(arrow_type):
    with pytest.raises(TypeError) as info:
        logical_type_for(arrow_type)
    assert str(info.value) == f"Mill has no type for the Arrow type {arrow_type}"


def test_arrow_to_field_names_the_column_of_an_unsupported_type():
    with pytest.raises(TypeError) as info:
        arrow_to_field(pa.field("tags", pa.list_(pa.string())), 2)
    assert (
        str(info.value) == "column 'tags': Mill has no type for the Arrow type list<item: string>"
    )


def test_arrow_to_field_sets_index_and_nullability():
    assert arrow_to_field(pa.field("id", pa.int64(), nullable=False), 4) == common_pb2.Field(
        name="id",
        fieldIdx=4,
        type=common_pb2.DataType(
            type=common_pb2.LogicalDataType(typeId=Id.BIG_INT, precision=-1, scale=-1),
            nullability=Nullability.NOT_NULL,
        ),
    )
    assert arrow_to_field(pa.field("x", pa.string()), 0).type.nullability == Nullability.NULL


def test_schema_to_table_and_back():
    schema = pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("name", pa.string()),
            pa.field("born", pa.date32()),
            pa.field("seen", pa.timestamp("ms", "UTC")),
        ]
    )
    table = schema_to_table("skymill", "cities", schema)
    assert table.schemaName == "skymill"
    assert table.name == "cities"
    assert table.tableType == common_pb2.Table.TableTypeId.NOT_SPECIFIED_TABLE_TYPE
    assert [field.fieldIdx for field in table.fields] == [0, 1, 2, 3]
    assert list(table.fields) == schema_to_fields(schema)
    assert fields_to_schema(table.fields) == schema


def test_decimal_schema_comes_back_as_double():
    fields = schema_to_fields(pa.schema([pa.field("price", pa.decimal128(10, 2))]))
    assert fields_to_schema(fields) == pa.schema([pa.field("price", pa.float64())])
