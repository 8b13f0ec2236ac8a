"""Signals and integrations in the database."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from aicident.store.tables import integrations, signals


class SignalRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- integrations -----------------------------------------------------------------------------------------

    def add_integration(self, row: dict) -> None:
        self.connection.execute(insert(integrations).values(**row))

    def integration_by_name(self, name: str):
        return self.connection.execute(select(integrations).where(integrations.c.name == name)).first()

    def integration_by_secret(self, secret: str):
        return self.connection.execute(select(integrations).where(integrations.c.secret == secret)).first()

    def all_integrations(self) -> list:
        return self.connection.execute(select(integrations).order_by(integrations.c.name)).all()

    # --- signals ----------------------------------------------------------------------------------------------

    def open_signals(self, open_keys: list[str]) -> list:
        if not open_keys:
            return []
        return self.connection.execute(select(signals).where(signals.c.open_key.in_(set(open_keys)))).all()

    def add_many(self, rows: list[dict]) -> None:
        if rows:
            self.connection.execute(insert(signals), rows)

    def change_many(self, changes: dict[str, dict]) -> None:
        """Apply per-signal changes, grouped by the set of columns they touch so each group is one statement."""
        by_columns: dict[tuple, list[dict]] = {}
        for signal_id, values in changes.items():
            by_columns.setdefault(tuple(sorted(values)), []).append({"_id": signal_id, **values})
        for columns, rows in by_columns.items():
            statement = (
                update(signals)
                .where(signals.c.id == bindparam("_id"))
                .values({column: bindparam(column) for column in columns})
            )
            self.connection.execute(statement, rows)

    def get(self, signal_id: str):
        return self.connection.execute(select(signals).where(signals.c.id == signal_id)).first()

    def add(self, row: dict) -> None:
        self.connection.execute(insert(signals).values(**row))

    def change(self, signal_id: str, **values) -> None:
        self.connection.execute(update(signals).where(signals.c.id == signal_id).values(**values))

    def open_incident_of_group(self, integration: str, group_key: str) -> str | None:
        """The incident an earlier, still open signal of the same alert group went to."""
        row = self.connection.execute(
            select(signals.c.incident_id)
            .where(
                signals.c.integration == integration,
                signals.c.group_key == group_key,
                signals.c.open_key.is_not(None),
                signals.c.incident_id.is_not(None),
            )
            .order_by(signals.c.first_seen_at.desc())
            .limit(1)
        ).first()
        return row.incident_id if row else None

    def list(
        self,
        *,
        inbox: str | None = None,
        incident_id: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list:
        query = select(signals).order_by(signals.c.last_seen_at.desc(), signals.c.id)
        if inbox:
            query = query.where(signals.c.inbox == inbox)
        if incident_id:
            query = query.where(signals.c.incident_id == incident_id)
        if status:
            query = query.where(signals.c.status == status)
        return self.connection.execute(query.limit(limit).offset(offset)).all()
