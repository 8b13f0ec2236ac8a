"""Group commit: one writer thread runs many small write units in one transaction and one fsync.

SQLite allows one writer at a time and each commit with synchronous=FULL costs an fsync (about 5 ms here), so many
threads each committing a delivery queue behind each other. Here each unit runs in its own savepoint (a failing one
is rolled back alone), the batch commits once, and only then does each caller get its result: nothing is
acknowledged before it is durable.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from aicident.errors import StorageUnavailable

T = TypeVar("T")
log = logging.getLogger("aicident.store")


class GroupCommitter:
    def __init__(self, engine: Engine, *, max_batch: int = 64):
        self.engine = engine
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, unit: Callable[[Connection], T]) -> T:
        """Run `unit` on the writer's connection inside a savepoint; return once its batch is committed."""
        future: Future = Future()
        self._start()
        self._queue.put((unit, future))
        return future.result()

    def _start(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:  # started on first use: no thread exists because a module was imported
                    self._thread = threading.Thread(target=self._run, name="aicident-group-commit", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[Connection], object], Future]]) -> None:
        outcomes: list[tuple[Future, object, BaseException | None]] = []
        try:
            with self.engine.connect() as connection, connection.begin():
                for unit, future in batch:
                    try:
                        with connection.begin_nested():
                            outcomes.append((future, unit(connection), None))
                    except OperationalError:
                        raise  # the connection itself is in trouble: fail the whole batch below
                    except Exception as error:  # this unit's own failure (bad input, a guard): only it is refused
                        outcomes.append((future, None, error))
        except Exception as error:
            log.warning("group commit of %d unit(s) failed: %s", len(batch), error)
            failure = StorageUnavailable(f"the database could not commit: {getattr(error, 'orig', error)}")
            for _unit, future in batch:
                future.set_exception(failure)
            return
        for future, result, refused in outcomes:
            if refused is None:
                future.set_result(result)
            else:
                future.set_exception(refused)
