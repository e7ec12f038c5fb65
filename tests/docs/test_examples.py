"""The documentation's code examples run against the code, and its SQL is the compiler's.

Every ``python`` block of every page runs, unless it is marked not run (see
:mod:`tests.docs.examples`). The blocks of a page share one namespace and run in order, in a
folder holding the demo's ``shop-demo`` data, against a local server on the DuckDB engine
that serves ``shop-demo/shop.yaml``: ``localhost:9090`` and ``localhost:8080`` in the
examples are that server's gRPC and HTTP addresses. The SQL dialect page is checked without
a server: its examples must compile to exactly the SQL shown.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import ibis
import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import pytest

from ibis_mill.datatypes import calcite_type_name
from ibis_mill.demo.data import generate
from ibis_mill.engines import engine_from_descriptors
from mill_client.server import MillServer

from .examples import DOCS, REFUSAL, Block, code_blocks, split_last_expression

DIALECT_PAGE = "sql-dialect/index.md"
PAGES = sorted(
    path.relative_to(DOCS).as_posix()
    for path in DOCS.rglob("*.md")
    if path.relative_to(DOCS).as_posix() != DIALECT_PAGE
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, MillServer]]:
    """The demo data (10,000 orders, as in the docs) and a server for ``shop.yaml``."""
    root = tmp_path_factory.mktemp("docs")
    dataset = generate(root / "shop-demo", rows=10_000)
    engine = engine_from_descriptors("duckdb", [dataset.server_descriptor])
    with MillServer(engine) as server:
        yield root, server


def _run(block: Block, namespace: dict[str, object], server: MillServer) -> None:
    """Run one block; a failure's traceback names the page and line (``docs/<page>:<line>``)."""
    code = block.code.replace("localhost:9090", f"127.0.0.1:{server.grpc_port}").replace(
        "localhost:8080", f"127.0.0.1:{server.http_port}"
    )
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, block.where, "exec"), namespace)  # noqa: S102 (the docs' own code)


@pytest.mark.parametrize("page", PAGES)
def test_python_examples_run(page, shop, monkeypatch):
    root, server = shop
    monkeypatch.chdir(root)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in code_blocks(page):
        if block.lang == "python" and block.not_run is None:
            _run(block, namespace, server)


def test_the_examples_use_the_documented_server():
    blocks = [b for page in PAGES for b in code_blocks(page) if b.lang == "python"]
    run = [b for b in blocks if b.not_run is None]
    assert len(run) >= 20
    assert any("localhost:9090" in b.code for b in run)
    assert any("localhost:8080" in b.code for b in run)


def _dialect_examples() -> list[tuple[Block, Block | None]]:
    """The dialect page's python blocks, each with the sql/text block that states its result."""
    blocks = code_blocks(DIALECT_PAGE)
    pairs = []
    for block, following in zip(blocks, [*blocks[1:], None]):
        if block.lang != "python":
            continue
        stated = following is not None and (
            following.lang == "sql"
            or (following.lang == "text" and following.code.startswith(REFUSAL))
        )
        pairs.append((block, following if stated else None))
    return pairs


def _value(block: Block, namespace: dict[str, object]) -> object:
    statements, last = split_last_expression(block.code)
    exec(compile(statements, block.where, "exec"), namespace)  # noqa: S102 (the docs' own code)
    return eval(compile(last, block.where, "eval"), namespace)


def test_sql_dialect_examples_compile_to_the_sql_shown():
    namespace: dict[str, object] = {"__name__": "__docs__"}
    checked = 0
    for block, stated in _dialect_examples():
        if stated is None:
            exec(compile(block.code, block.where, "exec"), namespace)  # noqa: S102 (the docs' own code)
            continue
        checked += 1
        if stated.lang == "text":
            with pytest.raises(com.UnsupportedOperationError) as info:
                ibis.mill.compile(_value(block, namespace))
            assert f"{REFUSAL}{info.value}" == stated.code, block.where
            continue
        value = _value(block, namespace)
        sql = value if isinstance(value, str) else ibis.mill.compile(value, pretty=True)
        assert sql == stated.code, f"{block.where} compiles to:\n{sql}"
    assert checked >= 12


def test_cast_table_is_the_type_mappers():
    text = (DOCS / DIALECT_PAGE).read_text(encoding="utf-8")
    section = text.split("## Cast types", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", section, flags=re.MULTILINE)
    assert len(rows) >= 18
    for ibis_type, calcite in rows:
        assert calcite_type_name(dt.dtype(ibis_type)) == calcite, ibis_type
