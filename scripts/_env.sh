# Sourced by scripts/demo.sh and scripts/test.sh: make (or reuse) the virtual environment
# named by VENV (default .venv) and install ibis-mill into it with the verified pins of
# requirements/constraints.txt. Sets PY to the environment's python.
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet -c requirements/constraints.txt -e ".[$EXTRAS]"
