"""Drift of one signal within one model version, by likelihood-ratio CUSUMs on time batches (pure).

The baseline is learned from the first `warmup_seconds` (and at least `warmup_values` values; for a rate, also
`warmup_hits` hits) of a version; then once
per batch of `batch_seconds` the batch's log-likelihood ratio (the baseline against a shifted level) is added to a
CUSUM. The threshold comes from the false-alarm budget: with L looks a day and s sides watched, h = ln(L * s / alpha)
gives P(a false alarm in a day) <= alpha (sequential.cusum_threshold, Lorden's bound).

Two kinds of signal:

* continuous (eval scores, ratings, output length on a log scale, so that a change is relative): Gaussian batch
  likelihood ratio for a shift of `shift` standard deviations of a single value;
* rates (refusals): Bernoulli likelihood ratio for the rate times `rate_ratio`.

The baseline's own uncertainty is given to the null: the CUSUM tests against the edge of the baseline's confidence
interval in the direction it watches (two standard errors; for a rate, one, on Wilson's interval, see _Z_RATE), so a
baseline that was a little lucky does not turn into false alarms later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aicident.detectors.sequential import (
    DAY_SECONDS,
    LikelihoodCusum,
    bernoulli_llr,
    cusum_threshold,
    gaussian_llr,
    wilson_bounds,
)
from aicident.detectors.stats import RunningMoments

_Z = 2.0  # standard errors of the baseline given to the null
# For a rate, one: the alternative's own break-even, (rate_ratio - 1) / ln(rate_ratio) = 1.44 for a doubling, is a
# margin already (the CUSUM drifts up only when the rate is 1.44 times the reference), and two more standard errors
# on top left a 2.5-fold rise unseen behind a baseline that happened to come out high.
_Z_RATE = 1.0


@dataclass(frozen=True, slots=True)
class DriftDesign:
    """How drift is watched; shared by every watch of a detector."""

    batch_seconds: float = 300.0
    warmup_seconds: float = 3600.0
    warmup_values: int = 200
    warmup_hits: int = 80  # rates: the baseline also needs this many hits (a rate from 4 refusals says little)
    shift: float = 0.5  # continuous signals: the level worth finding, in standard deviations of one value
    rate_ratio: float = 2.0  # rates: the rate worth finding, as a multiple of the baseline's
    alpha_per_day: float = 0.005  # per watched track (feature x provider), over all its signals and sides
    sides: int = 5  # CUSUM sides watched per track (the budget is shared between them)

    @property
    def looks_per_day(self) -> float:
        return max(1.0, DAY_SECONDS / self.batch_seconds)

    @property
    def threshold(self) -> float:
        return cusum_threshold(self.alpha_per_day, self.looks_per_day, self.sides)


@dataclass(frozen=True, slots=True)
class DriftAlarm:
    direction: int  # +1 the signal rose, -1 it fell
    baseline: float  # the baseline level (mean; for a rate, the rate; for a log-scale signal, the geometric mean)
    recent: float  # the level since the CUSUM last stood at zero, same scale
    recent_values: int
    statistic: float
    threshold: float
    looks: int  # batches judged since the baseline was learned


class _Side:
    __slots__ = ("cusum", "direction", "n", "total")

    def __init__(self, direction: int, h: float) -> None:
        self.direction = direction
        self.cusum = LikelihoodCusum(h)
        self.total = 0.0  # values since the statistic last stood at zero: the new level, for the finding
        self.n = 0


class DriftWatch:
    """One signal of one track. `kind`: "continuous", "log" (continuous, judged on log values) or "rate"."""

    __slots__ = (
        "_batch",
        "_batch_n",
        "_batch_total",
        "_design",
        "_directions",
        "_kind",
        "_looks",
        "_moments",
        "_reference",
        "_sides",
        "_started",
    )

    def __init__(self, design: DriftDesign, kind: str, directions: tuple[int, ...]) -> None:
        if kind not in ("continuous", "log", "rate"):
            raise ValueError("kind must be continuous, log or rate")
        self._design = design
        self._kind = kind
        self._directions = directions
        self._moments = RunningMoments()
        self._started: float | None = None
        self._batch: int | None = None
        self._batch_total = 0.0
        self._batch_n = 0
        self._sides: list[_Side] | None = None  # None while the baseline is being learned
        self._reference: tuple[float, float] = (0.0, 0.0)  # (baseline mean or rate, sd)
        self._looks = 0

    @property
    def learning(self) -> bool:
        return self._sides is None

    def add(self, t: float, value: float) -> DriftAlarm | None:
        """Count one value at time t (seconds); an alarm when the batch this value closes made a side signal."""
        if self._kind == "log":
            if value <= 0:
                return None
            value = math.log(value)
        if self._started is None:
            self._started = t
        batch = int(t // self._design.batch_seconds)
        alarm = None
        if batch != self._batch:
            if self._batch is not None and self._batch_n:
                alarm = self._close(t)
            self._batch, self._batch_total, self._batch_n = batch, 0.0, 0
        self._batch_total += value
        self._batch_n += 1
        if self._sides is None:
            self._moments.add(value)
        return alarm

    def _close(self, t: float) -> DriftAlarm | None:
        total, n = self._batch_total, self._batch_n
        if self._sides is None:
            self._arm_when_learned(t)
            return None
        self._looks += 1
        for side in self._sides:
            if side.cusum.update(self._llr(total, n, side.direction)):
                return self._alarm(side, total, n)
            if side.cusum.statistic == 0.0:
                side.total, side.n = 0.0, 0
            else:
                side.total += total
                side.n += n
        return None

    def _arm_when_learned(self, t: float) -> None:
        design, moments = self._design, self._moments
        started = t if self._started is None else self._started
        if t - started < design.warmup_seconds or moments.count < design.warmup_values:
            return
        if self._kind == "rate" and moments.mean * moments.count < design.warmup_hits - 0.5:
            return
        mean = moments.mean
        sd = math.sqrt(moments.variance)
        floor = 1e-6 * max(1.0, abs(mean))  # a constant signal must not make every wiggle infinitely unlikely
        self._reference = (mean, max(sd, floor))
        self._sides = [_Side(d, design.threshold) for d in self._directions]

    def _llr(self, total: float, n: int, direction: int) -> float:
        mean, sd = self._reference
        count = self._moments.count
        if self._kind == "rate":
            low, high = wilson_bounds(round(mean * count), count, _Z_RATE)
            p0 = high if direction > 0 else low
            p0 = min(max(p0, 1e-6), 1 - 1e-6)
            p1 = min(p0 * self._design.rate_ratio, 0.999) if direction > 0 else p0 / self._design.rate_ratio
            return bernoulli_llr(round(total), n, p0, max(p1, 1e-9))
        edge = mean + direction * _Z * sd / math.sqrt(count)
        return gaussian_llr(total, n, edge, sd, direction * self._design.shift)

    def _alarm(self, side: _Side, total: float, n: int) -> DriftAlarm:
        recent_total, recent_n = side.total + total, side.n + n
        mean = self._reference[0]
        recent = recent_total / recent_n
        if self._kind == "log":
            mean, recent = math.exp(mean), math.exp(recent)
        return DriftAlarm(
            direction=side.direction,
            baseline=mean,
            recent=recent,
            recent_values=recent_n,
            statistic=side.cusum.statistic,
            threshold=side.cusum.h,
            looks=self._looks,
        )
