"""A pytest plugin that runs ibis's shared backend test suite against ``ibis.mill``.

Load it with ``-p mill_conformance`` (``tests/conformance`` on ``PYTHONPATH``) and select the
``mill`` parametrisations of ``ibis.backends.tests`` with ``-m mill``;
``tests/conformance/conformance.ini`` does both, and ``scripts/conformance.sh`` runs it. The
plugin

- registers ``ibis.backends.mill`` (this project's backend) and
  ``ibis.backends.mill.tests.conftest`` (our :class:`~mill_conformance.testconf.TestConf`),
  which ibis's fixtures import by name, and the markers ibis's suite uses;
- leaves out the TPC-H and TPC-DS queries (their data is not in ``../shared``),
  ``test_markers.py`` (ibis's self-test of its ``notimpl``/``notyet``/``never`` markers, which
  xfails on every backend by construction) and the tests ibis marks ``xfail`` for every backend
  (deselected: they measure nothing about Mill);
- points ibis's ``data_dir`` fixture at ``../shared/datasets/ibis-testing`` and keeps the SQL
  snapshots of ``mill`` in ``tests/conformance/snapshots`` (:mod:`mill_conformance.fixtures`);
- marks every test listed in the manifest of expected failures (``tests/conformance/
  manifest.txt`` by default) ``xfail(strict=True)``, so a listed test that passes fails the run
  (``run=False`` when its reason starts with ``(not run)``: a test Calcite cannot finish);
- with ``--mill-sample N``, keeps a deterministic 1-in-N sample of the tests (the CI subset);
- prints the outcome counts at the end, expected failures per category, and manifest entries
  naming tests that no longer exist; it also counts the passed tests that sent SQL to the
  Calcite server (the others passed without it: client-side checks, compile-only tests, or
  queries over session tables run in DuckDB); ``--mill-summary FILE`` writes them as JSON;
- with ``--mill-record FILE``, writes every unexpected failure as a ready-to-edit manifest
  line (category ``todo``, the error as the reason).
"""

from __future__ import annotations

import json
import sys
import types
import zlib
from pathlib import Path
from typing import Any

import pytest

from mill_conformance import fixtures
from mill_conformance.manifest import CATEGORIES, ExpectedFailure, read_manifest

__all__ = ["DEFAULT_MANIFEST", "NOT_RUN", "suite_id"]

#: The checked-in manifest of expected failures.
DEFAULT_MANIFEST = Path(__file__).resolve().parent.parent / "manifest.txt"

#: Test ids are taken from here on (site-packages paths vary).
_SUITE_ROOT = "ibis/backends/tests/"

#: A manifest reason starting with this marks a test that must not even be run.
NOT_RUN = "(not run)"

#: Parts of the suite left out (names in ``ibis/backends/tests``).
_LEFT_OUT = ("tpc", "test_markers.py")

#: Markers ibis's suite uses besides one per backend (ibis registers them in its own
#: pyproject.toml, which the wheel does not ship).
_IBIS_MARKERS = {
    "backend": "tests that use a backend",
    "core": "tests that use no backend",
    "benchmark": "benchmarks",
    "examples": "tests that download ibis examples",
    "notimpl": "functionality a backend has not exposed (xfail)",
    "notyet": "functionality a backend's engine lacks (xfail)",
    "never": "functionality a backend will never have (xfail)",
    "xfail_version": "xfail for some versions of a backend's dependencies",
    "tpch": "TPC-H queries",
    "tpcds": "TPC-DS queries",
}


def suite_id(location: tuple[str, int | None, str], nodeid: str) -> str:
    """The manifest id of a test: its file below ``ibis/backends/tests/``, ``::``, its name.

    Node ids of files outside the rootdir are relative to the command-line argument they were
    collected from, so the file is taken from the item's (or report's) ``location`` instead.

    Args:
        location: ``item.location`` or ``report.location`` (its path is relative to the
            rootdir and goes through ``ibis/backends/tests/``).
        nodeid: The node id, whose part after the first ``::`` names the test in its file.
    """
    path = location[0].replace("\\", "/")
    index = path.find(_SUITE_ROOT)
    module = path if index < 0 else path[index + len(_SUITE_ROOT) :]
    return f"{module}::{nodeid.split('::', 1)[1]}"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mill conformance", "ibis's backend suite on ibis.mill")
    group.addoption(
        "--mill-manifest",
        type=Path,
        default=DEFAULT_MANIFEST,
        help="manifest of expected failures (default: tests/conformance/manifest.txt)",
    )
    group.addoption(
        "--mill-sample",
        type=int,
        default=1,
        metavar="N",
        help="run a deterministic 1-in-N sample of the selected tests (default: all)",
    )
    group.addoption("--mill-summary", type=Path, help="write the outcome counts to this JSON file")
    group.addoption(
        "--mill-record",
        type=Path,
        help="write unexpected failures to this file as manifest lines (category todo)",
    )


def pytest_configure(config: pytest.Config) -> None:
    from ibis.backends import _get_backend_names

    if config.getoption("mill_sample") < 1:
        raise pytest.UsageError("--mill-sample must be a positive integer")
    _register_modules()
    fixtures.install_data_dir()
    for name in sorted(_get_backend_names()):
        config.addinivalue_line("markers", f"{name}: tests of the {name} backend")
    for name, description in _IBIS_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    config.pluginmanager.register(
        _Conformance(config, read_manifest(config.getoption("mill_manifest"))),
        "mill-conformance",
    )


def _register_modules() -> None:
    """Make ``ibis.backends.mill[.tests.conftest]`` importable, as ibis's fixtures expect."""
    import ibis_mill
    from mill_conformance import testconf

    tests = types.ModuleType("ibis.backends.mill.tests")
    tests.__path__ = []
    tests.conftest = testconf
    sys.modules.setdefault("ibis.backends.mill", ibis_mill)
    sys.modules.setdefault("ibis.backends.mill.tests", tests)
    sys.modules.setdefault("ibis.backends.mill.tests.conftest", testconf)


@pytest.hookimpl(tryfirst=True)  # before ibis's own, which answers False for its tests
def pytest_ignore_collect(collection_path: Path) -> bool | None:
    parts = collection_path.parts
    if len(parts) > 3 and parts[-4:-1] == ("ibis", "backends", "tests"):
        return parts[-1] in _LEFT_OUT or None
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the ``--mill-sample`` sample of the tests ``-m``/``-k`` selected (it runs after)."""
    sample = config.getoption("mill_sample")
    if sample == 1:
        return
    kept, dropped = [], []
    for item in items:
        in_sample = zlib.crc32(suite_id(item.location, item.nodeid).encode()) % sample == 0
        (kept if in_sample else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionstart(session: pytest.Session) -> None:
    """Register our fixtures after pytest-snapshot's, so that ours win."""
    session.config.pluginmanager.register(fixtures, "mill-fixtures")


def pytest_sessionfinish(session: pytest.Session) -> None:
    from mill_conformance import server

    server.stop()


#: The user property naming how many SQL queries a test's body sent to the Calcite server.
SQL_SENT = "mill_sql_sent"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Record how many queries the test body sent to the Calcite server."""
    from mill_conformance import server

    before = server.queries_received()
    try:
        return (yield)
    finally:
        item.user_properties.append((SQL_SENT, server.queries_received() - before))


class _Conformance:
    """The plugin's state: the manifest and the outcomes seen."""

    def __init__(self, config: pytest.Config, manifest: dict[str, ExpectedFailure]) -> None:
        self.config = config
        self.manifest = manifest
        self.stale: list[ExpectedFailure] = []
        self.xfailed: dict[str, set[str]] = {category: set() for category in CATEGORIES}
        self.unlisted_xfails: set[str] = set()
        self.unexpected: dict[str, str] = {}
        self.passed_with_sql: set[str] = set()

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Deselect what ibis xfails everywhere; mark the manifest's tests xfail; find entries
        that name no collected test.

        This runs before ``-m`` and ``-k`` deselect anything, so every collected id is seen.
        An entry is stale when its module was collected but its test id was not.
        """
        collected = {suite_id(item.location, item.nodeid) for item in items}
        modules = {test_id.split("::", 1)[0] for test_id in collected}
        everywhere = [item for item in items if _xfails_everywhere(item)]
        if everywhere:
            self.config.hook.pytest_deselected(items=everywhere)
            items[:] = [item for item in items if not _xfails_everywhere(item)]
        for item in items:
            entry = self.manifest.get(suite_id(item.location, item.nodeid))
            if entry is not None:
                reason = f"[{entry.category}] {entry.reason}"
                run = not entry.reason.startswith(NOT_RUN)
                item.add_marker(pytest.mark.xfail(strict=True, run=run, reason=reason))
        self.stale = [
            entry
            for test_id, entry in self.manifest.items()
            if test_id not in collected and test_id.split("::", 1)[0] in modules
        ]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Note the expected failures per category; remember unexpected failures.

        Tests are counted once, even when both their setup and teardown fail as expected.
        """
        test_id = suite_id(report.location, report.nodeid)
        if report.when == "call" and report.passed and dict(report.user_properties).get(SQL_SENT):
            self.passed_with_sql.add(test_id)
        if hasattr(report, "wasxfail") and report.skipped:
            entry = self.manifest.get(test_id)
            if entry is None:
                self.unlisted_xfails.add(test_id)
            else:
                self.xfailed[entry.category].add(test_id)
        elif report.failed:
            self.unexpected.setdefault(test_id, _failure_message(report))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Print the counts (and write ``--mill-summary`` / ``--mill-record``)."""
        summary = self.summary(terminalreporter.stats)
        write = terminalreporter.write_line
        terminalreporter.section("ibis.mill conformance")
        write(
            "passed {passed}, failed {failed}, errors {errors}, skipped {skipped}, "
            "xfailed {xfailed} (tests; pytest counts reports)".format(**summary)
        )
        write(
            f"  passed with SQL sent to the Calcite server: {summary['passed_with_sql']}; "
            f"without: {summary['passed'] - summary['passed_with_sql']}"
        )
        expected = summary["xfailed"] or 1
        for category, description in CATEGORIES.items():
            count = summary["xfailed_by_category"][category]
            write(f"  xfailed {category:<9} {count:>5}  ({count / expected:.1%}; {description})")
        if summary["xfailed_unlisted"]:
            write(f"  xfailed outside the manifest: {', '.join(summary['xfailed_unlisted'])}")
        for entry in self.stale:
            write(f"stale manifest entry (line {entry.line}): {entry.test_id}", red=True)
        path = self.config.getoption("mill_summary")
        if path is not None:
            path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        record = self.config.getoption("mill_record")
        if record is not None:
            lines = sorted(f"{test_id} | todo | {why}" for test_id, why in self.unexpected.items())
            record.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            write(f"{len(lines)} unexpected failures written to {record}")

    def summary(self, stats: dict[str, list[Any]]) -> dict[str, Any]:
        """The outcome counts of the run, from the terminal reporter's ``stats``."""

        def count(key: str) -> int:
            return len(stats.get(key, ()))

        by_category = {category: len(tests) for category, tests in self.xfailed.items()}
        return {
            "passed": count("passed"),
            "passed_with_sql": len(self.passed_with_sql),
            "failed": count("failed"),
            "errors": count("error"),
            "skipped": count("skipped"),
            "xfailed": sum(by_category.values()) + len(self.unlisted_xfails),
            "xpassed": count("xpassed"),
            "xfailed_by_category": by_category,
            "xfailed_unlisted": sorted(self.unlisted_xfails),
            "stale_entries": [entry.test_id for entry in self.stale],
            "unexpected": sorted(self.unexpected),
        }


def _xfails_everywhere(item: pytest.Item) -> bool:
    """Whether ibis marks the test ``xfail`` unconditionally (for every backend)."""
    return any(not mark.args for mark in item.iter_markers("xfail"))


def _failure_message(report: pytest.TestReport) -> str:
    """The first line of a failure's error, for a manifest reason."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = (crash.message if crash is not None else str(report.longrepr)).strip()
    first = text.splitlines()[0] if text else "failed"
    return f"{report.when}: {first}"[:300]
