"""``ibis.mill.connect()`` without a URL: local sources only, no server, the same API."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import fastavro
import ibis
import ibis.common.exceptions as com
import openpyxl
import pytest
from ibis import _

from .conftest import crm_yaml


@pytest.fixture
def embedded() -> Iterator[ibis.BaseBackend]:
    con = ibis.mill.connect()
    yield con
    con.disconnect()


@pytest.fixture
def formats_descriptor(tmp_path: Path) -> str:
    """A source ``fleet`` with one table per format DuckDB cannot scan itself: Excel
    (``aircraft``), Avro (``flights``) and fixed width (``airports``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (("id", "code", "seats"), (1, "SKY1", 180), (2, "SKY2", 220), (3, "SKY3", 90)):
        sheet.append(row)
    workbook.save(tmp_path / "aircraft.xlsx")
    schema = {
        "type": "record",
        "name": "flight",
        "fields": [
            {"name": "id", "type": "long"},
            {"name": "aircraft_id", "type": "long"},
            {"name": "origin", "type": "string"},
        ],
    }
    flights = [
        {"id": 100, "aircraft_id": 1, "origin": "ZRH"},
        {"id": 101, "aircraft_id": 1, "origin": "GVA"},
        {"id": 102, "aircraft_id": 2, "origin": "ZRH"},
    ]
    with open(tmp_path / "flights.avro", "wb") as out:
        fastavro.writer(out, schema, flights)
    (tmp_path / "airports.txt").write_text("ZRHZurich \nGVAGeneva \n")
    return textwrap.dedent(
        f"""\
        name: fleet
        storage: {{type: local, rootPath: '{tmp_path.as_posix()}'}}
        readers:
          - type: excel
            format: {{inferSchema: true}}
            table: {{mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.xlsx$'}}}}
          - type: avro
            table: {{mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.avro$'}}}}
          - type: fwf
            format:
              columns: [{{name: code, start: 0, end: 3}}, {{name: city, start: 3, end: 10}}]
            table: {{mapping: {{type: regex, pattern: '(?<table>[^/]+)\\.txt$'}}}}
        """
    )


def test_embedded_backend_without_sources(embedded) -> None:
    assert embedded.version == f"embedded (DuckDB {duckdb.__version__})"
    assert embedded.embedded is True
    assert embedded.list_databases() == []
    assert embedded.databases() == {}
    assert embedded.current_database is None
    with pytest.raises(com.IbisInputError) as info:
        embedded.table("customers")
    assert str(info.value) == (
        "No current database: this embedded backend has no source yet. Register one with "
        "register_source(), or pass database=."
    )


def test_registered_descriptor_answers_queries_without_a_server(
    embedded, crm_descriptor: str
) -> None:
    assert embedded.register_source(crm_descriptor) == "crm"
    assert embedded.current_database == "crm"
    assert embedded.list_databases() == ["crm"]
    assert embedded.databases() == {"crm": "local"}
    assert embedded.list_tables() == ["customers", "regions"]
    customers, regions = embedded.table("customers"), embedded.table("regions")
    expr = (
        customers.join(regions, "city")
        .group_by("region")
        .agg(customers=_.count(), gold=(_.tier == "gold").sum())
        .order_by("region")
    )
    assert embedded.plan(expr).kind == "local"
    assert expr.to_pyarrow().to_pydict() == {
        "region": ["north", "west"],
        "customers": [4, 1],
        "gold": [1, 1],
    }
    assert expr.execute().to_dict("list") == {
        "region": ["north", "west"],
        "customers": [4, 1],
        "gold": [1, 1],
    }
    assert customers.count().execute() == 5


def test_connect_with_sources(crm_descriptor: str, formats_descriptor: str) -> None:
    con = ibis.mill.connect(sources=[crm_descriptor, formats_descriptor], database="fleet")
    try:
        assert con.list_databases() == ["crm", "fleet"]
        assert con.current_database == "fleet"
        assert con.list_tables() == ["aircraft", "airports", "flights"]
        assert con.table("regions", database="crm").count().execute() == 3
    finally:
        con.disconnect()


def test_formats_read_through_arrow(embedded, formats_descriptor: str) -> None:
    embedded.register_source(formats_descriptor)
    aircraft, flights, airports = (
        embedded.table("aircraft"),
        embedded.table("flights"),
        embedded.table("airports"),
    )
    assert aircraft.schema() == ibis.schema({"id": "int64", "code": "string", "seats": "int64"})
    # Avro types without a null branch are required columns
    assert flights.schema() == ibis.schema(
        {"id": "!int64", "aircraft_id": "!int64", "origin": "!string"}
    )
    joined = flights.join(aircraft, flights.aircraft_id == aircraft.id).join(
        airports, flights.origin == airports.code
    )
    expr = joined.group_by(airports.city).agg(seats=aircraft.seats.sum()).order_by("city")
    assert expr.to_pyarrow().to_pydict() == {"city": ["Geneva", "Zurich"], "seats": [180, 400]}


def test_names_duckdb_would_confuse(embedded, tmp_path: Path) -> None:
    for name in ("Sales", "sales", "main"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "items.csv").write_text(f"source\n{name}\n")
        text = crm_yaml(folder).replace("name: crm", f"name: {name}")
        assert embedded.register_source(text) == name
    for name in ("Sales", "sales", "main"):
        assert embedded.table("items", database=name).source.to_pyarrow().to_pylist() == [name]


def test_unregister_in_embedded_mode(embedded, crm_descriptor: str) -> None:
    embedded.register_source(crm_descriptor)
    customers = embedded.table("customers")
    embedded.unregister_source("crm")
    assert embedded.current_database is None
    with pytest.raises(com.IbisError) as info:
        customers.execute()
    assert str(info.value) == (
        "The expression reads crm.customers, which no registered local source holds, and "
        "this backend is embedded (no Mill server). Register the source again, or connect "
        "to the Mill server that has it."
    )
    with pytest.raises(com.IbisInputError) as info:
        embedded.table("customers", database="crm")
    assert str(info.value) == (
        "No local source named 'crm' is registered. Registered sources: none. This backend "
        "is embedded (no Mill server): register sources with register_source()."
    )


SERVER_ONLY = (
    "needs a Mill server, but this backend is embedded (connected without a URL): it queries "
    "local sources only. Use expressions on their tables, or connect with "
    "ibis.mill.connect(url)."
)


def test_server_only_methods_say_why(embedded, crm_descriptor: str) -> None:
    embedded.register_source(crm_descriptor)
    with pytest.raises(com.IbisError) as info:
        embedded.raw_sql("SELECT 1")
    assert str(info.value) == f"raw_sql() {SERVER_ONLY}"
    with pytest.raises(com.IbisError) as info:
        embedded.sql("SELECT 1 AS `x`")
    assert str(info.value) == f"sql() {SERVER_ONLY}"
    with pytest.raises(com.IbisError) as info:
        embedded.client  # noqa: B018
    assert str(info.value) == f"client {SERVER_ONLY}"


def test_server_options_need_a_url() -> None:
    with pytest.raises(ValueError) as info:
        ibis.mill.connect(user="ada", password="pw")
    assert str(info.value) == (
        "user, password need a Mill server URL; without one the backend is embedded "
        "(local sources only)."
    )
    with pytest.raises(ValueError, match=r"^timeout needs a Mill server URL; "):
        ibis.mill.connect(timeout=3)
