"""Tests of side-by-side execution: local sources next to Mill tables (package: relative imports)."""
