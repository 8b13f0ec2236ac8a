"""The group committer: units in one transaction, each in its own savepoint (a batch of one unit in its transaction);
a batch the database fails is refused whole and the next one commits; the writer holds no connection between
batches, so closing the engine leaves the database in its file (no write-ahead log left behind). Units that may merge run together, and a merged run that
fails leaves nothing behind and runs each unit alone."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from aicident.errors import InvalidInput, StorageUnavailable
from aicident.store.engine import make_engine
from aicident.store.group_commit import GroupCommitter


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'g.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
    yield engine
    engine.dispose()


def _rows(engine) -> list[int]:
    with create_engine(engine.url).connect() as connection:
        return [n for (n,) in connection.execute(text("SELECT n FROM t ORDER BY n"))]


def test_a_failing_unit_is_refused_alone(engine):
    committer = GroupCommitter(engine)
    seen = []

    def insert(n):
        def unit(connection):
            seen.append(connection)
            connection.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})
            return n

        return unit

    def refused(connection):
        connection.execute(text("INSERT INTO t (n) VALUES (99)"))
        raise InvalidInput("no")

    assert [committer.submit(insert(n)) for n in (1, 2)] == [1, 2]
    with pytest.raises(InvalidInput):
        committer.submit(refused)
    assert committer.submit(insert(3)) == 3
    assert _rows(engine) == [1, 2, 3]  # the refused unit's insert was rolled back with its savepoint


def test_a_batch_the_database_fails_is_refused_and_the_next_commits(engine):
    committer = GroupCommitter(engine)
    seen = []

    def broken(connection):
        seen.append(connection)
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    def fine(connection):
        seen.append(connection)
        connection.execute(text("INSERT INTO t (n) VALUES (7)"))

    with pytest.raises(StorageUnavailable):
        committer.submit(broken)
    committer.submit(fine)
    assert _rows(engine) == [7]


def test_closing_the_engine_after_a_batch_leaves_no_write_ahead_log(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
    GroupCommitter(engine).submit(lambda connection: connection.execute(text("INSERT INTO t (n) VALUES (1)")))
    engine.dispose()  # the last connection closed: SQLite checkpoints the log into the file and removes it
    assert not (tmp_path / "w.db-wal").exists()


def _queued(unit, merge=None):
    from concurrent.futures import Future

    from aicident.store.group_commit import _Queued

    return _Queued(unit, Future(), merge)


def _insert(n):
    def unit(connection):
        connection.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})
        return f"alone {n}"

    return unit


def test_units_that_may_merge_run_together_and_each_hears_its_own_result(engine):
    calls = []

    def run_many(connection, items):
        calls.append(list(items))
        connection.execute(text("INSERT INTO t (n) VALUES (:n)"), [{"n": n} for n in items])
        return [f"merged {n}" for n in items]

    batch = [
        _queued(_insert(1), (run_many, 1)),
        _queued(_insert(2), (run_many, 2)),
        _queued(_insert(3)),  # cannot merge: it runs alone and splits the run
        _queued(_insert(4), (run_many, 4)),
        _queued(_insert(5), (run_many, 5)),
    ]
    GroupCommitter(engine)._commit(batch)
    assert calls == [[1, 2], [4, 5]]
    assert [q.future.result() for q in batch] == ["merged 1", "merged 2", "alone 3", "merged 4", "merged 5"]
    assert _rows(engine) == [1, 2, 3, 4, 5]


def test_a_merged_run_that_fails_leaves_nothing_and_each_unit_runs_alone(engine):
    def run_many(connection, items):
        connection.execute(text("INSERT INTO t (n) VALUES (100)"))  # written, then rolled back with the run
        raise InvalidInput("one of them is refused")

    def refused(connection):
        raise InvalidInput("refused alone too")

    batch = [_queued(_insert(1), (run_many, 1)), _queued(refused, (run_many, 2)), _queued(_insert(3), (run_many, 3))]
    GroupCommitter(engine)._commit(batch)
    assert batch[0].future.result() == "alone 1" and batch[2].future.result() == "alone 3"
    with pytest.raises(InvalidInput, match="refused alone too"):
        batch[1].future.result()
    assert _rows(engine) == [1, 3]


def test_a_unit_refused_in_a_batch_of_several_is_rolled_back_with_its_savepoint_and_the_others_commit(engine):
    def refused(connection):
        connection.execute(text("INSERT INTO t (n) VALUES (99)"))
        raise InvalidInput("refused")

    batch = [_queued(_insert(1)), _queued(refused), _queued(_insert(2))]
    GroupCommitter(engine)._commit(batch)
    assert [batch[0].future.result(), batch[2].future.result()] == ["alone 1", "alone 2"]
    with pytest.raises(InvalidInput, match="refused"):
        batch[1].future.result()
    assert _rows(engine) == [1, 2]


def test_a_unit_whose_caller_gave_up_before_it_was_taken_is_dropped_and_the_writer_goes_on(engine):
    """An event loop awaiting a unit (asyncio.wrap_future) cancels its future when the request is cancelled: the
    writer must neither run it nor die setting the result of a cancelled future."""
    import threading

    committer = GroupCommitter(engine)
    started, release = threading.Event(), threading.Event()

    def blocking(connection):
        started.set()
        release.wait(5)
        return "first"

    first = committer.submit_later(blocking)
    assert started.wait(5)
    given_up = committer.submit_later(_insert(1))  # queued behind the running batch
    assert given_up.cancel()
    release.set()
    assert first.result(5) == "first"
    assert committer.submit_later(_insert(2)).result(5) == "alone 2"  # the writer is still there
    assert _rows(engine) == [2]
