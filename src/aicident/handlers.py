"""What follows from each change to an incident: the table the change path (`incidents.changes.publish`) looks
handlers up in, by log-entry type. A rule that must hold whichever interface made the change belongs here."""

from __future__ import annotations

from aicident.comms import broadcast, delivery
from aicident.incidents.changes import EVERY_ENTRY, Event, Handler
from aicident.incidents.vocabulary import EntryType
from aicident.slack import handler as slack
from aicident.web import live


def count_change(event: Event) -> None:
    """aicident_incident_changes_total by entry type, counted once the change is committed."""
    kind = str(event.entry.type)
    event.uow.after_commit(lambda: event.counters.inc("aicident_incident_changes_total", type=kind))


def default_handlers() -> dict[EntryType | str, list[Handler]]:
    """A fresh table (a runtime may add to its own copy, as tests do)."""
    return {
        EntryType.STAGE_CHANGE: [broadcast.on_change],
        EntryType.SEVERITY_CHANGE: [broadcast.on_change],
        EntryType.DELIVERY: [delivery.on_delivery],
        EVERY_ENTRY: [count_change, slack.on_change, live.on_change],
    }
