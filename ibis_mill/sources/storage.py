"""Listing the files of a local storage root."""

from __future__ import annotations

import os
from pathlib import Path

from ibis_mill.sources.errors import SourceReadError


def list_files(root: Path) -> list[Path]:
    """Every regular file under ``root``, at any depth, sorted by path.

    As upstream: hidden files are listed, symlinked files are listed, symlinked folders are
    not entered, and there is no extension filter (the table mappings select files).
    Deviation: the list is sorted (upstream uses the file-system walk order, which decides
    table order and the file giving a table its schema, so it may differ between machines).

    Raises:
        SourceReadError: The root is missing, not a folder, or a folder cannot be listed.
    """
    if not root.exists():
        raise SourceReadError(f"root path {root} does not exist")
    if not root.is_dir():
        raise SourceReadError(f"root path {root} is not a directory")
    failures: list[OSError] = []
    files: list[Path] = []
    for folder, _, names in os.walk(root, onerror=failures.append, followlinks=False):
        files.extend(
            Path(folder, name) for name in names if os.path.isfile(os.path.join(folder, name))
        )
    if failures:
        failure = failures[0]
        raise SourceReadError(f"cannot list {failure.filename}: {failure.strerror}")
    return sorted(files, key=lambda path: path.as_posix())
