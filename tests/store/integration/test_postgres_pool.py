"""PostgreSQL: pooled connections are pinged only when they sat idle, and one the server dropped meanwhile is
replaced, not handed out (the pool no longer pings on every checkout: a round trip per transaction)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from aicident.store import engine as store_engine
from aicident.store.engine import make_engine

pytestmark = pytest.mark.postgres


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres_url, monkeypatch):
    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_SECONDS", 0.2)
    engine = make_engine(postgres_url)
    other = make_engine(postgres_url)
    try:
        dropped = _backend(engine)
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped}).scalar_one()
        time.sleep(0.3)
        assert _backend(engine) != dropped  # pinged, found gone, replaced: the caller saw nothing
    finally:
        engine.dispose()
        other.dispose()


def test_a_connection_used_moments_ago_is_not_pinged(postgres_url):
    engine = make_engine(postgres_url)
    try:
        _backend(engine)
        pings = []
        original = engine.dialect.do_ping
        engine.dialect.do_ping = lambda dbapi_connection: pings.append(1) or original(dbapi_connection)  # type: ignore[method-assign]
        for _ in range(5):
            _backend(engine)
        assert pings == []
    finally:
        engine.dispose()
