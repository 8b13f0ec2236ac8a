"""The outbox and its attempts in the database: conditional updates are the claims, so any number of workers on
PostgreSQL (or processes on one SQLite file) may poll at once."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, and_, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from aicident.notify.model import DEAD, FAILED, QUEUED, RETRYABLE_STATES, SENDING, SENT
from aicident.store.tables import outbox, outbox_attempts


def _due(now: datetime):
    """Queued and due, or being sent by a worker whose lease ran out (it died or hangs): send it again."""
    return or_(
        and_(outbox.c.state == QUEUED, outbox.c.next_attempt_at <= now),
        and_(outbox.c.state == SENDING, outbox.c.lease_until <= now),
    )


def _starts_with(prefix: str):
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return outbox.c.id.like(escaped + "%", escape="\\")


class OutboxRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: dict) -> bool:
        """Insert unless a message with the same id exists; True if inserted. A duplicate leaves the caller's
        transaction usable (no IntegrityError on PostgreSQL, where that would abort it)."""
        dialect = self.connection.dialect.name
        statement: postgresql.Insert | sqlite.Insert | Insert
        if dialect == "postgresql":
            statement = postgresql.insert(outbox).values(**row).on_conflict_do_nothing(index_elements=["id"])
        elif dialect == "sqlite":
            statement = sqlite.insert(outbox).values(**row).on_conflict_do_nothing(index_elements=["id"])
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            if self.get(row["id"]) is not None:
                return False
            statement = insert(outbox).values(**row)
        # RETURNING rather than rowcount: psycopg reports no row count for INSERT ... ON CONFLICT DO NOTHING
        return self.connection.execute(statement.returning(outbox.c.id)).first() is not None

    def get(self, message_id: str):
        return self.connection.execute(select(outbox).where(outbox.c.id == message_id)).first()

    def due(self, now: datetime, limit: int) -> Sequence[Any]:
        """The first `limit` due messages, earliest first: what a round needs to plan them (id, channel, lane)."""
        query = (
            select(outbox.c.id, outbox.c.channel, outbox.c.incident_id, outbox.c.recipients)
            .where(_due(now))
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
        )
        return self.connection.execute(query).all()

    def claim(self, message_id: str, *, now: datetime, lease_until: datetime, worker: str, claim: str) -> bool:
        """Take the message if it is still due; False if another worker took it first."""
        taken, _ = self.claim_many([message_id], now=now, lease_until=lease_until, worker=worker, claim=claim)
        return message_id in taken

    def claim_many(
        self, message_ids: builtins.list[str], *, now: datetime, lease_until: datetime, worker: str, claim: str
    ) -> tuple[dict[str, Any], builtins.list[Any]]:
        """Take those of `message_ids` still due, in one statement, all under one claim. Returns the rows taken (by
        id, as they are now) and, of those, the rows as they were when a worker's lease had run out on them (their
        attempts are to be recorded as abandoned)."""
        if not message_ids:
            return {}, []
        expired = self.connection.execute(
            select(outbox).where(outbox.c.id.in_(message_ids), outbox.c.state == SENDING, _due(now))
        ).all()
        statement = (
            update(outbox)
            .where(outbox.c.id.in_(message_ids), _due(now))
            .values(
                state=SENDING,
                claim=claim,
                leased_by=worker,
                lease_until=lease_until,
                attempts=outbox.c.attempts + 1,
                updated_at=now,
            )
            .returning(*outbox.c)
        )
        taken = {row.id: row for row in self.connection.execute(statement).all()}
        return taken, [row for row in expired if row.id in taken]

    def finish_many(self, message_ids: builtins.list[str], by_claim: str, **values) -> set[str]:
        """`finish` for several messages given the same values; the ids recorded."""
        if not message_ids:
            return set()
        statement = (
            update(outbox)
            .where(outbox.c.id.in_(message_ids), outbox.c.claim == by_claim, outbox.c.state == SENDING)
            .values(**values)
            .returning(outbox.c.id)
        )
        return set(self.connection.execute(statement).scalars())

    def add_attempts(self, rows: builtins.list[dict]) -> None:
        if rows:
            self.connection.execute(insert(outbox_attempts), rows)

    def finish(self, message_id: str, by_claim: str, **values) -> bool:
        """Record the outcome of our claim; False if our lease ran out and another worker claimed it since."""
        statement = (
            update(outbox)
            .where(outbox.c.id == message_id, outbox.c.claim == by_claim, outbox.c.state == SENDING)
            .values(**values)
        )
        return self.connection.execute(statement).rowcount == 1

    def add_attempt(self, row: dict) -> None:
        self.connection.execute(insert(outbox_attempts).values(**row))

    def attempts(self, message_id: str) -> Sequence[Any]:
        return self.connection.execute(
            select(outbox_attempts).where(outbox_attempts.c.message_id == message_id).order_by(outbox_attempts.c.number)
        ).all()

    def requeue(self, message_id: str, *, now: datetime, actor: str) -> bool:
        statement = (
            update(outbox)
            .where(outbox.c.id == message_id, outbox.c.state.in_(RETRYABLE_STATES))
            .values(
                state=QUEUED,
                next_attempt_at=now,
                window_started_at=now,
                claim=None,
                leased_by=None,
                lease_until=None,
                finished_at=None,
                retried_by=actor,
                retried_at=now,
                updated_at=now,
            )
        )
        return self.connection.execute(statement).rowcount == 1

    def list(
        self,
        *,
        incident_id: str | None = None,
        obligation_id: str | None = None,
        state: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[Any]:
        query = select(outbox).order_by(outbox.c.created_at.desc(), outbox.c.id)
        if incident_id:
            query = query.where(outbox.c.incident_id == incident_id)
        if obligation_id:
            query = query.where(outbox.c.obligation_id == obligation_id)
        if state:
            query = query.where(outbox.c.state == state)
        return self.connection.execute(query.limit(limit).offset(offset)).all()

    # --- what the rest of aicident asks of the outbox ------------------------------------------------------------

    def count_sent(self, batch: str) -> int:
        """How many messages of `batch` (one sent version of a draft) were delivered."""
        query = select(func.count()).where(outbox.c.batch == batch, outbox.c.state == SENT)
        return self.connection.execute(query).scalar_one()

    def batch_waits(self, batch: str, *, in_flight: bool) -> bool:
        """Whether a message of `batch` is not delivered: queued, failed or dead (and, `in_flight`, being sent by a
        worker). An index walk that stops at the first one, however large the batch."""
        states = [s for s in (QUEUED, FAILED, DEAD, SENDING) if in_flight or s != SENDING]
        query = select(outbox.c.id).where(outbox.c.batch == batch, outbox.c.state.in_(states)).limit(1)
        return self.connection.execute(query).first() is not None

    def held(self, *, incident_id: str, channel: str, id_prefix: str, now: datetime):
        """The newest message about an incident on `channel` still held back for coalescing: queued, never tried,
        due later than `now`, its id starting with `id_prefix`."""
        query = (
            select(outbox)
            .where(
                outbox.c.incident_id == incident_id,
                outbox.c.channel == channel,
                _starts_with(id_prefix),
                outbox.c.state == QUEUED,
                outbox.c.attempts == 0,
                outbox.c.next_attempt_at > now,
            )
            .order_by(outbox.c.created_at.desc())
            .limit(1)
        )
        return self.connection.execute(query).first()

    def rewrite_held(self, message_id: str, *, now: datetime, **values) -> bool:
        """Change a message still held back (queued, never tried, not yet due); False once a worker took it."""
        statement = (
            update(outbox)
            .where(
                outbox.c.id == message_id,
                outbox.c.state == QUEUED,
                outbox.c.attempts == 0,
                outbox.c.next_attempt_at > now,
            )
            .values(updated_at=now, **values)
        )
        return self.connection.execute(statement).rowcount == 1

    def failing(self, *, incident_id: str | None = None, limit: int = 5000) -> Sequence[Any]:
        """Messages that are failing: queued again after a failed try, failed for good, or dead."""
        query = select(outbox).where(
            or_(
                and_(outbox.c.state == QUEUED, outbox.c.attempts > 0, outbox.c.last_error.is_not(None)),
                outbox.c.state.in_((FAILED, DEAD)),
            )
        )
        if incident_id:
            query = query.where(outbox.c.incident_id == incident_id)
        return self.connection.execute(query.order_by(outbox.c.created_at).limit(limit)).all()

    def first_failures(self, message_ids: builtins.list[str]) -> dict[str, datetime]:
        """When each message's first failed try ended."""
        if not message_ids:
            return {}
        query = (
            select(outbox_attempts.c.message_id, func.min(outbox_attempts.c.finished_at))
            .where(outbox_attempts.c.message_id.in_(message_ids), outbox_attempts.c.outcome != SENT)
            .group_by(outbox_attempts.c.message_id)
        )
        return {row[0]: row[1] for row in self.connection.execute(query)}
