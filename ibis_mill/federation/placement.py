"""Where the tables of an expression live: on the Mill server, or in a local source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import ibis.expr.operations as ops
from ibis.common.graph import Graph, Node

__all__ = ["LEAVES", "Placement", "Side"]

#: ``"remote"``: a table of the Mill server; ``"local"``: a table of a registered source.
Side = Literal["remote", "local"]

#: The operations that read stored data; every other relation derives from its inputs
#: (in-memory tables and literal rows are data of the expression itself, so they go
#: wherever the rest of their subtree goes, unless ``locate`` places them).
LEAVES = (ops.DatabaseTable, ops.SQLQueryResult)

#: The operations ``locate`` is asked about.
_LOCATED = (*LEAVES, ops.InMemoryTable)


class Placement:
    """The sides each node of an expression reads from, memoised.

    Args:
        locate: The side of one leaf (a :data:`LEAVES` operation), or of an in-memory table
            (None: it goes with the rest of its expression).
    """

    def __init__(self, locate: Callable[[ops.Relation], Side | None]) -> None:
        self._locate = locate
        self._sides: dict[Node, frozenset[Side]] = {}

    def sides(self, node: Node) -> frozenset[Side]:
        """The sides of the tables ``node`` reads, directly or through any input."""
        if node not in self._sides:
            graph = Graph.from_bfs(node, filter=lambda n: n not in self._sides)
            order, _ = graph.toposort()
            for current in order:
                if current in self._sides:
                    continue
                sides: set[Side] = set()
                if isinstance(current, _LOCATED) and (side := self._locate(current)):
                    sides.add(side)
                for child in current.__children__:
                    sides |= self._sides[child]
                self._sides[current] = frozenset(sides)
        return self._sides[node]

    def remote_only(self, node: Node) -> bool:
        """True when ``node`` reads Mill tables and no local table."""
        return self.sides(node) == {"remote"}
