"""Common DuckDB SQL, transpiled to the ``mill`` dialect, passes real Calcite's validator.

Lives beside the compiler tests because it shares their Calcite validator and tables.
"""

from __future__ import annotations

import pytest
import sqlglot

import ibis_mill.dialect  # noqa: F401  (registers the "mill" dialect)

DUCKDB_QUERIES = [
    "SELECT id, status FROM shop.orders WHERE amount > 10.5 AND status != 'x'",
    "SELECT o.id, c.name FROM shop.orders o JOIN shop.customers c ON o.customer_id = c.id",
    "SELECT o.id FROM shop.orders o LEFT JOIN shop.customers c ON o.customer_id = c.id "
    "WHERE c.id IS NULL",
    "SELECT c.name FROM shop.customers c SEMI JOIN shop.orders o ON o.customer_id = c.id",
    "SELECT c.name FROM shop.customers c ANTI JOIN shop.orders o ON o.customer_id = c.id",
    "SELECT status, COUNT(*) AS n, AVG(amount) AS a FROM shop.orders GROUP BY status "
    "HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT 5 OFFSET 1",
    "SELECT id, ROW_NUMBER() OVER (PARTITION BY status ORDER BY amount DESC) AS r, "
    "SUM(amount) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s "
    "FROM shop.orders",
    "SELECT id, LAG(amount, 1) OVER (ORDER BY id) AS p FROM shop.orders",
    "SELECT EXTRACT(YEAR FROM order_date) AS y, DATE_TRUNC('month', created_at) AS m, "
    "order_date + INTERVAL 3 DAY AS later, DATE_DIFF('day', order_date, DATE '2024-01-01') AS d "
    "FROM shop.orders",
    "SELECT LENGTH(status) AS l, SUBSTRING(status, 2, 3) AS s, UPPER(status) AS u, "
    "status || '!' AS e, CONCAT(status, 'x') AS c, REPLACE(status, 'a', 'b') AS r "
    "FROM shop.orders",
    "SELECT CAST(amount AS INTEGER) AS i, CAST(quantity AS VARCHAR) AS v, "
    "CAST(order_date AS TIMESTAMP) AS t, amount::DOUBLE AS d FROM shop.orders",
    "SELECT CASE WHEN amount > 10 THEN 'big' ELSE 'small' END AS size, "
    "COALESCE(status, 'none') AS s, NULLIF(quantity, 0) AS q, GREATEST(amount, 1) AS g "
    "FROM shop.orders",
    "SELECT quantity % 2 AS m, amount / 2 AS h, ABS(amount) AS a, ROUND(amount, 1) AS r "
    "FROM shop.orders",
    "SELECT id FROM shop.orders UNION ALL SELECT id FROM shop.customers EXCEPT SELECT 3",
    "WITH big AS (SELECT * FROM shop.orders WHERE amount > 10) SELECT COUNT(*) AS n FROM big",
    "SELECT name FROM shop.customers WHERE id IN (SELECT customer_id FROM shop.orders) "
    "AND EXISTS (SELECT 1 FROM shop.orders o WHERE o.customer_id = customers.id)",
    "SELECT id FROM shop.orders WHERE amount > (SELECT AVG(amount) FROM shop.orders)",
    "SELECT id FROM shop.orders QUALIFY ROW_NUMBER() OVER (ORDER BY id) <= 2",
    "SELECT DISTINCT status FROM shop.orders ORDER BY status NULLS FIRST",
]


@pytest.mark.calcite
@pytest.mark.parametrize("duckdb_sql", DUCKDB_QUERIES)
def test_duckdb_sql_transpiled_to_mill_passes_calcite(calcite, duckdb_sql):
    calcite.check(sqlglot.transpile(duckdb_sql, read="duckdb", write="mill")[0])
