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
    ("method", "args", "kwargs"),
    [
        ("drop_table", ("orders",), {}),
        ("drop_view", ("orders",), {}),
        ("insert", ("orders", [{"id": 6}]), {}),
        ("upsert", ("orders", [{"id": 1, "status": "x"}], "id"), {}),
        ("truncate_table", ("orders",), {}),
        ("rename_table", ("orders", "orders2"), {}),
        ("drop_table", ("old_orders",), {"database": "archive"}),
    ],
)
def test_changing_a_server_table_is_rejected_as_read_only(
    shop_grpc, shop_server, method: str, args: tuple, kwargs: dict
) -> None:
    before = list(shop_server.received_sql)
    with pytest.raises(MillReadOnlyError) as info:
        getattr(shop_grpc, method)(*args, **kwargs)
    assert isinstance(info.value, com.UnsupportedOperationError)
    assert str(info.value) == (
        f"Mill is read-only: {method} cannot change a table of the Mill server or of a local "
        "source. Make a session table with create_table() and change that, or write results "
        "locally (to_parquet(), to_csv(), another backend)."
    )
    assert shop_server.received_sql == before


@pytest.mark.parametrize("method", ["create_table", "create_view"])
def test_a_session_table_cannot_take_a_server_table_name(shop_grpc, method: str) -> None:
    obj = shop_grpc.table("customers") if method == "create_view" else [{"a": 1}]
    with pytest.raises(com.IbisInputError) as info:
        getattr(shop_grpc, method)("orders", obj)
    assert str(info.value) == (
        "'orders' is a table of database 'shop'; a session table cannot have the same name. "
        "Choose another name."
    )
    assert shop_grpc.list_tables() == ["customers", "orders"]
