"""The source descriptor model: what a Mill source descriptor says, once loaded.

A descriptor is one *source* (one SQL schema named ``name``): files listed from ``storage``,
mapped to tables by each reader's ``table.mapping``, read with the reader's ``format``, with
optional per-file ``attributes`` columns, and cross-reader name collisions settled by
``conflicts``. Instances are built by :mod:`ibis_mill.sources.loader`; they are immutable and
already checked (regexes compiled, date patterns translated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ibis_mill.sources.datepattern import JavaDatePattern
from ibis_mill.sources.options import FormatOptions


class AttributeSource(str, Enum):
    """Where an attribute's value comes from."""

    REGEX = "REGEX"
    CONSTANT = "CONSTANT"


class AttributeType(str, Enum):
    """The type of an attribute column (upstream spelling; lowercase is accepted too)."""

    STRING = "STRING"
    INT = "INT"
    LONG = "LONG"
    FLOAT = "FLOAT"
    DOUBLE = "DOUBLE"
    BOOL = "BOOL"
    DATE = "DATE"
    TIMESTAMP = "TIMESTAMP"


class Strategy(str, Enum):
    """How a table name produced by several readers is settled."""

    REJECT = "reject"
    UNION = "union"


@dataclass(frozen=True)
class LocalStorage:
    """Files on the local file system under ``root``.

    Attributes:
        root_path: ``rootPath`` as written in the descriptor.
        root: The absolute, normalized root (symlinks not resolved). A relative ``rootPath``
            is resolved against the descriptor file's folder (upstream: the process working
            directory), or the ``base_dir`` given when loading a dict or a YAML string.
    """

    root_path: str
    root: Path


@dataclass(frozen=True)
class RegexMapping:
    """Table name = named group ``table_name_group`` of ``pattern`` searched in the file path.

    ``pattern`` uses Java regex syntax (``(?<name>...)``); ``regex`` is its Python translation.
    """

    pattern: str
    regex: re.Pattern[str] = field(compare=False, repr=False)
    table_name_group: str = "table"


@dataclass(frozen=True)
class DirectoryMapping:
    """Table name = the path segment ``depth`` levels above the file (1 = its folder)."""

    depth: int = 1


@dataclass(frozen=True)
class GlobMapping:
    """Every file whose path matches the glob ``pattern`` goes to table ``table``."""

    pattern: str
    regex: re.Pattern[str] = field(compare=False, repr=False)
    table: str = ""


TableMapping = RegexMapping | DirectoryMapping | GlobMapping


@dataclass(frozen=True)
class Attribute:
    """An extra column whose value is computed once per file.

    Attributes:
        name: Column name.
        source: ``REGEX`` (named ``group`` of ``pattern`` searched in the file path) or
            ``CONSTANT`` (``value``).
        type: Column type; values that do not convert become NULL.
        format: Java ``DateTimeFormatter`` pattern for ``DATE``/``TIMESTAMP``.
        pattern: Java regex for ``REGEX``; ``regex`` is its compiled translation.
        group: Named group of ``pattern`` holding the value.
        value: The constant for ``CONSTANT``.
        date_pattern: ``format`` translated, for ``DATE``/``TIMESTAMP``.
    """

    name: str
    source: AttributeSource
    type: AttributeType = AttributeType.STRING
    format: str | None = None
    pattern: str | None = None
    group: str | None = None
    value: str | None = None
    regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    date_pattern: JavaDatePattern | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class TableSpec:
    """How files become tables: a ``mapping`` and the ``attributes`` added to every row."""

    mapping: TableMapping
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class Reader:
    """One ``readers[]`` entry.

    Attributes:
        type: Format id: ``csv``, ``tsv``, ``fwf``, ``excel``, ``parquet``, ``avro``, ``arrow``.
        format: The format options (defaults for every option not written).
        label: Suffix for table names (``<table>_<label>``), see :mod:`.conflicts`.
        table: The reader's own table spec; when present it replaces the source-level one.
    """

    type: str
    format: FormatOptions
    label: str | None = None
    table: TableSpec | None = None


@dataclass(frozen=True)
class Conflicts:
    """Collision policy: a ``default`` strategy and per-table ``rules`` keyed by raw name."""

    default: Strategy = Strategy.REJECT
    rules: dict[str, Strategy] = field(default_factory=dict)


@dataclass(frozen=True)
class Descriptor:
    """A loaded source descriptor.

    Attributes:
        name: The source (SQL schema) name, verbatim.
        storage: Where files are listed from.
        readers: The readers, in declaration order (order matters for naming and schemas).
        table: The source-level table spec used by readers without their own ``table``.
        conflicts: The collision policy.
        path: The descriptor file, when loaded from one.
    """

    name: str
    storage: LocalStorage
    readers: tuple[Reader, ...]
    table: TableSpec | None = None
    conflicts: Conflicts = field(default_factory=Conflicts)
    path: Path | None = None

    def table_spec(self, reader: Reader) -> TableSpec | None:
        """The table spec that applies to ``reader`` (its own, else the source-level one)."""
        return reader.table if reader.table is not None else self.table
