"""Attribute values: extraction from paths and Java-style coercion (failure -> NULL)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pyarrow as pa
import pytest

from ibis_mill.sources.attributes import arrow_field, coerce, extract
from ibis_mill.sources.datepattern import compile_date_pattern
from ibis_mill.sources.javaregex import compile_java_regex
from ibis_mill.sources.model import Attribute, AttributeSource, AttributeType


def typed(kind: AttributeType, fmt: str | None = None) -> Attribute:
    pattern = compile_date_pattern(fmt) if fmt else None
    return Attribute(
        "a", AttributeSource.CONSTANT, kind, format=fmt, value="", date_pattern=pattern
    )


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (AttributeType.STRING, " x ", " x "),
        (AttributeType.INT, "42", 42),
        (AttributeType.INT, "+42", 42),
        (AttributeType.INT, "-2147483648", -(2**31)),
        (AttributeType.INT, "2147483648", None),  # out of range
        (AttributeType.INT, " 42", None),  # no spaces
        (AttributeType.INT, "4_2", None),  # no underscores
        (AttributeType.INT, "4.0", None),
        (AttributeType.LONG, "9223372036854775807", 2**63 - 1),
        (AttributeType.LONG, "9223372036854775808", None),
        (AttributeType.DOUBLE, " 1.5 ", 1.5),  # surrounding whitespace is fine
        (AttributeType.DOUBLE, "1e3", 1000.0),
        (AttributeType.DOUBLE, "2.5f", 2.5),
        (AttributeType.DOUBLE, "-Infinity", -math.inf),
        (AttributeType.DOUBLE, "0x1.8p1", 3.0),
        (AttributeType.DOUBLE, "inf", None),  # Java spells it Infinity
        (AttributeType.DOUBLE, "1,5", None),
        (AttributeType.FLOAT, ".5", 0.5),
        (AttributeType.BOOL, "true", True),
        (AttributeType.BOOL, "false", False),
        (AttributeType.BOOL, "True", None),  # case-sensitive, as upstream's code
        (AttributeType.BOOL, "yes", None),
    ],
)
def test_coercion(kind: AttributeType, raw: str, expected: object) -> None:
    assert coerce(typed(kind), raw) == expected


def test_nan() -> None:
    assert math.isnan(coerce(typed(AttributeType.DOUBLE), "NaN"))


def test_date_and_timestamp_coercion() -> None:
    assert coerce(typed(AttributeType.DATE, "dd.MM.yyyy"), "31.04.2023") == date(2023, 4, 30)
    assert coerce(typed(AttributeType.DATE, "dd.MM.yyyy"), "2023-04-30") is None
    stamp = typed(AttributeType.TIMESTAMP, "yyyyMMdd_HHmmss")
    assert coerce(stamp, "20230102_030405") == datetime(2023, 1, 2, 3, 4, 5)


def test_extract_regex_and_constant() -> None:
    pattern = r"/(?<y>\d{4})/(?<m>\d{2})/"
    month = Attribute("m", AttributeSource.REGEX, AttributeType.INT, pattern=pattern, group="m",
                      regex=compile_java_regex(pattern).regex)  # fmt: skip
    assert extract(month, "/d/2023/07/items.parquet") == 7
    assert extract(month, "/d/items.parquet") is None
    constant = Attribute("feed", AttributeSource.CONSTANT, AttributeType.LONG, value="12")
    assert extract(constant, "/anything") == 12


def test_arrow_types() -> None:
    assert [arrow_field(typed(kind, "yyyy-MM-dd HH")).type for kind in AttributeType] == [
        pa.string(), pa.int32(), pa.int64(), pa.float32(), pa.float64(), pa.bool_(),
        pa.date32(), pa.timestamp("us"),
    ]  # fmt: skip
    assert arrow_field(typed(AttributeType.INT)).nullable
