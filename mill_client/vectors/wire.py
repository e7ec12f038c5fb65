"""The protobuf wire format at the message level: keys, varints, fields.

A block's few fields are walked here in Python; the bulk of a block, its repeated
values, is decoded a whole vector at a time by :mod:`~mill_client.vectors.packed`
(numbers) and :mod:`~mill_client.vectors.records` (strings and bytes).

Malformed input is reported as :class:`~mill_client.errors.MillProtocolError` naming
``where`` (the message or vector being read) and what was wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import numpy as np
import numpy.typing as npt

from mill_client.errors import MillProtocolError

__all__ = [
    "FIXED32",
    "FIXED64",
    "LENGTH_DELIMITED",
    "VARINT",
    "Buffer",
    "iter_fields",
    "key",
    "length_delimited",
    "read_varint",
    "varint",
]

VARINT: Final = 0
FIXED64: Final = 1
LENGTH_DELIMITED: Final = 2
FIXED32: Final = 5

_MAX_FIELD_NUMBER: Final = (1 << 29) - 1
_PAD: Final = 16


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
        tag = data[pos]  # one-byte keys and lengths are the rule: read them inline
        if tag < 0x80:
            pos += 1
        else:
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
            size = data[pos] if pos < end else 0x80
            if size < 0x80:
                pos += 1
            else:
                size, pos = read_varint(data, pos, end, where)
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
