"""Session tables: the tables and views a Mill connection creates for itself.

Mill serves data read-only, so :meth:`~ibis_mill.Backend.create_table`,
:meth:`~ibis_mill.Backend.insert`, :meth:`~ibis_mill.Backend.create_view`,
:meth:`~ibis_mill.Backend.read_parquet` and the other table-making methods never change the
server. They make *session tables*, held by the connection until it is closed:

- a :class:`StoredTable` is Arrow data in memory (``create_table``, ``insert``, ``upsert``,
  ``cache()``);
- a :class:`FileTable` reads files through a one-table source descriptor (``read_csv``,
  ``read_parquet``), lazily, like a registered local source;
- a :class:`SessionView` is a named expression (``create_view``).

This module holds the entries and the Arrow work behind the methods (converting what users
pass, aligning columns, inserting and upserting); the backend decides where queries over
them run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import ibis.common.exceptions as com
import ibis.expr.schema as sch
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from ibis_mill.datatypes import ibis_schema_from_arrow
from ibis_mill.sources import SourceTable

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

__all__ = [
    "FileTable",
    "SessionEntry",
    "SessionView",
    "StoredTable",
    "aligned",
    "arrow_rows",
    "conform",
    "empty",
    "upserted",
]


@dataclass(frozen=True)
class StoredTable:
    """A session table held in memory.

    Attributes:
        schema: The ibis schema (nullability included) the data conforms to.
        data: The rows, with exactly the Arrow types of ``schema``.
    """

    schema: sch.Schema
    data: pa.Table


@dataclass(frozen=True)
class FileTable:
    """A session table that reads files, through a one-table source descriptor.

    Attributes:
        table: The resolved descriptor table.
    """

    table: SourceTable

    @property
    def schema(self) -> sch.Schema:
        """The ibis schema of the files' table."""
        return ibis_schema_from_arrow(self.table.schema)


@dataclass(frozen=True)
class SessionView:
    """A named expression.

    Attributes:
        expr: The expression the view stands for.
    """

    expr: ir.Table

    @property
    def schema(self) -> sch.Schema:
        """The view's schema."""
        return self.expr.schema()


#: What a session name can stand for.
SessionEntry = StoredTable | FileTable | SessionView


def conform(data: pa.Table, schema: sch.Schema, what: str) -> pa.Table:
    """``data`` with the columns of ``schema``, in its order and with its Arrow types.

    Args:
        data: Rows whose column names are those of ``schema``, in any order.
        schema: The target schema.
        what: What the rows are, for error messages (e.g. ``"the rows of 'sales'"``).

    Raises:
        ibis.common.exceptions.IbisInputError: The column names differ, a value cannot be
            cast, or a non-nullable column holds nulls.
    """
    names = list(schema.names)
    if sorted(data.column_names) != sorted(names):
        raise com.IbisInputError(
            f"{what} have the columns {data.column_names}, but the schema has {names}."
        )
    target = schema.to_pyarrow()
    columns = []
    for field in target:
        column = data.column(field.name)
        if not field.nullable and column.null_count:
            raise com.IbisInputError(
                f"Column {field.name!r} is not nullable, but {what} hold "
                f"{column.null_count} null{'s' * (column.null_count != 1)} in it."
            )
        try:
            columns.append(column.cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise com.IbisInputError(
                f"Column {field.name!r} of {what} cannot be cast from {column.type} to "
                f"{field.type}: {e}"
            ) from e
    return pa.Table.from_arrays(columns, schema=target)


def aligned(data: pa.Table, schema: sch.Schema, what: str) -> pa.Table:
    """Rows to insert into a table of ``schema``, matched to its columns as SQL would.

    Columns are matched by name when ``data``'s names are all columns of the table (the
    missing ones are filled with nulls); otherwise by position, when the counts agree
    (e.g. rows given as tuples, whose columns ibis names ``col0``, ``col1``...).

    Raises:
        ibis.common.exceptions.IbisInputError: Neither way matches, a missing column is
            not nullable, or a value cannot be cast.
    """
    names = list(schema.names)
    given = data.column_names
    if set(given) <= set(names):
        columns = {
            name: data.column(name)
            if name in given
            else pa.nulls(data.num_rows, schema[name].to_pyarrow())
            for name in names
        }
        return conform(pa.table(columns), schema, what)
    if len(given) == len(names):
        return conform(data.rename_columns(names), schema, what)
    raise com.IbisInputError(
        f"{what} have the columns {given}: they are neither among the table's columns "
        f"{names} nor as many as them (to be matched by position)."
    )


def upserted(current: pa.Table, rows: pa.Table, schema: sch.Schema, on: str, what: str) -> pa.Table:
    """The rows of a table after a SQL ``MERGE`` of ``rows`` on key column ``on``.

    A row of ``rows`` whose key is in the table replaces the columns it has in the matching
    row (the others keep their values); a row whose key is not there (or is null) is
    inserted, with nulls in the columns it lacks.

    Args:
        current: The table's rows (types of ``schema``).
        rows: The rows to merge; their columns must be columns of the table.
        schema: The table's schema.
        on: The key column.
        what: What ``rows`` are, for error messages.

    Raises:
        ibis.common.exceptions.IbisInputError: ``on`` is missing, ``rows`` has a column the
            table does not, no column besides the key, or repeats a key.
    """
    names = list(schema.names)
    given = rows.column_names
    if on not in names:
        raise com.IbisInputError(f"The key column {on!r} is not a column of the table {names}.")
    if on not in given:
        raise com.IbisInputError(f"{what} have no key column {on!r} (columns: {given}).")
    unknown = [name for name in given if name not in names]
    if unknown:
        raise com.IbisInputError(
            f"{what} have columns the table lacks: {unknown} (table: {names})."
        )
    if len(given) == 1:
        raise com.IbisInputError(
            f"{what} have only the key column {on!r}: there is nothing to update. Use insert() "
            "to add rows."
        )
    keys = rows.column(on)
    if (
        pc.count_distinct(keys, mode="only_valid").as_py()
        != pc.count(keys, mode="only_valid").as_py()
    ):
        raise com.IbisInputError(f"{what} repeat a value of the key column {on!r}.")
    merged = conform(
        pa.table({name: rows.column(name) for name in given}),
        sch.Schema({name: schema[name] for name in given}),
        what,
    )
    kept_columns = [name for name in names if name not in given]
    if kept_columns:
        previous = current.select([on, *kept_columns]).filter(pc.is_valid(current.column(on)))
        merged = merged.join(previous, keys=on, join_type="left outer", use_threads=False)
    matched = pc.is_in(current.column(on), value_set=merged.column(on), skip_nulls=True)
    untouched = current.filter(pc.invert(pc.fill_null(matched, False)))
    complete = {
        name: merged.column(name)
        if name in merged.column_names
        else pa.nulls(merged.num_rows, schema[name].to_pyarrow())
        for name in names
    }
    return pa.concat_tables([untouched, conform(pa.table(complete), schema, what)])


def arrow_rows(
    obj: Any, schema: sch.Schema | None, backend: BaseBackend, what: str
) -> tuple[pa.Table, sch.Schema]:
    """The rows of what a user passes to create or fill a table, and their schema.

    Args:
        obj: An ibis table expression (run to get its rows), an Arrow record batch reader
            or dataset (read whole), or anything ``ibis.memtable`` accepts (pandas or
            polars frames, Arrow tables, dicts, lists of rows...).
        schema: The schema the rows must have; None to take theirs.
        backend: The backend an expression without tables of its own (memtables only) runs
            on.
        what: What the rows are, for error messages.

    Raises:
        ibis.common.exceptions.IbisInputError: As :func:`conform`.
    """
    if isinstance(obj, ir.Table):
        backends, _ = obj._find_backends()
        if len(backends) > 1:
            raise com.IbisInputError(
                f"{what} come from an expression over {len(backends)} backends; "
                "run it on one backend first."
            )
        data = (backends[0] if backends else backend).to_pyarrow(obj)
        data_schema = obj.schema()
    else:
        obj = _materialised(obj)
        given = ibis.memtable(obj).schema().names
        if schema is not None and sorted(given) != sorted(schema.names):
            positional = given == tuple(f"col{i}" for i in range(len(given)))
            if not positional or len(given) != len(schema):
                # ibis.memtable would fill the schema's other columns with nulls.
                raise com.IbisInputError(
                    f"{what} have the columns {list(given)}, but the schema has "
                    f"{list(schema.names)}."
                )
        memtable = ibis.memtable(obj, schema=schema).op()
        data_schema = memtable.schema
        # Nulls in non-nullable columns are reported by conform(), in our words.
        loose = sch.Schema({name: dtype.copy(nullable=True) for name, dtype in data_schema.items()})
        try:
            data = memtable.data.to_pyarrow(loose)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as e:
            raise com.IbisInputError(f"{what} do not fit the schema {loose}: {e}") from e
    if schema is None:
        return conform(data, data_schema, what), data_schema
    return conform(data, schema, what), schema


def _materialised(obj: Any) -> Any:
    """``obj``, with Arrow streams and datasets read into a table: a session table holds
    its rows in memory anyway (``ibis.memtable`` refuses them so as not to read them
    unasked)."""
    import pyarrow.dataset as ds

    if isinstance(obj, pa.RecordBatchReader):
        return obj.read_all()
    if isinstance(obj, pa.RecordBatch):
        return pa.Table.from_batches([obj])
    if isinstance(obj, ds.Dataset):
        return obj.to_table()
    return obj


def empty(schema: sch.Schema) -> pa.Table:
    """A table of ``schema`` without rows."""
    return schema.to_pyarrow().empty_table()
