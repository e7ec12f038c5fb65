#!/usr/bin/env bash
# Run ibis's shared backend test suite (ibis.backends.tests, shipped in the ibis wheel)
# against ibis.mill, through the Mill wire (gRPC), on the Calcite engine, and print how
# many tests passed, failed, errored and were expected to fail (per manifest category).
#
#   bash scripts/conformance.sh                         # the full suite on 2 workers
#   WORKERS=4 bash scripts/conformance.sh               # more workers
#   SUITE=ibis.backends.tests.test_string bash scripts/conformance.sh   # one module
#   bash scripts/conformance.sh --mill-sample 8         # the CI subset (1 test in 8)
#   bash scripts/conformance.sh --mill-record new.txt   # unexpected failures as manifest lines
#
# Other arguments pass through to pytest (-k, -x, --mill-summary FILE ...). Expected
# failures are listed in tests/conformance/manifest.txt. Needs ../shared/datasets (the ibis
# test tables), Java 17 and the Calcite jar (installed here from dask-sql). VENV picks the
# environment (default .venv), created when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test
source scripts/_env.sh
"$PY" -m pip install --quiet --no-deps -c requirements/constraints.txt dask-sql
"$PY" -m pip install --quiet -r tests/conformance/requirements.txt
export PYTHONPATH="$PWD/tests/conformance${PYTHONPATH:+:$PYTHONPATH}"
exec "$PY" -m pytest -c tests/conformance/conformance.ini --rootdir tests/conformance \
  -n "${WORKERS:-2}" -q -rfE --pyargs "${SUITE:-ibis.backends.tests}" "$@"
