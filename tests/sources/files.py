"""Writing small test files into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Write a file under ``root`` (folders created); text is UTF-8 with newlines kept as is."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def write_parquet(root: Path, relative: str, table: pa.Table) -> Path:
    """Write an Arrow table as a Parquet file under ``root``."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path
