"""Benchmark: Mill VectorBlock decoding to Arrow against protobuf and a row-by-row decode.

Builds one seeded data set (default 1M rows; int64, double, string, bool, date and
timestamp columns; 10% nulls per column; 10k-row blocks) as VectorBlock bytes (with
protobuf's own message API, so our encoder is not involved) and as an Arrow IPC stream,
then times, best of ``--repeat`` runs:

- ``ours``: :func:`mill_client.vectors.decode_block` on every block, to Arrow;
- ``protobuf parse``: ``VectorBlock.FromString`` on every block (parsing only: the
  values stay inside protobuf);
- ``row-by-row``: the upstream clients' approach, parse then one Python value per cell
  (``date``/``datetime`` objects for temporals, None for nulls);
- ``arrow ipc``: reading the same data from an Arrow IPC stream.

It prints rows/s for each and the ratios ours/protobuf-parse and ours/row-by-row, for
all six columns together and for each column type alone (blocks of just that column).

Run: ``python benchmarks/decode.py [--rows N] [--repeat N] [--block-rows N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from google.protobuf import __version__ as protobuf_version

from mill_client._proto import common_pb2, vector_pb2
from mill_client.vectors import decode_block

_Id = common_pb2.LogicalDataType.LogicalDataTypeId
_EPOCH_DATE = dt.date(1970, 1, 1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

# name, Mill type id, Vector.values member, placeholder at null rows
COLUMNS = (
    ("int64", _Id.BIG_INT, "i64Vector", 0),
    ("double", _Id.DOUBLE, "fp64Vector", 0.0),
    ("string", _Id.STRING, "stringVector", ""),
    ("bool", _Id.BOOL, "boolVector", False),
    ("date", _Id.DATE, "i64Vector", 0),
    ("timestamp", _Id.TIMESTAMP_TZ, "i64Vector", 0),
)


def make_columns(rows: int, seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Return ``{name: (values, nulls)}``: the seeded benchmark data, placeholders at nulls.

    int64: uniform in +-1e9 (half negative: 10-byte varints); double: normal * 1000;
    string: 5,000 distinct words of 0-40 characters, about 2% with a non-ASCII letter;
    bool: fair coin; date: 1950-2030 (a quarter before 1970: 10-byte varints);
    timestamp: epoch milliseconds in 2000-2030.
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "))
    lengths = rng.integers(0, 41, 5_000)
    words = ["".join(rng.choice(letters, length)) for length in lengths]
    for index in rng.choice(len(words), 100, replace=False):
        words[index] = words[index] + "é"
    vocabulary = np.array(words, dtype=object)
    day = 86_400_000
    data = {
        "int64": rng.integers(-(10**9), 10**9, rows),
        "double": rng.normal(size=rows) * 1000,
        "string": vocabulary[rng.integers(0, len(vocabulary), rows)],
        "bool": rng.random(rows) < 0.5,
        "date": rng.integers(-20 * 365, 61 * 365, rows),
        "timestamp": rng.integers(946_684_800_000, 946_684_800_000 + 30 * 365 * day, rows),
    }
    result = {}
    for name, _, _, placeholder in COLUMNS:
        nulls = rng.random(rows) < 0.1
        values = data[name].copy()
        values[nulls] = placeholder
        result[name] = (values, nulls)
    return result


def build_blocks(
    data: dict[str, tuple[np.ndarray, np.ndarray]], names: Sequence[str], block_rows: int
) -> list[bytes]:
    """Serialize the named columns as VectorBlocks with protobuf's message API."""
    spec = {name: (type_id, member) for name, type_id, member, _ in COLUMNS}
    rows = len(next(iter(data.values()))[0])
    blocks = []
    for start in range(0, rows, block_rows):
        stop = min(start + block_rows, rows)
        block = vector_pb2.VectorBlock(vectorSize=stop - start)
        for index, name in enumerate(names):
            type_id, member = spec[name]
            block.schema.fields.add(
                name=name,
                fieldIdx=index,
                type=common_pb2.DataType(
                    type=common_pb2.LogicalDataType(typeId=type_id, precision=-1, scale=-1),
                    nullability=common_pb2.DataType.Nullability.NULL,
                ),
            )
            values, nulls = data[name]
            vector = block.vectors.add(fieldIdx=index)
            vector.nulls.nulls.extend(nulls[start:stop].tolist())
            getattr(vector, member).values.extend(values[start:stop].tolist())
        blocks.append(block.SerializeToString())
    return blocks


def build_ipc(data: dict[str, tuple[np.ndarray, np.ndarray]], block_rows: int) -> bytes:
    """The same data as an Arrow IPC stream of ``block_rows``-row batches."""
    arrays = {}
    for name, (values, nulls) in data.items():
        if name == "date":
            arrays[name] = pa.array(values.astype(np.int32), pa.date32(), mask=nulls)
        elif name == "timestamp":
            arrays[name] = pa.array(values, pa.timestamp("ms", "UTC"), mask=nulls)
        else:
            arrays[name] = pa.array(values, mask=nulls)
    table = pa.table(arrays)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=block_rows)
    return sink.getvalue().to_pybytes()


_CONVERT: dict[int, Callable[[object], object]] = {
    _Id.BIG_INT: int,
    _Id.DOUBLE: float,
    _Id.STRING: str,
    _Id.BOOL: bool,
    _Id.DATE: lambda days: _EPOCH_DATE + dt.timedelta(days=days),
    _Id.TIMESTAMP_TZ: lambda millis: _EPOCH + dt.timedelta(milliseconds=millis),
}


def row_by_row(blocks: list[bytes]) -> int:
    """Decode the upstream way: parse, then row by row one Python value per cell (None for
    nulls, ``date``/``datetime`` for temporals). Returns rows."""
    total = 0
    for data in blocks:
        block = vector_pb2.VectorBlock.FromString(data)
        columns = [
            (
                vector.nulls.nulls,
                getattr(vector, vector.WhichOneof("values")).values,
                _CONVERT[field.type.type.typeId],
            )
            for field, vector in zip(block.schema.fields, block.vectors)
        ]
        rows = [
            [None if nulls[i] else convert(values[i]) for nulls, values, convert in columns]
            for i in range(block.vectorSize)
        ]
        total += len(rows)
    return total


def ours(blocks: list[bytes]) -> int:
    """Decode every block to Arrow with :func:`decode_block`. Returns rows."""
    return sum(decode_block(data).num_rows for data in blocks)


def protobuf_parse(blocks: list[bytes]) -> int:
    """Parse every block with protobuf, nothing more. Returns rows."""
    return sum(vector_pb2.VectorBlock.FromString(data).vectorSize for data in blocks)


def ipc_read(stream: bytes) -> int:
    """Read the whole Arrow IPC stream. Returns rows."""
    return pa.ipc.open_stream(stream).read_all().num_rows


def best_rate(function: Callable[[], int], repeat: int) -> float:
    """Rows per second of the fastest of ``repeat`` runs."""
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = function()
        best = min(best, time.perf_counter() - started)
    return rows / best


def check(
    blocks: list[bytes], data: dict[str, tuple[np.ndarray, np.ndarray]], names: Sequence[str]
) -> None:
    """Fail loudly if our decode does not return the benchmark data."""
    batches = [decode_block(block) for block in blocks]
    table = pa.Table.from_batches(batches)
    for name in names:
        values, nulls = data[name]
        column = table[name]
        if not np.array_equal(column.is_null().to_numpy(zero_copy_only=False), nulls):
            raise AssertionError(f"nulls of {name} differ")
        decoded = column.to_numpy(zero_copy_only=False)[~nulls]
        expected = values[~nulls]
        if name == "date":
            expected = expected.astype("datetime64[D]")
        elif name == "timestamp":
            expected = expected.astype("datetime64[ms]")
            decoded = decoded.astype("datetime64[ms]")
        if not np.array_equal(decoded, expected):
            raise AssertionError(f"values of {name} differ")


def measure(blocks: list[bytes], repeat: int) -> dict[str, float]:
    """Rows/s of ours, protobuf parse and row-by-row on the same blocks."""
    return {
        "ours": best_rate(lambda: ours(blocks), repeat),
        "protobuf parse": best_rate(lambda: protobuf_parse(blocks), repeat),
        "row-by-row": best_rate(lambda: row_by_row(blocks), repeat),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the data set")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, best kept")
    parser.add_argument("--block-rows", type=int, default=10_000, help="rows per block")
    parser.add_argument("--seed", type=int, default=20260707, help="random seed")
    args = parser.parse_args(argv)

    data = make_columns(args.rows, args.seed)
    names = [name for name, *_ in COLUMNS]
    blocks = build_blocks(data, names, args.block_rows)
    check(blocks, data, names)
    stream = build_ipc(data, args.block_rows)

    print(
        f"{args.rows:,} rows, {len(blocks)} blocks of {args.block_rows:,} rows, 10% nulls, "
        f"best of {args.repeat}; protobuf {protobuf_version}, pyarrow {pa.__version__}, "
        f"numpy {np.__version__}, Python {sys.version.split()[0]}"
    )
    overall = measure(blocks, args.repeat)
    overall["arrow ipc"] = best_rate(lambda: ipc_read(stream), args.repeat)
    print("\nAll six columns:")
    for name, rate in overall.items():
        print(f"  {name:16s} {rate / 1e6:8.2f} M rows/s")
    print(
        f"  ours / protobuf parse = {overall['ours'] / overall['protobuf parse']:.2f}x, "
        f"ours / row-by-row = {overall['ours'] / overall['row-by-row']:.1f}x"
    )

    print("\nOne column per block:")
    print(
        f"  {'column':10s} {'ours':>9s} {'pb parse':>9s} {'row-by-row':>10s}   (M rows/s)"
        f"  {'ours/pb':>8s} {'ours/rbr':>9s}"
    )
    for name in names:
        rates = measure(build_blocks(data, [name], args.block_rows), args.repeat)
        print(
            f"  {name:10s} {rates['ours'] / 1e6:9.2f} {rates['protobuf parse'] / 1e6:9.2f} "
            f"{rates['row-by-row'] / 1e6:10.2f}"
            f"{'':14s}{rates['ours'] / rates['protobuf parse']:7.2f}x "
            f"{rates['ours'] / rates['row-by-row']:8.1f}x"
        )


if __name__ == "__main__":
    main()
