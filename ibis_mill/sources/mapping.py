"""Table mappings: which table a file belongs to, from its absolute path.

Every mapping sees the absolute, normalized, ``/``-separated path of every file and returns a
table name or ``None`` (the file is skipped). Names are used verbatim (no case change).
"""

from __future__ import annotations

import re

from ibis_mill.sources.model import DirectoryMapping, GlobMapping, RegexMapping, TableMapping

_GLOB_ESCAPED = set("\\^$.|+()")


def table_name(mapping: TableMapping, path: str) -> str | None:
    """The table ``path`` maps to, or None when the mapping skips it.

    * ``regex``: the named group of the pattern *searched* (unanchored) in the path; no match,
      a group that did not participate or an empty name skip the file.
    * ``directory``: the path segment ``depth`` levels above the file; skipped when the path
      is not that deep. Files directly in the root get the root folder's name (as upstream).
    * ``glob``: the fixed ``table`` when the glob matches a suffix of the path that starts at
      a ``/`` boundary.
    """
    if isinstance(mapping, RegexMapping):
        match = mapping.regex.search(path)
        return (match.group(mapping.table_name_group) or None) if match else None
    if isinstance(mapping, DirectoryMapping):
        segments = [segment for segment in path.split("/") if segment]
        index = len(segments) - 1 - mapping.depth
        return segments[index] if index >= 0 else None
    if isinstance(mapping, GlobMapping):
        return mapping.table if mapping.regex.search(path) else None
    raise TypeError(f"not a table mapping: {mapping!r}")


def glob_to_regex(glob: str) -> str:
    """Translate a glob as upstream does (``**/`` any folders, ``*``/``?`` within a segment,
    ``{a,b}`` literal alternatives, ``[...]`` copied as a character class), anchored to match a
    suffix of the path starting at a ``/`` boundary. An unclosed ``[`` is copied too, so the
    result does not compile (an invalid glob)."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        char = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "{" and "}" in glob[i:]:
            close = glob.index("}", i)
            alternatives = glob[i + 1 : close].split(",")
            out.append("(?:" + "|".join(re.escape(alt) for alt in alternatives) + ")")
            i = close + 1
        elif char == "[" and "]" in glob[i + 1 :]:
            close = glob.index("]", i + 1)
            out.append(glob[i : close + 1])
            i = close + 1
        elif char in _GLOB_ESCAPED or char == "{":
            out.append("\\" + char)
            i += 1
        else:
            out.append(char)
            i += 1
    return "(?:^|/)" + "".join(out) + "$"
