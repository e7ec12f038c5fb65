"""Cutting an engine's Arrow stream into the result blocks Mill sends."""

from __future__ import annotations

from collections.abc import Generator

import pyarrow as pa

__all__ = ["Blocks", "iter_blocks"]

#: A result as a stream of blocks; closing it releases the engine's stream.
Blocks = Generator[pa.RecordBatch, None, None]


def iter_blocks(reader: pa.RecordBatchReader, fetch_size: int) -> Blocks:
    """Re-batch ``reader`` into blocks of exactly ``fetch_size`` rows, the last one shorter.

    This is Mill's block rule: a ``fetch_size`` of 0 or less means one row per block;
    the first block is always produced, with 0 rows for an empty result; later blocks
    only when they hold at least one row (no trailing empty block). Rows are sliced, not
    copied, unless a block spans two of the engine's batches.

    The reader is closed when the iteration ends, fails or is closed early.
    """
    size = fetch_size if fetch_size > 0 else 1
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    emitted = False
    try:
        for batch in reader:
            offset = 0
            while offset < batch.num_rows:
                take = min(size - pending_rows, batch.num_rows - offset)
                pending.append(batch.slice(offset, take))
                pending_rows += take
                offset += take
                if pending_rows == size:
                    yield _combine(pending, reader.schema)
                    emitted = True
                    pending, pending_rows = [], 0
        if pending_rows or not emitted:
            yield _combine(pending, reader.schema)
    finally:
        reader.close()


def _combine(batches: list[pa.RecordBatch], schema: pa.Schema) -> pa.RecordBatch:
    if len(batches) == 1:
        return batches[0]
    if not batches:
        return pa.record_batch([pa.array([], type=f.type) for f in schema], schema=schema)
    return pa.concat_batches(batches)
