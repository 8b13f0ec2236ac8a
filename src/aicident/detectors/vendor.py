"""Vendor outages: a provider's model burns its error budget, or answers far slower than it did an hour ago.

Google SRE workbook, "Alerting on SLOs": page when the burn rate exceeds 14.4 over both 1 h and 5 min (2% of a
30-day budget in an hour), ticket when it exceeds 6 over both 6 h and 30 min. The long window makes an alarm
significant, the short one makes it stop soon after the vendor recovers. Two SLIs per provider and model:
availability (errors, rate limits and timeouts are bad requests) and latency (a "p95 below X ms" target read as
"at most 5% of answered requests slower than X ms", which a counter can track exactly).

A window is charged only for the time it has watched: until the detector has seen a provider and model for a whole
window, its burn rate is scaled by the share of the window seen (the budget consumed so far, not the rate of the few
minutes seen), so a one-minute blip ten minutes in weighs what it weighs two hours in.

Latency against the model's own baseline: an absolute SLO misses a model that turns five times slower but stays under
it. Once `latency_baseline_seconds` of answers have been seen, the p95 of that baseline (the hour before the recent
window, frozen while an alarm is open) sets a bar of `latency_baseline_factor` x p95; when at least
`latency_baseline_share` of the recent window's answers are slower than the bar, and an exact binomial test rejects
the at most 5% that an unchanged model can put above its own p95 (and so above any multiple of it), the rule fires.
Its looks, one per tick, share `latency_alpha_per_day`: at most that chance of a false latency finding per provider,
model and day (sequential.LookBudget).

Findings are keyed by provider and model; they list the features that used the model (with their requests and bad
requests) and name the most affected one as the finding's feature, fixed for the incident; a resolving finding says
when the incident started, when it recovered and how long it lasted.

Requests are counted in a pending bucket and flushed into bucketed sliding windows once per tick (a fraction of the
shortest window), so the per-event cost is a few additions and memory is constant per provider and model.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from aicident.detectors.model import Evidence, Finding, FindingAction, InteractionEvent, Outcome, resolve_times
from aicident.detectors.sequential import LookBudget, binomial_sf
from aicident.detectors.stats import SlidingCounter, WindowedSample, config_from_options, quantile, require

NAME = "vendor"
CATEGORY = "vendor_outage"

# Counter slots
TOTAL, FAILED, RATE_LIMITED, TIMEOUT, ERROR, TIMED, SLOW = range(7)
_WIDTH = 7
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
    latency_baseline_factor: float = 2.0  # slow against the model's own p95: this many times it; 0: rule off
    latency_baseline_seconds: float = 3600.0  # the baseline: this long before the recent window
    latency_recent_seconds: float = 600.0  # the recent window judged against it
    latency_baseline_share: float = 0.25  # share of recent answers above the bar that fires the rule
    latency_baseline_min: int = 200  # answers the baseline needs before its p95 is trusted
    latency_alpha_per_day: float = 0.001  # chance of a false latency finding per provider x model and day
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
        require(self.latency_baseline_factor == 0 or self.latency_baseline_factor >= 1, "vendor: factor 0 or >= 1")
        require(
            self.latency_baseline_seconds > 0 and self.latency_recent_seconds > 0,
            "vendor: latency_baseline_seconds and latency_recent_seconds must be positive",
        )
        require(0 < self.latency_baseline_share <= 1, "vendor: latency_baseline_share must be in (0, 1]")
        require(self.latency_baseline_min >= 20, "vendor: latency_baseline_min must be at least 20")
        require(0 < self.latency_alpha_per_day < 1, "vendor: latency_alpha_per_day must be between 0 and 1")
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


class _Latency:
    """The model's own latency: a sample of the baseline and recent windows, and the recent counts above the bar."""

    __slots__ = ("bar_ms", "baseline_p95", "recent", "refreshed", "sample")

    def __init__(self, baseline: float, recent: float, seed: int) -> None:
        bucket = recent / 2
        self.sample = WindowedSample(baseline + recent, max(2, round((baseline + recent) / bucket)), 50, seed)
        self.recent = SlidingCounter(recent, 12, 2)  # [answers, answers above the bar]
        self.baseline_p95: float | None = None
        self.bar_ms: float | None = None
        self.refreshed: int | None = None  # the sample bucket the bar was last computed in


class _Key:
    """One provider x model: the pending tick, one sliding counter per distinct window, the alarm state."""

    __slots__ = (
        "failures",
        "feature",
        "features",
        "fired",
        "first_seen",
        "incident_features",
        "latency",
        "pending",
        "recovering_since",
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
        self.features: dict[str, SlidingCounter] = {}  # per feature over the page long window (bounded)
        self.incident_features: dict[str, list[int]] = {}  # per feature since the open finding was raised
        self.fired: dict | None = None
        self.latency: _Latency | None = None


class VendorDetector:
    name = NAME
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config = config or Config()
        self._rules = config.rules()
        self._lengths = tuple(sorted({w for rule in self._rules for w in rule[3:]}))
        # A tick of a bucket of the shortest window: alarms lag by at most one tick.
        self._tick_seconds = self._lengths[0] / config.buckets
        self._availability_budget = 1.0 - config.availability_target
        self._latency_budget = 1.0 - config.latency_target
        self._slow_ms = config.latency_threshold_ms
        self._hold = config.resolve_hold_seconds * config.window_scale
        self._relative = config.latency_baseline_factor > 0
        self._baseline_seconds = config.latency_baseline_seconds * config.window_scale
        self._recent_seconds = config.latency_recent_seconds * config.window_scale
        self._latency_alpha = LookBudget.every(self._tick_seconds, config.latency_alpha_per_day).alpha_per_test
        self._feature_window = config.page_long_seconds * config.window_scale
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
        failed, slow = self._count(state, event, t)
        self._count_feature(state, event.feature, t, failed, slow)
        return findings

    def _state(self, key: tuple[str, str]) -> _Key:
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _Key(self._lengths, self.config.buckets)
            if self._relative:
                seed = zlib.crc32("\x1f".join(key).encode())
                state.latency = _Latency(self._baseline_seconds, self._recent_seconds, seed)
            if len(self._keys) > self.config.max_keys:
                self._keys.popitem(last=False)
        else:
            self._keys.move_to_end(key)
        return state

    def _count(self, state: _Key, event: InteractionEvent, t: float) -> tuple[bool, bool]:
        """Count the request in the pending tick; (failed, slow)."""
        pending = state.pending
        pending[TOTAL] += 1
        outcome = event.outcome
        if outcome is not Outcome.OK and outcome is not Outcome.REFUSAL:
            pending[FAILED] += 1
            pending[
                RATE_LIMITED if outcome is Outcome.RATE_LIMITED else TIMEOUT if outcome is Outcome.TIMEOUT else ERROR
            ] += 1
            state.failures.append(event.id)
            return True, False
        latency = event.latency_ms
        if latency is None:
            return False, False
        pending[TIMED] += 1
        slow = latency > self._slow_ms
        if slow:
            pending[SLOW] += 1
        own = state.latency
        if own is not None:
            own.sample.add(t, latency)
            own.recent.advance(t)
            own.recent.add(0)
            if own.bar_ms is not None and latency > own.bar_ms:
                own.recent.add(1)
                slow = True
        return False, slow

    def _count_feature(self, state: _Key, feature: str, t: float, failed: bool, slow: bool) -> None:
        features = state.features
        counter = features.get(feature)
        if counter is None:
            if len(features) >= self.config.max_features - 1 and feature != OTHER_FEATURE:
                feature = OTHER_FEATURE
            counter = features.get(feature)
            if counter is None:
                counter = features[feature] = SlidingCounter(self._feature_window, 4, 3)
        counter.advance(t)
        counter.add(F_TOTAL)
        if failed:
            counter.add(F_FAILED)
        if slow:
            counter.add(F_SLOW)
        if state.severity is not None:
            tally = state.incident_features.get(feature)
            if tally is None:
                if len(state.incident_features) >= self.config.max_features:
                    return
                tally = state.incident_features[feature] = [0, 0, 0]
            tally[F_TOTAL] += 1
            tally[F_FAILED] += failed
            tally[F_SLOW] += slow

    def footprint(self) -> int:
        """Counters and samples held across all keys: bounded by max_keys x (windows x buckets x slots + features
        + the latency sample)."""
        total = 0
        for s in self._keys.values():
            total += sum(len(c) * c.width for c in s.windows.values()) + len(s.failures)
            total += sum(len(c) * c.width for c in s.features.values()) + 3 * len(s.incident_features)
            if s.latency is not None:
                total += len(s.latency.sample) + len(s.latency.recent) * 2
        return total

    # --- evaluation, once per tick --------------------------------------------------------------------------------

    def _flush(self, state: _Key, key, t: float, time: datetime) -> Finding | None:
        pending = state.pending
        pending_time = state.tick * self._tick_seconds  # the pending counts belong to the tick that just ended
        for counter in state.windows.values():
            counter.advance(pending_time)
            counter.add_vector(pending)
            counter.advance(t)  # then slide to now, so a quiet spell ages the window
        state.pending = [0] * _WIDTH
        if state.latency is not None:
            state.latency.recent.advance(t)
            if state.severity is None:  # frozen while an alarm is open: an incident must not become the baseline
                self._refresh_bar(state, t)
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

    def _refresh_bar(self, state: _Key, t: float) -> None:
        own = state.latency
        assert own is not None
        bucket = int(t // own.sample.bucket_seconds)
        if bucket == own.refreshed:
            return
        own.refreshed = bucket
        if t - (state.first_seen or t) < self._baseline_seconds + self._recent_seconds:
            return  # the baseline is judged only once it is full
        baseline = own.sample.items(t, older_than=t - self._recent_seconds)
        if len(baseline) < self.config.latency_baseline_min:
            return
        own.baseline_p95 = quantile(baseline, 0.95)
        own.bar_ms = self.config.latency_baseline_factor * own.baseline_p95

    def _burn(self, counter: SlidingCounter, sli: str, seen: float = 1.0) -> tuple[float, int, int]:
        """(burn rate, requests, bad requests) of one SLI over one window; `seen` is the share of the window the
        detector has watched (the burn is charged for that share only)."""
        bad, of = _SLI[sli]
        totals = counter.totals
        if totals[of] <= 0:
            return 0.0, 0, 0
        budget = self._availability_budget if sli == "availability" else self._latency_budget
        return totals[bad] / totals[of] / budget * seen, totals[of], totals[bad]

    def _firing(self, state: _Key, t: float) -> dict | None:
        """The most severe rule that fires now, on either SLI, then the latency baseline rule."""
        watched = t - (state.first_seen or t)
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
        return self._latency_firing(state, t)

    def _latency_firing(self, state: _Key, t: float) -> dict | None:
        own = state.latency
        if own is None or own.bar_ms is None:
            return None
        answers, slow = own.recent.totals
        if answers < self.config.min_events or slow < self.config.min_bad_events:
            return None
        share = slow / answers
        if share < self.config.latency_baseline_share:
            return None
        p_value = binomial_sf(int(slow), int(answers), _P95_SHARE)
        if p_value >= self._latency_alpha:
            return None
        snapshot = self._snapshot(state)
        recent = own.sample.items(t, newer_than=t - self._recent_seconds)
        snapshot.update(
            rule="latency_baseline",
            severity="warning",
            sli="latency_baseline",
            baseline_p95_ms=round(own.baseline_p95 or 0.0, 1),
            bar_ms=round(own.bar_ms, 1),
            recent_p95_ms=round(quantile(recent, 0.95), 1) if recent else None,
            recent_answers=int(answers),
            recent_slow_answers=int(slow),
            recent_slow_share=round(share, 4),
            latency_baseline_factor=self.config.latency_baseline_factor,
            recent_window_seconds=self._recent_seconds,
            baseline_window_seconds=self._baseline_seconds,
            p_value=p_value,
            alpha_per_look=self._latency_alpha,
            alpha_per_day=self.config.latency_alpha_per_day,
        )
        return snapshot

    def _recovered(self, state: _Key) -> bool:
        # Below a fraction of each alert threshold, not below 1x: one stray error in a five-minute window already
        # burns above 1x, so "no faster than the budget" would keep a recovered vendor open by chance.
        fraction = self.config.resolve_fraction
        for _, _, rate, _, short_window in self._rules:
            for sli in _SLI:
                if self._burn(state.windows[short_window], sli)[0] >= rate * fraction:
                    return False
        own = state.latency
        if own is not None and own.bar_ms is not None:
            answers, slow = own.recent.totals
            if answers and slow / answers >= self.config.latency_baseline_share * fraction:
                return False
        return True

    def _most_affected(self, state: _Key, sli: str) -> str:
        slot = F_FAILED if sli == "availability" else F_SLOW
        ranked = sorted(state.features.items(), key=lambda item: (-item[1].totals[slot], -item[1].totals[F_TOTAL]))
        return ranked[0][0] if ranked else ""

    def _snapshot(self, state: _Key, window: float | None = None) -> dict:
        counter = state.windows[window if window is not None else self._lengths[0]]
        totals = counter.totals
        total, timed = totals[TOTAL], totals[TIMED]

        def share(count: float, of: float) -> float:
            return round(count / of, 5) if of else 0.0

        return {
            "window_seconds": window if window is not None else self._lengths[0],
            "requests": total,
            "error_rate": share(totals[FAILED], total),
            "server_error_share": share(totals[ERROR], total),
            "rate_limited_share": share(totals[RATE_LIMITED], total),
            "timeout_share": share(totals[TIMEOUT], total),
            "slow_share": share(totals[SLOW], timed),
        }

    def _features_detail(self, state: _Key) -> list[dict[str, object]]:
        rows = [
            {"feature": f, "requests": int(c[F_TOTAL]), "failed": int(c[F_FAILED]), "slow": int(c[F_SLOW])}
            for f, c in state.incident_features.items()
        ]
        rows.sort(key=lambda r: (-(r["failed"] + r["slow"]), -r["requests"], r["feature"]))  # type: ignore[operator]
        return rows

    def _finding(self, state: _Key, key, time: datetime, facts: dict, action: FindingAction) -> Finding:
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

    def _trigger_title(self, provider: str, model: str, facts: dict) -> str:
        if facts["sli"] == "latency_baseline":
            return (
                f"{provider} {model} answers slower than its own baseline: {facts['recent_slow_share']:.0%} of "
                f"answers over {facts['bar_ms']:.0f} ms ({facts['latency_baseline_factor']:g}x its p95 of "
                f"{facts['baseline_p95_ms']:.0f} ms) in the last {facts['recent_window_seconds']:g} s"
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
