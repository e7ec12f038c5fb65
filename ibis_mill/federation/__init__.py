"""Side by side: expressions over Mill tables and local source tables in one session.

The ``ibis.mill`` backend hosts two kinds of ibis databases: the schemas of the Mill server
(*remote*) and the sources registered from descriptors (*local*). In-memory tables (memtables
and the session's stored tables) go with the rest of their expression, unless they are too
large to inline into Calcite SQL, which makes them local. An expression runs:

- entirely on Mill when it reads only Mill tables (the Calcite SQL path);
- entirely in-process on DuckDB when it reads only local tables;
- side by side otherwise: its maximal remote-only parts run on Mill, with their filters and
  column selection pushed into them, and DuckDB runs the rest over their Arrow rows.

Modules: :mod:`.placement` (which table lives where), :mod:`.pushdown` (moving predicates
into remote join inputs), :mod:`.split` (cutting the expression), :mod:`.plan` (the plan
objects :meth:`Backend.plan` returns), :mod:`.local` (local sources on DuckDB).
"""

from __future__ import annotations

from ibis_mill.federation.local import SESSION_DATABASE, LocalSources
from ibis_mill.federation.placement import Placement, Side
from ibis_mill.federation.plan import Plan, PlanKind, RemoteFragment
from ibis_mill.federation.split import RemoteCompiler, plan_expression

__all__ = [
    "SESSION_DATABASE",
    "LocalSources",
    "Placement",
    "Plan",
    "PlanKind",
    "RemoteCompiler",
    "RemoteFragment",
    "Side",
    "plan_expression",
]
