"""Repeated strings and bytes (field 1 records ``0x0A, varint length, bytes``), both ways.

A record's position depends on every length before it, so finding the records is the
one sequential problem of a block; :func:`unpack_records` solves it with whole-vector
numpy steps, at once when the only 0x0A bytes are the record tags (see
:func:`_tiled_records`), else by pruning candidate chains (see :func:`_record_chain`),
and lets Arrow copy the values out.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from mill_client.vectors.packed import first_varints, row_prefixes, varint_matrix, word_view
from mill_client.vectors.wire import Buffer

__all__ = ["pack_records", "positions", "unpack_records"]

_U64 = np.uint64
# Positions are found in chunks so the cached index array stays small (1 MiB).
_CHUNK: Final = 1 << 18
_INDEX = pa.array(np.arange(_CHUNK, dtype=np.int32))
# Offsets of ``binary`` arrays; also the stop given to ``binary_slice`` (a larger stop
# overflows its output size estimate in pyarrow 26).
_INT32_MAX: Final = np.iinfo(np.int32).max


def positions(mask: npt.NDArray[np.bool_], count: int) -> npt.NDArray[np.int32]:
    """Return the indices of the true entries of ``mask`` (< 2**31), ascending.

    :func:`numpy.flatnonzero` is branch-free when more than about a tenth of the entries
    are true and branches on every entry otherwise, which is slow on irregular masks;
    there Arrow's filter over the bit-packed mask is about twice as fast. ``count``, how
    many entries are true (or about), picks the method.
    """
    size = len(mask)
    if count * 10 > size or size < 4096:
        return np.flatnonzero(mask).astype(np.int32)
    parts = []
    for offset in range(0, size, _CHUNK):
        part = mask[offset : offset + _CHUNK]
        bits = np.packbits(part, bitorder="little")
        selected = _INDEX.slice(0, len(part)).filter(
            pa.Array.from_buffers(pa.bool_(), len(part), [None, pa.py_buffer(bits)])
        )
        found = np.frombuffer(selected.buffers()[1], dtype=np.int32, count=len(selected))
        parts.append(found + np.int32(offset) if offset else found)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def unpack_records(buffer: Buffer, start: int, end: int, count: int) -> pa.Array | None:
    """Decode ``count`` records of field 1, wire type 2, filling ``buffer[start:end]``.

    That is the encoding of a ``repeated string`` or ``repeated bytes`` field 1 and
    nothing else: each record is the tag byte 0x0A, a varint length, then the bytes.
    The records are found by :func:`_tiled_records`, else by :func:`_record_chain`; the
    values are then copied out by Arrow (``binary_slice`` when every length takes one
    byte, else ``take``).

    Returns:
        The values as a ``binary`` array (no nulls, UTF-8 unchecked), or None when the
        bytes are not exactly ``count`` such records (other fields, corruption, or
        candidate chains that do not settle): the caller then parses the message with
        protobuf to get the values or the error.
    """
    if count == 0:
        return None if end > start else pa.array([], type=pa.binary())
    found = _tiled_records(buffer, start, end, count) or _record_chain(buffer, start, end, count)
    if found is None:
        return None
    records, values = found
    if values is None and buffer.size <= _INT32_MAX:
        # Every head is two bytes: slice them off records that tile the range.
        bounds = np.empty(count + 1, dtype=np.int32)
        np.add(records, start, out=bounds[:-1], casting="unsafe")
        bounds[-1] = end
        whole = pa.Array.from_buffers(
            pa.binary(), count, [None, pa.py_buffer(bounds), pa.py_buffer(buffer.data)]
        )
        return pc.binary_slice(whole, 2, _INT32_MAX)
    return _take_values(buffer, start, end, records, records + 2 if values is None else values)


def _take_values(
    buffer: Buffer,
    start: int,
    end: int,
    records: npt.NDArray[np.int32],
    values: npt.NDArray[np.int32],
) -> pa.Array:
    """Copy the values out of records with heads of any width.

    The range is seen as a binary array alternating heads and values; Arrow's ``take``
    keeps every second element.
    """
    count = len(records)
    bounds = np.empty(2 * count + 1, dtype=np.int64)
    bounds[0::2][:count] = records
    bounds[1::2] = values
    bounds[-1] = end - start
    bounds += start
    large = buffer.size > _INT32_MAX
    alternating = pa.Array.from_buffers(
        pa.large_binary() if large else pa.binary(),
        2 * count,
        [
            None,
            pa.py_buffer(bounds if large else bounds.astype(np.int32)),
            pa.py_buffer(buffer.data),
        ],
    )
    wanted = alternating.take(pa.array(np.arange(1, 2 * count, 2, dtype=np.int64)))
    return wanted.cast(pa.binary()) if large else wanted


_Records = tuple[npt.NDArray[np.int32], npt.NDArray[np.int32] | None]


def _tiled_records(buffer: Buffer, start: int, end: int, count: int) -> _Records | None:
    """Find the records filling ``buffer[start:end]`` when their tags are its only 0x0A bytes.

    That is the common case: no value holds a newline (0x0A) and every length takes one
    or two bytes (values under 16 KiB). A length of 10 is a 0x0A byte too, but it
    directly follows its tag, so a 0x0A right after a 0x0A is not taken for a tag. The
    candidates are then checked to tile the range, each record ending where the next
    begins, so a wrong answer is impossible: anything else gives None.

    Returns:
        The record starts and the value starts relative to ``start`` (None when every
        value starts two bytes into its record), or None.
    """
    size = end - start
    if size < 2 * count:
        return None
    payload = buffer.array[start:end]
    tags = payload == 0x0A
    tags[-1] = False  # a record takes at least two bytes
    nodes = positions(tags, count)
    if len(nodes) > count:
        # Drop each 0x0A right after another (lengths of 10), on the few candidates
        # rather than on every byte.
        follows = np.empty(len(nodes), dtype=np.bool_)
        follows[0] = False
        np.equal(nodes[1:] - nodes[:-1], 1, out=follows[1:])
        nodes = nodes[~follows]
    if len(nodes) != count or nodes[0] != 0:
        return None
    heads = payload[1:].take(nodes)  # the first byte of each length
    successors = nodes + 2  # int32: a block is under 2 GiB
    successors += heads
    values = None
    if heads.max() >= 0x80:
        long = np.flatnonzero(heads >= 0x80)
        second = payload.take(np.minimum(nodes.take(long) + 2, size - 1))
        if int(second.max()) >= 0x80:
            return None  # a length of three bytes or more
        # successor = node + 3 + (head - 0x80) + (second << 7)
        successors[long] += (second.astype(np.int32) << 7) - 0x7F
        values = nodes + 2
        values[long] += 1
    if successors[-1] != size or (successors[:-1] != nodes[1:]).any():
        return None
    return nodes, values


def _record_chain(buffer: Buffer, start: int, end: int, count: int) -> _Records | None:
    """Find where the ``count`` records filling ``buffer[start:end]`` and their values start.

    A record's position depends on every length before it, so the records are found
    without following them one by one: every 0x0A byte is a candidate record start,
    each candidate's length gives the candidate it points to, and candidates that point
    nowhere, or that nothing points to, are dropped until the survivors form one chain
    from ``start`` to ``end``. True records are never dropped, and the chain is verified,
    so a wrong answer is impossible; chains that do not settle give None.

    Returns:
        As :func:`_tiled_records`.
    """
    size = end - start
    if size < 2 * count:
        return None
    payload = buffer.array[start:end]
    candidates = payload == 0x0A
    candidates[-1] = False  # a record takes at least two bytes
    nodes = positions(candidates, int(np.count_nonzero(candidates)))
    if len(nodes) < count or nodes[0] != 0:
        return None
    heads = payload.take(nodes + 1)  # the first byte of each length
    successors = nodes + 2  # int32: a block is under 2 GiB
    successors += heads
    values = None
    multibyte = np.flatnonzero(heads >= 0x80)
    if len(multibyte):
        array, offset = buffer.padded(start, end)
        words = word_view(array, offset + 1, size)[nodes[multibyte]]
        terminator_bits = first_varints(words)
        lowest = terminator_bits & (~terminator_bits + _U64(1))
        # Bytes in the length: 1 + (bit index of its terminator's high bit) // 8; a
        # length takes at most 5 bytes, anything longer is not a record start.
        widths = np.log2(np.maximum(lowest, _U64(1)).astype(np.float64)).astype(np.int64) // 8 + 1
        words[(terminator_bits & _U64(0xFFFFFFFFFF)) == 0] = size
        values = nodes + 2
        values[multibyte] += (widths - 1).astype(np.int32)
        far = values[multibyte] + np.minimum(words, _U64(size)).astype(np.int64)
        successors[multibyte] = np.minimum(far, size + 1)
    np.minimum(successors, size + 1, out=successors)
    targeted = np.zeros(size + 2, dtype=np.bool_)  # [size] = the end, [size + 1] = nowhere
    live = None  # per byte: is it a surviving candidate? Built when first needed.
    while True:
        if (
            len(nodes) == count
            and successors[-1] == size
            and np.array_equal(successors[:-1], nodes[1:])
        ):
            return nodes, values
        # Drop the candidates no candidate points at (record 0 aside); when there are
        # none, the candidates pointing at no candidate. True records survive both.
        targeted[successors] = True
        targeted[0] = True
        keep = targeted.take(nodes)
        targeted[successors] = False
        if keep.all():
            if live is None:
                live = np.zeros(size + 2, dtype=np.bool_)
                live[nodes] = True
                live[size] = True
            keep = live.take(successors)
            if keep.all():
                return None
        kept = np.flatnonzero(keep)
        if len(kept) < count:
            return None
        if live is not None:
            live[nodes] = keep
        nodes = nodes.take(kept)
        successors = successors.take(kept)
        if values is not None:
            values = values.take(kept)


def pack_records(offsets: npt.NDArray[np.int64], data: npt.NDArray[np.uint8]) -> bytes:
    """Encode a ``repeated string``/``repeated bytes`` field 1 (all its records).

    Args:
        offsets: ``n + 1`` ascending offsets of the values into ``data``; value ``i`` is
            ``data[offsets[i]:offsets[i + 1]]`` (Arrow's binary layout, first offset 0).
        data: The concatenated values.

    Returns:
        The records ``0x0A, varint(length), bytes`` one after another, as protobuf
        serializes them. The heads are built with numpy; Arrow's ``take`` interleaves
        them with the values in one C++ pass.
    """
    count = len(offsets) - 1
    if count == 0:
        return b""
    matrix, widths = varint_matrix(np.diff(offsets).astype(np.uint64))
    heads = np.empty((count, matrix.shape[1] + 1), dtype=np.uint8)
    heads[:, 0] = 0x0A
    heads[:, 1:] = matrix
    head_widths = widths.astype(np.int64) + 1
    if heads.shape[1] > 2:
        heads = row_prefixes(heads, head_widths)
    head_offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(head_widths, out=head_offsets[1:])
    both = pa.concat_arrays(
        [
            pa.Array.from_buffers(
                pa.large_binary(), count, [None, pa.py_buffer(head_offsets), pa.py_buffer(heads)]
            ),
            pa.Array.from_buffers(
                pa.large_binary(),
                count,
                [
                    None,
                    pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int64)),
                    pa.py_buffer(data),
                ],
            ),
        ]
    )
    order = np.empty(2 * count, dtype=np.int64)
    order[0::2] = np.arange(count)
    order[1::2] = order[0::2] + count
    records = both.take(pa.array(order))
    size = int(np.frombuffer(records.buffers()[1], dtype=np.int64, count=2 * count + 1)[-1])
    return records.buffers()[2][:size].to_pybytes()
