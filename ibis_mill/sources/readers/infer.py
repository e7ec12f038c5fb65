"""``inferSchema`` (our extension): typing text columns, and casting text to those types.

A column gets the first type every one of its non-null values fits: int64 (optional sign and
digits, in range), float64 (decimal or scientific notation), bool (``true``/``false`` in any
case), date (``YYYY-MM-DD``), timestamp (``YYYY-MM-DD HH:MM[:SS[.fraction]]``, ``T`` or a space
between); otherwise it stays a string. All-null columns stay strings. Inference looks at the
whole first file of a table; later files are cast to the same types, and a value that does not
fit is an error naming the file, the column and the value.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ibis_mill.sources.errors import SourceReadError

_CANDIDATES: tuple[tuple[pa.DataType, str], ...] = (
    (pa.int64(), r"^[+-]?[0-9]+$"),
    (pa.float64(), r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"),
    (pa.bool_(), r"^(?i:true|false)$"),
    (pa.date32(), r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    (
        pa.timestamp("us"),
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?$",
    ),
)


def infer_type(column: pa.Array | pa.ChunkedArray) -> pa.DataType:
    """The narrowest type of :data:`_CANDIDATES` every non-null value of ``column`` fits."""
    values = pc.drop_null(column)
    if len(values) == 0:
        return pa.string()
    for data_type, pattern in _CANDIDATES:
        if not pc.all(pc.match_substring_regex(values, pattern)).as_py():
            continue
        try:
            pc.cast(values, data_type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        return data_type
    return pa.string()


def infer_schema(table: pa.Table) -> pa.Schema:
    """The schema of ``table`` (all strings) with each column typed by :func:`infer_type`."""
    return pa.schema(
        [
            pa.field(f.name, infer_type(table.column(i)), nullable=True)
            for i, f in enumerate(table.schema)
        ]
    )


def cast_text(batch: pa.RecordBatch, schema: pa.Schema, path: Path) -> pa.RecordBatch:
    """Cast the string columns of ``batch`` to the types of ``schema`` (same width).

    Raises:
        SourceReadError: A value does not fit its column's type.
    """
    arrays = []
    for index, target in enumerate(schema):
        column = batch.column(index)
        if target.type == column.type:
            arrays.append(column)
            continue
        try:
            arrays.append(pc.cast(column, target.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise SourceReadError(
                f"{path}: column '{target.name}' was inferred as {target.type} from the table's "
                f"first file, but {exc}; turn inferSchema off or fix the file"
            ) from None
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
