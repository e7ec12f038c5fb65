"""Casting the Arrow blocks a Mill server returns to the schema ibis expects.

Mill's result blocks do not carry the types of the query: its JDBC result path widens
TINYINT to SMALL_INT, SMALLINT to INT, TIMESTAMP to TIMESTAMP_TZ and DECIMAL to DOUBLE, and
other servers (or engines behind the wire server) may differ again. ibis knows the type of
every column of an expression, so each block is cast to that schema by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyarrow as pa

__all__ = ["ResultCastError", "cast_batch", "cast_batches"]


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
