"""The response plan as data: what is owed to whom, and when.

The communications matrix (a cell per severity and audience), the regulatory clocks and the plan's own counting
rules for them, reminders before and at deadlines, and how messages to each audience go out ([comms]). Part of
``aicident.plan.schema``, which re-exports it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from aicident.plan.schema_base import CLOCK_EVENTS, ID_PATTERN, _Strict, check_duration, check_facts


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
