"""The incident log as the aggregate writes it: the entry as stored, the change decorators and input checks every
change of an incident goes through, and the changes that only append to the log (notes, evidence, action items,
signals, drafts, approvals, reminders, breaches). Pure rules, no I/O, `now` passed in.

`LogMixin` is a part of `aicident.incidents.model.Incident` (the one dataclass that holds the state); it adds no
fields, and declares what it reads of the incident for the type checker only.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from aicident.audit.chain import entry_hash, timestamp
from aicident.errors import Conflict, InvalidInput, Step
from aicident.incidents import entries
from aicident.incidents.entries import (
    RECORDS,
    Approval,
    DeadlineBreached,
    Draft,
    Entry,
    Reminder,
    Signal,
    SignalSummary,
)
from aicident.incidents.vocabulary import EntryType, Status

if TYPE_CHECKING:
    from aicident.incidents.model import Incident


def _text(value: str | None, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


def _choice(value: str, allowed: list[str] | tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
    return value


_Change = TypeVar("_Change", bound=Callable[..., Any])


def _atomic(method: _Change) -> _Change:
    """A change either completes (state and log entry) or leaves the incident exactly as it was."""

    @functools.wraps(method)
    def change(self: Incident, *args: Any, **kwargs: Any) -> Any:
        _text(kwargs.get("actor"), "actor")
        # Log entries are immutable, so the list of new ones is copied shallowly; a batch of signals appends many.
        entries = self.__dict__["new_entries"]
        before = copy.deepcopy({k: v for k, v in self.__dict__.items() if k != "new_entries"})
        before["new_entries"] = list(entries)
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    return cast(_Change, change)


def _appends_only(method: _Change) -> _Change:
    """For changes that only append to the log: checking the actor first is all it takes to be atomic."""

    @functools.wraps(method)
    def change(self: Incident, *args: Any, **kwargs: Any) -> Any:
        _text(kwargs.get("actor"), "actor")
        return method(self, *args, **kwargs)

    return cast(_Change, change)


@dataclass(frozen=True)
class LogEntry:
    """One entry of the incident log as stored: `data` is what the hash covers, `record` its typed reading."""

    seq: int
    at: datetime
    actor: str
    type: EntryType
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @functools.cached_property
    def record(self) -> Entry:
        """The entry's record, parsed from its data the first time it is asked for."""
        return entries.parse(str(self.type), self.data)

    @staticmethod
    def payload_of(
        incident_id: str, seq: int, at: datetime, actor: str, type: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "incident": incident_id,
            "seq": seq,
            "at": timestamp(at),
            "actor": actor,
            "type": str(type),
            "data": data,
        }

    def payload(self, incident_id: str) -> dict[str, Any]:
        """What the hash covers."""
        return self.payload_of(incident_id, self.seq, self.at, self.actor, self.type, self.data)


class LogMixin:
    """Appending to the log: the typed, hash chained entry of each change, and the entries that change no state."""

    if TYPE_CHECKING:
        id: str
        ref: str
        status: Status
        log_count: int
        last_hash: str
        new_entries: list[LogEntry]

    # --- the rest of the log --------------------------------------------------------------------------------

    @_atomic
    def add_entry(self, type: EntryType | str, *, text: str, actor: str, now: datetime, **data: Any) -> None:
        """Notes, evidence and action items: entries that change no state."""
        kind = EntryType(_choice(str(type), ["note", "evidence", "action_item"], "log entry type"))
        if data.get("section") is not None:
            _choice(str(data["section"]), ["went_well", "went_wrong"], "report section of a note")
            if kind != EntryType.NOTE:
                raise InvalidInput("only a note can be an observation for the report", allowed="--type note")
        # Follow-ups outlive the incident: one that is done or dropped after the close is still logged.
        follow_up_closed = kind == EntryType.ACTION_ITEM and data.get("item") and data.get("status") != "open"
        if self.status == Status.CLOSED and kind != EntryType.NOTE and not follow_up_closed:
            raise InvalidInput(
                f"{self.ref} is closed; only notes (and follow-ups done or dropped) can be added",
                allowed="reopen it first",
            )
        record: Callable[..., Entry] = RECORDS[kind]  # a note, evidence or an action item: each has a text
        self._log(actor, now, record(text=_text(text, "entry text"), **{k: v for k, v in data.items() if v}))

    @_appends_only
    def record_signal(
        self,
        *,
        actor: str,
        now: datetime,
        signal_id: str,
        integration: str,
        action: str,
        occurrence: int,
        title: str,
        dedup_key: str,
    ) -> None:
        """A monitoring alert, customer report or detector finding about this incident: counted, never a new
        incident. A closed incident still counts occurrences (a person decides whether to reopen)."""
        self._log(
            actor,
            now,
            Signal(
                signal=signal_id,
                integration=integration,
                action=action,
                occurrence=occurrence,
                title=title,
                dedup_key=dedup_key,
            ),
        )

    @_appends_only
    def record_signal_summary(
        self,
        *,
        actor: str,
        now: datetime,
        signal_id: str,
        integration: str,
        title: str,
        first: int,
        last: int,
        since: datetime,
    ) -> None:
        """Repeats of a signal since its previous entry, summed up in one entry instead of one entry each."""
        if not 1 <= first <= last:
            raise InvalidInput(f"occurrences {first} to {last} are not a range of repeats")
        self._log(
            actor,
            now,
            SignalSummary(
                signal=signal_id, integration=integration, title=title, first=first, last=last, since=timestamp(since)
            ),
        )

    @_appends_only
    def record_draft(
        self, *, actor: str, now: datetime, draft: str, version: int, obligation: str, subject: str, action: str
    ) -> None:
        """A communication drafted or edited (the text itself is kept, versioned, with the draft)."""
        self._log(
            actor, now, Draft(draft=draft, version=version, obligation=obligation, subject=subject, action=action)
        )

    @_appends_only
    def record_approval(
        self, *, actor: str, now: datetime, draft: str, version: int, role: str, text_hash: str
    ) -> None:
        """An approver signed off the exact text of one version of a draft."""
        self._log(actor, now, Approval(draft=draft, version=version, role=role, text_hash=text_hash))

    @_appends_only
    def record_reminder(self, *, actor: str, now: datetime, kind: str, about: str, to: list[str]) -> None:
        """A nudge or an escalation went out."""
        self._log(actor, now, Reminder(reminder=kind, about=about, to=to))

    @_appends_only
    def record_breach(self, *, actor: str, now: datetime, kind: str, label: str, due_at: datetime) -> None:
        """A deadline passed unmet: said once in the log, for the review to find."""
        self._log(actor, now, DeadlineBreached(deadline=kind, label=label, due_at=timestamp(due_at)))

    def _require_not_closed(self, what: str) -> None:
        if self.status == Status.CLOSED:
            raise Conflict(
                f"{self.ref} is closed; cannot {what}",
                allowed="reopen it first",
                next=[Step("reopen", "reopen the incident", {"ref": self.ref})],
            )

    def _log(self, actor: str, now: datetime, record: Entry) -> LogEntry:
        """Append a typed entry: the domain event of this change, hash chained to the entry before it."""
        actor = _text(actor, "actor")
        seq = self.log_count + 1
        data = record.to_data()
        payload = LogEntry.payload_of(self.id, seq, now, actor, record.TYPE, data)
        entry = LogEntry(
            seq=seq,
            at=now,
            actor=actor,
            type=record.TYPE,
            data=data,
            prev_hash=self.last_hash,
            hash=entry_hash(self.last_hash, payload),
        )
        entry.__dict__["record"] = record  # already typed: no need to parse it back
        self.new_entries.append(entry)
        self.log_count = seq
        self.last_hash = entry.hash
        return entry
