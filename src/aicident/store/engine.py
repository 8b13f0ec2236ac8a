"""Database engines and migrations for the embedded SQLite store and PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError

READ_ONLY = "aicident_read_only"
# PostgreSQL: a pooled connection idle for longer than this is pinged before it is used again (the server may have
# restarted or dropped it meanwhile); one checked in moments ago (every connection of a busy pool) is used as it is.
PING_AFTER_IDLE_SECONDS = 1.0


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, synchronous=FULL and write locks taken up front. Bound
    values are left out of its error messages (`hide_parameters`): they hold integration secrets, token hashes and
    personal data, and such messages are logged."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.drivername == "postgresql":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        engine = create_engine(url, hide_parameters=True)
        # Rows inserted together (a delivery's new signals, an incident's new log entries) go as one multi-row
        # INSERT, not one execution each in a pipeline: fewer statements for PostgreSQL to run, less driver work.
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return _ping_when_idle(engine)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, issue BEGIN, so that it can be BEGIN IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # One writer at a time: a writing transaction takes the write lock at its start rather than fail to upgrade
        # a read lock later; a read-only one takes none, so reads never wait for writers (WAL).
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _ping_when_idle(engine: Engine) -> Engine:
    """Ping a pooled connection before use only when it sat idle: `pool_pre_ping` pings on every checkout, a round
    trip (and both sides' CPU) per transaction, one in ten of a delivery's. A connection that breaks within a second
    of its last use fails the one transaction that gets it: SQLAlchemy then discards the pool's connections, and the
    caller hears a transient fault (503) and retries."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _idle_since(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # what `pool_pre_ping` would do
        except Exception as error:  # gone: the pool discards it and takes another (up to three times)
            raise DisconnectionError(str(error)) from error

    return engine


def _use_wal(cursor, *, patience: float = 30.0) -> None:
    """Switch the database to WAL unless it already is.

    Switching needs an exclusive lock, and SQLite answers "database is locked" at once, without waiting for the busy
    timeout, when another process opening the same fresh file switches it at the same moment; so retry for a while.
    """
    deadline = time.monotonic() + patience
    delay = 0.005
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "aicident.store:migrations")
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def migrations_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def ping(engine: Engine) -> None:
    """Raise unless the database answers a trivial query."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
