"""The audit log: who did what to which subject, append-only and hash chained, for every package to write to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from aicident.audit.chain import Break, entry_hash, first_break, timestamp
from aicident.store.tables import audit_head, audit_log


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    data: dict
    prev_hash: str
    hash: str


def _payload(seq: int, at: datetime, actor: str, action: str, subject: str, data: dict) -> dict:
    return {"seq": seq, "at": timestamp(at), "actor": actor, "action": action, "subject": subject, "data": data}


class AuditLog:
    def __init__(self, connection: Connection):
        self.connection = connection

    def append(self, *, actor: str, action: str, subject: str, data: dict, at: datetime) -> AuditEntry:
        """Add one entry in the caller's transaction; the head row's lock puts concurrent writers in order."""
        head = self.connection.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).one()
        seq = head.count + 1
        digest = entry_hash(head.last_hash, _payload(seq, at, actor, action, subject, data))
        entry = AuditEntry(seq, at, actor, action, subject, data, head.last_hash, digest)
        self.connection.execute(
            insert(audit_log).values(
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                subject=subject,
                data=data,
                prev_hash=head.last_hash,
                hash=digest,
            )
        )
        self.connection.execute(update(audit_head).where(audit_head.c.id == 1).values(count=seq, last_hash=digest))
        return entry

    def entries(self, *, subject: str | None = None, after: int = 0, limit: int = 1000) -> list[AuditEntry]:
        query = select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(limit)
        if subject is not None:
            query = query.where(audit_log.c.subject == subject)
        return [
            AuditEntry(r.seq, r.at, r.actor, r.action, r.subject, r.data, r.prev_hash, r.hash)
            for r in self.connection.execute(query)
        ]

    def verify(self) -> Break | None:
        """The first entry that does not verify against its hash, its predecessor and the head, or None."""
        head = self.connection.execute(select(audit_head).where(audit_head.c.id == 1)).one()
        rows = self.connection.execute(select(audit_log).order_by(audit_log.c.seq)).all()
        return first_break(
            [(r.seq, r.prev_hash, r.hash, _payload(r.seq, r.at, r.actor, r.action, r.subject, r.data)) for r in rows],
            expected_count=head.count,
            expected_last=head.last_hash,
        )
