"""The incident page: its panels, the live fragment that keeps two responders in step, and its actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from aicident.auth import service as people
from aicident.comms import service as comms
from aicident.comms.model import obligations
from aicident.containment.api import watcher
from aicident.errors import AicidentError, InvalidInput, NotFound, PreconditionFailed
from aicident.incidents import service as incidents
from aicident.incidents.model import ROOT_CAUSE_LAYERS, Source, Status
from aicident.incidents.present import words_of
from aicident.notify import service as notify
from aicident.plan.schema import CLOCK_EVENTS
from aicident.reports import service as reports
from aicident.reports.followups import Kind
from aicident.signals import service as signals
from aicident.web import controls, present, service
from aicident.web.pages import Form, Page, WebRoute, page, posted

_INCIDENT_PATH = re.compile(r"^/incidents/([^/]+)(?:/|$)")
LIVE_POLL_SECONDS = 2


def page_after_error(current: Page, error: AicidentError) -> Response:
    """Show the error on the page the form was on: the incident page for its actions, else a page of its own."""
    path = current.request.url.path
    match = _INCIDENT_PATH.match(path)
    if isinstance(error, PreconditionFailed) and match:
        current.error = (
            f"someone changed {match.group(1)} while you were looking at it; this page now shows it as "
            "it is. Check the change, then submit again if it is still needed."
        )
    # Any refusal, a NotFound included (an unknown person named in a form), is shown on the incident page; a missing
    # incident makes incident_page raise, and the error gets a page of its own below.
    if current.principal is not None and match and match.group(1) not in ("new", "rows"):
        try:
            return incident_page(
                current, match.group(1), status=error.status, feature=current.request.query_params.get("feature", "")
            )
        except AicidentError:
            pass
    if current.principal is not None and path == "/incidents/new":
        return current.render(
            "declare.html",
            status=error.status,
            sources=[s.value for s in Source],
            form_id=service.new_form_id,
            values=Form({}),
        )
    return current.render("error.html", status=error.status, error=error)


class Route(WebRoute):
    @staticmethod
    def render_error(current: Page, error: AicidentError) -> Response:
        return page_after_error(current, error)


router = APIRouter(route_class=Route, include_in_schema=False)


def _context(current: Page, ref: str, types: list[str], feature: str = "") -> dict:
    rt = current.runtime
    view = incidents.get(rt, ref=ref)
    incident, plan = view.incident, view.plan
    types = [t for t in types if t]
    unknown = [t for t in types if t not in present.LOG_TYPES]
    if unknown:
        raise InvalidInput(f"unknown log entry type {unknown[0]!r}", allowed=", ".join(present.LOG_TYPES))
    log = [e for e in reversed(view.log) if not types or str(e.type) in types]
    order = plan.stage_ids()
    here = order.index(incident.stage)
    return {
        "incident": incident,
        "incident_plan": plan,
        "view": view,
        "now": view.now,
        "stages": present.stage_tracker(incident, plan),
        "next_stage": plan.stages[here + 1] if here + 1 < len(order) else None,
        "earlier_stages": plan.stages[:here],
        "is_last_stage": here == len(order) - 1,
        "roles": incident.current_roles(),
        "people": people.list_people(rt),
        "may": present.permissions(plan, current.principal, incident),
        "deadlines": [(d, str(d.state(view.now)), d.describe(view.now)) for d in view.deadlines],
        "log": log,
        "types": types,
        "log_types": present.LOG_TYPES,
        "entry_text": lambda e, words=words_of(plan): present.entry_html(e, words),
        "communications": _communications(rt, incident, plan, current.principal),
        "delivery_failures": _delivery_failures(rt, ref),
        "audiences": list(
            dict.fromkeys([*next(iter(plan.communications.values())), *(o.key for o in obligations(incident, plan))])
        ),
        "layers": ROOT_CAUSE_LAYERS,
        "closed": incident.status == Status.CLOSED,
        "open": incident.status == Status.OPEN,
        "poll_seconds": LIVE_POLL_SECONDS,
        "report": reports.get_report(rt, ref=ref) if incident.status != Status.OPEN else None,
        "follow_ups": reports.list_follow_ups(rt, ref=ref),
        "follow_up_kinds": [k.value for k in Kind],
        "form_id": service.new_form_id,
        "category": plan.category(incident.category),
        "signals": signals.list_signals(rt, ref=ref, limit=50),
        "clock_events": CLOCK_EVENTS,
        "customers": comms.list_customers(rt, ref=ref),
        **controls.context(rt, incident, current.principal, feature),
    }


def _communications(rt, incident, plan, principal) -> list[dict]:
    """The obligations the matrix and the regulatory clocks put on the incident, each with its drafts, whether this
    person may approve them, and the delivery state of what was sent."""
    held = set(principal.roles) | {
        role for role, person in incident.current_roles().items() if person == principal.handle
    }
    found = comms.obligations_view(rt, ref=incident.ref)["obligations"]
    for obligation in found:
        obligation["due"] = datetime.fromisoformat(obligation["due_at"]) if obligation["due_at"] else None
        obligation["target_due"] = datetime.fromisoformat(obligation["target_at"]) if obligation["target_at"] else None
        obligation["role_names"] = [plan.role(r).name for r in obligation["approvers"]]
        for draft in obligation["drafts"]:
            approved = {a["role"] for a in draft["approvals"] if a["version"] == draft["version"]}
            draft["approved_roles"] = approved
            draft["may_approve"] = bool((set(obligation["approvers"]) & held) - approved)
            draft["missing"] = [plan.role(r).name for r in obligation["approvers"] if r not in approved]
            draft["preview"] = _preview(rt, incident.ref, draft) if draft["state"] == "draft" else None
    return found


def _preview(rt, ref: str, draft: dict) -> dict:
    """What the first recipients would get if the draft were sent now, or why it cannot go out yet."""
    try:
        return comms.preview(rt, ref=ref, draft_id=draft["id"], limit=3)
    except AicidentError as error:
        return {"error": str(error), "messages": [], "total": 0}


def _delivery_failures(rt, ref: str) -> list[dict]:
    """This incident's failing messages grouped by channel and reason, each with the attempts of a few of them."""
    groups = notify.failures(rt, incident_ref=ref, sample=3)
    for group in groups:
        group["attempts"] = [notify.message(rt, message_id=message_id) for message_id in group["message_ids"]]
    return groups


def incident_page(
    current: Page,
    ref: str,
    *,
    types: list[str] = (),
    feature: str = "",
    status: int = 200,
    confirming: dict | None = None,
) -> Response:
    return current.render(
        "incident.html", status=status, confirming=confirming, **_context(current, ref, list(types), feature)
    )


@router.get("/incidents/{ref}/live")
def live(
    ref: str, current: Page = Depends(page), version: int = -1, type: list[str] = Query(default=[]), feature: str = ""
) -> Response:
    """The incident's panels when its version moved past `version`; 204 (nothing to swap) while it has not."""
    if incidents.get(current.runtime, ref=ref, with_log=False).incident.version == version:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    return current.render("incident/_live.html", **_context(current, ref, type, feature))


@router.get("/incidents/{ref}/report.md")
def report_markdown(ref: str, current: Page = Depends(page)) -> Response:
    content, media_type, filename = reports.export_report(current.runtime, ref=ref, format="md")
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# --- actions: one service call each, as the signed-in person ------------------------------------------------


def _version(form: Form) -> int | None:
    return form.optional_int("version")


def _triage(rt, ref, form, who) -> str:
    incidents.triage(
        rt,
        ref=ref,
        severity=form.get("severity") or None,
        commander=form.get("commander") or None,
        reason=form.get("reason"),
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return "Triage started."


def _severity(rt, ref, form, who) -> str:
    expect = {"escalate": "escalated", "deescalate": "deescalated"}.get(form.get("direction"))
    done = incidents.set_severity(
        rt,
        ref=ref,
        severity=form.get("severity"),
        reason=form.get("reason"),
        expect=expect,
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return f"Severity is now {done.severity}."


def _assign(rt, ref, form, who) -> str:
    incidents.assign(
        rt,
        ref=ref,
        role=form.get("role"),
        person=form.get("person"),
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return f"Assigned {form.get('person')}."


def _advance(rt, ref, form, who) -> str:
    done = incidents.advance(
        rt,
        ref=ref,
        to=form.get("to") or None,
        reason=form.get("reason"),
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return f"Moved to {done.stage}."


def _facts(rt, ref, form, who) -> str:
    customers = form.get("customers_affected") or "0"
    if not customers.isdigit():
        raise InvalidInput(f"customers affected {customers!r} is not a whole number", allowed="0 or more")
    incidents.set_facts(
        rt,
        ref=ref,
        reason=form.get("reason"),
        customers_affected=int(customers),
        personal_data_involved=form.flag("personal_data_involved"),
        material=form.flag("material"),
        jurisdictions=[j for j in re.split(r"[,\s]+", form.get("jurisdictions")) if j],
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return "Facts recorded."


def _contain(rt, ref, form, who) -> str:
    none_needed = form.get("none_needed") or None
    incidents.contain(rt, ref=ref, action=form.get("action"), none_needed=none_needed, actor=who.handle, principal=who)
    return "Containment recorded."


def _diagnose(rt, ref, form, who) -> str:
    incidents.diagnose(
        rt, ref=ref, layer=form.get("layer"), description=form.get("description"), actor=who.handle, principal=who
    )
    return "Root cause recorded."


def _resolve(rt, ref, form, who) -> str:
    incidents.resolve(
        rt, ref=ref, summary=form.get("summary"), actor=who.handle, principal=who, if_match=_version(form)
    )
    return "Resolved."


def _communicate(rt, ref, form, who) -> str:
    waive = form.get("waive") or None
    incidents.communicate(
        rt,
        ref=ref,
        audience=form.get("audience"),
        summary=form.get("summary"),
        waive=waive,
        channel=form.get("channel"),
        actor=who.handle,
        principal=who,
    )
    return f"Communication to {form.get('audience')} {'waived' if waive else 'recorded'}."


def _draft(rt, ref, form, who) -> str:
    done = comms.create_draft(rt, ref=ref, obligation=form.get("obligation"), actor=who.handle, principal=who)
    return f"Drafted {done['id']} from the plan's template."


def _edit_draft(rt, ref, form, who) -> str:
    done = comms.edit_draft(
        rt,
        ref=ref,
        draft_id=form.get("draft"),
        subject=form.get("subject"),
        body=form.fields.get("body", [""])[-1],
        version=form.optional_int("draft_version") or 0,
        actor=who.handle,
        principal=who,
    )
    return f"Saved {done['id']} version {done['version']}."


def _fill_draft(rt, ref, form, who) -> str:
    values = {name.removeprefix("slot-"): value[-1] for name, value in form.fields.items() if name.startswith("slot-")}
    done = comms.fill_draft(
        rt,
        ref=ref,
        draft_id=form.get("draft"),
        version=form.optional_int("draft_version") or 0,
        values={name: value for name, value in values.items() if value.strip()},
        actor=who.handle,
        principal=who,
    )
    return f"Filled {done['id']}: version {done['version']}."


def _customer_facts(rt, ref, form, who) -> str:
    incidents.set_facts(
        rt,
        ref=ref,
        reason=form.get("reason") or "what customers are told",
        customer_summary=form.fields.get("customer_summary", [""])[-1],
        customer_impact=form.fields.get("customer_impact", [""])[-1],
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return "Recorded what customers are told."


def _approve(rt, ref, form, who) -> str:
    done = comms.approve(
        rt,
        ref=ref,
        draft_id=form.get("draft"),
        version=form.optional_int("draft_version") or 0,
        actor=who.handle,
        principal=who,
    )
    return f"Approved {done['id']} version {done['version']}."


def _send(rt, ref, form, who) -> str:
    done = comms.send(rt, ref=ref, draft_id=form.get("draft"), actor=who.handle, principal=who)
    return f"Sent {done['id']}: {len(done['queued'])} message(s) queued for delivery."


def _document(rt, ref, form, who) -> str:
    if form.get("link"):
        incidents.document(rt, ref=ref, location=form.get("link"), actor=who.handle, principal=who)
        return "Post-incident report recorded (kept elsewhere)."
    _incident, chosen = reports.publish_report(rt, ref=ref, actor=who.handle, principal=who)
    return f"Post-incident report version {chosen.version} published."


def _edit_report(rt, ref, form, who) -> str:
    saved = reports.edit_report(
        rt,
        ref=ref,
        actor=who.handle,
        base_version=form.optional_int("report_version"),
        markdown=form.fields.get("markdown", [""])[-1],
        principal=who,
    )
    return f"Saved the report as version {saved.version}."


def _follow_up(rt, ref, form, who) -> str:
    item = reports.add_follow_up(
        rt,
        ref=ref,
        text=form.get("text"),
        kind=form.get("kind") or "action",
        owner=form.get("owner") or None,
        due=form.get("due") or None,
        change_ref=form.get("change") or None,
        actor=who.handle,
        principal=who,
    )
    return f"Added {item.id}."


def _follow_up_done(rt, ref, form, who) -> str:
    item = reports.complete_follow_up(
        rt, item_id=form.get("item"), change_ref=form.get("change") or None, actor=who.handle, principal=who
    )
    return f"{item.id} is done."


def _follow_up_drop(rt, ref, form, who) -> str:
    item = reports.drop_follow_up(
        rt, item_id=form.get("item"), reason=form.get("reason"), actor=who.handle, principal=who
    )
    return f"{item.id} dropped."


def _review(rt, ref, form, who) -> str:
    attendees = [a for a in re.split(r"[,\n]+", form.get("attendees")) if a.strip()]
    reports.review(rt, ref=ref, attendees=attendees, summary=form.get("summary"), actor=who.handle, principal=who)
    return "Review recorded."


def _close(rt, ref, form, who) -> str:
    incidents.close(rt, ref=ref, actor=who.handle, principal=who, if_match=_version(form))
    return "Closed."


def _reopen(rt, ref, form, who) -> str:
    incidents.reopen(
        rt,
        ref=ref,
        reason=form.get("reason"),
        stage=form.get("stage") or None,
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return "Reopened."


def _log(rt, ref, form, who) -> str:
    incidents.add_entry(
        rt,
        ref=ref,
        type=form.get("type") or "note",
        text=form.get("text"),
        actor=who.handle,
        principal=who,
        owner=form.get("owner") or None,
        due=form.get("due") or None,
        link=form.get("link") or None,
    )
    return "Added to the log."


def _clock_event(rt, ref, form, who) -> str:
    at = None
    if form.get("at"):
        try:
            at = datetime.fromisoformat(form.get("at"))
        except ValueError:
            raise InvalidInput(
                f"{form.get('at')!r} is not a date and time",
                allowed="e.g. 2026-11-30T09:12 (UTC), or leave it empty for now",
            ) from None
        at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at
    comms.record_clock_event(
        rt,
        ref=ref,
        event=form.get("event"),
        at=at,
        reason=form.get("reason"),
        actor=who.handle,
        principal=who,
        if_match=_version(form),
    )
    return f"Recorded {form.get('event').replace('_', ' ')}."


def _customers(rt, ref, form, who) -> str:
    rows = comms.parse_customers_csv(form.fields.get("csv", [""])[-1].strip() + "\n")
    done = comms.import_customers(rt, ref=ref, rows=rows, actor=who.handle, principal=who)
    return f"Imported {done['added']} new affected customer(s); {done['total']} in all."


ACTIONS: dict[str, Callable] = {
    "triage": _triage,
    "severity": _severity,
    "roles": _assign,
    "advance": _advance,
    "facts": _facts,
    "containment": _contain,
    "root-cause": _diagnose,
    "resolve": _resolve,
    "communications": _communicate,
    "drafts": _draft,
    "draft-edit": _edit_draft,
    "draft-approve": _approve,
    "draft-fill": _fill_draft,
    "customer-facts": _customer_facts,
    "draft-send": _send,
    "report": _document,
    "report-edit": _edit_report,
    "follow-ups": _follow_up,
    "follow-up-done": _follow_up_done,
    "follow-up-drop": _follow_up_drop,
    "review": _review,
    "close": _close,
    "reopen": _reopen,
    "log": _log,
    "clock-event": _clock_event,
    "customers": _customers,
    **controls.ACTIONS,
}


@router.post("/incidents/{ref}/{action}")
def act(ref: str, action: str, submitted=Depends(posted)) -> Response:
    current, form = submitted
    if action not in ACTIONS:
        raise NotFound(f"no incident action {action!r}", allowed=", ".join(ACTIONS))
    if action in controls.CONFIRMED and form.get("confirmed") != "yes":
        view = incidents.get(current.runtime, ref=ref, with_log=False)
        confirming = controls.confirmation(current.runtime, view.incident, action, form, current.principal)
        return incident_page(current, ref, feature=form.get("feature"), confirming=confirming)
    said = []

    def run() -> str:
        said.append(ACTIONS[action](current.runtime, ref, form, current.principal))
        if action.startswith("control-"):
            watcher(current.request).poke()  # applications' control streams hear of it at once
            return controls.location(ref, form)
        return f"/incidents/{ref}"

    location = service.once(
        current.runtime, person_id=current.principal.person_id, form_id=form.get("form_id"), run=run
    )
    anchor = form.get("anchor")
    return current.redirect(
        location + (f"#{anchor}" if re.fullmatch(r"[a-z-]{1,40}", anchor) else ""),
        flash=said[0] if said else "Already done: that form was submitted before.",
    )
