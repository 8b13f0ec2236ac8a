"""The response plan as data: the shape of a plan file.

Every model forbids unknown keys, so a misspelt key is an error, never a silent default. Cross references
(a role, category, severity, stage or audience named somewhere else in the plan) are checked by
``aicident.plan.validate`` after the shape is known to be right.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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

# What leaving a stage may require; `role:<role id>` asks for that role to be assigned.
STAGE_GUARDS = ("severity", "containment", "root_cause", "resolved", "communications", "report", "review")


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


class Template(_Strict):
    """A Jinja2 template the plan ships (Section 6 customer notification, Section 7 report, ...)."""

    subject: str = ""
    body: str = Field(min_length=1)

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
        "integration; anything else is a label (e.g. alertname, feature).",
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

    _check = field_validator("deadline")(classmethod(lambda cls, v: v if v is None else check_duration(v)))

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
    regulatory: list[RegulatoryClock] = Field(
        default_factory=list, description="Regulatory notification clocks (GDPR, EU AI Act, ...)."
    )
    reminders: Reminders = Reminders()
    comms: Comms = Comms()
    detectors: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="detector name -> options (and `enabled = false` to switch one off): injection, leak, "
        "hallucination, bias, degradation, vendor, guards, local_model, or an installed plugin's name",
    )
    notify: Notify = Field(default_factory=lambda: Notify(), description="Outbound channels and delivery.")
    features: list[Feature] = Field(default_factory=list, description="The AI features whose controls aicident keeps.")
    containment: Containment = Field(default_factory=lambda: Containment())

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

CHANNEL_TYPES = ("smtp", "slack", "teams", "webhook", "pagerduty")
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
    type: Literal["smtp", "slack", "teams", "webhook", "pagerduty"]
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
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
    customer_facing: bool = False
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
    customer_facing: bool | None = Field(
        default=None, description="Only for customer-facing features (true), only for internal ones (false), or both."
    )


class Containment(_Strict):
    approvals: list[ApprovalRule] = Field(default_factory=list)


Plan.model_rebuild()
