"""Incident use cases: each one transaction, keyword-only arguments, called by the CLI and the API alike."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aicident.audit import service as audit
from aicident.auth.model import Principal, authorize
from aicident.auth.service import require_person
from aicident.errors import InvalidInput
from aicident.incidents import search
from aicident.incidents.deadlines import Deadline, incident_deadlines
from aicident.incidents.model import AISystem, Facts, Incident, LogEntry, Status
from aicident.incidents.repository import IncidentFilter, LogBreak
from aicident.plan.schema import Plan
from aicident.reports.service import draft_markdown, require_finished
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork


@dataclass(frozen=True)
class IncidentView:
    """An incident as read: with its plan, its deadlines and (when asked for) its log."""

    incident: Incident
    plan: Plan
    deadlines: list[Deadline]
    log: list[LogEntry]
    now: datetime


def _change(
    rt: Runtime,
    ref: str,
    action: str,
    apply: Callable[[Incident, Plan, datetime], None],
    principal: Principal | None,
    if_match: int | None,
) -> Incident:
    with rt.changing(ref, action=action, principal=principal, if_match=if_match) as change:
        apply(change.incident, change.plan, change.now)
    return change.incident


def declare(
    rt: Runtime,
    *,
    title: str,
    category: str,
    source: str,
    actor: str,
    summary: str = "",
    severity: str | None = None,
    detected_at: datetime | None = None,
    became_aware_at: datetime | None = None,
    ai_system: AISystem | None = None,
    facts: Facts | None = None,
    principal: Principal | None = None,
) -> Incident:
    authorize(rt.plan, principal, "declare")
    with rt.uow() as uow:
        return declare_in(
            rt,
            uow,
            rt.clock(),
            title=title,
            category=category,
            source=source,
            actor=actor,
            summary=summary,
            severity=severity,
            detected_at=detected_at,
            became_aware_at=became_aware_at,
            ai_system=ai_system,
            facts=facts,
        )


def declare_in(rt: Runtime, uow: UnitOfWork, now: datetime, **fields) -> Incident:
    """Declare inside a transaction the caller owns (signals declare and attach in one)."""
    uow.incidents.register_plan(rt.plan_version, rt.plan_document, now)
    year = now.astimezone(ZoneInfo(rt.plan.calendar.time_zone)).year
    incident = Incident.declare(
        plan=rt.plan,
        plan_version=rt.plan_version,
        id=str(uuid.uuid4()),
        ref=uow.incidents.next_ref(year),
        now=now,
        **fields,
    )
    uow.incidents.add(incident, now)  # published and saved with its first entries when `uow` commits
    return incident


def triage(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    severity: str | None = None,
    commander: str | None = None,
    reason: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    """Start triage: move out of the first stage if needed, set the severity, name the Incident Commander."""

    with rt.changing(ref, action="triage", principal=principal, if_match=if_match) as change:
        incident, plan, now = change.incident, change.plan, change.now
        if incident.stage == plan.stages[0].id:
            incident.advance(plan, actor=actor, now=now)
        if severity and severity != incident.severity:
            incident.set_severity(plan, severity, actor=actor, now=now, reason=reason or "triage")
        if commander:  # a refusal here leaves nothing of the steps above: the unit of work is not committed
            named = require_person(change.uow, commander)
            incident.assign(plan, plan.commander_role(), named, actor=actor, now=now)
    return change.incident


def set_severity(
    rt: Runtime,
    *,
    ref: str,
    severity: str,
    actor: str,
    reason: str,
    expect: str | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    return _change(
        rt,
        ref,
        "severity",
        lambda i, p, now: i.set_severity(p, severity, actor=actor, now=now, reason=reason, expect=expect),
        principal,
        if_match,
    )


def assign(
    rt: Runtime,
    *,
    ref: str,
    role: str,
    person: str,
    actor: str,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    """Give a registered person a role on the incident."""
    with rt.changing(ref, action="assign", principal=principal, if_match=if_match) as change:
        named = require_person(change.uow, person)
        change.incident.assign(change.plan, role, named, actor=actor, now=change.now)
    return change.incident


def advance(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    to: str | None = None,
    reason: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    return _change(
        rt,
        ref,
        "stage",
        lambda i, p, now: i.advance(p, actor=actor, now=now, to=to, reason=reason),
        principal,
        if_match,
    )


def set_facts(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    reason: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
    **facts,
) -> Incident:
    return _change(
        rt,
        ref,
        "facts",
        lambda i, p, now: i.set_facts(actor=actor, now=now, reason=reason, plan=p, **facts),
        principal,
        if_match,
    )


def contain(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    action: str | None = None,
    none_needed: str | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    def apply(incident: Incident, plan: Plan, now: datetime) -> None:
        if none_needed is not None:
            incident.decide_no_containment(reason=none_needed, actor=actor, now=now)
        else:
            incident.record_containment(action=action or "", actor=actor, now=now)

    return _change(rt, ref, "contain", apply, principal, if_match)


def diagnose(
    rt: Runtime,
    *,
    ref: str,
    layer: str,
    description: str,
    actor: str,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    return _change(
        rt,
        ref,
        "diagnose",
        lambda i, p, now: i.record_root_cause(layer=layer, description=description, actor=actor, now=now),
        principal,
        if_match,
    )


def resolve(
    rt: Runtime, *, ref: str, summary: str, actor: str, principal: Principal | None = None, if_match: int | None = None
) -> Incident:
    return _change(
        rt, ref, "resolve", lambda i, p, now: i.resolve(summary=summary, actor=actor, now=now), principal, if_match
    )


def communicate(
    rt: Runtime,
    *,
    ref: str,
    audience: str,
    actor: str,
    summary: str = "",
    waive: str | None = None,
    channel: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    def apply(incident: Incident, plan: Plan, now: datetime) -> None:
        if waive is not None:
            incident.waive_communication(plan, audience=audience, reason=waive, actor=actor, now=now)
        else:
            incident.record_communication(
                plan, audience=audience, summary=summary, actor=actor, now=now, channel=channel
            )

    return _change(rt, ref, "communicate", apply, principal, if_match)


def document(
    rt: Runtime,
    *,
    ref: str,
    actor: str,
    location: str | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> tuple[Incident, str]:
    """Record the post-incident report: a link to where it lives, or the report as people left it (its latest saved
    version, else the one generated from the log), refused while it still shows a prompt of the template that only
    people can answer."""
    with rt.changing(ref, action="document", principal=principal, if_match=if_match) as change:
        saved = change.uow.reports.versions(change.incident.id)
        text = saved[-1].markdown if saved else draft_markdown(change.uow, change.incident, change.plan, change.now)
        if location is None:
            what = f"version {saved[-1].version} of the report" if saved else "the report generated from the log"
            require_finished(change.incident, change.plan, text, what)
        change.incident.record_report(location=location or "generated", summary=text, actor=actor, now=change.now)
    return change.incident, text


def close(
    rt: Runtime, *, ref: str, actor: str, principal: Principal | None = None, if_match: int | None = None
) -> Incident:
    return _change(rt, ref, "close", lambda i, p, now: i.close(p, actor=actor, now=now), principal, if_match)


def reopen(
    rt: Runtime,
    *,
    ref: str,
    reason: str,
    actor: str,
    stage: str | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    return _change(
        rt,
        ref,
        "reopen",
        lambda i, p, now: i.reopen(p, reason=reason, actor=actor, now=now, stage=stage),
        principal,
        if_match,
    )


def add_entry(
    rt: Runtime,
    *,
    ref: str,
    type: str,
    text: str,
    actor: str,
    principal: Principal | None = None,
    if_match: int | None = None,
    **data,
) -> Incident:
    """A note, evidence or an action item (whose owner, when named, is a registered person)."""
    with rt.changing(ref, action="log", principal=principal, if_match=if_match) as change:
        if data.get("owner"):
            data["owner"] = require_person(change.uow, data["owner"])
        change.incident.add_entry(type, text=text, actor=actor, now=change.now, **data)
    return change.incident


def get(rt: Runtime, *, ref: str, with_log: bool = True) -> IncidentView:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        log = uow.incidents.log(incident) if with_log else []
    return IncidentView(incident, plan, incident_deadlines(incident, plan), log, rt.clock())


def list_incidents(
    rt: Runtime,
    *,
    status: str | None = None,
    category: str | None = None,
    severity: str | None = None,
    stage: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[IncidentView]:
    for value, allowed, what in (
        (status, [s.value for s in Status], "status"),
        (category, rt.plan.category_ids(), "category"),
        (severity, rt.plan.severity_ids(), "severity"),
        (stage, rt.plan.stage_ids(), "stage"),
    ):
        if value is not None and value not in allowed:
            raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
    where = IncidentFilter(status=status, category=category, severity=severity, stage=stage)
    with rt.uow(read_only=True) as uow:
        found = uow.incidents.list(where, limit=limit, offset=offset)
        plans = {i.plan_version: rt.plan_of(i.plan_version, uow) for i in found}
    now = rt.clock()
    return [
        IncidentView(i, plans[i.plan_version], incident_deadlines(i, plans[i.plan_version]), [], now) for i in found
    ]


def verify(
    rt: Runtime, *, principal: Principal | None = None, checkpoint_file: Path | None = None
) -> tuple[int, list[LogBreak]]:
    """Every log's keyed chain, and the logs against the latest signed checkpoint (see `audit.service.verify`)."""
    return audit.verify(rt, principal=principal, checkpoint_file=checkpoint_file)


@dataclass(frozen=True)
class Found:
    """A page of the incident list: its incidents, the cursor of the next page (None: the last page) and, when
    asked for, how many incidents match in all."""

    views: list[IncidentView]
    next: str | None
    total: int | None = None


def find_incidents(
    rt: Runtime,
    *,
    status: str | None = None,
    category: str | None = None,
    severity: str | None = None,
    stage: str | None = None,
    text: str | None = None,
    person: str | None = None,
    sort: str = "declared",
    descending: bool | None = None,
    cursor: str | None = None,
    limit: int = 50,
    offset: int = 0,
    count: bool = False,
) -> Found:
    """Incidents that match the filters and every word of `text`, in `sort` order (incidents.search.SORTS), one
    page at a time: after `cursor` (the `next` of the page before) or from `offset`."""
    _check_filters(rt, status=status, category=category, severity=severity, stage=stage)
    if cursor and offset:
        raise InvalidInput("a page starts after a cursor or at an offset, not both", allowed="cursor or offset")
    plan = rt.plan
    order = search.Order(
        sort=sort,
        now=rt.clock(),
        severity_ranks={s.id: s.rank for s in plan.severities},
        stage_ranks={s.id: index for index, s in enumerate(plan.stages)},
        descending=descending,
    )
    keys = search.sort_keys(order)
    started = search.decode_cursor(cursor, keys, order) if cursor else None
    if started is not None:
        order = search.Order(order.sort, started.as_of, order.severity_ranks, order.stage_ranks, descending)
    where = IncidentFilter(
        status=status, category=category, severity=severity, stage=stage, text=text or None, person=person or None
    )
    with rt.uow(read_only=True) as uow:
        rows = uow.incidents.page(
            where, order, after=started.values if started else None, limit=limit + 1, offset=offset
        )
        plans = {i.plan_version: rt.plan_of(i.plan_version, uow) for i, _keys in rows}
        total = uow.incidents.count(where) if count else None
    now = rt.clock()
    shown = rows[:limit]
    views = [
        IncidentView(i, plans[i.plan_version], incident_deadlines(i, plans[i.plan_version]), [], now)
        for i, _keys in shown
    ]
    following = None
    if len(rows) > limit:
        following = search.Cursor(order.sort, order.is_descending, order.now, shown[-1][1]).encode()
    return Found(views, following, total)


def _check_filters(rt: Runtime, **filters: str | None) -> None:
    allowed_values = {
        "status": [s.value for s in Status],
        "category": rt.plan.category_ids(),
        "severity": rt.plan.severity_ids(),
        "stage": rt.plan.stage_ids(),
    }
    for what, value in filters.items():
        allowed = allowed_values[what]
        if value is not None and value not in allowed:
            raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
