"""Execution plans: which parts of an expression run on Mill and which in DuckDB."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal

import ibis.expr.operations as ops
import ibis.expr.schema as sch
import ibis.expr.types as ir

__all__ = ["Plan", "PlanKind", "RemoteFragment"]

#: ``"remote"``: the whole expression runs on Mill; ``"local"``: all of it runs in DuckDB;
#: ``"side-by-side"``: remote fragments run on Mill and DuckDB runs the rest over their rows.
PlanKind = Literal["remote", "local", "side-by-side"]


@dataclass(frozen=True)
class RemoteFragment:
    """A part of an expression that runs on the Mill server.

    Attributes:
        name: The name the local part reads its rows under (``remote_1``, ``remote_2``...).
        expr: The fragment as an expression over Mill tables, with the filters and the
            column selection that could be pushed into it.
        sql: The Calcite SQL sent to Mill, exactly.
        pretty_sql: The same SQL, formatted for reading.
        tables: The Mill tables it reads, as ``schema.table``.
    """

    name: str
    expr: ir.Table
    sql: str
    pretty_sql: str
    tables: tuple[str, ...]

    @property
    def schema(self) -> sch.Schema:
        """The ibis schema of the fragment's rows."""
        return self.expr.schema()

    @property
    def placeholder(self) -> ops.UnboundTable:
        """The table standing for the fragment's rows in :attr:`Plan.local`."""
        return ops.UnboundTable(self.name, self.schema)


@dataclass(frozen=True)
class Plan:
    """How an expression runs; ``str(plan)`` is the readable form :meth:`Backend.explain`
    returns.

    Attributes:
        kind: Where it runs (see :data:`PlanKind`).
        remote: The fragments run on Mill: the whole expression for a ``"remote"`` plan,
            none for a ``"local"`` one.
        local: The expression DuckDB runs: over the local tables and one table per remote
            fragment (named like it); None for a ``"remote"`` plan.
        local_sql: The DuckDB SQL of :attr:`local`, formatted for reading; None for a
            ``"remote"`` plan. When the query runs, the remote tables are registered under
            unique names instead.
        local_tables: The local source tables it reads, as ``source.table``.
    """

    kind: PlanKind
    remote: tuple[RemoteFragment, ...]
    local: ir.Table | None
    local_sql: str | None
    local_tables: tuple[str, ...]

    def __str__(self) -> str:
        if self.kind == "remote":
            (fragment,) = self.remote
            header = f"-- remote: runs on Mill, reads {_names(fragment.tables)}"
            return f"{header}\n{fragment.pretty_sql}"
        lines = []
        if self.kind == "local":
            lines.append(f"-- local: runs in DuckDB, reads {_names(self.local_tables)}")
        else:
            count = len(self.remote)
            lines.append(
                f"-- side-by-side: {count} remote fragment{'s' * (count != 1)} run on Mill, "
                "DuckDB runs the rest over their rows"
            )
            for fragment in self.remote:
                lines.append(
                    f"-- {fragment.name}: runs on Mill, reads {_names(fragment.tables)}; "
                    f"columns {_columns(fragment.schema)}"
                )
                lines.append(fragment.pretty_sql + ";")
                lines.append("")
            reads = [fragment.name for fragment in self.remote] + list(self.local_tables)
            lines.append(f"-- local: runs in DuckDB, reads {_names(reads)}")
        assert self.local_sql is not None
        lines.append(self.local_sql)
        return "\n".join(lines)


def _names(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(names) if names else "no table"


def _columns(schema: sch.Schema) -> str:
    text = ", ".join(f"{name} {dtype}" for name, dtype in schema.items())
    return textwrap.shorten(text, width=200, placeholder=" ...")
