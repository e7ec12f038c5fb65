"""Calcite SQL, parsed as ``mill`` and written as ``duckdb``, computes Calcite's values in DuckDB.

The expected values are what Apache Calcite returns for the same statements (checked with
Calcite 1.29 through JPype): Sunday is day 1, weeks start on Sunday for FLOOR, TIMESTAMPDIFF
counts whole units, DESC sorts NULLs first. One type differs: DuckDB types DATE ± INTERVAL (and
so TIMESTAMPADD, FLOOR(d TO WEEK) and CEIL on dates) as TIMESTAMP where Calcite keeps a DATE.
"""

from __future__ import annotations

import datetime

import duckdb
import pytest
import sqlglot

import ibis_mill.dialect  # noqa: F401  (registers the "mill" dialect)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA shop")
    connection.execute(
        "CREATE TABLE shop.orders AS SELECT * FROM (VALUES "
        "(1, 'open', 10.0, DATE '2024-03-17'), (2, 'shipped', NULL, DATE '2024-03-18'), "
        "(3, 'open', 5.5, NULL)) AS v(id, status, amount, day)"
    )
    yield connection
    connection.close()


def run(con, sql: str) -> list[tuple]:
    return con.execute(sqlglot.transpile(sql, read="mill", write="duckdb")[0]).fetchall()


D = datetime.date
TS = datetime.datetime


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT EXTRACT(DOW FROM DATE '2024-03-17')", 1),
        ("SELECT EXTRACT(DOW FROM DATE '2024-03-16')", 7),
        ("SELECT EXTRACT(ISODOW FROM DATE '2024-03-17')", 7),
        ("SELECT EXTRACT(DOY FROM DATE '2024-03-17')", 77),
        ("SELECT EXTRACT(WEEK FROM DATE '2024-01-01')", 1),
        ("SELECT EXTRACT(QUARTER FROM DATE '2024-05-01')", 2),
        ("SELECT EXTRACT(MILLISECOND FROM TIMESTAMP '2024-01-01 00:00:01.500')", 1500),
        ("SELECT EXTRACT(SECOND FROM TIMESTAMP '2024-01-01 00:00:01.500')", 1),
        # DuckDB types DATE ± INTERVAL as TIMESTAMP where Calcite keeps a DATE; values agree.
        ("SELECT FLOOR(DATE '2024-03-13' TO WEEK)", TS(2024, 3, 10)),
        ("SELECT FLOOR(DATE '2024-03-17' TO WEEK)", TS(2024, 3, 17)),
        ("SELECT FLOOR(DATE '2024-03-13' TO MONTH)", D(2024, 3, 1)),
        ("SELECT FLOOR(TIMESTAMP '2024-03-13 10:11:12.345' TO HOUR)", TS(2024, 3, 13, 10)),
        ("SELECT CEIL(DATE '2024-03-13' TO MONTH)", TS(2024, 4, 1)),
        ("SELECT CEIL(DATE '2024-03-01' TO MONTH)", TS(2024, 3, 1)),
        ("SELECT CEIL(TIMESTAMP '2024-03-13 10:11:12' TO DAY)", TS(2024, 3, 14)),
        (
            "SELECT TIMESTAMPDIFF(MONTH, TIMESTAMP '2024-01-31 00:00:00', "
            "TIMESTAMP '2024-02-29 00:00:00')",
            1,
        ),
        (
            "SELECT TIMESTAMPDIFF(DAY, TIMESTAMP '2024-01-01 23:00:00', "
            "TIMESTAMP '2024-01-02 01:00:00')",
            0,
        ),
        ("SELECT TIMESTAMPDIFF(MONTH, DATE '2024-01-15', DATE '2024-03-14')", 1),
        ("SELECT TIMESTAMPDIFF(HOUR, TIME '01:58:00', TIME '23:59:59')", 22),
        ("SELECT TIMESTAMPADD(MONTH, 1, DATE '2024-01-31')", TS(2024, 2, 29)),
        (
            "SELECT TIMESTAMPADD(QUARTER, 1, TIMESTAMP '2024-01-31 10:00:00')",
            TS(2024, 4, 30, 10),
        ),
        ("SELECT TIMESTAMPADD(WEEK, 1, DATE '2024-01-01')", TS(2024, 1, 8)),
        (
            "SELECT TIMESTAMPADD(SQL_TSI_HOUR, -2, TIMESTAMP '2024-01-01 01:00:00')",
            TS(2023, 12, 31, 23),
        ),
        ("SELECT DATE '2024-01-01' + INTERVAL '100' DAY(3)", TS(2024, 4, 10)),
        (
            "SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '1:30' HOUR TO MINUTE",
            TS(2024, 1, 1, 1, 30),
        ),
        (
            "SELECT TIMESTAMP '2024-01-01 00:00:00.000' + INTERVAL '0.25' SECOND",
            TS(2024, 1, 1, 0, 0, 0, 250000),
        ),
        ("SELECT TIMESTAMP '2024-01-01 10:11:12.345'", TS(2024, 1, 1, 10, 11, 12, 345000)),
        ("SELECT TIME '10:11:12.5'", datetime.time(10, 11, 12, 500000)),
        ("SELECT MOD(-7, 2)", -1),
        ("SELECT CHAR_LENGTH('abc')", 3),
        ("SELECT SUBSTRING('abcdef' FROM 2 FOR 3)", "bcd"),
        ("SELECT SUBSTRING('abcdef' FROM 4)", "def"),
        ("SELECT POSITION('c' IN 'abcabc')", 3),
        ("SELECT TRIM(BOTH 'x' FROM 'xxaxx')", "a"),
        ("SELECT TRIM(LEADING 'x' FROM 'xxaxx')", "axx"),
        ("SELECT TRIM(TRAILING FROM '  a  ')", "  a"),
        ("SELECT 'a' || 'b' || CAST(1 AS VARCHAR)", "ab1"),
        ("SELECT 'it''s'", "it's"),
        ("SELECT UPPER('abc') <> 'abc'", True),
        ("SELECT UNKNOWN", None),
        ("SELECT X'0AFF'", b"\n\xff"),
        ("SELECT CAST(1.5 AS FLOAT)", 1.5),
        ("SELECT CASE WHEN 1 > 0 THEN CAST('a' AS VARCHAR) ELSE 'bcd' END", "a"),
    ],
)
def test_scalar_values(con, sql, expected):
    assert run(con, sql) == [(expected,)]


def test_unquoted_names_fold_and_still_find_lower_case_tables(con):
    assert run(con, "SELECT id FROM shop.orders WHERE status = 'open' ORDER BY id") == [(1,), (3,)]


def test_backtick_names(con):
    assert run(con, "SELECT `o`.`id` AS `Id` FROM `shop`.`orders` AS `o` ORDER BY `o`.`id`") == [
        (1,),
        (2,),
        (3,),
    ]


def test_descending_order_puts_nulls_first_like_calcite(con):
    assert run(con, "SELECT amount FROM shop.orders ORDER BY amount DESC") == [
        (None,),
        (10.0,),
        (5.5,),
    ]
    assert run(con, "SELECT amount FROM shop.orders ORDER BY amount") == [(5.5,), (10.0,), (None,)]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM shop.orders ORDER BY id LIMIT 1 OFFSET 1",
        "SELECT id FROM shop.orders ORDER BY id OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY",
        "SELECT id FROM shop.orders ORDER BY id OFFSET 1 ROW FETCH FIRST 1 ROW ONLY",
    ],
)
def test_paging_forms(con, sql):
    assert run(con, sql) == [(2,)]


def test_grouping_windows_and_set_operations(con):
    assert run(
        con,
        "SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM shop.orders "
        "GROUP BY status HAVING COUNT(*) > 1",
    ) == [("open", 2, 15.5)]
    assert run(
        con,
        "SELECT id, ROW_NUMBER() OVER (PARTITION BY status ORDER BY id DESC) AS r "
        "FROM shop.orders ORDER BY id",
    ) == [(1, 2), (2, 1), (3, 1)]
    assert run(
        con,
        "WITH o AS (SELECT id FROM shop.orders) SELECT id FROM o WHERE id > 1 "
        "EXCEPT SELECT 3 FROM (VALUES (0)) AS z(z)",
    ) == [(2,)]


def test_subqueries(con):
    assert run(
        con,
        "SELECT id FROM shop.orders AS o WHERE EXISTS "
        "(SELECT 1 FROM shop.orders AS p WHERE p.id = o.id + 1) ORDER BY id",
    ) == [(1,), (2,)]
    assert run(
        con, "SELECT id FROM shop.orders WHERE amount > (SELECT AVG(amount) FROM shop.orders)"
    ) == [(1,)]
