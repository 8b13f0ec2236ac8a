"""Follow-ups of an incident (pure): action items with an owner and a due date, and lessons learned, each a
typed follow-up (a policy update or a monitoring update) carried out by a named plan or detector change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from aicident.errors import Conflict, InvalidInput


class Kind(StrEnum):
    ACTION = "action"
    POLICY_UPDATE = "policy_update"
    MONITORING_UPDATE = "monitoring_update"


LESSON_KINDS = (Kind.POLICY_UPDATE.value, Kind.MONITORING_UPDATE.value)


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class FollowUp:
    id: str  # the incident's reference, then A<n> for an action item or L<n> for a lesson: INC-2026-0001-A2
    incident_id: str
    incident_ref: str
    kind: Kind
    text: str
    created_at: datetime
    created_by: str
    owner: str | None = None
    due_on: date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    reason: str | None = None
    change_ref: str | None = None
    origin: str = "manual"
    updated_at: datetime | None = None
    updated_by: str | None = None
    version: int = 1
    reminded_on: date | None = None

    @property
    def is_lesson(self) -> bool:
        return self.kind != Kind.ACTION

    def overdue(self, today: date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on is not None and self.due_on < today


def parse_due(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"due date {value!r} is not a date", allowed="YYYY-MM-DD") from None


def _text(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{what} must not be empty")
    if len(value) > 2000:
        raise InvalidInput(f"{what} is {len(value)} characters long", allowed="at most 2000 characters")
    return value


def new_follow_up(
    *,
    id: str,
    incident_id: str,
    incident_ref: str,
    kind: str,
    text: str,
    actor: str,
    now: datetime,
    owner: str | None = None,
    due: str | date | None = None,
    change_ref: str | None = None,
    origin: str = "manual",
) -> FollowUp:
    """An action item needs an owner and a due date; a lesson needs neither but may name its change already."""
    if kind not in [k.value for k in Kind]:
        raise InvalidInput(f"unknown follow-up kind {kind!r}", allowed=f"one of: {', '.join(k.value for k in Kind)}")
    owner = (owner or "").strip() or None
    due_on = parse_due(due)
    if kind == Kind.ACTION and (owner is None or due_on is None):
        raise InvalidInput("an action item needs an owner and a due date", allowed="--owner PERSON --due YYYY-MM-DD")
    return FollowUp(
        id=id,
        incident_id=incident_id,
        incident_ref=incident_ref,
        kind=Kind(kind),
        text=_text(text, "follow-up text"),
        created_at=now,
        created_by=_text(actor, "actor"),
        owner=owner,
        due_on=due_on,
        change_ref=(change_ref or "").strip() or None,
        origin=origin,
    )


def complete(item: FollowUp, *, actor: str, now: datetime, change_ref: str | None = None) -> FollowUp:
    """Done. A lesson is done only when the plan or detector change that carries it out is named."""
    _require_open(item, "mark it done")
    change_ref = (change_ref or "").strip() or item.change_ref
    if item.is_lesson and not change_ref:
        raise InvalidInput(
            f"lesson {item.id} is carried out by a plan or detector change: name it",
            allowed="--change REF: a plan version hash, a commit or a detector id",
        )
    return replace(
        item,
        status=FollowUpStatus.DONE,
        change_ref=change_ref,
        updated_at=now,
        updated_by=_text(actor, "actor"),
        version=item.version + 1,
    )


def drop(item: FollowUp, *, reason: str, actor: str, now: datetime) -> FollowUp:
    _require_open(item, "drop it")
    return replace(
        item,
        status=FollowUpStatus.DROPPED,
        reason=_text(reason, "the reason for dropping it"),
        updated_at=now,
        updated_by=_text(actor, "actor"),
        version=item.version + 1,
    )


def _require_open(item: FollowUp, what: str) -> None:
    if item.status != FollowUpStatus.OPEN:
        raise Conflict(f"{item.id} is already {item.status}; cannot {what}", allowed="only open follow-ups change")


def log_data(item: FollowUp) -> dict:
    """What the incident log says about a follow-up when it is created or changes."""
    data = {
        "item": item.id,
        "kind": str(item.kind),
        "status": str(item.status),
        "owner": item.owner,
        "due": item.due_on.isoformat() if item.due_on else None,
        "change": item.change_ref,
        "reason": item.reason,
        "origin": item.origin if item.origin != "manual" else None,
    }
    return {k: v for k, v in data.items() if v}


# --- reminders ------------------------------------------------------------------------------------------------


def local_day(now: datetime, time_zone: str) -> date:
    return now.astimezone(ZoneInfo(time_zone)).date()


@dataclass(frozen=True)
class ActionItemReminder:
    """An open action item due soon or overdue that nobody was reminded of today."""

    item: FollowUp
    today: date
    overdue: bool
    days_left: int  # negative when overdue


def reminders_due(
    items: list[FollowUp], *, now: datetime, time_zone: str, within_days: int
) -> list[ActionItemReminder]:
    """Open action items due within `within_days` (in the plan's time zone) or overdue, not reminded today."""
    today = local_day(now, time_zone)
    horizon = today + timedelta(days=within_days)
    found = []
    for item in items:
        if item.kind != Kind.ACTION or item.status != FollowUpStatus.OPEN or item.due_on is None:
            continue
        if item.due_on > horizon or item.reminded_on == today:
            continue
        found.append(ActionItemReminder(item, today, item.due_on < today, (item.due_on - today).days))
    return sorted(found, key=lambda r: (r.item.due_on, r.item.id))
