"""Arrow -> VectorBlock -> Arrow gives back the batch, for every Mill type."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mill_client.types import MILL_TYPE_KEY
from mill_client.vectors import decode_block, decode_response, encode_block, encode_response

pytestmark = pytest.mark.usefixtures("integer_path")

COLUMNS = {
    "tiny": pa.array([-128, None, 127], pa.int8()),
    "small": pa.array([-32768, None, 32767], pa.int16()),
    "int": pa.array([-(2**31), None, 2**31 - 1], pa.int32()),
    "big": pa.array([-(2**63), None, 2**63 - 1], pa.int64()),
    "bool": pa.array([True, None, False]),
    "float": pa.array([1.5, None, -3.25], pa.float32()),
    "double": pa.array([0.1, None, -1e300]),
    "string": pa.array(["日本", None, ""]),
    "binary": pa.array([b"\x00\xff", None, b""]),
    "uuid": pa.array([uuid.uuid4().bytes, None, bytes(16)], pa.binary(16)),
    "date": pa.array([dt.date(1600, 3, 1), None, dt.date(9999, 12, 31)]),
    "timestamp": pa.array(
        [dt.datetime(1800, 1, 1, 0, 0, 0, 1000), None, dt.datetime(2200, 1, 1)], pa.timestamp("ms")
    ),
    "timestamp_tz": pa.array([-1, None, 4_102_444_800_000], pa.timestamp("ms", "UTC")),
    "interval_day": pa.array([-86_400_000, None, 86_400_000 * 36525], pa.duration("ms")),
    "time": pa.array([0, None, 86_399_999_999_999], pa.time64("ns")),
}


def interval_year_field() -> pa.Field:
    return pa.field("interval_year", pa.int32(), metadata={MILL_TYPE_KEY: b"INTERVAL_YEAR"})


def all_types_batch() -> pa.RecordBatch:
    schema = pa.schema(
        [pa.field(name, array.type) for name, array in COLUMNS.items()]
        + [interval_year_field(), pa.field("id", pa.int64(), nullable=False)]
    )
    arrays = [*COLUMNS.values(), pa.array([1, None, -1], pa.int32()), pa.array([1, 2, 3])]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def test_every_type_round_trips():
    batch = all_types_batch()
    decoded = decode_block(encode_block(batch))
    assert decoded.schema.equals(batch.schema, check_metadata=True)
    assert decoded.equals(batch)


@pytest.mark.parametrize("rows", [0, 1])
def test_empty_and_single_row_batches_round_trip(rows):
    batch = all_types_batch().slice(0, rows)
    assert decode_block(encode_block(batch)).equals(batch)


def test_time_round_trips_in_milliseconds():
    batch = pa.record_batch({"t": pa.array([0, None, 86_399_999], pa.time32("ms"))})
    assert decode_block(encode_block(batch, time_unit="ms"), time_unit="ms").equals(batch)


def test_response_round_trips():
    batch = all_types_batch()
    paging_id, decoded = decode_response(encode_response(batch, "id-1"))
    assert paging_id == "id-1"
    assert decoded.equals(batch)


def test_table_in_many_blocks_round_trips():
    rng = np.random.default_rng(2)
    rows = 25_000
    table = pa.table(
        {
            "i": pa.array(rng.integers(-(10**15), 10**15, rows), mask=rng.random(rows) < 0.1),
            "s": pa.array([str(n) * (n % 7) for n in range(rows)], mask=rng.random(rows) < 0.1),
            "d": pa.array(rng.normal(size=rows), mask=rng.random(rows) < 0.1),
        }
    )
    blocks = [encode_block(batch) for batch in table.to_batches(max_chunksize=10_000)]
    assert len(blocks) == 3
    assert pa.Table.from_batches([decode_block(block) for block in blocks]).equals(table)


values = {
    "i64": (st.integers(-(2**63), 2**63 - 1), pa.int64()),
    "i8": (st.integers(-128, 127), pa.int8()),
    "f64": (st.floats(allow_nan=False), pa.float64()),
    "text": (st.text(), pa.string()),
    "bytes": (st.binary(), pa.binary()),
    "bool": (st.booleans(), pa.bool_()),
    "days": (st.integers(-(2**31), 2**31 - 1), pa.date32()),
}


@st.composite
def batches(draw):
    rows = draw(st.integers(0, 40))
    names = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=4, unique=True))
    arrays = {}
    for name in names:
        strategy, arrow_type = values[name]
        cells = draw(st.lists(st.one_of(st.none(), strategy), min_size=rows, max_size=rows))
        arrays[name] = pa.array(cells, pa.int32() if arrow_type == pa.date32() else arrow_type)
        if arrow_type == pa.date32():
            arrays[name] = arrays[name].view(pa.date32())
    return pa.record_batch(arrays)


@settings(max_examples=150, deadline=None)
@given(batch=batches())
def test_random_batches_round_trip(batch):
    assert decode_block(encode_block(batch)).equals(batch)
