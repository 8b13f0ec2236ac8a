"""Signals and integrations in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from aicident.store.rows import pg_json_rows
from aicident.store.tables import incidents, integrations, signal_events, signals

# The statements of the ingest path, built once: building one costs more than running it on SQLite, and a statement
# object reused keeps its compiled form's cache key (deliveries run these thousands of times a second).
_OPEN_SIGNALS = (
    select(
        signals.c.id,
        signals.c.open_key,
        signals.c.integration,
        signals.c.title,
        signals.c.occurrences,
        signals.c.status,
        signals.c.incident_id,
        signals.c.group_key,
        signals.c.summarized_occurrences,
        signals.c.summarized_at,
        incidents.c.ref.label("incident_ref"),
    )
    .select_from(signals.outerjoin(incidents, incidents.c.id == signals.c.incident_id))
    .where(signals.c.open_key.in_(bindparam("keys", expanding=True)))
    .order_by(signals.c.open_key)
    .with_for_update(of=signals)
)
_OCCUR = (
    update(signals)
    .where(signals.c.id.in_(bindparam("ids", expanding=True)), signals.c.open_key.is_not(None))
    .values(occurrences=signals.c.occurrences + bindparam("times"), last_seen_at=bindparam("now"))
    .returning(signals.c.id, signals.c.occurrences)
)
_RESOLVED_BEFORE = (
    select(signals.c.dedup_key)
    .where(
        signals.c.integration == bindparam("integration"),
        signals.c.dedup_key.in_(bindparam("keys", expanding=True)),
        signals.c.status == "resolved",
    )
    .distinct()
)
_INSERT = insert(signals)
_INTEGRATION_BY_SECRET = select(integrations).where(
    or_(
        integrations.c.secret == bindparam("secret"),
        (integrations.c.previous_secret == bindparam("secret"))
        & (integrations.c.previous_secret_until > bindparam("now")),
    )
)
_INTEGRATION_BY_NAME = select(integrations).where(integrations.c.name == bindparam("name"))
_INTEGRATION_BY_NAME_LOCKED = _INTEGRATION_BY_NAME.with_for_update()
_CHANGES: dict[tuple[str, ...], Any] = {}  # UPDATE ... WHERE id = :_id, by the columns it sets


# PostgreSQL: the changes of many signals in one UPDATE ... FROM json_to_recordset(one JSON document of their rows),
# one statement of the same text whatever the number of rows (so it stays prepared), by the columns it sets. `_times`
# is not a column: it counts that many more occurrences in the update itself (`occurrences = occurrences + n`),
# returned with the new count.
_PG_TYPES = {
    "title": "text",
    "status": "text",
    "open_key": "text",
    "raw": "json",
    "occurrences": "integer",
    "summarized_occurrences": "integer",
    "last_seen_at": "timestamptz",
    "resolved_at": "timestamptz",
    "summarized_at": "timestamptz",
    "_times": "integer",
}
_PG_CHANGES: dict[tuple[str, ...], Any] = {}


def _pg_change_statement(columns: tuple[str, ...]):
    statement = _PG_CHANGES.get(columns)
    if statement is None:
        sets = ", ".join(
            "occurrences = signals.occurrences + v._times" if column == "_times" else f"{column} = v.{column}"
            for column in columns
        )
        record = ", ".join(f"{column} {_PG_TYPES[column]}" for column in ("_id", *columns) if column != "_id")
        returning = " RETURNING signals.id, signals.occurrences" if "_times" in columns else ""
        # The ids again as an array: the planner takes a set-returning function for 100 rows, and with the join
        # alone its plan (kept for the prepared statement) scans the whole table while that is small; `= ANY` looks
        # the rows up by primary key whatever the table's size.
        statement = _PG_CHANGES[columns] = text(
            f"UPDATE signals SET {sets} FROM json_to_recordset(CAST(:rows AS json)) AS v(_id text, {record}) "
            f"WHERE signals.id = ANY(CAST(:ids AS text[])) AND signals.id = v._id{returning}"
        )
    return statement


def _change_statement(columns: tuple[str, ...]):
    statement = _CHANGES.get(columns)
    if statement is None:
        statement = _CHANGES[columns] = (
            update(signals)
            .where(signals.c.id == bindparam("_id"))
            .values({column: bindparam(column) for column in columns})
        )
    return statement


class SignalRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- integrations -----------------------------------------------------------------------------------------

    def add_integration(self, row: dict) -> None:
        self.connection.execute(insert(integrations).values(**row))

    def integration_by_name(self, name: str, *, lock: bool = False):
        """The integration of that name; `lock`: its row locked until the transaction ends (a change that reads it
        first, such as a rotation keeping the current secret as the previous one, is not raced by another)."""
        locked = lock and self.connection.dialect.name == "postgresql"  # SQLite's writer holds the database already
        statement = _INTEGRATION_BY_NAME_LOCKED if locked else _INTEGRATION_BY_NAME
        return self.connection.execute(statement, {"name": name}).first()

    def integration_by_secret(self, secret: str, now: datetime):
        """The integration whose secret this is, or whose previous secret it is while its grace period lasts."""
        return self.connection.execute(_INTEGRATION_BY_SECRET, {"secret": secret, "now": now}).first()

    def all_integrations(self) -> Sequence[Any]:
        return self.connection.execute(select(integrations).order_by(integrations.c.name)).all()

    def change_integration(self, name: str, **values) -> bool:
        found = self.connection.execute(update(integrations).where(integrations.c.name == name).values(**values))
        return found.rowcount == 1

    def delete_integration(self, name: str) -> None:
        self.connection.execute(delete(integrations).where(integrations.c.name == name))
        # Its open signals are history now: an integration added later under the name starts afresh.
        self.connection.execute(
            update(signals).where(signals.c.integration == name, signals.c.open_key.is_not(None)).values(open_key=None)
        )

    # --- events already taken (CloudEvents redeliveries) -------------------------------------------------------

    def claim_events(self, integration: str, event_ids: list[str], now: datetime) -> set[str]:
        """Record the events as taken; returns those that were not yet (a redelivery, even one racing with its
        first delivery in another process, is not among them)."""
        dialect = self.connection.dialect.name
        module = postgresql if dialect == "postgresql" else sqlite
        statement = (
            module.insert(signal_events)
            .values([{"integration": integration, "event_id": e, "received_at": now} for e in event_ids])
            .on_conflict_do_nothing()
            .returning(signal_events.c.event_id)
        )
        return set(self.connection.execute(statement).scalars())

    # --- signals ----------------------------------------------------------------------------------------------

    def open_signals(self, open_keys: list[str]) -> Sequence[Any]:
        """The open signals of these keys with their incident's ref, locked until the transaction ends (PostgreSQL;
        SQLite has one writer), always in the same order so that two deliveries of the same alerts never wait for
        each other in a circle."""
        if not open_keys:
            return []
        return self.connection.execute(_OPEN_SIGNALS, {"keys": sorted(set(open_keys))}).all()

    def occur_many(self, signal_ids: list[str], *, times: int, now: datetime) -> dict[str, int]:
        """Count `times` more occurrences of each signal in the update itself, so that concurrent deliveries on
        several replicas never lose one and no number is given twice; returns the new counts by signal id."""
        rows = self.connection.execute(_OCCUR, {"ids": signal_ids, "times": times, "now": now})
        return {row.id: row.occurrences for row in rows}

    def resolved_before(self, integration: str, dedup_keys: list[str]) -> set[str]:
        """Which of these keys belonged to a signal that resolved: a new signal of one is the alert firing again."""
        if not dedup_keys:
            return set()
        found = self.connection.execute(_RESOLVED_BEFORE, {"integration": integration, "keys": sorted(set(dedup_keys))})
        return set(found.scalars())

    def summaries_due(self, cutoff: datetime, limit: int) -> Sequence[Any]:
        """Open signals on an incident with repeats the log has not summed up yet, whose last entry is older than
        `cutoff`."""
        return self.connection.execute(
            select(signals.c.id)
            .where(
                signals.c.open_key.is_not(None),
                signals.c.summarized_at <= cutoff,
                signals.c.incident_id.is_not(None),
                signals.c.occurrences > signals.c.summarized_occurrences,
            )
            .order_by(signals.c.summarized_at)
            .limit(limit)
        ).all()

    def lock(self, signal_id: str):
        return self.connection.execute(select(signals).where(signals.c.id == signal_id).with_for_update()).first()

    def advisory_lock(self, key: str) -> None:
        """PostgreSQL: serialise the transactions that may declare an incident for the same key (category and
        feature), so that two replicas never declare two. SQLite has one writer: nothing to do."""
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})

    def add_many(self, rows: list[dict]) -> None:
        if rows:
            self.connection.execute(_INSERT, rows)

    def change_many(self, changes: dict[str, dict]) -> dict[str, int]:
        """Apply per-signal changes, grouped by the set of columns they touch so each group is one statement.

        PostgreSQL: one UPDATE per group however many signals it changes (not one execution per signal), and a
        change may hold `_times`: that many more occurrences, counted in the update itself; returns the new counts of
        those signals by id. SQLite takes no `_times` (its counts go through `occur_many`)."""
        by_columns: dict[tuple, list[dict]] = {}
        for signal_id, values in changes.items():
            by_columns.setdefault(tuple(sorted(values)), []).append({"_id": signal_id, **values})
        counted: dict[str, int] = {}
        if self.connection.dialect.name != "postgresql":
            for columns, rows in by_columns.items():
                assert "_times" not in columns
                self.connection.execute(_change_statement(columns), rows)
            return counted
        for columns, rows in by_columns.items():
            result = self.connection.execute(
                _pg_change_statement(columns), {"rows": pg_json_rows(rows), "ids": [row["_id"] for row in rows]}
            )
            if "_times" in columns:
                counted.update((row.id, row.occurrences) for row in result)
        return counted

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
    ) -> Sequence[Any]:
        query = select(signals).order_by(signals.c.last_seen_at.desc(), signals.c.id)
        if inbox:
            query = query.where(signals.c.inbox == inbox)
        if incident_id:
            query = query.where(signals.c.incident_id == incident_id)
        if status:
            query = query.where(signals.c.status == status)
        return self.connection.execute(query.limit(limit).offset(offset)).all()
