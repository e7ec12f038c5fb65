"""Tests of the Mill source descriptors (package: relative imports)."""
