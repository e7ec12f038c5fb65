"""Packed repeated numbers (varints, bools, doubles, floats), decoded and encoded with numpy.

Varints: the terminator bytes (< 0x80) give each varint's start (strided when every
varint has the same width); eight bytes are loaded from every start as one little-endian
word and their 7-bit groups are squeezed together with a few masks and shifts, so the
work is a few numpy operations per *vector*. Varints of nine or ten bytes (negative
``int64`` values) add bits 56-63 from the word eight bytes on. Encoding spreads the
groups back into bytes the same way. Doubles and floats are views of the bytes.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from mill_client.errors import MillProtocolError
from mill_client.vectors.wire import Buffer

__all__ = [
    "first_varints",
    "pack_varints",
    "row_prefixes",
    "unpack_bools",
    "unpack_fixed",
    "unpack_varints",
    "varint_matrix",
    "word_view",
]

_U64 = np.uint64
_CONTINUATION_BITS: Final = _U64(0x8080808080808080)
_PAYLOAD_BITS: Final = _U64(0x7F7F7F7F7F7F7F7F)
# Squeezing the 7-bit groups of a word: pairs (the high group of each pair moves down
# one bit), then quads and the two halves (high part, low part, shift).
_PAIRS_HIGH: Final = _U64(0x7F007F007F007F00)
_SQUEEZE: Final = (
    (_U64(0x3FFF00003FFF0000), _U64(0x00003FFF00003FFF), _U64(2)),
    (_U64(0x0FFFFFFF00000000), _U64(0x000000000FFFFFFF), _U64(4)),
)
# The payload bits of a varint's first eight bytes, by its width in bytes.
_PAYLOAD_MASKS: Final = np.array(
    [0]
    + [((1 << (8 * width)) - 1) & 0x7F7F7F7F7F7F7F7F for width in range(1, 9)]
    + [0x7F7F7F7F7F7F7F7F] * 2,
    dtype=np.uint64,
)
# The payload bits of a varint's bytes 8 and 9 (the low bytes of the word eight bytes
# into it), by its width: none below nine bytes.
_HIGH_MASKS: Final = np.array([0] * 9 + [0x7F, 0x17F], dtype=np.uint64)


def word_view(array: npt.NDArray[np.uint8], offset: int, size: int) -> npt.NDArray[np.uint64]:
    """View ``array`` as the little-endian words starting at ``offset + i``, ``i < size``.

    Index it with positions relative to ``offset`` to load eight bytes at each (unaligned
    loads; ``array`` must hold 8 bytes past ``offset + size``). For a few positions,
    index the view; for many, copy it (eight bytes per word) and ``take`` from the copy,
    which is several times faster per position (``take`` on the view copies it anyway).
    """
    return np.ndarray(shape=(size,), dtype="<u8", buffer=array, offset=offset, strides=(1,))


def first_varints(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
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
    _squeeze(words, 8)
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
        _squeeze(words, width)
        if width > 8:
            high = np.ndarray(
                shape=(count,), dtype="<u8", buffer=array, offset=offset + 8, strides=(width,)
            ).copy()
            high &= _HIGH_MASKS[width]
            _add_high_bytes(words, high)
        return words
    ends = terminators.nonzero()[0]
    starts = np.empty(count, dtype=np.intp)
    starts[0] = 0
    np.add(ends[:-1], 1, out=starts[1:])
    widths = np.empty(count, dtype=np.intp)
    widths[0] = ends[0] + 1
    np.subtract(ends[1:], ends[:-1], out=widths[1:])
    most = int(widths.max())
    if most > 10:
        first = start + int(starts[(widths > 10).argmax()])
        raise MillProtocolError(f"{where}: varint at byte {first} is longer than 10 bytes")
    # Every word, copied once: gathering from the copy beats indexing the strided view
    # as long as the starts are dense, and they are: at least one byte in ten.
    windows = np.ascontiguousarray(word_view(array, offset, size + 8 if most > 8 else size))
    words = windows.take(starts)
    words &= _PAYLOAD_MASKS.take(widths)
    _squeeze(words, most)
    if most > 8:
        starts += 8
        high = windows.take(starts)
        high &= _HIGH_MASKS.take(widths)
        _add_high_bytes(words, high)
    return words


def _squeeze(words: npt.NDArray[np.uint64], most: int) -> None:
    """Join the 7-bit groups held in the bytes of each word (in place).

    Args:
        words: Varints of at most ``most`` bytes, masked to their payload bits.
        most: The widest varint, in bytes: groups beyond it are zero, and the joins
            that would only move zeros are skipped.
    """
    # Pairs: a 16-bit lane holding low + 256 * high becomes low + 128 * high.
    spare = np.bitwise_and(words, _PAIRS_HIGH)
    spare >>= _U64(1)
    words -= spare
    for high, low, shift in _SQUEEZE[: 0 if most <= 2 else 1 if most <= 4 else 2]:
        np.bitwise_and(words, high, out=spare)
        np.bitwise_and(words, low, out=words)
        np.right_shift(spare, shift, out=spare)
        np.bitwise_or(words, spare, out=words)


def _add_high_bytes(words: npt.NDArray[np.uint64], high: npt.NDArray[np.uint64]) -> None:
    """Set bits 56-63 of ``words`` from the payload bits of bytes 8 and 9 (in place).

    ``high`` holds byte 8's seven bits in bits 0-6 and byte 9's one bit in bit 8 (zero
    for varints under nine bytes); the squeezed words hold 56 bits, leaving 56-63 free.
    """
    carry = high >> _U64(1)
    carry &= _U64(0x80)
    high -= carry  # byte 9's bit moves down to bit 7
    high <<= _U64(56)
    words |= high


def unpack_bools(buffer: Buffer, start: int, end: int, where: str) -> npt.NDArray[np.bool_]:
    """Decode the packed bools in ``buffer[start:end]`` (any non-zero varint is true).

    Raises:
        MillProtocolError: As :func:`unpack_varints`.
    """
    payload = buffer.array[start:end]
    if len(payload) == 0:
        return np.zeros(0, dtype=np.bool_)
    most = payload.max()
    if most <= 1:
        return payload.view(np.bool_)  # what protobuf writes: one byte per value, 0 or 1
    if most < 0x80:
        return payload != 0
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


_THRESHOLDS: Final = np.array([1 << (7 * k) for k in range(1, 10)], dtype=np.uint64)
# Spreading 56 bits into eight 7-bit groups, one per byte: halves, then quads, then pairs.
_SPREAD: Final = (
    (_U64(0x000000000FFFFFFF), _U64(0x00FFFFFFF0000000), _U64(4)),
    (_U64(0x00003FFF00003FFF), _U64(0x0FFFC0000FFFC000), _U64(2)),
    (_U64(0x007F007F007F007F), _U64(0x3F803F803F803F80), _U64(1)),
)
# The continuation bits of the first eight bytes of a varint, by its width.
_CONTINUATIONS: Final = np.array(
    [0] + [sum(0x80 << (8 * k) for k in range(min(width - 1, 8))) for width in range(1, 11)],
    dtype=np.uint64,
)
# Row w: which columns of a byte matrix a row with w used bytes uses (w = 0 to 11).
_USED: Final = np.arange(11)[None, :] < np.arange(12)[:, None]


def _varint_widths(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint8]:
    """Return how many bytes each value takes as a varint (1 to 10)."""
    widths = np.ones(len(values), dtype=np.uint8)
    for threshold in _THRESHOLDS:
        widths += (values >= threshold).view(np.uint8)
    return widths


def varint_matrix(
    values: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """The varint bytes of each value as the rows of a matrix, and each value's width.

    Row ``i`` holds the varint of ``values[i]`` in its first ``widths[i]`` bytes (the
    rest is garbage); the matrix has as many columns as the widest varint.
    """
    count = len(values)
    widths = _varint_widths(values)
    most = int(widths.max())
    groups = values & _U64((1 << 56) - 1)
    spare = np.empty_like(groups)
    for low, high, shift in _SPREAD:
        np.bitwise_and(groups, high, out=spare)
        np.bitwise_and(groups, low, out=groups)
        np.left_shift(spare, shift, out=spare)
        np.bitwise_or(groups, spare, out=groups)
    groups |= _CONTINUATIONS.take(widths)
    matrix = np.empty((count, most), dtype=np.uint8)
    low_bytes = groups.astype("<u8", copy=False).view(np.uint8).reshape(count, 8)
    matrix[:, : min(most, 8)] = low_bytes[:, : min(most, 8)]
    if most > 8:
        top = (values >> _U64(56)).astype(np.uint8)  # bits 56-63: bytes 8 and 9
        matrix[:, 8] = (top & 0x7F) | ((widths > 9).view(np.uint8) << 7)
        if most > 9:
            matrix[:, 9] = top >> 7
    return matrix, widths


def pack_varints(values: npt.NDArray[np.uint64]) -> bytes:
    """Encode ``values`` as packed varints (the payload of a packed repeated field).

    Signed values must be given as their two's complement ``uint64`` (a negative int32 or
    int64 then takes 10 bytes, as protobuf writes it).
    """
    if len(values) == 0:
        return b""
    matrix, widths = varint_matrix(values)
    if matrix.shape[1] == 1:
        return matrix.tobytes()
    return row_prefixes(matrix, widths).tobytes()


def row_prefixes(
    matrix: npt.NDArray[np.uint8], widths: npt.NDArray[np.integer]
) -> npt.NDArray[np.uint8]:
    """The first ``widths[i]`` bytes of each row ``i`` of ``matrix``, concatenated."""
    return matrix[_USED[:, : matrix.shape[1]].take(widths, axis=0)]
