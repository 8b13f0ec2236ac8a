"""Report, follow-up, review and metrics use cases: each one transaction, keyword-only arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aicident.auth.model import Principal
from aicident.auth.service import require_attendees, require_person
from aicident.comms import slots
from aicident.errors import InvalidInput, NotFound, PreconditionFailed, PreconditionRequired, Step, TextUnfinished
from aicident.incidents.model import Incident
from aicident.plan.schema import Plan
from aicident.reports import followups
from aicident.reports.export import FORMATS, export
from aicident.reports.followups import ActionItemReminder, FollowUp, Kind
from aicident.reports.insights import check_period, compute
from aicident.reports.model import (
    FollowUpLine,
    ReportState,
    ReportVersion,
    check_markdown,
    edited,
    regenerated,
    render_report,
    replace_section,
    sections_of,
)
from aicident.reports.repository import FollowUpFilter
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork


def lines(items: list[FollowUp]) -> list[FollowUpLine]:
    """Follow-ups as the report lists them; dropped ones stay, with their status, so the record is whole."""
    return [
        FollowUpLine(
            text=i.text,
            owner=i.owner,
            due=i.due_on.isoformat() if i.due_on else None,
            status=str(i.status) + (f": {i.reason}" if i.reason else ""),
            kind=str(i.kind),
            change_ref=i.change_ref,
            id=i.id,
        )
        for i in items
    ]


def draft_markdown(uow: UnitOfWork, incident: Incident, plan: Plan, now: datetime) -> str:
    """The report generated from the incident, its log and its follow-ups as they are now."""
    items = uow.reports.list_follow_ups(FollowUpFilter(incident_id=incident.id))
    return render_report(incident, uow.incidents.log(incident), plan, follow_ups=lines(items), now=now)


# --- the report -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    incident: Incident
    state: ReportState
    required_sections: list[str]

    @property
    def missing_sections(self) -> list[str]:
        present = sections_of(self.state.markdown)
        return [key for key in self.required_sections if key not in present]


def _view(uow: UnitOfWork, rt: Runtime, incident: Incident, now: datetime) -> ReportView:
    plan = rt.plan_of(incident.plan_version, uow)
    draft = draft_markdown(uow, incident, plan, now)
    versions = uow.reports.versions(incident.id)
    state = ReportState(current=versions[-1] if versions else None, draft=draft, versions=versions)
    return ReportView(incident, state, list(sections_of(draft)))


def get_report(rt: Runtime, *, ref: str) -> ReportView:
    """The report as it stands: the latest version, or the draft from the log when nobody saved one (version 0)."""
    with rt.uow(read_only=True) as uow:
        return _view(uow, rt, uow.incidents.get(ref), rt.clock())


def _require_base(view: ReportView, base_version: int | None) -> None:
    if base_version is None:
        raise PreconditionRequired(
            "an edit of the report must name the version it changes",
            allowed=f"the current version, {view.state.version} (If-Match or --version)",
        )
    if base_version != view.state.version:
        raise PreconditionFailed(
            f"the report of {view.incident.ref} is at version {view.state.version}, not "
            f"{base_version}; someone changed it first",
            allowed="read it again and apply your change to the current version",
        )


def _save(
    uow: UnitOfWork,
    view: ReportView,
    markdown: str,
    *,
    actor: str,
    now: datetime,
    change: str,
    section: str | None = None,
    sections: tuple[str, ...] | None = None,
) -> ReportVersion:
    current = view.state.current
    saved = ReportVersion(
        incident_id=view.incident.id,
        version=view.state.version + 1,
        markdown=markdown,
        created_at=now,
        created_by=actor,
        change=change,
        edited_sections=sections if sections is not None else edited(current, markdown, section=section),
    )
    uow.reports.add_version(saved)
    return saved


def edit_report(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    base_version: int | None,
    markdown: str | None = None,
    section: str | None = None,
    text: str | None = None,
    principal: Principal | None = None,
) -> ReportVersion:
    """Save a new version: the whole Markdown, or one section's text. A stale base version is refused."""
    if (markdown is None) == (section is None):
        raise InvalidInput(
            "an edit changes either the whole report or one section", allowed="markdown, or section with its text"
        )
    with rt.changing(ref, action="document", principal=principal) as change:
        incident, _plan, now, uow = change.incident, change.plan, change.now, change.uow
        view = _view(uow, rt, incident, now)
        _require_base(view, base_version)
        if section is not None:
            new = replace_section(view.state.markdown, section, text or "")
            return _save(uow, view, new, actor=actor, now=now, change=f"edited {section}", section=section)
        if markdown is None:
            raise AssertionError("an edit gives the whole report when it names no section (checked above)")
        return _save(uow, view, check_markdown(markdown), actor=actor, now=now, change="edited the whole report")


def regenerate_report(
    rt: Runtime, *, ref: str, actor: str, base_version: int | None, principal: Principal | None = None
) -> ReportVersion:
    """A new version from the log as it is now, keeping every section people edited as they wrote it."""
    with rt.changing(ref, action="document", principal=principal) as change:
        incident, _plan, now, uow = change.incident, change.plan, change.now, change.uow
        view = _view(uow, rt, incident, now)
        _require_base(view, base_version)
        current = view.state.current
        return _save(
            uow,
            view,
            regenerated(view.state.draft, current),
            actor=actor,
            now=now,
            change="regenerated from the log",
            sections=current.edited_sections if current else (),
        )


def publish_report(
    rt: Runtime, *, ref: str, actor: str, version: int | None = None, principal: Principal | None = None
) -> tuple[Incident, ReportVersion]:
    """Record a version as the incident's report (a log entry; the report deadline is met). Without any saved
    version the draft is saved as version 1 first."""
    with rt.changing(ref, action="document", principal=principal) as change:
        incident, _plan, now, uow = change.incident, change.plan, change.now, change.uow
        view = _view(uow, rt, incident, now)
        versions = {v.version: v for v in view.state.versions}
        if version is None and not versions:
            chosen = _save(uow, view, view.state.draft, actor=actor, now=now, change="saved the draft to publish it")
        elif version is None or version in versions:
            chosen = versions[version if version is not None else view.state.version]
        else:
            raise NotFound(
                f"the report of {incident.ref} has no version {version}",
                allowed=f"one of: {', '.join(map(str, versions))}",
            )
        missing = [k for k in view.required_sections if k not in sections_of(chosen.markdown)]
        if missing:
            raise InvalidInput(
                f"version {chosen.version} lacks the sections {', '.join(missing)}",
                allowed="publish a version with every heading of the plan's report template",
            )
        require_finished(incident, change.plan, chosen.markdown, f"version {chosen.version} of the report")
        incident.record_report(
            location=f"aicident report version {chosen.version}",
            summary=chosen.markdown,
            actor=actor,
            now=now,
            version=chosen.version,
        )
        uow.reports.mark_published(incident.id, chosen.version, now, actor)
    return incident, chosen


def require_finished(incident: Incident, plan: Plan, markdown: str, what: str) -> None:
    """A report that still shows a template prompt ("[Negative findings, blameless]") is not published."""
    left = slots.unfinished(plan.templates["post_incident_report"], markdown)
    if left:
        raise TextUnfinished(
            f"{what} of {incident.ref} is not finished: {left.describe()}",
            allowed="write what each bracketed prompt asks for in its section, then publish",
            details=left.details(),
            next=[Step("edit_report_section", "write the unfinished sections", {"ref": incident.ref})],
        )


def export_report(
    rt: Runtime, *, ref: str, format: str = "md", version: int | None = None
) -> tuple[bytes | str, str, str]:
    """The report (a version, or the latest) as Markdown, HTML or PDF: (content, media type, file name)."""
    view = get_report(rt, ref=ref)
    markdown = view.state.markdown
    if version is not None:
        found = {v.version: v for v in view.state.versions}
        if version not in found:
            raise NotFound(
                f"the report of {view.incident.ref} has no version {version}",
                allowed=f"one of: {', '.join(map(str, found)) or '(none saved yet)'}",
            )
        markdown = found[version].markdown
    content = export(markdown, title=f"Incident Report — {view.incident.title}", format=format)
    return content, FORMATS[format], f"{view.incident.ref}-report.{format}"


# --- follow-ups: action items and lessons learned -------------------------------------------------------------


def _new_item(
    uow: UnitOfWork,
    incident: Incident,
    *,
    kind: str,
    text: str,
    actor: str,
    now: datetime,
    owner: str | None,
    due,
    change_ref: str | None,
    origin: str,
) -> FollowUp:
    if owner:
        owner = require_person(uow, owner)  # an owner is someone aicident can remind
    number = uow.reports.next_number(incident.id)
    prefix = "A" if kind == Kind.ACTION else "L"
    item = followups.new_follow_up(
        id=f"{incident.ref}-{prefix}{number}",
        incident_id=incident.id,
        incident_ref=incident.ref,
        kind=kind,
        text=text,
        actor=actor,
        now=now,
        owner=owner,
        due=due,
        change_ref=change_ref,
        origin=origin,
    )
    uow.reports.add_follow_up(item, number)
    incident.add_entry("action_item", text=item.text, actor=actor, now=now, **followups.log_data(item))
    return item


def add_follow_up(
    rt: Runtime,
    *,
    ref: str,
    text: str,
    actor: str,
    kind: str = "action",
    owner: str | None = None,
    due=None,
    change_ref: str | None = None,
    principal: Principal | None = None,
) -> FollowUp:
    """Add an action item (owner and due date) or a lesson learned (policy_update or monitoring_update)."""
    with rt.changing(ref, action="log", principal=principal) as change:
        incident, _plan, now, uow = change.incident, change.plan, change.now, change.uow
        return _new_item(
            uow,
            incident,
            kind=kind,
            text=text,
            actor=actor,
            now=now,
            owner=owner,
            due=due,
            change_ref=change_ref,
            origin="manual",
        )


def _change_item(rt: Runtime, item_id: str, principal: Principal | None, apply) -> FollowUp:
    with rt.uow() as uow:
        item = uow.reports.get_follow_up(item_id)
    with rt.changing(item.incident_ref, action="log", principal=principal) as change:
        incident, now, uow = change.incident, change.now, change.uow
        changed = apply(uow.reports.get_follow_up(item_id), now)
        uow.reports.save_follow_up(changed)
        verb = "done" if changed.status == followups.FollowUpStatus.DONE else str(changed.status)
        incident.add_entry(
            "action_item",
            text=f"{verb}: {changed.text}",
            actor=changed.updated_by,
            now=now,
            **followups.log_data(changed),
        )
    return changed


def complete_follow_up(
    rt: Runtime, *, item_id: str, actor: str, change_ref: str | None = None, principal: Principal | None = None
) -> FollowUp:
    return _change_item(
        rt, item_id, principal, lambda item, now: followups.complete(item, actor=actor, now=now, change_ref=change_ref)
    )


def drop_follow_up(
    rt: Runtime, *, item_id: str, reason: str, actor: str, principal: Principal | None = None
) -> FollowUp:
    return _change_item(
        rt, item_id, principal, lambda item, now: followups.drop(item, reason=reason, actor=actor, now=now)
    )


def list_follow_ups(
    rt: Runtime,
    *,
    ref: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool = False,
    limit: int = 500,
) -> list[FollowUp]:
    kinds = ["action", "lesson", *[k.value for k in Kind]]
    statuses = [s.value for s in followups.FollowUpStatus]
    for value, allowed, what in ((kind, kinds, "kind"), (status, statuses, "status")):
        if value is not None and value not in allowed:
            raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
    today = followups.local_day(rt.clock(), rt.plan.calendar.time_zone)
    with rt.uow(read_only=True) as uow:
        incident_id = uow.incidents.get(ref).id if ref else None
        return uow.reports.list_follow_ups(
            FollowUpFilter(
                kind=kind,
                status=status,
                owner=owner,
                overdue_before=today if overdue else None,
                incident_id=incident_id,
            ),
            limit=limit,
        )


def _runtime_and_uow(source: Runtime | UnitOfWork):
    if isinstance(source, Runtime):
        return source.uow(), source.plan.calendar.time_zone
    return _Borrowed(source), None


class _Borrowed:
    """A unit of work the caller owns: used as is, committed by the caller."""

    def __init__(self, uow: UnitOfWork):
        self.uow = uow

    def __enter__(self) -> UnitOfWork:
        return self.uow

    def __exit__(self, *exc) -> None:
        return None


def due_action_item_reminders(
    source: Runtime | UnitOfWork, now: datetime, *, within_days: int = 2, time_zone: str | None = None
) -> list[ActionItemReminder]:
    """Open action items due within `within_days` days or overdue and not reminded today (days in the plan's time
    zone). Claim each with `claim_action_item_reminder` before sending, so that N workers remind once."""
    opened, plan_zone = _runtime_and_uow(source)
    zone = time_zone or plan_zone or "UTC"
    horizon = followups.local_day(now, zone) + timedelta(days=within_days)
    with opened as uow:
        items = uow.reports.open_action_items_due_by(horizon)
    return followups.reminders_due(items, now=now, time_zone=zone, within_days=within_days)


def claim_action_item_reminder(source: Runtime | UnitOfWork, reminder: ActionItemReminder) -> bool:
    """Record that today's reminder of this item is being sent; False when another worker claimed it first."""
    opened, _zone = _runtime_and_uow(source)
    with opened as uow:
        return uow.reports.claim_reminder(reminder.item.id, reminder.today)


# --- the review -----------------------------------------------------------------------------------------------


def review(
    rt: Runtime,
    *,
    ref: str,
    attendees: list[str],
    summary: str,
    actor: str,
    decisions: list[str] | None = None,
    action_items: list[dict] | None = None,
    lessons: list[dict] | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> tuple[Incident, list[FollowUp]]:
    """Record the post-incident review with its attendees, decisions and follow-ups (action items and lessons it
    created), all in one transaction."""
    created = []
    with rt.changing(ref, action="review", principal=principal, if_match=if_match) as change:
        incident, now, uow = change.incident, change.now, change.uow
        attendees = require_attendees(uow, attendees, external=change.plan.reviews.external_attendees)
        for spec in action_items or []:
            created.append(
                _new_item(
                    uow,
                    incident,
                    kind="action",
                    text=spec.get("text", ""),
                    actor=actor,
                    now=now,
                    owner=spec.get("owner"),
                    due=spec.get("due"),
                    change_ref=None,
                    origin="review",
                )
            )
        for spec in lessons or []:
            created.append(
                _new_item(
                    uow,
                    incident,
                    kind=spec.get("kind", ""),
                    text=spec.get("text", ""),
                    actor=actor,
                    now=now,
                    owner=spec.get("owner"),
                    due=spec.get("due"),
                    change_ref=spec.get("change"),
                    origin="review",
                )
            )
        incident.record_review(
            attendees=attendees,
            summary=summary,
            actor=actor,
            now=now,
            decisions=decisions,
            follow_ups=[item.id for item in created],
        )
    return incident, created


# --- metrics --------------------------------------------------------------------------------------------------


def insights(
    rt: Runtime, *, since: datetime | None = None, until: datetime | None = None, by: str | None = None
) -> dict:
    """Time to acknowledge, contain and resolve, and deadline compliance, for incidents declared in the period."""
    check_period(since, until, by)
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        times = uow.reports.incident_times(since, until)
        outcomes = uow.reports.deadline_outcomes([t.id for t in times])
    result = compute(times, outcomes, now=now, by=by)
    result["since"] = since.isoformat() if since else None
    result["until"] = until.isoformat() if until else None
    return result
