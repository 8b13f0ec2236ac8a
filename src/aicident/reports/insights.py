"""Response metrics over a period (pure): time to acknowledge, contain and resolve, and deadline compliance, per
severity or category.

Acknowledge runs from declared to triaged, contain from detected to contained, resolve from detected to resolved.
The p90 is the nearest-rank percentile (the smallest value with at least 90% of the values at or below it), so
every number can be worked out by hand from the durations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from aicident.errors import InvalidInput

GROUPINGS = ("severity", "category")
MEASURES = (
    ("acknowledge", "declared_at", "triaged_at"),
    ("contain", "detected_at", "contained_at"),
    ("resolve", "detected_at", "resolved_at"),
)
UNSET = "(none)"


@dataclass(frozen=True)
class IncidentTimes:
    """What the metrics read of one incident."""

    id: str
    severity: str | None
    category: str
    declared_at: datetime
    detected_at: datetime
    triaged_at: datetime | None = None
    contained_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class DeadlineOutcome:
    """One deadline row: counted as due once its due time has passed or it was met; waived ones are not counted."""

    incident_id: str
    kind: str
    due_at: datetime
    met_at: datetime | None
    waived: bool


@dataclass(frozen=True)
class Summary:
    count: int
    median: float | None
    p90: float | None
    mean: float | None

    def as_dict(self) -> dict:
        return {"count": self.count, "median_seconds": self.median, "p90_seconds": self.p90, "mean_seconds": self.mean}


def summarize(seconds: list[float]) -> Summary:
    if not seconds:
        return Summary(0, None, None, None)
    values = sorted(seconds)
    n = len(values)
    middle = n // 2
    median = values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2
    p90 = values[max(math.ceil(0.9 * n), 1) - 1]
    return Summary(n, float(median), float(p90), sum(values) / n)


@dataclass
class Group:
    key: str
    incidents: int = 0
    durations: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m, _s, _e in MEASURES})
    deadlines_due: int = 0
    deadlines_met_on_time: int = 0

    def as_dict(self) -> dict:
        compliance = self.deadlines_met_on_time / self.deadlines_due if self.deadlines_due else None
        return {
            "key": self.key,
            "incidents": self.incidents,
            **{measure: summarize(values).as_dict() for measure, values in self.durations.items()},
            "deadlines": {
                "due": self.deadlines_due,
                "met_on_time": self.deadlines_met_on_time,
                "compliance": compliance,
            },
        }


def check_period(since: datetime | None, until: datetime | None, by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"cannot group metrics by {by!r}", allowed=f"one of: {', '.join(GROUPINGS)}")
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise InvalidInput(f"{name} has no UTC offset", allowed="ISO 8601 with an offset, e.g. 2026-11-01T00:00Z")
    if since and until and since >= until:
        raise InvalidInput("since must be before until", allowed="a period whose start comes before its end")


def compute(
    incidents: list[IncidentTimes], deadlines: list[DeadlineOutcome], *, now: datetime, by: str | None = None
) -> dict:
    """The metrics of these incidents (already chosen by period), over all of them and per group."""
    check_period(None, None, by)
    overall = Group("all")
    groups: dict[str, Group] = {}
    owner = {}
    for incident in incidents:
        targets = [overall]
        if by is not None:
            key = getattr(incident, by) or UNSET
            targets.append(groups.setdefault(key, Group(key)))
        owner[incident.id] = targets
        for group in targets:
            group.incidents += 1
            for measure, start, end in MEASURES:
                ended = getattr(incident, end)
                if ended is not None:
                    group.durations[measure].append((ended - getattr(incident, start)).total_seconds())
    for deadline in deadlines:
        if deadline.waived or deadline.incident_id not in owner:
            continue
        if deadline.met_at is None and deadline.due_at > now:
            continue  # still running: neither met nor missed yet
        for group in owner[deadline.incident_id]:
            group.deadlines_due += 1
            if deadline.met_at is not None and deadline.met_at <= deadline.due_at:
                group.deadlines_met_on_time += 1
    return {"by": by, "overall": overall.as_dict(), "groups": [groups[key].as_dict() for key in sorted(groups)]}
