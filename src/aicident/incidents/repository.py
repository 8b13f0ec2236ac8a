"""Incidents in and out of the database: rows <-> aggregate, the log appended, deadlines kept in step (their rows:
repository_deadlines.py)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aicident.audit.chain import Link, entry_hash, first_break, timestamp
from aicident.audit.keys import LogKeys
from aicident.errors import Conflict, NotFound, Step
from aicident.incidents import search
from aicident.incidents.model import (
    AISystem,
    EntryType,
    Facts,
    Incident,
    LogEntry,
    RoleAssignment,
    Source,
    Status,
)
from aicident.incidents.repository_deadlines import DeadlineRows
from aicident.store.rows import pg_json_rows
from aicident.store.tables import deadlines, incident_counters, incident_log, incidents, plans

# Aggregate fields kept together in the `record` JSON column: read and written only as a whole.
_RECORD_FIELDS = (
    "containment",
    "controls_in_force",
    "no_containment_reason",
    "root_cause",
    "resolution",
    "communications",
    "waivers",
    "report",
    "review",
    "clock_events",
)
_TIME_FIELDS = (
    "declared_at",
    "detected_at",
    "became_aware_at",
    "triaged_at",
    "contained_at",
    "resolved_at",
    "closed_at",
)


@dataclass(frozen=True)
class LogBreak:
    ref: str
    seq: int
    reason: str


@dataclass(frozen=True)
class IncidentFilter:
    status: str | None = None
    category: str | None = None
    severity: str | None = None
    stage: str | None = None
    text: str | None = None  # every word of it occurs in the incident (see incidents.search)
    person: str | None = None  # holds a role on the incident now


def _roles_to_json(roles: list[RoleAssignment]) -> list[dict]:
    return [
        {
            "role": a.role,
            "person": a.person,
            "assigned_at": timestamp(a.assigned_at),
            "assigned_by": a.assigned_by,
            "ended_at": timestamp(a.ended_at) if a.ended_at else None,
        }
        for a in roles
    ]


def _roles_from_json(rows: list[dict]) -> list[RoleAssignment]:
    return [
        RoleAssignment(
            role=r["role"],
            person=r["person"],
            assigned_at=datetime.fromisoformat(r["assigned_at"]),
            assigned_by=r["assigned_by"],
            ended_at=datetime.fromisoformat(r["ended_at"]) if r["ended_at"] else None,
        )
        for r in rows
    ]


# Statements of every save, built once (building one costs more than running it on SQLite; a statement object reused
# keeps its compiled form's cache key). The save's SET clause names every column `_to_row` gives.
_SAVES: dict[tuple[str, ...], Any] = {}
# Entries whose recording only appends to the log (`Incident.record_signal`, `record_signal_summary`: repeats and
# status changes of monitoring signals, the hot path of ingestion). A change made of these alone moves nothing but the
# log's head, so saving it writes the head columns only, not the whole aggregate with its JSON columns. Every other
# change of an incident's fields is recorded by an entry of another type (the log is the record of every change).
_HEAD_ONLY = frozenset({EntryType.SIGNAL, EntryType.SIGNAL_SUMMARY})
_INSERT_LOG = insert(incident_log)
_BY_ID = select(incidents).where(incidents.c.id == bindparam("_id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_OPEN_OF_CATEGORY = (
    select(incidents.c.id, incidents.c.ai_system)
    .where(incidents.c.status == "open", incidents.c.category == bindparam("category"))
    .order_by(incidents.c.declared_at.desc())
)

# PostgreSQL: a change that only appends to the log (`_HEAD_ONLY`) saved in one statement, not three round trips:
# the head moved if the version is the one read, the entries and their index rows inserted only then (from one JSON
# document each, one text whatever their number, so it stays prepared). It returns how many heads moved (0: the
# incident was changed meanwhile).
_PG_SAVE_HEAD = text(
    "WITH head AS ("
    " UPDATE incidents SET version = :version, log_count = :log_count, last_hash = :last_hash,"
    " updated_at = :updated_at WHERE id = :_id AND version = :_expected RETURNING id"
    "), logged AS ("
    " INSERT INTO incident_log (incident_id, seq, at, actor, type, data, prev_hash, hash, key_id)"
    " SELECT head.id, e.seq, e.at, e.actor, e.type, e.data, e.prev_hash, e.hash, e.key_id"
    " FROM head, json_to_recordset(CAST(:entries AS json))"
    " AS e(seq integer, at timestamptz, actor text, type text, data json, prev_hash text, hash text, key_id text)"
    "), indexed AS ("
    " INSERT INTO incident_search (incident_id, seq, body)"
    " SELECT head.id, i.seq, i.body FROM head, json_to_recordset(CAST(:indexed AS json)) AS i(seq integer, body text)"
    ") SELECT count(*) FROM head"
)


def _save_statement(columns: tuple[str, ...]):
    statement = _SAVES.get(columns)
    if statement is None:
        statement = _SAVES[columns] = (
            update(incidents)
            .where(incidents.c.id == bindparam("_id"), incidents.c.version == bindparam("_expected"))
            .values({column: bindparam(column) for column in columns})
        )
    return statement


def _to_row(incident: Incident, now: datetime) -> dict:
    row = {
        name: getattr(incident, name)
        for name in (
            "id",
            "ref",
            "plan_version",
            "title",
            "summary",
            "category",
            "severity",
            "stage",
            "version",
            "log_count",
            "last_hash",
            *_TIME_FIELDS,
        )
    }
    row.update(
        status=str(incident.status),
        source=str(incident.source),
        ai_system=vars(incident.ai_system),
        facts=vars(incident.facts),
        roles=_roles_to_json(incident.roles),
        record={name: getattr(incident, name) for name in _RECORD_FIELDS},
        updated_at=now,
    )
    return row


def _from_row(row) -> Incident:
    data = row._mapping
    return Incident(
        id=data["id"],
        ref=data["ref"],
        plan_version=data["plan_version"],
        title=data["title"],
        summary=data["summary"],
        category=data["category"],
        severity=data["severity"],
        stage=data["stage"],
        status=Status(data["status"]),
        source=Source(data["source"]),
        ai_system=AISystem(**data["ai_system"]),
        facts=Facts(**data["facts"]),
        roles=_roles_from_json(data["roles"]),
        version=data["version"],
        log_count=data["log_count"],
        last_hash=data["last_hash"],
        **{name: data[name] for name in _TIME_FIELDS},
        **data["record"],
    )


class IncidentRepository(DeadlineRows):
    """Incidents of one unit of work. Those loaded for change (or added) are kept, one object per incident, for the
    unit of work to publish and save when it commits; nothing else saves an incident."""

    def __init__(self, connection: Connection, keys: LogKeys | None = None):
        self.connection = connection
        self.keys = keys  # without them (tools that only read), entries are hashed as before the logs were keyed
        self._changing: dict[str, Incident] = {}

    def changing(self) -> list[Incident]:
        """The incidents loaded for change or added here, in the order they were first loaded."""
        return list(self._changing.values())

    def _track(self, incident: Incident) -> Incident:
        return self._changing.setdefault(incident.id, incident)

    # --- plans ----------------------------------------------------------------------------------------------

    def register_plan(self, version: str, document: dict, now: datetime) -> None:
        exists = self.connection.execute(select(plans.c.version).where(plans.c.version == version)).first()
        if not exists:
            try:
                with self.connection.begin_nested():
                    self.connection.execute(insert(plans).values(version=version, document=document, registered_at=now))
            except IntegrityError:
                pass  # another transaction stored the same version (same content) first: that is the outcome wanted

    def plan_document(self, version: str) -> dict:
        row = self.connection.execute(select(plans.c.document).where(plans.c.version == version)).first()
        if row is None:
            raise NotFound(f"plan version {version} is not stored")
        return row.document

    # --- incidents ------------------------------------------------------------------------------------------

    def next_ref(self, year: int) -> str:
        """INC-<year>-<nnnn>, unique per year; the counter row serialises concurrent declarations."""
        result = self.connection.execute(
            update(incident_counters)
            .where(incident_counters.c.year == year)
            .values(last_number=incident_counters.c.last_number + 1)
            .returning(incident_counters.c.last_number)
        )
        number = result.scalar()
        if number is None:
            try:
                with self.connection.begin_nested():
                    self.connection.execute(insert(incident_counters).values(year=year, last_number=1))
                number = 1
            except IntegrityError:  # another transaction created the year's counter first
                return self.next_ref(year)
        return f"INC-{year}-{number:04d}"

    def add(self, incident: Incident, now: datetime) -> None:
        """Insert a new incident's row (so that rows referring to it can follow in the same transaction); its log
        and the rest are written when the unit of work publishes it, as for any change."""
        incident.version = 0
        self.connection.execute(insert(incidents).values(**_to_row(incident, now)))
        self._track(incident)

    def get(self, ref: str, *, for_update: bool = False) -> Incident:
        """An incident by reference; `for_update` locks it and keeps it for the unit of work to save."""
        if for_update:
            for kept in self._changing.values():
                if kept.ref == ref.upper():
                    return kept
        query = select(incidents).where(incidents.c.ref == ref.upper())
        row = self.connection.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            raise NotFound(
                f"no incident {ref!r}",
                allowed="an incident reference such as INC-2026-0001",
                next=[Step("list_incidents", "list the incidents")],
            )
        return self._track(_from_row(row)) if for_update else _from_row(row)

    def save(self, incident: Incident, now: datetime) -> None:
        """Write the changed aggregate and its new log entries, if nobody else changed it since it was read. Called
        by the change path only (`incidents.changes.publish`)."""
        expected = incident.version
        incident.version = expected + 1
        rows = self._chained(incident)
        if rows and all(entry.type in _HEAD_ONLY for entry in incident.new_entries):
            if self.connection.dialect.name == "postgresql":
                self._save_head(incident, expected, rows, now)
                return
            values = {
                "version": incident.version,
                "log_count": incident.log_count,
                "last_hash": incident.last_hash,
                "updated_at": now,
            }
        else:
            values = _to_row(incident, now)
        result = self.connection.execute(
            _save_statement(tuple(values)), {**values, "_id": incident.id, "_expected": expected}
        )
        if result.rowcount != 1:
            raise Conflict(f"{incident.ref} was changed by someone else meanwhile", allowed="reload it and try again")
        if rows:
            self.connection.execute(_INSERT_LOG, rows)
            self._index(incident)
        incident.new_entries.clear()

    def _save_head(self, incident: Incident, expected: int, rows: list[dict], now: datetime) -> None:
        """PostgreSQL: the head, the new entries and their index rows in one statement (`_PG_SAVE_HEAD`)."""
        indexed = search.rows_for(incident, incident.new_entries, declared=False)
        moved = self.connection.execute(
            _PG_SAVE_HEAD,
            {
                "version": incident.version,
                "log_count": incident.log_count,
                "last_hash": incident.last_hash,
                "updated_at": now.astimezone(UTC),
                "_id": incident.id,
                "_expected": expected,
                "entries": pg_json_rows(rows),
                "indexed": pg_json_rows([{"seq": row["seq"], "body": row["body"]} for row in indexed]),
            },
        ).scalar_one()
        if moved != 1:
            raise Conflict(f"{incident.ref} was changed by someone else meanwhile", allowed="reload it and try again")
        incident.new_entries.clear()

    def _index(self, incident: Incident) -> None:
        """Keep the full-text index in step with the new log entries (and the incident's own words when it was just
        declared): in the same transaction, so search never finds less than what was committed."""
        declared = any(e.type == EntryType.DECLARED for e in incident.new_entries)
        indexed = search.rows_for(incident, incident.new_entries, declared=declared)
        if indexed:
            self.connection.execute(insert(search.incident_search), indexed)

    def _chained(self, incident: Incident) -> list[dict]:
        """The rows of the new entries, hashed with the log key in order from the stored head (the aggregate's own
        hashes are unkeyed), and the incident's head moved to the last of them."""
        if not incident.new_entries:
            return []
        key, key_id = (self.keys.hmac_key, self.keys.key_id) if self.keys else (None, None)
        prev = incident.new_entries[0].prev_hash  # the head as stored before this change
        rows = []
        for e in incident.new_entries:
            digest = entry_hash(prev, e.payload(incident.id), key)
            rows.append(
                {
                    "incident_id": incident.id,
                    "seq": e.seq,
                    "at": e.at,
                    "actor": e.actor,
                    "type": str(e.type),
                    "data": e.data,
                    "prev_hash": prev,
                    "hash": digest,
                    "key_id": key_id,
                }
            )
            prev = digest
        incident.last_hash = prev
        return rows

    def get_by_id(self, incident_id: str, *, for_update: bool = False) -> Incident:
        """An incident by id; `for_update` locks it and keeps it for the unit of work to save."""
        if for_update and incident_id in self._changing:
            return self._changing[incident_id]
        row = self.connection.execute(_BY_ID_FOR_UPDATE if for_update else _BY_ID, {"_id": incident_id}).first()
        if row is None:
            raise NotFound(f"no incident with id {incident_id!r}")
        return self._track(_from_row(row)) if for_update else _from_row(row)

    def find_open(self, *, category: str, feature: str | None) -> str | None:
        """The id of the newest open incident of a category about the same affected feature (or both about none)."""
        for row in self.connection.execute(_OPEN_OF_CATEGORY, {"category": category}):
            if (row.ai_system or {}).get("feature") == feature:
                return row.id
        return None

    def list(self, where: IncidentFilter = IncidentFilter(), *, limit: int = 100, offset: int = 0) -> list[Incident]:
        query = self._filtered(select(incidents), where).order_by(
            incidents.c.declared_at.desc(), incidents.c.ref.desc()
        )
        return [_from_row(row) for row in self.connection.execute(query.limit(limit).offset(offset))]

    def _filtered(self, query, where: IncidentFilter):
        for name in ("status", "category", "severity", "stage"):
            value = getattr(where, name)
            if value is not None:
                query = query.where(incidents.c[name] == value)
        dialect = self.connection.dialect.name
        if where.text:
            matches = search.text_filter(dialect, where.text)
            if matches is not None:
                query = query.where(matches)
        if where.person:
            query = query.where(search.holder_filter(dialect, where.person))
        return query

    def page(
        self,
        where: IncidentFilter,
        order: search.Order,
        *,
        after: tuple | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> builtins.list[tuple[Incident, tuple]]:
        """A page of the list in `order`, after the row whose sort keys are `after` (keyset) or from `offset`;
        each incident with its sort keys, for the cursor of the next page."""
        keys = search.sort_keys(order)
        labelled = [expression.label(f"sort_key_{i}") for i, (expression, _d, _k) in enumerate(keys)]
        query = self._filtered(select(incidents, *labelled), where)
        if after is not None:
            query = query.where(search.after(keys, after))
        query = query.order_by(*(e.desc() if down else e.asc() for e, down, _k in keys)).limit(limit).offset(offset)
        found = []
        for row in self.connection.execute(query):
            mapping = row._mapping
            found.append((_from_row(row), tuple(mapping[f"sort_key_{i}"] for i in range(len(keys)))))
        return found

    def count(self, where: IncidentFilter) -> int:
        return self.connection.execute(self._filtered(select(func.count()).select_from(incidents), where)).scalar_one()

    def open_counts(self) -> builtins.list[tuple[str | None, str, int]]:
        """Open incidents counted by severity and stage (for /metrics)."""
        rows = self.connection.execute(
            select(incidents.c.severity, incidents.c.stage, func.count())
            .where(incidents.c.status == "open")
            .group_by(incidents.c.severity, incidents.c.stage)
        ).all()
        return [(severity, stage, count) for severity, stage, count in rows]

    def overdue_count(self, now: datetime) -> int:
        """Deadlines past due and neither met nor waived (for /metrics)."""
        return self.connection.execute(
            select(func.count())
            .select_from(deadlines)
            .where(deadlines.c.met_at.is_(None), deadlines.c.waived.is_(False), deadlines.c.due_at < now)
        ).scalar_one()

    # --- the log ----------------------------------------------------------------------------------------------

    def log(self, incident: Incident) -> builtins.list[LogEntry]:
        rows = self.connection.execute(
            select(incident_log).where(incident_log.c.incident_id == incident.id).order_by(incident_log.c.seq)
        )
        return [
            LogEntry(
                seq=r.seq,
                at=r.at,
                actor=r.actor,
                type=EntryType(r.type),
                data=r.data,
                prev_hash=r.prev_hash,
                hash=r.hash,
            )
            for r in rows
        ]

    def log_page(
        self, incident: Incident, *, before: int | None = None, types: builtins.list[str] | None = None, limit: int = 50
    ) -> builtins.list[LogEntry]:
        """The newest entries of the log (of these types), before the entry `before` when given: newest first."""
        query = select(incident_log).where(incident_log.c.incident_id == incident.id)
        if before is not None:
            query = query.where(incident_log.c.seq < before)
        if types:
            query = query.where(incident_log.c.type.in_(types))
        rows = self.connection.execute(query.order_by(incident_log.c.seq.desc()).limit(limit))
        return [
            LogEntry(
                seq=r.seq,
                at=r.at,
                actor=r.actor,
                type=EntryType(r.type),
                data=r.data,
                prev_hash=r.prev_hash,
                hash=r.hash,
            )
            for r in rows
        ]

    def version_of(self, ref: str) -> int | None:
        """The incident's version alone (what a page's event stream polls), None when there is no such incident."""
        return self.connection.execute(select(incidents.c.version).where(incidents.c.ref == ref.upper())).scalar()

    def changed_mark(self) -> tuple[int, datetime | None]:
        """How many incidents there are and when one last changed: moves whenever the list could."""
        row = self.connection.execute(select(func.count(), func.max(incidents.c.updated_at))).one()
        return row[0], row[1]

    def _key_for(self, key_id: str) -> bytes | None:
        return self.keys.hmac_key if self.keys is not None and key_id == self.keys.key_id else None

    def verify(self) -> tuple[int, builtins.list[LogBreak]]:
        """Check every incident's log chain; returns how many incidents were checked and what broke."""
        breaks = []
        heads = self.connection.execute(
            select(incidents.c.id, incidents.c.ref, incidents.c.log_count, incidents.c.last_hash).order_by(
                incidents.c.ref
            )
        ).all()
        for head in heads:
            rows = self.connection.execute(
                select(incident_log).where(incident_log.c.incident_id == head.id).order_by(incident_log.c.seq)
            ).all()
            links = [
                Link(
                    r.seq,
                    r.prev_hash,
                    r.hash,
                    LogEntry.payload_of(head.id, r.seq, r.at, r.actor, r.type, r.data),
                    r.key_id,
                )
                for r in rows
            ]
            found = first_break(
                links,
                expected_count=head.log_count,
                expected_last=head.last_hash,
                key_for=self._key_for,
                keyed_since=self.keys.keyed_since if self.keys else None,
                unkeyed=self.keys.unkeyed_of(head.id) if self.keys else None,
            )
            if found:
                breaks.append(LogBreak(head.ref, found.seq, found.reason))
        return len(heads), breaks

    def heads(self) -> dict[str, tuple[int, str]]:
        """Every incident log's head as the incident rows keep it: entries written and the last hash, by id."""
        rows = self.connection.execute(select(incidents.c.id, incidents.c.log_count, incidents.c.last_hash)).all()
        return {r.id: (r.log_count, r.last_hash) for r in rows}

    def refs(self) -> dict[str, str]:
        return dict(self.connection.execute(select(incidents.c.id, incidents.c.ref)).all())

    def entry_hash_at(self, incident_id: str, seq: int) -> str | None:
        return self.connection.execute(
            select(incident_log.c.hash).where(incident_log.c.incident_id == incident_id, incident_log.c.seq == seq)
        ).scalar()
