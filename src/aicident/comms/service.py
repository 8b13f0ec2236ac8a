"""Communications use cases: obligations, clock events, affected customers; drafts, approvals and sending are in
`comms.drafting` (and answer here too, for the interfaces that call them).

Each is one transaction. Sending writes the outbox rows, the communication on the incident and the draft's sent state
together; the notify workers deliver after commit, and the communication meets its obligation once every message is
delivered.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from aicident.auth.model import Principal
from aicident.comms.delivery import batch_of
from aicident.comms.drafting import (  # noqa: F401 - the draft use cases answer here too
    PREVIEW_LIMIT,
    approve,
    create_draft,
    draft_json,
    edit_draft,
    fill_draft,
    get_draft,
    list_drafts,
    preview,
    recipients,
    send,
)
from aicident.comms.model import ObligationState, obligations
from aicident.errors import InvalidInput
from aicident.incidents.model import Incident
from aicident.notify import service as notify
from aicident.runtime import Runtime

EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_CUSTOMERS = 100_000


# --- obligations and clock events ---------------------------------------------------------------------------------


def obligations_view(rt: Runtime, *, ref: str) -> dict:
    """The incident's obligations, each with its drafts and the delivery state of what was sent for it."""
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        plan = rt.plan_of(incident.plan_version, uow)
        owed = [o.as_dict() for o in obligations(incident, plan)]
        rows = uow.comms.drafts(incident.id)
        drafts = [draft_json(uow, row, plan) for row in rows]
        sent_versions = {row.id: row.sent_version for row in rows}
        for obligation in owed:
            _count_delivered(uow, obligation, sent_versions)
    messages = notify.messages(rt, incident_id=incident.id, limit=1000)
    by_obligation: dict[str, list] = {}
    for message in messages:
        by_obligation.setdefault(message["obligation_id"], []).append(message)
    return {
        "ref": incident.ref,
        "obligations": [
            {
                **o,
                "drafts": [d for d in drafts if d["obligation"] == o["key"]],
                "deliveries": [_delivery(m) for m in by_obligation.get(o["key"], [])],
            }
            for o in owed
        ],
    }


def _count_delivered(uow, obligation: dict, sent_versions: dict[str, int | None]) -> None:
    """Say how far the delivery of a sending (or at-risk) obligation's communication has come: n of m delivered."""
    delivery = obligation.get("delivery")
    version = sent_versions.get(delivery.get("draft")) if delivery else None
    if not delivery or version is None:
        return
    delivery["delivered"] = uow.outbox.count_sent(batch_of(delivery["draft"], version))
    done = f"{delivery['delivered']} of {delivery['messages']} delivered"
    failed = (delivery.get("failed") or {}).get("reason")
    if obligation["state"] == ObligationState.AT_RISK:
        obligation["status"] = f"at risk ({done}; a message failed" + (f": {failed})" if failed else ")")
    else:
        obligation["status"] = f"sending ({done})"


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
