"""``sql()`` qualifies the current database's tables: Mill resolves only schema.table names."""

from __future__ import annotations

import pytest

import mill_client


def _probe(query: str) -> str:
    return f"SELECT * FROM ({query}) AS `t` LIMIT 0"


def test_unqualified_tables_of_the_current_database_get_its_schema(shop, shop_server) -> None:
    before = len(shop_server.received_sql)
    t = shop.sql('SELECT "id" FROM "customers" WHERE "city" = \'Zurich\'', dialect="duckdb")
    assert shop_server.received_sql[before:] == [
        _probe("SELECT `id` FROM `shop`.`customers` WHERE `city` = 'Zurich'")
    ]
    assert t.order_by("id").to_pyarrow().to_pydict() == {"id": [10, 30]}


def test_ctes_qualified_tables_and_unknown_names_are_left_alone(shop, shop_server) -> None:
    query = (
        "WITH `customers` AS (SELECT `id` FROM `archive`.`old_orders`) "
        "SELECT `c`.`id` FROM `customers` AS `c` CROSS JOIN `shop`.`orders` AS `o`"
    )
    before = len(shop_server.received_sql)
    t = shop.sql(query)
    assert shop_server.received_sql[before:] == [_probe(query)]
    assert t.count().to_pyarrow().as_py() == 10


def test_sql_that_mill_dialect_cannot_parse_is_sent_unchanged(shop, shop_server) -> None:
    before = len(shop_server.received_sql)
    with pytest.raises(mill_client.MillQueryError):
        shop.sql("SELECT FROM WHERE `customers`")
    assert shop_server.received_sql[before:] == [_probe("SELECT FROM WHERE `customers`")]
