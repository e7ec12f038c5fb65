"""HTTP result paging: open results stored under single-use paging ids.

This reproduces Mill's ``ResultAllocatorImpl``. ``SubmitQuery`` stores the block iterator
and fetches the first page through the same path as ``FetchQueryResult``, so every page
follows one rule:

- unknown, expired or exhausted id: no block and no paging id (an empty message);
- a block with 0 rows: that block, no paging id (paging ends);
- a block with rows: that block and a new paging id for the rest.

So the last data page still carries a paging id, and fetching it returns an empty message.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass

import pyarrow as pa

from mill_client.server.blocks import Blocks

__all__ = ["Page", "PagingStore"]


@dataclass(frozen=True)
class Page:
    """One ``QueryResultResponse``: its block (if any) and the id of the next page (if any)."""

    block: pa.RecordBatch | None
    paging_id: str | None


class PagingStore:
    """Open results keyed by random, single-use paging ids, dropped after an idle period.

    Args:
        ttl: Seconds an entry may wait for its next fetch before it is dropped (Mill: 600).
    """

    def __init__(self, ttl: float) -> None:
        if ttl <= 0:
            raise ValueError(f"paging_ttl must be positive, not {ttl!r}")
        self._ttl = ttl
        self._entries: dict[str, tuple[Blocks, float]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def submit(self, blocks: Blocks) -> Page:
        """Store a new result and return its first page, as ``SubmitQuery`` does."""
        return self.fetch(self._put(blocks))

    def fetch(self, paging_id: str) -> Page:
        """Consume ``paging_id`` and return the next page, as ``FetchQueryResult`` does.

        Errors raised by the engine while producing the block propagate; the result is
        then gone.
        """
        with self._lock:
            expired = self._expire()
            entry = self._entries.pop(paging_id, None)
        for stale in expired:
            stale.close()
        if entry is None:
            return Page(None, None)
        blocks = entry[0]
        block = next(blocks, None)
        if block is None:
            return Page(None, None)
        if block.num_rows == 0:
            blocks.close()
            return Page(block, None)
        return Page(block, self._put(blocks))

    def close(self) -> None:
        """Drop every open result, closing its engine stream."""
        with self._lock:
            entries, self._entries = self._entries, {}
        for blocks, _ in entries.values():
            blocks.close()

    def _put(self, blocks: Blocks) -> str:
        paging_id = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        with self._lock:
            self._entries[paging_id] = (blocks, time.monotonic())
        return paging_id

    def _expire(self) -> list[Blocks]:
        """Remove idle entries (lock held) and return their iterators for closing."""
        deadline = time.monotonic() - self._ttl
        stale = [key for key, (_, stored) in self._entries.items() if stored < deadline]
        return [self._entries.pop(key)[0] for key in stale]
