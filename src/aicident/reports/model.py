"""The post-incident report of the plan's Section 7, filled from the incident and its log, and edited by people
section by section, each edit a new version (pure: no I/O, `now` passed in)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, StrictUndefined

from aicident.comms import slots
from aicident.errors import InvalidInput
from aicident.incidents.deadlines import Deadline, DeadlineState, humanize, incident_deadlines
from aicident.incidents.entries import Words
from aicident.incidents.model import Incident, LogEntry
from aicident.incidents.present import as_markdown, words_of
from aicident.incidents.vocabulary import EntryType
from aicident.plan.schema import Plan

# The Section 7 headings in order, each with the key an edit names it by.
SECTIONS = (
    ("summary", "Summary"),
    ("timeline", "Timeline"),
    ("root_cause", "Root Cause"),
    ("impact", "Impact"),
    ("response", "Response"),
    ("went_well", "What Went Well"),
    ("went_wrong", "What Went Wrong"),
    ("action_items", "Action Items"),
    ("lessons_learned", "Lessons Learned"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)

# Observations people record in the log (a note with `section`) for the sections only people can write.
OBSERVATION_SECTIONS = ("went_well", "went_wrong")

# Log entries that are things people did in response, for the report's "Response" section.
_RESPONSE_TYPES = {
    EntryType.SEVERITY_CHANGE,
    EntryType.ROLE_CHANGE,
    EntryType.CONTAINMENT_ACTION,
    EntryType.ROOT_CAUSE,
    EntryType.RESOLUTION,
    EntryType.COMMUNICATION,
    EntryType.COMMUNICATION_WAIVED,
}

_environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


def _minute(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _since(start: datetime, end: datetime | None) -> str:
    return humanize(end - start) if end else ""


def _timeline(incident: Incident, log: list[LogEntry]) -> list[dict[str, Any]]:
    timeline = [{"at": _minute(incident.detected_at), "event": f"Detected ({incident.source.replace('_', ' ')})"}]
    timeline.append({"at": _minute(incident.declared_at), "event": f"Declared {incident.ref}"})
    if incident.triaged_at:
        # The severity it was triaged as, not the one it has now (it may have been escalated since).
        triaged_as = next(
            (
                e.data["new"]
                for e in reversed(log)
                if e.type == EntryType.SEVERITY_CHANGE and e.at <= incident.triaged_at
            ),
            incident.severity,
        )
        timeline.append({"at": _minute(incident.triaged_at), "event": f"Triaged as {triaged_as}"})
    if incident.contained_at:
        first = incident.containment[0]["action"] if incident.containment else incident.no_containment_reason
        timeline.append(
            {
                "at": _minute(incident.contained_at),
                "event": f"Contained: {first} ({_since(incident.detected_at, incident.contained_at)} after detection)",
            }
        )
    if incident.resolved_at:
        timeline.append(
            {
                "at": _minute(incident.resolved_at),
                "event": f"Resolved: {incident.resolution} ({_since(incident.detected_at, incident.resolved_at)}"
                " after detection)",
            }
        )
    return timeline


def _went_well_and_wrong(
    incident: Incident, log: list[LogEntry], plan: Plan, now: datetime
) -> tuple[list[Any], list[Any]]:
    """Blameless findings the log proves: deadlines met or missed, escalations, reopenings, and what people noted."""
    well: list[str] = []
    wrong: list[str] = []
    for deadline in incident_deadlines(incident, plan):
        if deadline.has_target:
            _legal_finding(deadline, now, well, wrong)
            continue
        state, met = deadline.state(now), deadline.met_at
        if state == DeadlineState.MET and met is not None:
            well.append(f"Met the {deadline.label} deadline ({humanize(met - deadline.starts_at)} from its start)")
        elif state == DeadlineState.MET_LATE and met is not None:
            wrong.append(f"The {deadline.label} deadline was met {humanize(met - deadline.due_at)} late")
        elif state == DeadlineState.OVERDUE and deadline.kind not in ("report", "review"):
            wrong.append(f"The {deadline.label} deadline is overdue by {humanize(now - deadline.due_at)}")
    for entry in log:
        if entry.type == EntryType.SEVERITY_CHANGE and entry.data.get("direction") == "escalated":
            wrong.append(
                f"The severity was first underestimated: raised from {entry.data['old']} to "
                f"{entry.data['new']} at {_minute(entry.at)} ({entry.data.get('reason') or 'no reason'})"
            )
        elif entry.type == EntryType.REOPENED:
            wrong.append(f"The incident was reopened at {_minute(entry.at)}: {entry.data['reason']}")
        elif entry.type == EntryType.NOTE and entry.data.get("section") in OBSERVATION_SECTIONS:
            (well if entry.data["section"] == "went_well" else wrong).append(f"{entry.data['text']} ({entry.actor})")
    return well, wrong


def _legal_finding(deadline: Deadline, now: datetime, well: list[str], wrong: list[str]) -> None:
    """A regulatory deadline with the plan's own target before it: how the response did against both."""
    target, legal = deadline.due_at, deadline.legal_due_at
    if deadline.waived or legal is None:  # has_target: the legal deadline is set
        return
    both = f"target {_minute(target)}, legal deadline {_minute(legal)}"
    met = deadline.met_at
    if met is None:
        if now > legal:
            wrong.append(f"The {deadline.label} legal deadline is overdue by {humanize(now - legal)} ({both})")
        elif now > target:
            wrong.append(f"The {deadline.label} target was missed by {humanize(now - target)} ({both})")
    elif met <= target:
        well.append(f"Met the {deadline.label} target and legal deadline ({_minute(met)}; {both})")
    elif met <= legal:
        wrong.append(
            f"The {deadline.label} target was missed by {humanize(met - target)}; the legal deadline was met with "
            f"{humanize(legal - met)} to spare ({both})"
        )
    else:
        wrong.append(f"The {deadline.label} legal deadline was missed by {humanize(met - legal)} ({both})")


@dataclass(frozen=True)
class FollowUpLine:
    """An action item or a lesson as the report lists it."""

    text: str
    owner: str | None = None
    due: str | None = None
    status: str = "open"
    kind: str = "action"
    change_ref: str | None = None
    id: str | None = None


def report_context(
    incident: Incident,
    log: list[LogEntry],
    plan: Plan | None = None,
    *,
    follow_ups: list[FollowUpLine] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """What the Section 7 template is filled with; what nothing in the log says stays empty."""
    words = words_of(plan) if plan is not None else Words()
    response = [
        {"at": _minute(e.at), "by": e.actor, "what": as_markdown(e.record, words)}
        for e in log
        if e.type in _RESPONSE_TYPES
    ]
    follow_ups = list(follow_ups or [])
    tracked = {f.id for f in follow_ups}
    # Action items written straight into the log (log entries of the action_item type) count too.
    follow_ups += [
        FollowUpLine(text=e.data["text"], owner=e.data.get("owner"), due=e.data.get("due"))
        for e in log
        if e.type == EntryType.ACTION_ITEM and not e.data.get("item")
    ]
    action_items = [
        {"text": f.text, "owner": f.owner, "due": f.due, "status": f.status, "id": f.id}
        for f in follow_ups
        if f.kind == "action" and (f.id is None or f.id in tracked)
    ]
    lessons = [
        f"- {f.kind.replace('_', ' ')}: {f.text} ({f.status}"
        + (f"; carried out by {f.change_ref}" if f.change_ref else "")
        + ")"
        for f in follow_ups
        if f.kind != "action"
    ]
    root = incident.root_cause
    impact = f"{incident.facts.customers_affected} customer(s) affected"
    if incident.facts.personal_data_involved:
        impact += "; personal data involved"
    if incident.facts.jurisdictions:
        impact += f"; jurisdictions: {', '.join(incident.facts.jurisdictions)}"
    if incident.facts.material:
        impact += "; determined material"
    well, wrong = (
        ([], []) if plan is None else _went_well_and_wrong(incident, log, plan, now or _last_moment(incident, log))
    )
    return {
        "title": incident.title,
        "ref": incident.ref,
        "summary": incident.summary,
        "timeline": _timeline(incident, log),
        "root_cause": f"{root['layer']}: {root['description']}" if root else "",
        "impact": impact,
        "response": response,
        "went_well": "\n".join(f"- {line}" for line in well),
        "went_wrong": "\n".join(f"- {line}" for line in wrong),
        "action_items": action_items,
        "lessons": "\n".join(lessons),
    }


def _last_moment(incident: Incident, log: list[LogEntry]) -> datetime:
    return max([incident.declared_at, *(e.at for e in log)])


def render_report(
    incident: Incident,
    log: list[LogEntry],
    plan: Plan,
    *,
    follow_ups: list[FollowUpLine] | None = None,
    now: datetime | None = None,
) -> str:
    """The report as generated from the incident and its log (the draft of version 1)."""
    chosen = plan.templates["post_incident_report"]
    context = report_context(incident, log, plan, follow_ups=follow_ups, now=now)
    filled = slots.values(chosen, context, plan.organisation)  # what nothing says shows its slot's prompt
    return _environment.from_string(chosen.body).render(slots.render_context(chosen, context, filled)).strip() + "\n"


# --- sections of a Markdown report ----------------------------------------------------------------------------

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def _key_of(heading: str) -> str:
    for key, title in SECTIONS:
        if heading.strip().lower() == title.lower():
            return key
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


def split_sections(markdown: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The text before the first `##` heading, then (key, heading, body) per `##` section in order."""
    preamble: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            sections.append((_key_of(match.group(1)), match.group(1), []))
        elif sections:
            sections[-1][2].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble).strip(), [(k, h, "\n".join(body).strip()) for k, h, body in sections]


def join_sections(preamble: str, sections: list[tuple[str, str, str]]) -> str:
    parts = [preamble.strip()] if preamble.strip() else []
    parts += [f"## {heading}\n{body}".rstrip() for _key, heading, body in sections]
    return "\n\n".join(parts).strip() + "\n"


def sections_of(markdown: str) -> dict[str, str]:
    return {key: body for key, _heading, body in split_sections(markdown)[1]}


def missing_sections(markdown: str) -> list[str]:
    """Section 7 headings a report lacks (an edit of the whole text may drop one; publishing says so)."""
    present = set(sections_of(markdown))
    return [key for key in SECTION_KEYS if key not in present]


def replace_section(markdown: str, key: str, body: str) -> str:
    preamble, sections = split_sections(markdown)
    known = [k for k, _h, _b in sections]
    if key not in known:
        raise InvalidInput(f"the report has no section {key!r}", allowed=f"one of: {', '.join(known)}")
    if _HEADING.search(body) or any(_HEADING.match(line) for line in body.splitlines()):
        raise InvalidInput(
            f"the text of section {key!r} contains a '## ' heading",
            allowed="section text without level-2 headings; edit the whole report to add sections",
        )
    return join_sections(preamble, [(k, h, body.strip() if k == key else b) for k, h, b in sections])


@dataclass(frozen=True)
class ReportVersion:
    """One saved version of an incident's report: who wrote it, when, and which sections people changed."""

    incident_id: str
    version: int
    markdown: str
    created_at: datetime
    created_by: str
    change: str
    edited_sections: tuple[str, ...] = ()
    published_at: datetime | None = None
    published_by: str | None = None


def edited(previous: ReportVersion | None, markdown: str, *, section: str | None = None) -> tuple[str, ...]:
    """Sections people have changed so far: regenerating from the log keeps them as they wrote them."""
    before = set(previous.edited_sections) if previous else set()
    if section is not None:
        return tuple(sorted(before | {section}))
    old = sections_of(previous.markdown) if previous else {}
    new = sections_of(markdown)
    return tuple(sorted(before | {k for k in new if old.get(k) != new[k]}))


def regenerated(draft: str, current: ReportVersion | None) -> str:
    """A fresh draft from the log with the sections people edited kept as they are."""
    if current is None or not current.edited_sections:
        return draft
    kept = sections_of(current.markdown)
    preamble, sections = split_sections(draft)
    return join_sections(
        preamble, [(k, h, kept[k] if k in current.edited_sections and k in kept else b) for k, h, b in sections]
    )


def check_markdown(markdown: str) -> str:
    markdown = (markdown or "").strip()
    if not markdown:
        raise InvalidInput("the report text must not be empty", allowed="Markdown with the Section 7 headings")
    if len(markdown) > 200_000:
        raise InvalidInput(f"the report is {len(markdown)} characters long", allowed="at most 200000 characters")
    return markdown + "\n"


@dataclass
class ReportState:
    """What a reader sees: the current version (or the unsaved draft as version 0) and the versions before."""

    current: ReportVersion | None
    draft: str
    versions: list[ReportVersion] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return self.current.markdown if self.current else self.draft

    @property
    def version(self) -> int:
        return self.current.version if self.current else 0
