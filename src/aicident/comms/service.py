"""Communications use cases: obligations, clock events, drafts, approvals, sending, affected customers.

Each is one transaction. Sending writes the outbox rows, the communication on the incident (which meets the
obligation) and the draft's sent state together; the notify workers deliver after commit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime

from aicident.auth.model import Principal
from aicident.comms import drafts as templates
from aicident.comms.model import Obligation, obligations
from aicident.comms.recipients import contacts_of, internal_recipients
from aicident.errors import Forbidden, GuardFailed, InvalidInput, NotFound, PreconditionFailed, Step
from aicident.incidents.model import Incident
from aicident.notify import service as notify
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan
from aicident.runtime import Runtime

EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_CUSTOMERS = 100_000


# --- obligations and clock events ---------------------------------------------------------------------------------


def obligations_view(rt: Runtime, *, ref: str) -> dict:
    """The incident's obligations, each with its drafts and the delivery state of what was sent for it."""
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        owed = obligations(incident, plan)
        drafts = [_draft_json(uow, row) for row in uow.comms.drafts(incident.id)]
    messages = notify.messages(rt, incident_id=incident.id, limit=1000)
    by_obligation: dict[str, list] = {}
    for message in messages:
        by_obligation.setdefault(message["obligation_id"], []).append(message)
    return {
        "ref": incident.ref,
        "obligations": [
            {
                **o.as_dict(),
                "drafts": [d for d in drafts if d["obligation"] == o.key],
                "deliveries": [_delivery(m) for m in by_obligation.get(o.key, [])],
            }
            for o in owed
        ],
    }


def _delivery(message: dict) -> dict:
    return {k: message.get(k) for k in ("id", "channel", "to", "state", "attempts", "last_error", "sent_at")}


def record_clock_event(
    rt: Runtime,
    *,
    ref: str,
    event: str,
    actor: str,
    at: datetime | None = None,
    reason: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Incident:
    """Record when an event that starts regulatory clocks happened (became aware, materiality determined, ...)."""
    with rt.changing(ref, action="facts", principal=principal, if_match=if_match) as change:
        incident, plan, now, _uow = change.incident, change.plan, change.now, change.uow
        incident.record_clock_event(plan, event, at=at or now, actor=actor, now=now, reason=reason)
    return incident


def _obligation(incident: Incident, plan: Plan, key: str) -> Obligation:
    found = _obligation_or_none(incident, plan, key)
    if found is None:
        keys = ", ".join(o.key for o in obligations(incident, plan))
        raise InvalidInput(
            f"{incident.ref} has no obligation {key!r}",
            allowed=f"one of: {keys or '(none yet: set a severity and facts)'}",
        )
    return found


def _obligation_or_none(incident: Incident, plan: Plan, key: str) -> Obligation | None:
    return next((o for o in obligations(incident, plan) if o.key == key), None)


# --- drafts -------------------------------------------------------------------------------------------------------


def _names(uow, plan: Plan) -> dict[str, str]:
    names = {p.id: p.name for p in plan.directory.people}
    names.update({row.handle: row.name for row in uow.people.all()})
    return names


def create_draft(rt: Runtime, *, ref: str, obligation: str, actor: str, principal: Principal | None = None) -> dict:
    """A draft for `obligation`, prefilled from its template, the incident and its log."""
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        owed = _obligation(incident, plan, obligation)
        values = templates.context(incident, uow.incidents.log(incident), plan, owed, now, people=_names(uow, plan))
        subject, body = templates.render(plan, owed.template, values)
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
        uow.comms.add_version(
            {
                "draft_id": draft_id,
                "version": 1,
                "subject": subject,
                "body": body,
                "text_hash": templates.text_hash(subject, body),
                "edited_at": now,
                "edited_by": actor,
            }
        )
        incident.record_draft(
            actor=actor, now=now, draft=draft_id, version=1, obligation=owed.key, subject=subject, action="drafted"
        )
    return get_draft(rt, ref=ref, draft_id=draft_id)


def get_draft(rt: Runtime, *, ref: str, draft_id: str) -> dict:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        row = _draft_row(uow, incident, draft_id)
        return _draft_json(uow, row, with_versions=True)


def list_drafts(rt: Runtime, *, ref: str) -> list[dict]:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        return [_draft_json(uow, row) for row in uow.comms.drafts(incident.id)]


def _draft_row(uow, incident: Incident, draft_id: str, *, for_update: bool = False):
    row = uow.comms.draft(draft_id, for_update=for_update)
    if row is None or row.incident_id != incident.id:
        raise NotFound(
            f"{incident.ref} has no draft {draft_id!r}",
            allowed=f"one of: {', '.join(r.id for r in uow.comms.drafts(incident.id)) or '(none yet)'}",
        )
    return row


def _draft_json(uow, row, *, with_versions: bool = False) -> dict:
    versions = uow.comms.versions(row.id)
    current = versions[-1]
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
        incident, _plan, now, uow = change.incident, change.plan, change.now, change.uow
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
        new = row.version + 1
        uow.comms.add_version(
            {
                "draft_id": draft_id,
                "version": new,
                "subject": subject,
                "body": body,
                "text_hash": templates.text_hash(subject, body),
                "edited_at": now,
                "edited_by": actor,
            }
        )
        if not uow.comms.set_version(draft_id, old=row.version, new=new):
            raise PreconditionFailed(f"{draft_id} changed meanwhile", allowed="reload the draft and try again")
        incident.record_draft(
            actor=actor,
            now=now,
            draft=draft_id,
            version=new,
            obligation=row.obligation,
            subject=subject,
            action="edited",
        )
    return get_draft(rt, ref=ref, draft_id=draft_id)


# --- approval -----------------------------------------------------------------------------------------------------


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
    """Approve the exact text of one version, as one of the roles the obligation names."""
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
        owed = _obligation_or_none(incident, plan, row.obligation)
        required = list(owed.approvers) if owed else []
        if not required:
            raise InvalidInput(f"{draft_id} ({row.obligation}) needs no approval", allowed="send it")
        done = {a.role for a in uow.comms.approvals(draft_id) if a.version == version}
        roles = incident.current_roles()
        mine = [r for r in required if _holds(principal, r, roles)]
        if role is not None:
            if role not in required:
                raise InvalidInput(f"{role!r} does not approve {draft_id}", allowed=f"one of: {', '.join(required)}")
            mine = [role] if role in mine else []
        if not mine:
            names = " or ".join(plan.role(r).name for r in required)
            raise Forbidden(
                f"{actor} may not approve {draft_id}: the plan asks the {names} to approve it",
                allowed="hold that role on the incident (assign) or in your profile (people roles)",
                details={"required_roles": required},
            )
        pending = [r for r in mine if r not in done]
        if not pending:
            raise InvalidInput(f"{draft_id} version {version} is already approved as {', '.join(mine)}")
        chosen = pending[0]
        text = uow.comms.versions(draft_id)[-1].text_hash
        uow.comms.add_approval(
            {
                "draft_id": draft_id,
                "version": version,
                "role": chosen,
                "person": actor,
                "text_hash": text,
                "approved_at": now,
            }
        )
        incident.record_approval(actor=actor, now=now, draft=draft_id, version=version, role=chosen, text_hash=text)
    return get_draft(rt, ref=ref, draft_id=draft_id)


# --- sending ------------------------------------------------------------------------------------------------------


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
    return f"{draft_id}:v{version}:{channel}{suffix}"


def send(rt: Runtime, *, ref: str, draft_id: str, actor: str, principal: Principal | None = None) -> dict:
    """Send the current version: refused until every approver role of its obligation approved that exact text."""
    with rt.changing(ref, action="communicate", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        row = _draft_row(uow, incident, draft_id, for_update=True)
        if row.state != "draft":
            raise InvalidInput(
                f"{draft_id} was already sent (version {row.sent_version})", allowed="start a new draft for an update"
            )
        owed = _obligation_or_none(incident, plan, row.obligation)
        current = uow.comms.versions(draft_id)[-1]
        approved = {
            a.role
            for a in uow.comms.approvals(draft_id)
            if a.version == row.version and a.text_hash == current.text_hash
        }
        missing = [r for r in (owed.approvers if owed else ()) if r not in approved]
        if missing:
            names = " and ".join(plan.role(r).name for r in missing)
            raise GuardFailed(
                f"{draft_id} version {row.version} needs the approval of the {names} before it is sent",
                allowed=f"approval of this version by the {names}",
                guard="approval",
                details={"required_roles": missing},
                next=[
                    Step(
                        "approve_draft", f"approve {draft_id} as the {names}", {"ref": incident.ref, "draft": draft_id}
                    )
                ],
            )
        delivery = plan.comms.audiences.get(row.audience)
        channels = list(delivery.channels) if delivery else []
        to = recipients(uow, incident, plan, row.audience, obligation=owed)
        if not channels:
            raise InvalidInput(
                f"no channel delivers to {row.audience}",
                allowed=f"set [comms.audiences.{row.audience}] channels in the plan",
            )
        queued = []
        for name in channels:
            channel = plan.notify.channel(name)
            by_email = channel is not None and channel.type == "smtp"
            if by_email and not to:
                raise InvalidInput(
                    f"nobody to email for {row.audience}",
                    allowed="import the affected customers"
                    if row.audience == "customers"
                    else f"add addresses to [comms.audiences.{row.audience}] to, or staff the directory",
                    next=[Step("import_customers", "import the affected customers", {"ref": incident.ref})]
                    if row.audience == "customers"
                    else [],
                )
            # Customers get one message each, so no customer sees another's address.
            batches = [[address] for address in to] if by_email and row.audience == "customers" else [to]
            for batch in batches:
                message = Message(
                    id=_message_id(draft_id, row.version, name, batch[0] if len(batches) > 1 else ""),
                    channel=name,
                    to=tuple(batch if by_email else ()),
                    subject=current.subject,
                    text=current.body,
                    kind=_kind(row.audience),
                    incident_id=incident.id,
                    incident_ref=incident.ref,
                    obligation_id=row.obligation,
                    data={
                        "severity": incident.severity,
                        "stage": incident.stage,
                        "draft": draft_id,
                        "version": row.version,
                        "audience": row.audience,
                    },
                )
                if enqueue(uow, message, now=now):
                    queued.append(message.id)
        if not uow.comms.mark_sent(draft_id, version=row.version, at=now, by=actor):
            raise PreconditionFailed(f"{draft_id} changed meanwhile", allowed="reload the draft and try again")
        incident.record_communication(
            plan,
            audience=row.audience,
            obligation=row.obligation,
            actor=actor,
            now=now,
            summary=f"{draft_id} v{row.version}: {current.subject}",
            channel=",".join(channels),
            message=draft_id,
        )
    found = get_draft(rt, ref=ref, draft_id=draft_id)
    found["queued"] = queued
    return found


def _kind(audience: str) -> str:
    return {"customers": "customer_notification", "regulators": "regulator_notice", "public": "public_statement"}.get(
        audience, "internal_update"
    )


# --- affected customers -------------------------------------------------------------------------------------------


def parse_customers_csv(text: str) -> list[dict]:
    """Rows of email (required), name and id; every bad line is named at once."""
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "email" not in [f.strip().lower() for f in reader.fieldnames]:
            raise InvalidInput(
                "the CSV needs a header row with an `email` column", allowed="columns: email (required), name, id"
            )
        rows = []
        for row in reader:
            rows.append({(k or "").strip().lower(): (v if isinstance(v, str) else "").strip() for k, v in row.items()})
    except csv.Error as error:
        raise InvalidInput(
            f"not a CSV file: {error} (line {reader.line_num})",
            allowed="comma-separated rows with a header row: email (required), name, id",
        ) from None
    return rows


def _clean_customers(rows: list[dict]) -> list[dict]:
    if len(rows) > MAX_CUSTOMERS:
        raise InvalidInput(f"{len(rows)} customers in one import", allowed=f"at most {MAX_CUSTOMERS}")
    problems, clean, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        email = str(row.get("email") or "").strip().lower()
        if not EMAIL.match(email):
            problems.append(f"row {number}: {email!r} is not an email address")
            continue
        if email in seen:
            continue
        seen.add(email)
        clean.append(
            {
                "email": email,
                "name": str(row.get("name") or "").strip()[:200],
                "customer_id": str(row.get("id") or row.get("customer_id") or "").strip()[:200],
            }
        )
    if problems:
        raise InvalidInput(
            "; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else ""),
            allowed="one valid email address per row; nothing was imported",
        )
    return clean


def import_customers(
    rt: Runtime, *, ref: str, rows: list[dict], actor: str, principal: Principal | None = None
) -> dict:
    """Record the customers an incident affected (idempotent by email); raises customers_affected to match."""
    clean = _clean_customers(rows)
    with rt.changing(ref, action="facts", principal=principal) as change:
        incident, plan, now, uow = change.incident, change.plan, change.now, change.uow
        added = uow.comms.add_customers(incident.id, clean, at=now, by=actor)
        total = len(uow.comms.customers(incident.id))
        if total > incident.facts.customers_affected:
            incident.set_facts(
                actor=actor,
                now=now,
                plan=plan,
                customers_affected=total,
                reason=f"{added} affected customer(s) imported",
            )
    return {"added": added, "total": total}


def list_customers(rt: Runtime, *, ref: str) -> list[dict]:
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        return [
            {
                "email": r.email,
                "name": r.name,
                "id": r.customer_id,
                "added_at": r.added_at.isoformat(),
                "added_by": r.added_by,
            }
            for r in uow.comms.customers(incident.id)
        ]
