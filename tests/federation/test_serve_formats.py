"""``python -m ibis_mill serve`` serves every part of the descriptor model, on both engines.

One descriptor holds a fixed-width table, a TSV table, a CSV table with non-default options,
an Excel and an Avro table, and a union of two CSV readers with a constant attribute.
The CLI runs as a subprocess; the tables are read back through ``ibis.mill``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import fastavro
import ibis
import openpyxl
import pytest
from backend.serving import served

DESCRIPTOR = r"""
name: model
storage: {type: local, rootPath: data}
conflicts: {parts: union}
readers:
  - type: fwf
    format:
      columns: [{name: id, start: 0, end: 3}, {name: city, start: 3, end: 10}]
      inferSchema: true
    table: {mapping: {type: regex, pattern: '/fwf/(?<table>[^/]+)\.txt$'}}
  - type: tsv
    format: {hasHeader: true}
    table: {mapping: {type: regex, pattern: '/tsv/(?<table>[^/]+)\.tsv$'}}
  - type: csv
    format: {delimiter: '|', comment: '#', quote: "'", inferSchema: true}
    table: {mapping: {type: regex, pattern: '/csv/(?<table>[^/]+)\.csv$'}}
  - type: excel
    format: {inferSchema: true}
    table: {mapping: {type: regex, pattern: '/xlsx/(?<table>[^/]+)\.xlsx$'}}
  - type: avro
    table: {mapping: {type: regex, pattern: '/avro/(?<table>[^/]+)\.avro$'}}
  - type: csv
    table:
      mapping: {type: regex, pattern: '/a/(?<table>[^/]+)\.csv$'}
      attributes: [{name: part, source: CONSTANT, value: a}]
  - type: csv
    table:
      mapping: {type: regex, pattern: '/b/(?<table>[^/]+)\.csv$'}
      attributes: [{name: part, source: CONSTANT, value: b}]
"""

#: Each table's rows (ordered by its first column) and ibis schema, as served.
EXPECTED = {
    "airports": (
        {"id": [1, 2, 3], "city": ["Oslo", "Rome", None]},
        {"id": "int64", "city": "string"},
    ),
    "people": ({"id": ["1", "2"], "name": ["Ada", "Grace"]}, {"id": "string", "name": "string"}),
    "scores": (
        {"id": [1, 2], "name": ["A|da", "Linus"], "score": [1.5, None]},
        {"id": "int64", "name": "string", "score": "float64"},
    ),
    "fleet": (
        {"id": [1, 2], "code": ["SKY1", "SKY2"], "seats": [180, 220]},
        {"id": "int64", "code": "string", "seats": "int64"},
    ),
    "flights": ({"id": [100, 101], "origin": ["ZRH", "GVA"]}, {"id": "int64", "origin": "string"}),
    "parts": (
        {"id": ["1", "2"], "v": ["x", "y"], "part": ["a", "b"]},
        {"id": "string", "v": "string", "part": "string"},
    ),
}


@pytest.fixture
def descriptor(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for folder in ("fwf", "tsv", "csv", "xlsx", "avro", "a", "b"):
        (data / folder).mkdir(parents=True)
    (data / "fwf" / "airports.txt").write_text("001Oslo   \n002Rome   \n003       \n")
    (data / "tsv" / "people.tsv").write_text("id\tname\n1\tAda\n2\tGrace\n")
    (data / "csv" / "scores.csv").write_text(
        textwrap.dedent(
            """\
            # a comment line
            id|name|score
            1|'A|da'|1.5
            2|Linus|
            """
        )
    )
    workbook = openpyxl.Workbook()
    for row in (("id", "code", "seats"), (1, "SKY1", 180), (2, "SKY2", 220)):
        workbook.active.append(row)
    workbook.save(data / "xlsx" / "fleet.xlsx")
    schema = {
        "type": "record",
        "name": "flight",
        "fields": [{"name": "id", "type": "long"}, {"name": "origin", "type": "string"}],
    }
    with open(data / "avro" / "flights.avro", "wb") as out:
        fastavro.writer(out, schema, [{"id": 100, "origin": "ZRH"}, {"id": 101, "origin": "GVA"}])
    (data / "a" / "parts.csv").write_text("id,v\n1,x\n")
    (data / "b" / "parts.csv").write_text("id,v\n2,y\n")
    path = tmp_path / "model.yaml"
    path.write_text(DESCRIPTOR)
    return path


def serve_and_check(descriptor: Path, engine: str) -> None:
    with served(str(descriptor), "--engine", engine, cwd=descriptor.parent) as running:
        con = ibis.mill.connect(running.grpc_url)
        assert con.list_tables() == sorted(EXPECTED)
        for name, (rows, schema) in EXPECTED.items():
            table = con.table(name)
            # nullability aside: the DuckDB engine serves Avro's required columns as nullable
            as_nullable = {
                column: dtype.copy(nullable=True) for column, dtype in table.schema().items()
            }
            assert ibis.schema(as_nullable) == ibis.schema(schema), name
            first = table.columns[0]
            assert table.order_by(first).to_pyarrow().to_pydict() == rows, name
        con.disconnect()
        running.proc.terminate()
        assert running.proc.wait(timeout=30) == 0


def test_serve_the_model_on_duckdb(descriptor: Path) -> None:
    serve_and_check(descriptor, "duckdb")


@pytest.mark.calcite
def test_serve_the_model_on_calcite(descriptor: Path) -> None:
    from ibis_mill.engines.calcite import calcite_available

    if (reason := calcite_available()) is not None:
        pytest.skip(reason)
    serve_and_check(descriptor, "calcite")
