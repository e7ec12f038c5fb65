"""Parquet and Arrow IPC files: typed columns, matched by name across the files of a table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ibis_mill.sources.errors import SourceReadError
from ibis_mill.sources.readers.base import BATCH_ROWS, FileFormat

_ARROW_MAGIC = b"ARROW1"


def _select(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([batch.column(f.name) for f in schema], schema=schema)


def _flat(schema: pa.Schema, path: Path, supported: object) -> pa.Schema:
    for fld in schema:
        if not supported(fld.type):  # type: ignore[operator]
            raise SourceReadError(
                f"{path}: column '{fld.name}' has type {fld.type}, which Mill sources do not "
                "support (only flat primitive columns)"
            )
    return schema.remove_metadata()


class ParquetFormat(FileFormat):
    """The ``parquet`` reader. Only flat (non-nested) columns are supported, as upstream."""

    def schema(self, path: Path) -> pa.Schema:
        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise SourceReadError(f"cannot read the Parquet footer of {path}: {exc}") from None
        return _flat(schema, path, lambda t: not pa.types.is_nested(t))

    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        try:
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(BATCH_ROWS, columns=schema.names):
                yield _select(batch, schema)
        except (OSError, pa.ArrowException) as exc:
            raise SourceReadError(f"cannot read {path}: {exc}") from None


def _arrow_supported(data_type: pa.DataType) -> bool:
    t = pa.types
    return not (
        t.is_nested(data_type)
        or t.is_decimal(data_type)
        or t.is_float16(data_type)
        or t.is_dictionary(data_type)
        or t.is_null(data_type)
    )


class ArrowFormat(FileFormat):
    """The ``arrow`` reader: an Arrow IPC file (``ARROW1`` magic) or stream.

    Decimal, half-float, nested and dictionary columns are refused, as upstream.
    """

    def _open(self, path: Path) -> pa.RecordBatchReader | pa.ipc.RecordBatchFileReader:
        try:
            with open(path, "rb") as handle:
                magic = handle.read(len(_ARROW_MAGIC))
            source = pa.memory_map(str(path))
            return pa.ipc.open_file(source) if magic == _ARROW_MAGIC else pa.ipc.open_stream(source)
        except (OSError, pa.ArrowException) as exc:
            raise SourceReadError(
                f"{path} is not a readable Arrow IPC file or stream: {exc}"
            ) from None

    def schema(self, path: Path) -> pa.Schema:
        return _flat(self._open(path).schema, path, _arrow_supported)

    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        reader = self._open(path)
        try:
            if isinstance(reader, pa.ipc.RecordBatchFileReader):
                for index in range(reader.num_record_batches):
                    yield _select(reader.get_batch(index), schema)
            else:
                for batch in reader:
                    yield _select(batch, schema)
        except pa.ArrowException as exc:
            raise SourceReadError(f"cannot read {path}: {exc}") from None
