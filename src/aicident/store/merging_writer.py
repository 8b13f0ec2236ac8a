"""PostgreSQL's group commit: the writes waiting together are made in one transaction by one thread.

PostgreSQL takes many writers at once, but a transaction per write costs its own statements (the same reads, locks
and updates once per write instead of once per batch), its own commit and WAL flush, and a worker thread each. Here
one thread per process takes the items waiting (up to `max_batch`) and writes those that share `run_many` in one
transaction (`run_many(items)` owns it), then tells each its result, only after the commit. If that transaction fails
(it raced with another process: a deadlock, a unique key taken first, a count that moved; or one item failed in a way
it did not report as its own), nothing of it is kept and each item is written alone by its `unit` (a transaction of its
own, with its own retries): merging never changes what an item is told, no item is told twice and none is lost. Only a
database that cannot be written (`StorageUnavailable` from `run_many`) fails the whole batch. An item alone in its
batch (the commonest case at low concurrency) is written by its `unit` directly.

SQLite's group committer (`store.group_commit`) differs: one writer owns the transaction and runs each unit in a
savepoint inside it, since SQLite takes one writer at a time anyway.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from aicident.errors import StorageUnavailable
from aicident.store.group_commit import take_batch

T = TypeVar("T")
log = logging.getLogger("aicident.store")

# Writes the items of several submissions in one transaction of its own; returns one result per item, in order (an
# exception returned for an item is raised to that submitter alone: e.g. a delivery refused while the others are
# written). Raising anything but StorageUnavailable writes each item alone instead.
RunMany = Callable[[list], list]


class _Queued:
    __slots__ = ("future", "item", "run_many", "unit")

    def __init__(self, unit: Callable[[], object], future: Future, run_many: RunMany, item: object):
        self.unit, self.future, self.run_many, self.item = unit, future, run_many, item


class MergingWriter:
    def __init__(self, *, max_batch: int = 64):
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, unit: Callable[[], T], *, merge: tuple[RunMany, object]) -> T:
        """Write: `unit()` alone (it owns its transaction), or its item with the others waiting that name the same
        `run_many`; return once that is committed."""
        return self.submit_later(unit, merge=merge).result()

    def submit_later(self, unit: Callable[[], T], *, merge: tuple[RunMany, object]) -> Future:
        """As `submit`, without waiting: the future is done once the write is committed (an event loop awaits it with
        `asyncio.wrap_future`, holding no thread meanwhile)."""
        future: Future = Future()
        if self._thread is None:
            with self._lock:
                if self._thread is None:  # started on first use
                    self._thread = threading.Thread(target=self._run, name="aicident-merging-writer", daemon=True)
                    self._thread.start()
        self._queue.put(_Queued(unit, future, merge[0], merge[1]))
        return future

    def _run(self) -> None:
        while True:
            batch = take_batch(self._queue, self.max_batch)
            runs: dict[RunMany, list[_Queued]] = {}
            for queued in batch:
                runs.setdefault(queued.run_many, []).append(queued)
            for run in runs.values():
                self._write(run)

    @staticmethod
    def _alone(queued: _Queued) -> None:
        try:
            result = queued.unit()
        except BaseException as error:
            queued.future.set_exception(error)
        else:
            queued.future.set_result(result)

    def _write(self, run: list[_Queued]) -> None:
        if len(run) == 1:
            self._alone(run[0])
            return
        try:
            results = run[0].run_many([queued.item for queued in run])
            if len(results) != len(run):
                raise ValueError(f"{len(results)} results for {len(run)} items")
        except StorageUnavailable as error:  # the database itself is in trouble: each would fail alike
            log.warning("merged write of %d item(s) failed: %s", len(run), error)
            for queued in run:
                queued.future.set_exception(error)
            return
        except Exception as error:  # raced with another writer, or one item failed: each alone, as if never merged
            log.debug("merged write of %d item(s) fell back to one by one: %s", len(run), error)
            for queued in run:
                self._alone(queued)
            return
        for queued, result in zip(run, results, strict=True):  # the thread never stops on an item's failure
            if isinstance(result, BaseException):
                queued.future.set_exception(result)
            else:
                queued.future.set_result(result)
