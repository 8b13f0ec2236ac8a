"""Vendor outages: a provider's model burns its error budget, by multi-window multi-burn-rate rules.

Google SRE workbook, "Alerting on SLOs": page when the burn rate exceeds 14.4 over both 1 h and 5 min (2% of a
30-day budget in an hour), ticket when it exceeds 6 over both 6 h and 30 min. The long window makes an alarm
significant, the short one makes it stop soon after the vendor recovers. Two SLIs per provider and model:
availability (errors, rate limits and timeouts are bad requests) and latency (a "p95 below X ms" target read as
"at most 5% of answered requests slower than X ms", which a counter can track exactly).

Requests are counted in a pending bucket and flushed into bucketed sliding windows once per tick (a fraction of the
shortest window), so the per-event cost is a few additions and memory is constant per provider and model.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from aicident.detectors.model import Evidence, Finding, FindingAction, InteractionEvent, Outcome
from aicident.detectors.stats import SlidingCounter, config_from_options, require

NAME = "vendor"
CATEGORY = "vendor_outage"

# Counter slots
TOTAL, FAILED, RATE_LIMITED, TIMEOUT, ERROR, TIMED, SLOW = range(7)
_WIDTH = 7
_SLI = {"availability": (FAILED, TOTAL), "latency": (SLOW, TIMED)}  # bad, of how many


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
    window_scale: float = 1.0  # multiplies every window and the resolve hold (tests run an hour in five minutes)
    buckets: int = 12  # per window
    min_events: int = 20  # requests in a short window, so that two failures out of three requests cannot page
    min_bad_events: int = 5  # bad requests in a short window: one error among the first 30 requests is not an outage
    resolve_fraction: float = 0.5  # recovered: every rule's short window burns below this share of its rate ...
    resolve_hold_seconds: float = 300.0  # ... for this long (hysteresis against flapping)
    max_keys: int = 256  # provider x model pairs; least recently seen forgotten past this

    def __post_init__(self) -> None:
        require(0 < self.availability_target < 1 and 0 < self.latency_target < 1, "vendor: targets in (0, 1)")
        require(self.latency_threshold_ms > 0, "vendor: latency_threshold_ms must be positive")
        require(self.page_burn_rate > 0 and self.ticket_burn_rate > 0, "vendor: burn rates must be positive")
        require(0 < self.page_short_seconds < self.page_long_seconds, "vendor: page short window < long window")
        require(0 < self.ticket_short_seconds < self.ticket_long_seconds, "vendor: ticket short window < long window")
        require(self.window_scale > 0 and self.buckets >= 1, "vendor: window_scale and buckets must be positive")
        require(min(self.min_events, self.min_bad_events, self.max_keys) >= 1, "vendor: minimum counts must be >= 1")
        require(0 < self.resolve_fraction < 1, "vendor: resolve_fraction must be between 0 and 1")
        require(self.resolve_hold_seconds >= 0, "vendor: resolve_hold_seconds must not be negative")

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

    __slots__ = ("failures", "features", "fired", "pending", "recovering_since", "severity", "tick", "windows")

    def __init__(self, window_lengths: tuple[float, ...], buckets: int) -> None:
        self.tick: int | None = None
        self.pending = [0] * _WIDTH
        self.windows = {length: SlidingCounter(length, buckets, _WIDTH) for length in window_lengths}
        self.severity: str | None = None  # None: not alarmed
        self.recovering_since: float | None = None
        self.failures: deque[str] = deque(maxlen=10)  # ids of recent failed requests, for the evidence
        self.features: dict[str, None] = {}  # features seen using this model (bounded, ordered)
        self.fired: dict | None = None


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
        self._keys: OrderedDict[tuple[str, str], _Key] = OrderedDict()

    def observe(self, event: InteractionEvent) -> list[Finding]:
        key = (event.provider or "unknown", event.request_model or event.response_model or "unknown")
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _Key(self._lengths, self.config.buckets)
            if len(self._keys) > self.config.max_keys:
                self._keys.popitem(last=False)
        else:
            self._keys.move_to_end(key)
        t = event.time.timestamp()
        tick = int(t // self._tick_seconds)
        findings: list[Finding] = []
        if tick != state.tick:
            if state.tick is not None and tick > state.tick:
                finding = self._flush(state, key, t, event.time)
                if finding is not None:
                    findings.append(finding)
            if state.tick is None or tick > state.tick:
                state.tick = tick
        pending = state.pending
        pending[TOTAL] += 1
        outcome = event.outcome
        if outcome is Outcome.OK or outcome is Outcome.REFUSAL:
            latency = event.latency_ms
            if latency is not None:
                pending[TIMED] += 1
                if latency > self._slow_ms:
                    pending[SLOW] += 1
        else:
            pending[FAILED] += 1
            pending[
                RATE_LIMITED if outcome is Outcome.RATE_LIMITED else TIMEOUT if outcome is Outcome.TIMEOUT else ERROR
            ] += 1
            state.failures.append(event.id)
        if event.feature not in state.features and len(state.features) < 16:
            state.features[event.feature] = None
        return findings

    def footprint(self) -> int:
        """Counters held across all keys: bounded by max_keys x windows x buckets x slots."""
        return sum(
            sum(len(c) * c.width for c in s.windows.values()) + len(s.failures) + len(s.features)
            for s in self._keys.values()
        )

    # --- evaluation, once per tick --------------------------------------------------------------------------------

    def _flush(self, state: _Key, key, t: float, time: datetime) -> Finding | None:
        pending = state.pending
        pending_time = state.tick * self._tick_seconds  # the pending counts belong to the tick that just ended
        for counter in state.windows.values():
            counter.advance(pending_time)
            counter.add_vector(pending)
            counter.advance(t)  # then slide to now, so a quiet spell ages the window
        state.pending = [0] * _WIDTH
        firing = self._firing(state)
        if firing is not None:
            state.recovering_since = None
            if _SEVERITY_RANK[firing["severity"]] > _SEVERITY_RANK[state.severity]:  # new, or escalated to a page
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
        state.severity = state.recovering_since = None
        finding = self._finding(state, key, time, self._snapshot(state), FindingAction.RESOLVE)
        state.features.clear()
        return finding

    def _burn(self, counter: SlidingCounter, sli: str) -> tuple[float, int, int]:
        """(burn rate, requests, bad requests) of one SLI over one window."""
        bad, of = _SLI[sli]
        totals = counter.totals
        if totals[of] <= 0:
            return 0.0, 0, 0
        budget = self._availability_budget if sli == "availability" else self._latency_budget
        return totals[bad] / totals[of] / budget, totals[of], totals[bad]

    def _firing(self, state: _Key) -> dict | None:
        """The most severe rule that fires now, on either SLI."""
        for name, severity, rate, long_window, short_window in self._rules:  # most severe first
            for sli in _SLI:
                long_burn, _, _ = self._burn(state.windows[long_window], sli)
                short_burn, short_n, short_bad = self._burn(state.windows[short_window], sli)
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
                    )
                    return snapshot
        return None

    def _recovered(self, state: _Key) -> bool:
        # Below a fraction of each alert threshold, not below 1x: one stray error in a five-minute window already
        # burns above 1x, so "no faster than the budget" would keep a recovered vendor open by chance.
        fraction = self.config.resolve_fraction
        for _, _, rate, _, short_window in self._rules:
            for sli in _SLI:
                if self._burn(state.windows[short_window], sli)[0] >= rate * fraction:
                    return False
        return True

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

    def _finding(self, state: _Key, key, time: datetime, facts: dict, action: FindingAction) -> Finding:
        provider, model = key
        config = self.config
        details = dict(facts)
        details.update(
            provider=provider,
            model=model,
            availability_target=config.availability_target,
            latency_threshold_ms=config.latency_threshold_ms,
            latency_target=config.latency_target,
            features=list(state.features),
        )
        feature = next(iter(state.features), "")
        if action is FindingAction.TRIGGER:
            what = (
                f"{facts['error_rate']:.1%} of requests failed (rate limited {facts['rate_limited_share']:.1%}, "
                f"timed out {facts['timeout_share']:.1%})"
                if facts["sli"] == "availability"
                else f"{facts['slow_share']:.1%} of answers slower than {config.latency_threshold_ms:g} ms"
            )
            title = (
                f"{provider} {model} is failing its SLO: {what} over {facts['long_window_seconds']:g} s, "
                f"burn rate {facts['burn_rate_long']:.1f}x (> {facts['burn_rate_threshold']:g}x, {facts['rule']})"
            )
            severity, confidence = facts["severity"], 0.95 if facts["rule"] == "page" else 0.8
        else:
            details["resolved_after_trigger"] = state.fired
            title = (
                f"{provider} {model} recovered: error rate {facts['error_rate']:.1%}, slow {facts['slow_share']:.1%}"
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
            feature=feature,
            evidence=Evidence(tuple(state.failures), excerpt=""),
            details=details,
            action=action,
        )
