"""The one way an incident changes.

A use case opens `changing(...)`: the incident is loaded and locked, If-Match and the plan's permission are checked,
and the caller changes it through the aggregate's methods, each of which records a typed log entry (the domain
event). When the unit of work commits, `publish` collects the new entries of every incident it loaded for change or
added, runs their handlers (looked up by entry type in one table: broadcasts, outbox rows, metrics...), saves the
incident with its log entries and keeps its deadline rows in step, all in the same transaction. No other code saves
an incident, so a rule added here holds for the API, the CLI, the web UI, signals and the workers alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from aicident.auth.model import Principal, authorize
from aicident.errors import PreconditionFailed, Step
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import Incident, LogEntry
from aicident.incidents.vocabulary import EntryType
from aicident.metrics import Counters
from aicident.plan.schema import Plan

if TYPE_CHECKING:
    from aicident.runtime import Runtime
    from aicident.store.uow import UnitOfWork

EVERY_ENTRY = "*"  # the key of handlers that run for every entry, whatever its type

# Entries that change nothing a deadline is derived from (they only append to the log): a change made of these alone
# leaves the deadline rows as they are, and saves reading them back (signals append such entries on the hot path).
CLOCK_NEUTRAL = frozenset({EntryType.SIGNAL, EntryType.SIGNAL_SUMMARY})


@dataclass(frozen=True)
class Event:
    """A log entry just recorded on an incident, with what its handlers need; all in the open transaction."""

    uow: UnitOfWork
    incident: Incident
    plan: Plan
    entry: LogEntry
    now: datetime
    counters: Counters


Handler = Callable[[Event], None]
Handlers = Mapping[EntryType | str, Sequence[Handler]]


@dataclass(frozen=True)
class Change:
    """An incident being changed: the aggregate, the plan it runs under, the time, the open unit of work."""

    incident: Incident
    plan: Plan
    now: datetime
    uow: UnitOfWork


@contextmanager
def changing(
    rt: Runtime,
    ref: str | None = None,
    *,
    action: str | None,
    principal: Principal | None = None,
    if_match: int | None = None,
    incident_id: str | None = None,
    uow: UnitOfWork | None = None,
) -> Iterator[Change]:
    """Load the incident (`ref` or `incident_id`) locked for change, check If-Match (the version the caller saw) and
    that the plan lets `principal` take `action` (None: a step of aicident's own), and yield it to be changed. It is
    saved with every consequence when the unit of work commits: the caller's `uow`, or one opened here."""
    with nullcontext(uow) if uow is not None else rt.uow() as work:
        if ref is not None:
            incident = work.incidents.get(ref, for_update=True)
        elif incident_id is not None:
            incident = work.incidents.get_by_id(incident_id, for_update=True)
        else:
            raise TypeError("changing() needs the incident's ref or id")
        if if_match is not None and if_match != incident.version:
            raise PreconditionFailed(
                f"{incident.ref} is at version {incident.version}, not {if_match}",
                allowed="GET it again and send its current ETag in If-Match",
                next=[Step("reload", "read the incident again", {"ref": incident.ref})],
            )
        plan = rt.plan_of(incident.plan_version, work)
        if action is not None:
            authorize(plan, principal, action, incident.current_roles())
        yield Change(incident, plan, rt.clock(), work)


def publish(
    uow: UnitOfWork,
    *,
    plan_of: Callable[[str, UnitOfWork], Plan],
    handlers: Handlers,
    clock: Callable[[], datetime],
    counters: Counters,
) -> None:
    """Run the consequences of every change recorded on the incidents `uow` loaded for change or added, and save
    them. Handlers may record further entries (a reminder logs that it went out); those are handled too."""
    every = handlers.get(EVERY_ENTRY, ())
    while pending := [incident for incident in uow.incidents.changing() if incident.new_entries]:
        for incident in pending:  # a handler may change another incident: the loop comes back for it
            plan = plan_of(incident.plan_version, uow)
            now = clock()
            handled = 0
            moves_clocks = False
            while handled < len(incident.new_entries):
                entry = incident.new_entries[handled]
                handled += 1
                moves_clocks = moves_clocks or entry.type not in CLOCK_NEUTRAL
                event = Event(uow, incident, plan, entry, now, counters)
                for handler in (*handlers.get(entry.type, ()), *every):
                    handler(event)
            uow.incidents.save(incident, now)
            if moves_clocks:
                uow.incidents.sync_deadlines(incident, incident_deadlines(incident, plan))
