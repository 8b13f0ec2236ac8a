"""Labelled event streams for the statistical detectors (bias, model degradation, vendor outage), made by seeded
generators: the same seed gives the same events, nothing is downloaded.

Each stream is a control (stationary: no change, so any alarm is false), a change (an injected incident with the
window in which finding it counts), or a hard negative (looks like an incident but is not: a planned upgrade to an
equally good model, a group too small to judge, latency spikes short of the burn rate).

    for stream in bias_streams([11, 12]): findings = run(BiasDetector(EVAL_CONFIGS["bias"]), stream)

`evaluate(seed)` scores each detector on streams made from seeds that were not used to tune it (TRAINING_SEEDS).
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aicident.detectors import bias, degradation, vendor
from aicident.detectors.evaluation import EvalResult
from aicident.detectors.model import Detector, Finding, FindingAction, InteractionEvent, Outcome
from aicident.errors import InvalidInput

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
TRAINING_SEEDS = tuple(range(1, 51))  # the only seeds the thresholds and stream parameters were tuned on
HOUR = 3600.0

# The detector configurations the evaluation runs with. The vendor windows are scaled by 1/12 (an hour becomes five
# minutes) so a stream covers the six-hour ticket window in a test-sized number of events.
EVAL_CONFIGS = {
    "bias": bias.Config(),
    "degradation": degradation.Config(),
    "vendor": vendor.Config(window_scale=1 / 12),
}


@dataclass(frozen=True)
class Change:
    """An injected incident: an alarm on `dedup_key` between start and detect_by is a true positive; alarms on it
    until `end` are about the same incident (not false); a RESOLVE is due by `resolve_by` when the incident ends."""

    kind: str
    dedup_key: str
    start: datetime
    detect_by: datetime
    end: datetime
    resolve_by: datetime | None = None


@dataclass(frozen=True)
class LabelledStream:
    name: str
    category: str
    kind: str  # control | change | hard_negative
    seed: int
    changes: tuple[Change, ...]
    make: Callable[[], Iterator[InteractionEvent]] = field(repr=False, compare=False)

    def events(self) -> Iterator[InteractionEvent]:
        """The events in time order, generated afresh (a stream is never held in memory whole)."""
        return self.make()


def _at(offset: float) -> datetime:
    return START + timedelta(seconds=offset)


def _pick(rng: random.Random, cumulative: Sequence[float], names: Sequence[str]) -> str:
    return names[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# --- bias ------------------------------------------------------------------------------------------------------------

BIAS_FEATURE = "loan-assistant"
BIAS_GROUPS: dict[str, tuple[tuple[str, float], ...]] = {
    "gender": (("female", 0.49), ("male", 0.49), ("nonbinary", 0.02)),
    "age_band": (("18-29", 0.22), ("30-44", 0.30), ("45-64", 0.33), ("65+", 0.15)),
    "ethnicity": (("group_a", 0.45), ("group_b", 0.25), ("group_c", 0.15), ("group_d", 0.12), ("group_e", 0.03)),
}
BIAS_TARGETS = (("age_band", "65+"), ("gender", "female"), ("ethnicity", "group_c"), ("ethnicity", "group_b"))
SMALL_GROUP = ("ethnicity", "group_f", 0.003, 0.35)  # share ~11 an hour (min size 30), selected at 0.35x


def bias_stream(
    seed: int,
    scenario: str = "control",
    variant: int = 0,
    *,
    hours: float = 6.0,
    per_second: float = 1.0,
    drop: float = 0.6,
) -> LabelledStream:
    """Loan decisions at `per_second`, base approval 0.55 with mild legitimate differences between groups.

    scenario: control | drop (a group's approval rate falls to `drop`x at 2.5 h and stays) | drop_recover (falls at
    2 h, recovers at 3.5 h) | small_group (hard negative: a group always below the minimum size, at a low rate).
    variant picks the target group from BIAS_TARGETS.
    """
    window = EVAL_CONFIGS["bias"].window_seconds
    attribute, target = BIAS_TARGETS[variant % len(BIAS_TARGETS)]
    key = f"{bias.CATEGORY}:{BIAS_FEATURE}:{attribute}"
    changes: tuple[Change, ...] = ()
    drop_from = drop_until = math.inf
    if scenario == "drop":
        drop_from = 2.5 * HOUR
        changes = (Change("selection rate drop", key, _at(drop_from), _at(drop_from + window), _at(hours * HOUR)),)
    elif scenario == "drop_recover":
        drop_from, drop_until = 2.0 * HOUR, 3.5 * HOUR
        found_by, resolve_by = _at(drop_from + window), _at(drop_until + 1.5 * window)
        changes = (Change("selection rate drop", key, _at(drop_from), found_by, _at(drop_until + window), resolve_by),)
    elif scenario not in ("control", "small_group"):
        raise InvalidInput(f"unknown bias scenario {scenario!r}", allowed="control, drop, drop_recover, small_group")

    def make() -> Iterator[InteractionEvent]:
        rng = random.Random(f"bias/{seed}")
        groups = {a: [list(g) for g in gs] for a, gs in BIAS_GROUPS.items()}
        if scenario == "small_group":
            groups[SMALL_GROUP[0]].append([SMALL_GROUP[1], SMALL_GROUP[2]])
        tables = {a: (_cumulative([w for _, w in gs]), [n for n, _ in gs]) for a, gs in groups.items()}
        # Mild, legitimate differences (true impact ratio per attribute >= 0.965), fixed per seed.
        factor = {(a, n): rng.uniform(0.965, 1.0) for a, gs in groups.items() for n, _ in gs}
        if scenario == "small_group":
            factor[(SMALL_GROUP[0], SMALL_GROUP[1])] = SMALL_GROUP[3]
        t, i = 0.0, 0
        while True:
            t += rng.expovariate(per_second)
            if t >= hours * HOUR:
                return
            attributes = {a: _pick(rng, cum, names) for a, (cum, names) in tables.items()}
            p = 0.55
            for a, g in attributes.items():
                p *= factor[(a, g)]
            if drop_from <= t < drop_until and attributes[attribute] == target:
                p *= drop
            i += 1
            yield InteractionEvent(
                id=f"bias-{seed}-{i}",
                time=_at(t),
                application="lending",
                feature=BIAS_FEATURE,
                provider="openai",
                request_model="gpt-4o",
                response_model="gpt-4o-2024-08-06",
                attributes=attributes,
                decision="approved" if rng.random() < p else "declined",
                latency_ms=rng.lognormvariate(6.5, 0.3),
            )

    kind = "change" if changes else ("control" if scenario == "control" else "hard_negative")
    return LabelledStream(f"bias/{scenario}/{variant}", bias.CATEGORY, kind, seed, changes, make)


# --- model degradation -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    """How one model version behaves on a feature."""

    eval_mean: float = 0.82
    eval_sd: float = 0.08
    feedback_weights: tuple[float, ...] = (0.05, 0.07, 0.13, 0.35, 0.40)  # ratings 1..5
    feedback_share: float = 0.15  # share of answers that get a rating
    refusal: float = 0.02
    error: float = 0.01
    length_median: float = 180.0  # output tokens
    latency_median: float = 800.0  # ms

    def but(self, **changes: object) -> Quality:
        return Quality(**{**self.__dict__, **changes})


BASE = Quality()
DEGRADED = (  # what a silent version change does to quality, by variant
    BASE.but(eval_mean=0.77),
    BASE.but(refusal=0.09, eval_mean=0.80),
    BASE.but(length_median=110.0, feedback_weights=(0.12, 0.13, 0.2, 0.3, 0.25)),
    BASE.but(latency_median=1200.0, eval_mean=0.79),
)
DEGRADATION_FEATURE, DEGRADATION_PROVIDER = "support-chat", "openai"
OLD_MODEL, NEW_SNAPSHOT, UPGRADE_MODEL = "gpt-4o-2024-08-06", "gpt-4o-2024-11-20", "gpt-4.1-2025-04-14"


def degradation_stream(
    seed: int, scenario: str = "control", variant: int = 0, *, hours: float = 4.0, per_second: float = 1.0
) -> LabelledStream:
    """Chat answers from openai (and stationary background traffic from anthropic on another feature).

    scenario: control | silent_change (at 2 h the answered model changes, the requested alias does not, and quality
    drops as DEGRADED[variant]) | legit_upgrade (hard negative: the application requests a new model at 2 h, quality
    unchanged) | silent_same (hard negative: the alias moves to a new snapshot, quality unchanged) | drift (eval
    scores fall linearly from 0.82 to 0.72 between 1.5 h and 3.5 h, no version change).
    """
    config = EVAL_CONFIGS["degradation"]
    key = f"{degradation.CATEGORY}:{DEGRADATION_FEATURE}:{DEGRADATION_PROVIDER}"
    change_at = 2.0 * HOUR
    changes: tuple[Change, ...] = ()
    if scenario == "silent_change":
        found_by = _at(change_at + config.after_seconds)
        changes = (Change("silent version change with quality drop", key, _at(change_at), found_by, _at(hours * HOUR)),)
    elif scenario == "drift":
        changes = (Change("gradual eval drift", key, _at(1.5 * HOUR), _at(3.5 * HOUR), _at(hours * HOUR)),)
    elif scenario not in ("control", "legit_upgrade", "silent_same"):
        raise InvalidInput(
            f"unknown degradation scenario {scenario!r}",
            allowed="control, silent_change, legit_upgrade, silent_same, drift",
        )

    def make() -> Iterator[InteractionEvent]:
        rng = random.Random(f"degradation/{seed}")
        background = random.Random(f"degradation-background/{seed}")
        main = _answers(
            rng,
            seed,
            per_second,
            hours,
            (DEGRADATION_FEATURE, DEGRADATION_PROVIDER),
            _version_plan(scenario, variant, change_at),
        )
        other = _answers(
            background,
            seed,
            per_second / 2,
            hours,
            ("summarizer", "anthropic"),
            lambda t: ("claude-sonnet-4", "claude-sonnet-4-20250514", BASE),
        )
        return _merge(main, other)

    kind = "change" if changes else ("control" if scenario == "control" else "hard_negative")
    return LabelledStream(f"degradation/{scenario}/{variant}", degradation.CATEGORY, kind, seed, changes, make)


def _version_plan(scenario: str, variant: int, change_at: float) -> Callable[[float], tuple[str, str, Quality]]:
    def plan(t: float) -> tuple[str, str, Quality]:
        if scenario == "drift":
            progress = min(1.0, max(0.0, (t - 1.5 * HOUR) / (2.0 * HOUR)))
            return "gpt-4o", OLD_MODEL, BASE.but(eval_mean=0.82 - 0.10 * progress)
        if t < change_at or scenario == "control":
            return ("gpt-4o" if scenario != "legit_upgrade" else OLD_MODEL), OLD_MODEL, BASE
        if scenario == "silent_change":
            return "gpt-4o", NEW_SNAPSHOT, DEGRADED[variant % len(DEGRADED)]
        if scenario == "legit_upgrade":
            return UPGRADE_MODEL, UPGRADE_MODEL, BASE
        return "gpt-4o", NEW_SNAPSHOT, BASE  # silent_same

    return plan


def _answers(
    rng: random.Random,
    seed: int,
    per_second: float,
    hours: float,
    route: tuple[str, str],
    plan: Callable[[float], tuple[str, str, Quality]],
) -> Iterator[InteractionEvent]:
    feature, provider = route
    t, i = 0.0, 0
    ratings = (1.0, 2.0, 3.0, 4.0, 5.0)
    while True:
        t += rng.expovariate(per_second)
        if t >= hours * HOUR:
            return
        requested, answered, q = plan(t)
        i += 1
        outcome = _outcome(rng.random(), error=q.error, refusal=q.refusal)
        ok = outcome is not Outcome.ERROR
        rating = None
        if ok and rng.random() < q.feedback_share:
            rating = ratings[bisect.bisect_right(_cumulative(q.feedback_weights), rng.random())]
        yield InteractionEvent(
            id=f"{feature}-{seed}-{i}",
            time=_at(t),
            application="helpdesk",
            feature=feature,
            provider=provider,
            request_model=requested,
            response_model=answered if ok else None,
            outcome=outcome,
            feedback_rating=rating,
            latency_ms=q.latency_median * rng.lognormvariate(0.0, 0.35) if ok else None,
            output_tokens=max(1, int(q.length_median * rng.lognormvariate(0.0, 0.4))) if ok else None,
            eval_score=min(1.0, max(0.0, rng.gauss(q.eval_mean, q.eval_sd))) if ok else None,
        )


def _merge(*streams: Iterator[InteractionEvent]) -> Iterator[InteractionEvent]:
    return heapq.merge(*streams, key=lambda e: e.time)


def _outcome(
    roll: float, *, error: float = 0.0, limited: float = 0.0, timeout: float = 0.0, refusal: float = 0.0
) -> Outcome:
    """Turn one uniform draw into an outcome with the given shares."""
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


# --- vendor outage ---------------------------------------------------------------------------------------------------

BURSTS = (  # (name, error share, rate-limited share, timeout share, latency multiplier) during the burst
    ("errors and timeouts", 0.12, 0.0, 0.08, 1.0),
    ("rate limiting", 0.0, 0.15, 0.0, 1.0),
    ("severe slowness", 0.0, 0.0, 0.01, 5.0),
)


def vendor_stream(
    seed: int,
    scenario: str = "control",
    variant: int = 0,
    *,
    minutes: float = 90.0,
    burst_at: float = 40.0,
    rate: float = 1.0,
) -> LabelledStream:
    """Calls to two providers (openai gpt-4o at 5/s, anthropic at 2/s, both times `rate`); windows as in
    EVAL_CONFIGS["vendor"].

    scenario: control | burst (openai fails as BURSTS[variant] for 15 minutes from `burst_at` minutes) |
    latency_noise (hard negative: short latency spikes and small error clusters, short of any burn-rate rule).
    Healthy traffic: 0.2% errors, 0.1% timeouts, latency lognormal with median 700 ms (about 1% above 2 s).
    """
    config = EVAL_CONFIGS["vendor"]
    key = f"{vendor.CATEGORY}:openai:gpt-4o"
    burst_from, burst_until = burst_at * 60.0, (burst_at + 15) * 60.0
    changes: tuple[Change, ...] = ()
    if scenario == "burst":
        ticket_long = config.ticket_long_seconds * config.window_scale
        name, end, resolve_by = BURSTS[variant % len(BURSTS)][0], _at(burst_until + ticket_long), _at(burst_until + 600)
        changes = (Change(name, key, _at(burst_from), _at(burst_until), end, resolve_by),)
    elif scenario not in ("control", "latency_noise"):
        raise InvalidInput(f"unknown vendor scenario {scenario!r}", allowed="control, burst, latency_noise")
    burst = BURSTS[variant % len(BURSTS)]

    def calls(rng: random.Random, provider: str, model: str, per_second: float, faulty: bool):
        spikes: list[tuple[float, float, float]] = []  # (from, until, latency multiplier) for latency_noise
        if scenario == "latency_noise" and faulty:
            s = 0.0
            while s < minutes * 60:
                s += rng.uniform(300, 700)
                spikes.append((s, s + rng.uniform(10, 40), 3.0))
        t, i, spike = 0.0, 0, 0
        while True:
            t += rng.expovariate(per_second)
            if t >= minutes * 60:
                return
            i += 1
            error, limited, timeout, slow = 0.002, 0.0, 0.001, 1.0
            if faulty and scenario == "burst" and burst_from <= t < burst_until:
                _, error, limited, timeout, slow = burst
            while spike < len(spikes) and spikes[spike][1] <= t:
                spike += 1
            if spike < len(spikes) and spikes[spike][0] <= t:
                slow = spikes[spike][2]
                error = 0.02  # small error clusters ride along with the spikes
            outcome = _outcome(rng.random(), error=error, limited=limited, timeout=timeout)
            yield InteractionEvent(
                id=f"{provider}-{seed}-{i}",
                time=_at(t),
                application="helpdesk",
                feature="support-chat",
                provider=provider,
                request_model=model,
                response_model=model if outcome is Outcome.OK else None,
                outcome=outcome,
                latency_ms=700.0 * slow * rng.lognormvariate(0.0, 0.45),
                error_code={Outcome.ERROR: "500", Outcome.RATE_LIMITED: "429"}.get(outcome),
            )

    def make() -> Iterator[InteractionEvent]:
        return _merge(
            calls(random.Random(f"vendor/{seed}/openai"), "openai", "gpt-4o", 5.0 * rate, True),
            calls(random.Random(f"vendor/{seed}/anthropic"), "anthropic", "claude-sonnet-4", 2.0 * rate, False),
        )

    kind = "change" if changes else ("control" if scenario == "control" else "hard_negative")
    return LabelledStream(f"vendor/{scenario}/{variant}", vendor.CATEGORY, kind, seed, changes, make)


# --- a mixed stream for the benchmark --------------------------------------------------------------------------------


def mixed_stream(seed: int, events: int, per_second: float = 50.0) -> Iterator[InteractionEvent]:
    """Traffic of several features and providers, every event carrying what the three detectors read.

    So that the benchmark also exercises the comparisons and alarms: from 40% of the stream the anthropic alias on
    support-chat answers with a new snapshot (quality unchanged), and from 60% to 65% mistral fails 30% of calls.
    """
    rng = random.Random(f"mixed/{seed}")
    routes = (
        ("loan-assistant", "openai", "gpt-4o", "gpt-4o-2024-08-06"),
        ("support-chat", "openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
        ("support-chat", "anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514"),
        ("summarizer", "mistral", "mistral-large-latest", "mistral-large-2411"),
        ("search-answers", "google", "gemini-2.5-flash", "gemini-2.5-flash"),
        ("loan-assistant", "anthropic", "claude-haiku-4", "claude-haiku-4-20251001"),
    )
    tables = {a: (_cumulative([w for _, w in gs]), [n for n, _ in gs]) for a, gs in BIAS_GROUPS.items()}
    new_snapshot, outage = int(0.4 * events), (int(0.6 * events), int(0.65 * events))
    t = 0.0
    for i in range(events):
        t += rng.expovariate(per_second)
        route = int(rng.random() * len(routes))
        feature, provider, requested, answered = routes[route]
        if route == 2 and i >= new_snapshot:
            answered = "claude-sonnet-4-20250929"
        error = 0.3 if route == 3 and outage[0] <= i < outage[1] else 0.003
        outcome = _outcome(rng.random(), error=error, timeout=0.001, refusal=0.016)
        lending = feature == "loan-assistant"
        yield InteractionEvent(
            id=f"mixed-{seed}-{i}",
            time=_at(t),
            application="demo",
            feature=feature,
            provider=provider,
            request_model=requested,
            response_model=answered if outcome is Outcome.OK else None,
            outcome=outcome,
            latency_ms=700.0 * rng.lognormvariate(0.0, 0.45),
            output_tokens=int(180 * rng.lognormvariate(0.0, 0.4)),
            eval_score=min(1.0, max(0.0, rng.gauss(0.82, 0.08))),
            feedback_rating=float(rng.randint(3, 5)) if rng.random() < 0.15 else None,
            decision=("approved" if rng.random() < 0.55 else "declined") if lending else None,
            attributes={a: _pick(rng, cum, names) for a, (cum, names) in tables.items()} if lending else {},
        )


# --- evaluation ------------------------------------------------------------------------------------------------------


def run(detector: Detector, stream: LabelledStream | Iterable[InteractionEvent]) -> list[Finding]:
    """Every finding the detector raises over the stream."""
    events = stream.events() if isinstance(stream, LabelledStream) else stream
    observe = detector.observe
    findings: list[Finding] = []
    for event in events:
        found = observe(event)
        if found:
            findings.extend(found)
    return findings


def score(stream: LabelledStream, findings: Sequence[Finding]) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of one stream: TP/FN per injected change, FP per alarm outside every change, TN per quiet
    stream without changes."""
    triggers = [f for f in findings if f.action is FindingAction.TRIGGER]

    def alarmed(change: Change, until: datetime, finding: Finding) -> bool:
        return finding.dedup_key == change.dedup_key and change.start <= finding.time <= until

    tp = sum(1 for c in stream.changes if any(alarmed(c, c.detect_by, f) for f in triggers))
    fp = sum(1 for f in triggers if not any(alarmed(c, c.end, f) for c in stream.changes))
    tn = 1 if not stream.changes and fp == 0 else 0
    return tp, fp, len(stream.changes) - tp, tn


# Every stream of a suite gets its own seed, so control and change streams do not share their noise.
def bias_streams(seeds: Sequence[int]) -> list[LabelledStream]:
    s = list(seeds)
    return (
        [bias_stream(x, "control") for x in s[0:3]]
        + [bias_stream(x, "drop", v) for v, x in enumerate(s[3:7])]
        + [bias_stream(x, "drop_recover", v) for v, x in enumerate(s[7:9])]
        + [bias_stream(x, "small_group") for x in s[9:11]]
    )


def degradation_streams(seeds: Sequence[int]) -> list[LabelledStream]:
    s = list(seeds)
    return (
        [degradation_stream(x, "control") for x in s[0:3]]
        + [degradation_stream(x, "silent_change", v) for v, x in enumerate(s[3:7])]
        + [degradation_stream(x, "legit_upgrade") for x in s[7:9]]
        + [degradation_stream(x, "silent_same") for x in s[9:11]]
        + [degradation_stream(x, "drift") for x in s[11:13]]
    )


def vendor_streams(seeds: Sequence[int]) -> list[LabelledStream]:
    s = list(seeds)
    return (
        [vendor_stream(x, "control") for x in s[0:3]]
        + [vendor_stream(x, "burst", v) for v, x in enumerate(s[3:6])]
        + [vendor_stream(x, "latency_noise") for x in s[6:9]]
    )


SUITES: dict[str, tuple[Callable[[Sequence[int]], list[LabelledStream]], Callable[[object], Detector]]] = {
    "bias": (bias_streams, bias.BiasDetector),
    "degradation": (degradation_streams, degradation.DegradationDetector),
    "vendor": (vendor_streams, vendor.VendorDetector),
}


def held_back_seeds(seed: int) -> list[int]:
    """Sixteen held-back seeds derived from `seed`; refused if any was used for tuning."""
    seeds = [seed * 1000 + i for i in range(16)]
    overlap = sorted(set(seeds) & set(TRAINING_SEEDS))
    if overlap:
        raise InvalidInput(f"seed {seed} would reuse the training seeds {overlap}", allowed="a seed >= 1")
    return seeds


CATEGORIES = {"bias": bias.CATEGORY, "degradation": degradation.CATEGORY, "vendor": vendor.CATEGORY}


def run_suite(name: str, seeds: Sequence[int]) -> list[tuple[LabelledStream, list[Finding]]]:
    """Run one detector (a fresh one per stream, configured as EVAL_CONFIGS[name]) over its streams."""
    make_streams, make_detector = SUITES[name]
    return [(stream, run(make_detector(EVAL_CONFIGS[name]), stream)) for stream in make_streams(seeds)]


def tally(name: str, runs: Iterable[tuple[LabelledStream, Sequence[Finding]]], split: str = "test") -> EvalResult:
    totals = [0, 0, 0, 0]
    for stream, findings in runs:
        totals = [a + b for a, b in zip(totals, score(stream, findings), strict=True)]
    return EvalResult(
        name,
        CATEGORIES[name],
        split,
        *totals,
        note="positive: an injected change alarmed on its dedup key within its window; negative: a "
        "control or hard-negative stream without alarm; FP: each alarm outside every change",
    )


def evaluate(seed: int = 7) -> list[EvalResult]:
    """Score bias, degradation and vendor on held-back streams (TP/FN per injected change, FP per alarm outside
    an injected change, TN per quiet control or hard-negative stream)."""
    seeds = held_back_seeds(seed)
    return [tally(name, run_suite(name, seeds)) for name in SUITES]
