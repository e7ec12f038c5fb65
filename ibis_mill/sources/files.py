"""Sources made of files named directly: a path, a glob or a list of them, as one table.

This is what ibis's ``read_csv``/``read_parquet`` register. :func:`file_source` writes a
one-table descriptor that covers exactly the files found, loads it through the loader (so
every option is verified as in a YAML descriptor) and builds its table::

    source = file_source("data/*.csv", table="sales", reader="csv", options={"delim": ";"})
    table = source.tables["sales"]
    table.schema, table.files, table.to_arrow(), table.duckdb_sql()

The descriptor (``source.descriptor``) is an ordinary one: its root is the deepest folder
holding every file, and a ``glob`` mapping names exactly those files, so ``resolve`` on it
builds the same table. :func:`file_source` does not list that root, though (it may be a
large folder such as the home folder): it finds the files from the paths themselves.

Paths:

* A file, relative to the current folder or absolute.
* A glob in the descriptor glob syntax: ``*`` and ``?`` within one folder, ``**`` across
  folders, ``[...]`` character classes and ``{a,b}`` alternatives. Only the folders the glob
  can reach are listed.
* A folder: every file under it, at any depth, named ``*.csv`` (``*.parquet``), as DuckDB
  reads a folder.
* A list of any of these. Each file is read once, in path order, even if named twice.

Options are DuckDB-style keyword arguments where the reader has an equivalent, and for CSV
also the descriptor's own ``format`` keys (``nullValue``, ``maxCharsPerColumn``...):

* csv: ``delim``/``sep``/``delimiter``, ``header``, ``quote``, ``escape`` (the quote
  escape), ``comment``, ``skip`` (lines before the header), ``names``/``column_names``,
  ``encoding``, ``all_varchar``.
* both: ``hive_partitioning`` and ``filename`` (see below).

Defaults differ from a YAML ``csv`` reader in two places, to read like DuckDB:
``inferSchema`` is on (``all_varchar=True`` turns it off; types are judged on the whole first
file) and comment lines are not skipped (``comment="#"`` turns them on). Other text rules
stay the descriptor's: values are trimmed and empty values are NULL. Gzip-compressed CSV
files are read like plain ones.

``hive_partitioning`` (default: detected) adds one column per ``key=value`` folder of the
files' paths, as DuckDB does: detected when every file has the same keys. The columns come
after the file's columns; their type is int64 when every value is an integer, a date when
every value is ``YYYY-MM-DD``, else string. Values are taken verbatim from the path (DuckDB
decodes ``%xx`` escapes; this does not). Each column is a descriptor ``REGEX`` attribute.
``filename=True`` (or a column name) adds the file's absolute path as a string column,
another ``REGEX`` attribute.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb

from ibis_mill.sources.conflicts import Contribution, NamedTable
from ibis_mill.sources.errors import DescriptorError, SourceError
from ibis_mill.sources.issues import Severity
from ibis_mill.sources.loader import load_dict
from ibis_mill.sources.mapping import glob_to_regex, table_name
from ibis_mill.sources.options import CsvOptions, option_keys
from ibis_mill.sources.source import Source, build_table

FilePaths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]

#: DuckDB-style CSV keyword -> the descriptor ``format`` key it sets.
CSV_ALIASES: dict[str, str] = {
    "delim": "delimiter",
    "sep": "delimiter",
    "delimiter": "delimiter",
    "header": "hasHeader",
    "quote": "quote",
    "escape": "quoteEscape",
    "comment": "comment",
    "skip": "numberOfRowsToSkip",
    "names": "headers",
    "column_names": "headers",
    "encoding": "encoding",
    "all_varchar": "inferSchema",
}
#: Options every reader accepts (they add attribute columns).
COMMON_OPTIONS = ("filename", "hive_partitioning")

_CSV_KEYS = option_keys(CsvOptions)
_CSV_DEFAULTS = {"inferSchema": True, "comment": "\0"}
_GLOB_CHARS = re.compile(r"[*?\[{]")
_HIVE_SEGMENT = re.compile(r"([^=/]+)=([^/]*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FORMAT_CONTEXT = "readers[0].format."


class NoFilesFoundError(SourceError, FileNotFoundError, duckdb.IOException):
    """A path, glob or folder given to :func:`file_source` names no file.

    It is also a :class:`FileNotFoundError`, and a ``duckdb.IOException`` with DuckDB's
    message, like ibis's DuckDB backend raises for the same call.
    """


def file_source(
    paths: FilePaths,
    *,
    table: str,
    reader: Literal["csv", "parquet"],
    options: Mapping[str, Any] | None = None,
    name: str = "files",
) -> Source:
    """A source with one table made of the files ``paths`` name (see the module docstring).

    Args:
        paths: A file, glob or folder, or a list of them. Relative paths are resolved
            against the current folder.
        table: The table name.
        reader: The reader type, ``"csv"`` or ``"parquet"``.
        options: Reader options, DuckDB-style or (CSV) descriptor ``format`` keys.
        name: The source (schema) name.

    Returns:
        The resolved source; its table is ``source.tables[table]``.

    Raises:
        NoFilesFoundError: A path matches no file (the message names it).
        TypeError: An option is unknown (the message lists the accepted ones) or set twice.
        ValueError: An option value is invalid, no path is given, a name is blank, or
            ``hive_partitioning=True`` but the files' ``key=value`` folders differ.
        SourceReadError: The first file cannot be read.
    """
    if reader not in ("csv", "parquet"):
        raise ValueError(f"reader must be 'csv' or 'parquet', got {reader!r}")
    for what, value in (("table", table), ("name", name)):
        if not value.strip():
            raise ValueError(f"the {what} name must not be blank")
    given = dict(options or {})
    hive = given.pop("hive_partitioning", None)
    filename = given.pop("filename", False)
    fmt, used = _format(reader, given)
    files = find_files(paths, reader)
    attributes = _hive_attributes(files, hive) + _filename_attribute(filename)
    root = Path(os.path.commonpath([str(path.parent) for path in files]))
    data = {
        "name": name,
        "storage": {"type": "local", "rootPath": str(root)},
        "readers": [
            {
                "type": reader,
                "format": fmt,
                "table": {
                    "mapping": {
                        "type": "glob",
                        "pattern": _exact_glob(root, files),
                        "table": table,
                    },
                    "attributes": attributes,
                },
            }
        ],
    }
    try:
        descriptor = load_dict(data)
    except DescriptorError as exc:
        raise _option_error(exc, reader, used, given) from None
    spec = descriptor.readers[0].table
    assert spec is not None
    assert all(table_name(spec.mapping, path.as_posix()) == table for path in files)
    named = NamedTable(table, (Contribution(0, tuple(files)),))
    return Source(descriptor.name, descriptor, {table: build_table(named, descriptor)}, ())


def find_files(paths: FilePaths, reader: str) -> list[Path]:
    """The files ``paths`` name: absolute, normalized (symlinks kept), unique, sorted.

    Raises:
        NoFilesFoundError: One of the paths matches no file.
        ValueError: ``paths`` is an empty list.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise ValueError("no path given: pass a file, a glob, a folder or a list of them")
    found: set[Path] = set()
    for item in items:
        text = os.fspath(item)
        absolute = os.path.abspath(text)
        if os.path.isfile(absolute):
            matches = [Path(absolute)]
        elif os.path.isdir(absolute):
            matches = _walk(Path(absolute), None, lambda p: p.name.endswith(f".{reader}"))
        elif _GLOB_CHARS.search(absolute):
            matches = _glob(absolute)
        else:
            matches = []
        if not matches:
            where = "" if absolute == text else f" (looked for {absolute})"
            raise NoFilesFoundError(f'No files found that match the pattern "{text}"{where}')
        found.update(matches)
    return sorted(found, key=lambda path: path.as_posix())


def _glob(pattern: str) -> list[Path]:
    """Files matching an absolute glob, listing only the folders it can reach."""
    parts = pattern.split("/")
    first = next(i for i, part in enumerate(parts) if _GLOB_CHARS.search(part))
    base = Path("/".join(parts[:first]) or "/")
    depth = None if "**" in pattern else len(parts) - first - 1
    regex = re.compile(glob_to_regex(pattern))
    return _walk(base, depth, lambda path: regex.search(path.as_posix()) is not None)


def _walk(base: Path, depth: int | None, keep: Callable[[Path], bool]) -> list[Path]:
    """Files under ``base`` (at most ``depth`` folders below it) that ``keep`` accepts.

    Symlinked folders are not entered and unreadable folders are skipped.
    """
    files = []
    for folder, folders, names in os.walk(base):
        if depth is not None and len(Path(folder).relative_to(base).parts) >= depth:
            folders.clear()
        for file in names:
            path = Path(folder, file)
            if path.is_file() and keep(path):
                files.append(path)
    return files


def _exact_glob(root: Path, files: Sequence[Path]) -> str:
    """A descriptor glob matching exactly ``files`` (absolute) under ``root``.

    Raises:
        ValueError: Several files are given and one's path below ``root`` has a ``,`` or a
            ``}``, which a ``{a,b}`` alternative cannot hold.
    """
    if len(files) == 1:
        return _literal_glob(files[0].as_posix())
    relative = [path.relative_to(root).as_posix() for path in files]
    for path, rest in zip(files, relative):
        if "," in rest or "}" in rest:
            raise ValueError(
                f"{path} has ',' or '}}' in its name, which a descriptor glob cannot list "
                "together with other files; read it on its own"
            )
    prefix = _literal_glob(root.as_posix()).rstrip("/")
    return f"{prefix}/{{{','.join(relative)}}}"


def _literal_glob(path: str) -> str:
    """A descriptor glob matching ``path`` literally (wildcards put in character classes)."""
    return _GLOB_CHARS.sub(lambda m: "[\\[]" if m.group() == "[" else f"[{m.group()}]", path)


def _hive_attributes(files: Sequence[Path], hive: Any) -> list[dict[str, Any]]:
    """REGEX attributes for the ``key=value`` folders shared by every file.

    Raises:
        ValueError: ``hive`` is not a bool or None, or it is True and the files' keys differ.
    """
    if hive is not None and not isinstance(hive, bool):
        raise ValueError(f"hive_partitioning must be True, False or None, got {hive!r}")
    if hive is False:
        return []
    partitions = [_hive_partitions(path) for path in files]
    keys = list(partitions[0])
    if keys and all(list(values) == keys for values in partitions):
        return [_hive_attribute(key, [values[key] for values in partitions]) for key in keys]
    if hive:
        described = "; ".join(
            f"{path} has {', '.join(values) or 'none'}" for path, values in zip(files, partitions)
        )
        raise ValueError(
            "hive_partitioning=True needs every file to have the same key=value folders, "
            f"in the same order: {described}"
        )
    return []


def _hive_partitions(path: Path) -> dict[str, str]:
    """The ``key=value`` folders of a path: key -> value (the deepest value of a key wins)."""
    partitions: dict[str, str] = {}
    for part in path.parent.parts:
        match = _HIVE_SEGMENT.fullmatch(part)
        if match:
            partitions[match.group(1)] = match.group(2)
    return partitions


def _hive_attribute(key: str, values: list[str]) -> dict[str, Any]:
    attribute = {
        "name": key,
        "source": "REGEX",
        "pattern": f".*/{re.escape(key)}=(?<value>[^/]*)/",
        "group": "value",
    }
    if all(_INTEGER.fullmatch(v) and -(2**63) <= int(v) < 2**63 for v in values):
        attribute["type"] = "LONG"
    elif all(_ISO_DATE.fullmatch(v) and _is_date(v) for v in values):
        attribute.update(type="DATE", format="yyyy-MM-dd")
    return attribute


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _filename_attribute(filename: Any) -> list[dict[str, Any]]:
    """The ``filename`` attribute (the whole path), when asked for.

    Raises:
        ValueError: ``filename`` is neither a bool nor a non-blank string.
    """
    if filename is False:
        return []
    if filename is True:
        filename = "filename"
    if not isinstance(filename, str) or not filename.strip():
        raise ValueError(f"filename must be True, False or a column name, got {filename!r}")
    return [{"name": filename, "source": "REGEX", "pattern": "^(?<path>.*)$", "group": "path"}]


def _format(reader: str, given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The descriptor ``format`` block for the options, and option -> format key used.

    Raises:
        TypeError: An option is unknown, or two options set the same format key.
        ValueError: A single-character option is not one character.
    """
    if reader == "parquet":
        aliases: dict[str, str] = {}
        fmt: dict[str, Any] = {}
    else:
        aliases = {**{key: key for key in _CSV_KEYS}, **CSV_ALIASES}
        fmt = dict(_CSV_DEFAULTS)
    used: dict[str, str] = {}
    for option, value in given.items():
        key = aliases.get(option)
        if key is None:
            raise TypeError(_unknown(reader, option, sorted(aliases)))
        if key in used.values():
            other = next(name for name, used_key in used.items() if used_key == key)
            raise TypeError(f"options '{other}' and '{option}' both set the {reader} {key}")
        used[option] = key
        kind = _CSV_KEYS[key].metadata["kind"]
        if kind == "char" and not (isinstance(value, str) and len(value) == 1):
            raise ValueError(f"{option} must be a single character, got {value!r}")
        if option == "all_varchar":
            if not isinstance(value, bool):
                raise ValueError(f"all_varchar must be True or False, got {value!r}")
            value = not value
        elif kind == "names" and isinstance(value, Sequence) and not isinstance(value, str):
            value = list(value)
        fmt[key] = value
    return fmt, used


def _unknown(reader: str, option: str, accepted: list[str]) -> str:
    close = difflib.get_close_matches(option, [*accepted, *COMMON_OPTIONS], n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    if reader == "parquet":
        listed = ", ".join(COMMON_OPTIONS)
    else:
        aliases = ", ".join(sorted([*CSV_ALIASES, *COMMON_OPTIONS]))
        listed = f"{aliases}, or a csv format key of source descriptors ({', '.join(_CSV_KEYS)})"
    return f"unknown {reader} option '{option}'{hint}; accepted: {listed}"


def _option_error(
    exc: DescriptorError, reader: str, used: Mapping[str, str], given: Mapping[str, Any]
) -> Exception:
    """A ValueError naming the option behind the first option error, else ``exc`` itself."""
    option_of = {key: option for option, key in used.items()}
    for issue in exc.issues:
        key = issue.context.removeprefix(_FORMAT_CONTEXT)
        if issue.severity is Severity.ERROR and key in option_of:
            option = option_of[key]
            return ValueError(
                f"invalid {reader} option {option}={given[option]!r}: {issue.message}"
            )
    return exc
