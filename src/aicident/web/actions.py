"""The incident page's actions: one service call each, as the signed-in person; and the confirmation step of the
dangerous ones (disable or change a feature's controls, de-escalate, close), shown next to the control before
anything changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

from aicident.auth.model import Principal, authorize
from aicident.comms import service as comms
from aicident.comms.slots import fill_prompts
from aicident.errors import InvalidInput
from aicident.incidents import service as incidents
from aicident.incidents.model import Incident
from aicident.plan.schema import CUSTOMER_FACTS
from aicident.reports import service as reports
from aicident.runtime import Runtime
from aicident.web import controls
from aicident.web.pages import Form


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
    """One choice of severity: whether it escalates or de-escalates is the server's to say (a de-escalation is
    confirmed first, see `confirmation`)."""
    if not form.get("severity"):
        raise InvalidInput("choose the severity to change to", allowed=", ".join(rt.plan.severity_ids()))
    done = incidents.set_severity(
        rt,
        ref=ref,
        severity=form.get("severity"),
        reason=form.get("reason"),
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
    return f"Moved to {next((s.name for s in rt.plan.stages if s.id == done.stage), done.stage)}."


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
    """Draft from the template with what the form asked for: the customer facts are recorded on the incident first
    (every later notice says the same) and the affected customers imported, then the draft is made and its
    person-written slots filled."""
    typed = {name: value[-1].strip() for name, value in form.fields.items() if value and value[-1].strip()}
    facts = {name.removeprefix("fact-"): value for name, value in typed.items() if name.startswith("fact-")}
    if facts:
        incidents.set_facts(
            rt, ref=ref, reason="what customers are told", actor=who.handle, principal=who,
            **{key: value for key, value in facts.items() if key in CUSTOMER_FACTS},
        )  # fmt: skip
    if typed.get("csv"):
        rows = comms.parse_customers_csv(typed["csv"] + "\n")
        comms.import_customers(rt, ref=ref, rows=rows, actor=who.handle, principal=who)
    done = comms.create_draft(rt, ref=ref, obligation=form.get("obligation"), actor=who.handle, principal=who)
    given = {name.removeprefix("slot-"): value for name, value in typed.items() if name.startswith("slot-")}
    if given:
        done = comms.fill_draft(
            rt, ref=ref, draft_id=done["id"], version=done["version"], values=given, actor=who.handle, principal=who
        )
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
    typed = {name: value[-1].strip() for name, value in form.fields.items() if value and value[-1].strip()}
    written = {name.removeprefix("section-"): text for name, text in typed.items() if name.startswith("section-")}
    prompts = {name.removeprefix("prompt-"): text for name, text in typed.items() if name.startswith("prompt-")}
    if written or prompts:  # what the form asked for fills the prompts of the report as it is: one new version
        report, plan = reports.get_report(rt, ref=ref), incidents.get(rt, ref=ref, with_log=False).plan
        markdown = fill_prompts(report.state.markdown, plan.templates["post_incident_report"], written)
        for prompt, text in prompts.items():
            markdown = markdown.replace(prompt, text)
        reports.edit_report(
            rt, ref=ref, actor=who.handle, base_version=form.optional_int("report_version"), markdown=markdown,
            principal=who,
        )  # fmt: skip
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
    """When an event happened, as the person's browser read it: a local date and time with the zone's offset from
    UTC in minutes (`tz_offset`, set by the page's script); without one the time is UTC."""
    at = None
    if form.get("at"):
        try:
            at = datetime.fromisoformat(form.get("at"))
            offset = int(form.get("tz_offset") or 0)
            if not -18 * 60 <= offset <= 18 * 60:
                raise ValueError(offset)
        except ValueError:
            raise InvalidInput(
                f"{form.get('at')!r} is not a date and time",
                allowed="e.g. 2026-11-30T09:12, or leave it empty for now",
            ) from None
        at = at.replace(tzinfo=timezone(timedelta(minutes=offset))) if at.tzinfo is None else at
        at = at.astimezone(UTC)
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


# --- confirmations ------------------------------------------------------------------------------------------------

CONFIRMABLE = (*controls.CONFIRMED, "severity", "close")  # the actions that may need a confirmation step


def confirmation(rt: Runtime, incident: Incident, action: str, form: Form, principal: Principal) -> dict | None:
    """What a dangerous action will do, for the person to confirm next to the control; None when it needs none."""
    if form.get("confirmed") == "yes":
        return None
    if action in controls.CONFIRMED:
        return {**controls.confirmation(rt, incident, action, form, principal), "anchor": "controls"}
    if action == "severity":
        return _deescalation(rt, incident, form, principal)
    if action == "close":
        authorize(rt.plan, principal, "close", incident.current_roles())
        return {
            "action": "close",
            "anchor": form.get("anchor") or "now",
            "title": f"Close {incident.ref}",
            "said": "Closing ends the response: what is still open can only be added as notes until it is reopened.",
            "fields": [],
            "button": f"Confirm: close {incident.ref}",
        }
    return None


def _deescalation(rt: Runtime, incident: Incident, form: Form, principal: Principal) -> dict | None:
    chosen, current = form.get("severity"), incident.severity
    ranks = {s.id: s.rank for s in rt.plan.severities}
    if not current or chosen not in ranks or current not in ranks or ranks[chosen] <= ranks[current]:
        return None
    authorize(rt.plan, principal, "severity", incident.current_roles())
    if not form.get("reason"):
        raise InvalidInput("changing a severity needs a reason", allowed="say why the severity changes")
    return {
        "action": "severity",
        "anchor": "severity",
        "title": f"De-escalate {incident.ref} from {current} to {chosen}",
        "said": "A lower severity relaxes the deadlines and the communications the plan asks for.",
        "reason": form.get("reason"),
        "fields": [("severity", chosen), ("reason", form.get("reason"))],
        "button": f"Confirm: de-escalate to {chosen}",
    }
