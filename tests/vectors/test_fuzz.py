"""Corrupted blocks decode to a valid batch or raise MillProtocolError: nothing else, no hang."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mill_client.errors import MillProtocolError
from mill_client.vectors import decode_block, decode_response, encode_block, encode_response

from .blocks import Column, Id, Nullability, block_bytes


def seeds() -> list[bytes]:
    every_type = pa.record_batch(
        {
            "i8": pa.array([1, None, -5], pa.int8()),
            "i32": pa.array([2**31 - 1, -1, None], pa.int32()),
            "i64": pa.array([-(2**63), 300, None]),
            "b": pa.array([True, None, False]),
            "f": pa.array([1.5, None, 2.0], pa.float32()),
            "d": pa.array([None, 0.5, -1.0]),
            "s": pa.array(["héllo", "", None]),
            "bin": pa.array([b"\n\x00", None, b"x" * 130]),
            "u": pa.array([bytes(range(16)), None, bytes(16)], pa.binary(16)),
            "date": pa.array([dt.date(1950, 1, 1), None, dt.date(2020, 1, 1)]),
            "ts": pa.array([-1, 0, None], pa.timestamp("ms", "UTC")),
            "t": pa.array([1, None, 2], pa.time64("ns")),
            "dur": pa.array([86_400_000, None, 0], pa.duration("ms")),
        }
    )
    return [
        encode_block(every_type),
        encode_block(every_type.slice(0, 0)),
        block_bytes(
            Column("id", Id.BIG_INT, list(range(-50, 50)), nullability=Nullability.NOT_NULL),
            Column("name", Id.STRING, [str(n) * (n % 13) for n in range(100)]),
        ),
        encode_response(every_type, "paging-id"),
    ]


SEEDS = seeds()


@st.composite
def corrupted(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "truncate", "insert", "delete"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            data[position] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[position:]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=12))
        else:
            del data[position : position + draw(st.integers(1, 12))]
    return bytes(data)


FUZZ = settings(
    max_examples=300,
    deadline=5000,  # milliseconds: a hang fails instead of blocking the run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(batch: pa.RecordBatch | None) -> None:
    if batch is not None:
        batch.validate(full=True)


@FUZZ
@given(data=corrupted())
def test_corrupted_blocks(integer_path, data):
    try:
        batch = decode_block(data)
    except MillProtocolError:
        return
    check(batch)


@FUZZ
@given(data=corrupted())
def test_corrupted_responses(integer_path, data):
    try:
        paging_id, batch = decode_response(data)
    except MillProtocolError:
        return
    assert paging_id is None or isinstance(paging_id, str)
    check(batch)


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes(integer_path, data):
    for time_unit in ("ns", "ms"):
        try:
            check(decode_block(data, time_unit=time_unit))
        except MillProtocolError:
            pass


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_the_seeds_decode(seed):
    assert isinstance(decode_block(seed), pa.RecordBatch)
