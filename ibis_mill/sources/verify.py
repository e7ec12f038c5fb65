"""Verification: every problem of a descriptor, with its severity, phase and location.

:func:`verify` never raises. It reports, in order:

* ``parse`` issues: YAML syntax, unknown or duplicated keys, wrong value types, unknown types;
* ``static`` issues: blank names, regexes that do not compile or lack their named group,
  duplicate labels, bad date patterns, readers without mapping, ...;
* ``deep`` issues, when there is no error so far: the root (missing, not a folder,
  unreadable, empty), what each reader maps, files no reader maps, conflicts, and per table
  the schema of every file (unreadable files, misaligned columns, NULL attributes, extra
  columns, duplicate column names).
"""

from __future__ import annotations

import os

from ibis_mill.sources.issues import Issue, Phase, Severity, VerificationReport
from ibis_mill.sources.loader import DescriptorSource, parse
from ibis_mill.sources.model import Descriptor
from ibis_mill.sources.plan import plan_source
from ibis_mill.sources.probe import probe_table


def verify(
    source: DescriptorSource, *, base_dir: str | os.PathLike[str] | None = None, deep: bool = True
) -> VerificationReport:
    """Verify a descriptor without raising.

    Args:
        source: A :class:`Descriptor`, a descriptor file path, YAML text or a dict.
        base_dir: Folder a relative ``rootPath`` of YAML text or a dict is resolved against.
        deep: Also probe the storage and every file's schema.

    Returns:
        The report; ``report.valid`` is True when no issue is an error.
    """
    try:
        descriptor, issues = parse(source, base_dir=base_dir)
        if descriptor is not None and deep:
            issues.extend(deep_issues(descriptor))
        elif descriptor is None and deep:
            issues.append(
                Issue(
                    Severity.INFO,
                    Phase.DEEP,
                    "deep-skipped",
                    "files were not checked: fix the errors above first",
                )
            )
    except Exception as exc:  # noqa: BLE001 - verification reports, it never raises
        issues = [
            Issue(
                Severity.ERROR,
                Phase.DEEP,
                "internal-error",
                f"verification failed unexpectedly: {type(exc).__name__}: {exc}",
            )
        ]
    return VerificationReport(tuple(issues))


def deep_issues(descriptor: Descriptor) -> list[Issue]:
    """The ``deep`` issues of a loaded descriptor."""
    plan = plan_source(descriptor)
    issues = list(plan.issues)
    for named in plan.tables:
        issues.extend(probe_table(named, descriptor).issues)
    return issues
