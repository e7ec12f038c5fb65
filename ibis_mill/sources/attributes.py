"""Attribute columns: values computed once per file from its path, or constants.

Values are converted with Java's rules (upstream behaviour); any failure gives NULL, never an
error. Deviation: ``TIMESTAMP`` attributes are declared as timestamps (upstream declares them
as strings while parsing them as date-times).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import pyarrow as pa

from ibis_mill.sources.model import Attribute, AttributeSource, AttributeType

AttributeValue = str | int | float | bool | date | datetime | None

#: Arrow type of each attribute type.
ARROW_TYPES: dict[AttributeType, pa.DataType] = {
    AttributeType.STRING: pa.string(),
    AttributeType.INT: pa.int32(),
    AttributeType.LONG: pa.int64(),
    AttributeType.FLOAT: pa.float32(),
    AttributeType.DOUBLE: pa.float64(),
    AttributeType.BOOL: pa.bool_(),
    AttributeType.DATE: pa.date32(),
    AttributeType.TIMESTAMP: pa.timestamp("us"),
}

_INTEGER = re.compile(r"[+-]?[0-9]+")
_JAVA_WHITESPACE = "".join(chr(code) for code in range(33))
_DECIMAL_FLOAT = re.compile(
    r"[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)"
)
_HEX_FLOAT = re.compile(
    r"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)[fFdD]?"
)


def arrow_field(attribute: Attribute) -> pa.Field:
    """The (nullable) column an attribute adds."""
    return pa.field(attribute.name, ARROW_TYPES[attribute.type], nullable=True)


def extract(attribute: Attribute, path: str) -> AttributeValue:
    """The attribute's value for the file at ``path`` (absolute, ``/``-separated)."""
    if attribute.source is AttributeSource.CONSTANT:
        raw = attribute.value
    else:
        assert attribute.regex is not None and attribute.group is not None
        match = attribute.regex.search(path)
        raw = match.group(attribute.group) if match else None
    return None if raw is None else coerce(attribute, raw)


def coerce(attribute: Attribute, raw: str) -> AttributeValue:
    """Convert extracted text to the attribute's type as upstream does (failure -> None)."""
    if attribute.type is AttributeType.DATE:
        assert attribute.date_pattern is not None
        return attribute.date_pattern.parse_date(raw)
    if attribute.type is AttributeType.TIMESTAMP:
        assert attribute.date_pattern is not None
        return attribute.date_pattern.parse_timestamp(raw)
    return _COERCERS[attribute.type](raw)


def _integer(bits: int) -> Callable[[str], int | None]:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def parse(raw: str) -> int | None:
        if not _INTEGER.fullmatch(raw):
            return None
        value = int(raw)
        return value if low <= value <= high else None

    return parse


def _java_double(raw: str) -> float | None:
    text = raw.strip(_JAVA_WHITESPACE)
    if _DECIMAL_FLOAT.fullmatch(text):
        return float(text.rstrip("fFdD").replace("Infinity", "inf"))
    hexadecimal = _HEX_FLOAT.fullmatch(text)
    if hexadecimal:
        value = float.fromhex("0x" + hexadecimal.group(2))
        return -value if hexadecimal.group(1) == "-" else value
    return None


def _java_bool(raw: str) -> bool | None:
    return {"true": True, "false": False}.get(raw)


_COERCERS: dict[AttributeType, Callable[[str], AttributeValue]] = {
    AttributeType.STRING: lambda raw: raw,
    AttributeType.INT: _integer(32),
    AttributeType.LONG: _integer(64),
    AttributeType.FLOAT: _java_double,  # narrowed to float32 by the column type
    AttributeType.DOUBLE: _java_double,
    AttributeType.BOOL: _java_bool,
}
