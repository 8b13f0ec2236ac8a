"""The audit log: who did what to which subject, append-only and hash chained, for every package to write to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from aicident.audit.chain import Break, Link, entry_hash, first_break, timestamp
from aicident.audit.keys import LogKeys
from aicident.store.tables import audit_head, audit_log, incidents, log_keys

AUDIT_LOG = "audit"  # the audit log's name among the logs a key file lists (incident logs go by incident id)


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
    def __init__(self, connection: Connection, keys: LogKeys | None = None):
        self.connection = connection
        self.keys = keys

    def append(self, *, actor: str, action: str, subject: str, data: dict, at: datetime) -> AuditEntry:
        """Add one entry in the caller's transaction; the head row's lock puts concurrent writers in order."""
        head = self.connection.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).one()
        seq = head._mapping["count"] + 1  # the column: Row.count is also tuple.count
        key, key_id = (self.keys.hmac_key, self.keys.key_id) if self.keys else (None, None)
        digest = entry_hash(head.last_hash, _payload(seq, at, actor, action, subject, data), key)
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
                key_id=key_id,
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
            [
                Link(r.seq, r.prev_hash, r.hash, _payload(r.seq, r.at, r.actor, r.action, r.subject, r.data), r.key_id)
                for r in rows
            ],
            expected_count=head._mapping["count"],
            expected_last=head.last_hash,
            key_for=lambda key_id: self.keys.hmac_key if self.keys and key_id == self.keys.key_id else None,
            keyed_since=self.keys.keyed_since if self.keys else None,
            unkeyed=self.keys.unkeyed_of(AUDIT_LOG) if self.keys else None,
        )

    def head(self) -> tuple[int, str]:
        """Entries written and the hash of the last, as the head row keeps them."""
        head = self.connection.execute(select(audit_head).where(audit_head.c.id == 1)).one()
        return head._mapping["count"], head.last_hash

    def hash_at(self, seq: int) -> str | None:
        return self.connection.execute(select(audit_log.c.hash).where(audit_log.c.seq == seq)).scalar()

    def unkeyed_logs(self) -> dict[str, tuple[int, str]]:
        """Every log with entries and its head (entries, hash of the last): what a key file made now records as the
        unkeyed entries there are (none of them can be keyed yet: no key existed)."""
        found = {
            row.id: (row.log_count, row.last_hash)
            for row in self.connection.execute(
                select(incidents.c.id, incidents.c.log_count, incidents.c.last_hash).where(incidents.c.log_count > 0)
            )
        }
        count, last = self.head()
        if count:
            found[AUDIT_LOG] = (count, last)
        return found

    def register_key(self, keys: LogKeys, now: datetime) -> str | None:
        """Remember the key the logs are keyed with; the id of the key already registered when it is another."""
        known = self.connection.execute(select(log_keys.c.key_id)).scalars().all()
        if keys.key_id in known:
            return None
        if known:
            return known[0]
        self.connection.execute(
            insert(log_keys).values(key_id=keys.key_id, public_key=keys.public_key_b64, registered_at=now)
        )
        return None
