"""The incident log's entry types: one frozen dataclass each, the domain events of the incident (pure).

An entry is stored as its type name and a JSON object (`data`), hash chained with the others; it is parsed into its
record class once, when read. Each record says how it reads (`phrase`): a sequence of words and terms that the
presenters of `incidents.present` turn into plain text, HTML or Markdown. A new entry type is one class here.

Fields marked `optional()` are left out of the stored object when empty, so an entry stores what its older
versions stored and the hash of an entry written today covers exactly what it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar

from aicident.incidents.vocabulary import EntryType

_OMIT = "omit_when_empty"


def optional(default: Any = None) -> Any:
    """A field stored only when it has a value."""
    if isinstance(default, list | dict):
        return field(default_factory=type(default), metadata={_OMIT: True})
    return field(default=default, metadata={_OMIT: True})


@dataclass(frozen=True)
class Term:
    """A part of a phrase that presenters set apart: a value of the plan (`value`), a person (`person`), text a
    person wrote (`quote`), a web address (`link`) or a moment (`time`, ISO 8601 with its offset)."""

    text: str
    kind: str = "value"


Phrase = tuple[str | Term, ...]


@dataclass(frozen=True)
class Words:
    """The plan's names for what entries mention (role ids to role names and so on)."""

    roles: Mapping[str, str] = field(default_factory=dict)
    stages: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)

    def role(self, role_id: str | None) -> str:
        return self.roles.get(role_id or "", role_id or "")

    def stage(self, stage_id: str | None) -> str:
        return self.stages.get(stage_id or "", stage_id or "")

    def category(self, category_id: str | None) -> str:
        return self.categories.get(category_id or "", category_id or "")


def _value(text: object) -> Term:
    return Term(str(text), "value")


def _person(text: object) -> Term:
    return Term(str(text), "person")


def _quote(text: object) -> Term:
    return Term(str(text), "quote")


def _time(iso: str) -> Term:
    return Term(iso, "time")


def _because(reason: str | None) -> Phrase:
    return (": ", _quote(reason)) if reason else ()


RECORDS: dict[EntryType, type[Entry]] = {}


@dataclass(frozen=True)
class Entry:
    """The base of every entry record; a subclass that names its `TYPE` is the record of that type."""

    TYPE: ClassVar[EntryType]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TYPE" in cls.__dict__:
            RECORDS[cls.TYPE] = cls

    def to_data(self) -> dict[str, Any]:
        """What is stored (and hashed) for this entry."""
        data: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.metadata.get(_OMIT) and value in (None, "", [], {}):
                continue
            data[spec.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Entry:
        """The record of a stored entry; keys the class does not know are left in the stored data only."""
        known = {spec.name for spec in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        for spec in fields(cls):
            if spec.name not in values and spec.default is MISSING and spec.default_factory is MISSING:
                values[spec.name] = None  # an older entry without the field
        return cls(**values)

    def phrase(self, words: Words) -> Phrase:
        raise NotImplementedError


# --- declaring, triage and the workflow -----------------------------------------------------------------------


@dataclass(frozen=True)
class Declared(Entry):
    TYPE = EntryType.DECLARED
    title: str
    category: str
    source: str
    stage: str
    detected_at: str
    became_aware_at: str
    ai_system: dict[str, Any]
    facts: dict[str, Any]

    def phrase(self, words: Words) -> Phrase:
        source = (self.source or "").replace("_", " ")
        category = _value(words.category(self.category))
        return ("Declared “", _quote(self.title), "” (", category, ", from ", source, ")")


@dataclass(frozen=True)
class StageChange(Entry):
    TYPE = EntryType.STAGE_CHANGE
    old: str
    new: str
    reason: str = ""

    def phrase(self, words: Words) -> Phrase:
        return ("Stage ", _value(words.stage(self.old)), " → ", _value(words.stage(self.new)), *_because(self.reason))


@dataclass(frozen=True)
class SeverityChange(Entry):
    TYPE = EntryType.SEVERITY_CHANGE
    old: str | None
    new: str
    direction: str
    reason: str = ""
    obligations: list[dict[str, Any]] = optional([])

    def phrase(self, words: Words) -> Phrase:
        return (
            "Severity ",
            _value(self.old or "none"),
            " → ",
            _value(self.new),
            f" ({self.direction})",
            *_because(self.reason),
        )


@dataclass(frozen=True)
class RoleChange(Entry):
    TYPE = EntryType.ROLE_CHANGE
    role: str
    old: str | None
    new: str

    def phrase(self, words: Words) -> Phrase:
        was: Phrase = (" (was ", _person(self.old), ")") if self.old else ()
        return (_person(self.new), " is ", _value(words.role(self.role)), *was)


@dataclass(frozen=True)
class FactChange(Entry):
    TYPE = EntryType.FACT_CHANGE
    changes: dict[str, Any]
    reason: str = ""
    clock_events: dict[str, str] = optional({})
    obligations: list[dict[str, Any]] = optional([])

    def phrase(self, words: Words) -> Phrase:
        parts: list[str | Term] = ["Facts: "]
        for index, (name, change) in enumerate((self.changes or {}).items()):
            if index:
                parts.append(", ")
            old, new = (change.get("old"), change.get("new")) if isinstance(change, dict) else (None, change)
            parts += [name.replace("_", " "), " ", _value(_fact(old)), " → ", _value(_fact(new))]
        return (*parts, *_because(self.reason))


def _fact(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class ClockEvent(Entry):
    TYPE = EntryType.CLOCK_EVENT
    event: str
    at: str
    old: str | None = None
    reason: str = ""
    obligations: list[dict[str, Any]] = optional([])

    def phrase(self, words: Words) -> Phrase:
        return ("Clock event ", _value(self.event.replace("_", " ")), " at ", _time(self.at), *_because(self.reason))


@dataclass(frozen=True)
class ContainmentAction(Entry):
    """A containment action (`kind` manual or control), or the decision that none is needed."""

    TYPE = EntryType.CONTAINMENT_ACTION
    action: str | None
    kind: str | None = optional()
    none_needed: str | None = optional()
    feature: str | None = optional()
    control: str | None = optional()
    reason: str | None = optional()
    change: str | None = optional()

    def phrase(self, words: Words) -> Phrase:
        if not self.action:
            return ("No containment needed: ", _quote(self.none_needed or ""))
        why: Phrase = (" · why: ", _quote(self.reason)) if self.reason else ()
        return ("Containment: ", _quote(self.action), *why)


@dataclass(frozen=True)
class RootCause(Entry):
    TYPE = EntryType.ROOT_CAUSE
    layer: str
    description: str

    def phrase(self, words: Words) -> Phrase:
        return ("Root cause (", _value(self.layer), "): ", _quote(self.description))


@dataclass(frozen=True)
class Resolution(Entry):
    TYPE = EntryType.RESOLUTION
    summary: str

    def phrase(self, words: Words) -> Phrase:
        return ("Resolved: ", _quote(self.summary))


@dataclass(frozen=True)
class Communication(Entry):
    TYPE = EntryType.COMMUNICATION
    audience: str
    obligation: str
    summary: str
    channel: str = ""
    message: str | None = optional()

    def phrase(self, words: Words) -> Phrase:
        return ("Communicated to ", _value(self.audience), ": ", _quote(self.summary))


@dataclass(frozen=True)
class CommunicationWaived(Entry):
    TYPE = EntryType.COMMUNICATION_WAIVED
    audience: str
    reason: str

    def phrase(self, words: Words) -> Phrase:
        return ("Communication to ", _value(self.audience), " waived: ", _quote(self.reason))


@dataclass(frozen=True)
class Report(Entry):
    TYPE = EntryType.REPORT
    location: str
    summary: str = ""
    version: int | None = optional()

    def phrase(self, words: Words) -> Phrase:
        return ("Post-incident report recorded (", _value(self.location), ")")


@dataclass(frozen=True)
class Review(Entry):
    TYPE = EntryType.REVIEW
    attendees: list[str]
    summary: str
    decisions: list[str] = optional([])
    follow_ups: list[str] = optional([])

    def phrase(self, words: Words) -> Phrase:
        return ("Review with ", _person(", ".join(self.attendees or [])), ": ", _quote(self.summary))


@dataclass(frozen=True)
class Closed(Entry):
    TYPE = EntryType.CLOSED

    def phrase(self, words: Words) -> Phrase:
        return ("Closed",)


@dataclass(frozen=True)
class Reopened(Entry):
    TYPE = EntryType.REOPENED
    reason: str
    old: dict[str, str]
    stage: str

    def phrase(self, words: Words) -> Phrase:
        return ("Reopened in ", _value(words.stage(self.stage)), ": ", _quote(self.reason))


# --- what people add to the log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written(Entry):
    """Text a person adds: a note, evidence or an action item, with what it is about."""

    text: str
    owner: str | None = optional()
    due: str | None = optional()
    link: str | None = optional()
    section: str | None = optional()
    item: str | None = optional()
    kind: str | None = optional()
    status: str | None = optional()
    change: str | None = optional()
    reason: str | None = optional()
    origin: str | None = optional()

    def phrase(self, words: Words) -> Phrase:
        extra: list[str | Term] = []
        if self.owner:
            extra += [" · owner ", _person(self.owner)]
        if self.due:
            extra += [" · due ", _value(self.due)]
        if self.link:
            extra += [" · ", Term(self.link, "link")]
        return (_quote(self.text), *extra)


@dataclass(frozen=True)
class Note(_Written):
    TYPE = EntryType.NOTE


@dataclass(frozen=True)
class Evidence(_Written):
    TYPE = EntryType.EVIDENCE


@dataclass(frozen=True)
class ActionItem(_Written):
    TYPE = EntryType.ACTION_ITEM


# --- what aicident records itself ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal(Entry):
    TYPE = EntryType.SIGNAL
    signal: str
    integration: str
    action: str
    occurrence: int
    title: str
    dedup_key: str

    def phrase(self, words: Words) -> Phrase:
        action = {"refire": "fired again"}.get(self.action, self.action)
        return (
            "Signal from ",
            _value(self.integration),
            f" ({action}, #{self.occurrence}): ",
            _quote(self.title),
        )


@dataclass(frozen=True)
class SignalSummary(Entry):
    """Repeats of a signal, summed up: occurrences `first` to `last` since the signal's previous entry."""

    TYPE = EntryType.SIGNAL_SUMMARY
    signal: str
    integration: str
    title: str
    first: int
    last: int
    since: str

    def phrase(self, words: Words) -> Phrase:
        count = self.last - self.first + 1
        return (
            f"{count:,} more occurrence{'s' if count != 1 else ''} of ",
            _quote(self.title),
            " since ",
            _time(self.since),
            " (from ",
            _value(self.integration),
            f", #{self.last} in all)",
        )


@dataclass(frozen=True)
class DeadlineBreached(Entry):
    TYPE = EntryType.DEADLINE_BREACHED
    deadline: str
    label: str
    due_at: str

    def phrase(self, words: Words) -> Phrase:
        return ("Deadline missed: ", _value(self.label))


@dataclass(frozen=True)
class Draft(Entry):
    TYPE = EntryType.DRAFT
    draft: str
    version: int
    obligation: str
    subject: str
    action: str

    def phrase(self, words: Words) -> Phrase:
        return (
            "Draft ",
            _value(self.draft),
            f" version {self.version} {self.action} for ",
            _value(self.obligation),
            ": ",
            _quote(self.subject),
        )


@dataclass(frozen=True)
class Approval(Entry):
    TYPE = EntryType.APPROVAL
    draft: str
    version: int
    role: str
    text_hash: str

    def phrase(self, words: Words) -> Phrase:
        return ("Draft ", _value(self.draft), f" version {self.version} approved as ", _value(words.role(self.role)))


@dataclass(frozen=True)
class Reminder(Entry):
    TYPE = EntryType.REMINDER
    reminder: str
    about: str
    to: list[str]

    def phrase(self, words: Words) -> Phrase:
        to: Phrase = (" to ", _person(", ".join(self.to))) if self.to else ()
        return (f"Reminder ({self.reminder}) about ", _quote(self.about), *to)


def parse(type_: str, data: Mapping[str, Any]) -> Entry:
    """The record of a stored entry."""
    return RECORDS[EntryType(type_)].from_data(data)
