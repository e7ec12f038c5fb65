#!/usr/bin/env bash
# Install ibis-mill with its test extras into a virtual environment and run the tests.
#
#   bash scripts/test.sh                 # the default suite
#   bash scripts/test.sh -k vectors -x   # any pytest arguments pass through
#
# VENV picks the environment (default .venv); it is created when missing. The exact
# versions verified for this release are pinned in requirements/constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test
source scripts/_env.sh
# Apache Calcite 1.29 (for the Calcite engine) ships inside this wheel; its own
# dependencies are not needed, hence --no-deps.
"$PY" -m pip install --quiet --no-deps -c requirements/constraints.txt dask-sql
exec "$PY" -m pytest "$@"
