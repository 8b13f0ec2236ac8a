"""Wake-ups for the pages' event streams: a change to an incident, once committed, wakes the streams of this process
that watch it (and those that watch every incident, the list's).

The change path calls `on_change` for every log entry (a handler in `aicident.handlers`); it registers a wake-up
that runs after the unit of work commits, so a stream never announces a version that a rollback took back. Streams
of other replicas do not hear of it: they poll the incident's version, cheaply, between wake-ups.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aicident.incidents.changes import Event

EVERY_INCIDENT = "*"


class Wakeups:
    """Asyncio events by incident reference, set from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watching: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def watch(self, key: str) -> asyncio.Event:
        """An event set when the incident `key` (or any, with EVERY_INCIDENT) moves; call from the stream's loop."""
        event = asyncio.Event()
        with self._lock:
            self._watching.setdefault(key, set()).add((asyncio.get_running_loop(), event))
        return event

    def forget(self, key: str, event: asyncio.Event) -> None:
        with self._lock:
            watchers = self._watching.get(key, set())
            for pair in [p for p in watchers if p[1] is event]:
                watchers.discard(pair)
            if not watchers:
                self._watching.pop(key, None)

    def moved(self, ref: str) -> None:
        """The incident `ref` changed: wake whoever watches it or every incident."""
        with self._lock:
            targets = [*self._watching.get(ref, ()), *self._watching.get(EVERY_INCIDENT, ())]
        for loop, event in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    def watched(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._watching.values())


WAKEUPS = Wakeups()


def on_change(event: Event) -> None:
    """Handler for every log entry: wake the pages watching the incident once the change is committed."""
    ref = event.incident.ref
    event.uow.after_commit(lambda: WAKEUPS.moved(ref))
