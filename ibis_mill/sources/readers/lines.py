"""Decoding text files into lines, honouring the line separator options."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from ibis_mill.sources.errors import SourceReadError

#: Characters Java's ``trim()`` removes (everything up to and including the space).
JAVA_WHITESPACE = "".join(chr(code) for code in range(33))

_NATIVE_NEWLINES = ("\n", "\r", "\r\n")


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
            with open(path, encoding=codec, newline=newline) as handle:
                for line in handle:
                    yield _split_ending(line)
        else:
            text = path.read_text(encoding=codec)
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
    except OSError as exc:
        raise SourceReadError(f"cannot read {path}: {exc.strerror}") from None


def read_text(path: Path, encoding: str) -> str:
    """The whole decoded file.

    Raises:
        SourceReadError: The file cannot be opened or decoded.
    """
    try:
        return path.read_text(encoding=python_encoding(encoding))
    except UnicodeDecodeError as exc:
        raise SourceReadError(
            f"{path} is not valid {encoding} (byte {exc.start}): set format.encoding"
        ) from None
    except OSError as exc:
        raise SourceReadError(f"cannot read {path}: {exc.strerror}") from None


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""
