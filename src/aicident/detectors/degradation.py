"""Model degradation: quality drops after a model version change, and gradual quality drift without one.

Per feature and provider the detector follows the (requested model, answered model) pair. When the pair changes and
stays changed for `confirm_events` events, it compares the window before the change with the events after it on
each quality signal: two-sample tests (Kolmogorov-Smirnov for continuous signals, chi-square or Fisher for rates),
Bonferroni-corrected over the signals tested, plus an effect size, PSI and a CUSUM for the finding's details. A
change with no meaningful movement, such as a planned upgrade to an equally good model, raises nothing.

A version change nobody asked for (the answered model changes while the requested one does not) is the cheapest
signal of a silent upstream update (OpenTelemetry GenAI: gen_ai.response.model vs gen_ai.request.model); the finding
says whether the application requested it.

Drift without a version change (drift.py): eval scores, feedback ratings, the refusal rate and the output length
(on a log scale, either way) against a baseline learned per version, by likelihood-ratio CUSUMs looked at once per
batch of `drift_batch_seconds`, with a threshold from `drift_alpha_per_day`: the chance of a false drift finding per
feature, provider and day is at most that, over all the signals watched. Behaviour that shifts without anyone
changing the model (shorter answers, more refusals) is seen directly, not only through eval scores and feedback.
"""

from __future__ import annotations

import math
import zlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aicident.detectors.drift import DriftAlarm, DriftDesign, DriftWatch
from aicident.detectors.model import Evidence, Finding, FindingAction, InteractionEvent, Outcome
from aicident.detectors.stats import (
    Cusum,
    RunningMoments,
    SlidingCounter,
    TestResult,
    WindowedSample,
    chi_square_2xk,
    cohen_h,
    fisher_exact_2x2,
    histogram,
    ks_2samp,
    min_expected_count,
    population_stability_index,
    quantile_edges,
    require,
)
from aicident.detectors.text_options import config_from_options

NAME = "degradation"
CATEGORY = "model_degradation"

# (signal, kind, bad direction): +1 worse when it rises, -1 worse when it falls, 0 a move either way matters.
METRICS: tuple[tuple[str, str, int], ...] = (
    ("eval_score", "continuous", -1),
    ("feedback_rating", "continuous", -1),
    ("refusal_rate", "rate", +1),
    ("error_rate", "rate", +1),
    ("output_length", "continuous", 0),
    ("latency_ms", "continuous", +1),
)
# Drift signals: (index in Values, kind for drift.DriftWatch, directions watched)
_DRIFT = {
    "eval_score": (0, "continuous", (-1,)),
    "feedback_rating": (1, "continuous", (-1,)),
    "refusal_rate": (2, "rate", (+1,)),
    "output_length": (4, "log", (-1, +1)),
}
_RATE_INDEXES = tuple(i for i, (_, kind, _) in enumerate(METRICS) if kind == "rate")


@dataclass(frozen=True)
class Config:
    before_seconds: float = 3600.0  # the baseline: this much of the old version's traffic before the change
    before_buckets: int = 12
    before_per_bucket: int = 50  # baseline sample <= before_buckets * before_per_bucket events
    confirm_events: int = 20  # consecutive events on the new version before it counts as a change, not a blip
    after_events: int = 400  # compare once this many events ran on the new version ...
    after_seconds: float = 1800.0  # ... or once this long has passed, whichever comes first
    min_samples: int = 30  # per signal and side; signals with fewer values are not tested
    alpha: float = 0.01  # family-wise, Bonferroni over the signals tested
    min_effect_size: float = 0.2  # Cohen's d of a continuous signal in the bad direction
    min_rate_ratio: float = 1.5  # a rate moved meaningfully when it grew (error, refusal) by this factor ...
    min_rate_change: float = 0.01  # ... and by at least this much in absolute terms (Cohen's h undervalues 2% -> 4%)
    min_psi: float = 0.25  # or a PSI this large (a change of shape) in a significant signal
    psi_bins: int = 10
    drift_metrics: tuple[str, ...] = ("eval_score", "feedback_rating", "refusal_rate", "output_length")
    drift_batch_seconds: float = 300.0  # one look per batch: 288 looks a day
    drift_warmup_seconds: float = 3600.0  # the baseline of a version is learned from this long ...
    drift_warmup_values: int = 200  # ... and at least this many values of the signal
    drift_warmup_hits: int = 80  # ... and for the refusal rate, this many refusals
    drift_shift: float = 0.5  # the shift worth finding, in standard deviations of one value
    drift_rate_ratio: float = 2.0  # the refusal rate worth finding, as a multiple of the baseline's
    drift_alpha_per_day: float = 0.005  # chance of a false drift finding per feature x provider and day
    max_keys: int = 256  # feature x provider pairs followed; least recently seen forgotten past this
    seed: int = 0  # for the baseline reservoirs

    def __post_init__(self) -> None:
        require(self.before_seconds > 0 and self.after_seconds > 0, "degradation: windows must be positive")
        require(min(self.before_buckets, self.before_per_bucket, self.confirm_events) >= 1, "degradation: sizes >= 1")
        require(self.after_events >= self.min_samples >= 2, "degradation: need after_events >= min_samples >= 2")
        require(0 < self.alpha < 1, "degradation: alpha must be between 0 and 1")
        require(self.min_effect_size >= 0 and self.min_psi >= 0 and self.psi_bins >= 2, "degradation: bad effect sizes")
        require(self.min_rate_ratio >= 1 and self.min_rate_change >= 0, "degradation: bad rate effect sizes")
        unknown = set(self.drift_metrics) - set(_DRIFT)
        require(not unknown, f"degradation: drift_metrics may only be {', '.join(_DRIFT)}")
        require(self.drift_batch_seconds > 0 and self.drift_warmup_seconds >= 0, "degradation: drift times >= 0")
        require(self.drift_warmup_values >= 2 and self.drift_warmup_hits >= 1, "degradation: drift warm-up sizes >= 1")
        require(self.drift_shift > 0 and self.drift_rate_ratio > 1, "degradation: drift_shift > 0, rate_ratio > 1")
        require(0 < self.drift_alpha_per_day < 1, "degradation: drift_alpha_per_day must be between 0 and 1")
        require(self.max_keys >= 1, "degradation: max_keys must be at least 1")

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options, NAME)

    @property
    def drift_design(self) -> DriftDesign:
        return DriftDesign(
            batch_seconds=self.drift_batch_seconds,
            warmup_seconds=self.drift_warmup_seconds,
            warmup_values=self.drift_warmup_values,
            warmup_hits=self.drift_warmup_hits,
            shift=self.drift_shift,
            rate_ratio=self.drift_rate_ratio,
            alpha_per_day=self.drift_alpha_per_day,
            sides=max(1, sum(len(_DRIFT[m][2]) for m in self.drift_metrics)),
        )


_Key = tuple[str, str]  # feature, provider
Values = tuple[float | None, ...]  # one event's signals in METRICS order, None where the event does not carry it


def _values(event: InteractionEvent) -> Values | None:
    outcome = event.outcome
    if outcome is Outcome.TIMEOUT or outcome is Outcome.RATE_LIMITED:
        return None  # availability is the vendor detector's business, not the model's quality
    if outcome is Outcome.ERROR:
        return (event.eval_score, event.feedback_rating, None, 1, None, None)
    refusal = 1 if outcome is Outcome.REFUSAL or "content_filter" in event.finish_reasons else 0
    length = event.output_tokens if event.output_tokens is not None else (len(event.output_text) or None)
    return (event.eval_score, event.feedback_rating, refusal, 0, length, event.latency_ms)


class _Comparison:
    __slots__ = ("after", "before", "before_rates", "event_ids", "new", "old", "start")

    def __init__(
        self, old: tuple[Any, ...], new: tuple[Any, ...], start: float, before: list[Any], before_rates: list[Any]
    ) -> None:
        self.old, self.new, self.start, self.before, self.before_rates = old, new, start, before, before_rates
        self.after: list[Values] = []
        self.event_ids: list[str] = []


class _Track:
    """One feature x provider."""

    __slots__ = ("baseline", "candidate", "comparison", "drift", "pending", "rates", "version")

    def __init__(self, config: Config, key: str) -> None:
        self.version: tuple[Any, ...] | None = None
        self.candidate: tuple[Any, ...] | None = None
        self.pending: list[tuple[float, str, Values]] = []
        seed = config.seed * 1_000_003 + zlib.crc32(key.encode())  # crc32, not hash(): stable across processes
        self.baseline = WindowedSample(config.before_seconds, config.before_buckets, config.before_per_bucket, seed)
        # Rates are counted exactly over the same window (hits and trials per rate signal): counts are cheap and
        # give the rate tests the whole window's power, where the sample would give a few hundred trials.
        self.rates = SlidingCounter(config.before_seconds, config.before_buckets, 2 * len(_RATE_INDEXES))
        self.comparison: _Comparison | None = None
        self.drift = _drift_watches(config)


class DegradationDetector:
    name = NAME
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._tracks: OrderedDict[tuple[str, str], _Track] = OrderedDict()
        self._drift = [(metric, _DRIFT[metric][0]) for metric in self.config.drift_metrics]

    def observe(self, event: InteractionEvent) -> list[Finding]:
        values = _values(event)
        if values is None:
            return []
        provider = event.provider or "unknown"
        key = (event.feature, provider)
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = _Track(self.config, f"{key[0]}\x1f{key[1]}")
            if len(self._tracks) > self.config.max_keys:
                self._tracks.popitem(last=False)
        else:
            self._tracks.move_to_end(key)
        t = event.time.timestamp()
        findings: list[Finding] = []
        answered = event.response_model
        if answered is None:  # an answer without a model name says nothing about the version: credit the current one
            version = track.version
        else:
            version = (event.request_model, answered)
            if track.version is None:
                track.version = version
        if version == track.version:
            if track.candidate is not None:  # a blip of another version ended: forget it
                track.candidate = None
                track.pending.clear()
            self._on_current(track, t, event, values, key, findings)
        else:
            if version != track.candidate:
                track.candidate = version
                track.pending.clear()
            track.pending.append((t, event.id, values))
            if len(track.pending) >= self.config.confirm_events:
                self._on_version_change(track, key, event.time, findings)
        return findings

    def footprint(self) -> int:
        """Values held across all tracks: bounded by max_keys x (baseline + comparison + pending)."""
        total = 0
        for track in self._tracks.values():
            total += len(track.baseline) + len(track.pending)
            if track.comparison is not None:
                total += len(track.comparison.before) + len(track.comparison.after) + len(track.comparison.event_ids)
        return total

    # --- the current version's traffic ----------------------------------------------------------------------------

    def _on_current(
        self, track: _Track, t: float, event: InteractionEvent, values: Values, key: _Key, findings: list[Finding]
    ) -> None:
        self._add_baseline(track, t, values)
        comparison = track.comparison
        if comparison is not None:
            comparison.after.append(values)
            if len(comparison.event_ids) < 10:
                comparison.event_ids.append(event.id)
            if len(comparison.after) >= self.config.after_events or t - comparison.start >= self.config.after_seconds:
                self._finish_comparison(track, key, event.time, findings)
        for metric, index in self._drift:
            value = values[index]
            if value is not None:
                self._drift_step(track, metric, value, key, event, findings)

    @staticmethod
    def _add_baseline(track: _Track, t: float, values: Values) -> None:
        track.baseline.add(t, values)
        rates = track.rates
        rates.advance(t)
        for slot, index in enumerate(_RATE_INDEXES):
            value = values[index]
            if value is not None:
                rates.add(2 * slot + 1)
                if value:
                    rates.add(2 * slot)

    def _drift_step(
        self, track: _Track, metric: str, value: float, key: _Key, event: InteractionEvent, findings: list[Finding]
    ) -> None:
        alarm = track.drift[metric].add(event.time.timestamp(), value)
        if alarm is None:
            return
        # Learn the new level as the baseline: one finding per move, not a stream of them.
        track.drift[metric] = _drift_watch(self.config, metric)
        findings.append(self._drift_finding(track, metric, alarm, key, event))

    # --- version changes ------------------------------------------------------------------------------------------

    def _on_version_change(self, track: _Track, key: _Key, time: datetime, findings: list[Finding]) -> None:
        if track.comparison is not None:  # another change before the last comparison finished: judge what we have
            self._finish_comparison(track, key, time, findings)
        old, new = track.version, track.candidate
        if old is None or new is None:
            raise AssertionError("a version change is confirmed only between two versions seen")
        start = track.pending[0][0]
        track.rates.advance(start)
        comparison = _Comparison(old, new, start, track.baseline.items(start), list(track.rates.totals))
        track.baseline.clear()
        track.rates = SlidingCounter(self.config.before_seconds, self.config.before_buckets, 2 * len(_RATE_INDEXES))
        track.version, track.candidate = track.candidate, None
        track.comparison = comparison
        track.drift = _drift_watches(self.config)  # drift is judged within a version
        pending, track.pending = track.pending, []
        for t, event_id, values in pending:
            self._add_baseline(track, t, values)
            comparison.after.append(values)
            if len(comparison.event_ids) < 10:
                comparison.event_ids.append(event_id)

    def _finish_comparison(self, track: _Track, key: _Key, time: datetime, findings: list[Finding]) -> None:
        comparison, track.comparison = track.comparison, None
        if comparison is None:
            return
        results = [r for r in (self._compare(i, comparison) for i in range(len(METRICS))) if r is not None]
        if not results:
            return
        corrected_alpha = self.config.alpha / len(results)
        moved = [r for r in results if r["p_value"] < corrected_alpha and r["meaningful"]]
        if moved:
            findings.append(self._version_finding(comparison, results, moved, corrected_alpha, key, time))

    def _compare(self, index: int, comparison: _Comparison) -> dict[str, Any] | None:
        metric, kind, bad = METRICS[index]
        config = self.config
        after = [value for v in comparison.after if (value := v[index]) is not None]
        n_after = len(after)
        if kind == "rate":
            slot = _RATE_INDEXES.index(index)
            hits, n_before = comparison.before_rates[2 * slot], comparison.before_rates[2 * slot + 1]
            if n_before < config.min_samples or n_after < config.min_samples:
                return None
            hits_after = int(sum(after))  # 0 or 1 each
            mean_before, mean_after = hits / n_before, hits_after / n_after
            sd_before = math.sqrt(mean_before * (1.0 - mean_before))
            test = _rate_test(hits, n_before, hits_after, n_after)
            effect = cohen_h(mean_before, mean_after)
            psi = population_stability_index([n_before - hits, hits], [n_after - hits_after, hits_after])
        else:
            before = [value for v in comparison.before if (value := v[index]) is not None]
            n_before = len(before)
            if n_before < config.min_samples or n_after < config.min_samples:
                return None
            mean_before, sd_before = _mean_sd(before)
            mean_after, sd_after = _mean_sd(after)
            test = ks_2samp(before, after)
            pooled = math.sqrt(((n_before - 1) * sd_before**2 + (n_after - 1) * sd_after**2) / (n_before + n_after - 2))
            difference = mean_after - mean_before
            effect = (
                difference / pooled if pooled > 0 else (0.0 if difference == 0 else math.copysign(math.inf, difference))
            )
            edges = quantile_edges(before, config.psi_bins)
            psi = population_stability_index(histogram(before, edges), histogram(after, edges))
        if kind == "rate":  # every rate signal has a bad direction (up)
            meaningful = (
                mean_after - mean_before >= config.min_rate_change and mean_after >= config.min_rate_ratio * mean_before
            )
        else:
            worse = effect * bad if bad else abs(effect)
            meaningful = worse >= config.min_effect_size or (psi >= config.min_psi and (bad == 0 or effect * bad > 0))
        return {
            "metric": metric,
            "before_mean": round(mean_before, 6),
            "after_mean": round(mean_after, 6),
            "change": round(mean_after - mean_before, 6),
            "relative_change": round((mean_after - mean_before) / mean_before, 4) if mean_before else None,
            "before_n": n_before,
            "after_n": n_after,
            "test": test.method,
            "statistic": round(test.statistic, 6),
            "p_value": test.p_value,
            "effect_size": round(effect, 4) if math.isfinite(effect) else effect,
            "effect_measure": "cohen_d" if kind == "continuous" else "cohen_h",
            "psi": round(psi, 4),
            "cusum_signal_at": _cusum_signal(after, mean_before, sd_before, bad),
            "meaningful": meaningful,
        }

    # --- findings -------------------------------------------------------------------------------------------------

    def _version_finding(
        self,
        comparison: _Comparison,
        results: list[dict[str, Any]],
        moved: list[dict[str, Any]],
        corrected_alpha: float,
        key: _Key,
        time: datetime,
    ) -> Finding:
        feature, provider = key
        (old_requested, old_answered), (new_requested, new_answered) = comparison.old, comparison.new
        requested = old_requested != new_requested
        how = "a requested" if requested else "an unrequested (silent)"
        summary = ", ".join(f"{r['metric']} {r['before_mean']:.4g} -> {r['after_mean']:.4g}" for r in moved)
        title = (
            f"Quality dropped in {feature} after {how} model change at {provider}: "
            f"{old_answered} -> {new_answered} ({summary})"
        )
        details = {
            "kind": "version_change",
            "provider": provider,
            "version_change": {
                "old": {"requested": old_requested, "answered": old_answered},
                "new": {"requested": new_requested, "answered": new_answered},
                "requested_by_application": requested,
                "answered_differs_from_requested": {
                    "old": old_answered != old_requested,
                    "new": new_answered != new_requested,
                },
            },
            "metrics_moved": [{k: v for k, v in r.items() if k != "meaningful"} for r in moved],
            "metrics_tested": [r["metric"] for r in results],
            "alpha": self.config.alpha,
            "bonferroni_alpha": corrected_alpha,
            "min_effect_size": self.config.min_effect_size,
            "before_events": len(comparison.before),
            "after_events": len(comparison.after),
        }
        smallest = min(r["p_value"] for r in moved) * len(results)
        return Finding(
            category=CATEGORY,
            detector=NAME,
            title=title,
            confidence=max(0.5, min(0.99, 1.0 - smallest)),
            severity="warning" if requested else "error",
            dedup_key=f"{CATEGORY}:{feature}:{provider}",
            time=time,
            feature=feature,
            evidence=Evidence(tuple(comparison.event_ids), excerpt=summary),
            details=details,
            action=FindingAction.TRIGGER,
        )

    def _drift_finding(
        self, track: _Track, metric: str, alarm: DriftAlarm, key: _Key, event: InteractionEvent
    ) -> Finding:
        feature, provider = key
        requested, answered = track.version or (event.request_model, event.response_model)
        design = self.config.drift_design
        how = "rose" if alarm.direction > 0 else "fell"
        return Finding(
            category=CATEGORY,
            detector=NAME,
            title=(
                f"{metric} {how} in {feature} at {provider} ({answered}) without a version change: "
                f"baseline {alarm.baseline:.4g}, since then {alarm.recent:.4g}"
            ),
            confidence=0.8,
            severity="warning",
            dedup_key=f"{CATEGORY}:{feature}:{provider}",
            time=event.time,
            feature=feature,
            evidence=Evidence((event.id,), excerpt=f"{metric} {alarm.baseline:.4g} -> {alarm.recent:.4g}"),
            details={
                "kind": "gradual_drift",
                "provider": provider,
                "metric": metric,
                "direction": how,
                "model": {"requested": requested, "answered": answered},
                "baseline_mean": round(alarm.baseline, 6),
                "recent_mean": round(alarm.recent, 6),
                "recent_values": alarm.recent_values,
                "change": round(alarm.recent - alarm.baseline, 6),
                "scale": "geometric mean" if _DRIFT[metric][1] == "log" else "mean",
                "design": "likelihood-ratio CUSUM per batch (Lorden's bound: P(false alarm a day) <= alpha_per_day)",
                "cusum_statistic": round(alarm.statistic, 3),
                "cusum_threshold": round(alarm.threshold, 3),
                "looks": alarm.looks,
                "batch_seconds": design.batch_seconds,
                "shift_sd": design.shift,
                "rate_ratio": design.rate_ratio,
                "alpha_per_day": design.alpha_per_day,
            },
            action=FindingAction.TRIGGER,
        )


def _drift_watch(config: Config, metric: str) -> DriftWatch:
    _, kind, directions = _DRIFT[metric]
    return DriftWatch(config.drift_design, kind, directions)


def _drift_watches(config: Config) -> dict[str, DriftWatch]:
    return {metric: _drift_watch(config, metric) for metric in config.drift_metrics}


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    moments = RunningMoments()
    for value in values:
        moments.add(value)
    return moments.mean, math.sqrt(moments.variance)


def _rate_test(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    if min_expected_count([x1, x2], [n1, n2]) >= 5:
        return chi_square_2xk([x1, x2], [n1, n2])
    return fisher_exact_2x2(x1, n1 - x1, x2, n2 - x2)


def _cusum_signal(after: Sequence[float], mean: float, sd: float, bad: int) -> int | None:
    """After how many new-version values a CUSUM (k=0.5, h=5 sigmas) on the baseline signals a worse level."""
    if sd <= 0:
        return None
    cusum = Cusum(mean, sd)
    for position, value in enumerate(after, start=1):
        signal = cusum.update(value)
        if signal and (bad == 0 or signal == bad):
            return position
    return None
