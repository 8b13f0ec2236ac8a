"""The response plan as data: what every part of a plan file shares.

The strict model every part derives from (it forbids unknown keys, so a misspelt key is an error, never a silent
default), the patterns of ids, durations as deadlines count them (`check_duration`: minutes to months, business
days) and in clock units (`seconds_of`), and the incident facts and clock events a plan condition may name. Part of
``aicident.plan.schema``, which re-exports it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

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
