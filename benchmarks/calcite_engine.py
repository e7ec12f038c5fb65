"""Benchmark: loading Arrow data into the Calcite engine and scanning it back.

Builds one seeded table (default 1M rows; int64, double and string columns; 10% nulls per
column), serves it from a :class:`ibis_mill.engines.calcite.CalciteEngine` and times, best
of ``--repeat`` runs (each on a fresh engine, so the copy into Java is measured every time):

- ``load``: the first query touching the table, ``SELECT COUNT(*)``, minus the same query's
  planning time measured on the loaded table (what is left is the Arrow -> Java copy);
- ``scan``: ``SELECT *`` read to the end as Arrow (Java rows -> column arrays -> Arrow);
- ``filter + project``: a ``WHERE``/computed-column query over the loaded table.

It prints rows/s for each. The JVM start and helper compilation happen once, before timing.

Run: ``python benchmarks/calcite_engine.py [--rows N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ibis_mill.engines.calcite import CalciteEngine, calcite_available


def make_table(rows: int, seed: int = 7) -> pa.Table:
    """A seeded table of int64, double and string columns with 10% nulls each."""
    rng = np.random.default_rng(seed)

    def nulls() -> np.ndarray:
        return rng.random(rows) < 0.1

    words = np.array(["alpha", "beta", "gamma", "delta", "épsilon", "zeta"])
    return pa.table(
        {
            "id": pa.array(rng.integers(-(10**12), 10**12, rows), mask=nulls()),
            "value": pa.array(rng.normal(size=rows), mask=nulls()),
            "name": pa.array(words[rng.integers(0, len(words), rows)], mask=nulls()),
        }
    )


def best(repeat: int, run) -> float:
    """The shortest of ``repeat`` timings of ``run()``, which returns seconds."""
    return min(run() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reason = calcite_available()
    if reason is not None:
        sys.exit(f"Calcite engine unavailable: {reason}")
    table = make_table(args.rows)
    count = "SELECT COUNT(*) AS `n` FROM `b`.`t`"
    CalciteEngine({"warm": {"t": table.slice(0, 10)}}).execute(
        "SELECT * FROM `warm`.`t`"
    ).read_all()

    def load() -> float:
        engine = CalciteEngine({"b": {"t": table}})
        start = time.perf_counter()
        engine.execute(count).read_all()
        first = time.perf_counter() - start
        start = time.perf_counter()
        engine.execute(count).read_all()
        return first - (time.perf_counter() - start)

    engine = CalciteEngine({"b": {"t": table}})
    engine.execute(count).read_all()

    def query(sql: str) -> float:
        start = time.perf_counter()
        result = engine.execute(sql).read_all()
        elapsed = time.perf_counter() - start
        assert result.num_rows > 0
        return elapsed

    timings = {
        "load (Arrow -> Java)": best(args.repeat, load),
        "scan (SELECT *)": best(args.repeat, lambda: query("SELECT * FROM `b`.`t`")),
        "filter + project": best(
            args.repeat,
            lambda: query(
                "SELECT `id`, `value` * 2 AS `v2`, UPPER(`name`) AS `n` FROM `b`.`t` "
                "WHERE `value` > 0"
            ),
        ),
    }
    print(f"{args.rows:,} rows (int64, double, string; 10% nulls), best of {args.repeat}")
    for name, seconds in timings.items():
        print(f"  {name:<22} {seconds:8.3f} s  {args.rows / seconds / 1e6:6.2f} M rows/s")


if __name__ == "__main__":
    main()
