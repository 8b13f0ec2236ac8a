"""The group committer: units in one transaction, each in its own savepoint; a batch the database fails is refused
whole and the next one commits; the writer holds no connection between batches, so closing the engine leaves the
database in its file (no write-ahead log left behind)."""

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
