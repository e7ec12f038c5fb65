"""The main job: ``python -m ibis_mill demo`` runs end to end and prints correct results."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ibis_mill.demo import run
from ibis_mill.demo.data import generate

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    run(3_000, data_dir=root, out=out)
    return out.getvalue(), root


def _row(category: str, *values: int) -> re.Pattern[str]:
    cells = r"\s*┆\s*".join([re.escape(category), *map(str, values)])
    return re.compile(r"│\s*" + cells + r"\s*│")


def test_demo_prints_every_section(demo_output: tuple[str, Path]) -> None:
    text, _ = demo_output
    titles = re.findall(r"^== (.+?) =+$", text, flags=re.MULTILINE)
    assert titles == [
        "Catalog",
        "Revenue of delivered orders by city (lazy expression -> Calcite SQL)",
        "Monthly revenue, running total and rank (window functions)",
        "One result, three shapes: Arrow, polars, pandas",
        "The same query over HTTP (protobuf bodies)",
        "A large fetch, streamed block by block",
        "Side by side: remote orders joined with a local CSV source",
    ]
    assert "tables in 'shop': ['customers', 'orders']" in text
    assert "orders over HTTP: 3,000; over gRPC: 3,000" in text
    assert "databases now: ['planning', 'shop']" in text
    assert "FROM `shop`.`orders` AS `t0`" in text  # the Calcite SQL is shown
    assert text.rstrip().splitlines()[-1].startswith("Done in ")


def test_side_by_side_result_matches_duckdb_over_the_files(demo_output: tuple[str, Path]) -> None:
    text, root = demo_output
    side_by_side = text[text.index("== Side by side") :]
    expected = duckdb.sql(
        f"""
        SELECT p.category,
               CAST(ROUND(SUM(o.quantity * o.unit_price), 0) AS BIGINT) AS revenue,
               SUM(o.quantity) AS units
        FROM read_parquet('{root / "remote" / "orders.parquet"}') o
        JOIN read_csv('{root / "local" / "products.csv"}') p USING (product_id)
        WHERE o.status = 'delivered'
        GROUP BY p.category ORDER BY revenue DESC
        """
    ).fetchall()
    assert len(expected) == 5
    for category, revenue, units in expected:
        assert _row(category, revenue, units).search(side_by_side), (category, revenue, units)


def test_dataset_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", rows=1_000)
    second = generate(tmp_path / "b", rows=1_000)
    for name in ("remote/orders.parquet", "remote/customers.parquet"):
        assert pq.read_table(first.root / name).equals(pq.read_table(second.root / name))
    for name in ("local/products.csv", "local/targets.csv"):
        assert (first.root / name).read_bytes() == (second.root / name).read_bytes()
    orders = pq.read_table(first.root / "remote/orders.parquet")
    assert orders.num_rows == 1_000
    assert orders["coupon"].null_count > 0


def test_rows_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rows must be positive, got 0"):
        generate(tmp_path, rows=0)


def test_readme_command_runs_the_demo() -> None:
    run_ = subprocess.run(
        [sys.executable, "-m", "ibis_mill", "demo", "--rows", "2000"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run_.returncode == 0, run_.stderr
    assert "orders over HTTP: 2,000; over gRPC: 2,000" in run_.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "ibis_mill", "demo", "--rows", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "must be a positive whole number, got 0" in bad.stderr
