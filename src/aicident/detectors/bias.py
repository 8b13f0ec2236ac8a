"""Bias incidents: adverse impact on a protected group, by the four-fifths rule plus a significance test.

29 CFR 1607.4(D): a group's selection rate below 80% of the highest group's rate is evidence of adverse impact.
The ratio alone is noisy for small groups, so a finding needs all three: impact ratio below the threshold, a test
that rejects equal rates (chi-square on the 2xK table; Fisher's exact test on the extreme pair when cells are small)
and every compared group at least `min_group_size` strong. Counts live in sliding windows of time buckets per
feature and attribute, so memory stays constant however long the stream.

Repeated looks: each window is judged once per bucket (a short window of an hour every 5 minutes, a long one of six
hours, for features whose traffic is too thin for an hour to say anything, every 30 minutes), for each attribute.
The day's false-alarm budget `alpha_per_day` is spent evenly over every test a day holds (alpha spending,
sequential.LookBudget), so the chance of a false finding per feature and day is at most `alpha_per_day`, however the
looks overlap. A window is judged only once it is full: the detector has watched the feature for its whole length.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from aicident.detectors.model import Evidence, Finding, FindingAction, InteractionEvent, resolve_times
from aicident.detectors.sequential import DAY_SECONDS, LookBudget
from aicident.detectors.stats import (
    SlidingCounter,
    TestResult,
    chi_square_2xk,
    fisher_exact_2x2,
    min_expected_count,
    require,
)
from aicident.detectors.text_options import config_from_options

NAME = "bias"
CATEGORY = "bias_incident"
OTHER_GROUP = "(other)"  # groups past max_groups are pooled here and never compared: the key space stays bounded


@dataclass(frozen=True)
class Config:
    attributes: tuple[str, ...] = ("gender", "age_band", "ethnicity")  # read from event.attributes
    favourable: tuple[str, ...] = ("approved",)  # event.decision values that count as a selection
    features: tuple[str, ...] = ()  # watch only these features; empty: every feature that makes decisions
    window_seconds: float = 3600.0
    long_window_seconds: float = 21600.0  # a second, longer window for thin traffic; 0: none
    buckets: int = 12  # each window slides (and is evaluated) once per window/buckets
    threshold: float = 0.8  # four-fifths
    resolve_threshold: float = 0.9  # hysteresis: a ratio hovering around 0.8 must not open and close incidents
    alpha_per_day: float = 0.01  # chance of a false finding per feature and day, spent over the day's tests
    confirm_evaluations: int = 2  # consecutive evaluations (window/buckets apart) that must agree before a trigger
    min_group_size: int = 30
    max_groups: int = 16  # per attribute, including the pooled "(other)" group
    max_features: int = 256  # least recently seen features are forgotten past this

    def __post_init__(self) -> None:
        require(bool(self.attributes), "bias: attributes must name at least one protected attribute")
        require(bool(self.favourable), "bias: favourable must name at least one decision value")
        require(self.window_seconds > 0 and self.buckets >= 1, "bias: window_seconds and buckets must be positive")
        require(
            self.long_window_seconds == 0 or self.long_window_seconds > self.window_seconds,
            "bias: long_window_seconds must be 0 (none) or longer than window_seconds",
        )
        require(0 < self.threshold <= self.resolve_threshold <= 1, "bias: need 0 < threshold <= resolve_threshold <= 1")
        require(0 < self.alpha_per_day < 1, "bias: alpha_per_day must be between 0 and 1")
        require(self.min_group_size >= 1, "bias: min_group_size must be at least 1")
        require(self.confirm_evaluations >= 1, "bias: confirm_evaluations must be at least 1")
        require(self.max_groups >= 3 and self.max_features >= 1, "bias: max_groups >= 3 and max_features >= 1")

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options, NAME)

    @property
    def windows(self) -> tuple[float, ...]:
        return (self.window_seconds, self.long_window_seconds) if self.long_window_seconds else (self.window_seconds,)

    @property
    def budget(self) -> LookBudget:
        """Every window looked at once per bucket, one test per attribute at each look."""
        looks = sum(max(1.0, DAY_SECONDS * self.buckets / w) for w in self.windows)
        return LookBudget(self.alpha_per_day, looks, len(self.attributes))


class _Watch:
    """One feature x attribute: per group favourable and total counts over each window, and the alarm state."""

    __slots__ = ("alarmed_by", "armed", "counters", "groups", "recent", "since", "started", "streaks")

    def __init__(self, config: Config) -> None:
        # Counter layout: [favourable_g0, total_g0, favourable_g1, total_g1, ...]; group index fixed at first sight.
        self.counters = [SlidingCounter(w, config.buckets, 2 * config.max_groups) for w in config.windows]
        self.groups: dict[str, int] = {}
        self.since: float | None = None  # time of the first event: a window is judged only once it is full
        self.alarmed_by: int | None = None  # the window whose finding is open
        self.started: datetime | None = None  # when that finding was raised
        self.streaks = [0] * len(self.counters)  # consecutive looks of each window that met its condition
        # After a resolve, a window whose condition still holds (a long window remembers the incident for hours)
        # may trigger again only once it has seen the condition clear.
        self.armed = [True] * len(self.counters)
        self.recent: deque[tuple[str, str]] = deque(maxlen=32)  # (group, event id) for the evidence

    def group_index(self, group: str, max_groups: int) -> int:
        index = self.groups.get(group)
        if index is None:
            if len(self.groups) < max_groups - 1:
                index = self.groups[group] = len(self.groups)
            else:
                index = self.groups.setdefault(OTHER_GROUP, max_groups - 1)
        return index


@dataclass(frozen=True, slots=True)
class _Assessment:
    counts: dict[str, tuple[int, int]]  # eligible group -> (favourable, total)
    small: dict[str, int]  # groups seen but below min_group_size -> total
    lowest: str
    highest: str
    ratio: float


class BiasDetector:
    """Per feature, protected attribute and group: the favourable-outcome rate over a sliding window."""

    name = NAME
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._favourable = frozenset(self.config.favourable)
        self._features_filter = frozenset(self.config.features)
        self._alpha = self.config.budget.alpha_per_test
        self._watches: OrderedDict[str, list[_Watch]] = OrderedDict()

    def observe(self, event: InteractionEvent) -> list[Finding]:
        decision = event.decision
        if decision is None:  # no decision, no selection: nothing to count
            return []
        feature = event.feature
        if self._features_filter and feature not in self._features_filter:
            return []
        config = self.config
        watches = self._watches_of(feature)
        t = event.time.timestamp()
        favourable = decision in self._favourable
        attributes = event.attributes
        findings: list[Finding] = []
        for attribute, watch in zip(config.attributes, watches, strict=True):
            for position, counter in enumerate(watch.counters):
                # Evaluate when a bucket closes: the window then holds whole buckets, and the cost is per bucket.
                if counter.advance(t) and watch.since is not None and t - watch.since >= config.windows[position]:
                    finding = self._evaluate(watch, position, feature, attribute, event.time)
                    if finding is not None:
                        findings.append(finding)
            group = attributes.get(attribute)
            if group is None:
                continue
            if watch.since is None:
                watch.since = t
            index = watch.group_index(group, config.max_groups)
            for counter in watch.counters:
                if favourable:
                    counter.add(2 * index)
                counter.add(2 * index + 1)
            watch.recent.append((group, event.id))
        return findings

    def _watches_of(self, feature: str) -> list[_Watch]:
        watches = self._watches.get(feature)
        if watches is None:
            watches = self._watches[feature] = [_Watch(self.config) for _ in self.config.attributes]
            if len(self._watches) > self.config.max_features:
                self._watches.popitem(last=False)
        else:
            self._watches.move_to_end(feature)
        return watches

    def footprint(self) -> int:
        """How many counters, buckets and ids the detector holds: stays bounded however long the stream."""
        total = 0
        for watches in self._watches.values():
            for watch in watches:
                total += sum(len(c) * c.width for c in watch.counters) + len(watch.groups) + len(watch.recent)
        return total

    # --- evaluation ---------------------------------------------------------------------------------------------

    def _assess(self, watch: _Watch, counter: SlidingCounter) -> _Assessment | None:
        totals = counter.totals
        counts: dict[str, tuple[int, int]] = {}
        small: dict[str, int] = {}
        for group, index in watch.groups.items():
            total = totals[2 * index + 1]
            if group == OTHER_GROUP or total <= 0:
                continue
            if total >= self.config.min_group_size:
                counts[group] = (totals[2 * index], total)
            else:
                small[group] = total
        if len(counts) < 2:
            return None
        lowest = min(counts, key=lambda g: counts[g][0] / counts[g][1])
        highest = max(counts, key=lambda g: counts[g][0] / counts[g][1])
        high_rate = counts[highest][0] / counts[highest][1]
        ratio = (counts[lowest][0] / counts[lowest][1]) / high_rate if high_rate > 0 else 1.0
        return _Assessment(counts, small, lowest, highest, ratio)

    def _significance(self, assessment: _Assessment) -> TestResult:
        favourable = [f for f, _ in assessment.counts.values()]
        totals = [n for _, n in assessment.counts.values()]
        if min_expected_count(favourable, totals) >= 5:
            # One omnibus test over every eligible group: testing only the extreme pair picked after looking at the
            # data would overstate the evidence.
            return chi_square_2xk(favourable, totals)
        # Small cells: the chi-square approximation is poor, so test the extreme pair exactly, Bonferroni-corrected
        # for the K - 1 comparisons against the highest group.
        low_f, low_n = assessment.counts[assessment.lowest]
        high_f, high_n = assessment.counts[assessment.highest]
        exact = fisher_exact_2x2(low_f, low_n - low_f, high_f, high_n - high_f)
        p_value = min(1.0, exact.p_value * (len(totals) - 1))
        return TestResult(exact.statistic, p_value, "fisher exact (extreme pair, Bonferroni)")

    def _evaluate(self, watch: _Watch, position: int, feature: str, attribute: str, time: datetime) -> Finding | None:
        assessment = self._assess(watch, watch.counters[position])
        if assessment is None:  # too few eligible groups: keep the current state rather than guess
            return None
        if watch.alarmed_by is None:
            return self._look_for_impact(watch, position, feature, attribute, time, assessment)
        if watch.alarmed_by == position:
            return self._look_for_recovery(watch, position, feature, attribute, time, assessment)
        return None

    def _look_for_impact(
        self, watch: _Watch, position: int, feature: str, attribute: str, time: datetime, assessment: _Assessment
    ) -> Finding | None:
        config = self.config
        test = self._significance(assessment) if assessment.ratio < config.threshold else None
        if test is None or test.p_value >= self._alpha:
            watch.streaks[position] = 0
            watch.armed[position] = True
            return None
        if not watch.armed[position]:
            return None
        # A sliding window is looked at again every bucket; asking for agreement over consecutive looks keeps one
        # lucky bucket from opening an incident (the budget already bounds the chance; this bounds the noise).
        watch.streaks[position] += 1
        if watch.streaks[position] < config.confirm_evaluations:
            return None
        watch.alarmed_by, watch.started = position, time
        watch.streaks = [0] * len(watch.streaks)
        return self._finding(watch, position, feature, attribute, time, assessment, test, FindingAction.TRIGGER)

    def _look_for_recovery(
        self, watch: _Watch, position: int, feature: str, attribute: str, time: datetime, assessment: _Assessment
    ) -> Finding | None:
        # Resolve once the window that found the impact clearly no longer shows it: the ratio is back above
        # resolve_threshold, or above the threshold with no significant difference left even at the day's whole
        # budget. The gap to the trigger condition (and the consecutive looks) is the hysteresis.
        config = self.config
        recovered = assessment.ratio >= config.resolve_threshold
        test = None
        if not recovered and assessment.ratio >= config.threshold:
            test = self._significance(assessment)
            recovered = test.p_value >= config.alpha_per_day
        if not recovered:
            watch.streaks[position] = 0
            return None
        watch.streaks[position] += 1
        if watch.streaks[position] < config.confirm_evaluations:
            return None
        finding = self._finding(watch, position, feature, attribute, time, assessment, test, FindingAction.RESOLVE)
        watch.alarmed_by = watch.started = None
        watch.streaks = [0] * len(watch.streaks)
        watch.armed = [False] * len(watch.armed)
        return finding

    def _finding(
        self,
        watch: _Watch,
        position: int,
        feature: str,
        attribute: str,
        time: datetime,
        assessment: _Assessment,
        test: TestResult | None,
        action: FindingAction,
    ) -> Finding:
        config = self.config
        rates = {g: f / n for g, (f, n) in assessment.counts.items()}
        low, high = assessment.lowest, assessment.highest
        top = rates[high] or 1.0  # every rate 0: ratios of 0/0 are reported as 0, not as a division error
        groups = {
            g: {"favourable": f, "total": n, "rate": round(rates[g], 4), "impact_ratio": round(rates[g] / top, 4)}
            for g, (f, n) in assessment.counts.items()
        }
        details: dict[str, object] = {
            "attribute": attribute,
            "groups": groups,
            "lowest_group": low,
            "highest_group": high,
            "lowest_rate": round(rates[low], 4),
            "highest_rate": round(rates[high], 4),
            "impact_ratio": round(assessment.ratio, 4),
            "threshold": config.threshold,
            "resolve_threshold": config.resolve_threshold,
            "min_group_size": config.min_group_size,
            "groups_below_min_size": dict(assessment.small),
            "favourable_decisions": list(config.favourable),
            "window_seconds": config.windows[position],
            "rule": "29 CFR 1607.4(D) four-fifths rule with a significance test",
            "alpha_per_day": config.alpha_per_day,
            "alpha_per_test": self._alpha,
            "tests_per_day": round(config.budget.looks_per_day * config.budget.tests_per_look),
        }
        if test is not None:
            details.update(p_value=test.p_value, test=test.method, statistic=test.statistic)
        if action is FindingAction.RESOLVE and watch.started is not None:
            details.update(resolve_times(watch.started, time))
        ids = tuple(event_id for group, event_id in watch.recent if group == low)[-10:]
        if action is FindingAction.TRIGGER:
            assert test is not None  # a trigger always has its test
            title = (
                f"Adverse impact in {feature}: {attribute}={low} selected at {rates[low]:.1%} vs {rates[high]:.1%} "
                f"for {attribute}={high} over {config.windows[position] / 3600:g} h (impact ratio "
                f"{assessment.ratio:.2f} < {config.threshold:g}, p={test.p_value:.2g})"
            )
            severity = "error" if assessment.ratio < 0.75 * config.threshold else "warning"
            confidence = max(0.5, min(0.99, 1.0 - test.p_value))
        else:
            title = f"Selection rates by {attribute} in {feature} recovered (impact ratio {assessment.ratio:.2f})"
            severity, confidence = "info", 0.9
        return Finding(
            category=CATEGORY,
            detector=NAME,
            title=title,
            confidence=confidence,
            severity=severity,
            dedup_key=f"{CATEGORY}:{feature}:{attribute}",
            time=time,
            feature=feature,
            evidence=Evidence(
                event_ids=ids, excerpt=f"{attribute}: " + ", ".join(f"{g}={r:.1%}" for g, r in rates.items())
            ),
            details=details,
            action=action,
        )
