"""Writing results to local files: Parquet (one file, or a hive-partitioned directory), JSON.

:class:`ExportMixin` gives :class:`ibis_mill.Backend` the exports ibis's base backend lacks:
``to_parquet(..., partition_by=...)`` (hive-partitioned, with pyarrow's dataset writer) and
``to_json`` (with DuckDB's JSON writer). Both read the result through
``to_pyarrow_batches``, block by block, so a result never has to fit in memory.
``to_csv`` is ibis's own.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["ExportMixin"]

#: ``to_json`` compression codecs, as DuckDB's JSON writer (and ibis's DuckDB backend) names them.
JSON_COMPRESSIONS = ("auto", "none", "gzip", "zstd")

#: ``pyarrow.dataset.write_dataset`` arguments that ``to_parquet(partition_by=...)`` sets.
_DATASET_ARGUMENTS_SET_HERE = frozenset(
    {"data", "base_dir", "format", "partitioning", "partitioning_flavor"}
)


class ExportMixin:
    """Result exports for a backend that streams results with ``to_pyarrow_batches``."""

    if TYPE_CHECKING:

        def to_pyarrow_batches(
            self,
            expr: ir.Expr,
            /,
            *,
            params: Mapping[ir.Scalar, Any] | None = None,
            limit: int | str | None = None,
            chunk_size: int = 1_000_000,
            **kwargs: Any,
        ) -> pa.RecordBatchReader: ...

    def to_parquet(
        self,
        expr: ir.Table,
        /,
        path: str | Path,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        partition_by: str | Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``expr`` and write its result to a Parquet file, or a partitioned directory.

        Without ``partition_by`` the result goes to the single file ``path``. With it,
        ``path`` becomes a directory of hive-style partitions, one subdirectory per value
        (``path/yearID=1978/part-0.parquet``; a NULL value is
        ``__HIVE_DEFAULT_PARTITION__``, other characters that cannot appear in a file name
        are URL-encoded). The partition columns live in the directory names only, not in
        the files. Rows keep their order within each file.

        Args:
            expr: The ibis expression to run.
            path: The Parquet file, or the directory for partitions (created when absent;
                it must hold no files unless ``existing_data_behavior`` says otherwise).
            params: Values of scalar parameters.
            partition_by: The column, or columns in directory nesting order, to partition
                the result by.
            **kwargs: Options of `pyarrow.parquet.ParquetWriter` (``compression``, ...).
                With ``partition_by``, options of `pyarrow.dataset.write_dataset` are
                accepted too (``existing_data_behavior``, ``max_partitions``,
                ``max_rows_per_file``, ...).

        Raises:
            ValueError: ``partition_by`` is empty, repeats a column, or names a column the
                expression does not have.
            TypeError: ``partition_by`` holds something other than column names, or a
                keyword sets what ``partition_by`` decides.
        """
        if partition_by is None:
            super().to_parquet(expr, path, params=params, **kwargs)  # type: ignore[misc]
            return

        import pyarrow.dataset as ds

        columns = _partition_columns(partition_by, expr.as_table().columns)
        dataset_options, writer_options = _split_parquet_options(kwargs)
        if writer_options:
            if "file_options" in dataset_options:
                raise TypeError(
                    f"Give Parquet writer options either in file_options or as keywords, not "
                    f"both: {', '.join(sorted(writer_options))}"
                )
            dataset_options["file_options"] = ds.ParquetFileFormat().make_write_options(
                **writer_options
            )
        dataset_options.setdefault("preserve_order", True)
        with self.to_pyarrow_batches(expr, params=params) as reader:
            ds.write_dataset(
                reader,
                path,
                format="parquet",
                partitioning=columns,
                partitioning_flavor="hive",
                **dataset_options,
            )

    def to_json(
        self,
        expr: ir.Table,
        /,
        path: str | Path,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        compression: Literal["auto", "none", "gzip", "zstd"] = "auto",
    ) -> None:
        """Run ``expr`` and write its result to a JSON file: an array of row objects.

        The file reads back with ``pandas.read_json(path, orient="records")``. It is written
        by DuckDB's JSON writer, as ibis's DuckDB backend writes it: dates and times are
        ISO strings (``"2026-01-01"``, ``"2026-01-01 12:30:15.25"``), time-zone-aware
        timestamps are in UTC (``"2026-01-01 12:30:15.25+00"``), decimals are exact
        numbers, NaN and infinities are ``NaN`` and ``Infinity``. To write dates or
        timestamps another way, format them in the expression (``.strftime(...)``).

        Args:
            expr: The ibis expression to run.
            path: The JSON file to write.
            params: Values of scalar parameters.
            compression: ``"auto"`` (from the file extension: ``.gz``, ``.zst``), ``"none"``,
                ``"gzip"`` or ``"zstd"``.

        Raises:
            ValueError: ``compression`` is not one of the codecs above.
        """
        import duckdb

        if compression not in JSON_COMPRESSIONS:
            raise ValueError(
                f"compression must be one of {', '.join(JSON_COMPRESSIONS)}; got {compression!r}"
            )
        options = f"FORMAT JSON, ARRAY TRUE, COMPRESSION {_sql_string(compression.upper())}"
        errors: list[Exception] = []
        with (
            self.to_pyarrow_batches(expr, params=params) as reader,
            duckdb.connect() as con,
        ):
            con.execute("SET TimeZone = 'UTC'")
            con.register("mill_result", _recording_errors(reader, errors))
            try:
                con.execute(
                    f"COPY (SELECT * FROM mill_result) TO {_sql_string(str(path))} ({options})"
                )
            except duckdb.Error:
                if errors:
                    # DuckDB wraps an error of the stream (the server failing mid-result)
                    # in its own; the original keeps its type and traceback.
                    raise errors[0] from None
                raise


def _partition_columns(partition_by: str | Sequence[str], columns: Sequence[str]) -> list[str]:
    """Check ``partition_by`` against the expression's columns and return it as a list."""
    names = [partition_by] if isinstance(partition_by, str) else list(partition_by)
    if not names:
        raise ValueError("partition_by names no column")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"partition_by takes column names, got {name!r}")
    missing = [name for name in names if name not in columns]
    if missing:
        raise ValueError(
            f"partition_by: no column {', '.join(map(repr, missing))} in the expression; "
            f"its columns are: {', '.join(columns)}"
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"partition_by names {', '.join(map(repr, repeated))} more than once")
    return names


def _split_parquet_options(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split keywords into ``write_dataset`` arguments and Parquet writer options."""
    import pyarrow.dataset as ds

    set_here = sorted(_DATASET_ARGUMENTS_SET_HERE.intersection(kwargs))
    if set_here:
        raise TypeError(
            f"to_parquet(partition_by=...) sets these write_dataset arguments itself: "
            f"{', '.join(set_here)}"
        )
    dataset_arguments = inspect.signature(ds.write_dataset).parameters
    dataset_options = {k: v for k, v in kwargs.items() if k in dataset_arguments}
    writer_options = {k: v for k, v in kwargs.items() if k not in dataset_arguments}
    return dataset_options, writer_options


def _recording_errors(
    reader: pa.RecordBatchReader, errors: list[Exception]
) -> pa.RecordBatchReader:
    """``reader``, appending to ``errors`` whatever reading it raises before raising it."""

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
        except Exception as e:
            errors.append(e)
            raise

    return pa.RecordBatchReader.from_batches(reader.schema, batches())


def _sql_string(value: str) -> str:
    """``value`` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"
