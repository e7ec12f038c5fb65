"""Java regular expressions (as written in descriptors) translated to Python's :mod:`re`.

Descriptors are shared with upstream Mill (Java), so patterns use Java syntax and we keep them
portable: named groups are ``(?<name>...)`` with a name of letters and digits starting with a
letter, back-references ``\\k<name>``. Python's ``(?P<name>...)`` is refused (Java would
refuse it). ``\\z`` and ``\\Z`` keep their Java meanings and ``\\Q...\\E`` quoting is supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GROUP_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")


class JavaRegexError(ValueError):
    """A pattern is not a valid Java regex (or uses Java syntax Python lacks)."""


@dataclass(frozen=True)
class JavaRegex:
    """A Java pattern with its Python translation.

    Attributes:
        pattern: The Java pattern as written.
        regex: The compiled Python translation.
        group_names: The named groups, in order of appearance.
    """

    pattern: str
    regex: re.Pattern[str]
    group_names: tuple[str, ...]


def compile_java_regex(pattern: str) -> JavaRegex:
    """Translate and compile a Java regex.

    Raises:
        JavaRegexError: The pattern is invalid; the message says why and where.
    """
    translated, names = _translate(pattern)
    try:
        compiled = re.compile(translated)
    except re.error as exc:
        raise JavaRegexError(f"does not compile: {exc.msg} (at position {exc.pos})") from None
    return JavaRegex(pattern, compiled, tuple(names))


def _translate(pattern: str) -> tuple[str, list[str]]:
    out: list[str] = []
    names: list[str] = []
    i, n, class_depth = 0, len(pattern), 0
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise JavaRegexError("ends with a lone backslash")
            escaped = pattern[i + 1]
            if escaped == "Q":
                end = pattern.find("\\E", i + 2)
                stop = n if end < 0 else end
                out.append(re.escape(pattern[i + 2 : stop]))
                i = n if end < 0 else end + 2
            elif escaped == "k" and class_depth == 0 and pattern.startswith("<", i + 2):
                close = pattern.find(">", i + 3)
                if close < 0:
                    raise JavaRegexError(f"unclosed back-reference \\k< at position {i}")
                out.append(f"(?P={_group_name(pattern[i + 3 : close], i)})")
                i = close + 1
            elif escaped == "z" and class_depth == 0:
                out.append(r"\Z")
                i += 2
            elif escaped == "Z" and class_depth == 0:
                out.append(r"(?=\n?\Z)")
                i += 2
            else:
                out.append(pattern[i : i + 2])
                i += 2
            continue
        if class_depth:
            class_depth += {"[": 1, "]": -1}.get(char, 0)
        elif char == "[":
            class_depth = 1
        elif pattern.startswith("(?P", i):
            raise JavaRegexError(
                f"(?P...) at position {i} is Python syntax; Java names groups as (?<name>...)"
            )
        elif pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
            close = pattern.find(">", i + 3)
            if close < 0:
                raise JavaRegexError(f"unclosed group name after (?< at position {i}")
            name = _group_name(pattern[i + 3 : close], i)
            if name in names:
                raise JavaRegexError(f"named group <{name}> is defined twice")
            names.append(name)
            out.append(f"(?P<{name}>")
            i = close + 1
            continue
        out.append(char)
        i += 1
    return "".join(out), names


def _group_name(name: str, position: int) -> str:
    if not _GROUP_NAME.fullmatch(name):
        raise JavaRegexError(
            f"invalid group name <{name}> at position {position}: Java group names are letters "
            "and digits starting with a letter (no underscores)"
        )
    return name
