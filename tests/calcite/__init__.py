"""Tests on the Calcite engine: the skymill corpus through a Mill wire server on real Calcite."""
