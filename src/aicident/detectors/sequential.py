"""Repeated looks that keep their false-alarm rate: exact tail probabilities, alpha spending over a day of looks, and
likelihood-ratio CUSUMs with a stated bound (pure Python, stdlib only).

A detector that tests a sliding window every few minutes makes hundreds of looks a day; a per-look threshold of 1%
then alarms on chance most days. Two designs here bound the chance of any false alarm in a day:

* Alpha spending (`LookBudget`): the day's budget `alpha_per_day` is split evenly over the looks a day can hold, so
  by the union bound P(any false alarm in a day) <= alpha_per_day whatever the dependence between looks (sliding
  windows overlap, so the real rate is lower still).
* Likelihood-ratio CUSUM (`LikelihoodCusum`): S = max(0, S + log-likelihood ratio of the new batch). Started afresh
  at every batch, the likelihood ratio is a martingale under the baseline, so by Ville's inequality it passes 1/b
  with probability <= b; the CUSUM is the largest of these restarts, so P(alarm within N looks) <= N * e^-h
  (Lorden 1971). `cusum_threshold` picks h from alpha_per_day and the looks a day holds.

Both bounds assume the baseline is right; the detectors estimate it from data and give its uncertainty to the
null (they test against the edge of the baseline's confidence interval, not its middle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aicident.detectors.stats import gamma_q

DAY_SECONDS = 86_400.0

# --- exact tails -----------------------------------------------------------------------------------------------------


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed term by term from the tail inwards (full relative precision where
    p-values live: far in the upper tail)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    mode = int((n + 1) * p)
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_pmf(x: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(x + 1) - math.lgamma(n - x + 1) + x * log_p + (n - x) * log_q

    if k > mode:  # the terms fall from k upwards: sum them until they stop mattering
        first = log_pmf(k)
        total, term, x = 1.0, 1.0, k
        while x < n:
            term *= (n - x) / (x + 1) * p / (1.0 - p)
            x += 1
            total += term
            if term < total * 1e-17:
                break
        return min(1.0, math.exp(first) * total)
    # k at or below the mode: the answer is large, take 1 - P(X <= k - 1) with the terms falling from k - 1 down
    first = log_pmf(k - 1)
    total, term, x = 1.0, 1.0, k - 1
    while x > 0:
        term *= x / (n - x + 1) * (1.0 - p) / p
        x -= 1
        total += term
        if term < total * 1e-17:
            break
    return max(0.0, 1.0 - math.exp(first) * total)


def poisson_sf(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean): the regularised lower incomplete gamma P(k, mean)."""
    if k <= 0:
        return 1.0
    if mean <= 0.0:
        return 0.0
    return 1.0 - gamma_q(float(k), mean) if mean >= k + 1.0 else _gamma_p_series(float(k), mean)


def _gamma_p_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(10_000):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return min(1.0, total * math.exp(a * math.log(x) - x - math.lgamma(a)))


@dataclass(frozen=True, slots=True)
class RateComparison:
    p_value: float  # one-sided: the recent rate is higher than the baseline's
    expected: float  # events expected in the recent window at the baseline rate
    ratio: float  # recent rate / baseline rate (inf when the baseline saw none)


def rate_increase_test(recent_hits: int, recent_n: float, baseline_hits: int, baseline_n: float) -> RateComparison:
    """Is the recent rate (hits per unit of exposure) higher than the baseline's? The exact conditional test: given
    the hits of both, under equal rates the recent ones are Binomial(total hits, recent share of the exposure). The
    baseline's own uncertainty is part of the test, so a young baseline cannot make chance look like a spike."""
    total_n = recent_n + baseline_n
    if recent_n <= 0 or baseline_n <= 0:
        return RateComparison(1.0, 0.0, 1.0)
    share = recent_n / total_n
    hits = recent_hits + baseline_hits
    baseline_rate = baseline_hits / baseline_n
    ratio = (recent_hits / recent_n) / baseline_rate if baseline_rate > 0 else math.inf if recent_hits else 1.0
    return RateComparison(binomial_sf(recent_hits, hits, share), recent_n * baseline_rate, ratio)


def wilson_bounds(hits: int, n: int, z: float = 2.0) -> tuple[float, float]:
    """Wilson score interval of a proportion (z standard errors), which stays inside [0, 1] for small counts."""
    if n <= 0:
        return 0.0, 1.0
    p = hits / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# --- alpha spending --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LookBudget:
    """The false-alarm budget of one day spent evenly over the looks a day holds.

    `looks_per_day` looks, each making `tests_per_look` tests: each test runs at alpha_per_day / (looks x tests), so
    the chance of a false alarm in a day is at most alpha_per_day (union bound, any dependence between the looks).
    """

    alpha_per_day: float
    looks_per_day: float
    tests_per_look: int = 1

    @classmethod
    def every(cls, seconds: float, alpha_per_day: float, tests_per_look: int = 1) -> LookBudget:
        """A budget for a look every `seconds` (a day's looks: 86,400 / seconds, at least one)."""
        return cls(alpha_per_day, max(1.0, DAY_SECONDS / seconds), tests_per_look)

    @property
    def alpha_per_test(self) -> float:
        return self.alpha_per_day / (self.looks_per_day * self.tests_per_look)


# --- likelihood-ratio CUSUM ------------------------------------------------------------------------------------------


def cusum_threshold(alpha_per_day: float, looks_per_day: float, sides: int = 1) -> float:
    """h such that P(a false alarm in a day) <= alpha_per_day: N looks x sides x e^-h = alpha (Lorden's bound)."""
    return math.log(max(1.0, looks_per_day) * sides / alpha_per_day)


def gaussian_llr(total: float, n: int, mean: float, sd: float, shift: float) -> float:
    """log LR of n values summing to `total`: mean + shift*sd against mean (sd known)."""
    return shift * (total - n * mean) / sd - n * shift * shift / 2.0


def bernoulli_llr(hits: int, n: int, p0: float, p1: float) -> float:
    """log LR of `hits` successes in n trials: rate p1 against p0."""
    return hits * math.log(p1 / p0) + (n - hits) * math.log((1.0 - p1) / (1.0 - p0))


class LikelihoodCusum:
    """S = max(0, S + llr) per batch; alarms once S reaches h. Page's CUSUM written in log-likelihood ratios, so that
    h has a meaning: at most e^-h false alarms per look."""

    __slots__ = ("h", "peak", "statistic")

    def __init__(self, h: float) -> None:
        if h <= 0:
            raise ValueError("h must be positive")
        self.h = h
        self.statistic = 0.0
        self.peak = 0.0

    def update(self, llr: float) -> bool:
        self.statistic = max(0.0, self.statistic + llr)
        self.peak = max(self.peak, self.statistic)
        return self.statistic >= self.h

    def reset(self) -> None:
        self.statistic = 0.0
