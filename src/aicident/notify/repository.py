"""The outbox and its attempts in the database: conditional updates are the claims, so any number of workers on
PostgreSQL (or processes on one SQLite file) may poll at once."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Insert, String, and_, any_, bindparam, func, insert, literal, or_, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from aicident.notify.model import DEAD, FAILED, QUEUED, RETRYABLE_STATES, SENDING, SENT
from aicident.store.tables import outbox, outbox_attempts
from aicident.store.types import UTCDateTime


def _due(now: datetime):
    """Queued and due, or being sent by a worker whose lease ran out (it died or hangs): send it again."""
    return or_(
        and_(outbox.c.state == QUEUED, outbox.c.next_attempt_at <= now),
        and_(outbox.c.state == SENDING, outbox.c.lease_until <= now),
    )


def _ids(column, message_ids: list[str]):
    """`column` is one of `message_ids`, as one array parameter: one statement text whatever their number, so the
    driver prepares it once and the server plans it once."""
    return column == any_(bindparam(None, message_ids, type_=postgresql.ARRAY(String)))


# What a round reads of the messages it claims: what is sent, and what the outcome is recorded with.
_CLAIMED = (
    outbox.c.id,
    outbox.c.channel,
    outbox.c.kind,
    outbox.c.recipients,
    outbox.c.subject,
    outbox.c.body,
    outbox.c.data,
    outbox.c.incident_id,
    outbox.c.incident_ref,
    outbox.c.obligation_id,
    outbox.c.batch,
    outbox.c.attempts,
    outbox.c.window_started_at,
)


def _claimed(*, claim: str, worker: str, lease_until: datetime, now: datetime) -> dict[str, Any]:
    """What taking a message under a claim sets."""
    return {
        "state": SENDING,
        "claim": claim,
        "leased_by": worker,
        "lease_until": lease_until,
        "attempts": outbox.c.attempts + 1,
        "updated_at": now,
    }


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

    def due(self, now: datetime, limit: int, *, lock: bool = False) -> Sequence[Any]:
        """The first `limit` due messages, earliest first: what a round needs to plan them (id, channel, lane).
        Queued ones and those whose lease ran out are read apart, each an index range (state, next_attempt_at)
        that stops after `limit` rows, however many messages the outbox keeps. `lock` (a round about to claim them,
        on PostgreSQL): lock the rows read until the transaction ends, passing over those another transaction has
        locked, so that workers reading side by side read different messages."""
        columns = (outbox.c.id, outbox.c.channel, outbox.c.incident_id, outbox.c.recipients, outbox.c.next_attempt_at)
        queued = select(*columns).where(outbox.c.state == QUEUED, outbox.c.next_attempt_at <= now)
        expired = select(*columns).where(outbox.c.state == SENDING, outbox.c.lease_until <= now)
        first = [part.order_by(outbox.c.next_attempt_at, outbox.c.id).limit(limit) for part in (queued, expired)]
        if lock and self.connection.dialect.name == "postgresql":  # FOR NO KEY UPDATE: what the claim's update takes
            first = [part.with_for_update(skip_locked=True, key_share=True) for part in first]
        both = union_all(*(part.subquery().select() for part in first)).subquery()
        query = (
            select(both.c.id, both.c.channel, both.c.incident_id, both.c.recipients)
            .order_by(both.c.next_attempt_at, both.c.id)
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
        """Take those of `message_ids` still due, all under one claim. Returns the rows taken (by id, as they are
        now: what a round needs of them, `_CLAIMED`) and, of those, the rows as they were when a worker's lease had
        run out on them (id, attempts, leased_by, lease_until, updated_at: their attempts are to be recorded as
        abandoned)."""
        if not message_ids:
            return {}, []
        if self.connection.dialect.name == "postgresql":
            return self._claim_in_one(message_ids, now=now, lease_until=lease_until, worker=worker, claim=claim)
        expired = self.connection.execute(
            select(outbox).where(outbox.c.id.in_(message_ids), outbox.c.state == SENDING, _due(now))
        ).all()
        statement = (
            update(outbox)
            .where(outbox.c.id.in_(message_ids), _due(now))
            .values(_claimed(claim=claim, worker=worker, lease_until=lease_until, now=now))
            .returning(*_CLAIMED)
        )
        taken = {row.id: row for row in self.connection.execute(statement).all()}
        return taken, [row for row in expired if row.id in taken]

    def _claim_in_one(
        self, message_ids: builtins.list[str], *, now: datetime, lease_until: datetime, worker: str, claim: str
    ) -> tuple[dict[str, Any], builtins.list[Any]]:
        """`claim_many` on PostgreSQL: one statement that locks the rows still due (FOR NO KEY UPDATE, as the update
        would, in id order, so two workers claiming the same messages never deadlock), reads what their lease was,
        and takes them. Only what a round needs of a row is returned (`_CLAIMED`)."""
        was = (
            select(outbox.c.id, outbox.c.state, outbox.c.leased_by, outbox.c.lease_until, outbox.c.updated_at)
            .where(_ids(outbox.c.id, message_ids), _due(now))
            .order_by(outbox.c.id)
            .with_for_update(key_share=True)
            .cte("was")
        )
        statement = (
            update(outbox)
            .where(outbox.c.id == was.c.id)
            .values(_claimed(claim=claim, worker=worker, lease_until=lease_until, now=now))
            .returning(
                *_CLAIMED,
                was.c.state.label("was_state"),
                was.c.leased_by.label("was_leased_by"),
                was.c.lease_until.label("was_lease_until"),
                was.c.updated_at.label("was_updated_at"),
            )
        )
        taken: dict[str, Any] = {}
        expired: builtins.list[Any] = []
        for row in self.connection.execute(statement):
            taken[row.id] = row
            if row.was_state == SENDING:  # another worker's lease ran out: its attempt is the one before ours
                expired.append(
                    SimpleNamespace(
                        id=row.id,
                        attempts=row.attempts - 1,
                        leased_by=row.was_leased_by,
                        lease_until=row.was_lease_until,
                        updated_at=row.was_updated_at,
                    )
                )
        return taken, expired

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

    def finish_with_attempts(
        self, attempts: builtins.list[dict], by_claim: str, *, attempt: dict[str, Any], **values
    ) -> set[str]:
        """`finish_many` for the messages of `attempts` (each a dict with message_id, number, started_at), and
        their attempt rows (the same `attempt` values for all: worker, finished_at, outcome, reason, http_status)
        for those recorded; the ids recorded. On PostgreSQL, one statement."""
        if not attempts:
            return set()
        message_ids = [row["message_id"] for row in attempts]
        if self.connection.dialect.name != "postgresql":
            recorded = self.finish_many(message_ids, by_claim, **values)
            self.add_attempts([{**row, **attempt} for row in attempts if row["message_id"] in recorded])
            return recorded
        done = (
            update(outbox)
            .where(_ids(outbox.c.id, message_ids), outbox.c.claim == by_claim, outbox.c.state == SENDING)
            .values(**values)
            .returning(outbox.c.id)
            .cte("done")
        )
        tried = (
            func.unnest(
                bindparam(None, message_ids, type_=postgresql.ARRAY(String)),
                bindparam(
                    None, [row["number"] for row in attempts], type_=postgresql.ARRAY(outbox_attempts.c.number.type)
                ),
                bindparam(None, [row["started_at"] for row in attempts], type_=postgresql.ARRAY(UTCDateTime)),
            )
            .table_valued("message_id", "number", "started_at")
            .render_derived()
        )
        fixed = ("worker", "finished_at", "outcome", "reason", "http_status")
        rows = select(
            tried.c.message_id,
            tried.c.number,
            tried.c.started_at,
            *(literal(attempt[name], outbox_attempts.c[name].type).label(name) for name in fixed),
        ).join_from(tried, done, done.c.id == tried.c.message_id)
        statement = (
            insert(outbox_attempts)
            .from_select(["message_id", "number", "started_at", *fixed], rows)
            .returning(outbox_attempts.c.message_id)
            .add_cte(done)
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
