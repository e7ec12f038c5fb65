"""The catalog through ibis: Mill schemas as databases, tables, schemas, names and errors."""

from __future__ import annotations

import ibis
import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import pytest


def test_list_databases_hides_calcite_metadata(shop) -> None:
    assert shop.list_databases() == ["archive", "shop"]
    assert shop.list_databases(like="^sh") == ["shop"]


def test_list_tables(shop) -> None:
    assert shop.list_tables() == ["customers", "orders"]
    assert shop.list_tables(database="archive") == ["old_orders"]
    assert shop.list_tables(like="cust") == ["customers"]


def test_table_schema_maps_mill_types(shop) -> None:
    schema = shop.get_schema("orders")
    assert schema == ibis.schema(
        {
            "id": "int64",
            "customer_id": "int32",
            "status": "string",
            "quantity": "int16",
            "priority": "int8",
            "amount": "float64",
            "weight": "float32",
            "price": "float64",
            "paid": "boolean",
            "ordered_on": "date",
            "ordered_at": dt.Timestamp(scale=3),
        }
    )


def test_table_in_another_database(shop) -> None:
    t = shop.table("old_orders", database="archive")
    assert t.schema() == ibis.schema({"id": "int64", "note": "string"})
    assert t.count().execute() == 2


def test_tables_accessor(shop) -> None:
    assert sorted(shop.tables) == ["customers", "orders"]
    assert shop.tables.customers.columns == ("id", "name", "city")


def test_wrong_case_table_gets_did_you_mean(shop) -> None:
    with pytest.raises(com.TableNotFound) as info:
        shop.table("Orders")
    assert str(info.value) == "Table 'Orders' not found in schema 'shop'. Did you mean 'orders'?"


def test_unknown_table(shop) -> None:
    with pytest.raises(com.TableNotFound) as info:
        shop.table("invoices")
    assert str(info.value) == "Table 'invoices' not found in schema 'shop'."


def test_misspelt_table_suggests_the_closest(shop) -> None:
    with pytest.raises(com.TableNotFound) as info:
        shop.table("ordrs")
    assert str(info.value) == "Table 'ordrs' not found in schema 'shop'. Did you mean 'orders'?"


def test_unknown_database(shop) -> None:
    with pytest.raises(com.IbisInputError) as info:
        shop.list_tables(database="Archive")
    assert str(info.value) == (
        "Schema 'Archive' not found on the Mill server. Did you mean 'archive'? "
        "Schemas: 'shop', 'archive'."
    )


def test_catalogs_do_not_exist(shop) -> None:
    with pytest.raises(
        com.IbisInputError, match=r"^Mill has schemas \(ibis databases\) but no catalogs"
    ):
        shop.table("orders", database=("cat", "shop"))
    assert shop.table("orders", database=(None, "shop")).count().execute() == 5
