"""Interaction events in the database: only their ids are kept, to observe each event once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from aicident.detectors.model import InteractionEvent
from aicident.store.tables import interaction_events

_CHUNK = 500  # stay under the databases' bound-parameter limits


class InteractionEventRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def seen(self, integration: str, ids: Iterable[str]) -> set[str]:
        """Which of these event ids this integration has sent before."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(
                self.connection.execute(
                    select(interaction_events.c.id).where(
                        interaction_events.c.integration == integration, interaction_events.c.id.in_(chunk)
                    )
                ).scalars()
            )
        return found

    def add(self, integration: str, events: list[InteractionEvent], now: datetime) -> None:
        if events:
            self.connection.execute(
                insert(interaction_events),
                [
                    {"integration": integration, "id": e.id, "feature": e.feature, "time": e.time, "received_at": now}
                    for e in events
                ],
            )
