"""``python -m ibis_mill serve``: a real subprocess serving a descriptor over free ports."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ibis_mill.cli import build_parser

from .serving import serve, served

DESCRIPTOR = r"""
name: shop
storage:
  type: local
  rootPath: data
readers:
  - type: parquet
    table:
      mapping:
        type: regex
        pattern: '(?<table>[^/]+)\.parquet$'
"""


@pytest.fixture
def descriptor(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(
        pa.table({"id": [1, 2, 3], "city": ["Bern", "Basel", "Chur"]}), data / "cities.parquet"
    )
    pq.write_table(pa.table({"id": [7], "city_id": [2]}), data / "orders.parquet")
    (data / "README.txt").write_text("not a table: the regex skips it\n")
    path = tmp_path / "shop.yaml"
    path.write_text(DESCRIPTOR)
    return path


@pytest.fixture
def server(descriptor: Path) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    with served(str(descriptor), cwd=descriptor.parent) as running:
        yield running.proc, running.grpc_url, running.http_url


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_urls_serves_and_stops_cleanly(server, stop: signal.Signals) -> None:
    proc, grpc_url, http_url = server
    assert grpc_url.startswith("grpc://127.0.0.1:"), grpc_url
    assert http_url.startswith("http://127.0.0.1:") and http_url.endswith("/services/jet"), http_url
    for url, options in ((grpc_url, {}), (http_url, {"encoding": "protobuf"})):
        con = ibis.mill.connect(url, **options)
        assert con.list_databases() == ["shop"]
        assert con.list_tables() == ["cities", "orders"]
        cities, orders = con.table("cities"), con.table("orders")
        expr = orders.join(cities, orders.city_id == cities.id).select(orders.id, cities.city)
        assert expr.to_pyarrow().to_pydict() == {"id": [7], "city": ["Basel"]}
        con.disconnect()
    proc.send_signal(stop)
    assert proc.wait(timeout=30) == 0


@pytest.mark.calcite
def test_serve_on_the_calcite_engine(descriptor: Path) -> None:
    from ibis_mill.engines.calcite import calcite_available

    if (reason := calcite_available()) is not None:
        pytest.skip(reason)
    with served(str(descriptor), "--engine", "calcite", cwd=descriptor.parent) as running:
        assert running.http_url.endswith("/services/jet")
        con = ibis.mill.connect(running.grpc_url)
        cities = con.table("cities")
        expr = cities.filter(cities.id != 2).order_by("id").city
        assert expr.to_pyarrow().to_pylist() == ["Bern", "Chur"]
        con.disconnect()
        running.proc.terminate()
        assert running.proc.wait(timeout=30) == 0


def test_serve_with_basic_auth(descriptor: Path) -> None:
    with served(str(descriptor), "--auth", "basic:ada:pw", cwd=descriptor.parent) as running:
        con = ibis.mill.connect(running.grpc_url, user="ada", password="pw")
        assert con.table("cities").count().to_pyarrow().as_py() == 3
        con.disconnect()
        running.proc.terminate()
        assert running.proc.wait(timeout=30) == 0


def test_invalid_descriptor_exits_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: shop\nstorage: {type: local, rootPath: missing}\nreaders: []\n")
    proc = serve(str(bad), "--grpc-port", "0", "--http-port", "0", cwd=tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert out == ""
    assert err.startswith(f"error: cannot serve {bad}: ")


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (["--auth", "basic:nopassword"], "expected basic:USER:PASS or bearer:TOKEN"),
        (["--grpc-port", "70000"], "port must be 0..65535, got 70000"),
        (["--engine", "spark"], "invalid choice: 'spark'"),
    ],
)
def test_bad_arguments_are_usage_errors(
    argument: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["serve", "x.yaml", *argument])
    assert info.value.code == 2
    assert message in capsys.readouterr().err
