"""Complaint spikes: per feature, more complaints in the last hour than its own baseline makes likely (pure).

An event complains when it carries complaint text or a feedback rating at or below `low_rating_threshold`. Events
and complaints are counted in time buckets (a fixed ring per feature, a bounded number of features). Once per bucket
the last `window` of closed buckets is compared with the `baseline` before it, and a spike needs all of:

* at least `min_complaints` complaints in the window;
* a rate `factor` times the baseline's, measured against at least `min_expected` expected complaints (so that a
  baseline that saw almost none cannot turn two complaints into an "infinite" ratio);
* an exact test: given the complaints of window and baseline, under equal rates the window's share of them is
  binomial with the window's share of the events; one-sided p below the day's budget spent over the day's looks
  (`alpha_per_day` / looks per day, one look per bucket), so the chance of a false spike per feature and day is at
  most `alpha_per_day` whatever the traffic; the baseline's own uncertainty is part of the test;
* a baseline of at least `min_baseline_events` events: a window is not judged against a baseline that has not seen
  the feature's ordinary traffic yet.

One finding per window: later complaints of the same spike are occurrences of it.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime

from aicident.detectors import redact
from aicident.detectors.model import Evidence, Finding, InteractionEvent
from aicident.detectors.sequential import LookBudget, RateComparison, rate_increase_test
from aicident.detectors.stats import require


@dataclass(frozen=True, slots=True)
class SpikeRule:
    bucket_seconds: float = 300.0
    window_buckets: int = 12
    baseline_buckets: int = 288
    min_complaints: int = 5
    factor: float = 3.0
    min_expected: float = 1.0
    min_baseline_events: int = 500
    alpha_per_day: float = 0.01
    low_rating_threshold: float = 2.0
    max_features: int = 1000

    def __post_init__(self) -> None:
        require(self.bucket_seconds > 0 and self.window_buckets >= 1, "complaint spikes: bucket and window > 0")
        require(self.baseline_buckets >= 1, "complaint spikes: the baseline needs at least one bucket")
        require(self.min_complaints >= 1 and self.factor >= 1, "complaint spikes: min_complaints >= 1, factor >= 1")
        require(self.min_expected > 0 and self.min_baseline_events >= 1, "complaint spikes: minimums must be positive")
        require(0 < self.alpha_per_day < 1, "complaint spikes: alpha_per_day must be between 0 and 1")

    @property
    def budget(self) -> LookBudget:
        return LookBudget.every(self.bucket_seconds, self.alpha_per_day)


class _Feature:
    """One feature's buckets [index, events, complaints], oldest first, over baseline + window."""

    __slots__ = ("buckets", "last_alert", "last_complaint", "recent_ids")

    def __init__(self) -> None:
        self.buckets: deque[list[int]] = deque()
        self.last_alert: int | None = None  # the look (bucket index) of the last finding
        self.recent_ids: deque[str] = deque(maxlen=5)
        self.last_complaint = ""


class ComplaintSpikes:
    """Counts complaints per feature and judges the last window once per bucket."""

    def __init__(self, rule: SpikeRule, *, category: str, detector: str, taxonomy: object = None) -> None:
        self.rule = rule
        self.category = category
        self.detector = detector
        self.taxonomy = taxonomy
        self._alpha = rule.budget.alpha_per_test
        self._keep = rule.window_buckets + rule.baseline_buckets
        self._features: OrderedDict[str, _Feature] = OrderedDict()

    def complained(self, event: InteractionEvent) -> bool:
        rating = event.feedback_rating
        return bool(event.complaint and event.complaint.strip()) or (
            rating is not None and rating <= self.rule.low_rating_threshold
        )

    def observe(self, event: InteractionEvent) -> Finding | None:
        state = self._features.get(event.feature)
        if state is None:
            state = self._features[event.feature] = _Feature()
            if len(self._features) > self.rule.max_features:
                self._features.popitem(last=False)
        else:
            self._features.move_to_end(event.feature)
        index = int(event.time.timestamp() // self.rule.bucket_seconds)
        buckets = state.buckets
        finding = None
        if not buckets or index > buckets[-1][0]:
            if buckets:  # a bucket closed: the look of this bucket, before the new one counts anything
                finding = self._look(event.feature, state, index, event.time)
            buckets.append([index, 0, 0])
            while buckets[0][0] <= index - self._keep:
                buckets.popleft()
            bucket = buckets[-1]
        else:
            bucket = next((b for b in reversed(buckets) if b[0] <= index), buckets[0])  # late: its bucket or older
        bucket[1] += 1
        if self.complained(event):
            bucket[2] += 1
            state.recent_ids.append(event.id)
            if event.complaint:
                state.last_complaint = event.complaint
        return finding

    def footprint(self) -> int:
        return sum(3 * len(s.buckets) + len(s.recent_ids) for s in self._features.values())

    def _look(self, feature: str, state: _Feature, index: int, time: datetime) -> Finding | None:
        rule = self.rule
        window_start = index - rule.window_buckets
        if state.last_alert is not None and state.last_alert > window_start:
            return None  # the window still overlaps the last spike's: its complaints are that spike's occurrences
        events = complaints = baseline_events = baseline_complaints = 0
        oldest = state.buckets[0][0]
        for bucket_index, n, k in state.buckets:
            if bucket_index >= window_start:
                events += n
                complaints += k
            else:
                baseline_events += n
                baseline_complaints += k
        if oldest > window_start - 1 or complaints < rule.min_complaints or baseline_events < rule.min_baseline_events:
            return None  # no whole window yet, too few complaints, or too young a baseline
        test = rate_increase_test(complaints, events, baseline_complaints, baseline_events)
        ratio = complaints / max(test.expected, rule.min_expected)
        if ratio < rule.factor or test.p_value >= self._alpha:
            return None
        state.last_alert = index
        return self._finding(feature, state, time, events, complaints, baseline_events, baseline_complaints, test)

    def _finding(
        self,
        feature: str,
        state: _Feature,
        time: datetime,
        events: int,
        complaints: int,
        baseline_events: int,
        baseline_complaints: int,
        test: RateComparison,
    ) -> Finding:
        rule = self.rule
        ratio = complaints / max(test.expected, rule.min_expected)
        minutes = rule.window_buckets * rule.bucket_seconds / 60
        details: dict[str, object] = {
            "family": "complaint_spike",
            "window_complaints": complaints,
            "window_events": events,
            "window_rate": round(complaints / max(events, 1), 4),
            "window_minutes": minutes,
            "expected_complaints": round(test.expected, 3),
            "baseline_rate": round(baseline_complaints / baseline_events, 5),
            "baseline_complaints": baseline_complaints,
            "baseline_events": baseline_events,
            "ratio": round(ratio, 3),
            "factor": rule.factor,
            "p_value": test.p_value,
            "test": "exact conditional binomial, one-sided (window vs baseline)",
            "alpha_per_look": self._alpha,
            "alpha_per_day": rule.alpha_per_day,
        }
        if self.taxonomy is not None:
            details["taxonomy"] = self.taxonomy
        return Finding(
            category=self.category,
            detector=self.detector,
            title=(
                f"Complaint spike on {feature}: {complaints} complaints in {minutes:g} minutes where "
                f"{test.expected:.1f} were expected ({ratio:.1f}x, p={test.p_value:.2g})"
            ),
            confidence=round(max(0.5, min(0.99, 1.0 - test.p_value)), 4),
            severity="error" if ratio >= 2 * rule.factor else "warning",
            dedup_key=f"{self.category}:{feature}:complaint_spike",
            time=time,
            feature=feature,
            evidence=Evidence(
                event_ids=tuple(state.recent_ids),
                excerpt=redact.redact(state.last_complaint[:200]) if state.last_complaint else "",
            ),
            details=details,
        )
