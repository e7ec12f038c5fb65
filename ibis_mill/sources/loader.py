"""Load a source descriptor from a YAML file, a YAML string or a dict.

The YAML format is upstream Mill's. We are **stricter than upstream**, which silently ignores
unknown keys everywhere: here an unknown key (a typo such as ``hasheader``), a duplicated key,
a value of the wrong type, or a ``format``/``table`` block that is not a mapping is an error
naming the key and where it is, with a suggestion when a known key is close. Blocks that
upstream documents but does not implement (top-level ``cache`` and ``metadata``) are reported
as warnings and ignored.

Other documented deviations: a relative ``rootPath`` is resolved against the descriptor file's
folder (upstream: the process working directory); attribute ``source`` and ``type`` accept
lowercase spellings (upstream only accepts UPPERCASE although its docs show lowercase).

:func:`parse` never raises: it returns the descriptor (or None) and every issue found in the
``parse`` and ``static`` phases. :func:`load` raises :class:`DescriptorError` listing them.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ibis_mill.sources.attributes import coerce
from ibis_mill.sources.datepattern import DatePatternError, JavaDatePattern, compile_date_pattern
from ibis_mill.sources.errors import DescriptorError
from ibis_mill.sources.issues import Issue, Phase, Severity
from ibis_mill.sources.javaregex import JavaRegex, JavaRegexError, compile_java_regex
from ibis_mill.sources.mapping import glob_to_regex
from ibis_mill.sources.model import (
    Attribute,
    AttributeSource,
    AttributeType,
    Conflicts,
    Descriptor,
    DirectoryMapping,
    GlobMapping,
    LocalStorage,
    Reader,
    RegexMapping,
    Strategy,
    TableMapping,
    TableSpec,
)
from ibis_mill.sources.options import (
    FORMAT_OPTIONS,
    FormatOptions,
    FwfColumn,
    camel_key,
    option_keys,
)

DescriptorSource = Descriptor | str | os.PathLike[str] | Mapping[str, Any]

_E = TypeVar("_E", bound=Enum)

_TOP_KEYS = ("name", "storage", "table", "conflicts", "readers")
_IGNORED_TOP_KEYS = {
    "cache": "upstream documents a descriptor 'cache' block but does not implement it",
    "metadata": "upstream documents a per-source 'metadata' block but does not implement it",
}
_CLOUD_STORAGE = ("s3", "gcs", "adls")
_CHAR_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}


def load(source: DescriptorSource, *, base_dir: str | os.PathLike[str] | None = None) -> Descriptor:
    """Load a descriptor from a :class:`Descriptor`, a file path, a YAML string or a dict.

    A ``str`` is a file path when it has no line break and ends with ``.yaml``/``.yml`` or names
    an existing file; otherwise it is YAML text.

    Args:
        source: The descriptor.
        base_dir: Folder a relative ``rootPath`` is resolved against, for YAML strings and
            dicts (default: the current directory). Files use their own folder.

    Raises:
        DescriptorError: The descriptor has errors; ``.issues`` lists them with their location.
    """
    descriptor, issues = parse(source, base_dir=base_dir)
    if descriptor is None:
        raise DescriptorError(f"invalid source descriptor {_describe(source)}", issues)
    return descriptor


def load_file(path: str | os.PathLike[str]) -> Descriptor:
    """Load a descriptor from a YAML file (see :func:`load`)."""
    return load(Path(path))


def load_string(text: str, *, base_dir: str | os.PathLike[str] | None = None) -> Descriptor:
    """Load a descriptor from YAML text (see :func:`load`)."""
    descriptor, issues = _parse_text(text, _base(base_dir), None)
    if descriptor is None:
        raise DescriptorError("invalid source descriptor (YAML text)", issues)
    return descriptor


def load_dict(
    data: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
) -> Descriptor:
    """Load a descriptor from a dict shaped like the YAML (see :func:`load`)."""
    descriptor, issues = _Parser(_base(base_dir), None).descriptor(data)
    if descriptor is None:
        raise DescriptorError("invalid source descriptor (dict)", issues)
    return descriptor


def parse(
    source: DescriptorSource, *, base_dir: str | os.PathLike[str] | None = None
) -> tuple[Descriptor | None, list[Issue]]:
    """Load without raising: the descriptor (None when there is any error) and the issues."""
    if isinstance(source, Descriptor):
        return source, []
    if isinstance(source, Mapping):
        return _Parser(_base(base_dir), None).descriptor(source)
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        path = Path(os.path.abspath(os.fspath(source)))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            message = f"cannot read the descriptor file: {reason}"
            return None, [_issue("unreadable-descriptor", message, str(path))]
        return _parse_text(text, path.parent, path)
    if isinstance(source, str):
        return _parse_text(source, _base(base_dir), None)
    message = f"expected a descriptor, a path, YAML text or a dict, got {type(source).__name__}"
    return None, [_issue("wrong-type", message, "(argument)")]


def _describe(source: DescriptorSource) -> str:
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        return os.fspath(source)
    return "(YAML text)" if isinstance(source, str) else "(dict)"


def _looks_like_path(source: object) -> bool:
    if not isinstance(source, str) or "\n" in source or not source.strip():
        return False
    return source.endswith((".yaml", ".yml")) or os.path.isfile(source)


def _base(base_dir: str | os.PathLike[str] | None) -> Path:
    return Path(os.path.abspath(base_dir if base_dir is not None else os.getcwd()))


def _issue(code: str, message: str, context: str) -> Issue:
    return Issue(Severity.ERROR, Phase.PARSE, code, message, context)


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate keys (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping
)


def _parse_text(text: str, base: Path, path: Path | None) -> tuple[Descriptor | None, list[Issue]]:
    where = str(path) if path else "YAML text"
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        location = f"{where}, line {mark.line + 1}, column {mark.column + 1}" if mark else where
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [_issue("yaml-syntax", f"not valid YAML: {problem}", location)]
    if data is None:
        return None, [_issue("empty-descriptor", "the descriptor is empty", where)]
    return _Parser(base, path).descriptor(data)


@dataclass
class _Parser:
    """Builds the model while collecting every problem (it does not stop at the first)."""

    base: Path
    path: Path | None

    def __post_init__(self) -> None:
        self.issues: list[Issue] = []

    # -- issue helpers ----------------------------------------------------------------------

    def error(self, code: str, message: str, context: str, phase: Phase = Phase.PARSE) -> None:
        self.issues.append(Issue(Severity.ERROR, phase, code, message, context))

    def warn(self, code: str, message: str, context: str, phase: Phase = Phase.STATIC) -> None:
        self.issues.append(Issue(Severity.WARNING, phase, code, message, context))

    def mapping(self, value: Any, context: str, what: str) -> Mapping[Any, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.error("wrong-type", f"{what} must be a mapping, got {_kind(value)}", context)
        return None

    def keys(self, obj: Mapping[Any, Any], allowed: Iterable[str], context: str) -> None:
        allowed = list(allowed)
        for key in obj:
            if key in allowed:
                continue
            name = str(key)
            hint = _suggest(name, allowed) or f"; allowed keys: {', '.join(allowed)}"
            self.error(
                "unknown-key",
                f"unknown key '{name}' (upstream would silently ignore it){hint}",
                _join(context, name),
            )

    def required(self, obj: Mapping[Any, Any], key: str, context: str, what: str) -> Any:
        value = obj.get(key)
        if value is None:
            self.error("missing-key", f"'{key}' is required: {what}", _join(context, key))
        return value

    def text(self, value: Any, context: str) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        self.error("wrong-type", f"expected a string, got {_kind(value)}", context)
        return None

    def blank(self, value: str | None, context: str, what: str) -> bool:
        if value is not None and not value.strip():
            self.error("blank-value", f"{what} must not be blank", context, Phase.STATIC)
            return True
        return False

    def boolean(self, value: Any, context: str) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        self.error("wrong-type", f"expected true or false, got {_show(value)}", context)
        return None

    def integer(self, value: Any, context: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
            return int(value)
        self.error("wrong-type", f"expected an integer, got {_show(value)}", context)
        return None

    def enum(self, enum: type[_E], value: Any, context: str, what: str) -> _E | None:
        text = self.text(value, context)
        if text is None:
            return None
        for member in enum:
            if text.strip().upper() == member.name:
                return member
        names = ", ".join(member.name for member in enum)
        hint = " (did you mean BOOL?)" if text.strip().upper() == "BOOLEAN" else ""
        self.error(
            "unknown-value", f"unknown {what} '{text}'{hint}; expected one of: {names}", context
        )
        return None

    def java_regex(self, pattern: str, context: str) -> JavaRegex | None:
        try:
            return compile_java_regex(pattern)
        except JavaRegexError as exc:
            self.error("invalid-regex", f"regex '{pattern}' {exc}", context, Phase.STATIC)
            return None

    # -- the descriptor ---------------------------------------------------------------------

    def descriptor(self, data: Any) -> tuple[Descriptor | None, list[Issue]]:
        top = self.mapping(data, "(top level)", "the descriptor")
        if top is None:
            return None, self.issues
        self.keys({k: v for k, v in top.items() if k not in _IGNORED_TOP_KEYS}, _TOP_KEYS, "")
        for key, reason in _IGNORED_TOP_KEYS.items():
            if key in top:
                self.warn("ignored-key", f"'{key}' is ignored: {reason}", key, Phase.PARSE)
        name = self.text(self.required(top, "name", "", "the source (schema) name"), "name")
        self.blank(name, "name", "the source name")
        storage = self.storage(self.required(top, "storage", "", "where the files are"))
        table = None
        if top.get("table") is not None:
            table = self.table_spec(top["table"], "table")
        conflicts = self.conflicts(top.get("conflicts"), "conflicts")
        has_default = top.get("table") is not None
        readers = self.readers(self.required(top, "readers", "", "a list of readers"), has_default)
        if any(issue.severity is Severity.ERROR for issue in self.issues):
            return None, self.issues
        assert name is not None and storage is not None and readers is not None
        descriptor = Descriptor(name, storage, readers, table, conflicts, self.path)
        return descriptor, self.issues

    def storage(self, value: Any) -> LocalStorage | None:
        if value is None:
            return None
        storage = self.mapping(value, "storage", "storage")
        if storage is None:
            return None
        kind = self.text(
            self.required(storage, "type", "storage", "the storage type"), "storage.type"
        )
        if kind is None:
            return None
        if kind != "local":
            if kind in _CLOUD_STORAGE:
                message = f"storage type '{kind}' is not supported by ibis-mill (only 'local')"
                self.error("unsupported-storage", message, "storage.type")
            else:
                self.error(
                    "unknown-type",
                    f"unknown storage type '{kind}'; expected: local",
                    "storage.type",
                )
            return None
        self.keys(storage, ("type", "rootPath"), "storage")
        root_path = self.text(
            self.required(storage, "rootPath", "storage", "the root folder"), "storage.rootPath"
        )
        if root_path is None or self.blank(root_path, "storage.rootPath", "rootPath"):
            return None
        if "${" in root_path:
            self.warn(
                "placeholder",
                "'${...}' placeholders are not resolved (nor are they "
                "upstream); the path is taken literally",
                "storage.rootPath",
            )
        root = Path(os.path.normpath(self.base / root_path))
        return LocalStorage(root_path, root)

    def conflicts(self, value: Any, context: str) -> Conflicts:
        if value is None:
            return Conflicts()
        if not isinstance(value, Mapping):
            strategy = self.enum(Strategy, value, context, "conflict strategy")
            return Conflicts(strategy or Strategy.REJECT)
        default = Strategy.REJECT
        rules: dict[str, Strategy] = {}
        for key, rule in value.items():
            strategy = self.enum(Strategy, rule, _join(context, str(key)), "conflict strategy")
            if strategy is None:
                continue
            if key == "default":
                default = strategy
            else:
                rules[str(key)] = strategy
        return Conflicts(default, rules)

    def readers(self, value: Any, has_default_table: bool) -> tuple[Reader, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.error("wrong-type", f"readers must be a list, got {_kind(value)}", "readers")
            return None
        if not value:
            self.error("empty-readers", "at least one reader is required", "readers")
            return None
        readers: list[Reader] = []
        labels: dict[str, int] = {}
        for index, item in enumerate(value):
            context = f"readers[{index}]"
            reader = self.reader(item, context, has_default_table)
            if reader is None:
                continue
            readers.append(reader)
            if reader.label is not None:
                if reader.label in labels:
                    self.warn(
                        "duplicate-label",
                        f"label '{reader.label}' is also used by "
                        f"readers[{labels[reader.label]}]: tables of both readers get the "
                        "same names and collide",
                        f"{context}.label",
                    )
                labels.setdefault(reader.label, index)
        return tuple(readers)

    def reader(self, value: Any, context: str, has_default_table: bool) -> Reader | None:
        obj = self.mapping(value, context, "a reader")
        if obj is None:
            return None
        self.keys(obj, ("type", "label", "format", "table"), context)
        kind = self.text(self.required(obj, "type", context, "the format id"), f"{context}.type")
        label = self.text(obj.get("label"), f"{context}.label")
        table = None
        if obj.get("table") is not None:
            table = self.table_spec(obj["table"], f"{context}.table")
        elif not has_default_table:
            self.error(
                "missing-mapping",
                "the reader has no table mapping and the source has no "
                "default 'table'; add 'table: {mapping: ...}' to the reader or the source",
                context,
                Phase.STATIC,
            )
        if kind is None:
            return None
        if self.blank(kind, f"{context}.type", "the reader type"):
            return None
        if kind not in FORMAT_OPTIONS:
            self.error(
                "unknown-format",
                f"unknown reader type '{kind}'; expected one of: "
                f"{', '.join(FORMAT_OPTIONS)}{_suggest(kind, FORMAT_OPTIONS)}",
                f"{context}.type",
            )
            return None
        options = self.format_options(kind, obj.get("format"), f"{context}.format")
        if options is None:
            return None
        return Reader(kind, options, label, table)

    # -- tables -----------------------------------------------------------------------------

    def table_spec(self, value: Any, context: str) -> TableSpec | None:
        obj = self.mapping(value, context, "'table'")
        if obj is None:
            return None
        self.keys(obj, ("mapping", "attributes"), context)
        mapping_value = obj.get("mapping")
        if mapping_value is None:
            self.error(
                "missing-key",
                "'mapping' is required in a 'table' block",
                f"{context}.mapping",
                Phase.STATIC,
            )
        mapping = (
            None
            if mapping_value is None
            else self.table_mapping(mapping_value, f"{context}.mapping")
        )
        attributes = self.attributes(obj.get("attributes"), f"{context}.attributes")
        if mapping is None or attributes is None:
            return None
        return TableSpec(mapping, attributes)

    def table_mapping(self, value: Any, context: str) -> TableMapping | None:
        obj = self.mapping(value, context, "'mapping'")
        if obj is None:
            return None
        kind = self.text(
            self.required(obj, "type", context, "regex, directory or glob"), f"{context}.type"
        )
        if kind == "regex":
            self.keys(obj, ("type", "pattern", "tableNameGroup"), context)
            return self.regex_mapping(obj, context)
        if kind == "directory":
            self.keys(obj, ("type", "depth"), context)
            depth = self.integer(obj.get("depth", 1), f"{context}.depth")
            if depth is not None and depth < 1:
                self.error(
                    "invalid-value",
                    f"depth must be 1 or more, got {depth}",
                    f"{context}.depth",
                    Phase.STATIC,
                )
                return None
            return None if depth is None else DirectoryMapping(depth)
        if kind == "glob":
            self.keys(obj, ("type", "pattern", "table"), context)
            return self.glob_mapping(obj, context)
        if kind is not None:
            self.error(
                "unknown-type",
                f"unknown mapping type '{kind}'; expected one of: regex, directory, glob",
                f"{context}.type",
            )
        return None

    def regex_mapping(self, obj: Mapping[Any, Any], context: str) -> RegexMapping | None:
        pattern = self.text(
            self.required(obj, "pattern", context, "the regex"), f"{context}.pattern"
        )
        group = self.text(obj.get("tableNameGroup", "table"), f"{context}.tableNameGroup")
        if pattern is None or group is None or self.blank(pattern, f"{context}.pattern", "pattern"):
            return None
        compiled = self.java_regex(pattern, f"{context}.pattern")
        if compiled is None:
            return None
        if group not in compiled.group_names:
            self.error(
                "missing-group",
                f"regex '{pattern}' has no named group <{group}> for the "
                f"table name; write it as (?<{group}>...)",
                f"{context}.pattern",
                Phase.STATIC,
            )
            return None
        return RegexMapping(pattern, compiled.regex, group)

    def glob_mapping(self, obj: Mapping[Any, Any], context: str) -> GlobMapping | None:
        pattern = self.text(
            self.required(obj, "pattern", context, "the glob"), f"{context}.pattern"
        )
        table = self.text(
            self.required(obj, "table", context, "the table name"), f"{context}.table"
        )
        if pattern is None or table is None:
            return None
        if self.blank(pattern, f"{context}.pattern", "pattern") | self.blank(
            table, f"{context}.table", "the table name"
        ):
            return None
        try:
            regex = re.compile(glob_to_regex(pattern))
        except re.error as exc:
            self.error(
                "invalid-glob",
                f"glob '{pattern}' is invalid: {exc.msg}",
                f"{context}.pattern",
                Phase.STATIC,
            )
            return None
        return GlobMapping(pattern, regex, table)

    def attributes(self, value: Any, context: str) -> tuple[Attribute, ...] | None:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error("wrong-type", f"attributes must be a list, got {_kind(value)}", context)
            return None
        result: list[Attribute] = []
        seen: dict[str, int] = {}
        failed = False
        for index, item in enumerate(value):
            item_context = f"{context}[{index}]"
            attribute = self.attribute(item, item_context)
            if attribute is None:
                failed = True
                continue
            if attribute.name in seen:
                self.error(
                    "duplicate-attribute",
                    f"attribute '{attribute.name}' is already "
                    f"defined at {context}[{seen[attribute.name]}]",
                    f"{item_context}.name",
                    Phase.STATIC,
                )
                failed = True
            seen.setdefault(attribute.name, index)
            result.append(attribute)
        return None if failed else tuple(result)

    def attribute(self, value: Any, context: str) -> Attribute | None:
        obj = self.mapping(value, context, "an attribute")
        if obj is None:
            return None
        self.keys(obj, ("name", "source", "type", "format", "pattern", "group", "value"), context)
        name = self.text(self.required(obj, "name", context, "the column name"), f"{context}.name")
        self.blank(name, f"{context}.name", "the attribute name")
        source = None
        if self.required(obj, "source", context, "REGEX or CONSTANT") is not None:
            source = self.enum(
                AttributeSource, obj["source"], f"{context}.source", "attribute source"
            )
        kind = AttributeType.STRING
        if obj.get("type") is not None:
            kind = self.enum(AttributeType, obj["type"], f"{context}.type", "attribute type")
        date_format = self.text(obj.get("format"), f"{context}.format")
        date_pattern = self.date_pattern(kind, date_format, context)
        pattern = self.text(obj.get("pattern"), f"{context}.pattern")
        group = self.text(obj.get("group"), f"{context}.group")
        constant = self.text(obj.get("value"), f"{context}.value")
        regex = None
        if source is AttributeSource.REGEX:
            regex = self.attribute_regex(pattern, group, context)
            self.ignored(
                obj, ("value",), context, "REGEX attributes take their value from 'pattern'"
            )
        elif source is AttributeSource.CONSTANT:
            if constant is None and obj.get("value") is None:
                self.error(
                    "missing-key",
                    "'value' is required for a CONSTANT attribute",
                    f"{context}.value",
                    Phase.STATIC,
                )
            self.ignored(obj, ("pattern", "group"), context, "CONSTANT attributes use 'value'")
        if None in (name, source, kind) or (kind in _DATED and date_pattern is None):
            return None
        if source is AttributeSource.REGEX and regex is None:
            return None
        if source is AttributeSource.CONSTANT and constant is None:
            return None
        assert name is not None and source is not None and kind is not None
        attribute = Attribute(
            name, source, kind, date_format, pattern, group, constant, regex, date_pattern
        )
        if constant is not None and source is AttributeSource.CONSTANT:
            self.check_constant(attribute, context)
        return attribute

    def ignored(self, obj: Mapping[Any, Any], keys: Iterable[str], context: str, why: str) -> None:
        for key in keys:
            if obj.get(key) is not None:
                self.warn("ignored-key", f"'{key}' is ignored: {why}", f"{context}.{key}")

    def date_pattern(
        self, kind: AttributeType | None, date_format: str | None, context: str
    ) -> JavaDatePattern | None:
        if kind not in _DATED:
            if date_format is not None:
                self.warn(
                    "ignored-key",
                    f"'format' is ignored for a {kind.value if kind else ''} "
                    "attribute (only DATE and TIMESTAMP use it)",
                    f"{context}.format",
                )
            return None
        assert kind is not None
        if date_format is None:
            self.error(
                "missing-key",
                f"'format' (a Java date pattern such as yyyy-MM-dd) is "
                f"required for a {kind.value} attribute",
                f"{context}.format",
                Phase.STATIC,
            )
            return None
        try:
            pattern = compile_date_pattern(date_format)
        except DatePatternError as exc:
            self.error(
                "invalid-date-pattern",
                f"date pattern '{date_format}' is invalid: {exc}",
                f"{context}.format",
                Phase.STATIC,
            )
            return None
        if not pattern.has_date:
            self.warn(
                "date-pattern-incomplete",
                f"date pattern '{date_format}' has no full date "
                "(year with month and day, or day of year): every value will be NULL",
                f"{context}.format",
            )
        elif kind is AttributeType.TIMESTAMP and not pattern.has_time:
            self.warn(
                "date-pattern-incomplete",
                f"timestamp pattern '{date_format}' has no hour: "
                "every value will be NULL (use type DATE)",
                f"{context}.format",
            )
        return pattern

    def attribute_regex(self, pattern: str | None, group: str | None, context: str) -> Any:
        if pattern is None:
            self.error(
                "missing-key",
                "'pattern' is required for a REGEX attribute",
                f"{context}.pattern",
                Phase.STATIC,
            )
        if group is None:
            self.error(
                "missing-key",
                "'group' (a named group of 'pattern') is required for a REGEX attribute",
                f"{context}.group",
                Phase.STATIC,
            )
        if pattern is None or self.blank(pattern, f"{context}.pattern", "pattern"):
            return None
        compiled = self.java_regex(pattern, f"{context}.pattern")
        if compiled is None or group is None:
            return None
        if group not in compiled.group_names:
            known = ", ".join(compiled.group_names) or "none"
            self.error(
                "missing-group",
                f"group '{group}' is not a named group of '{pattern}' "
                f"(named groups: {known}); write it as (?<{group}>...)",
                f"{context}.group",
                Phase.STATIC,
            )
            return None
        return compiled.regex

    def check_constant(self, attribute: Attribute, context: str) -> None:
        assert attribute.value is not None
        if coerce(attribute, attribute.value) is None:
            self.warn(
                "constant-not-convertible",
                f"value '{attribute.value}' is not a valid "
                f"{attribute.type.value}: the column will be NULL",
                f"{context}.value",
            )

    # -- format options ---------------------------------------------------------------------

    def format_options(self, kind: str, value: Any, context: str) -> FormatOptions | None:
        options_class = FORMAT_OPTIONS[kind]
        if value is None:
            options = options_class()
            if kind == "fwf":
                self.error(
                    "missing-key",
                    "fwf readers need 'format.columns' (a list of {name, start, end})",
                    f"{context}.columns",
                    Phase.STATIC,
                )
                return None
            return options
        obj = self.mapping(value, context, "'format'")
        if obj is None:
            return None
        known = option_keys(options_class)
        format_type = obj.get("type")
        if format_type is not None and format_type != kind:
            self.error(
                "conflicting-type",
                f"format.type '{format_type}' contradicts the reader type '{kind}'; remove it",
                f"{context}.type",
            )
        self.keys({k: v for k, v in obj.items() if k != "type"}, known, context)
        before = len(self.issues)
        values: dict[str, Any] = {}
        for key, fld in known.items():
            raw = obj.get(key)
            converted = None if raw is None else self.option(fld.metadata, raw, f"{context}.{key}")
            if converted is not None:
                values[fld.name] = converted
        if kind == "fwf" and obj.get("columns") is None:
            self.error(
                "missing-key",
                "fwf readers need 'columns' (a list of {name, start, end})",
                f"{context}.columns",
                Phase.STATIC,
            )
        self.check_options(kind, values, context)
        if any(issue.severity is Severity.ERROR for issue in self.issues[before:]):
            return None
        return options_class(**values)

    def option(self, meta: Mapping[str, Any], raw: Any, context: str) -> Any:
        kind = meta["kind"]
        if kind == "char":
            text = self.text(raw, context)
            if not text:
                return None
            return _CHAR_ESCAPES.get(text, text[0])
        if kind == "text":
            return self.text(raw, context)
        if kind == "bool":
            return self.boolean(raw, context)
        if kind == "int":
            return self.integer(raw, context)
        if kind == "enum":
            return self.enum(meta["enum"], raw, context, "value")
        if kind == "names":
            if not isinstance(raw, list) or any(isinstance(v, (list, dict)) for v in raw):
                self.error("wrong-type", f"expected a list of names, got {_kind(raw)}", context)
                return None
            return tuple(self.text(v, context) or "" for v in raw)
        if kind == "columns":
            return self.fwf_columns(raw, context)
        raise AssertionError(f"unknown option kind {kind}")

    def fwf_columns(self, raw: Any, context: str) -> tuple[FwfColumn, ...] | None:
        if not isinstance(raw, list) or not raw:
            self.error(
                "wrong-type",
                f"columns must be a non-empty list of {{name, start, end}}, got {_kind(raw)}",
                context,
            )
            return None
        columns: list[FwfColumn] = []
        for index, item in enumerate(raw):
            item_context = f"{context}[{index}]"
            obj = self.mapping(item, item_context, "a column")
            if obj is None:
                continue
            self.keys(obj, ("name", "start", "end"), item_context)
            name = self.text(
                self.required(obj, "name", item_context, "the column name"), f"{item_context}.name"
            )
            start = self.required(obj, "start", item_context, "the first character (0-based)")
            end = self.required(obj, "end", item_context, "the character after the last")
            start = None if start is None else self.integer(start, f"{item_context}.start")
            end = None if end is None else self.integer(end, f"{item_context}.end")
            if name is None or start is None or end is None:
                continue
            if self.blank(name, f"{item_context}.name", "the column name"):
                continue
            if start < 0 or end <= start:
                self.error(
                    "invalid-value",
                    f"column '{name}' needs 0 <= start < end, got start={start}, end={end}",
                    item_context,
                    Phase.STATIC,
                )
                continue
            columns.append(FwfColumn(name, start, end))
        if len(columns) != len(raw):
            return None
        previous_end = 0
        for index, column in enumerate(columns):
            if column.start != previous_end:
                self.warn(
                    "fwf-layout",
                    f"column '{column.name}' starts at {column.start}, not at "
                    f"{previous_end} where the previous one ends: we cut at the declared "
                    "offsets, upstream Mill uses only the widths and would shift the columns",
                    f"{context}[{index}].start",
                )
            previous_end = column.end
        return tuple(columns)

    def check_options(self, kind: str, values: Mapping[str, Any], context: str) -> None:
        encoding = values.get("encoding")
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                self.error(
                    "unknown-encoding", f"unknown encoding '{encoding}'", f"{context}.encoding"
                )
        separator = values.get("line_separator")
        if separator is not None and not 1 <= len(separator) <= 2:
            self.error(
                "invalid-value",
                f"lineSeparator must be 1 or 2 characters, got {separator!r}",
                f"{context}.lineSeparator",
            )
        if kind == "csv":
            delimiter = values.get("delimiter", ",")
            if delimiter == values.get("quote", '"'):
                self.error(
                    "invalid-value",
                    f"delimiter and quote are both {delimiter!r}",
                    f"{context}.delimiter",
                    Phase.STATIC,
                )
        if kind == "excel":
            for key in ("sheet_pattern", "exclude_sheet_pattern"):
                if values.get(key) is not None:
                    self.java_regex(values[key], f"{context}.{camel_key(key)}")
            if values.get("sheet_index") is not None and values["sheet_index"] < 0:
                self.error(
                    "invalid-value",
                    "sheetIndex is 0-based and must not be negative",
                    f"{context}.sheetIndex",
                    Phase.STATIC,
                )


_DATED = (AttributeType.DATE, AttributeType.TIMESTAMP)


def _join(context: str, key: str) -> str:
    return f"{context}.{key}" if context else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _show(value: Any) -> str:
    return _kind(value) if isinstance(value, (Mapping, list)) or value is None else repr(value)


def _suggest(name: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    for candidate in allowed:
        if candidate.lower() == name.lower():
            return f"; did you mean '{candidate}'?"
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""
