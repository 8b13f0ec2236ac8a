"""Connections opening the same fresh SQLite file at the same moment all succeed and leave it in WAL mode.

Switching a new file to WAL takes an exclusive lock, and SQLite refuses a competing switch at once instead of
waiting for the busy timeout; two CLI commands started together on a new store used to fail with "database is
locked". Before the fix this loop failed in about one attempt in forty.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

from aicident.store.engine import make_engine


def test_connections_racing_to_open_a_fresh_database_all_succeed(tmp_path):
    for attempt in range(300):
        path = tmp_path / f"race-{attempt}.db"
        engines = [make_engine(f"sqlite:///{path}") for _ in range(8)]
        barrier, errors = threading.Barrier(len(engines)), []

        def open_one(engine, barrier=barrier, errors=errors):
            barrier.wait()
            try:
                with engine.connect():
                    pass
            except Exception as error:  # noqa: BLE001 - collected and reported below
                errors.append(repr(error))

        threads = [threading.Thread(target=open_one, args=(engine,)) for engine in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for engine in engines:
            engine.dispose()
        assert errors == [], f"attempt {attempt}"
        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
