"""Exceptions raised when a descriptor cannot be loaded or its files cannot be read."""

from __future__ import annotations

from collections.abc import Sequence

from ibis_mill.sources.issues import Issue, Severity, format_issues


class SourceError(Exception):
    """Base class of every error raised by :mod:`ibis_mill.sources`."""


class DescriptorError(SourceError):
    """The descriptor is invalid. ``issues`` lists every problem found, errors first."""

    def __init__(self, summary: str, issues: Sequence[Issue]) -> None:
        ordered = sorted(issues, key=lambda issue: issue.severity is not Severity.ERROR)
        self.issues: tuple[Issue, ...] = tuple(ordered)
        super().__init__(f"{summary}\n{format_issues(self.issues)}")


class SchemaMismatchError(SourceError):
    """A file of a table does not have the table's columns (it would be misaligned)."""


class SourceReadError(SourceError):
    """A file could not be read or parsed."""
