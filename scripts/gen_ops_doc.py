"""Generate ``docs/sql-dialect/operations.md``, the supported-operations page, from the compiler.

Usage::

    python scripts/gen_ops_doc.py            # rewrite docs/sql-dialect/operations.md
    python scripts/gen_ops_doc.py --check    # exit 1 if the committed page is stale

Every concrete ibis value operation gets one row. Its status is what
``ibis.mill.has_operation`` answers, refined by the compiler's own tables: an operation in
``ibis_mill.compiler.PROVISIONAL_OPS`` is *provisional* (with the compiler's note), and an
unsupported one carries the message the compiler raises for it. Two kinds of operations are
not refused by Mill although ``has_operation`` answers False for them, as on every ibis
backend: ibis base classes that are never built themselves (only their subclasses are), and
the operations ibis resolves before the compiler runs (:data:`RESOLVED_BY_IBIS`).

The file is also an MkDocs hook (``hooks:`` in ``mkdocs.yml``): ``mkdocs build`` fails when
the committed page is stale, so the published page cannot drift from the compiler.
``tests/docs/test_operations_page.py`` checks the page against ``has_operation``.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "sql-dialect" / "operations.md"

SUPPORTED = "supported"
PROVISIONAL = "provisional"
UNSUPPORTED = "unsupported"
BASE_CLASS = "base class"
RESOLVED = "resolved by ibis"

#: Statuses whose operations ``ibis.mill.has_operation`` claims.
CLAIMED_STATUSES = (SUPPORTED, PROVISIONAL)

#: Operations ibis replaces before the compiler sees them, with what happens instead.
RESOLVED_BY_IBIS = {
    "Alias": "`expr.name(...)`: ibis turns names into the aliases of the SELECT it builds",
    "ScalarParameter": (
        "`ibis.param(...)`: ibis substitutes the value given in `params=` as a literal "
        "before compiling"
    ),
}

#: Section titles, keyed by the last part of the module that defines the operation.
SECTIONS = {
    "generic": "Generic",
    "logical": "Logic and comparisons",
    "numeric": "Numbers",
    "strings": "Strings",
    "temporal": "Dates and times",
    "reductions": "Aggregates",
    "analytic": "Window functions",
    "window": "Windows",
    "rewrites": "Windows (ibis rewrites)",
    "subqueries": "Subqueries",
    "relations": "Columns",
    "sortkeys": "Sorting",
    "histograms": "Histograms",
    "core": "Core",
    "arrays": "Arrays",
    "maps": "Maps",
    "structs": "Structs",
    "json": "JSON",
    "geospatial": "Geospatial",
    "vectorized": "Python UDFs",
}

_STATUS_MEANINGS = (
    (SUPPORTED, "The compiler emits SQL that Mill's Calcite accepts; `has_operation` is True."),
    (
        PROVISIONAL,
        (
            "Compiled and claimed (`has_operation` is True), but the SQL rests on a part of "
            "Mill's Substrait conversion that has not been run against a live Mill server yet."
        ),
    ),
    (
        UNSUPPORTED,
        (
            "Refused at compile time with `UnsupportedOperationError` and the reason shown; "
            "`has_operation` is False."
        ),
    ),
    (
        BASE_CLASS,
        "An ibis base class: expressions never contain it, only the subclasses listed.",
    ),
    (
        RESOLVED,
        (
            "ibis replaces it before compiling, so it works although `has_operation` is False "
            "(as on every ibis backend)."
        ),
    ),
)


@dataclass(frozen=True)
class OperationRow:
    """One operation on the page.

    Attributes:
        name: The operation's class name in ``ibis.expr.operations``.
        section: The page section it is listed under.
        status: One of ``supported``, ``provisional``, ``unsupported``, ``base class`` and
            ``resolved by ibis``.
        note: Why (the compiler's reason, the provisional note, the subclasses...).
    """

    name: str
    section: str
    status: str
    note: str


def concrete_value_ops() -> list[type]:
    """Every concrete ibis value operation (``inspect.isabstract`` is False), by name."""
    import ibis.expr.operations as ops
    from ibis.util import get_subclasses

    found = {op for op in get_subclasses(ops.Value) if not inspect.isabstract(op)}
    return sorted(found, key=lambda op: (op.__name__, op.__module__))


def _refusal(op: type) -> tuple[str, bool]:
    """The reason the compiler gives for refusing ``op``, and whether it is the generic one.

    ``visit_Unsupported`` reads only the operation's type, so a bare instance is enough. The
    reason is generic for operations outside ``MillCompiler.UNSUPPORTED_OPS`` (the compiler
    has no specific explanation for them).
    """
    import ibis.common.exceptions as com

    from ibis_mill.compiler import MillCompiler, compiler

    generic = op not in MillCompiler.UNSUPPORTED_OPS
    method = getattr(compiler, f"visit_{op.__name__}", None)
    if method is None or getattr(method, "__func__", None) is not MillCompiler.visit_Unsupported:
        return "The compiler has no translation.", generic
    try:
        method(object.__new__(op))
    except com.UnsupportedOperationError as exc:
        reason = str(exc).removeprefix(f"Mill cannot run {op.__name__}: ")
    else:  # pragma: no cover - visit_Unsupported always raises
        raise AssertionError(f"visit_Unsupported did not refuse {op.__name__}")
    return _sentence(reason), generic


def operation_rows() -> list[OperationRow]:
    """Classify every concrete value operation (see the module docstring)."""
    import ibis

    from ibis_mill.compiler import PROVISIONAL_OPS

    all_ops = concrete_value_ops()
    provisional: Mapping[type, str] = PROVISIONAL_OPS
    rows = []
    for op in all_ops:
        section = SECTIONS[op.__module__.rsplit(".", 1)[-1]]
        if ibis.mill.has_operation(op):
            if op in provisional:
                note = provisional[op]
                rows.append(OperationRow(op.__name__, section, PROVISIONAL, _sentence(note)))
            else:
                rows.append(OperationRow(op.__name__, section, SUPPORTED, ""))
            continue
        if op.__name__ in RESOLVED_BY_IBIS:
            rows.append(
                OperationRow(
                    op.__name__, section, RESOLVED, _sentence(RESOLVED_BY_IBIS[op.__name__])
                )
            )
            continue
        reason, default = _refusal(op)
        subclasses = sorted(s.__name__ for s in all_ops if s is not op and issubclass(s, op))
        if default and subclasses:
            listed = ", ".join(f"`{name}`" for name in subclasses)
            rows.append(OperationRow(op.__name__, section, BASE_CLASS, f"Subclasses: {listed}."))
        else:
            rows.append(OperationRow(op.__name__, section, UNSUPPORTED, reason))
    return rows


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The page's Markdown."""
    import ibis

    rows = operation_rows()
    counts = {status: 0 for status, _ in _STATUS_MEANINGS}
    for row in rows:
        counts[row.status] += 1
    claimed = counts[SUPPORTED] + counts[PROVISIONAL]
    lines = [
        "<!-- Generated by scripts/gen_ops_doc.py from ibis_mill.compiler. Do not edit. -->",
        "",
        "# Supported operations",
        "",
        (
            "Every concrete value operation of ibis "
            f"{ibis.__version__}, and what the Mill backend does with it. This page is generated "
            "from the compiler's own tables (`has_operation`, the unsupported operations with their "
            "reasons, `PROVISIONAL_OPS`), and a test fails when it no longer matches them."
        ),
        "",
        (
            f"Of {len(rows)} operations, **{claimed} are supported** "
            f"({counts[PROVISIONAL]} of them provisionally) and {counts[UNSUPPORTED]} are refused "
            f"with a reason; {counts[BASE_CLASS]} are ibis base classes and "
            f"{counts[RESOLVED]} are resolved by ibis itself."
        ),
        "",
        "Ask the backend about one operation with `ibis.mill.has_operation`:",
        "",
        "```python",
        "import ibis",
        "import ibis.expr.operations as ops",
        "",
        "ibis.mill.has_operation(ops.StringLength)  # True",
        "ibis.mill.has_operation(ops.RegexSearch)   # False",
        "```",
        "",
        (
            "Some supported operations accept only some arguments (a literal needle for "
            "`contains`, a literal length for `lpad`...); [the SQL dialect](index.md#conditions) "
            "lists those conditions."
        ),
        "",
        "| Status | Meaning |",
        "|---|---|",
        *(f"| {status} | {meaning} |" for status, meaning in _STATUS_MEANINGS),
    ]
    for section in SECTIONS.values():
        members = [row for row in rows if row.section == section]
        if not members:
            continue
        lines += ["", f"## {section}", "", "| Operation | Status | Notes |", "|---|---|---|"]
        lines += [f"| `{r.name}` | {r.status} | {_cell(r.note)} |" for r in members]
    return "\n".join(lines) + "\n"


def is_current() -> bool:
    """Whether the committed page equals what the compiler generates now."""
    return PAGE.is_file() and PAGE.read_text(encoding="utf-8") == render()


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """MkDocs hook: stop the build when the committed page is stale."""
    from mkdocs.exceptions import PluginError

    if not is_current():
        raise PluginError(
            f"{PAGE.relative_to(ROOT)} does not match the compiler; "
            "run `python scripts/gen_ops_doc.py` and commit the page"
        )


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` report whether it is stale (exit status 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    if args.check:
        if is_current():
            return 0
        print(
            f"{PAGE.relative_to(ROOT)} is stale; run python scripts/gen_ops_doc.py", file=sys.stderr
        )
        return 1
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
