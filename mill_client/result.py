"""The result of a query: a lazy, replayable stream of Arrow record batches."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import pyarrow as pa

from mill_client.errors import MillError, MillProtocolError
from mill_client.transports.base import BlockStream

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["QueryResult"]


class QueryResult:
    """The blocks of one query, read from the server only when asked for.

    Nothing is sent to the server until the schema or a block is requested. Blocks that
    were read are kept (unless ``cache=False``), so iterating again replays them and then
    continues the stream where it stopped. Closing the result (or the client, or dropping
    every reference to the result) cancels the stream. A stream that breaks part-way raises
    :class:`~mill_client.errors.MillError` — on every later read too — never a shorter
    result.

    Args:
        stream: The query's block stream.
        sql: The SQL text of the query.
        cache: Keep the blocks read so far for replay. With False, memory holds one block
            at a time and the result can be iterated only once.

    Attributes:
        sql: The SQL text of the query.
    """

    def __init__(self, stream: BlockStream, *, sql: str, cache: bool = True) -> None:
        self.sql = sql
        self._stream = stream
        self._cache = cache
        self._blocks: list[pa.RecordBatch] = []
        self._first_index = 0  # index of self._blocks[0] in the stream
        self._schema: pa.Schema | None = None
        self._complete = False
        self._closed = False
        self._error: MillError | None = None
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, stream.cancel)

    @property
    def schema(self) -> pa.Schema:
        """The result's Arrow schema (reads the first block if it was not read yet).

        Raises:
            MillError: The query failed before its first block.
        """
        if self._schema is None:
            self._block(0)
        if self._schema is None:
            raise MillProtocolError(
                "the server ended the result without any block; a Mill result always has one"
            )
        return self._schema

    @property
    def complete(self) -> bool:
        """Whether the server has sent the whole result."""
        return self._complete

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        """Yield the result's blocks in order: replayed ones first, then from the server."""
        index = 0
        while (block := self._block(index)) is not None:
            yield block
            index += 1

    def to_reader(self) -> pa.RecordBatchReader:
        """Return the blocks as a :class:`pyarrow.RecordBatchReader` (streaming)."""
        return pa.RecordBatchReader.from_batches(self.schema, iter(self))

    def read_all(self, *, progress: bool = False) -> pa.Table:
        """Read the whole result into a :class:`pyarrow.Table`.

        Args:
            progress: Show a tqdm progress bar counting the rows as they arrive.

        Returns:
            The table; for a result without rows, an empty table with the schema.
        """
        schema = self.schema
        if not progress:
            return pa.Table.from_batches(list(self), schema=schema)
        from tqdm.auto import tqdm

        batches = []
        with tqdm(unit=" rows", desc="Mill query", unit_scale=True) as bar:
            for batch in self:
                batches.append(batch)
                bar.update(batch.num_rows)
        return pa.Table.from_batches(batches, schema=schema)

    def to_pandas(self) -> pandas.DataFrame:
        """Read the whole result into a pandas DataFrame (needs pandas)."""
        return self.read_all().to_pandas()

    def to_polars(self) -> polars.DataFrame:
        """Read the whole result into a polars DataFrame (needs polars)."""
        import polars

        return cast("polars.DataFrame", polars.from_arrow(self.read_all()))

    def close(self) -> None:
        """Cancel the stream if it is still running. Blocks already read stay readable."""
        with self._lock:
            self._closed = True
            self._finalizer()

    def __enter__(self) -> QueryResult:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "complete" if self._complete else ("closed" if self._closed else "open")
        read = self._first_index + len(self._blocks)
        return f"<QueryResult {state}, {read} block(s) read, sql={self.sql!r}>"

    def _block(self, index: int) -> pa.RecordBatch | None:
        """Return block ``index``, reading from the stream as needed; None past the end."""
        with self._lock:
            if index < self._first_index:
                raise MillError(
                    "this QueryResult was made with cache=False and its earlier blocks are "
                    "gone; run the query again, or pass cache=True to read it more than once"
                )
            while index >= self._first_index + len(self._blocks):
                if self._complete:
                    return None
                self._pull()
            return self._blocks[index - self._first_index]

    def _pull(self) -> None:
        """Read one block from the stream (lock held), or mark the result complete."""
        if self._error is not None:
            raise self._error
        if self._closed:
            raise MillError(
                "this QueryResult was closed before it was fully read; run the query again"
            )
        try:
            block = next(self._stream)
        except StopIteration:
            self._complete = True
            self._finalizer.detach()
            return
        except MillError as exc:
            self._error = exc
            self._finalizer()
            raise
        if self._schema is None:
            self._schema = block.schema
        elif not block.schema.equals(self._schema, check_metadata=False):
            self._error = MillProtocolError(
                f"result block {self._first_index + len(self._blocks)} has schema "
                f"{block.schema} but the first block had {self._schema}"
            )
            self._finalizer()
            raise self._error
        if not self._cache and self._blocks:
            self._first_index += len(self._blocks)
            self._blocks.clear()
        self._blocks.append(block)
