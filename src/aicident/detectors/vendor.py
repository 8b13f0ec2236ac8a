"""Vendor outages: a provider's model burns its error budget, or answers far slower than it did an hour ago.

Google SRE workbook, "Alerting on SLOs": page when the burn rate exceeds 14.4 over both 1 h and 5 min (2% of a
30-day budget in an hour), ticket when it exceeds 6 over both 6 h and 30 min. The long window makes an alarm
significant, the short one makes it stop soon after the vendor recovers. Two SLIs per provider and model:
availability (errors, rate limits and timeouts are bad requests) and latency (a "p95 below X ms" target read as
"at most 5% of answered requests slower than X ms", which a counter can track exactly).

A window is charged only for the time it has watched: until the detector has seen a provider and model for a whole
window, its burn rate is scaled by the share of the window seen (the budget consumed so far, not the rate of the few
minutes seen), so a one-minute blip ten minutes in weighs what it weighs two hours in.

Against the model's own baseline: a budget read over an hour misses a model that fails 15% of calls for a quarter
of an hour, or turns five times slower but stays under the absolute latency bar. Two more rules compare the recent
window (`recent_seconds`) with the hour before it (`baseline_seconds`), once the detector has watched both whole:

* errors: at least `errors_baseline_share` of recent requests failed, `errors_baseline_factor` times the baseline's
  rate, and the exact conditional test of the two rates (sequential.rate_increase_test) rejects equal rates;
* latency: the baseline's p95 (frozen while an alarm is open, so an incident never becomes the baseline) sets a bar
  of `latency_baseline_factor` x p95; at least `latency_baseline_share` of recent answers are slower than the bar,
  and an exact binomial test rejects the at most 5% that an unchanged model can put above its own p95.

Their looks, one per tick each, share `baseline_alpha_per_day`: at most that chance of a false finding from them per
provider, model and day (sequential.LookBudget).

Findings are keyed by provider and model; they list the features that used the model (with their requests and bad
requests) and name the most affected one as the finding's feature, fixed for the incident; a resolving finding says
when the incident started, when it recovered and how long it lasted.

Requests are counted in a pending bucket and flushed into bucketed sliding windows once per tick (a fraction of the
shortest window), so the per-event cost is a few additions and memory is constant per provider and model.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aicident.detectors.model import Evidence, Finding, FindingAction, InteractionEvent, Outcome, resolve_times
from aicident.detectors.sequential import LookBudget, binomial_sf, rate_increase_test
from aicident.detectors.stats import (
    SlidingCounter,
    WindowedSample,
    require,
    weighted_quantile,
)
from aicident.detectors.text_options import config_from_options

NAME = "vendor"
CATEGORY = "vendor_outage"

# Counter slots: every window counts the same vector
TOTAL, FAILED, RATE_LIMITED, TIMEOUT, ERROR, TIMED, SLOW, ABOVE_BAR = range(8)
_WIDTH = 8
_SLI = {"availability": (FAILED, TOTAL), "latency": (SLOW, TIMED)}  # bad, of how many
# Per feature: requests, failed, slow (either bar)
F_TOTAL, F_FAILED, F_SLOW = range(3)
OTHER_FEATURE = "(other)"
_P95_SHARE = 0.05  # the share of an unchanged model's answers above its own p95


@dataclass(frozen=True)
class Config:
    availability_target: float = 0.995
    latency_threshold_ms: float = 2000.0
    latency_target: float = 0.95  # share of answered requests faster than latency_threshold_ms (a p95 target)
    page_burn_rate: float = 14.4
    page_long_seconds: float = 3600.0
    page_short_seconds: float = 300.0
    ticket_burn_rate: float = 6.0
    ticket_long_seconds: float = 21600.0
    ticket_short_seconds: float = 1800.0
    baseline_seconds: float = 3600.0  # the model's own baseline: this long before the recent window
    recent_seconds: float = 600.0  # the recent window judged against it
    baseline_alpha_per_day: float = 0.002  # chance of a false baseline finding per provider x model and day
    errors_baseline_factor: float = 3.0  # recent failure rate against the baseline's; 0: rule off
    errors_baseline_share: float = 0.05  # and at least this share of recent requests failed
    latency_baseline_factor: float = 2.0  # the bar: this many times the baseline's p95; 0: rule off
    latency_baseline_share: float = 0.5  # share of recent answers above the bar that fires the rule: half of
    #                                       them slower than twice the usual p95 is no longer the usual tail
    latency_baseline_min: int = 200  # answers the baseline needs before its p95 is trusted
    window_scale: float = 1.0  # multiplies every window and the resolve hold (tests run an hour in five minutes)
    buckets: int = 12  # per window
    min_events: int = 20  # requests in a short window, so that two failures out of three requests cannot page
    min_bad_events: int = 5  # bad requests in a short window: one error among the first 30 requests is not an outage
    resolve_fraction: float = 0.5  # recovered: every rule's short window burns below this share of its rate ...
    resolve_hold_seconds: float = 300.0  # ... for this long (hysteresis against flapping)
    max_keys: int = 256  # provider x model pairs; least recently seen forgotten past this
    max_features: int = 16  # features listed per provider x model; the rest are pooled as "(other)"

    def __post_init__(self) -> None:
        require(0 < self.availability_target < 1 and 0 < self.latency_target < 1, "vendor: targets in (0, 1)")
        require(self.latency_threshold_ms > 0, "vendor: latency_threshold_ms must be positive")
        require(self.page_burn_rate > 0 and self.ticket_burn_rate > 0, "vendor: burn rates must be positive")
        require(0 < self.page_short_seconds < self.page_long_seconds, "vendor: page short window < long window")
        require(0 < self.ticket_short_seconds < self.ticket_long_seconds, "vendor: ticket short window < long window")
        require(self.baseline_seconds > 0 and self.recent_seconds > 0, "vendor: baseline and recent windows > 0")
        require(0 < self.baseline_alpha_per_day < 1, "vendor: baseline_alpha_per_day must be between 0 and 1")
        require(self.errors_baseline_factor == 0 or self.errors_baseline_factor >= 1, "vendor: factor 0 or >= 1")
        require(self.latency_baseline_factor == 0 or self.latency_baseline_factor >= 1, "vendor: factor 0 or >= 1")
        require(
            0 < self.errors_baseline_share <= 1 and 0 < self.latency_baseline_share <= 1,
            "vendor: errors_baseline_share and latency_baseline_share must be in (0, 1]",
        )
        require(self.latency_baseline_min >= 20, "vendor: latency_baseline_min must be at least 20")
        require(self.window_scale > 0 and self.buckets >= 1, "vendor: window_scale and buckets must be positive")
        require(min(self.min_events, self.min_bad_events, self.max_keys) >= 1, "vendor: minimum counts must be >= 1")
        require(0 < self.resolve_fraction < 1, "vendor: resolve_fraction must be between 0 and 1")
        require(self.resolve_hold_seconds >= 0, "vendor: resolve_hold_seconds must not be negative")
        require(self.max_features >= 1, "vendor: max_features must be at least 1")

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options, NAME)

    def rules(self) -> tuple[tuple[str, str, float, float, float], ...]:
        """(name, severity, burn rate, long window s, short window s), windows scaled."""
        s = self.window_scale
        return (
            ("page", "critical", self.page_burn_rate, self.page_long_seconds * s, self.page_short_seconds * s),
            ("ticket", "warning", self.ticket_burn_rate, self.ticket_long_seconds * s, self.ticket_short_seconds * s),
        )


_SEVERITY_RANK = {None: 0, "warning": 1, "critical": 2}


class _Key:
    """One provider x model: the pending tick, one sliding counter per distinct window, the alarm state."""

    __slots__ = (
        "bar_ms",
        "baseline_p95",
        "failures",
        "feature",
        "feature_pending",
        "features",
        "fired",
        "first_seen",
        "incident_features",
        "latencies",
        "pending",
        "recovering_since",
        "refreshed",
        "severity",
        "started",
        "tick",
        "windows",
    )

    def __init__(self, window_lengths: tuple[float, ...], buckets: int) -> None:
        self.tick: int | None = None
        self.pending = [0] * _WIDTH
        self.windows = {length: SlidingCounter(length, buckets, _WIDTH) for length in window_lengths}
        self.first_seen: float | None = None
        self.severity: str | None = None  # None: not alarmed
        self.recovering_since: float | None = None
        self.started: datetime | None = None  # when the open finding was raised
        self.feature = ""  # the open finding's feature: fixed for the incident, so it does not alternate
        self.failures: deque[str] = deque(maxlen=10)  # ids of recent failed requests, for the evidence
        self.feature_pending: dict[str, list[int]] = {}  # per feature in the pending tick
        self.features: dict[str, SlidingCounter] = {}  # per feature over the page long window (bounded)
        self.incident_features: dict[str, list[int]] = {}  # per feature since the open finding was raised
        self.fired: dict[str, Any] | None = None
        self.latencies: WindowedSample | None = None  # answered requests' latencies, baseline and recent windows
        self.baseline_p95: float | None = None
        self.bar_ms: float | None = None  # latency_baseline_factor x baseline_p95, once the baseline is trusted
        self.refreshed: int | None = None  # the latency sample's bucket in which the bar was last computed


class VendorDetector:
    name = NAME
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config = config or Config()
        self._rules = config.rules()
        scale = config.window_scale
        self._recent = config.recent_seconds * scale
        self._whole = (config.baseline_seconds + config.recent_seconds) * scale  # baseline = whole - recent
        rule_windows = {w for rule in self._rules for w in rule[3:]}
        self._lengths = tuple(sorted(rule_windows | {self._recent, self._whole}))
        # A tick of a bucket of the shortest window: alarms lag by at most one tick.
        self._tick_seconds = self._lengths[0] / config.buckets
        self._availability_budget = 1.0 - config.availability_target
        self._latency_budget = 1.0 - config.latency_target
        self._slow_ms = config.latency_threshold_ms
        self._hold = config.resolve_hold_seconds * scale
        self._baseline_rules = (config.errors_baseline_factor > 0) + (config.latency_baseline_factor > 0)
        self._baseline_alpha = LookBudget.every(
            self._tick_seconds, config.baseline_alpha_per_day, max(1, self._baseline_rules)
        ).alpha_per_test
        self._feature_window = config.page_long_seconds * scale
        self._keys: OrderedDict[tuple[str, str], _Key] = OrderedDict()

    def observe(self, event: InteractionEvent) -> list[Finding]:
        key = (event.provider or "unknown", event.request_model or event.response_model or "unknown")
        state = self._state(key)
        t = event.time.timestamp()
        if state.first_seen is None:
            state.first_seen = t
        tick = int(t // self._tick_seconds)
        findings: list[Finding] = []
        if tick != state.tick:
            if state.tick is not None and tick > state.tick:
                finding = self._flush(state, key, t, event.time)
                if finding is not None:
                    findings.append(finding)
            if state.tick is None or tick > state.tick:
                state.tick = tick
        self._count(state, event, t)
        return findings

    def _state(self, key: tuple[str, str]) -> _Key:
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _Key(self._lengths, self.config.buckets)
            if self.config.latency_baseline_factor > 0:
                seed = zlib.crc32("\x1f".join(key).encode())
                state.latencies = WindowedSample(self._whole, self.config.buckets, 50, seed)
            if len(self._keys) > self.config.max_keys:
                self._keys.popitem(last=False)
        else:
            self._keys.move_to_end(key)
        return state

    def _count(self, state: _Key, event: InteractionEvent, t: float) -> None:
        """Count the request in the pending tick, for the model and for its feature."""
        pending = state.pending
        pending[TOTAL] += 1
        outcome = event.outcome
        failed = slow = False
        if outcome is not Outcome.OK and outcome is not Outcome.REFUSAL:
            failed = True
            pending[FAILED] += 1
            pending[
                RATE_LIMITED if outcome is Outcome.RATE_LIMITED else TIMEOUT if outcome is Outcome.TIMEOUT else ERROR
            ] += 1
            state.failures.append(event.id)
        elif event.latency_ms is not None:
            latency = event.latency_ms
            pending[TIMED] += 1
            if latency > self._slow_ms:
                pending[SLOW] += 1
                slow = True
            if state.latencies is not None:
                state.latencies.add(t, latency)
                if state.bar_ms is not None and latency > state.bar_ms:
                    pending[ABOVE_BAR] += 1
                    slow = True
        tally = state.feature_pending.get(event.feature)
        if tally is None:
            tally = state.feature_pending[event.feature] = [0, 0, 0]
        tally[F_TOTAL] += 1
        tally[F_FAILED] += failed
        tally[F_SLOW] += slow

    def footprint(self) -> int:
        """Counters and samples held across all keys: bounded by max_keys x (windows x buckets x slots + features
        x buckets + the latency sample)."""
        total = 0
        for s in self._keys.values():
            total += sum(len(c) * c.width for c in s.windows.values()) + len(s.failures)
            total += sum(len(c) * c.width for c in s.features.values()) + 3 * len(s.incident_features)
            total += 3 * len(s.feature_pending) + (len(s.latencies) if s.latencies is not None else 0)
        return total

    # --- evaluation, once per tick --------------------------------------------------------------------------------

    def _flush(self, state: _Key, key: tuple[str, str], t: float, time: datetime) -> Finding | None:
        pending = state.pending
        assert state.tick is not None
        pending_time = state.tick * self._tick_seconds  # the pending counts belong to the tick that just ended
        for counter in state.windows.values():
            counter.advance(pending_time)
            counter.add_vector(pending)
            counter.advance(t)  # then slide to now, so a quiet spell ages the window
        state.pending = [0] * _WIDTH
        self._flush_features(state, pending_time)
        if state.latencies is not None and state.severity is None:
            self._refresh_bar(state, t)  # frozen while an alarm is open: an incident must not become the baseline
        firing = self._firing(state, t)
        if firing is not None:
            state.recovering_since = None
            if _SEVERITY_RANK[firing["severity"]] > _SEVERITY_RANK[state.severity]:  # new, or escalated to a page
                if state.severity is None:
                    state.started = time
                    state.feature = self._most_affected(state, firing["sli"])
                    state.incident_features = {f: [int(v) for v in c.totals] for f, c in state.features.items()}
                state.severity = firing["severity"]
                state.fired = firing
                return self._finding(state, key, time, firing, FindingAction.TRIGGER)
            return None
        if state.severity is None:
            return None
        if not self._recovered(state):
            state.recovering_since = None
            return None
        if state.recovering_since is None:
            state.recovering_since = t
        if t - state.recovering_since < self._hold:
            return None
        snapshot = self._snapshot(state)
        snapshot["recovered_at"] = datetime.fromtimestamp(state.recovering_since, time.tzinfo).isoformat()
        finding = self._finding(state, key, time, snapshot, FindingAction.RESOLVE)
        state.severity = state.recovering_since = state.started = None
        state.incident_features = {}
        return finding

    def _flush_features(self, state: _Key, pending_time: float) -> None:
        features, limit = state.features, self.config.max_features
        for feature, tally in state.feature_pending.items():
            counter = features.get(feature)
            if counter is None:
                if len(features) >= limit - 1:
                    feature = OTHER_FEATURE  # the key space stays bounded
                counter = features.get(feature)
                if counter is None:
                    counter = features[feature] = SlidingCounter(self._feature_window, 4, 3)
            counter.advance(pending_time)
            counter.add_vector(tally)
            if state.severity is not None:
                open_tally = state.incident_features.get(feature)
                if open_tally is None and len(state.incident_features) < limit:
                    open_tally = state.incident_features[feature] = [0, 0, 0]
                if open_tally is not None:
                    for slot in (F_TOTAL, F_FAILED, F_SLOW):
                        open_tally[slot] += tally[slot]
        state.feature_pending = {}

    def _refresh_bar(self, state: _Key, t: float) -> None:
        latencies = state.latencies
        assert latencies is not None
        bucket = int(t // latencies.bucket_seconds)
        if bucket == state.refreshed:
            return
        state.refreshed = bucket
        if t - (t if state.first_seen is None else state.first_seen) < self._whole:
            return  # the baseline is judged only once it is full
        baseline = latencies.weighted_items(t, older_than=t - self._recent)
        if len(baseline) < self.config.latency_baseline_min:
            return
        state.baseline_p95 = weighted_quantile(baseline, 0.95)
        state.bar_ms = self.config.latency_baseline_factor * state.baseline_p95

    def _burn(self, counter: SlidingCounter, sli: str, seen: float = 1.0) -> tuple[float, int, int]:
        """(burn rate, requests, bad requests) of one SLI over one window; `seen` is the share of the window the
        detector has watched (the burn is charged for that share only)."""
        bad, of = _SLI[sli]
        totals = counter.totals
        if totals[of] <= 0:
            return 0.0, 0, 0
        budget = self._availability_budget if sli == "availability" else self._latency_budget
        return totals[bad] / totals[of] / budget * seen, totals[of], totals[bad]

    def _firing(self, state: _Key, t: float) -> dict[str, Any] | None:
        """The most severe rule that fires now, on either SLI, then the rules against the model's own baseline."""
        watched = t - (t if state.first_seen is None else state.first_seen)
        for name, severity, rate, long_window, short_window in self._rules:  # most severe first
            for sli in _SLI:
                long_burn, _, _ = self._burn(state.windows[long_window], sli, min(1.0, watched / long_window))
                short_burn, short_n, short_bad = self._burn(
                    state.windows[short_window], sli, min(1.0, watched / short_window)
                )
                if (
                    long_burn > rate
                    and short_burn > rate
                    and short_n >= self.config.min_events
                    and short_bad >= self.config.min_bad_events
                ):
                    snapshot = self._snapshot(state, long_window)
                    snapshot.update(
                        rule=name,
                        severity=severity,
                        sli=sli,
                        burn_rate_threshold=rate,
                        burn_rate_long=round(long_burn, 3),
                        burn_rate_short=round(short_burn, 3),
                        long_window_seconds=long_window,
                        short_window_seconds=short_window,
                        window_watched_share=round(min(1.0, watched / long_window), 4),
                    )
                    return snapshot
        if watched < self._whole:
            return None  # the baseline rules judge only once the baseline and the recent window are whole
        return self._errors_firing(state) or self._latency_firing(state, t)

    def _recent_and_baseline(self, state: _Key) -> tuple[Sequence[float], list[float]]:
        recent = state.windows[self._recent].totals
        whole = state.windows[self._whole].totals
        return recent, [w - r for w, r in zip(whole, recent, strict=True)]

    def _errors_firing(self, state: _Key) -> dict[str, Any] | None:
        config = self.config
        if config.errors_baseline_factor <= 0:
            return None
        recent, baseline = self._recent_and_baseline(state)
        failed, total = int(recent[FAILED]), int(recent[TOTAL])
        if total < config.min_events or failed < config.min_bad_events or failed < config.errors_baseline_share * total:
            return None
        base_failed, base_total = int(baseline[FAILED]), int(baseline[TOTAL])
        if failed * base_total < config.errors_baseline_factor * base_failed * total:
            return None
        test = rate_increase_test(failed, total, base_failed, base_total)
        if test.p_value >= self._baseline_alpha:
            return None
        snapshot = self._snapshot(state, self._recent)
        snapshot.update(
            rule="errors_baseline",
            severity="warning",
            sli="errors_baseline",
            recent_requests=total,
            recent_failed=failed,
            baseline_requests=base_total,
            baseline_failed=base_failed,
            baseline_error_rate=round(base_failed / base_total, 5) if base_total else None,
            errors_baseline_factor=config.errors_baseline_factor,
            test="exact conditional binomial, one-sided (recent vs baseline)",
            **self._baseline_facts(test.p_value),
        )
        return snapshot

    def _latency_firing(self, state: _Key, t: float) -> dict[str, Any] | None:
        config = self.config
        if state.bar_ms is None:
            return None
        recent, _ = self._recent_and_baseline(state)
        answers, slow = int(recent[TIMED]), int(recent[ABOVE_BAR])
        if (
            answers < config.min_events
            or slow < config.min_bad_events
            or slow < config.latency_baseline_share * answers
        ):
            return None
        p_value = binomial_sf(slow, answers, _P95_SHARE)
        if p_value >= self._baseline_alpha:
            return None
        snapshot = self._snapshot(state, self._recent)
        latest = state.latencies.weighted_items(t, newer_than=t - self._recent) if state.latencies else []
        snapshot.update(
            rule="latency_baseline",
            severity="warning",
            sli="latency_baseline",
            baseline_p95_ms=round(state.baseline_p95 or 0.0, 1),
            bar_ms=round(state.bar_ms, 1),
            recent_p95_ms=round(weighted_quantile(latest, 0.95), 1) if latest else None,
            recent_answers=answers,
            recent_slow_answers=slow,
            recent_slow_share=round(slow / answers, 4),
            latency_baseline_factor=config.latency_baseline_factor,
            test="exact binomial, one-sided (share above the bar vs the 5% above an unchanged p95)",
            **self._baseline_facts(p_value),
        )
        return snapshot

    def _baseline_facts(self, p_value: float) -> dict[str, object]:
        return {
            "recent_window_seconds": self._recent,
            "baseline_window_seconds": self._whole - self._recent,
            "p_value": p_value,
            "alpha_per_look": self._baseline_alpha,
            "alpha_per_day": self.config.baseline_alpha_per_day,
        }

    def _recovered(self, state: _Key) -> bool:
        # Below a fraction of each alert threshold, not below 1x: one stray error in a five-minute window already
        # burns above 1x, so "no faster than the budget" would keep a recovered vendor open by chance.
        config = self.config
        fraction = config.resolve_fraction
        for _, _, rate, _, short_window in self._rules:
            for sli in _SLI:
                if self._burn(state.windows[short_window], sli)[0] >= rate * fraction:
                    return False
        recent = state.windows[self._recent].totals
        if recent[TOTAL] and recent[FAILED] >= config.errors_baseline_share * fraction * recent[TOTAL]:
            return False
        return not (
            state.bar_ms is not None
            and recent[TIMED]
            and recent[ABOVE_BAR] >= config.latency_baseline_share * fraction * recent[TIMED]
        )

    def _most_affected(self, state: _Key, sli: str) -> str:
        slot = F_FAILED if sli in ("availability", "errors_baseline") else F_SLOW
        ranked = sorted(
            state.features.items(), key=lambda item: (-item[1].totals[slot], -item[1].totals[F_TOTAL], item[0])
        )
        return ranked[0][0] if ranked else ""

    def _snapshot(self, state: _Key, window: float | None = None) -> dict[str, Any]:
        counter = state.windows[window if window is not None else self._rules[0][4]]
        totals = counter.totals
        total, timed = totals[TOTAL], totals[TIMED]

        def share(count: float, of: float) -> float:
            return round(count / of, 5) if of else 0.0

        return {
            "window_seconds": window if window is not None else self._rules[0][4],
            "requests": total,
            "error_rate": share(totals[FAILED], total),
            "server_error_share": share(totals[ERROR], total),
            "rate_limited_share": share(totals[RATE_LIMITED], total),
            "timeout_share": share(totals[TIMEOUT], total),
            "slow_share": share(totals[SLOW], timed),
        }

    def _features_detail(self, state: _Key) -> list[dict[str, object]]:
        rows = [(f, int(c[F_TOTAL]), int(c[F_FAILED]), int(c[F_SLOW])) for f, c in state.incident_features.items()]
        rows.sort(key=lambda r: (-(r[2] + r[3]), -r[1], r[0]))
        return [{"feature": f, "requests": n, "failed": failed, "slow": slow} for f, n, failed, slow in rows]

    def _finding(
        self, state: _Key, key: tuple[str, str], time: datetime, facts: dict[str, Any], action: FindingAction
    ) -> Finding:
        provider, model = key
        config = self.config
        details = dict(facts)
        affected = self._features_detail(state)
        details.update(
            provider=provider,
            model=model,
            availability_target=config.availability_target,
            latency_threshold_ms=config.latency_threshold_ms,
            latency_target=config.latency_target,
            features=[row["feature"] for row in affected],
            feature_counts=affected,
        )
        if action is FindingAction.TRIGGER:
            title = self._trigger_title(provider, model, facts)
            severity, confidence = facts["severity"], 0.95 if facts["rule"] == "page" else 0.8
        else:
            details["resolved_after_trigger"] = state.fired
            if state.started is not None:
                details.update(resolve_times(state.started, time))
            lasted = f" after {details['duration_seconds'] / 60:.0f} min" if "duration_seconds" in details else ""
            title = (
                f"{provider} {model} recovered{lasted}: error rate {facts['error_rate']:.1%}, "
                f"slow {facts['slow_share']:.1%}"
            )
            severity, confidence = "info", 0.9
        return Finding(
            category=CATEGORY,
            detector=NAME,
            title=title,
            confidence=confidence,
            severity=severity,
            dedup_key=f"{CATEGORY}:{provider}:{model}",
            time=time,
            feature=state.feature,
            evidence=Evidence(tuple(state.failures), excerpt=""),
            details=details,
            action=action,
            provider=provider,
            model=model,
        )

    def _trigger_title(self, provider: str, model: str, facts: dict[str, Any]) -> str:
        minutes = f"{facts.get('recent_window_seconds', 0) / 60:g} min"
        if facts["sli"] == "latency_baseline":
            return (
                f"{provider} {model} answers slower than its own baseline: {facts['recent_slow_share']:.0%} of "
                f"answers over {facts['bar_ms']:.0f} ms ({facts['latency_baseline_factor']:g}x its p95 of "
                f"{facts['baseline_p95_ms']:.0f} ms) in the last {minutes}"
            )
        if facts["sli"] == "errors_baseline":
            base = facts["baseline_error_rate"] or 0.0
            return (
                f"{provider} {model} fails far more than its own baseline: {facts['error_rate']:.1%} of requests "
                f"failed in the last {minutes} (rate limited {facts['rate_limited_share']:.1%}, timed out "
                f"{facts['timeout_share']:.1%}) against {base:.2%} the hour before"
            )
        what = (
            f"{facts['error_rate']:.1%} of requests failed (rate limited {facts['rate_limited_share']:.1%}, "
            f"timed out {facts['timeout_share']:.1%})"
            if facts["sli"] == "availability"
            else f"{facts['slow_share']:.1%} of answers slower than {self.config.latency_threshold_ms:g} ms"
        )
        return (
            f"{provider} {model} is failing its SLO: {what} over {facts['long_window_seconds']:g} s, "
            f"burn rate {facts['burn_rate_long']:.1f}x (> {facts['burn_rate_threshold']:g}x, {facts['rule']})"
        )
