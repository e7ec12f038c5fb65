"""Avro object container files (fastavro), read into Arrow.

Types follow upstream: ``boolean int long float double string bytes`` to the matching Arrow
types, ``fixed`` to fixed-size binary, ``enum`` to string, ``["null", X]`` to nullable X,
``null`` (or a union of only ``null``) to a nullable string; records, arrays, maps and unions of several
types are refused. Fields that are not a union with ``null`` are NOT NULL.
Deviation: logical types are honoured (upstream ignores them): ``date`` -> date32,
``time-millis``/``time-micros`` -> time, ``timestamp-*`` -> UTC timestamps,
``local-timestamp-*`` -> timestamps, ``decimal`` -> decimal128, ``uuid`` -> string.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastavro
import pyarrow as pa

from ibis_mill.sources.errors import SourceReadError
from ibis_mill.sources.readers.base import BATCH_ROWS, FileFormat

_PRIMITIVES = {
    "boolean": pa.bool_(),
    "int": pa.int32(),
    "long": pa.int64(),
    "float": pa.float32(),
    "double": pa.float64(),
    "string": pa.string(),
    "bytes": pa.binary(),
}
_LOGICAL = {
    ("int", "date"): pa.date32(),
    ("int", "time-millis"): pa.time32("ms"),
    ("long", "time-micros"): pa.time64("us"),
    ("long", "timestamp-millis"): pa.timestamp("ms", tz="UTC"),
    ("long", "timestamp-micros"): pa.timestamp("us", tz="UTC"),
    ("long", "local-timestamp-millis"): pa.timestamp("ms"),
    ("long", "local-timestamp-micros"): pa.timestamp("us"),
    ("string", "uuid"): pa.string(),
}


class AvroFormat(FileFormat):
    """The ``avro`` reader."""

    def _open(self, path: Path) -> tuple[Any, fastavro.reader]:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the callers
        except OSError as exc:
            raise SourceReadError(f"cannot read {path}: {exc.strerror}") from None
        try:
            return handle, fastavro.reader(handle)
        except (ValueError, EOFError, TypeError) as exc:
            handle.close()
            raise SourceReadError(f"{path} is not an Avro container file: {exc}") from None

    def schema(self, path: Path) -> pa.Schema:
        handle, reader = self._open(path)
        with handle:
            return _record_schema(reader.writer_schema, path)

    def batches(self, path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        handle, reader = self._open(path)
        with handle:
            uuids = _uuid_fields(reader.writer_schema)
            try:
                while chunk := list(itertools.islice(reader, BATCH_ROWS)):
                    arrays = []
                    for fld in schema:
                        values = [record[fld.name] for record in chunk]
                        if fld.name in uuids:
                            values = [None if v is None else str(v) for v in values]
                        arrays.append(pa.array(values, fld.type))
                    yield pa.RecordBatch.from_arrays(arrays, schema=schema)
            except (ValueError, EOFError, KeyError, pa.ArrowException) as exc:
                raise SourceReadError(f"cannot read {path}: {exc}") from None


def _uuid_fields(writer_schema: Any) -> set[str]:
    """Fields with the ``uuid`` logical type (fastavro hands out :class:`uuid.UUID` values)."""
    found = set()
    for avro_field in writer_schema.get("fields", []):
        types = avro_field["type"] if isinstance(avro_field["type"], list) else [avro_field["type"]]
        if any(isinstance(t, dict) and t.get("logicalType") == "uuid" for t in types):
            found.add(avro_field["name"])
    return found


def _record_schema(writer_schema: Any, path: Path) -> pa.Schema:
    if not isinstance(writer_schema, dict) or writer_schema.get("type") != "record":
        raise SourceReadError(f"{path}: the top-level Avro schema must be a record")
    named: dict[str, Any] = {}
    fields = []
    for avro_field in writer_schema["fields"]:
        name = avro_field["name"]
        try:
            data_type, nullable = _field_type(avro_field["type"], named)
        except ValueError as exc:
            raise SourceReadError(f"{path}: field '{name}' {exc}") from None
        fields.append(pa.field(name, data_type, nullable=nullable))
    return pa.schema(fields)


def _field_type(avro_type: Any, named: dict[str, Any]) -> tuple[pa.DataType, bool]:
    if avro_type == "null":
        return pa.string(), True
    if isinstance(avro_type, list):
        branches = [branch for branch in avro_type if branch != "null"]
        if not branches:
            return pa.string(), True
        if len(branches) > 1:
            raise ValueError(f"is a union of several types {avro_type}, which is not supported")
        data_type, _ = _field_type(branches[0], named)
        return data_type, "null" in avro_type
    return _plain_type(avro_type, named), False


def _plain_type(avro_type: Any, named: dict[str, Any]) -> pa.DataType:
    if isinstance(avro_type, str):
        if avro_type in _PRIMITIVES:
            return _PRIMITIVES[avro_type]
        if avro_type in named:
            return _plain_type(named[avro_type], named)
        raise ValueError(f"has type '{avro_type}', which is not supported")
    kind = avro_type.get("type")
    if "name" in avro_type:
        named[avro_type["name"]] = avro_type
        if "namespace" in avro_type:
            named[f"{avro_type['namespace']}.{avro_type['name']}"] = avro_type
    logical = avro_type.get("logicalType")
    if logical == "decimal" and kind in ("bytes", "fixed"):
        return pa.decimal128(avro_type["precision"], avro_type.get("scale", 0))
    if (kind, logical) in _LOGICAL:
        return _LOGICAL[(kind, logical)]
    if kind == "fixed":
        return pa.binary(avro_type["size"])
    if kind == "enum":
        return pa.string()
    if kind in _PRIMITIVES:
        return _PRIMITIVES[kind]
    raise ValueError(f"has type '{kind}', which is not supported (only flat primitive fields)")
