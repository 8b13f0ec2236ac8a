"""The response plan as data: the shape of a plan file.

Every model forbids unknown keys, so a misspelt key is an error, never a silent default. Cross references
(a role, category, severity, stage or audience named somewhere else in the plan) are checked by
``aicident.plan.validate`` after the shape is known to be right.

This module holds the plan itself and its core: people and roles, categories, severities, stages, deadlines,
permissions, routing and signals. Its other parts live beside it, by concept: ``schema_base`` (what every part
shares: strict models, ids, durations, incident facts, clock events), ``schema_comms`` (the communications matrix,
regulatory clocks, reminders, delivery per audience), ``schema_templates``, ``schema_notify``,
``schema_containment`` and ``schema_slack``. Everything is imported from here.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

# Part of this module's interface (`X as X` re-exports them): the plan's parts defined beside it.
from aicident.plan.schema_base import _UNIT_SECONDS as _UNIT_SECONDS
from aicident.plan.schema_base import CLOCK_EVENTS as CLOCK_EVENTS
from aicident.plan.schema_base import DURATION_RE as DURATION_RE
from aicident.plan.schema_base import DURATION_UNITS as DURATION_UNITS
from aicident.plan.schema_base import ID_PATTERN as ID_PATTERN
from aicident.plan.schema_base import INCIDENT_FACTS as INCIDENT_FACTS
from aicident.plan.schema_base import SECONDS_RE as SECONDS_RE
from aicident.plan.schema_base import SEVERITY_ID_PATTERN as SEVERITY_ID_PATTERN
from aicident.plan.schema_base import _Strict as _Strict
from aicident.plan.schema_base import check_duration as check_duration
from aicident.plan.schema_base import check_facts as check_facts
from aicident.plan.schema_base import seconds_of as seconds_of
from aicident.plan.schema_comms import AudienceDelivery as AudienceDelivery
from aicident.plan.schema_comms import Comms as Comms
from aicident.plan.schema_comms import CountingRuleSpec as CountingRuleSpec
from aicident.plan.schema_comms import MatrixCell as MatrixCell
from aicident.plan.schema_comms import RegulatoryClock as RegulatoryClock
from aicident.plan.schema_comms import Reminders as Reminders
from aicident.plan.schema_containment import CONTAINMENT_PERMISSIONS as CONTAINMENT_PERMISSIONS
from aicident.plan.schema_containment import CONTROL_ACTIONS as CONTROL_ACTIONS
from aicident.plan.schema_containment import FEATURE_NAME_PATTERN as FEATURE_NAME_PATTERN
from aicident.plan.schema_containment import ApprovalRule as ApprovalRule
from aicident.plan.schema_containment import Containment as Containment
from aicident.plan.schema_containment import Feature as Feature
from aicident.plan.schema_notify import CHANNEL_TYPES as CHANNEL_TYPES
from aicident.plan.schema_notify import Notify as Notify
from aicident.plan.schema_notify import NotifyChannel as NotifyChannel
from aicident.plan.schema_slack import SLACK_POSTABLE as SLACK_POSTABLE
from aicident.plan.schema_slack import Slack as Slack
from aicident.plan.schema_templates import CUSTOMER_CONTEXT as CUSTOMER_CONTEXT
from aicident.plan.schema_templates import CUSTOMER_FACTS as CUSTOMER_FACTS
from aicident.plan.schema_templates import ORGANISATION_SETTINGS as ORGANISATION_SETTINGS
from aicident.plan.schema_templates import REQUIRED_TEMPLATES as REQUIRED_TEMPLATES
from aicident.plan.schema_templates import SLOT_SOURCES as SLOT_SOURCES
from aicident.plan.schema_templates import Organisation as Organisation
from aicident.plan.schema_templates import Slot as Slot
from aicident.plan.schema_templates import Template as Template

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


class Reviews(_Strict):
    """The post-incident review."""

    external_attendees: bool = Field(
        default=False,
        description="Attendees may include people outside aicident, named in free text (e.g. 'Jane Roe, Acme "
        "counsel'); a name that could be a handle must still be a registered person.",
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


Plan.model_rebuild()
