"""Timestamp units in results: scale-less timestamps (a bucket's type) and Mill's milliseconds."""

from __future__ import annotations

import datetime

import ibis
import pyarrow as pa
import pytest

from ibis_mill.backend_results import ResultCastError, millisecond_timestamps

#: 2026-01-01 12:30:15.250 and 12:30:14, in microseconds since 1970.
AT_250_MS = 1_767_270_615_250_000
AT_14_S = 1_767_270_614_000_000


def test_scale_less_timestamps_become_milliseconds() -> None:
    schema = ibis.schema(
        {"id": "int64", "b": "timestamp", "utc": "timestamp('UTC')", "ms": "timestamp(3)"}
    )
    table = pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "b": pa.array([AT_250_MS, None], pa.timestamp("us")),
            "utc": pa.array([AT_14_S, AT_250_MS], pa.timestamp("us", "UTC")),
            "ms": pa.array([AT_250_MS // 1000, None], pa.timestamp("ms")),
        }
    )
    result = millisecond_timestamps(table, schema)
    assert result.schema == pa.schema(
        [
            ("id", pa.int64()),
            ("b", pa.timestamp("ms")),
            ("utc", pa.timestamp("ms", "UTC")),
            ("ms", pa.timestamp("ms")),
        ]
    )
    assert result.to_pydict() == {
        "id": [1, 2],
        "b": [datetime.datetime(2026, 1, 1, 12, 30, 15, 250_000), None],
        "utc": [
            datetime.datetime(2026, 1, 1, 12, 30, 14, tzinfo=datetime.timezone.utc),
            datetime.datetime(2026, 1, 1, 12, 30, 15, 250_000, tzinfo=datetime.timezone.utc),
        ],
        "ms": [datetime.datetime(2026, 1, 1, 12, 30, 15, 250_000), None],
    }
    assert result.to_pandas().dtypes.astype(str).to_dict() == {
        "id": "int64",
        "b": "datetime64[ms]",
        "utc": "datetime64[ms, UTC]",
        "ms": "datetime64[ms]",
    }


def test_timestamps_with_a_precision_are_kept() -> None:
    schema = ibis.schema({"us": "timestamp(6)", "d": "date"})
    table = pa.table(
        {
            "us": pa.array([AT_250_MS + 1], pa.timestamp("us")),
            "d": pa.array([datetime.date(2026, 1, 1)], pa.date32()),
        }
    )
    assert millisecond_timestamps(table, schema) is table


def test_sub_millisecond_values_are_refused_not_truncated() -> None:
    schema = ibis.schema({"b": "timestamp"})
    table = pa.table({"b": pa.array([AT_250_MS + 1], pa.timestamp("us"))})
    with pytest.raises(ResultCastError) as info:
        millisecond_timestamps(table, schema)
    assert str(info.value) == (
        "Cannot convert result column 'b' from timestamp[us] to timestamp[ms]: Casting from "
        "timestamp[us] to timestamp[ms] would lose data: 1767270615250001"
    )


def test_a_bucket_is_exact_and_in_milliseconds_after_narrowing(shop_grpc) -> None:
    t = shop_grpc.table("orders")
    expr = t.select("id", b=t.ordered_at.bucket(seconds=2)).order_by("id").limit(2)
    table = expr.to_pyarrow()
    # ibis types a bucket as a timestamp without a precision: timestamp[us] in Arrow.
    assert table.schema == pa.schema([("id", pa.int64()), ("b", pa.timestamp("us"))])
    result = millisecond_timestamps(table, expr.schema())
    assert result.schema == pa.schema([("id", pa.int64()), ("b", pa.timestamp("ms"))])
    assert result.to_pydict() == {
        "id": [1, 2],
        "b": [datetime.datetime(2026, 1, d, 12, 30, 14) for d in (1, 2)],
    }


def test_execute_returns_a_bucket_in_mills_milliseconds(shop_grpc) -> None:
    bucket = shop_grpc.table("orders").ordered_at.bucket(seconds=2)
    assert str(bucket.execute().dtype) == "datetime64[ms]"
    assert bucket.to_pyarrow().type == pa.timestamp("us")
