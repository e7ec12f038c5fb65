"""The interface every file format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyarrow as pa

#: Rows per record batch produced by the Python readers.
BATCH_ROWS = 65_536


class FileFormat(ABC):
    """Reads files of one format into Arrow.

    Attributes:
        by_name: True when files of one table are matched by column name (Parquet, Avro,
            Arrow); False when they are matched by position (text formats and Excel).
        text: True when the format's columns are text (and may be typed by ``inferSchema``).
    """

    by_name: ClassVar[bool] = True
    text: ClassVar[bool] = False

    @abstractmethod
    def schema(self, path: Path) -> pa.Schema:
        """The file's own columns and types (cheap: headers or footers only).

        Raises:
            SourceReadError: The file cannot be read or its schema is not supported.
        """

    @abstractmethod
    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        """The rows of the file as batches with exactly the columns of ``schema``.

        Text formats fill ``schema`` by position (short rows padded with NULL, extra values
        dropped); the others by name. Callers check that the file's own columns match
        first (:func:`ibis_mill.sources.table.compare_schema`).

        Raises:
            SourceReadError: The file cannot be read or parsed.
        """
