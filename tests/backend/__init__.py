"""Tests of the ibis backend, the DuckDB engine and the CLI (package: relative imports)."""
