"""The incident page: the command header, the current stage's work, the other panels, the timeline, the live
fragment that keeps responders in step, and its actions.

With JavaScript (htmx), a form updates the page in place: the answer is the incident's fragment (`#live`) with what
was done said next to the control that was used, or, when it was refused, only the refusal, next to that control,
so that what was typed stays. Without it, forms post and redirect as plain HTML forms do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from aicident.auth import service as people
from aicident.auth.model import may
from aicident.comms import service as comms
from aicident.comms.model import obligations
from aicident.comms.slots import unfinished
from aicident.containment.api import watcher
from aicident.errors import AicidentError, InvalidInput, NotFound, PreconditionFailed
from aicident.incidents import service as incidents
from aicident.incidents.model import ROOT_CAUSE_LAYERS, Source, Status
from aicident.incidents.present import words_of
from aicident.notify import service as notify
from aicident.plan.schema import CLOCK_EVENTS, CUSTOMER_FACTS
from aicident.reports import service as reports
from aicident.reports.followups import Kind
from aicident.signals import service as signals
from aicident.web import command, controls, present, service
from aicident.web.actions import ACTIONS, CONFIRMABLE, confirmation
from aicident.web.pages import Form, Page, WebRoute, page, posted, templates

_INCIDENT_PATH = re.compile(r"^/incidents/([^/]+)(?:/|$)")
_ANCHOR = re.compile(r"[a-z-]{1,40}")
LOG_PAGE = 50
MAX_LOG_SHOWN = 500  # a live redraw keeps as many entries as the person had loaded, up to this many


def _is_htmx(current: Page) -> bool:
    """A request of the page's script that swaps in the incident's fragment (not a history restore, which loads
    the whole page)."""
    headers = current.request.headers
    return headers.get("hx-request") == "true" and headers.get("hx-history-restore-request") != "true"


def _anchor(form: Form) -> str:
    anchor = form.get("anchor")
    return anchor if _ANCHOR.fullmatch(anchor) else "now"


def page_after_error(current: Page, error: AicidentError) -> Response:
    """Show the error where the form was: next to its control (htmx), on the incident page for its actions, else on
    a page of its own."""
    path = current.request.url.path
    match = _INCIDENT_PATH.match(path)
    ref = match.group(1) if match else None
    if isinstance(error, PreconditionFailed) and ref:
        current.error = (
            f"someone changed {ref} while you were looking at it; this page now shows it as "
            "it is. Check the change, then submit again if it is still needed."
        )
    # A refusal naming something else that does not exist (a person, a draft) is said next to the control; an
    # incident that does not exist fails to draw below and gets the error page.
    if current.principal is not None and ref and ref not in ("new", "rows", "events"):
        try:
            if _is_htmx(current) and current.request.method == "POST":
                return _refused_in_place(current, ref, error)
            return incident_page(
                current, ref, status=error.status, feature=current.request.query_params.get("feature", "")
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


def _refused_in_place(current: Page, ref: str, error: AicidentError) -> Response:
    """The refusal alone, swapped in next to the control that was used (its panel's message slot); the form and what
    was typed into it stay. A stale version redraws the incident instead, as it is now."""
    form: Form = getattr(current.request.state, "form", Form({}))
    anchor = _anchor(form)
    said: dict[str, Any] = {"anchor": anchor, "kind": "error", "text": current.error or str(error)}
    said["links"] = present.step_links(error.next, here=ref)
    if isinstance(error, PreconditionFailed):
        return _fragment(current, ref, status=error.status, said=said)
    html = templates().get_template("incident/_said_message.html").render(said=said)
    response = HTMLResponse(html, status_code=error.status)
    response.headers["HX-Retarget"] = f"#said-{anchor}"
    response.headers["HX-Reswap"] = "innerHTML"
    current._finish(response)
    return response


class Route(WebRoute):
    @staticmethod
    def render_error(current: Page, error: AicidentError) -> Response:
        return page_after_error(current, error)


router = APIRouter(route_class=Route, include_in_schema=False)


def _types(types: list[str]) -> list[str]:
    types = [t for t in types if t]
    unknown = [t for t in types if t not in present.LOG_TYPES]
    if unknown:
        raise InvalidInput(f"unknown log entry type {unknown[0]!r}", allowed=", ".join(present.LOG_TYPES))
    return types


def _context(current: Page, ref: str, types: list[str], feature: str = "", shown: int = LOG_PAGE) -> dict:
    rt = current.runtime
    view = incidents.get(rt, ref=ref, with_log=False)
    incident, plan = view.incident, view.plan
    types = _types(types)
    log, log_more = service.log_page(rt, incident=incident, types=types, limit=min(max(shown, LOG_PAGE), MAX_LOG_SHOWN))
    order = plan.stage_ids()
    here = order.index(incident.stage)
    controls_shown = controls.context(rt, incident, current.person, feature)
    facts = command.command(view, command.in_force(rt, [incident.ref])[incident.ref])
    focus = present.stage_focus(incident, plan)
    focus_panels = present.focus_panels(incident, plan)
    if "containment" in focus_panels and incident.ai_system.feature:
        focus_panels.insert(focus_panels.index("containment"), "controls")
    if "resolve" in focus_panels and facts.in_force and "in-force" not in focus_panels:
        focus_panels.append("in-force")  # a plan without the controls guard still shows what is in force
    unmet = [item for item in focus if not item.done]
    communications = _communications(rt, incident, plan, current.principal)
    customers = comms.list_customers(rt, ref=ref)
    may_do = present.permissions(plan, current.person, incident)
    # The affected customers are pasted next to the customer notice that needs them (no one to email yet).
    inline_import = (
        "communications" in focus_panels
        and not customers
        and may_do["facts"]
        and any(
            o["audience"] == "customers" and any(d["state"] == "draft" for d in o["drafts"]) for o in communications
        )
    )
    report = reports.get_report(rt, ref=ref) if incident.status != Status.OPEN else None
    # Drafting a customer notice with nobody to email yet asks for them next to its button.
    ask_customers = "communications" in focus_panels and not customers and may_do["facts"]
    wanted_role = next((i.guard.removeprefix("role:") for i in unmet if i.guard.startswith("role:")), "")
    return {
        "ask_customers": ask_customers,
        "incident": incident,
        "incident_plan": plan,
        "view": view,
        "now": view.now,
        "cmd": facts,
        "stages": present.stage_tracker(incident, plan),
        "stage": plan.stages[here],
        "focus": focus,
        "focus_panels": focus_panels,
        "primary_panel": unmet[0].panel if unmet else ("severity" if here == 0 else None),
        "auto_advance": present.auto_advances(incident, plan),
        "wanted_role": wanted_role,
        "next_stage": plan.stages[here + 1] if here + 1 < len(order) else None,
        "earlier_stages": plan.stages[:here],
        "is_last_stage": here == len(order) - 1,
        "roles": incident.current_roles(),
        "people": people.list_people(rt),
        "may": may_do,
        "inline_import": inline_import,
        "deadlines": [(d, str(d.state(view.now)), d.describe(view.now)) for d in view.deadlines],
        "log": log,
        "log_more": log_more,
        "types": types,
        "log_types": present.LOG_TYPES,
        "entry_text": lambda e, words=words_of(plan): present.entry_html(e, words),
        "communications": communications,
        "delivery_failures": _delivery_failures(rt, ref),
        "audiences": list(
            dict.fromkeys([*next(iter(plan.communications.values())), *(o.key for o in obligations(incident, plan))])
        ),
        "layers": ROOT_CAUSE_LAYERS,
        "closed": incident.status == Status.CLOSED,
        "open": incident.status == Status.OPEN,
        "report": report,
        "report_asks": _report_asks(plan, report),
        "follow_ups": reports.list_follow_ups(rt, ref=ref),
        "follow_up_kinds": [k.value for k in Kind],
        "form_id": service.new_form_id,
        "category": plan.category(incident.category),
        "signals": signals.list_signals(rt, ref=ref, limit=50),
        "clock_events": CLOCK_EVENTS,
        "customers": customers,
        **controls_shown,
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
        obligation["asks"] = _asks(plan, incident, obligation["template"])
        for draft in obligation["drafts"]:
            approved = {a["role"] for a in draft["approvals"] if a["version"] == draft["version"]}
            draft["approved_roles"] = approved
            draft["may_approve"] = bool((set(obligation["approvers"]) & held) - approved)
            draft["missing"] = [plan.role(r).name for r in obligation["approvers"] if r not in approved]
            draft["preview"] = _preview(rt, incident.ref, draft) if draft["state"] == "draft" else None
    return found


def _asks(plan, incident, template_name: str | None) -> list[dict]:
    """What drafting from the template asks for next to its button: the required slots no source fills (a person
    writes them) and the customer facts not written yet, so that the draft comes out finished in one step."""
    template = plan.templates.get(template_name or "")
    asks = []
    for slot in template.slots if template else []:
        if not slot.required or slot.source == "organisation":
            continue
        if slot.source == "incident" and slot.source_key in CUSTOMER_FACTS:
            if not getattr(incident.facts, slot.source_key, ""):
                asks.append({"field": f"fact-{slot.source_key}", "label": slot.label, "long": True})
        else:
            asks.append({"field": f"slot-{slot.name}", "label": slot.label, "long": False})
    return asks


def _report_asks(plan, report) -> list[dict]:
    """The sections of the report whose template prompt is still in it: Publish asks for them next to its button."""
    if report is None:
        return []
    left = unfinished(plan.templates.get("post_incident_report"), report.state.markdown)
    asks = [{"field": f"section-{slot.name}", "label": f"{slot.label} ({slot.name})"} for slot in left.slots]
    return asks + [{"field": f"prompt-{prompt}", "label": prompt.strip("[]")} for prompt in left.prompts]


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
    types: Sequence[str] = (),
    feature: str = "",
    status: int = 200,
    confirming: dict | None = None,
    said: dict | None = None,
) -> Response:
    if _is_htmx(current):
        return _fragment(current, ref, types=types, feature=feature, status=status, confirming=confirming, said=said)
    context = _context(current, ref, list(types), feature)
    return current.render("incident.html", status=status, confirming=confirming, said=said, **context)


def _fragment(
    current: Page,
    ref: str,
    *,
    types: Sequence[str] = (),
    feature: str = "",
    shown: int = LOG_PAGE,
    status: int = 200,
    confirming: dict | None = None,
    said: dict | None = None,
) -> Response:
    context = _context(current, ref, list(types), feature, shown)
    return current.render("incident/_live.html", status=status, confirming=confirming, said=said, **context)


@router.get("/incidents/{ref}/live")
def live(
    ref: str,
    current: Page = Depends(page),
    version: int = -1,
    shown: int = LOG_PAGE,
    type: list[str] = Query(default=[]),
    feature: str = "",
) -> Response:
    """The incident's fragment when its version moved past `version`; 204 (nothing to swap) while it has not."""
    if service.version_of(current.runtime, ref=ref) == version:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    return _fragment(current, ref, types=type, feature=feature, shown=shown)


@router.get("/incidents/{ref}/log")
def log_page(
    ref: str, current: Page = Depends(page), before: int | None = None, type: list[str] = Query(default=[])
) -> Response:
    """Older entries of the timeline (the "Show older entries" button), as list items."""
    types = _types(type)
    view = incidents.get(current.runtime, ref=ref, with_log=False)
    log, log_more = service.log_page(
        current.runtime, incident=view.incident, before=before, types=types, limit=LOG_PAGE
    )
    words = words_of(view.plan)
    return current.render(
        "incident/_log_entries.html",
        incident=view.incident,
        log=log,
        log_more=log_more,
        types=types,
        entry_text=lambda e: present.entry_html(e, words),
    )


@router.get("/incidents/{ref}/report.md")
def report_markdown(ref: str, current: Page = Depends(page)) -> Response:
    content, media_type, filename = reports.export_report(current.runtime, ref=ref, format="md")
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# --- actions ------------------------------------------------------------------------------------------------------


def _move_on(current: Page, ref: str, action: str, form: Form) -> str | None:
    """After an action taken in the current stage's work: move to the next stage when the stage's guards now hold,
    the plan asks no sign-off for it, and the person may change stages. Returns the new stage's name, if it moved."""
    started = form.get("advance_from")
    if not started:
        return None
    rt, who = current.runtime, current.person
    view = incidents.get(rt, ref=ref, with_log=False)
    incident, plan = view.incident, view.plan
    order = plan.stage_ids()
    if started not in order:
        return None
    # Triage moves out of the first stage by itself; the stage it lands in may then be complete too.
    stages = {started} | ({order[1]} if action == "triage" and started == order[0] else set())
    if (
        incident.stage not in stages
        or incident.status == Status.CLOSED
        or not present.auto_advances(incident, plan)
        or incident.unmet_guards(plan)
        or not may(plan, who, "stage", incident.current_roles())
    ):
        return None
    try:
        moved = incidents.advance(rt, ref=ref, actor=who.handle, principal=who, if_match=incident.version)
    except AicidentError:
        return None  # someone moved it meanwhile: the page shows where it is
    return next(s.name for s in plan.stages if s.id == moved.stage)


@router.post("/incidents/{ref}/{action}")
def act(ref: str, action: str, submitted=Depends(posted)) -> Response:
    current, form = submitted
    current.request.state.form = form
    if action not in ACTIONS:
        raise NotFound(f"no incident action {action!r}", allowed=", ".join(ACTIONS))
    rt = current.runtime
    if action in CONFIRMABLE and form.get("confirmed") != "yes":
        incident = incidents.get(rt, ref=ref, with_log=False).incident
        confirming = confirmation(rt, incident, action, form, current.principal)
        if confirming is not None:
            return incident_page(current, ref, feature=form.get("feature"), confirming=confirming)
    said: list[str] = []

    def run() -> str:
        said.append(ACTIONS[action](rt, ref, form, current.principal))
        moved = _move_on(current, ref, action, form)
        if moved:
            said.append(f"Moved to {moved}.")
        if action.startswith("control-"):
            watcher(current.request).poke()  # applications' control streams hear of it at once
            return controls.location(ref, form)
        return f"/incidents/{ref}"

    location = service.once(rt, person_id=current.principal.person_id, form_id=form.get("form_id"), run=run)
    text = " ".join(said) if said else "Already done: that form was submitted before."
    anchor = "now" if len(said) > 1 else _anchor(form)
    if _is_htmx(current):
        return incident_page(current, ref, feature=form.get("feature"), said={"anchor": anchor, "text": text})
    return current.redirect(location + f"#{anchor}", flash=text)
