"""Decoding text files into lines, honouring the line separator options.

A gzip-compressed file (recognised by its first bytes, whatever its name) is decompressed on
the fly: ``x.csv.gz`` reads like ``x.csv``.
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ibis_mill.sources.errors import SourceReadError

#: Characters Java's ``trim()`` removes (everything up to and including the space).
JAVA_WHITESPACE = "".join(chr(code) for code in range(33))

_NATIVE_NEWLINES = ("\n", "\r", "\r\n")
_GZIP_MAGIC = b"\x1f\x8b"
_CORRUPT = (EOFError, zlib.error)


def is_gzip(path: Path) -> bool:
    """True when the file starts with the gzip magic bytes.

    Raises:
        OSError: The file cannot be opened.
    """
    with open(path, "rb") as handle:
        return handle.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC


def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when it is gzip-compressed.

    Raises:
        SourceReadError: The file cannot be read or decompressed.
    """
    try:
        return gzip.decompress(path.read_bytes()) if is_gzip(path) else path.read_bytes()
    except (OSError, *_CORRUPT) as exc:
        raise SourceReadError(f"cannot read {path}: {_reason(exc)}") from None


def _open_text(path: Path, codec: str, newline: str | None) -> IO[str]:
    if is_gzip(path):
        return gzip.open(path, "rt", encoding=codec, newline=newline)
    return open(path, encoding=codec, newline=newline)


def _reason(exc: BaseException) -> str:
    """An OSError's strerror, else the exception's text (gzip errors have no strerror)."""
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return strerror or str(exc) or type(exc).__name__


def python_encoding(encoding: str) -> str:
    """The codec to decode with: UTF-8 drops a leading byte order mark."""
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


def read_lines(
    path: Path, encoding: str, separator: str | None, detect: bool
) -> Iterator[tuple[str, str]]:
    """Yield ``(content, ending)`` for each line of a text file, lazily.

    Args:
        path: The file.
        encoding: Its encoding.
        separator: An explicit line separator (1-2 characters), or None.
        detect: With no explicit separator: split on ``\\n``, ``\\r\\n`` and ``\\r`` when True,
            on ``\\n`` only when False (a ``\\r`` then stays in the line, as upstream).

    Raises:
        SourceReadError: The file cannot be opened or decoded.
    """
    newline = separator if separator is not None else ("" if detect else "\n")
    codec = python_encoding(encoding)
    try:
        if newline in _NATIVE_NEWLINES or newline == "":
            with _open_text(path, codec, newline) as handle:
                for line in handle:
                    yield _split_ending(line)
        else:
            with _open_text(path, codec, None) as handle:
                text = handle.read()
            parts = text.split(newline)
            for index, part in enumerate(parts):
                if index < len(parts) - 1:
                    yield part, newline
                elif part:
                    yield part, ""
    except UnicodeDecodeError as exc:
        raise SourceReadError(
            f"{path} is not valid {encoding} (byte {exc.start}): set format.encoding"
        ) from None
    except (OSError, *_CORRUPT) as exc:
        raise SourceReadError(f"cannot read {path}: {_reason(exc)}") from None


def read_text(path: Path, encoding: str) -> str:
    """The whole decoded file.

    Raises:
        SourceReadError: The file cannot be opened or decoded.
    """
    try:
        with _open_text(path, python_encoding(encoding), None) as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise SourceReadError(
            f"{path} is not valid {encoding} (byte {exc.start}): set format.encoding"
        ) from None
    except (OSError, *_CORRUPT) as exc:
        raise SourceReadError(f"cannot read {path}: {_reason(exc)}") from None


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""
