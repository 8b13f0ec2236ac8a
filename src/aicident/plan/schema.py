"""The response plan as data: the shape of a plan file.

Every model forbids unknown keys, so a misspelt key is an error, never a silent default. Cross references
(a role, category, severity, stage or audience named somewhere else in the plan) are checked by
``aicident.plan.validate`` after the shape is known to be right.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SEVERITY_ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9]+$"

DURATION_RE = re.compile(r"^\s*(?P<amount>\d+)\s*(?P<unit>minutes?|hours?|days?|business days?|months?)\s*$")
DURATION_UNITS = ("minutes", "hours", "days", "business days", "months")

# Facts recorded on an incident that a plan condition may name.
INCIDENT_FACTS = (
    "customers_affected",
    "personal_data_involved",
    "material",
    # Facts regulatory clocks read (see [[regulatory]] in the default plan).
    "high_risk",
    "serious_incident",
    "death",
    "widespread_infringement",
    "critical_infrastructure_disruption",
    "significant_incident",
    "major_ict_incident",
)

# Recorded events that start regulatory clocks; `obligation:<clock id>` starts one when another is met.
CLOCK_EVENTS = ("became_aware", "materiality_determined", "classified_major")

# The detectors a plan may configure (aicident.detectors.registry builds them), besides installed plugins.
DETECTOR_NAMES = ("injection", "leak", "hallucination", "bias", "degradation", "vendor", "guards", "local_model")

# What leaving a stage may require; `role:<role id>` asks for that role to be assigned. `controls`: every control
# changed from the incident is restored, or kept in force with a reason, an owner and a review date.
STAGE_GUARDS = (
    "severity",
    "containment",
    "root_cause",
    "resolved",
    "controls",
    "communications",
    "report",
    "review",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_facts(value: list[str]) -> list[str]:
    for fact in value:
        if fact not in INCIDENT_FACTS:
            raise ValueError(f"unknown incident fact {fact!r}; allowed: {', '.join(INCIDENT_FACTS)}")
    return value


def check_duration(value: str) -> str:
    if not DURATION_RE.match(value):
        raise ValueError(
            f"{value!r} is not a duration; write a whole number and a unit, one of: "
            + ", ".join(DURATION_UNITS)
            + " (for example '15 minutes', '1 business day', '72 hours')"
        )
    return value


class PlanInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    version_label: str = Field(default="1", description="A human label; the content hash is the real version.")
    source: str = ""


class Calendar(_Strict):
    time_zone: str = Field(description="IANA time zone of the business calendar, e.g. 'Europe/Berlin'.")
    holidays_country: str = Field(description="ISO 3166-1 alpha-2 country for the `holidays` package.")
    holidays_subdivision: str | None = None
    workdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = ["mon", "tue", "wed", "thu", "fri"]
    business_day_ends: str = Field(default="17:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    extra_holidays: list[str] = Field(default_factory=list, description="ISO dates the organisation does not work.")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (for example 'UTC', 'Europe/Berlin')") from None
        return value


class Role(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    owner: str = Field(description="The function that usually holds the role, e.g. 'On-call engineer'.")
    responsibilities: list[str] = Field(min_length=1)


class Person(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    email: str = ""
    chat: str = ""


class RoleStaffing(_Strict):
    people: list[str] = Field(default_factory=list)
    fallback: str | None = Field(default=None, description="Person id paged when nobody in `people` answers.")


class Group(_Strict):
    name: str
    roles: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)


class Directory(_Strict):
    people: list[Person] = Field(default_factory=list)
    roles: dict[str, RoleStaffing] = Field(default_factory=dict)
    groups: dict[str, Group] = Field(default_factory=dict)
    on_call: str | None = Field(default=None, description="Person id of last resort for any unstaffed role.")


class TaxonomyRef(_Strict):
    framework: str
    version: str
    id: str
    name: str
    note: str = ""


class Diagnosis(_Strict):
    model: list[str] = Field(min_length=1)
    prompt: list[str] = Field(min_length=1)
    data: list[str] = Field(min_length=1)
    integration: list[str] = Field(min_length=1)


class Playbook(_Strict):
    containment: list[str] = Field(min_length=1)
    diagnosis: Diagnosis
    evidence: list[str] = Field(min_length=1)
    remediation: list[str] = Field(default_factory=list)


class Category(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    definition: str
    playbook: Playbook
    taxonomy: list[TaxonomyRef] = Field(default_factory=list)


class NotifyTarget(_Strict):
    """Whom a severity notifies: a role or a group, optionally only while incident facts hold."""

    role: str | None = None
    group: str | None = None
    when: list[str] = Field(default_factory=list, description="Incident facts that must all be true.")

    _known_facts = field_validator("when")(classmethod(lambda cls, v: check_facts(v)))


class Severity(_Strict):
    id: str = Field(pattern=SEVERITY_ID_PATTERN)
    name: str
    rank: int = Field(ge=1, description="1 is the most severe.")
    definition: str
    response_time: str = Field(description="How soon the response must start, e.g. '15 minutes', '1 business day'.")
    response_time_label: str = Field(description="The plan's own words, e.g. 'Immediate'.")
    notify: list[NotifyTarget] = Field(min_length=1)
    notify_label: str = ""

    _check_response_time = field_validator("response_time")(classmethod(lambda cls, v: check_duration(v)))


class Stage(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    description: str
    owner_role: str | None = None
    exit_requires: list[str] = Field(
        default_factory=list,
        description="Guards checked when leaving the stage: " + ", ".join(STAGE_GUARDS) + ", or role:<role id>.",
    )
    sign_off: bool = Field(
        default=False,
        description="Leaving the stage needs an explicit advance even when its guards hold; without it the web UI "
        "moves the incident on as soon as the action that meets the last guard is done.",
    )

    @field_validator("exit_requires")
    @classmethod
    def _known_guards(cls, value: list[str]) -> list[str]:
        for guard in value:
            if guard not in STAGE_GUARDS and not re.match(r"^role:[a-z][a-z0-9_]*$", guard):
                raise ValueError(f"unknown guard {guard!r}; allowed: {', '.join(STAGE_GUARDS)}, role:<role id>")
        return value


class Deadlines(_Strict):
    report_due: str = Field(default="5 business days", description="Post-incident report, after resolution.")
    review_due: str = Field(default="10 business days", description="Post-incident review, after resolution.")
    untriaged_response_time: str = Field(
        default="15 minutes", description="Response time of an incident declared without a severity."
    )

    _check = field_validator("report_due", "review_due", "untriaged_response_time")(
        classmethod(lambda cls, v: check_duration(v))
    )


class MatrixCell(_Strict):
    requirement: Literal["required", "if_affected", "if_applicable", "if_material", "optional", "no"]
    label: str = Field(description="The plan's own words for the cell.")
    deadline: str | None = Field(default=None, description="Due this long after awareness, e.g. '24 hours'.")
    cadence: Literal["real_time", "daily", "end_of_incident", "owning_team_only"] | None = None
    per_law: bool = Field(default=False, description="A regulatory clock may set an earlier deadline.")
    approvers: list[str] = Field(default_factory=list, description="Roles that approve the message before it is sent.")
    condition: list[str] = Field(default_factory=list, description="Incident facts that make it required.")

    _check = field_validator("deadline")(classmethod(lambda cls, v: v if v is None else check_duration(v)))

    _known_facts = field_validator("condition")(classmethod(lambda cls, v: check_facts(v)))


# Where a template's slot takes its value from: what aicident knows of the incident (and its log), the plan's
# [organisation] settings, or a person who fills it in the draft.
SLOT_SOURCES = ("incident", "organisation", "person")
ORGANISATION_SETTINGS = ("name", "support_contact", "status_page_url", "signature")
# What a customer-facing template may show: facts written for customers (never the internal summary or the root
# cause), the moment's wording (`phase`: investigating, contained or resolved), labelled times, and its slots.
CUSTOMER_FACTS = ("customer_summary", "customer_impact")
CUSTOMER_CONTEXT = (
    "ref",
    "date",
    "phase",
    "detected_time",
    "contained_time",
    "resolved_time",
    *CUSTOMER_FACTS,
)


class Slot(_Strict):
    """A named field of a template: until it has a value, the text shows its prompt, `[label]`, and a draft that
    still shows the prompt of a required slot cannot be approved, sent or published."""

    name: str = Field(pattern=ID_PATTERN, description="The template variable it fills.")
    label: str = Field(
        min_length=1, max_length=200, pattern=r"^[^\[\]\n]+$", description="What to write; the prompt is [label]."
    )
    audience: Literal["customer", "internal"] = Field(
        default="internal", description="customer: only facts written for customers may fill it."
    )
    required: bool = True
    source: Literal["incident", "organisation", "person"] = "person"
    key: str | None = Field(
        default=None, description="The incident value or [organisation] setting it takes; default: its name."
    )

    @property
    def prompt(self) -> str:
        return f"[{self.label}]"

    @property
    def source_key(self) -> str:
        return self.key or self.name

    @model_validator(mode="after")
    def _known_source(self) -> Slot:
        if self.source == "organisation" and self.source_key not in ORGANISATION_SETTINGS:
            raise ValueError(
                f"slot {self.name!r} takes [organisation] {self.source_key!r}; allowed: "
                + ", ".join(ORGANISATION_SETTINGS)
            )
        if self.audience == "customer" and self.source == "incident" and self.source_key not in CUSTOMER_CONTEXT:
            raise ValueError(
                f"customer slot {self.name!r} takes the incident's {self.source_key!r}, which is not written for "
                "customers; allowed: " + ", ".join(CUSTOMER_CONTEXT)
            )
        return self


class Template(_Strict):
    """A Jinja2 template the plan ships (Section 6 customer notification, Section 7 report, ...)."""

    subject: str = ""
    body: str = Field(min_length=1)
    slots: list[Slot] = Field(default_factory=list, description="Its named fields and where each value comes from.")

    @property
    def customer_facing(self) -> bool:
        return any(slot.audience == "customer" for slot in self.slots)

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)

    @model_validator(mode="after")
    def _slots_fit(self) -> Template:
        from jinja2 import Environment, meta

        names = [slot.name for slot in self.slots]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"slot names must be unique; defined more than once: {', '.join(twice)}")
        if self.customer_facing:
            environment = Environment()
            used = set()
            for text in (self.subject, self.body):
                used |= meta.find_undeclared_variables(environment.parse(text))
            internal = sorted(used - set(CUSTOMER_CONTEXT) - set(names))
            if internal:
                raise ValueError(
                    f"a customer-facing template shows only customer facts and its slots, not {', '.join(internal)}; "
                    f"allowed: {', '.join(CUSTOMER_CONTEXT)}, or a slot"
                )
        return self

    @field_validator("subject", "body")
    @classmethod
    def _parses(cls, value: str) -> str:
        from jinja2 import Environment, TemplateSyntaxError

        try:
            Environment().parse(value)
        except TemplateSyntaxError as exc:
            raise ValueError(f"not a valid Jinja2 template: {exc.message} (template line {exc.lineno})") from None
        return value


REQUIRED_TEMPLATES = (
    "customer_notification",
    "regulator_notice",
    "internal_update",
    "public_statement",
    "post_incident_report",
)

# What people do, each granted to roles by the plan's [permissions] table. "*" grants it to anyone signed in;
# a person may act in a role they hold on the incident or in their directory profile.
ACTIONS = (
    "declare",
    "log",
    "triage",
    "severity",
    "assign",
    "stage",
    "facts",
    "contain",
    "diagnose",
    "resolve",
    "communicate",
    "document",
    "review",
    "close",
    "reopen",
    "signals",
    "verify",
)


class RoutingRule(_Strict):
    """How signals from monitoring, customers and detectors become incidents."""

    name: str = Field(min_length=1)
    match: dict[str, str] = Field(
        default_factory=dict,
        description="Field or label -> glob pattern; all must match. Fields: format, title, severity, "
        "integration; anything else is a label (e.g. alertname, feature), annotations.<name> or "
        "custom_details.<path> (PagerDuty).",
    )
    match_any: list[dict[str, str]] = Field(
        default_factory=list,
        description="Alternatives in the form of `match`: when given, at least one must match as well (e.g. the "
        "field each sender names its category in).",
    )
    action: Literal["declare", "attach", "hold"] = Field(
        description="declare an incident (or attach to the open one of the same group), attach to the matching "
        "open incident (hold when there is none), or hold for triage in the signal inbox"
    )
    category: str | None = None
    severity: str | None = Field(default=None, description="A proposed severity for the declared incident.")
    severity_map: dict[str, str] = Field(
        default_factory=dict, description="The source's severity word -> a plan severity, e.g. critical = SEV-2."
    )
    feature_label: str = Field(default="feature", description="The label that names the affected AI feature.")


class CountingRuleSpec(_Strict):
    """A plan's own counting rule, built from the parts of ``aicident.clocks.rules`` (the built-in rules are
    organisation, moment, eu_1182_71, eu_1182_71_hours and sec_8k)."""

    name: str = Field(min_length=1)
    basis: str = Field(default="", description="The provisions the rule applies, quoted where it matters.")
    start: Literal["moment", "next_hour", "next_day", "next_business_day"]
    end: Literal["moment", "end_of_day", "close_of_business", "cutoff"]
    cutoff: str | None = Field(
        default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="With end = 'cutoff'."
    )
    roll: Literal["none", "next_working_day"] = "none"
    min_working_days: int = Field(default=0, ge=0, le=5, description="1182/71 Art. 3(5): 2.")


class SignalSettings(_Strict):
    """How inbound signals are logged and how CloudEvents resolve them."""

    summary_interval: str = Field(
        default="15 minutes",
        description="Repeats of a signal are counted, and summed up in the incident log at most once this often "
        "per signal (e.g. '1,240 more occurrences since 10:02') instead of one entry each.",
    )
    cloudevents_resolved_suffixes: list[str] = Field(
        default_factory=lambda: [".resolved"],
        description="A CloudEvent whose type ends in one of these resolves the signal of its subject.",
    )

    @field_validator("summary_interval")
    @classmethod
    def _interval(cls, value: str) -> str:
        seconds_of(value)
        return value

    def summary_seconds(self) -> int:
        return seconds_of(self.summary_interval)


class RegulatoryClock(_Strict):
    """A legal notification duty: when its facts hold, a regulator (or data-subject) obligation with its own clock."""

    id: str = Field(pattern=ID_PATTERN)
    regime: str = Field(min_length=1, description="e.g. 'GDPR', 'EU AI Act', 'NIS2', 'SEC'.")
    name: str = Field(
        min_length=1, description="What is owed, e.g. 'Art. 33 notification to the supervisory authority'."
    )
    audience: str = Field(default="regulators", description="An audience of the communications matrix.")
    when: list[str] = Field(default_factory=list, description="Incident facts that must all be true.")
    jurisdictions: list[str] = Field(
        default_factory=list, description="Applies when the incident names any of these; empty: everywhere."
    )
    deadline: str | None = Field(default=None, description="None: 'without undue delay' (no fixed clock).")
    label: str = Field(min_length=1, description="The law's own words for the deadline.")
    starts: str = Field(
        default="became_aware",
        description="The recorded event that starts the clock: "
        + ", ".join(CLOCK_EVENTS)
        + ", or obligation:<clock id> (when that obligation is met).",
    )
    effective_from: date | None = Field(default=None, description="The regime applies to clocks starting that day.")
    group: str | None = Field(
        default=None,
        description="Of the applicable clocks of one group only the one due first"
        " applies (e.g. the EU AI Act's 15/10/2 days).",
    )
    approvers: list[str] = Field(default_factory=list)
    template: str = Field(default="regulator_notice", description="The template its draft starts from.")
    article: str = Field(default="", description="The provision that sets the deadline, e.g. 'GDPR Art. 33(1)'.")
    counting: str = Field(
        default="organisation",
        description="The counting rule: organisation, moment, eu_1182_71, eu_1182_71_hours, sec_8k, or a rule the "
        "plan defines in [counting].",
    )
    calendar: str = Field(
        default="organisation",
        description="Where it is counted: organisation, us_federal, eu_member_state (the state from the incident), "
        "eu_member_state:<CC>, us_state:<state>.",
    )
    target_before: str | None = Field(
        default=None, description="The organisation's own target this long before the legal deadline, e.g. '24 hours'."
    )
    target_after: str | None = Field(
        default=None,
        description="For a clock without a fixed deadline ('without undue delay'): the organisation's target this "
        "long after the clock starts.",
    )

    _check = field_validator("deadline", "target_before", "target_after")(
        classmethod(lambda cls, v: v if v is None else check_duration(v))
    )

    _known_facts = field_validator("when")(classmethod(lambda cls, v: check_facts(v)))

    @field_validator("jurisdictions")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.strip().upper() for v in value]

    @field_validator("starts")
    @classmethod
    def _known_event(cls, value: str) -> str:
        if value not in CLOCK_EVENTS and not re.match(r"^obligation:[a-z][a-z0-9_]*$", value):
            raise ValueError(
                f"unknown clock event {value!r}; allowed: {', '.join(CLOCK_EVENTS)}, obligation:<clock id>"
            )
        return value


class Reminders(_Strict):
    """Nudges before and at deadlines, and when an incident has no severity or no Incident Commander."""

    at_fractions: list[float] = Field(
        default_factory=lambda: [0.5, 0.9], description="Remind when this fraction of a deadline's window has passed."
    )
    unassigned_after: str = Field(
        default="5 minutes", description="Nudge when an incident still has no severity or commander after this."
    )
    escalate_to: list[str] = Field(
        default_factory=lambda: ["executive_sponsor"], description="Roles told when a deadline is breached."
    )

    _check = field_validator("unassigned_after")(classmethod(lambda cls, v: check_duration(v)))

    @field_validator("at_fractions")
    @classmethod
    def _fractions(cls, value: list[float]) -> list[float]:
        if any(not 0 < f < 1 for f in value):
            raise ValueError("each fraction must be between 0 and 1 (exclusive), e.g. 0.5 and 0.9")
        return sorted(set(value))


class Reviews(_Strict):
    """The post-incident review."""

    external_attendees: bool = Field(
        default=False,
        description="Attendees may include people outside aicident, named in free text (e.g. 'Jane Roe, Acme "
        "counsel'); a name that could be a handle must still be a registered person.",
    )


class AudienceDelivery(_Strict):
    """How messages to one audience go out: channels of [notify], and fixed recipients (regulators, a status page)."""

    channels: list[str] = Field(default_factory=list, description="Channel names from [[notify.channels]].")
    to: list[str] = Field(default_factory=list, description="Fixed addresses, e.g. the supervisory authority.")
    groups: list[str] = Field(default_factory=list, description="Directory groups told (internal audience).")


class Comms(_Strict):
    audiences: dict[str, AudienceDelivery] = Field(default_factory=dict, description="audience -> delivery")
    page_channel: str | None = Field(
        default=None,
        description="A pagerduty channel that pages the Incident Commander on breaches and SEV-1 declarations.",
    )
    coalesce_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="Real-time updates about one incident within this many seconds go out as one message per "
        "recipient (0: each change at once).",
    )


class Organisation(_Strict):
    """Who speaks to customers: the settings that fill the templates' organisation slots."""

    name: str = Field(default="", description="The organisation's name as customers know it.")
    support_contact: str = Field(default="", description="Where customers ask questions, e.g. support@example.com.")
    status_page_url: str = Field(default="", description="Where updates are posted, e.g. https://status.example.com.")
    signature: str = Field(default="", description="How customer notices are signed, e.g. 'The Example Corp team'.")


class Plan(_Strict):
    plan: PlanInfo
    calendar: Calendar
    roles: list[Role] = Field(min_length=1)
    directory: Directory = Directory()
    categories: list[Category] = Field(min_length=1)
    severities: list[Severity] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=2)
    deadlines: Deadlines = Deadlines()
    communications: dict[str, dict[str, MatrixCell]] = Field(
        description="severity id -> audience (customers, regulators, public, internal) -> cell"
    )
    templates: dict[str, Template] = Field(description="At least: " + ", ".join(REQUIRED_TEMPLATES))
    permissions: dict[str, list[str]] = Field(
        default_factory=dict, description="action -> roles that may do it ('*': anyone signed in)"
    )
    routing: list[RoutingRule] = Field(default_factory=list, description="First matching rule wins.")
    signals: SignalSettings = Field(default_factory=lambda: SignalSettings())
    regulatory: list[RegulatoryClock] = Field(
        default_factory=list, description="Regulatory notification clocks (GDPR, EU AI Act, ...)."
    )
    counting: dict[str, CountingRuleSpec] = Field(
        default_factory=dict, description="The plan's own counting rules, by id (besides the built-in ones)."
    )
    member_states: dict[str, str] = Field(
        default_factory=dict,
        description="Jurisdiction -> the EU Member State whose authority receives its reports (e.g. EU = 'IE'), "
        "for clocks counted on the bare eu_member_state calendar.",
    )
    reminders: Reminders = Reminders()
    comms: Comms = Comms()
    organisation: Organisation = Field(
        default_factory=lambda: Organisation(), description="Name, support contact, status page, signature."
    )
    detectors: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="detector name -> options (and `enabled = false` to switch one off): injection, leak, "
        "hallucination, bias, degradation, vendor, guards, local_model, or an installed plugin's name",
    )
    notify: Notify = Field(default_factory=lambda: Notify(), description="Outbound channels and delivery.")
    features: list[Feature] = Field(default_factory=list, description="The AI features whose controls aicident keeps.")
    containment: Containment = Field(default_factory=lambda: Containment())
    slack: Slack = Field(default_factory=lambda: Slack(), description="The Slack app: a channel per incident.")
    reviews: Reviews = Reviews()

    @field_validator("member_states")
    @classmethod
    def _upper_places(cls, value: dict[str, str]) -> dict[str, str]:
        return {k.strip().upper(): v.strip().upper() for k, v in value.items()}

    # Lookups used everywhere; plans are small, so linear scans would do, but names read better.
    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def severity(self, severity_id: str) -> Severity:
        return next(s for s in self.severities if s.id == severity_id)

    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def role_ids(self) -> list[str]:
        return [r.id for r in self.roles]

    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def commander_role(self) -> str:
        """The role whose assignment triage requires (the Incident Commander in the default plan)."""
        for stage in self.stages:
            for guard in stage.exit_requires:
                if guard.startswith("role:"):
                    return guard.removeprefix("role:")
        return self.roles[0].id

    def audiences(self) -> list[str]:
        return list(next(iter(self.communications.values()), {}))

    def severity_ids(self) -> list[str]:
        return [s.id for s in sorted(self.severities, key=lambda s: s.rank)]


# --- notify: outbound channels and delivery ----------------------------------------------------------------------

CHANNEL_TYPES = ("smtp", "slack", "teams", "webhook", "pagerduty", "slack_api")
SECONDS_RE = re.compile(r"^\s*(?P<amount>\d+)\s*(?P<unit>seconds?|minutes?|hours?|days?)\s*$")
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def seconds_of(value: str) -> int:
    """'24 hours' -> 86400 (clock units only: a dead-letter time is not a business deadline)."""
    match = SECONDS_RE.match(value)
    if not match:
        raise ValueError(
            f"{value!r} is not a duration; write a whole number and one of: seconds, minutes, hours, "
            "days (for example '24 hours')"
        )
    return int(match["amount"]) * _UNIT_SECONDS[match["unit"].rstrip("s")]


class NotifyChannel(_Strict):
    """One outbound channel. Secrets are named by the environment variable that holds them (`*_env`), never
    written here; a setting given both ways takes the environment variable when it is set."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    type: Literal["smtp", "slack", "teams", "webhook", "pagerduty", "slack_api"]
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    concurrency: int = Field(
        default=8,
        ge=1,
        le=64,
        description="How many messages of this channel a worker sends at once (SMTP: connections it keeps open). "
        "One incident's messages to the same recipients are sent one after another, in order.",
    )
    # smtp
    host: str | None = None
    host_env: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535, description="Default: 25, 587 with starttls, 465 with ssl.")
    port_env: str | None = None
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    username_env: str | None = None
    password_env: str | None = None
    sender: str | None = Field(default=None, description="The From address.")
    sender_env: str | None = None
    domain: str | None = Field(default=None, description="Right-hand side of Message-IDs; default: the sender's.")
    ca_file: str | None = Field(
        default=None,
        description="PEM file of the CA that signed the SMTP server's "
        "certificate, when it is not a public one (starttls, ssl).",
    )
    # slack, teams, webhook, pagerduty
    url: str | None = Field(default=None, description="Webhook and PagerDuty only: Slack and Teams URLs are secrets.")
    url_env: str | None = None
    secret_env: str | None = Field(default=None, description="webhook: the variable holding the whsec_ secret.")
    routing_key_env: str | None = Field(default=None, description="pagerduty: the variable holding the routing key.")


class Notify(_Strict):
    channels: list[NotifyChannel] = Field(
        default_factory=lambda: [
            NotifyChannel(
                name="email",
                type="smtp",
                host="localhost",
                host_env="AICIDENT_SMTP_HOST",
                port=25,
                port_env="AICIDENT_SMTP_PORT",
                username_env="AICIDENT_SMTP_USERNAME",
                password_env="AICIDENT_SMTP_PASSWORD",
                sender="aicident@localhost",
                sender_env="AICIDENT_SMTP_FROM",
            )
        ]
    )
    backoff_base_seconds: float = Field(default=0.5, gt=0, description="Longest wait before the first retry.")
    backoff_factor: float = Field(default=1.5, ge=1)
    backoff_cap_seconds: float = Field(default=60.0, gt=0, description="Longest wait between two tries.")
    lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a worker holds a message it is "
        "sending; after that another worker sends it again. Longer than any timeout.",
    )
    dead_letter_after: str = Field(default="24 hours", description="Give up retrying this long after queueing.")
    self_alert_channels: list[str] = Field(default_factory=list, description="Channels told when a message dies.")
    self_alert_to: list[str] = Field(default_factory=list, description="Recipients of self-alerts by email.")

    @field_validator("dead_letter_after")
    @classmethod
    def _clock_duration(cls, value: str) -> str:
        seconds_of(value)
        return value

    def channel(self, name: str) -> NotifyChannel | None:
        return next((c for c in self.channels if c.name == name), None)


# --- containment: AI features and the rules for changing their controls ------------------------------------------

FEATURE_NAME_PATTERN = r"^[a-z][a-z0-9_.-]{0,99}$"
# Kinds of control change, as a plan's approval rules name them (aicident.containment.model.change_actions).
CONTROL_ACTIONS = ("disable", "enable", "pin_model", "throttle", "routes", "guard", "tools", "fallback", "fail_mode")
# Permission actions added with containment; a plan that predates them gets these grants.
CONTAINMENT_PERMISSIONS = {
    "control": ["incident_commander", "ai_lead"],
    "approve_control": ["incident_commander", "executive_sponsor"],
}


class Feature(_Strict):
    """An AI feature of an application: what its kill switch serves and how its SDK behaves unreachable."""

    name: str = Field(pattern=FEATURE_NAME_PATTERN)
    description: str = ""
    customer_facing: StrictBool = False
    fail_mode: Literal["open", "closed"] = Field(
        default="open",
        description="open: serve the model when aicident is unreachable and nothing is cached; "
        "closed: serve the fallback response",
    )
    fallback_response: str = Field(default="", description="What the application serves while the feature is off.")
    default_model: str | None = None
    routes: list[str] = Field(default_factory=list, description="Ordered providers/models to fall back to.")


class ApprovalRule(_Strict):
    """A control change that needs a second person's approval before it takes effect."""

    action: Literal[CONTROL_ACTIONS]  # type: ignore[valid-type]
    severities: list[str] = Field(
        default_factory=list, description="Severities of the named incident it applies at; empty: any change."
    )
    customer_facing: StrictBool | None = Field(
        default=None, description="Only for customer-facing features (true), only for internal ones (false), or both."
    )


class Containment(_Strict):
    approvals: list[ApprovalRule] = Field(default_factory=list)


# --- slack: the Slack app (a channel per incident, /aicident, approvals as buttons) --------------------------------

# Log-entry types a plan may have posted to an incident's channel (aicident.incidents.vocabulary.EntryType values).
SLACK_POSTABLE = (
    "declared",
    "note",
    "stage_change",
    "severity_change",
    "role_change",
    "fact_change",
    "containment_action",
    "root_cause",
    "resolution",
    "communication",
    "communication_waived",
    "evidence",
    "action_item",
    "report",
    "review",
    "closed",
    "reopened",
    "signal",
    "deadline_breached",
    "clock_event",
    "draft",
    "approval",
    "reminder",
)


class Slack(_Strict):
    """The Slack app. Its secrets are read from the environment variables named here, never written in the plan;
    the app is on when both are set."""

    bot_token_env: str = Field(default="SLACK_BOT_TOKEN", description="The variable holding the bot token (xoxb-).")
    signing_secret_env: str = Field(
        default="SLACK_SIGNING_SECRET", description="The variable holding the app's signing secret."
    )
    api_url: str = Field(default="https://slack.com/api/", description="The Slack Web API's base URL.")
    api_url_env: str | None = Field(
        default="AICIDENT_SLACK_API_URL", description="A variable that, when set, overrides api_url."
    )
    notify_channel: str = Field(
        default="slack_app", description="The [[notify.channels]] entry of type slack_api its Web API calls go through."
    )
    channel_prefix: str = Field(default="inc", pattern=r"^[a-z0-9][a-z0-9_-]{0,19}$")
    private_channels: bool = False
    open_at_severities: list[str] = Field(
        default_factory=list,
        description="Open the incident's channel when it reaches one of these severities; empty: when declared.",
    )
    archive_after: str = Field(default="24 hours", description="Archive the channel this long after closing.")
    post_entry_types: list[str] = Field(
        default_factory=lambda: [
            "severity_change",
            "stage_change",
            "role_change",
            "containment_action",
            "root_cause",
            "resolution",
            "communication",
            "deadline_breached",
            "note",
            "closed",
            "reopened",
        ],
        description="Log entries of these types are posted to the incident's channel.",
    )
    reactions: dict[str, Literal["note", "evidence"]] = Field(
        default_factory=lambda: dict[str, Literal["note", "evidence"]](pushpin="note"),
        description="A reaction (emoji name without colons) that copies a message into the log, and as what.",
    )
    command: str = Field(default="/aicident", pattern=r"^/[a-z0-9_-]{1,31}$")
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("archive_after")
    @classmethod
    def _clock_duration(cls, value: str) -> str:
        seconds_of(value)
        return value

    @field_validator("post_entry_types")
    @classmethod
    def _postable(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in SLACK_POSTABLE:
                raise ValueError(f"unknown log-entry type {name!r}; allowed: {', '.join(SLACK_POSTABLE)}")
        return value


Plan.model_rebuild()
