"""ibis's shared backend suite on ``ibis.mill``: a deterministic sample, in the default test run.

The full suite runs with ``bash scripts/conformance.sh`` (about 1,900 tests; a few minutes on
two workers). Here one test in :data:`SAMPLE` (chosen by a hash of its id, so the same ones
every time and spread over every module) runs with the same plugin, manifest and settings, in
a separate pytest process: ibis's suite brings its own conftests, fixtures and markers, which
must not leak into this project's tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ibis_mill.engines.calcite import calcite_available

CONFORMANCE = Path(__file__).resolve().parent
REPO = CONFORMANCE.parent.parent
DATA = REPO.parent / "shared" / "datasets" / "ibis-testing" / "parquet"

#: One test in SAMPLE runs.
SAMPLE = 6

#: What ibis's suite imports beyond this project's test dependencies (requirements.txt here).
SUITE_MODULES = ("filelock", "pytest_mock", "pytest_snapshot", "rich", "xdist")


def _missing() -> str | None:
    absent = [name for name in SUITE_MODULES if importlib.util.find_spec(name) is None]
    if absent:
        return (
            f"ibis's test suite needs {', '.join(absent)}: "
            "pip install -r tests/conformance/requirements.txt"
        )
    if not DATA.is_dir():
        return f"needs ibis's test tables in {DATA} (../shared/datasets, present in CI)"
    return calcite_available()


@pytest.mark.timeout(1200)
def test_sampled_ibis_suite_has_no_unexpected_outcome(tmp_path: Path) -> None:
    reason = _missing()
    if reason is not None:
        pytest.skip(reason)
    summary_file = tmp_path / "summary.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CONFORMANCE), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(CONFORMANCE / "conformance.ini"),
        "--rootdir",
        str(CONFORMANCE),
        "-n",
        "2",
        "-q",
        "-rfE",
        f"--mill-sample={SAMPLE}",
        f"--mill-summary={summary_file}",
        f"--basetemp={tmp_path / 'run'}",
        "--pyargs",
        "ibis.backends.tests",
    ]
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    output = (run.stdout + run.stderr)[-6000:]
    assert summary_file.is_file(), f"the sample run wrote no summary:\n{output}"
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    assert summary["unexpected"] == [], output
    assert (summary["failed"], summary["errors"]) == (0, 0), output
    assert summary["xfailed_unlisted"] == [], "expected failures outside the manifest"
    assert summary["stale_entries"] == [], "manifest entries naming tests that do not exist"
    assert summary["passed"] > summary["xfailed"] > 0, output
    assert run.returncode == 0, output
