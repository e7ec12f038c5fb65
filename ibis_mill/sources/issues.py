"""Verification issues: what is wrong, how bad it is, and where."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad an issue is. A descriptor is valid when it has no ``ERROR``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Phase(str, Enum):
    """When an issue was found.

    ``PARSE``: reading the YAML and its structure (syntax, keys, value types).
    ``STATIC``: meaning of the descriptor without touching files (regexes, patterns, labels).
    ``DEEP``: probing the storage, the files and their schemas.
    """

    PARSE = "parse"
    STATIC = "static"
    DEEP = "deep"


@dataclass(frozen=True)
class Issue:
    """One finding about a descriptor.

    Attributes:
        severity: How bad it is.
        phase: When it was found.
        code: A stable identifier of the kind of problem (e.g. ``"unknown-key"``).
        message: What is wrong and what to do about it.
        context: Where: a key path such as ``readers[1].format.delimiter``, a table such as
            ``tables.items``, or a file path.
    """

    severity: Severity
    phase: Phase
    code: str
    message: str
    context: str = ""

    def __str__(self) -> str:
        where = f" at {self.context}" if self.context else ""
        return (
            f"{self.severity.value.upper()} [{self.phase.value}/{self.code}]{where}: {self.message}"
        )


@dataclass(frozen=True)
class VerificationReport:
    """All issues found for one descriptor, in the order they were found."""

    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        """True when no issue is an error."""
        return not self.errors

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of severity ``ERROR``."""
        return self.by_severity(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of severity ``WARNING``."""
        return self.by_severity(Severity.WARNING)

    def by_severity(self, severity: Severity) -> tuple[Issue, ...]:
        """The issues of one severity."""
        return tuple(issue for issue in self.issues if issue.severity is severity)

    def find(self, code: str) -> tuple[Issue, ...]:
        """The issues with a given ``code``."""
        return tuple(issue for issue in self.issues if issue.code == code)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def __str__(self) -> str:
        if not self.issues:
            return "descriptor is valid: no issues"
        verdict = "valid" if self.valid else "INVALID"
        lines = [
            f"descriptor is {verdict}: {len(self.errors)} error(s), {len(self.issues)} issue(s)"
        ]
        lines.extend(f"  {issue}" for issue in self.issues)
        return "\n".join(lines)


def format_issues(issues: Iterable[Issue]) -> str:
    """One line per issue, for exception messages."""
    return "\n".join(f"  {issue}" for issue in issues)
