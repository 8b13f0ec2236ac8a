"""Real-time internal updates: at a severity whose internal cadence is `real_time` (SEV-1 in the default plan),
every stage or severity change is broadcast to the severity's notify list in the transaction of the change, and
the on-call Incident Commander is paged (when the plan names a page channel) when an incident first gets it.

A quiet outbox: the changes to one incident within `[comms] coalesce_seconds` (60 by default) go out as one message
per channel, so each recipient gets one email listing them all. The first change queues the message held back for
that long; the next ones rewrite it while no worker has taken it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aicident.comms.recipients import contacts_of, internal_recipients
from aicident.incidents.changes import Event
from aicident.incidents.model import Incident
from aicident.incidents.present import as_text, words_of
from aicident.incidents.vocabulary import EntryType
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue

_BROADCAST = (EntryType.STAGE_CHANGE, EntryType.SEVERITY_CHANGE)


def _subject(incident: Incident, changes: list[str], latest: str) -> str:
    head = f"[{incident.severity}] {incident.ref} {incident.title}"
    return f"{head}: {latest}" if len(changes) == 1 else f"{head}: {len(changes)} changes, latest {latest}"


def _text(incident: Incident, changes: list[str]) -> str:
    lines = "\n".join(f"- {change}" for change in changes)
    commander = incident.current_roles().get("incident_commander", "unassigned")
    return (
        f"{incident.ref} {incident.title}\n{lines}\n"
        f"Now: {incident.severity}, stage {incident.stage}; Incident Commander: {commander}.\n"
    )


def on_change(event: Event) -> None:
    """Queue (or add to the held) update for a stage or severity change, and page the on-call Incident Commander when
    an incident first reaches a severity with a page channel."""
    incident, plan, entry, uow, now = event.incident, event.plan, event.entry, event.uow, event.now
    if incident.severity is None or entry.type not in _BROADCAST:
        return
    cell = plan.communications.get(incident.severity, {}).get("internal")
    if cell is None or cell.cadence != "real_time":
        return
    people, people_roles = contacts_of(uow)
    who = {"incident_roles": incident.current_roles(), "people": people, "people_roles": people_roles}
    to = internal_recipients(plan, incident, who=who)
    delivery = plan.comms.audiences.get("internal")
    what = as_text(entry.record, words_of(plan))
    change = f"{entry.at.astimezone(UTC).strftime('%H:%M:%S UTC')} {what}, by {entry.actor}"
    window = timedelta(seconds=plan.comms.coalesce_seconds)
    for name in delivery.channels if delivery else []:
        channel = plan.notify.channel(name)
        if channel is None or (channel.type == "smtp" and not to):
            continue
        recipients = tuple(to if channel.type == "smtp" else ())
        if window and _add_to_held(uow, incident, name, recipients, change, what, entry.seq, now):
            continue
        enqueue(
            uow,
            Message(
                id=f"{incident.id}:broadcast:{entry.seq}:{name}",
                channel=name,
                to=recipients,
                subject=_subject(incident, [change], what),
                text=_text(incident, [change]),
                kind="internal_update",
                incident_id=incident.id,
                incident_ref=incident.ref,
                obligation_id="internal",
                data={
                    "severity": incident.severity,
                    "stage": incident.stage,
                    "broadcast": [entry.seq],
                    "changes": [change],
                },
            ),
            now=now,
            not_before=now + window,
        )
    if entry.type == EntryType.SEVERITY_CHANGE and plan.comms.page_channel and entry.data["new"] == incident.severity:
        page = Message(
            id=f"{incident.id}:page:{incident.severity}",
            channel=plan.comms.page_channel,
            to=(),
            subject=f"[{incident.severity}] {incident.ref} {incident.title}",
            text=f"{what}. Incident Commander needed now.",
            kind="page",
            incident_id=incident.id,
            incident_ref=incident.ref,
            data={"severity": incident.severity, "stage": incident.stage},
        )
        enqueue(uow, page, now=now)


def _add_to_held(
    uow, incident: Incident, channel: str, recipients: tuple[str, ...], change: str, what: str, seq: int, now: datetime
) -> bool:
    """Add `change` to the update about `incident` still held back on `channel`; False when there is none (or a
    worker took it meanwhile), and a new one is queued."""
    held = uow.outbox.held(incident_id=incident.id, channel=channel, id_prefix=f"{incident.id}:broadcast:", now=now)
    if held is None:
        return False
    data = dict(held.data or {})
    changes = [*data.get("changes", []), change]
    data.update(
        severity=incident.severity,
        stage=incident.stage,
        broadcast=[*data.get("broadcast", []), seq],
        changes=changes,
    )
    return uow.outbox.rewrite_held(
        held.id,
        now=now,
        recipients=sorted(set(held.recipients) | set(recipients)) if recipients else list(held.recipients),
        subject=_subject(incident, changes, what),
        body=_text(incident, changes),
        data=data,
    )
