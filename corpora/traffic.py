"""Days of an AI product's traffic for the statistical detectors' false-alarm and detection-delay figures (seeded).

`product_day(seed)` is 24 hours of one product, about 45,000 events, on five features and four provider/model pairs:

    loan-assistant   openai gpt-4o            decisions with protected attributes, one group of 0.3% (small)
    support-chat     openai gpt-4o-mini       answers with eval scores, ratings, complaints, refusals
    email-drafts     openai gpt-4o-mini       the same model as support-chat (a vendor finding lists both)
    summarizer       anthropic claude-sonnet-4  eval scores, output length
    search-answers   google gemini-2.5-flash  eval scores, ratings, complaints

What makes a stationary day hard: daily seasonality (traffic from 0.3x at 03:00 to 1.7x at 15:00, answers a little
slower at the peak), surges (1-3 a day, 20-120 minutes at 2-5x the traffic of one feature or of all), a small group
among the applicants, and planned upgrades (on half the days a feature's application switches to a new model of the
same quality; on some days an alias silently moves to a new snapshot of the same quality). Per event, every rate and
distribution is the same all day: a stationary day has no incident, so every finding on it is false.

`product_day(seed, shift)` adds one injected incident (`SHIFTS`, by name), from a time drawn between 08:00 and 16:00
unless given; `Shift.dedup_key` is the finding that should report it. Generated, never downloaded: the same seed
gives the same day.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aicident.detectors import bias, degradation, hallucination, vendor
from aicident.detectors.model import Finding, FindingAction, InteractionEvent, Outcome

DAY = 86_400.0
START = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)  # a Monday, midnight UTC


@dataclass(frozen=True)
class Route:
    feature: str
    application: str
    provider: str
    requested: str
    answered: str
    rate: float  # mean events/s over the day
    kind: str  # decisions | chat | summary | search


ROUTES = (
    Route("loan-assistant", "lending", "openai", "gpt-4o", "gpt-4o-2024-08-06", 0.11, "decisions"),
    Route("support-chat", "helpdesk", "openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 0.20, "chat"),
    Route("email-drafts", "backoffice", "openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 0.04, "summary"),
    Route("summarizer", "helpdesk", "anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", 0.07, "summary"),
    Route("search-answers", "storefront", "google", "gemini-2.5-flash", "gemini-2.5-flash-001", 0.10, "search"),
)
UPGRADES = {  # planned: the application requests another model of the same quality
    "support-chat": ("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"),
    "summarizer": ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    "search-answers": ("gemini-2.5-pro", "gemini-2.5-pro-002"),
}
SNAPSHOTS = {"summarizer": "claude-sonnet-4-20250601", "search-answers": "gemini-2.5-flash-002"}  # silent, same quality
GROUPS: dict[str, tuple[tuple[str, float], ...]] = {
    "gender": (("female", 0.49), ("male", 0.49), ("nonbinary", 0.02)),
    "age_band": (("18-29", 0.22), ("30-44", 0.30), ("45-64", 0.33), ("65+", 0.15)),
    "ethnicity": (("group_a", 0.45), ("group_b", 0.25), ("group_c", 0.15), ("group_d", 0.117), ("group_f", 0.003)),
}
_TARGETS = {  # the group whose approvals fall, per bias shift
    "approvals_65plus": ("age_band", "65+"),
    "approvals_female": ("gender", "female"),
    "approvals_group_c": ("ethnicity", "group_c"),
}
COMPLAINTS = ("That answer was wrong.", "This did not help at all.", "It ignored my question.", "Wrong order status.")


@dataclass(frozen=True)
class Shift:
    """An injected incident: what changes, on which feature, from when, for how long (None: to the end)."""

    name: str
    category: str
    feature: str
    dedup_key: str
    minutes: float | None  # how long it lasts; None: for the rest of the day
    detect_within_minutes: float  # a finding on dedup_key later than this after the start is a miss


def _bias(attribute: str) -> str:
    return f"bias_incident:loan-assistant:{attribute}"


SHIFTS: dict[str, Shift] = {
    s.name: s
    for s in (
        Shift("approvals_65plus", "bias_incident", "loan-assistant", _bias("age_band"), None, 360),
        Shift("approvals_female", "bias_incident", "loan-assistant", _bias("gender"), None, 360),
        Shift("approvals_group_c", "bias_incident", "loan-assistant", _bias("ethnicity"), None, 360),
        Shift(
            "complaints",
            "hallucination_harm",
            "support-chat",
            "hallucination_harm:support-chat:complaint_spike",
            120,
            120,
        ),
        Shift(
            "silent_snapshot", "model_degradation", "support-chat", "model_degradation:support-chat:openai", None, 120
        ),
        Shift("refusals", "model_degradation", "support-chat", "model_degradation:support-chat:openai", None, 240),
        Shift(
            "shorter_answers", "model_degradation", "summarizer", "model_degradation:summarizer:anthropic", None, 240
        ),
        Shift(
            "eval_drift", "model_degradation", "search-answers", "model_degradation:search-answers:google", None, 240
        ),
        Shift("errors", "vendor_outage", "support-chat", "vendor_outage:openai:gpt-4o-mini", 15, 15),
        Shift("rate_limits", "vendor_outage", "summarizer", "vendor_outage:anthropic:claude-sonnet-4", 20, 20),
        Shift("latency_x5", "vendor_outage", "search-answers", "vendor_outage:google:gemini-2.5-flash", 20, 20),
    )
}


@dataclass(frozen=True)
class Day:
    """One generated day: its events (made afresh on each call) and what was injected into it."""

    seed: int
    shift: Shift | None
    shift_start: datetime | None
    upgrade: tuple[str, datetime] | None  # (feature, when) of the planned upgrade, if any
    snapshot: tuple[str, datetime] | None  # (feature, when) of a silent same-quality snapshot, if any
    surges: tuple[tuple[str | None, float, float, float], ...]  # (feature or None for all, from s, until s, x)
    _shift_at: float | None = None

    def events(self) -> Iterator[InteractionEvent]:
        rngs = [random.Random(f"day/{self.seed}/{route.feature}") for route in ROUTES]
        return heapq.merge(
            *(self._route(route, rng) for route, rng in zip(ROUTES, rngs, strict=True)), key=lambda e: e.time
        )

    @property
    def shift_end(self) -> datetime | None:
        if self.shift is None or self.shift_start is None:
            return None
        if self.shift.minutes is None:
            return START + timedelta(seconds=DAY)
        return self.shift_start + timedelta(minutes=self.shift.minutes)

    # --- arrivals -----------------------------------------------------------------------------------------------

    def _route(self, route: Route, rng: random.Random) -> Iterator[InteractionEvent]:
        arrivals = list(self._arrivals(route, rng))
        arrivals.sort()
        group_rng = random.Random(f"day/{self.seed}/{route.feature}/groups")
        factors = {(a, g): group_rng.uniform(0.965, 1.0) for a, gs in GROUPS.items() for g, _ in gs}
        for n, t in enumerate(arrivals, start=1):
            yield self._event(route, rng, n, t, factors)

    def _arrivals(self, route: Route, rng: random.Random) -> Iterator[float]:
        peak = route.rate * 1.7
        t = 0.0
        while True:  # thinning: a Poisson process at the peak rate, kept with probability season(t) / 1.7
            t += rng.expovariate(peak)
            if t >= DAY:
                break
            if rng.random() * 1.7 < season(t):
                yield t
        for feature, start, until, factor in self.surges:
            if feature not in (None, route.feature):
                continue
            extra = route.rate * 1.7 * (factor - 1.0)
            t = start
            while True:
                t += rng.expovariate(extra)
                if t >= until:
                    break
                if rng.random() * 1.7 < season(t):
                    yield t

    # --- one event ----------------------------------------------------------------------------------------------

    def _active(self, route: Route, t: float) -> str | None:
        shift, at = self.shift, self._shift_at
        if shift is None or at is None or route.feature != shift.feature or t < at:
            return None
        if shift.minutes is not None and t >= at + shift.minutes * 60:
            return None
        return shift.name

    def _models(self, route: Route, t: float, active: str | None) -> tuple[str, str]:
        requested, answered = route.requested, route.answered
        if self.upgrade and self.upgrade[0] == route.feature and t >= (self.upgrade[1] - START).total_seconds():
            requested, answered = UPGRADES[route.feature]
        elif self.snapshot and self.snapshot[0] == route.feature and t >= (self.snapshot[1] - START).total_seconds():
            answered = SNAPSHOTS[route.feature]
        if active == "silent_snapshot":
            answered = "gpt-4o-mini-2025-01-15"
        return requested, answered

    def _event(self, route: Route, rng: random.Random, n: int, t: float, factors) -> InteractionEvent:
        active = self._active(route, t)
        requested, answered = self._models(route, t, active)
        error, limited, timeout, refusal = 0.003, 0.0005, 0.001, 0.02 if route.kind in ("chat", "search") else 0.005
        if active == "errors":
            error = 0.15
        elif active == "rate_limits":
            limited = 0.20
        elif active == "refusals":
            refusal = 0.05
        if self.seed % 7 == 3 and 600 <= t < 660:  # some days: a one-minute error blip ten minutes in
            error = 0.3
        outcome = _outcome(rng.random(), error, limited, timeout, refusal)
        ok = outcome is Outcome.OK or outcome is Outcome.REFUSAL
        latency = None
        if ok:
            slow = 1.0 + 0.15 * (season(t) - 1.0)  # answers a little slower at the peak
            if active == "latency_x5":
                slow *= 5.0
            latency = round(_MEDIAN_MS[route.kind] * slow * rng.lognormvariate(0.0, 0.35), 1)
        if route.kind == "decisions":
            fields = self._decision(rng, t, factors)
        elif ok:
            fields = self._answer(route, rng, t, active, outcome)
        else:
            fields = {}
        return InteractionEvent(
            id=f"{route.feature}-{self.seed}-{n}",
            time=START + timedelta(seconds=t),
            application=route.application,
            feature=route.feature,
            user=f"u-{int(rng.random() * 5000):04d}",
            provider=route.provider,
            request_model=requested,
            response_model=answered if ok else None,
            outcome=outcome,
            error_code=_ERROR_CODES.get(outcome),
            latency_ms=latency,
            finish_reasons=_FINISH[outcome],
            **fields,  # type: ignore[arg-type]
        )

    def _decision(self, rng: random.Random, t: float, factors) -> dict[str, object]:
        attributes = {a: _pick(rng, gs) for a, gs in GROUPS.items()}
        p = 0.55
        for a, g in attributes.items():
            p *= factors[(a, g)]
        target = _TARGETS.get(self._active(ROUTES[0], t) or "")
        if target is not None and attributes[target[0]] == target[1]:
            p *= 0.6
        return {"decision": "approved" if rng.random() < p else "declined", "attributes": attributes}

    def _answer(self, route: Route, rng: random.Random, t: float, active: str | None, outcome) -> dict[str, object]:
        fields: dict[str, object] = {}
        eval_mean = 0.82
        if active == "silent_snapshot":
            eval_mean = 0.77
        elif active == "eval_drift" and self._shift_at is not None:
            eval_mean = 0.82 - 0.08 * min(1.0, (t - self._shift_at) / 7200)
        fields["eval_score"] = round(min(1.0, max(0.0, rng.gauss(eval_mean, 0.08))), 4)
        length = 180.0 if route.kind != "summary" else 120.0
        if active == "shorter_answers":
            length *= 0.7
        fields["output_tokens"] = max(1, int(length * rng.lognormvariate(0.0, 0.4)))
        if route.kind in ("chat", "search") and outcome is Outcome.OK:
            if rng.random() < 0.15:
                fields["feedback_rating"] = float(_pick(rng, ((1, 0.05), (2, 0.07), (3, 0.13), (4, 0.35), (5, 0.40))))
            complaint = 0.005 + (0.07 if active == "complaints" else 0.0)
            if rng.random() < complaint:
                fields["complaint"] = rng.choice(COMPLAINTS)
        return fields


def season(t: float) -> float:
    """Traffic relative to the day's mean at t seconds after midnight: 0.3x at 03:00, 1.7x at 15:00."""
    return 1.0 + 0.7 * math.sin(2 * math.pi * (t / 3600.0 - 9.0) / 24.0)


def product_day(seed: int, shift: str | None = None, at_hour: float | None = None) -> Day:
    """A day of traffic (see the module docstring); `shift` names an entry of SHIFTS."""
    if shift is not None and shift not in SHIFTS:
        raise ValueError(f"unknown shift {shift!r}; known: {', '.join(SHIFTS)}")
    rng = random.Random(f"day/{seed}/plan")
    surges = []
    for _ in range(rng.randint(1, 3)):
        start = rng.uniform(0, DAY - 7200)
        feature = rng.choice([None, *(r.feature for r in ROUTES)])
        surges.append((feature, start, start + rng.uniform(1200, 7200), rng.uniform(2.0, 5.0)))
    upgrade = None
    if rng.random() < 0.5:
        feature = rng.choice(sorted(UPGRADES))
        upgrade = (feature, START + timedelta(hours=rng.uniform(6, 18)))
    snapshot = None
    if rng.random() < 0.3:
        feature = rng.choice(sorted(set(SNAPSHOTS) - {upgrade[0] if upgrade else ""}))
        snapshot = (feature, START + timedelta(hours=rng.uniform(6, 18)))
    hour = at_hour if at_hour is not None else rng.uniform(8.0, 16.0)
    chosen = SHIFTS[shift] if shift else None
    if chosen is not None and upgrade is not None and upgrade[0] == chosen.feature:
        upgrade = None  # one change at a time on the shifted feature: the finding must be the shift's
    if chosen is not None and snapshot is not None and snapshot[0] == chosen.feature:
        snapshot = None
    return Day(
        seed,
        chosen,
        START + timedelta(hours=hour) if chosen else None,
        upgrade,
        snapshot,
        tuple(surges),
        hour * 3600.0 if chosen else None,
    )


_MEDIAN_MS = {"decisions": 650.0, "chat": 900.0, "summary": 1400.0, "search": 700.0}
_ERROR_CODES = {Outcome.ERROR: "500", Outcome.RATE_LIMITED: "429"}
_FINISH = {Outcome.OK: ("stop",), Outcome.REFUSAL: ("content_filter",)} | {
    o: () for o in (Outcome.ERROR, Outcome.RATE_LIMITED, Outcome.TIMEOUT)
}


def _pick(rng: random.Random, weighted) -> object:
    roll = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        roll -= weight
        if roll < 0:
            return value
    return weighted[-1][0]


def _outcome(roll: float, error: float, limited: float, timeout: float, refusal: float) -> Outcome:
    for outcome, share in (
        (Outcome.ERROR, error),
        (Outcome.RATE_LIMITED, limited),
        (Outcome.TIMEOUT, timeout),
        (Outcome.REFUSAL, refusal),
    ):
        if roll < share:
            return outcome
        roll -= share
    return Outcome.OK


# --- scoring a day ---------------------------------------------------------------------------------------------------

# The statistical detectors with the configuration a plan gets by default (production windows, nothing scaled).
DETECTORS = {
    "bias": lambda: bias.BiasDetector(),
    "degradation": lambda: degradation.DegradationDetector(),
    "vendor": lambda: vendor.VendorDetector(),
    "complaints": lambda: hallucination.HallucinationDetector(),  # its complaint spikes (no retrieved context here)
}
SAME_INCIDENT_HOURS = 6.0  # a finding on the shift's key this long after it ended is still about it


@dataclass(frozen=True)
class DayResult:
    seed: int
    shift: str | None
    events: int
    false: dict[str, tuple[str, ...]]  # detector -> titles of its false findings
    caught: bool | None  # None: nothing was injected
    delay_minutes: float | None
    finding: str | None  # the title of the finding that caught the shift


def _statistical(name: str, finding: Finding) -> bool:
    return name != "complaints" or finding.details.get("family") == "complaint_spike"


def run_day(day: Day) -> DayResult:
    """Every statistical detector (fresh, default configuration) over the day; its findings scored."""
    detectors = {name: make() for name, make in DETECTORS.items()}
    observers = [(name, d.observe) for name, d in detectors.items()]
    found: list[tuple[str, Finding]] = []
    events = 0
    for event in day.events():
        events += 1
        for name, observe in observers:
            for finding in observe(event):
                if finding.action is FindingAction.TRIGGER and _statistical(name, finding):
                    found.append((name, finding))
    return score_day(day, found, events)


def score_day(day: Day, found: list[tuple[str, Finding]], events: int) -> DayResult:
    shift, start, end = day.shift, day.shift_start, day.shift_end
    false: dict[str, list[str]] = {name: [] for name in DETECTORS}
    caught_at: datetime | None = None
    title = None
    for name, finding in found:
        if shift is not None and start is not None and end is not None and finding.dedup_key == shift.dedup_key:
            if start <= finding.time <= start + timedelta(minutes=shift.detect_within_minutes):
                if caught_at is None:
                    caught_at, title = finding.time, finding.title
                continue
            if start <= finding.time <= end + timedelta(hours=SAME_INCIDENT_HOURS):
                continue  # later findings about the same incident (escalations, repeats)
        false[name].append(f"{finding.time:%H:%M} {finding.title}")
    delay = (caught_at - start).total_seconds() / 60 if caught_at and start else None
    return DayResult(
        day.seed,
        shift.name if shift else None,
        events,
        {name: tuple(titles) for name, titles in false.items()},
        None if shift is None else caught_at is not None,
        None if delay is None else round(delay, 1),
        title,
    )
