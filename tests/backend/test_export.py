"""Writing results to local files: Parquet partitioned by columns (hive layout), and JSON."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from ibis_mill.engines.duckdb import DuckDBEngine
from mill_client import MillQueryError
from mill_client.server import MillServer
from mill_client.server.engine import EngineError

from .conftest import shop_tables

ORDERS_JSON = """\
[
\t{"id":1,"customer_id":10,"status":"shipped","amount":10.5,"paid":true,"ordered_on":"2026-01-01","ordered_at":"2026-01-01 12:30:15.25"},
\t{"id":2,"customer_id":10,"status":"delivered","amount":20.25,"paid":false,"ordered_on":"2026-01-02","ordered_at":"2026-01-02 12:30:15.25"},
\t{"id":3,"customer_id":20,"status":"shipped","amount":null,"paid":true,"ordered_on":"2026-01-03","ordered_at":"2026-01-03 12:30:15.25"},
\t{"id":4,"customer_id":30,"status":null,"amount":7.0,"paid":null,"ordered_on":"2026-01-04","ordered_at":"2026-01-04 12:30:15.25"},
\t{"id":5,"customer_id":null,"status":"cancelled","amount":1.125,"paid":false,"ordered_on":"2026-01-05","ordered_at":"2026-01-05 12:30:15.25"}
]
"""

#: The columns of the ``orders`` fixture, as error messages list them.
COLUMNS = "id, customer_id, status, amount, paid, ordered_on, ordered_at"


def files_under(directory: Path) -> list[str]:
    """Every file below ``directory``, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


@pytest.fixture
def orders(shop_grpc) -> ibis.Table:
    t = shop_grpc.table("orders")
    return t.select("id", "customer_id", "status", "amount", "paid", "ordered_on", "ordered_at")


# -- to_json ------------------------------------------------------------------------------


def test_to_json_writes_an_array_of_row_objects(orders, tmp_path) -> None:
    path = tmp_path / "orders.json"
    orders.order_by("id").to_json(path)
    assert path.read_text() == ORDERS_JSON


def test_to_json_reads_back_with_pandas_as_records(orders, tmp_path) -> None:
    path = tmp_path / "orders.json"
    expr = orders.select("id", "status", "amount").order_by("id")
    expr.to_json(path)
    pd.testing.assert_frame_equal(pd.read_json(path, orient="records"), expr.to_pandas())


def test_to_json_of_an_empty_result_is_an_empty_array(orders, tmp_path) -> None:
    path = tmp_path / "none.json"
    orders.filter(orders.id > 100).to_json(path)
    assert path.read_text() == "[\n\t\n]\n"
    assert json.loads(path.read_text()) == []


def test_to_json_takes_params(orders, tmp_path) -> None:
    path = tmp_path / "shipped.json"
    status = ibis.param("string")
    expr = orders.filter(orders.status == status).select("id").order_by("id")
    expr.to_json(path, params={status: "shipped"})
    assert path.read_text() == '[\n\t{"id":1},\n\t{"id":3}\n]\n'


def test_to_json_compresses_by_extension(orders, tmp_path) -> None:
    path = tmp_path / "orders.json.gz"
    orders.order_by("id").to_json(path)
    assert gzip.decompress(path.read_bytes()).decode() == ORDERS_JSON


def test_to_json_compresses_when_asked(orders, tmp_path) -> None:
    path = tmp_path / "orders.json"
    orders.order_by("id").to_json(path, compression="gzip")
    assert gzip.decompress(path.read_bytes()).decode() == ORDERS_JSON


def test_to_json_writes_to_a_path_with_a_quote(orders, tmp_path) -> None:
    path = tmp_path / "it's.json"
    orders.select("id").filter(orders.id == 2).to_json(path)
    assert path.read_text() == '[\n\t{"id":2}\n]\n'


def test_to_json_refuses_an_unknown_compression(orders, tmp_path) -> None:
    with pytest.raises(ValueError) as info:
        orders.to_json(tmp_path / "x.json", compression="brotli")
    assert str(info.value) == "compression must be one of auto, none, gzip, zstd; got 'brotli'"
    assert not (tmp_path / "x.json").exists()


class FailingAfterOneBlock(DuckDBEngine):
    """Sends the first two rows of a result, then fails as a broken server would."""

    def execute(self, sql: str) -> pa.RecordBatchReader:
        reader = super().execute(sql)

        def batches() -> Iterator[pa.RecordBatch]:
            yield next(iter(reader)).slice(0, 2)
            raise EngineError("RuntimeException: disk on fire")

        return pa.RecordBatchReader.from_batches(reader.schema, batches())


@pytest.fixture
def failing() -> Iterator[ibis.BaseBackend]:
    """A connection to a server whose results break after their first block."""
    engine = FailingAfterOneBlock(shop_tables())
    with MillServer(engine) as server:
        con = ibis.mill.connect(server.grpc_url, database="shop", fetch_size=2)
        yield con
        con.disconnect()
    engine.close()


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [("to_json", {}), ("to_parquet", {"partition_by": "id"}), ("to_parquet", {})],
    ids=["json", "partitioned-parquet", "parquet"],
)
def test_a_server_error_mid_stream_is_raised_as_it_is(failing, tmp_path, method, kwargs) -> None:
    expr = failing.table("orders").select("id")
    with pytest.raises(MillQueryError) as info:
        getattr(expr, method)(tmp_path / "broken", **kwargs)
    assert str(info.value) == (
        "RuntimeException: disk on fire\nSQL: SELECT `t0`.`id` FROM `shop`.`orders` AS `t0`"
    )


# -- to_parquet(partition_by=...) ---------------------------------------------------------


def test_to_parquet_partition_by_writes_hive_directories(orders, tmp_path) -> None:
    out = tmp_path / "by_status.parquet"
    orders.select("id", "status", "amount").order_by("id").to_parquet(out, partition_by="status")
    assert files_under(out) == [
        "status=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
        "status=cancelled/part-0.parquet",
        "status=delivered/part-0.parquet",
        "status=shipped/part-0.parquet",
    ]
    shipped = pq.read_table(out / "status=shipped" / "part-0.parquet")
    assert shipped.schema == pa.schema([("id", pa.int64()), ("amount", pa.float64())])
    assert shipped.to_pydict() == {"id": [1, 3], "amount": [10.5, None]}
    unknown = pq.read_table(out / "status=__HIVE_DEFAULT_PARTITION__" / "part-0.parquet")
    assert unknown.to_pydict() == {"id": [4], "amount": [7.0]}


def test_partitioned_parquet_reads_back_whole(orders, tmp_path) -> None:
    out = tmp_path / "by_status"
    orders.to_parquet(out, partition_by="status")
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    back = table.sort_by("id").select(orders.columns)
    expected = orders.order_by("id").to_pyarrow()
    assert back.to_pydict() == expected.to_pydict()


def test_to_parquet_partition_by_nests_several_columns(orders, tmp_path) -> None:
    out = tmp_path / "nested"
    expr = orders.filter(orders.customer_id.notnull()).select("id", "customer_id", "paid")
    expr.order_by("id").to_parquet(out, partition_by=["customer_id", "paid"])
    assert files_under(out) == [
        "customer_id=10/paid=false/part-0.parquet",
        "customer_id=10/paid=true/part-0.parquet",
        "customer_id=20/paid=true/part-0.parquet",
        "customer_id=30/paid=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
    ]
    assert pq.read_table(out / "customer_id=10" / "paid=false" / "part-0.parquet").to_pydict() == {
        "id": [2]
    }


def test_to_parquet_partition_by_passes_parquet_and_dataset_options(orders, tmp_path) -> None:
    out = tmp_path / "options"
    orders.select("id", "status").order_by("id").to_parquet(
        out, partition_by="status", compression="zstd", max_rows_per_file=1, max_rows_per_group=1
    )
    assert files_under(out)[-2:] == [
        "status=shipped/part-0.parquet",
        "status=shipped/part-1.parquet",
    ]
    metadata = pq.ParquetFile(out / "status=shipped" / "part-1.parquet").metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_table(out / "status=shipped" / "part-1.parquet").to_pydict() == {"id": [3]}


def test_to_parquet_partition_by_takes_params(orders, tmp_path) -> None:
    out = tmp_path / "params"
    least = ibis.param("int64")
    expr = orders.filter(orders.id >= least).select("id", "status")
    expr.to_parquet(out, params={least: 5}, partition_by="status")
    assert files_under(out) == ["status=cancelled/part-0.parquet"]


def test_to_parquet_partition_by_refuses_a_non_empty_directory(orders, tmp_path) -> None:
    out = tmp_path / "twice"
    orders.to_parquet(out, partition_by="status")
    with pytest.raises(pa.ArrowInvalid, match="directory is not empty"):
        orders.to_parquet(out, partition_by="status")
    orders.filter(orders.id == 2).to_parquet(
        out, partition_by="status", existing_data_behavior="delete_matching"
    )
    assert pq.read_table(out / "status=delivered" / "part-0.parquet")["id"].to_pylist() == [2]


@pytest.mark.parametrize(
    ("partition_by", "error", "message"),
    [
        (
            "stat",
            ValueError,
            f"partition_by: no column 'stat' in the expression; its columns are: {COLUMNS}",
        ),
        (
            ["status", "Paid", "day"],
            ValueError,
            f"partition_by: no column 'Paid', 'day' in the expression; its columns are: {COLUMNS}",
        ),
        ([], ValueError, "partition_by names no column"),
        (["paid", "paid"], ValueError, "partition_by names 'paid' more than once"),
        (["status", 3], TypeError, "partition_by takes column names, got 3"),
    ],
    ids=["unknown", "unknown-among-several", "empty", "repeated", "not-a-name"],
)
def test_to_parquet_partition_by_is_checked_before_running(
    orders, tmp_path, partition_by, error, message
) -> None:
    out = tmp_path / "never"
    with pytest.raises(error) as info:
        orders.to_parquet(out, partition_by=partition_by)
    assert str(info.value) == message
    assert not out.exists()


def test_to_parquet_partition_by_refuses_its_own_dataset_arguments(orders, tmp_path) -> None:
    with pytest.raises(TypeError) as info:
        orders.to_parquet(tmp_path / "x", partition_by="status", partitioning_flavor="filename")
    assert str(info.value) == (
        "to_parquet(partition_by=...) sets these write_dataset arguments itself: "
        "partitioning_flavor"
    )


def test_to_parquet_partition_by_refuses_writer_options_twice(orders, tmp_path) -> None:
    file_options = ds.ParquetFileFormat().make_write_options(compression="gzip")
    with pytest.raises(TypeError) as info:
        orders.to_parquet(
            tmp_path / "x", partition_by="status", file_options=file_options, compression="zstd"
        )
    assert str(info.value) == (
        "Give Parquet writer options either in file_options or as keywords, not both: compression"
    )


def test_to_parquet_without_partition_by_writes_one_file(orders, tmp_path) -> None:
    path = tmp_path / "orders.parquet"
    orders.select("id", "status").order_by("id").to_parquet(path, compression="zstd")
    assert pq.read_table(path).to_pydict() == {
        "id": [1, 2, 3, 4, 5],
        "status": ["shipped", "delivered", "shipped", None, "cancelled"],
    }
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
