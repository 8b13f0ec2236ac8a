"""Report versions and follow-ups in and out of the database; the rows the metrics read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aicident.errors import Conflict, NotFound, Step
from aicident.reports.followups import FollowUp, FollowUpStatus, Kind
from aicident.reports.insights import DeadlineOutcome, IncidentTimes
from aicident.reports.model import ReportVersion
from aicident.store.tables import deadlines, follow_ups, incidents, report_versions


def _version(row) -> ReportVersion:
    return ReportVersion(
        incident_id=row.incident_id,
        version=row.version,
        markdown=row.markdown,
        created_at=row.created_at,
        created_by=row.created_by,
        change=row.change,
        edited_sections=tuple(row.edited_sections or ()),
        published_at=row.published_at,
        published_by=row.published_by,
    )


def _follow_up(row) -> FollowUp:
    return FollowUp(
        id=row.id,
        incident_id=row.incident_id,
        incident_ref=row.ref,
        kind=Kind(row.kind),
        text=row.text,
        created_at=row.created_at,
        created_by=row.created_by,
        owner=row.owner,
        due_on=date.fromisoformat(row.due_on) if row.due_on else None,
        status=FollowUpStatus(row.status),
        reason=row.reason,
        change_ref=row.change_ref,
        origin=row.origin,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        version=row.version,
        reminded_on=date.fromisoformat(row.reminded_on) if row.reminded_on else None,
    )


def _follow_up_row(item: FollowUp) -> dict:
    return {
        "kind": str(item.kind),
        "text": item.text,
        "owner": item.owner,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "status": str(item.status),
        "reason": item.reason,
        "change_ref": item.change_ref,
        "origin": item.origin,
        "created_at": item.created_at,
        "created_by": item.created_by,
        "updated_at": item.updated_at,
        "updated_by": item.updated_by,
        "version": item.version,
        "reminded_on": item.reminded_on.isoformat() if item.reminded_on else None,
    }


@dataclass(frozen=True)
class FollowUpFilter:
    kind: str | None = None  # "action", "lesson" (either lesson kind) or one kind
    status: str | None = None
    owner: str | None = None
    overdue_before: date | None = None  # open items due before this day
    incident_id: str | None = None


class ReportRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- versions ---------------------------------------------------------------------------------------------

    def versions(self, incident_id: str) -> list[ReportVersion]:
        rows = self.connection.execute(
            select(report_versions)
            .where(report_versions.c.incident_id == incident_id)
            .order_by(report_versions.c.version)
        )
        return [_version(r) for r in rows]

    def current(self, incident_id: str) -> ReportVersion | None:
        row = self.connection.execute(
            select(report_versions)
            .where(report_versions.c.incident_id == incident_id)
            .order_by(report_versions.c.version.desc())
            .limit(1)
        ).first()
        return _version(row) if row else None

    def add_version(self, version: ReportVersion) -> None:
        """Versions are never rewritten; two writers of the same number: the second is told to reload."""
        try:
            with self.connection.begin_nested():
                self.connection.execute(
                    insert(report_versions).values(
                        incident_id=version.incident_id,
                        version=version.version,
                        markdown=version.markdown,
                        change=version.change,
                        edited_sections=list(version.edited_sections),
                        created_at=version.created_at,
                        created_by=version.created_by,
                    )
                )
        except IntegrityError:
            raise Conflict(
                f"report version {version.version} was saved by someone else first",
                allowed="reload the report and apply the change to its current version",
            ) from None

    def mark_published(self, incident_id: str, version: int, now: datetime, actor: str) -> None:
        self.connection.execute(
            update(report_versions)
            .where(and_(report_versions.c.incident_id == incident_id, report_versions.c.version == version))
            .values(published_at=now, published_by=actor)
        )

    # --- follow-ups -------------------------------------------------------------------------------------------

    def _select(self):
        return select(follow_ups, incidents.c.ref).join(incidents, incidents.c.id == follow_ups.c.incident_id)

    def next_number(self, incident_id: str) -> int:
        last = self.connection.execute(
            select(func.max(follow_ups.c.number)).where(follow_ups.c.incident_id == incident_id)
        ).scalar()
        return (last or 0) + 1

    def add_follow_up(self, item: FollowUp, number: int) -> None:
        try:
            with self.connection.begin_nested():
                self.connection.execute(
                    insert(follow_ups).values(
                        id=item.id, incident_id=item.incident_id, number=number, **_follow_up_row(item)
                    )
                )
        except IntegrityError:
            raise Conflict(
                f"follow-up {item.id} was added by someone else at the same moment", allowed="try again"
            ) from None

    def get_follow_up(self, item_id: str) -> FollowUp:
        row = self.connection.execute(self._select().where(follow_ups.c.id == item_id.strip().upper())).first()
        if row is None:
            raise NotFound(
                f"no follow-up {item_id!r}",
                allowed="an id such as INC-2026-0001-A1",
                next=[Step("list_action_items", "list the action items")],
            )
        return _follow_up(row)

    def save_follow_up(self, item: FollowUp) -> None:
        """Write a changed follow-up if nobody changed it since it was read (its version is one less)."""
        changed = self.connection.execute(
            update(follow_ups)
            .where(and_(follow_ups.c.id == item.id, follow_ups.c.version == item.version - 1))
            .values(**_follow_up_row(item))
        )
        if changed.rowcount != 1:
            raise Conflict(f"{item.id} was changed by someone else first", allowed="reload it and try again")

    def list_follow_ups(self, where: FollowUpFilter = FollowUpFilter(), *, limit: int = 500) -> list[FollowUp]:
        query = self._select()
        if where.kind == "lesson":
            query = query.where(follow_ups.c.kind != str(Kind.ACTION))
        elif where.kind:
            query = query.where(follow_ups.c.kind == where.kind)
        if where.status:
            query = query.where(follow_ups.c.status == where.status)
        if where.owner:
            query = query.where(follow_ups.c.owner == where.owner)
        if where.incident_id:
            query = query.where(follow_ups.c.incident_id == where.incident_id)
        if where.overdue_before:
            query = query.where(
                follow_ups.c.status == str(FollowUpStatus.OPEN), follow_ups.c.due_on < where.overdue_before.isoformat()
            )
        query = query.order_by(
            follow_ups.c.due_on.is_(None), follow_ups.c.due_on, incidents.c.ref, follow_ups.c.number
        ).limit(limit)
        return [_follow_up(r) for r in self.connection.execute(query)]

    def open_action_items_due_by(self, day: date) -> list[FollowUp]:
        query = self._select().where(
            follow_ups.c.kind == str(Kind.ACTION),
            follow_ups.c.status == str(FollowUpStatus.OPEN),
            follow_ups.c.due_on.is_not(None),
            follow_ups.c.due_on <= day.isoformat(),
        )
        return [_follow_up(r) for r in self.connection.execute(query.order_by(follow_ups.c.due_on))]

    def claim_reminder(self, item_id: str, today: date) -> bool:
        """Mark an action item reminded today, once: of N workers asking at the same time, one gets True."""
        claimed = self.connection.execute(
            update(follow_ups)
            .where(
                and_(
                    follow_ups.c.id == item_id,
                    or_(follow_ups.c.reminded_on.is_(None), follow_ups.c.reminded_on != today.isoformat()),
                )
            )
            .values(reminded_on=today.isoformat())
        )
        return claimed.rowcount == 1

    # --- what the metrics read --------------------------------------------------------------------------------

    def incident_times(self, since: datetime | None, until: datetime | None) -> list[IncidentTimes]:
        query = select(
            incidents.c.id,
            incidents.c.severity,
            incidents.c.category,
            incidents.c.declared_at,
            incidents.c.detected_at,
            incidents.c.triaged_at,
            incidents.c.contained_at,
            incidents.c.resolved_at,
        )
        if since is not None:
            query = query.where(incidents.c.declared_at >= since)
        if until is not None:
            query = query.where(incidents.c.declared_at < until)
        return [IncidentTimes(**row._mapping) for row in self.connection.execute(query.order_by(incidents.c.id))]

    def deadline_outcomes(self, incident_ids: list[str]) -> list[DeadlineOutcome]:
        found = []
        for start in range(0, len(incident_ids), 500):  # keeps the IN list within every driver's limits
            chunk = incident_ids[start : start + 500]
            rows = self.connection.execute(
                select(
                    deadlines.c.incident_id,
                    deadlines.c.kind,
                    deadlines.c.due_at,
                    deadlines.c.met_at,
                    deadlines.c.waived,
                ).where(deadlines.c.incident_id.in_(chunk))
            )
            found += [DeadlineOutcome(**row._mapping) for row in rows]
        return found
