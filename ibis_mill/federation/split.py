"""Splitting an expression into the fragments that run on Mill and the part DuckDB runs.

An ibis expression is a graph of operations whose leaves are tables. A node whose leaves
are all Mill tables is *remote-only*; the fragments sent to Mill are the maximal ones: the
remote-only relations whose consumer reads a local table too. The planner:

1. moves predicates of joins into their remote inputs (:mod:`.pushdown`), and drops the
   columns of joins and projections that nothing above them uses;
2. walks down from the root and stops at each remote-only relation that Mill can run (one
   the Mill compiler accepts; otherwise its inputs are tried). Aliases (self and join
   references) are never cut, and a sort stays above the cut so DuckDB orders the rows;
3. narrows each fragment to the columns its consumers use (through filters, sorts, limits
   and aliases), so Mill sends only those;
4. replaces each fragment with a placeholder table and each local table with its DuckDB
   table: that is the local part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import ibis.common.exceptions as com
import ibis.expr.operations as ops
import ibis.expr.types as ir
from ibis.common.graph import Graph, Node

from ibis_mill.federation.local import LocalSources
from ibis_mill.federation.placement import LEAVES, Placement
from ibis_mill.federation.plan import Plan, RemoteFragment
from ibis_mill.federation.pushdown import push_down

__all__ = ["RemoteCompiler", "plan_expression"]

#: Compiles an expression over Mill tables to Calcite SQL (``pretty`` formats it); raises
#: ibis's ``OperationNotDefinedError`` or ``UnsupportedOperationError`` for what Mill
#: cannot run.
RemoteCompiler = Callable[[ir.Table, bool], str]

#: Consumers that read a relation's columns only through fields of it.
_FIELD_CONSUMERS = (ops.Project, ops.Aggregate, ops.JoinChain, ops.JoinLink, ops.CountStar)
#: Consumers whose output has their input's columns (the columns they need are those their
#: own consumers need, plus the fields they read themselves).
_PASS_THROUGH = (ops.Reference, ops.Filter, ops.Sort, ops.Limit)
_NOT_RUNNABLE = (com.OperationNotDefinedError, com.UnsupportedOperationError)


def plan_expression(
    expr: ir.Table,
    placement: Placement,
    local: LocalSources,
    compile_remote: RemoteCompiler | None,
) -> Plan:
    """Decide where each part of ``expr`` runs.

    Args:
        expr: The expression (parameters already replaced by their values).
        placement: Where its tables live.
        local: The local sources (their DuckDB tables stand for the local tables).
        compile_remote: The Mill compiler; None when there is no Mill server.

    Returns:
        The plan: ``"remote"`` when ``expr`` reads no local table and a server is
        connected, ``"local"`` when it reads no Mill table, else ``"side-by-side"``.

    Raises:
        ibis.common.exceptions.IbisError: ``expr`` reads Mill tables but there is no server.
        ibis.common.exceptions.UnsupportedOperationError: A ``"remote"`` plan that the Mill
            compiler rejects (the same error as running it).
    """
    root = expr.op()
    sides = placement.sides(root)
    if "remote" in sides and compile_remote is None:
        unknown = sorted(
            {_qualified(t) for t in root.find(LEAVES) if placement.sides(t) == {"remote"}}
        )
        raise com.IbisError(
            f"The expression reads {', '.join(unknown)}, which no registered local source "
            "holds, and this backend is embedded (no Mill server). Register the source "
            "again, or connect to the Mill server that has it."
        )
    if "local" not in sides and compile_remote is not None:
        fragment = _fragment("remote_1", expr, compile_remote)
        return Plan("remote", (fragment,), None, None, ())
    if "remote" in sides:
        root = _drop_unused_columns(push_down(root, placement))
    replacements: dict[Node, Node] = {}
    fragments = []
    if compile_remote is not None:
        cuts = _cuts(root, placement, compile_remote)
        consumers = Graph.from_bfs(root).invert()
        for number, cut in enumerate(cuts, start=1):
            narrowed = _narrow(cut, _needed_columns(cut, root, consumers, {}))
            fragment = _fragment(f"remote_{number}", narrowed.to_expr(), compile_remote)
            fragments.append(fragment)
            replacements[cut] = _stand_in(fragment, consumers[cut])
    local_tables = []
    for table in root.find(ops.DatabaseTable):
        if placement.sides(table) == {"local"}:
            replacements[table] = local.bind(table)
            local_tables.append(_qualified(table))
    local_expr = root.replace(replacements).to_expr()
    kind = "side-by-side" if fragments else "local"
    local_sql = local.compile(local_expr, pretty=True)
    return Plan(kind, tuple(fragments), local_expr, local_sql, tuple(sorted(set(local_tables))))


def _qualified(table: ops.Relation) -> str:
    if isinstance(table, ops.DatabaseTable):
        return f"{table.namespace.database}.{table.name}"
    return "an SQL query"


def _fragment(name: str, expr: ir.Table, compile_remote: RemoteCompiler) -> RemoteFragment:
    tables = sorted({_qualified(t) for t in expr.op().find(LEAVES)})
    return RemoteFragment(
        name=name,
        expr=expr,
        sql=compile_remote(expr, False),
        pretty_sql=compile_remote(expr, True),
        tables=tuple(tables),
    )


def _stand_in(fragment: RemoteFragment, consumers: Sequence[Node]) -> ops.Relation:
    """What replaces a cut in the local part: the fragment's placeholder table, selected
    from when a subquery reads it (ibis compiles subqueries of selections only)."""
    table = fragment.placeholder
    if not any(isinstance(consumer, ops.Subquery) for consumer in consumers):
        return table
    return ops.Project(table, {name: ops.Field(table, name) for name in table.schema})


def _cuts(
    root: ops.Relation, placement: Placement, compile_remote: RemoteCompiler
) -> list[ops.Relation]:
    """The maximal remote-only relations Mill can run, in depth-first order from the root."""
    cuts: list[ops.Relation] = []
    seen: set[Node] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if _can_cut(node, placement, compile_remote):
            cuts.append(node)
        elif placement.sides(node) and placement.sides(node) != {"local"}:
            stack.extend(reversed(node.__children__))
    return cuts


def _can_cut(node: Node, placement: Placement, compile_remote: RemoteCompiler) -> bool:
    if not isinstance(node, ops.Relation) or isinstance(node, (ops.Reference, ops.Sort)):
        return False
    if not placement.remote_only(node):
        return False
    try:
        compile_remote(node.to_expr(), False)
    except _NOT_RUNNABLE:
        return False
    return True


def _needed_columns(
    node: Node,
    root: Node,
    consumers: Graph,
    memo: dict[Node, frozenset[str] | None],
) -> frozenset[str] | None:
    """The columns of ``node`` its consumers use; None for all of them."""
    if node in memo:
        return memo[node]
    columns: set[str] | None = set()
    if node is root:
        columns = None
    for consumer in consumers[node]:
        if columns is None:
            break
        if isinstance(consumer, ops.Field):
            columns.add(consumer.name)
        elif isinstance(consumer, _PASS_THROUGH):
            more = _needed_columns(consumer, root, consumers, memo)
            columns = None if more is None else columns | more
        elif not isinstance(consumer, _FIELD_CONSUMERS):
            columns = None
    result = None if columns is None else frozenset(columns)
    memo[node] = result
    return result


def _drop_unused_columns(root: ops.Relation) -> ops.Relation:
    """``root`` with the join chains and projections below it computing only the columns
    their consumers use (repeated until nothing changes: a narrower join may leave a
    projection below it with unused columns)."""
    while True:
        consumers = Graph.from_bfs(root).invert()
        memo: dict[Node, frozenset[str] | None] = {}
        keep: dict[Node, list[str]] = {}
        for node in consumers:
            if isinstance(node, (ops.JoinChain, ops.Project)):
                needed = _needed_columns(node, root, consumers, memo)
                if needed is None:
                    continue
                names = [name for name in node.values if name in needed]
                names = names or list(node.values)[:1]
                if len(names) < len(node.values):
                    keep[node] = names
        if not keep:
            return root
        root = root.replace(_keeping(keep))


def _keeping(keep: Mapping[Node, list[str]]) -> Callable[[Node, dict | None], Node]:
    """A replacer that keeps only the named values of the relations in ``keep``."""

    def rebuild(node: Node, kwargs: dict | None) -> Node:
        new = node.__recreate__(kwargs) if kwargs else node
        if node not in keep:
            return new
        return new.copy(values={name: new.values[name] for name in keep[node]})

    return rebuild


def _narrow(node: ops.Relation, columns: frozenset[str] | None) -> ops.Relation:
    """``node`` projected on ``columns`` (in its own column order; at least one column)."""
    names = node.schema.names
    if columns is None or columns.issuperset(names):
        return node
    kept = [name for name in names if name in columns] or list(names[:1])
    return ops.Project(node, {name: ops.Field(node, name) for name in kept})
