"""Registering local sources on a backend connected to a Mill server: the catalog and errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ibis
import ibis.common.exceptions as com
import pytest

from ibis_mill.sources import DescriptorError, load
from mill_client.server import MillServer

from .conftest import crm_yaml


@pytest.fixture
def con(shop_server: MillServer) -> Iterator[ibis.BaseBackend]:
    """A fresh connection to ``shop_server`` without local sources."""
    con = ibis.mill.connect(shop_server.grpc_url)
    yield con
    con.disconnect()


def test_register_source_adds_a_local_database(con, crm_descriptor: str) -> None:
    assert con.register_source(crm_descriptor) == "crm"
    assert con.list_databases() == ["crm", "shop"]
    assert con.list_databases(like="^c") == ["crm"]
    assert con.databases() == {"shop": "remote", "crm": "local"}
    assert con.list_sources() == ["crm"]
    assert con.current_database == "shop"
    assert con.list_tables(database="crm") == ["customers", "regions"]
    assert con.list_tables(database="crm", like="^reg") == ["regions"]
    assert con.get_schema("regions", database="crm") == ibis.schema(
        {"city": "string", "region": "string"}
    )
    customers = con.table("customers", database="crm")
    assert customers.schema() == ibis.schema(
        {"id": "int64", "name": "string", "city": "string", "tier": "string"}
    )
    assert customers.op().namespace.database == "crm"
    assert customers.id.max().execute() == 50


def test_every_descriptor_form_registers(con, crm_descriptor: str, tmp_path: Path) -> None:
    path = tmp_path / "crm.yaml"
    path.write_text(crm_descriptor)
    forms = {"path": path, "text path": str(path), "descriptor": load(crm_descriptor)}
    for number, (form, source) in enumerate(forms.items()):
        name = f"crm_{number}"
        assert con.register_source(source, name=name) == name, form
        assert con.table("regions", database=name).count().execute() == 3, form


def test_relative_root_of_yaml_text_resolves_against_base_dir(con, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "items.csv").write_text("id\n1\n2\n")
    text = crm_yaml(Path("data")).replace("name: crm", "name: items")
    assert con.register_source(text, base_dir=tmp_path) == "items"
    assert con.table("items", database="items").id.sum().execute() == 3


def test_name_override(con, crm_descriptor: str) -> None:
    assert con.register_source(crm_descriptor, name="crm_copy") == "crm_copy"
    assert con.databases() == {"shop": "remote", "crm_copy": "local"}


def test_a_source_named_like_a_remote_schema_is_rejected(con, crm_descriptor: str) -> None:
    with pytest.raises(com.IbisInputError) as info:
        con.register_source(crm_descriptor, name="shop")
    assert str(info.value) == (
        f"'shop' is a schema of the Mill server at {con.client.url}; a local source cannot "
        "have the same name. Register it under another name: register_source(..., name=...)."
    )
    assert con.list_sources() == []


def test_calcite_metadata_schema_is_taken_too(con, crm_descriptor: str) -> None:
    with pytest.raises(com.IbisInputError, match=r"^'metadata' is a schema of the Mill server"):
        con.register_source(crm_descriptor, name="metadata")


def test_two_local_sources_with_the_same_name_are_rejected(con, crm_descriptor: str) -> None:
    con.register_source(crm_descriptor)
    with pytest.raises(com.IbisInputError) as info:
        con.register_source(crm_descriptor)
    assert str(info.value) == (
        "A local source named 'crm' is already registered. Unregister it first "
        "(unregister_source('crm')), or pass another name (register_source(..., name=...))."
    )


def test_empty_name_is_rejected(con, crm_descriptor: str) -> None:
    with pytest.raises(com.IbisInputError, match=r"^A local source needs a non-empty name\.$"):
        con.register_source(crm_descriptor, name="")


def test_invalid_descriptor_lists_every_issue(con, tmp_path: Path) -> None:
    text = (
        "name: broken\n"
        f"storage: {{type: local, rootPath: '{tmp_path.as_posix()}'}}\n"
        "readers:\n"
        "  - type: csv\n"
        "    hasheader: true\n"
    )
    with pytest.raises(DescriptorError) as info:
        con.register_source(text)
    assert str(info.value) == (
        "Cannot register the source: its descriptor has 2 errors. Fix them and register it "
        "again.\n"
        "  ERROR [parse/unknown-key] at readers[0].hasheader: unknown key 'hasheader' "
        "(upstream would silently ignore it); allowed keys: type, label, format, table\n"
        "  ERROR [static/missing-mapping] at readers[0]: the reader has no table mapping and "
        "the source has no default 'table'; add 'table: {mapping: ...}' to the reader or the "
        "source\n"
        "  INFO [deep/deep-skipped]: files were not checked: fix the errors above first"
    )
    assert [issue.code for issue in info.value.issues] == [
        "unknown-key",
        "missing-mapping",
        "deep-skipped",
    ]
    assert info.value.__cause__ is None
    assert con.list_sources() == []


def test_missing_root_is_a_verification_error(con, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(DescriptorError) as info:
        con.register_source(crm_yaml(missing))
    assert str(info.value) == (
        "Cannot register the source: its descriptor has 1 error. Fix them and register it "
        f"again.\n  ERROR [deep/root-missing] at storage.rootPath: root path {missing} does "
        "not exist"
    )


def test_unregister_source(con, crm_descriptor: str) -> None:
    con.register_source(crm_descriptor)
    customers = con.table("customers", database="crm")
    assert customers.count().execute() == 5
    con.unregister_source("crm")
    assert con.list_databases() == ["shop"]
    assert con.databases() == {"shop": "remote"}
    with pytest.raises(com.IbisInputError, match=r"^Database 'crm' is neither|^Schema 'crm'"):
        con.table("customers", database="crm")
    con.register_source(crm_descriptor)
    assert con.table("customers", database="crm").count().execute() == 5


def test_unregister_unknown_source(con, crm_descriptor: str) -> None:
    con.register_source(crm_descriptor)
    with pytest.raises(com.IbisInputError) as info:
        con.unregister_source("CRM")
    assert str(info.value) == (
        "No local source named 'CRM' is registered. Did you mean 'crm'? Registered sources: 'crm'."
    )
    with pytest.raises(com.IbisInputError) as info:
        con.unregister_source("shop")
    assert str(info.value) == (
        "No local source named 'shop' is registered. Registered sources: 'crm'."
    )


def test_unknown_table_of_a_local_source(con, crm_descriptor: str) -> None:
    con.register_source(crm_descriptor)
    with pytest.raises(com.TableNotFound) as info:
        con.table("Customers", database="crm")
    assert (
        str(info.value)
        == "Table 'Customers' not found in local source 'crm'. Did you mean 'customers'?"
    )


def test_unknown_database_names_schemas_and_sources(con, crm_descriptor: str) -> None:
    con.register_source(crm_descriptor)
    with pytest.raises(com.IbisInputError) as info:
        con.list_tables(database="crn")
    assert str(info.value) == (
        "Database 'crn' is neither a schema of the Mill server nor a local source. "
        "Did you mean 'crm'? Schemas: 'shop'; local sources: 'crm'."
    )


def test_connect_registers_sources_and_may_select_one(
    shop_server: MillServer, crm_descriptor: str
) -> None:
    con = ibis.mill.connect(shop_server.grpc_url, sources=[crm_descriptor], database="crm")
    try:
        assert con.current_database == "crm"
        assert con.list_tables() == ["customers", "regions"]
        assert con.table("regions").region.nunique().execute() == 2
        con.unregister_source("crm")
        assert con.current_database == "shop"
    finally:
        con.disconnect()


def test_connect_with_an_invalid_source_fails_and_closes(shop_server: MillServer) -> None:
    with pytest.raises(DescriptorError, match=r"^Cannot register the source: "):
        ibis.mill.connect(shop_server.grpc_url, sources=["name: x\nreaders: []\n"])
