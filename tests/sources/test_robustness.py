"""Random descriptors never make verification or loading fail with anything but issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ibis_mill.sources import DescriptorError, load, verify

KEYS = [
    "name", "storage", "type", "rootPath", "readers", "label", "format", "table", "mapping",
    "pattern", "tableNameGroup", "depth", "attributes", "source", "group", "value", "conflicts",
    "default", "delimiter", "hasHeader", "columns", "start", "end", "sheetIndex", "headers",
    "maxColumns", "inferSchema", "encoding", "lineSeparator", "unescapedQuoteHandling",
]  # fmt: skip
WORDS = [
    "local", "csv", "tsv", "fwf", "excel", "parquet", "avro", "arrow", "regex", "directory",
    "glob", "REGEX", "CONSTANT", "INT", "DATE", "TIMESTAMP", "union", "reject", "yyyy-MM-dd",
    "(?<table>[^/]+)", "(?<y>\\d+)", "y", "*.csv", "[", "", " ", "utf-8", ";", "\\t",
]  # fmt: skip

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 600), st.floats(allow_nan=False),
    st.sampled_from(WORDS), st.text(max_size=8),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=25,
)
descriptors = st.fixed_dictionaries(
    {"name": scalars, "storage": st.one_of(values, st.just({"type": "local", "rootPath": "."}))},
    optional={
        "readers": st.lists(st.dictionaries(st.sampled_from(KEYS), values, max_size=5), max_size=3),
        "table": values,
        "conflicts": values,
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(descriptor=descriptors)
def test_random_descriptors_only_produce_issues(tmp_path: Path, descriptor: dict[str, Any]) -> None:
    report = verify(descriptor, base_dir=tmp_path)
    assert not report.find("internal-error"), str(report)
    try:
        load(descriptor, base_dir=tmp_path)
    except DescriptorError as exc:
        assert exc.issues
        assert not report.valid
