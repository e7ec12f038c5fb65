"""Reading the code examples out of the documentation's Markdown pages.

A page's fenced blocks are read in order. A block is *not run* when the last non-blank line
before its opening fence is ``<!-- not run: <reason> -->`` (the comment is invisible in the
built site). In the SQL dialect page, a ``python`` block directly followed by a ``sql`` block
is an example whose last expression must compile to that SQL, and one followed by a ``text``
block starting with ``UnsupportedOperationError:`` must be refused with that message.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"

_FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
_NOT_RUN = re.compile(r"^<!-- not run: (.+) -->$")
REFUSAL = "UnsupportedOperationError: "


@dataclass(frozen=True)
class Block:
    """One fenced code block.

    Attributes:
        page: The page, relative to ``docs/``.
        line: The line number of the opening fence (1-based).
        lang: The fence's language (``python``, ``sql``, ``text``...; ``""`` when none).
        code: The block's text, dedented to the fence.
        not_run: Why the block is not run, or None.
    """

    page: str
    line: int
    lang: str
    code: str
    not_run: str | None

    @property
    def where(self) -> str:
        """``page:line``, for messages."""
        return f"docs/{self.page}:{self.line}"


def code_blocks(page: str) -> list[Block]:
    """Every fenced block of ``docs/<page>``, in order."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, lang = opening.groups()
        end = index + 1
        while lines[end].strip() != "```":
            end += 1
        body = [line[len(indent) :] for line in lines[index + 1 : end]]
        previous = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
        skip = _NOT_RUN.match(previous)
        blocks.append(
            Block(page, index + 1, lang, "\n".join(body), skip.group(1) if skip else None)
        )
        index = end + 1
    return blocks


def split_last_expression(code: str) -> tuple[ast.Module, ast.Expression]:
    """The statements of ``code`` before its last one, and the last one as an expression.

    Raises:
        TypeError: The last statement is not an expression.
    """
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        raise TypeError("the example's last statement is not an expression")
    return ast.Module(body=tree.body[:-1], type_ignores=[]), ast.Expression(body=last.value)
