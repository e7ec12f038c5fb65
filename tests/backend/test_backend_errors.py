"""Clear errors: unsupported operations before any network call, server SQL errors, read-only."""

from __future__ import annotations

import ibis
import ibis.common.exceptions as com
import pytest

from ibis_mill import MillReadOnlyError
from mill_client import MillQueryError


def test_unsupported_operation_is_rejected_before_any_sql_is_sent(shop_grpc, shop_server) -> None:
    t = shop_grpc.table("customers")
    expr = t.select(m=t.name.re_search("^A"))
    before = list(shop_server.received_sql)
    with pytest.raises(com.UnsupportedOperationError, match=r"^Mill cannot run RegexSearch: "):
        expr.to_pyarrow()
    with pytest.raises(com.UnsupportedOperationError, match=r"^Mill cannot run RegexSearch: "):
        ibis.mill.compile(expr)
    assert shop_server.received_sql == before


def test_server_sql_error_shows_the_message_and_the_sql(shop_grpc) -> None:
    sql = "SELECT `nope` FROM `shop`.`customers`"
    with pytest.raises(MillQueryError) as info:
        shop_grpc.raw_sql(sql).read_all()
    error = info.value
    assert error.sql == sql
    assert error.code == "INVALID_ARGUMENT"
    assert error.message.startswith(
        'BinderException: Binder Error: Referenced column "nope" not found'
    )
    assert str(error).endswith(f"\nSQL: {sql}")


def test_sql_with_an_error_fails_when_defined(shop) -> None:
    with pytest.raises(MillQueryError) as info:
        shop.sql("SELECT * FROM `shop`.`Orders`")
    assert "Object 'Orders' not found within 'shop'; did you mean 'orders'?" in info.value.message


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("create_table", ("t", None)),
        ("drop_table", ("orders",)),
        ("create_view", ("v", None)),
        ("drop_view", ("v",)),
        ("insert", ("orders", None)),
        ("upsert", ("orders", None, "id")),
        ("truncate_table", ("orders",)),
        ("rename_table", ("orders", "orders2")),
    ],
)
def test_ddl_and_dml_are_rejected_as_read_only(
    shop_grpc, shop_server, method: str, args: tuple
) -> None:
    before = list(shop_server.received_sql)
    with pytest.raises(MillReadOnlyError) as info:
        getattr(shop_grpc, method)(*args)
    assert isinstance(info.value, com.UnsupportedOperationError)
    assert str(info.value).startswith(f"Mill is read-only: {method} is not supported.")
    assert shop_server.received_sql == before
