"""Casting the Arrow blocks a Mill server returns to the schema ibis expects.

Mill's result blocks do not carry the types of the query: its JDBC result path widens
TINYINT to SMALL_INT, SMALLINT to INT, TIMESTAMP to TIMESTAMP_TZ and DECIMAL to DOUBLE, and
other servers (or engines behind the wire server) may differ again. ibis knows the type of
every column of an expression, so each block is cast to that schema by position.

pandas results keep Mill's millisecond unit for timestamps whose ibis type has no precision
(see :func:`millisecond_timestamps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ibis.expr.schema as sch
import pyarrow as pa
from ibis.formats.pyarrow import PyArrowType

from ibis_mill.datatypes import MAX_TIMESTAMP_PRECISION

__all__ = ["ResultCastError", "cast_batch", "cast_batches", "millisecond_timestamps"]


class ResultCastError(TypeError):
    """A result column cannot be converted to the type the ibis expression has."""


def cast_batches(batches: Iterable[pa.RecordBatch], target: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Yield every batch cast to ``target``, matching columns by position.

    Args:
        batches: Result blocks as the server sent them.
        target: The Arrow schema of the ibis expression.

    Raises:
        ResultCastError: A block has a different number of columns, or a column cannot be
            cast (the message names the column and both types).
    """
    for batch in batches:
        yield cast_batch(batch, target)


def cast_batch(batch: pa.RecordBatch, target: pa.Schema) -> pa.RecordBatch:
    """Return ``batch`` with its columns cast to ``target`` and renamed to its names.

    Raises:
        ResultCastError: As for :func:`cast_batches`.
    """
    if batch.num_columns != len(target):
        raise ResultCastError(
            f"The server returned {batch.num_columns} column(s) {batch.schema.names} but the "
            f"expression has {len(target)}: {target.names}"
        )
    if batch.schema.equals(target, check_metadata=False):
        return batch
    arrays = []
    for column, source_field, field in zip(batch.columns, batch.schema, target):
        if column.type == field.type:
            arrays.append(column)
            continue
        try:
            arrays.append(column.cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise ResultCastError(
                f"Cannot convert result column {source_field.name!r} from {column.type} to "
                f"{field.type} (the type of {field.name!r} in the expression): {e}"
            ) from e
    return pa.RecordBatch.from_arrays(arrays, schema=target)


def millisecond_timestamps(table: pa.Table, schema: sch.Schema) -> pa.Table:
    """Return ``table`` with its timestamp columns of unspecified precision in milliseconds.

    A timestamp dtype without a scale (``timestamp``, the type ibis gives a bucket, for one)
    is ``timestamp[us]`` in Arrow, so :func:`cast_batches` widens Mill's millisecond values to
    microseconds. ibis leaves the unit of such a column open in pandas results (each backend
    returns its own), and Mill's is milliseconds: the unit of its ``timestamp(3)`` columns.
    With this, a bucket of a ``timestamp(3)`` column has the column's ``datetime64[ms]``.
    Columns whose dtype names a precision keep it, and ``table`` is returned unchanged when
    no column needs narrowing.

    Args:
        table: A result of Mill, cast to ``schema`` (by :func:`cast_batches`).
        schema: The ibis schema of the expression, matched by position.

    Returns:
        The table, its scale-less timestamp columns cast to milliseconds (time zones kept).

    Raises:
        ResultCastError: A value has a part finer than a millisecond, which Mill's results
            never have: it is not truncated.
    """
    for i, dtype in enumerate(schema.types):
        if not dtype.is_timestamp() or dtype.scale is not None:
            continue
        field = table.schema.field(i)
        target = PyArrowType.from_ibis(dtype.copy(scale=MAX_TIMESTAMP_PRECISION))
        try:
            column = table.column(i).cast(target)
        except pa.ArrowInvalid as e:
            raise ResultCastError(
                f"Cannot convert result column {field.name!r} from {field.type} to {target}: {e}"
            ) from e
        table = table.set_column(i, field.with_type(target), column)
    return table
