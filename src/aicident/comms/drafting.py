"""Draft use cases: draft from the plan's template, fill its slots, edit, preview, approve, send. Each is one
transaction through the incident's change path.

Nothing unfinished reaches a reader: a version that still shows the prompt of a required slot, or any other
bracketed template prompt, is refused at approval and at sending (409, naming the slots and the prompts). Sending
writes the outbox rows and the communication on the incident together; the communication meets its obligation only
once the receiving servers have accepted every message (see `comms.delivery`).
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime

from aicident.auth.model import Principal
from aicident.comms import drafts as templates
from aicident.comms import slots
from aicident.comms.delivery import batch_of
from aicident.comms.model import AUDIENCE_TEMPLATES, Obligation, obligations
from aicident.comms.recipients import contacts_of, internal_recipients
from aicident.errors import (
    Conflict,
    Forbidden,
    GuardFailed,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    Step,
    TextUnfinished,
)
from aicident.incidents.model import Incident
from aicident.notify.channels import setting
from aicident.notify.model import Message as OutboundMessage
from aicident.notify.model import PermanentFailure
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan, Template
from aicident.runtime import Runtime

PREVIEW_LIMIT = 50
MAX_SLOT_VALUE = 5000


def _obligation(incident: Incident, plan: Plan, key: str) -> Obligation:
    found = _obligation_or_none(incident, plan, key)
    if found is None:
        keys = ", ".join(o.key for o in obligations(incident, plan))
        of_the_plan = key in {*plan.audiences(), *(f"clock:{clock.id}" for clock in plan.regulatory)}
        raise (Conflict if of_the_plan else InvalidInput)(  # the plan's, but not owed for this incident (yet)
            f"{incident.ref} has no obligation {key!r}",
            allowed=f"one of: {keys or '(none yet: set a severity and facts)'}",
        )
    return found


def _obligation_or_none(incident: Incident, plan: Plan, key: str) -> Obligation | None:
    return next((o for o in obligations(incident, plan) if o.key == key), None)


# --- reading ------------------------------------------------------------------------------------------------------


def _draft_row(uow, incident: Incident, draft_id: str, *, for_update: bool = False):
    row = uow.comms.draft(draft_id, for_update=for_update)
    if row is None or row.incident_id != incident.id:
        raise NotFound(
            f"{incident.ref} has no draft {draft_id!r}",
            allowed=f"one of: {', '.join(r.id for r in uow.comms.drafts(incident.id)) or '(none yet)'}",
        )
    return row


def template_name(plan: Plan, row, version) -> str | None:
    """The template a draft was written from: recorded with its slots, else the one its obligation names now."""
    recorded = (version.slots or {}).get("template") if version is not None else None
    if recorded in plan.templates:
        return recorded
    name = AUDIENCE_TEMPLATES.get(row.audience)
    return name if name in plan.templates else None


def _template(plan: Plan, row, version) -> Template | None:
    name = template_name(plan, row, version)
    return plan.templates[name] if name else None


def draft_json(uow, row, plan: Plan, *, with_versions: bool = False) -> dict:
    versions = uow.comms.versions(row.id)
    current = versions[-1]
    template = _template(plan, row, current)
    stored = (current.slots or {}).get("values") or {}
    text = f"{current.subject}\n{current.body}"
    left = slots.unfinished(template, current.subject, current.body)
    approvals = [
        {"version": a.version, "role": a.role, "person": a.person, "approved_at": a.approved_at.isoformat()}
        for a in uow.comms.approvals(row.id)
    ]
    found = {
        "id": row.id,
        "obligation": row.obligation,
        "audience": row.audience,
        "state": row.state,
        "version": row.version,
        "subject": current.subject,
        "body": current.body,
        "text_hash": current.text_hash,
        "template": template_name(plan, row, current),
        "slots": [s.as_dict() for s in slots.states(template, text, stored)] if template else [],
        "finished": not left,
        "unfinished": left.details() if left else None,
        "approvals": approvals,
        "sent_version": row.sent_version,
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "sent_by": row.sent_by,
    }
    if with_versions:
        found["versions"] = [
            {
                "version": v.version,
                "subject": v.subject,
                "body": v.body,
                "text_hash": v.text_hash,
                "edited_at": v.edited_at.isoformat(),
                "edited_by": v.edited_by,
            }
            for v in versions
        ]
    return found


def get_draft(rt: Runtime, *, ref: str, draft_id: str) -> dict:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        return draft_json(uow, _draft_row(uow, incident, draft_id), plan, with_versions=True)


def list_drafts(rt: Runtime, *, ref: str) -> list[dict]:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        return [draft_json(uow, row, plan) for row in uow.comms.drafts(incident.id)]


# --- writing ------------------------------------------------------------------------------------------------------


def _add_version(uow, draft_id: str, number: int, subject: str, body: str, actor: str, now: datetime, kept: dict):
    uow.comms.add_version(
        {
            "draft_id": draft_id,
            "version": number,
            "subject": subject,
            "body": body,
            "text_hash": templates.text_hash(subject, body),
            "edited_at": now,
            "edited_by": actor,
            "slots": kept,
        }
    )


def create_draft(rt: Runtime, *, ref: str, obligation: str, actor: str, principal: Principal | None = None) -> dict:
    """A draft for `obligation` from its template: slots filled from the incident, its log and the plan's
    [organisation]; what nobody has written yet shows its slot's prompt."""
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        owed = _obligation(incident, plan, obligation)
        values = templates.context(incident, uow.incidents.log(incident), plan, owed, now)
        subject, body, filled = templates.render(plan, owed.template, values)
        number = uow.comms.next_number(incident.id)
        draft_id = f"{incident.ref}-D{number}"
        uow.comms.add_draft(
            {
                "id": draft_id,
                "incident_id": incident.id,
                "number": number,
                "obligation": owed.key,
                "audience": owed.audience,
                "version": 1,
                "state": "draft",
                "created_at": now,
                "created_by": actor,
            }
        )
        kept = {"template": owed.template, "given": {}, "values": filled, "rendered": True}
        _add_version(uow, draft_id, 1, subject, body, actor, now, kept)
        incident.record_draft(
            actor=actor, now=now, draft=draft_id, version=1, obligation=owed.key, subject=subject, action="drafted"
        )
    return get_draft(rt, ref=ref, draft_id=draft_id)


def _editable(uow, incident: Incident, draft_id: str, version: int):
    row = _draft_row(uow, incident, draft_id, for_update=True)
    if row.state != "draft":
        raise InvalidInput(
            f"{draft_id} was sent (version {row.sent_version}); its text is kept as sent",
            allowed="start a new draft for an update",
        )
    if version != row.version:
        raise PreconditionFailed(
            f"{draft_id} is at version {row.version}, not {version}",
            allowed="reload the draft and edit its current version",
        )
    return row


def _save_version(uow, incident: Incident, row, subject: str, body: str, kept: dict, *, actor, now, action) -> None:
    new = row.version + 1
    _add_version(uow, row.id, new, subject, body, actor, now, kept)
    if not uow.comms.set_version(row.id, old=row.version, new=new):
        raise PreconditionFailed(f"{row.id} changed meanwhile", allowed="reload the draft and try again")
    incident.record_draft(
        actor=actor, now=now, draft=row.id, version=new, obligation=row.obligation, subject=subject, action=action
    )


def edit_draft(
    rt: Runtime,
    *,
    ref: str,
    draft_id: str,
    subject: str,
    body: str,
    version: int,
    actor: str,
    principal: Principal | None = None,
) -> dict:
    """A new version of the draft's text; `version` is the one the editor saw (a stale edit is refused)."""
    subject, body = " ".join((subject or "").split()), (body or "").strip() + "\n"
    if not subject or not body.strip():
        raise InvalidInput("a draft needs a subject and a body")
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, now, uow = change.incident, change.now, change.uow
        row = _editable(uow, incident, draft_id, version)
        kept = dict(uow.comms.versions(draft_id)[-1].slots or {})
        kept["rendered"] = False  # written by hand: filling a slot now replaces its prompt in this text
        _save_version(uow, incident, row, subject, body, kept, actor=actor, now=now, action="edited")
    return get_draft(rt, ref=ref, draft_id=draft_id)


def fill_draft(
    rt: Runtime,
    *,
    ref: str,
    draft_id: str,
    version: int,
    values: dict[str, str],
    actor: str,
    principal: Principal | None = None,
) -> dict:
    """Fill slots by name: a new version. A draft nobody edited by hand is written again from its template with the
    incident as it is now (its customer facts, the moment's wording) and what people gave; in a text edited by
    hand each slot's prompt is replaced by its value. With no values, only the first applies (fill again)."""
    values = {name: (value or "").strip() for name, value in values.items()}
    too_long = sorted(name for name, value in values.items() if len(value) > MAX_SLOT_VALUE)
    if too_long:
        raise InvalidInput(
            f"the value of {', '.join(too_long)} is too long", allowed=f"at most {MAX_SLOT_VALUE} characters"
        )
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        row = _editable(uow, incident, draft_id, version)
        current = uow.comms.versions(draft_id)[-1]
        name = template_name(plan, row, current)
        template = plan.templates[name] if name else None
        if not name or template is None or not template.slots:
            raise InvalidInput(f"{draft_id} has no slots to fill", allowed="edit its text")
        unknown = [n for n in values if template.slot(n) is None]
        if unknown:
            raise InvalidInput(
                f"{draft_id} has no slot {', '.join(map(repr, unknown))}",
                allowed="one of: " + ", ".join(s.name for s in template.slots),
            )
        kept = dict(current.slots or {"template": name, "given": {}, "values": {}, "rendered": False})
        given = {**(kept.get("given") or {}), **{n: v for n, v in values.items() if v}}
        if kept.get("rendered"):
            owed = _obligation_or_none(incident, plan, row.obligation)
            context = templates.context(incident, uow.incidents.log(incident), plan, owed, now)
            subject, body, filled = templates.render(plan, name, context, given)
        else:
            subject, body = _fill_by_hand(draft_id, template, current, values)
            filled = {**(kept.get("values") or {}), **{n: v for n, v in values.items() if v}}
        if (subject, body) == (current.subject, current.body):
            raise Conflict(f"filling changed nothing in {draft_id}", allowed="a value for a slot it shows")
        kept.update(template=name, given=given, values=filled)
        _save_version(uow, incident, row, subject, body, kept, actor=actor, now=now, action="filled")
    return get_draft(rt, ref=ref, draft_id=draft_id)


def _fill_by_hand(draft_id: str, template: Template, current, values: dict[str, str]) -> tuple[str, str]:
    empty = [n for n, v in values.items() if not v]
    if not values or empty:
        raise InvalidInput(
            f"{draft_id} was edited by hand: say what to put in place of each prompt",
            allowed="a value for each slot named" + (f" (empty: {', '.join(empty)})" if empty else ""),
        )
    shown = f"{current.subject}\n{current.body}"
    gone = [n for n in values if (slot := template.slot(n)) is None or slot.prompt not in shown]  # all known here
    if gone:
        raise InvalidInput(
            f"{draft_id} was edited by hand and no longer shows the prompt of {', '.join(gone)}",
            allowed="edit its text to change what it says there",
        )
    return (
        " ".join(slots.fill_prompts(current.subject, template, values).split()),
        slots.fill_prompts(current.body, template, values),
    )


# --- approval -----------------------------------------------------------------------------------------------------


def _require_finished(plan: Plan, incident: Incident, row, current, doing: str) -> None:
    left = slots.unfinished(_template(plan, row, current), current.subject, current.body)
    if not left:
        return
    steps = [Step("fill_draft", f"fill the slots of {row.id}", {"ref": incident.ref, "draft": row.id})]
    facts = sorted({s.source_key for s in left.slots if s.source == "incident" and s.audience == "customer"})
    steps += [Step("customer_facts", f"write the {f.replace('_', ' ')}", {"ref": incident.ref}) for f in facts]
    settings = sorted({s.source_key for s in left.slots if s.source == "organisation"})
    raise TextUnfinished(
        f"{row.id} version {row.version} cannot be {doing}: it is not finished: {left.describe()}",
        allowed="fill each slot (a value in the draft"
        + (f", or set [organisation] {', '.join(settings)} in the plan" if settings else "")
        + ") and replace every bracketed prompt",
        details=left.details(),
        next=steps,
    )


def _holds(principal: Principal | None, role: str, incident_roles: dict[str, str]) -> bool:
    if principal is None:
        return True  # the local operator at the CLI
    return role in principal.roles or incident_roles.get(role) == principal.handle


def approve(
    rt: Runtime,
    *,
    ref: str,
    draft_id: str,
    version: int,
    actor: str,
    role: str | None = None,
    principal: Principal | None = None,
) -> dict:
    """Approve the exact text of one finished version, as one of the roles the obligation names."""
    with rt.changing(ref, action="log", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        row = _draft_row(uow, incident, draft_id, for_update=True)
        if row.state != "draft":
            raise InvalidInput(f"{draft_id} was already sent")
        if version != row.version:
            raise PreconditionFailed(
                f"{draft_id} is at version {row.version}, not {version}; approve the text you have read",
                allowed="reload the draft and approve its current version",
            )
        current = uow.comms.versions(draft_id)[-1]
        _require_finished(plan, incident, row, current, "approved")
        chosen = _approver_role(uow, incident, plan, row, version, actor=actor, role=role, principal=principal)
        uow.comms.add_approval(
            {
                "draft_id": draft_id,
                "version": version,
                "role": chosen,
                "person": actor,
                "text_hash": current.text_hash,
                "approved_at": now,
            }
        )
        incident.record_approval(
            actor=actor, now=now, draft=draft_id, version=version, role=chosen, text_hash=current.text_hash
        )
    return get_draft(rt, ref=ref, draft_id=draft_id)


def _approver_role(uow, incident, plan, row, version, *, actor, role, principal) -> str:
    owed = _obligation_or_none(incident, plan, row.obligation)
    required = list(owed.approvers) if owed else []
    if not required:
        raise InvalidInput(f"{row.id} ({row.obligation}) needs no approval", allowed="send it")
    done = {a.role for a in uow.comms.approvals(row.id) if a.version == version}
    roles = incident.current_roles()
    mine = [r for r in required if _holds(principal, r, roles)]
    if role is not None:
        if role not in required:
            raise InvalidInput(f"{role!r} does not approve {row.id}", allowed=f"one of: {', '.join(required)}")
        mine = [role] if role in mine else []
    if not mine:
        names = " or ".join(plan.role(r).name for r in required)
        raise Forbidden(
            f"{actor} may not approve {row.id}: the plan asks the {names} to approve it",
            allowed="hold that role on the incident (assign) or in your profile (people roles)",
            details={"required_roles": required},
        )
    pending = [r for r in mine if r not in done]
    if not pending:
        raise InvalidInput(f"{row.id} version {version} is already approved as {', '.join(mine)}")
    return pending[0]


# --- what goes out ------------------------------------------------------------------------------------------------


def recipients(
    uow, incident: Incident, plan: Plan, audience: str, *, obligation: Obligation | None = None
) -> list[str]:
    """Addresses for one audience: affected customers, the severity's notify list, or the plan's fixed ones."""
    delivery = plan.comms.audiences.get(audience)
    fixed = list(delivery.to) if delivery else []
    if audience == "customers":
        return sorted({c.email for c in uow.comms.customers(incident.id)} | set(fixed))
    if audience != "internal":
        return sorted(set(fixed))
    people, people_roles = contacts_of(uow)
    who = {"incident_roles": incident.current_roles(), "people": people, "people_roles": people_roles}
    group = obligation.recipients_group if obligation is not None else None
    return sorted(set(internal_recipients(plan, incident, who=who, only_group=group)) | set(fixed))


def _message_id(draft_id: str, version: int, channel: str, recipient: str = "") -> str:
    suffix = f":{hashlib.sha256(recipient.encode()).hexdigest()[:16]}" if recipient else ""
    return f"{batch_of(draft_id, version)}:{channel}{suffix}"


def _kind(audience: str) -> str:
    return {"customers": "customer_notification", "regulators": "regulator_notice", "public": "public_statement"}.get(
        audience, "internal_update"
    )


def _messages(uow, incident: Incident, plan: Plan, row, current, limit: int | None = None) -> tuple[list, int]:
    """Exactly what sending this version puts in the outbox (the first `limit` messages) and how many in all: one
    message per affected customer (no customer sees another's address), one per channel for everyone else."""
    owed = _obligation_or_none(incident, plan, row.obligation)
    delivery = plan.comms.audiences.get(row.audience)
    channels = list(delivery.channels) if delivery else []
    if not channels:
        raise InvalidInput(
            f"no channel delivers to {row.audience}",
            allowed=f"set [comms.audiences.{row.audience}] channels in the plan",
        )
    to = recipients(uow, incident, plan, row.audience, obligation=owed)
    found: list[OutboundMessage] = []
    total = 0
    for name in channels:
        channel = plan.notify.channel(name)
        by_email = channel is not None and channel.type == "smtp"
        if by_email and not to:
            customers = row.audience == "customers"
            raise Conflict(
                f"nobody to email for {row.audience}",
                allowed="import the affected customers"
                if customers
                else f"add addresses to [comms.audiences.{row.audience}] to, or staff the directory",
                next=[Step("import_customers", "import the affected customers", {"ref": incident.ref})]
                if customers
                else [],
            )
        batches = [[address] for address in to] if by_email and row.audience == "customers" else [to]
        total += len(batches)
        for batch in batches[: None if limit is None else max(0, limit - len(found))]:
            found.append(
                OutboundMessage(
                    id=_message_id(row.id, row.version, name, batch[0] if len(batches) > 1 else ""),
                    channel=name,
                    to=tuple(batch if by_email else ()),
                    subject=current.subject,
                    text=current.body,
                    kind=_kind(row.audience),
                    incident_id=incident.id,
                    incident_ref=incident.ref,
                    obligation_id=row.obligation,
                    batch=batch_of(row.id, row.version),
                    data={
                        "severity": incident.severity,
                        "stage": incident.stage,
                        "draft": row.id,
                        "version": row.version,
                        "audience": row.audience,
                    },
                )
            )
    return found, total


def _sender(plan: Plan, channel: str) -> str | None:
    config = plan.notify.channel(channel)
    if config is None or config.type != "smtp":
        return None
    try:
        return setting(config, "sender", os.environ, required=False)
    except PermanentFailure:
        return None


def preview(rt: Runtime, *, ref: str, draft_id: str, limit: int = PREVIEW_LIMIT) -> dict:
    """Exactly what each recipient would get if the current version were sent now (the first `limit` messages)."""
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        row = _draft_row(uow, incident, draft_id)
        current = uow.comms.versions(draft_id)[-1]
        found, total = _messages(uow, incident, plan, row, current, limit)
        left = slots.unfinished(_template(plan, row, current), current.subject, current.body)
    return {
        "draft": draft_id,
        "version": row.version,
        "finished": not left,
        "unfinished": left.details() if left else None,
        "total": total,
        "messages": [
            {
                "id": m.id,
                "channel": m.channel,
                "type": channel.type if (channel := plan.notify.channel(m.channel)) else None,
                "from": _sender(plan, m.channel),
                "to": list(m.to),
                "subject": m.subject,
                "text": m.text,
            }
            for m in found
        ],
    }


def send(rt: Runtime, *, ref: str, draft_id: str, actor: str, principal: Principal | None = None) -> dict:
    """Send the current version: refused while it is unfinished, and until every approver role of its obligation
    approved that exact text. Its obligation is met once every message is delivered."""
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        row = _draft_row(uow, incident, draft_id, for_update=True)
        if row.state != "draft":
            raise InvalidInput(
                f"{draft_id} was already sent (version {row.sent_version})", allowed="start a new draft for an update"
            )
        current = uow.comms.versions(draft_id)[-1]
        _require_finished(plan, incident, row, current, "sent")
        _require_approved(uow, incident, plan, row, current)
        outgoing, _total = _messages(uow, incident, plan, row, current)
        queued = [m.id for m in outgoing if enqueue(uow, m, now=now)]
        if not uow.comms.mark_sent(draft_id, version=row.version, at=now, by=actor):
            raise PreconditionFailed(f"{draft_id} changed meanwhile", allowed="reload the draft and try again")
        incident.record_communication(
            plan,
            audience=row.audience,
            obligation=row.obligation,
            actor=actor,
            now=now,
            summary=f"{draft_id} v{row.version}: {current.subject}",
            channel=",".join(dict.fromkeys(m.channel for m in outgoing)),
            message=draft_id,
            messages=len(outgoing),
        )
    found = get_draft(rt, ref=ref, draft_id=draft_id)
    found["queued"] = queued
    return found


def _require_approved(uow, incident: Incident, plan: Plan, row, current) -> None:
    owed = _obligation_or_none(incident, plan, row.obligation)
    approved = {
        a.role for a in uow.comms.approvals(row.id) if a.version == row.version and a.text_hash == current.text_hash
    }
    missing = [r for r in (owed.approvers if owed else ()) if r not in approved]
    if missing:
        names = " and ".join(plan.role(r).name for r in missing)
        raise GuardFailed(
            f"{row.id} version {row.version} needs the approval of the {names} before it is sent",
            allowed=f"approval of this version by the {names}",
            guard="approval",
            details={"required_roles": missing},
            next=[Step("approve_draft", f"approve {row.id} as the {names}", {"ref": incident.ref, "draft": row.id})],
        )
