"""Rewrites that move work into the remote parts of an expression before it is split.

A join chain in ibis is one node over all its inputs, with its predicates and any filter
above it referring to several inputs at once. Left as they are, a join of a Mill table with a
local one would fetch the whole Mill table. These rewrites, applied bottom-up to the whole
expression, move work below the join into the inputs that only read Mill tables, without
changing the result:

1. **ON predicates** that read one remote input move into that input: any such predicate
   when every link of the chain is an inner (or cross) join, else only a predicate of an
   inner, left, semi or anti link on that link's own table. A link keeps at least one
   predicate unless it becomes a cross join.
2. **Remote prefixes**: when the first inputs of a chain all read Mill tables only, they are
   joined in one remote subquery, which the rest of the chain joins as a single input.
   (Only a prefix: reordering inputs would need more than the chain tells.)
3. **WHERE predicates** on a join result that read one remote input move into that input,
   when no outer join of the chain pads that input with NULLs.

Predicates holding subqueries, window functions, aggregates or non-deterministic calls never
move. Chains with as-of, positional or "any" joins are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis.expr.operations as ops
from ibis.common.graph import Node

from ibis_mill.federation.placement import Placement

__all__ = ["push_down"]

#: Join kinds whose semantics the rewrites know.
_KNOWN_JOINS = frozenset({"inner", "left", "right", "outer", "semi", "anti", "cross"})
#: Links whose ON predicates on their own table can move into that table.
_OWN_TABLE_JOINS = frozenset({"inner", "left", "semi", "anti"})
#: What keeps a predicate where it is.
_UNMOVABLE = (ops.Subquery, ops.WindowFunction, ops.Reduction, ops.Analytic, ops.Impure)


def push_down(root: ops.Relation, placement: Placement) -> ops.Relation:
    """Apply the three rewrites of this module to every join of ``root``.

    Args:
        root: The expression.
        placement: Where the tables of ``root`` live.

    Returns:
        An equivalent expression (``root`` itself when nothing moved).
    """

    def rewrite(node: Node, kwargs: Mapping[str, object] | None) -> Node:
        if kwargs:
            node = node.__recreate__(kwargs)
        if isinstance(node, ops.JoinChain) and _known(node):
            return _split_remote_prefix(_push_join_predicates(node, placement), placement)
        if (
            isinstance(node, ops.Filter)
            and isinstance(node.parent, ops.JoinChain)
            and _known(node.parent)
        ):
            return _push_where(node, placement)
        return node

    return root.replace(rewrite)


def _known(chain: ops.JoinChain) -> bool:
    return all(link.how in _KNOWN_JOINS for link in chain.rest)


def _push_join_predicates(chain: ops.JoinChain, placement: Placement) -> ops.JoinChain:
    inputs = set(chain.tables)
    all_inner = all(link.how in ("inner", "cross") for link in chain.rest)
    pushed: dict[ops.JoinReference, list[ops.Value]] = {}
    links = []
    for link in chain.rest:
        moving: list[tuple[ops.JoinReference, ops.Value]] = []
        kept = []
        for predicate in link.predicates:
            target = _single_input(predicate, inputs)
            movable = target is not None and placement.remote_only(target.parent)
            if movable and (all_inner or (target == link.table and link.how in _OWN_TABLE_JOINS)):
                moving.append((target, predicate))
            else:
                kept.append(predicate)
        how = link.how
        if moving and not kept:
            if how == "inner":
                how = "cross"
            else:
                moving, kept = [], list(link.predicates)
        for target, predicate in moving:
            pushed.setdefault(target, []).append(predicate)
        links.append(ops.JoinLink(how, link.table, tuple(kept)))
    if not pushed:
        return chain
    return _filter_inputs(ops.JoinChain(chain.first, tuple(links), chain.values), pushed)


def _push_where(node: ops.Filter, placement: Placement) -> ops.Relation:
    chain = node.parent
    assert isinstance(chain, ops.JoinChain)
    unpadded = set(chain.tables) - _padded_inputs(chain)
    to_inputs = {ops.Field(chain, name): value for name, value in chain.values.items()}
    pushed: dict[ops.JoinReference, list[ops.Value]] = {}
    kept = []
    for predicate in node.predicates:
        on_inputs = predicate.replace(to_inputs, filter=ops.Value)
        target = _single_input(on_inputs, unpadded)
        if target is not None and placement.remote_only(target.parent):
            pushed.setdefault(target, []).append(on_inputs)
        else:
            kept.append(predicate)
    if not pushed:
        return node
    new_chain = _filter_inputs(chain, pushed)
    if not kept:
        return new_chain
    to_new = {ops.Field(chain, name): ops.Field(new_chain, name) for name in chain.schema}
    return ops.Filter(new_chain, tuple(p.replace(to_new, filter=ops.Value) for p in kept))


def _split_remote_prefix(chain: ops.JoinChain, placement: Placement) -> ops.JoinChain:
    tables = chain.tables
    count = 0
    while count < len(tables) and placement.remote_only(tables[count].parent):
        count += 1
    if count < 2 or count == len(tables):
        return chain
    values: dict[str, ops.Field] = {}
    for index, table in enumerate(tables[:count]):
        if index and chain.rest[index - 1].how in ("semi", "anti"):
            continue
        for column in table.schema.names:
            values[_free_name(column, values)] = ops.Field(table, column)
    prefix = ops.JoinReference(ops.JoinChain(tables[0], chain.rest[: count - 1], values), None)
    to_prefix = {field: ops.Field(prefix, name) for name, field in values.items()}
    rest = tuple(
        ops.JoinLink(link.how, link.table, _replace_all(link.predicates, to_prefix))
        for link in chain.rest[count - 1 :]
    )
    new_values = {name: v.replace(to_prefix, filter=ops.Value) for name, v in chain.values.items()}
    return ops.JoinChain(prefix, rest, new_values)


def _single_input(predicate: ops.Value, inputs: set[ops.JoinReference]) -> ops.JoinReference | None:
    """The one join input ``predicate`` reads, if it reads exactly one of ``inputs`` and
    nothing keeps it in place."""
    if predicate.find(_UNMOVABLE, filter=ops.Value):
        return None
    relations = {field.rel for field in predicate.find(ops.Field, filter=ops.Value)}
    if len(relations) != 1:
        return None
    (relation,) = relations
    return relation if relation in inputs else None


def _padded_inputs(chain: ops.JoinChain) -> set[ops.JoinReference]:
    """Inputs whose columns an outer join may fill with NULLs (or that a semi or anti join
    keeps out of the result)."""
    tables = chain.tables
    padded = set()
    for index, link in enumerate(chain.rest, start=1):
        if link.how in ("left", "outer", "semi", "anti"):
            padded.add(tables[index])
        if link.how in ("right", "outer"):
            padded.update(tables[:index])
    return padded


def _filter_inputs(
    chain: ops.JoinChain, pushed: Mapping[ops.JoinReference, Sequence[ops.Value]]
) -> ops.JoinChain:
    """``chain`` with each input of ``pushed`` filtered by its predicates first."""
    replacements = {}
    for table, predicates in pushed.items():
        to_parent = {ops.Field(table, name): ops.Field(table.parent, name) for name in table.schema}
        filtered = ops.Filter(table.parent, _replace_all(predicates, to_parent))
        replacements[table] = ops.JoinReference(filtered, table.identifier)
    return chain.replace(replacements)


def _replace_all(
    values: Sequence[ops.Value], mapping: Mapping[Node, Node]
) -> tuple[ops.Value, ...]:
    return tuple(value.replace(mapping, filter=ops.Value) for value in values)


def _free_name(name: str, taken: Mapping[str, object]) -> str:
    """``name``, or ``name_2``, ``name_3``... whichever no key of ``taken`` has (ignoring
    case: the names become DuckDB columns, which ignore it)."""
    lower = {key.lower() for key in taken}
    candidate, number = name, 1
    while candidate.lower() in lower:
        number += 1
        candidate = f"{name}_{number}"
    return candidate
