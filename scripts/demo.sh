#!/usr/bin/env bash
# Install ibis-mill into a virtual environment and run the demo (`python -m ibis_mill demo`):
# it generates a sample dataset, serves it on a local Mill-compatible server and analyses
# it with ibis. Any arguments pass through, e.g. `bash scripts/demo.sh --rows 1000000`.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=calcite
source scripts/_env.sh
exec "$PY" -m ibis_mill demo "$@"
