"""The demo's sample dataset: a small online shop, generated deterministically.

The shop has customers, products and orders. Orders and customers are written as
Parquet and served by the local Mill-compatible server (the "remote" side); products and
monthly sales targets are written as CSV and registered as a local source, so the demo
can join remote and local tables side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

__all__ = ["DemoDataset", "generate"]

_CITIES = ["Zurich", "Geneva", "Basel", "Bern", "Lausanne", "Lugano", "Lucerne", "St. Gallen"]
_SEGMENTS = ["consumer", "small business", "enterprise"]
_STATUSES = ["delivered", "shipped", "cancelled", "returned"]
_CATEGORIES = {
    "books": ["Atlas of Alps", "Calcite Cookbook", "Data on Trains", "Lakes & Rivers"],
    "garden": ["Rake", "Hose 25 m", "Seed mix", "Watering can", "Pruner"],
    "kitchen": ["Kettle", "Chef knife", "Fondue set", "Coffee grinder", "Cast iron pan"],
    "outdoor": ["Tent 2p", "Headlamp", "Hiking poles", "Sleeping bag", "Water filter"],
    "toys": ["Wooden train", "Puzzle 500", "Kite", "Marble run"],
}

_SERVER_DESCRIPTOR = """\
# Served by the demo's local Mill server: one table per Parquet file.
name: shop
storage:
  type: local
  rootPath: remote
readers:
  - type: parquet
    table:
      mapping:
        type: regex
        pattern: '(?<table>[^/]+)\\.parquet$'
"""

_LOCAL_DESCRIPTOR = """\
# Registered in the notebook/session as a local source: plain CSV files.
name: planning
storage:
  type: local
  rootPath: local
readers:
  - type: csv
    format:
      inferSchema: true
    table:
      mapping:
        type: regex
        pattern: '(?<table>[^/]+)\\.csv$'
"""


@dataclass(frozen=True)
class DemoDataset:
    """Where the generated files are.

    Attributes:
        root: The folder holding everything.
        server_descriptor: Descriptor of the Parquet tables the server serves (``shop``).
        local_descriptor: Descriptor of the local CSV tables (``planning``).
        rows: Number of order rows.
    """

    root: Path
    server_descriptor: Path
    local_descriptor: Path
    rows: int


def generate(root: Path, *, rows: int = 200_000, seed: int = 7) -> DemoDataset:
    """Write the shop dataset under ``root`` (created if needed) and return its layout.

    The same ``rows`` and ``seed`` always give byte-identical data.

    Args:
        root: Output folder; ``remote/`` and ``local/`` are created inside it.
        rows: Number of orders (customers are ``rows // 20``, at least 10).
        seed: Seed of the random generator.

    Returns:
        The paths of the generated descriptors and data.

    Raises:
        ValueError: If ``rows`` is not positive.
    """
    if rows <= 0:
        raise ValueError(f"rows must be positive, got {rows}")
    rng = np.random.default_rng(seed)
    remote = root / "remote"
    local = root / "local"
    remote.mkdir(parents=True, exist_ok=True)
    local.mkdir(parents=True, exist_ok=True)

    products = _products()
    customers = _customers(rng, max(10, rows // 20))
    orders = _orders(rng, rows, customers.num_rows, products)
    pq.write_table(customers, remote / "customers.parquet")
    pq.write_table(orders, remote / "orders.parquet", row_group_size=50_000)
    pacsv.write_csv(products, local / "products.csv")
    pacsv.write_csv(_targets(products), local / "targets.csv")

    server_descriptor = root / "shop.yaml"
    local_descriptor = root / "planning.yaml"
    server_descriptor.write_text(_SERVER_DESCRIPTOR)
    local_descriptor.write_text(_LOCAL_DESCRIPTOR)
    return DemoDataset(root, server_descriptor, local_descriptor, rows)


def _products() -> pa.Table:
    names = [(cat, name) for cat, items in _CATEGORIES.items() for name in items]
    ids = np.arange(1, len(names) + 1, dtype=np.int64)
    price = np.round(4.99 + (ids * 37 % 23) * 7.5, 2)
    return pa.table(
        {
            "product_id": ids,
            "name": [n for _, n in names],
            "category": [c for c, _ in names],
            "list_price": price,
        }
    )


def _customers(rng: np.random.Generator, n: int) -> pa.Table:
    ids = np.arange(1, n + 1, dtype=np.int64)
    city = rng.integers(0, len(_CITIES), n)
    segment = rng.choice(len(_SEGMENTS), n, p=[0.7, 0.22, 0.08])
    signup = np.datetime64("2021-01-01") + rng.integers(0, 3 * 365, n).astype("timedelta64[D]")
    return pa.table(
        {
            "customer_id": ids,
            "name": pa.array([f"Customer {i:06d}" for i in ids]),
            "city": pa.array(np.array(_CITIES)[city]),
            "segment": pa.array(np.array(_SEGMENTS)[segment]),
            "signup_date": pa.array(signup, pa.date32()),
        }
    )


def _orders(rng: np.random.Generator, n: int, customers: int, products: pa.Table) -> pa.Table:
    product = rng.integers(0, products.num_rows, n)
    list_price = products["list_price"].to_numpy()[product]
    discount = rng.choice([1.0, 0.95, 0.9, 0.8], n, p=[0.7, 0.15, 0.1, 0.05])
    start = np.datetime64("2024-01-01T00:00:00", "ms")
    offset_ms = np.sort(rng.integers(0, 365 * 24 * 3600 * 1000, n))
    status = rng.choice(len(_STATUSES), n, p=[0.82, 0.1, 0.05, 0.03])
    coupon = np.where(rng.random(n) < 0.15, rng.integers(1, 50, n), 0)
    return pa.table(
        {
            "order_id": np.arange(1, n + 1, dtype=np.int64),
            "customer_id": rng.integers(1, customers + 1, n).astype(np.int64),
            "product_id": products["product_id"].to_numpy()[product],
            "ordered_at": pa.array(start + offset_ms.astype("timedelta64[ms]"), pa.timestamp("ms")),
            "quantity": rng.integers(1, 6, n).astype(np.int32),
            "unit_price": np.round(list_price * discount, 2),
            "status": pa.array(np.array(_STATUSES)[status]),
            # a nullable column: most orders have no coupon
            "coupon": pa.array(coupon, mask=coupon == 0, type=pa.int32()),
        }
    )


def _targets(products: pa.Table) -> pa.Table:
    categories = sorted(_CATEGORIES)
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    base = {c: 20_000 + 7_500 * i for i, c in enumerate(categories)}
    return pa.table(
        {
            "category": [c for c in categories for _ in months],
            "month": [m for _ in categories for m in months],
            "target_revenue": [float(base[c] + 1_000 * k) for c in categories for k in range(12)],
        }
    )
