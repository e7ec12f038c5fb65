"""The protobuf wire format, read and written without protobuf, vectorised with numpy.

Message-level structure (a block's dozen fields) is walked in Python; the bulk of a block,
its repeated values, is decoded and encoded a whole vector at a time with numpy:

- packed varints: the terminator bytes (< 0x80) give each varint's start; eight bytes are
  loaded from every start as one little-endian word and their 7-bit groups are squeezed
  together with shifts and masks, so the work is a few operations per *vector*;
- fixed-width values (double, float) are views of the bytes;
- repeated length-delimited values (strings, bytes) are located by a vectorised walk of
  their ``(tag, length, bytes)`` records (see :func:`find_records`).

Everything here reports malformed input as :class:`~mill_client.errors.MillProtocolError`
naming ``where`` (the message or vector being read) and what was wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from mill_client.errors import MillProtocolError

__all__ = [
    "VARINT",
    "FIXED64",
    "LENGTH_DELIMITED",
    "FIXED32",
    "Buffer",
    "unpack_records",
    "iter_fields",
    "key",
    "length_delimited",
    "pack_records",
    "pack_varints",
    "positions",
    "read_varint",
    "unpack_bools",
    "unpack_fixed",
    "unpack_varints",
    "varint",
]

VARINT: Final = 0
FIXED64: Final = 1
LENGTH_DELIMITED: Final = 2
FIXED32: Final = 5

_MAX_FIELD_NUMBER: Final = (1 << 29) - 1
_U64 = np.uint64
_CONTINUATION_BITS: Final = _U64(0x8080808080808080)
_PAYLOAD_BITS: Final = _U64(0x7F7F7F7F7F7F7F7F)
# Squeezing the 7-bit groups of a word: pairs, then quads, then the two halves.
_SQUEEZE: Final = (
    (_U64(0x7F007F007F007F00), _U64(0x007F007F007F007F), _U64(1)),
    (_U64(0x3FFF00003FFF0000), _U64(0x00003FFF00003FFF), _U64(2)),
    (_U64(0x0FFFFFFF00000000), _U64(0x000000000FFFFFFF), _U64(4)),
)
# The payload bits of a varint's first eight bytes, by its width in bytes.
_PAYLOAD_MASKS: Final = np.array(
    [0] + [((1 << (8 * width)) - 1) & 0x7F7F7F7F7F7F7F7F for width in range(1, 9)]
    + [0x7F7F7F7F7F7F7F7F] * 2,
    dtype=np.uint64,
)
# Positions are found in chunks so the cached index array stays small.
_CHUNK: Final = 1 << 20
_INDEX = pa.array(np.arange(_CHUNK, dtype=np.int32))
_PAD: Final = 16
_MAX_SLICE: Final = np.iinfo(np.int32).max  # larger stops overflow pyarrow's size estimate


class Buffer:
    """Bytes being decoded, viewed both as Python bytes and as a numpy ``uint8`` array.

    Args:
        data: The serialized message. It is not copied.
    """

    __slots__ = ("array", "data", "size")

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(data)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast("B")
        self.data: memoryview = view
        self.array: npt.NDArray[np.uint8] = np.frombuffer(view, dtype=np.uint8)
        self.size: int = len(self.array)

    def padded(self, start: int, end: int) -> tuple[npt.NDArray[np.uint8], int]:
        """Return an array holding bytes ``[start, end)`` followed by at least 16 more.

        Word loads may then read past ``end`` safely (the extra bytes are masked off).

        Returns:
            The array and the index of ``start`` in it. The array is the buffer itself
            when enough bytes follow ``end``, else a zero-padded copy of the range.
        """
        if self.size - end >= _PAD:
            return self.array, start
        copy = np.zeros(end - start + _PAD, dtype=np.uint8)
        copy[: end - start] = self.array[start:end]
        return copy, 0


def read_varint(data: memoryview, pos: int, end: int, where: str) -> tuple[int, int]:
    """Read one varint at ``pos``.

    Returns:
        The value (as an unsigned 64-bit integer) and the position after it.

    Raises:
        MillProtocolError: The varint runs past ``end`` or is longer than 10 bytes.
    """
    result = 0
    shift = 0
    start = pos
    while True:
        if pos >= end:
            raise MillProtocolError(f"{where}: truncated varint at byte {start}")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos
        shift += 7
        if shift == 70:
            raise MillProtocolError(f"{where}: varint at byte {start} is longer than 10 bytes")


def iter_fields(
    data: memoryview, start: int, end: int, where: str
) -> Iterator[tuple[int, int, int, int]]:
    """Walk the fields of the message serialized in ``data[start:end]``.

    Yields:
        ``(field number, wire type, a, b)``: for a varint, ``a`` is its value; for the
        other wire types ``[a, b)`` is the byte range of the payload.

    Raises:
        MillProtocolError: Truncated data, field number 0 or out of range, or a wire type
            that is not varint, fixed64, length-delimited or fixed32 (groups are refused).
    """
    pos = start
    while pos < end:
        tag_pos = pos
        tag, pos = read_varint(data, pos, end, where)
        number = tag >> 3
        wire_type = tag & 7
        if number == 0 or number > _MAX_FIELD_NUMBER:
            raise MillProtocolError(f"{where}: invalid field number {number} at byte {tag_pos}")
        if wire_type == VARINT:
            value, pos = read_varint(data, pos, end, where)
            yield number, wire_type, value, pos
            continue
        if wire_type == LENGTH_DELIMITED:
            length, pos = read_varint(data, pos, end, where)
            size = length
        elif wire_type == FIXED64:
            size = 8
        elif wire_type == FIXED32:
            size = 4
        else:
            raise MillProtocolError(
                f"{where}: field {number} at byte {tag_pos} has unsupported wire type {wire_type}"
            )
        if size > end - pos:
            raise MillProtocolError(
                f"{where}: field {number} at byte {tag_pos} needs {size} bytes, "
                f"only {end - pos} remain"
            )
        yield number, wire_type, pos, pos + size
        pos += size


def positions(mask: npt.NDArray[np.bool_], count: int) -> npt.NDArray[np.int64]:
    """Return the indices of the ``count`` true entries of ``mask``, ascending.

    :func:`numpy.flatnonzero` is branch-free when more than about a tenth of the entries
    are true and branches on every entry otherwise, which is slow on irregular masks;
    there Arrow's filter over the bit-packed mask is about twice as fast.
    """
    size = len(mask)
    if count * 10 > size:
        return np.flatnonzero(mask)
    parts = []
    for offset in range(0, size, _CHUNK):
        part = mask[offset : offset + _CHUNK]
        bits = np.packbits(part, bitorder="little")
        selected = _INDEX.slice(0, len(part)).filter(
            pa.Array.from_buffers(pa.bool_(), len(part), [None, pa.py_buffer(bits)])
        )
        found = np.frombuffer(selected.buffers()[1], dtype=np.int32, count=len(selected))
        parts.append(found.astype(np.int64) + offset)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _words(array: npt.NDArray[np.uint8], offset: int, size: int) -> npt.NDArray[np.uint64]:
    """View ``array`` as the little-endian words starting at ``offset + i``, ``i < size``.

    Index it with positions relative to ``offset`` to load eight bytes at each (unaligned
    loads; ``array`` must hold 8 bytes past ``offset + size``). Plain indexing, not
    ``take``, which would first copy the whole strided view.
    """
    return np.ndarray(shape=(size,), dtype="<u8", buffer=array, offset=offset, strides=(1,))


def _first_varint(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Decode the varint each word starts with, in place, and return the terminator bits.

    Bytes after the first terminator (a byte < 0x80) are masked off. A word with no
    terminator keeps all eight bytes; its returned terminator bits are 0.
    """
    ends = np.invert(words)
    np.bitwise_and(ends, _CONTINUATION_BITS, out=ends)
    keep = np.negative(ends)
    np.bitwise_and(keep, ends, out=keep)  # the lowest terminator bit
    np.left_shift(keep, _U64(1), out=keep)
    np.subtract(keep, _U64(1), out=keep)  # every bit up to and including it
    np.bitwise_and(words, keep, out=words)
    np.bitwise_and(words, _PAYLOAD_BITS, out=words)
    _squeeze(words)
    return ends


def unpack_varints(buffer: Buffer, start: int, end: int, where: str) -> npt.NDArray[np.uint64]:
    """Decode the packed varints in ``buffer[start:end]``.

    Values are returned as unsigned 64-bit integers; view them as ``int64`` for protobuf
    ``int64`` and truncate to 32 bits for ``int32`` (negative ``int32`` values are sent
    sign-extended in 10 bytes, as protobuf does; no zigzag).

    Raises:
        MillProtocolError: The last varint is cut off or a varint is longer than 10 bytes.
    """
    size = end - start
    if size == 0:
        return np.zeros(0, dtype=np.uint64)
    payload = buffer.array[start:end]
    terminators = payload < 0x80
    if not terminators[-1]:
        raise MillProtocolError(f"{where}: truncated varint at the end of the packed values")
    count = int(np.count_nonzero(terminators))
    if count == size:
        return payload.astype(np.uint64)  # every value takes one byte
    array, offset = buffer.padded(start, end)
    width = size // count
    if width * count == size and terminators[width - 1 :: width].all():
        # Every varint has the same width: strided loads, no search for the starts.
        if width > 10:
            raise MillProtocolError(f"{where}: varint at byte {start} is longer than 10 bytes")
        words = np.ndarray(
            shape=(count,), dtype="<u8", buffer=array, offset=offset, strides=(width,)
        ).copy()
        words &= _PAYLOAD_MASKS[width]
        _squeeze(words)
        if width > 8:
            last_two = np.ndarray(
                shape=(count,), dtype="<u2", buffer=array, offset=offset + width - 2,
                strides=(width,),
            )
            words |= _high_bits(last_two.astype(np.uint64), width == 9)
        return words
    ends = np.flatnonzero(terminators)
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    np.add(ends[:-1], 1, out=starts[1:])
    widths = ends - starts
    widths += 1
    most = int(widths.max())
    if most > 10:
        first = start + int(starts[(widths > 10).argmax()])
        raise MillProtocolError(f"{where}: varint at byte {first} is longer than 10 bytes")
    view = _words(array, offset, size)
    # ``take`` copies the strided view first: worth it when the starts are dense.
    words = view.take(starts) if count * 4 > size else view[starts]
    words &= _PAYLOAD_MASKS.take(widths)
    _squeeze(words)
    if most > 8:
        pairs = np.ndarray(shape=(size,), dtype="<u2", buffer=array, offset=offset, strides=(1,))
        high = _high_bits(pairs.take(ends - 1).astype(np.uint64), widths == 9)
        high *= widths > 8
        words |= high
    return words


def _squeeze(words: npt.NDArray[np.uint64]) -> None:
    """Join the 7-bit groups held in the bytes of each word (in place)."""
    spare = np.empty_like(words)
    for high, low, shift in _SQUEEZE:
        np.bitwise_and(words, high, out=spare)
        np.bitwise_and(words, low, out=words)
        np.right_shift(spare, shift, out=spare)
        np.bitwise_or(words, spare, out=words)


def _high_bits(
    last_two: npt.NDArray[np.uint64], nine: bool | npt.NDArray[np.bool_]
) -> npt.NDArray[np.uint64]:
    """Bits 56-63 of 9- and 10-byte varints, from their last two bytes (in place).

    Byte 8 gives bits 56-62 and byte 9 bit 63; in a 9-byte varint byte 8 is the last.
    """
    last_two >>= np.multiply(nine, 8, dtype=np.uint64)
    high = last_two & _U64(0x7F)
    high <<= _U64(56)
    last_two >>= _U64(8)
    last_two &= _U64(1)
    last_two <<= _U64(63)
    high |= last_two
    return high


def unpack_bools(buffer: Buffer, start: int, end: int, where: str) -> npt.NDArray[np.bool_]:
    """Decode the packed bools in ``buffer[start:end]`` (any non-zero varint is true).

    Raises:
        MillProtocolError: As :func:`unpack_varints`.
    """
    payload = buffer.array[start:end]
    if len(payload) == 0 or payload.max() < 0x80:
        return payload != 0  # one byte per value, the common case
    return unpack_varints(buffer, start, end, where) != 0


def unpack_fixed(
    buffer: Buffer, start: int, end: int, dtype: np.dtype, where: str
) -> npt.NDArray[np.generic]:
    """View the packed fixed-width values in ``buffer[start:end]`` (copied if misaligned).

    Raises:
        MillProtocolError: The byte count is not a multiple of the value width.
    """
    width = dtype.itemsize
    size = end - start
    if size % width:
        raise MillProtocolError(
            f"{where}: {size} bytes of packed {dtype.name} values is not a multiple of {width}"
        )
    values = np.frombuffer(buffer.data, dtype=dtype, count=size // width, offset=start)
    if values.ctypes.data % width:
        values = values.copy()
    return values


def unpack_records(buffer: Buffer, start: int, end: int, count: int) -> pa.Array | None:
    """Decode ``count`` records of field 1, wire type 2, filling ``buffer[start:end]``.

    That is the encoding of a ``repeated string`` or ``repeated bytes`` field 1 and
    nothing else: each record is the tag byte 0x0A, a varint length, then the bytes.
    The records are found by :func:`_record_chain`; the values are then copied out by
    Arrow (``binary_slice`` when every length takes one byte, else ``take``).

    Returns:
        The values as a ``binary`` array (no nulls, UTF-8 unchecked), or None when the
        bytes are not exactly ``count`` such records (other fields, corruption, or
        candidate chains that do not settle): the caller then parses the message with
        protobuf to get the values or the error.
    """
    if count == 0:
        return None if end > start else pa.array([], type=pa.binary())
    found = _record_chain(buffer, start, end, count)
    if found is None:
        return None
    records, values = found
    if buffer.size > np.iinfo(np.int32).max:
        return _take_values(buffer, start, end, records, values)
    if values[0] - records[0] == 2 and np.all(values - records == 2):
        # Every head is two bytes: slice them off records that tile the range.
        bounds = np.empty(count + 1, dtype=np.int32)
        np.add(records, start, out=bounds[:-1], casting="unsafe")
        bounds[-1] = end
        whole = pa.Array.from_buffers(
            pa.binary(), count, [None, pa.py_buffer(bounds), pa.py_buffer(buffer.data)]
        )
        return pc.binary_slice(whole, 2, _MAX_SLICE)
    return _take_values(buffer, start, end, records, values)


def _take_values(
    buffer: Buffer,
    start: int,
    end: int,
    records: npt.NDArray[np.int64],
    values: npt.NDArray[np.int64],
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
    large = buffer.size > np.iinfo(np.int32).max
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


def _record_chain(
    buffer: Buffer, start: int, end: int, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
    """Find where the ``count`` records filling ``buffer[start:end]`` and their values start.

    A record's position depends on every length before it, so the records are found
    without following them one by one: every 0x0A byte is a candidate record start,
    each candidate's length gives the candidate it points to, and candidates that point
    nowhere, or that nothing points to, are dropped until the survivors form one chain
    from ``start`` to ``end``. True records are never dropped, and the chain is verified,
    so a wrong answer is impossible; chains that do not settle give None.

    Returns:
        The record starts and the value starts, relative to ``start``, or None.
    """
    size = end - start
    if size < 2 * count:
        return None
    payload = buffer.array[start:end]
    # Per byte: is it a candidate record start? [size] = the end, [size + 1] = nowhere.
    flags = np.zeros(size + 2, dtype=np.bool_)
    np.equal(payload, 0x0A, out=flags[:size])
    flags[size - 1] = False  # a record takes at least two bytes
    nodes = positions(flags[:size], int(np.count_nonzero(flags)))
    if len(nodes) < count or nodes[0] != 0:
        return None
    heads = payload.take(nodes + 1)  # the first byte of each length
    successors = nodes + 2
    successors += heads
    values = None
    multibyte = np.flatnonzero(heads >= 0x80)
    if len(multibyte):
        array, offset = buffer.padded(start, end)
        words = _words(array, offset + 1, size)[nodes[multibyte]]
        terminator_bits = _first_varint(words)
        lowest = terminator_bits & (~terminator_bits + _U64(1))
        # Bytes in the length: 1 + (bit index of its terminator's high bit) // 8; a
        # length takes at most 5 bytes, anything longer is not a record start.
        widths = np.log2(np.maximum(lowest, _U64(1)).astype(np.float64)).astype(np.int64) // 8 + 1
        words[(terminator_bits & _U64(0xFFFFFFFFFF)) == 0] = size
        values = nodes + 2
        values[multibyte] += widths - 1
        successors[multibyte] = values[multibyte] + np.minimum(words, _U64(size)).astype(np.int64)
    np.minimum(successors, size + 1, out=successors)
    flags[size] = True
    targeted = None
    while True:
        if (
            len(nodes) == count
            and successors[-1] == size
            and np.array_equal(successors[:-1], nodes[1:])
        ):
            return nodes, (nodes + 2 if values is None else values)
        # Drop candidates pointing at no candidate (cheap); once none do, drop the
        # candidates no candidate points at.
        keep = flags.take(successors)
        if keep.all():
            if targeted is None:
                targeted = np.zeros(size + 2, dtype=np.bool_)
            targeted[successors] = True
            targeted[0] = True
            keep = targeted.take(nodes)
            targeted[successors] = False
            if keep.all():
                return None
        kept = np.flatnonzero(keep)
        if len(kept) < count:
            return None
        flags[nodes] = keep
        nodes = nodes.take(kept)
        successors = successors.take(kept)
        if values is not None:
            values = values.take(kept)


def varint(value: int) -> bytes:
    """Encode one non-negative integer below 2**64 as a varint."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def key(number: int, wire_type: int) -> bytes:
    """Encode the key (tag) of field ``number`` with ``wire_type``."""
    return varint(number << 3 | wire_type)


def length_delimited(number: int, payload: bytes) -> bytes:
    """Encode field ``number`` as a length-delimited field holding ``payload``."""
    return key(number, LENGTH_DELIMITED) + varint(len(payload)) + payload


_THRESHOLDS = np.array([1 << (7 * k) for k in range(1, 10)], dtype=np.uint64)
_GROUP_SHIFTS = np.arange(0, 70, 7, dtype=np.uint64)


def varint_widths(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Return how many bytes each value takes as a varint (1 to 10)."""
    return np.searchsorted(_THRESHOLDS, values, side="right").astype(np.int64) + 1


def pack_varints(values: npt.NDArray[np.uint64]) -> bytes:
    """Encode ``values`` as packed varints (the payload of a packed repeated field).

    Signed values must be given as their two's complement ``uint64`` (a negative int32 or
    int64 then takes 10 bytes, as protobuf writes it).
    """
    if len(values) == 0:
        return b""
    widths = varint_widths(values)
    most = int(widths.max())
    if most == 1:
        return values.astype(np.uint8).tobytes()
    groups = (values[:, None] >> _GROUP_SHIFTS[:most]) & _U64(0x7F)
    groups = groups.astype(np.uint8)
    used = np.arange(most)[None, :] < widths[:, None]
    more = np.arange(most)[None, :] < (widths[:, None] - 1)
    groups[more] |= 0x80
    return groups[used].tobytes()


def pack_records(
    offsets: npt.NDArray[np.int64], data: npt.NDArray[np.uint8] | bytes
) -> bytes:
    """Encode a ``repeated string``/``repeated bytes`` field 1 (all its records).

    Args:
        offsets: ``n + 1`` ascending offsets of the values into ``data``; value ``i`` is
            ``data[offsets[i]:offsets[i + 1]]`` (Arrow's binary layout, first offset 0).
        data: The concatenated values.

    Returns:
        The records ``0x0A, varint(length), bytes`` one after another, as protobuf
        serializes them.
    """
    count = len(offsets) - 1
    if count == 0:
        return b""
    lengths = np.diff(offsets)
    heads = np.full(count, 0x0A, dtype=np.uint8)
    if int(lengths.max()) < 0x80:
        head_bytes = np.empty((count, 2), dtype=np.uint8)
        head_bytes[:, 0] = 0x0A
        head_bytes[:, 1] = lengths
        head_offsets = np.arange(0, 2 * count + 1, 2, dtype=np.int64)
        head_data = head_bytes.reshape(-1)
    else:
        widths = varint_widths(lengths.astype(np.uint64))
        head_offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(widths + 1, out=head_offsets[1:])
        head_data = np.empty(int(head_offsets[-1]), dtype=np.uint8)
        head_data[head_offsets[:-1]] = heads
        is_length = np.ones(len(head_data), dtype=bool)
        is_length[head_offsets[:-1]] = False
        head_data[is_length] = np.frombuffer(pack_varints(lengths.astype(np.uint64)), np.uint8)
    head_array = pa.Array.from_buffers(
        pa.large_binary(), count, [None, pa.py_buffer(head_offsets), pa.py_buffer(head_data)]
    )
    value_array = pa.Array.from_buffers(
        pa.large_binary(),
        count,
        [None, pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int64)), pa.py_buffer(data)],
    )
    joined = pc.binary_join_element_wise(head_array, value_array, pa.scalar(b"", pa.large_binary()))
    joined_offsets = np.frombuffer(joined.buffers()[1], dtype=np.int64, count=count + 1)
    return joined.buffers()[2].to_pybytes()[: int(joined_offsets[-1])]
