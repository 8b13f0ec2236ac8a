"""Group commit: one writer thread runs many small write units in one transaction and one fsync.

SQLite allows one writer at a time and each commit with synchronous=FULL costs an fsync, so many threads each
committing a delivery queue behind each other. Here each unit of a batch runs in its own savepoint (a failing one is
rolled back alone; a batch of one unit needs none, its transaction is rolled back), the batch commits once, and only
then does each caller get its result: nothing is acknowledged before it is durable.

Units of the same kind that arrive together may also be merged: `submit(unit, merge=(run_many, item))` lets the
writer run the items of consecutive units that share `run_many` in one call (one savepoint, one pass over the rows
they touch); if that call fails, each of them runs alone as `unit`, so merging never changes what a unit is told.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from aicident.errors import StorageUnavailable

T = TypeVar("T")
log = logging.getLogger("aicident.store")

Unit = Callable[[Connection], object]
# Runs the items of several units in one go; returns one result per item, in order (an exception returned for an item
# is raised to that unit's caller alone: e.g. a delivery refused while the others are written).
RunMany = Callable[[Connection, list], list]

_MEMO = "aicident.batch_memo"


def batch_memo(connection: Connection) -> dict | None:
    """A dict that lives as long as the writer's current batch (one transaction holding SQLite's write lock, or
    PostgreSQL's merged transaction), for reads every unit of the batch would repeat and that no unit changes (e.g.
    the sender of each delivery); None outside a batch."""
    return connection.info.get(_MEMO)


@contextmanager
def memo_of_batch(connection: Connection) -> Iterator[Connection]:
    """Give `connection` a `batch_memo` while the batch it writes lasts."""
    connection.info[_MEMO] = {}
    try:
        yield connection
    finally:
        del connection.info[_MEMO]


class _Refused(Exception):
    """A unit's own failure (bad input, a guard), carried out of the transaction that it rolls back."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


class _Queued:
    __slots__ = ("future", "item", "run_many", "unit")

    def __init__(self, unit: Unit, future: Future, merge: tuple[RunMany, object] | None):
        self.unit, self.future = unit, future
        self.run_many: RunMany | None = merge[0] if merge is not None else None
        self.item: object = merge[1] if merge is not None else None


def _runs(batch: list[_Queued]) -> list[list[_Queued]]:
    """Consecutive units that can be merged, together; every other unit alone (the order of the batch is kept)."""
    runs: list[list[_Queued]] = []
    for queued in batch:
        if runs and queued.run_many is not None and runs[-1][0].run_many is queued.run_many:
            runs[-1].append(queued)
        else:
            runs.append([queued])
    return runs


def take_batch(waiting: queue.Queue, most: int) -> list:
    """A writer thread's next batch: the first queued item (waited for) and those queued behind it, up to `most`. An
    item whose caller gave up waiting (its request was cancelled) before it was taken is dropped; the others can no
    longer be cancelled, so their results always find a future to go to (items have a `future`)."""
    batch = [waiting.get()]
    while len(batch) < most:
        try:
            batch.append(waiting.get_nowait())
        except queue.Empty:
            break
    return [queued for queued in batch if queued.future.set_running_or_notify_cancel()]


class GroupCommitter:
    def __init__(self, engine: Engine, *, max_batch: int = 64):
        self.engine = engine
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, unit: Callable[[Connection], T], *, merge: tuple[RunMany, object] | None = None) -> T:
        """Run `unit` on the writer's connection inside a savepoint; return once its batch is committed. With `merge`,
        the writer may instead run its item with those of other units that name the same `run_many`."""
        return self.submit_later(unit, merge=merge).result()

    def submit_later(self, unit: Callable[[Connection], T], *, merge: tuple[RunMany, object] | None = None) -> Future:
        """As `submit`, without waiting: the future is done once the unit's batch is committed (an event loop awaits
        it with `asyncio.wrap_future`, holding no thread meanwhile)."""
        future: Future = Future()
        self._start()
        self._queue.put(_Queued(unit, future, merge))
        return future

    def _start(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:  # started on first use: no thread exists because a module was imported
                    self._thread = threading.Thread(target=self._run, name="aicident-group-commit", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            batch = take_batch(self._queue, self.max_batch)
            if batch:
                self._commit(batch)

    def _commit(self, batch: list[_Queued]) -> None:
        if len(batch) == 1:
            # One unit alone (the commonest batch at low concurrency): its transaction serves as its savepoint,
            # two statements fewer.
            self._commit_one(batch[0])
            return
        outcomes: list[tuple[Future, object, BaseException | None]] = []
        try:
            with self._transaction() as connection:
                for run in _runs(batch):
                    if len(run) > 1 and self._merged(connection, run, outcomes):
                        continue
                    for queued in run:
                        outcomes.append(self._alone(connection, queued))
        except Exception as error:
            log.warning("group commit of %d unit(s) failed: %s", len(batch), error)
            failure = StorageUnavailable(f"the database could not commit: {getattr(error, 'orig', error)}")
            for queued in batch:
                queued.future.set_exception(failure)
            return
        for future, result, refused in outcomes:
            if refused is None:
                future.set_result(result)
            else:
                future.set_exception(refused)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A batch's transaction, with its memo (`batch_memo`) for as long as it lasts."""
        with self.engine.connect() as connection, connection.begin(), memo_of_batch(connection):
            yield connection

    def _commit_one(self, queued: _Queued) -> None:
        try:
            with self._transaction() as connection:
                try:
                    result = queued.unit(connection)
                except OperationalError:
                    raise  # the connection itself is in trouble
                except Exception as error:  # the unit's own failure: rolled back with the transaction
                    raise _Refused(error) from error
        except _Refused as refused:
            queued.future.set_exception(refused.error)
            return
        except Exception as error:
            log.warning("group commit of 1 unit failed: %s", error)
            queued.future.set_exception(
                StorageUnavailable(f"the database could not commit: {getattr(error, 'orig', error)}")
            )
            return
        queued.future.set_result(result)

    @staticmethod
    def _alone(connection: Connection, queued: _Queued) -> tuple[Future, object, BaseException | None]:
        try:
            with connection.begin_nested():
                return queued.future, queued.unit(connection), None
        except OperationalError:
            raise  # the connection itself is in trouble: fail the whole batch
        except Exception as error:  # this unit's own failure (bad input, a guard): only it is refused
            return queued.future, None, error

    @staticmethod
    def _merged(connection: Connection, run: list[_Queued], outcomes: list) -> bool:
        """Run merged units in one savepoint; False (nothing written) if that failed and each must run alone."""
        run_many = run[0].run_many
        assert run_many is not None
        try:
            with connection.begin_nested():
                results = run_many(connection, [queued.item for queued in run])
        except OperationalError:
            raise
        except Exception as error:  # e.g. a race one of them must retry: run them one by one, as if never merged
            log.debug("merged run of %d unit(s) fell back to one by one: %s", len(run), error)
            return False
        for queued, result in zip(run, results, strict=True):
            if isinstance(result, BaseException):
                outcomes.append((queued.future, None, result))
            else:
                outcomes.append((queued.future, result, None))
        return True
