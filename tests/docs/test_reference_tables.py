"""The documentation's reference tables name every option the code has, with its default."""

from __future__ import annotations

import enum
import inspect
import json
import re
from dataclasses import MISSING, fields

import pytest

import mill_client
from ibis_mill.backend import Backend
from ibis_mill.cli import build_parser
from ibis_mill.sources import load_string
from ibis_mill.sources.options import FORMAT_OPTIONS, camel_key
from mill_client.client import MillClient
from mill_client.result import QueryResult

from .examples import DOCS, code_blocks

_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|", re.MULTILINE)


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of any level."""
    after = text.split(f"\n{heading}\n", 1)[1]
    return re.split(r"\n#{1,6} ", after, maxsplit=1)[0]


def _documented_default(value: object) -> str:
    """How the descriptor page writes an option's default."""
    if value is None:
        return "none"
    if value == ():
        return "required"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, enum.Enum):
        return f"`{value.name}`"
    if isinstance(value, str):
        return f"`{json.dumps(value)}`"
    return f"`{value}`"


@pytest.mark.parametrize("kind", ["csv", "tsv", "fwf", "excel"])
def test_every_format_option_is_documented_with_its_default(kind):
    rows = dict(_ROW.findall(_section(_page("descriptors.md"), f"### `{kind}`")))
    options = {camel_key(f.name): f.default for f in fields(FORMAT_OPTIONS[kind])}
    assert set(rows) == set(options)
    for key, default in options.items():
        assert default is not MISSING
        written = rows[key].strip()
        expected = _documented_default(default)
        assert written == expected or written.startswith(f"{expected} ("), (key, written)


@pytest.mark.parametrize("kind", ["parquet", "avro", "arrow"])
def test_formats_without_options_are_documented_so(kind):
    assert fields(FORMAT_OPTIONS[kind]) == ()
    section = _section(_page("descriptors.md"), "### `parquet`, `avro`, `arrow`")
    assert section.lstrip().startswith("These have no options.")


def test_descriptor_examples_are_valid(tmp_path):
    complete = [
        block
        for block in code_blocks("descriptors.md")
        if block.lang == "yaml" and re.search(r"^name: ", block.code, re.MULTILINE)
    ]
    assert len(complete) >= 3
    for block in complete:
        descriptor = load_string(block.code, base_dir=tmp_path)
        assert descriptor.readers, block.where


def _first_cells(section: str) -> set[str]:
    """The names in backticks in the first cell of each table row."""
    cells = re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE)
    return {name for cell in cells for name in re.findall(r"`(\w+)`", cell)}


def test_ibis_connect_keywords_are_documented():
    documented = _first_cells(_section(_page("connecting.md"), "## Options"))
    assert documented == set(inspect.signature(Backend.do_connect).parameters) - {"self"}


def test_mill_client_connect_keywords_are_documented():
    documented = _first_cells(_section(_page("mill-client.md"), "## `connect`"))
    assert documented == set(inspect.signature(mill_client.connect).parameters) - {"url"}


def test_mill_client_api_is_documented():
    text = _page("mill-client.md")
    for name in mill_client.__all__:
        if name != "__version__":
            assert re.search(rf"\b{name}\b", text), name
    for cls in (MillClient, QueryResult):
        for name, _ in inspect.getmembers(cls):
            if not name.startswith("_"):
                assert f"`{name}" in text, f"{cls.__name__}.{name}"


def test_serve_options_are_documented():
    rows = _section(_page("local-server.md"), "## `python -m ibis_mill serve`")
    serve = build_parser()._subparsers._group_actions[0].choices["serve"]
    for action in serve._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert f"| `{option}` |" in rows, option


def test_every_integration_variable_is_documented():
    conftest = (DOCS.parent / "tests" / "integration" / "conftest.py").read_text()
    variables = set(re.findall(r"MILL_IT_\w+", conftest))
    text = _page("testing-against-mill.md")
    assert {"MILL_IT_HOST", "MILL_IT_PROTOCOL"} <= variables
    for variable in variables:
        assert f"`{variable}`" in text, variable
