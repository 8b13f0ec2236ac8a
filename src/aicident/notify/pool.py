"""Connections kept open between messages, by receiver: the SMTP channel's sessions and the HTTP channels'
kept-alive connections. Safe to use from several threads; a connection is used by one thread at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Connection = TypeVar("Connection")


class IdlePool(Generic[Connection]):
    """Idle connections by key (server, port, credentials...), newest first. One idle longer than `idle_seconds` is
    closed rather than reused: servers close idle connections themselves, and a closed one would cost a failure."""

    def __init__(self, close: Callable[[Connection], None], *, idle_seconds: float) -> None:
        self._close = close
        self.idle_seconds = idle_seconds
        self._idle: dict[Hashable, list[tuple[float, Connection]]] = {}
        self._lock = threading.Lock()

    def take(
        self, key: Hashable, usable: Callable[[Connection, float], bool] = lambda connection, idle_for: True
    ) -> Connection | None:
        """An idle connection for `key` that `usable(connection, seconds idle)` accepts (asked outside the lock: it
        may talk to the server), or None; the ones passed over are closed."""
        while True:
            with self._lock:
                idle = self._idle.get(key)
                if not idle:
                    return None
                since, connection = idle.pop()
            idle_for = time.monotonic() - since
            if idle_for <= self.idle_seconds and usable(connection, idle_for):
                return connection
            self._close(connection)

    def give_back(self, key: Hashable, connection: Connection, *, keep: int) -> None:
        """Keep `connection` for the next message, unless `keep` are idle for `key` already."""
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < keep:
                idle.append((time.monotonic(), connection))
                return
        self._close(connection)

    def close_all(self) -> None:
        with self._lock:
            connections = [connection for idle in self._idle.values() for _, connection in idle]
            self._idle.clear()
        for connection in connections:
            self._close(connection)
