"""Statistics for the detectors, in pure Python (stdlib only, so the core installs and runs without numpy/scipy).

Tests: the p-values match scipy (the test oracle) to about 1e-9 relative; see tests/detectors/unit/test_detectors_stats.py.
Windows: every structure here keeps constant memory: counts live in a fixed number of time buckets and samples in
fixed-size reservoirs, whatever the traffic.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aicident.errors import InvalidInput

_SQRT2 = math.sqrt(2.0)
_EPS = 1e-15  # relative precision asked of the series and continued fractions below
_TINY = 1e-300  # keeps Lentz's continued fraction away from a division by zero

# --- distributions ---------------------------------------------------------------------------------------------------


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal; erfc keeps the far tail accurate where 1 - cdf would round to 0."""
    return 0.5 * math.erfc(z / _SQRT2)


def gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a) (scipy.special.gammaincc)."""
    if a <= 0.0:
        raise ValueError("gamma_q needs a > 0")
    if x <= 0.0:
        return 1.0
    if math.isinf(x):
        return 0.0
    # The series converges fast below a + 1 and the continued fraction above it (Numerical Recipes 6.2); taking Q
    # from the continued fraction directly keeps its relative precision in the far tail, where p-values live.
    if x < a + 1.0:
        return 1.0 - _gamma_p_series(a, x)
    return _gamma_q_continued_fraction(a, x)


def _log_prefactor(a: float, x: float) -> float:
    return a * math.log(x) - x - math.lgamma(a)


def _gamma_p_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(10_000):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(_log_prefactor(a, x))


def _gamma_q_continued_fraction(a: float, x: float) -> float:
    # Modified Lentz evaluation of the continued fraction for Gamma(a, x) (Numerical Recipes eq. 6.2.7).
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(_log_prefactor(a, x)) * h


def chi2_sf(statistic: float, dof: int) -> float:
    """P(X > statistic) for a chi-square distribution with `dof` degrees of freedom."""
    if dof <= 0:
        raise ValueError("chi-square needs at least one degree of freedom")
    return gamma_q(dof / 2.0, statistic / 2.0)


def kolmogorov_sf(x: float) -> float:
    """P(K > x) for the limiting Kolmogorov distribution (scipy.stats.kstwobign.sf)."""
    if x <= 0.0:
        return 1.0
    if x < 1.0:
        # The alternating series converges slowly for small x; the Jacobi-theta form of the cdf converges fast.
        if x < 0.04:
            return 1.0  # cdf < 1e-300
        w = -(math.pi**2) / (8.0 * x * x)
        cdf = sum(math.exp((2 * k - 1) ** 2 * w) for k in range(1, 8))
        return 1.0 - math.sqrt(2.0 * math.pi) / x * cdf
    total = 0.0
    for k in range(1, 101):
        term = math.exp(-2.0 * k * k * x * x)
        total += term if k % 2 else -term
        if term < 1e-18 * total:
            break
    return min(1.0, max(0.0, 2.0 * total))


# --- tests on counts -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float
    method: str
    dof: int = 0


def two_proportion_z_test(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Two-sided z-test that two proportions are equal, with the pooled standard error."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both samples need at least one trial")
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    if variance <= 0.0:  # every trial succeeded, or none: no evidence of a difference
        return TestResult(0.0, 1.0, "two-proportion z")
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return TestResult(z, min(1.0, 2.0 * normal_sf(abs(z))), "two-proportion z")


def chi_square_2xk(successes: Sequence[int], totals: Sequence[int]) -> TestResult:
    """Pearson chi-square test of independence for a 2xK table given per column successes and totals.

    No continuity correction (scipy.stats.chi2_contingency(correction=False)). Columns with no trials are dropped;
    when every trial (or none) succeeded the table carries no evidence and the p-value is 1.
    """
    columns = [(s, n) for s, n in zip(successes, totals, strict=True) if n > 0]
    grand = sum(n for _, n in columns)
    hits = sum(s for s, _ in columns)
    dof = len(columns) - 1
    if dof < 1 or hits == 0 or hits == grand:
        return TestResult(0.0, 1.0, "chi-square", max(dof, 0))
    share = hits / grand
    statistic = 0.0
    for s, n in columns:
        expected_hit = n * share
        expected_miss = n - expected_hit
        statistic += (s - expected_hit) ** 2 / expected_hit + (n - s - expected_miss) ** 2 / expected_miss
    return TestResult(statistic, chi2_sf(statistic, dof), "chi-square", dof)


def min_expected_count(successes: Sequence[int], totals: Sequence[int]) -> float:
    """The smallest expected cell of the 2xK table: below 5 the chi-square approximation is not trusted."""
    grand = sum(totals)
    hits = sum(successes)
    if grand == 0:
        return 0.0
    low = min(hits, grand - hits) / grand
    return min(n for n in totals if n > 0) * low


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact_2x2(a: int, b: int, c: int, d: int) -> TestResult:
    """Fisher's exact test for [[a, b], [c, d]], two-sided: the sum of all tables no more likely than this one.

    The statistic is the sample odds ratio, as scipy.stats.fisher_exact reports it. Tables within a relative 1e-7
    of the observed probability count as "as likely" (R's fisher.test does the same) so rounding cannot drop them.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must be non-negative")
    row1, row2, col1 = a + b, c + d, a + c
    n = row1 + row2
    if row1 == 0 or row2 == 0 or col1 == 0 or col1 == n:
        return TestResult(math.nan, 1.0, "fisher exact")
    odds = a * d / (b * c) if b * c > 0 else math.inf
    low, high = max(0, col1 - row2), min(row1, col1)
    log_total = _log_choose(n, col1)

    def pmf(x: int) -> float:
        return math.exp(_log_choose(row1, x) + _log_choose(row2, col1 - x) - log_total)

    observed = pmf(a) * (1.0 + 1e-7)
    p_value = sum(p for p in map(pmf, range(low, high + 1)) if p <= observed)
    return TestResult(odds, min(1.0, p_value), "fisher exact")


# --- two-sample Kolmogorov-Smirnov -----------------------------------------------------------------------------------


def ks_2samp(
    x: Sequence[float], y: Sequence[float], method: str = "auto", exact_max_product: int = 10_000
) -> TestResult:
    """Two-sided two-sample Kolmogorov-Smirnov test.

    method "exact" counts lattice paths with integers (Hodges 1958), so small p-values keep full precision;
    "asymp" uses the limiting Kolmogorov distribution at D * sqrt(n*m/(n+m)); "auto" is exact when n*m is at most
    `exact_max_product`. Ties are allowed in the statistic; the exact null distribution assumes none (as scipy).
    """
    n1, n2 = len(x), len(y)
    if n1 == 0 or n2 == 0:
        raise ValueError("both samples need at least one value")
    numerator = _ks_numerator(sorted(x), sorted(y))  # D = numerator / (n1 * n2), kept exact as an integer
    statistic = numerator / (n1 * n2)
    if method == "auto":
        method = "exact" if n1 * n2 <= exact_max_product else "asymp"
    if method == "exact":
        return TestResult(statistic, _ks_exact_p(n1, n2, numerator), "ks exact")
    if method != "asymp":
        raise ValueError("method must be auto, exact or asymp")
    return TestResult(statistic, kolmogorov_sf(statistic * math.sqrt(n1 * n2 / (n1 + n2))), "ks asymptotic")


def _ks_numerator(xs: list[float], ys: list[float]) -> int:
    n1, n2 = len(xs), len(ys)
    i = j = best = 0
    while i < n1 and j < n2:
        value = min(xs[i], ys[j])
        # Step past every copy of the value in both samples before comparing: a tie moves both ECDFs together.
        while i < n1 and xs[i] == value:
            i += 1
        while j < n2 and ys[j] == value:
            j += 1
        gap = abs(i * n2 - j * n1)
        best = max(best, gap)
    return best  # once one sample is used up the gap only shrinks towards 0 at (n1, n2)


def _ks_exact_p(n1: int, n2: int, numerator: int) -> float:
    if numerator == 0:
        return 1.0
    # Paths from (0, 0) to (n1, n2) staying strictly inside |i*n2 - j*n1| < numerator: P(D < d) = inside / all.
    row = [0] * (n2 + 1)
    for i in range(n1 + 1):
        left = i * n2 - numerator  # j*n1 must exceed this
        right = i * n2 + numerator  # and stay below this
        for j in range(n2 + 1):
            if not (left < j * n1 < right):
                row[j] = 0
            elif i == 0 and j == 0:
                row[j] = 1
            else:
                row[j] = row[j] + (row[j - 1] if j else 0) if i else (row[j - 1] if j else 0)
    total = math.comb(n1 + n2, n1)
    return (total - row[n2]) / total  # int / int rounds correctly, so tiny p-values are not lost


# --- drift measures --------------------------------------------------------------------------------------------------


def quantile_edges(sample: Sequence[float], bins: int) -> list[float]:
    """Interior bin edges at the sample's quantiles (duplicates removed), fixed from the baseline for PSI."""
    ordered = sorted(sample)
    if not ordered:
        return []
    edges = {ordered[min(len(ordered) - 1, (len(ordered) * k) // bins)] for k in range(1, bins)}
    return sorted(edges)


def histogram(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    """Counts per bin; bin i holds edges[i-1] < v <= edges[i], the outer bins are open."""
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bisect.bisect_left(edges, value)] += 1
    return counts


def population_stability_index(expected: Sequence[float], actual: Sequence[float], epsilon: float = 1e-4) -> float:
    """PSI = sum (a - e) ln(a / e) over bin shares; empty bins get `epsilon` so one empty bin is not infinite.

    Rule of thumb: below 0.1 stable, 0.1-0.25 moderate shift, above 0.25 a significant shift.
    """
    if len(expected) != len(actual):
        raise ValueError("both histograms need the same bins")
    e_total, a_total = sum(expected), sum(actual)
    if e_total <= 0 or a_total <= 0:
        return 0.0
    psi = 0.0
    for e, a in zip(expected, actual, strict=True):
        e_share = max(e / e_total, epsilon)
        a_share = max(a / a_total, epsilon)
        psi += (a_share - e_share) * math.log(a_share / e_share)
    return psi


def weighted_quantile(pairs: Sequence[tuple[float, float]], q: float) -> float:
    """The smallest value whose cumulative weight reaches q of the total: the q-quantile of weighted values."""
    if not pairs:
        raise ValueError("no values")
    ordered = sorted(pairs)
    goal = q * sum(weight for _, weight in ordered)
    cumulative = 0.0
    for value, weight in ordered:
        cumulative += weight
        if cumulative >= goal:
            return value
    return ordered[-1][0]


def cohen_h(p1: float, p2: float) -> float:
    """Effect size of a change between two proportions (0.2 small, 0.5 medium, 0.8 large)."""
    return 2.0 * math.asin(math.sqrt(p2)) - 2.0 * math.asin(math.sqrt(p1))


class RunningMoments:
    """Welford's running mean and variance (numerically stable in one pass)."""

    __slots__ = ("_m2", "count", "mean")

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self._m2 = 0.0

    def add(self, value: float) -> None:
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self._m2 += delta * (value - self.mean)

    @property
    def variance(self) -> float:
        return self._m2 / (self.count - 1) if self.count > 1 else 0.0


class Cusum:
    """Tabular CUSUM (Page 1954) on standardised values, one-sided upward and downward at once.

    upper = max(0, upper + z - k) and lower = max(0, lower - z - k) with z = (x - target) / sigma; a side signals
    when its sum passes h. k is half the shift worth finding and h sets the false-alarm rate (both in sigmas).
    """

    __slots__ = ("h", "k", "lower", "sigma", "target", "upper")

    def __init__(self, target: float, sigma: float, k: float = 0.5, h: float = 5.0) -> None:
        if sigma <= 0.0:
            raise ValueError("sigma must be positive")
        self.target, self.sigma, self.k, self.h = target, sigma, k, h
        self.upper = self.lower = 0.0

    def update(self, value: float) -> int:
        """Add one value; +1 when the upward side signals, -1 for the downward side, else 0."""
        z = (value - self.target) / self.sigma
        self.upper = max(0.0, self.upper + z - self.k)
        self.lower = max(0.0, self.lower - z - self.k)
        if self.upper > self.h:
            return 1
        if self.lower > self.h:
            return -1
        return 0

    def reset(self) -> None:
        self.upper = self.lower = 0.0


# --- constant-memory windows -----------------------------------------------------------------------------------------


class SlidingCounter:
    """Sums of `width` counters over a sliding time window, kept in `buckets` time buckets (constant memory).

    The window covers the current bucket and the `buckets - 1` before it, so its span is between
    window - window/buckets and window: the price of constant memory is that granularity.
    """

    __slots__ = ("_current", "_ring", "bucket_seconds", "buckets", "current_id", "totals", "width")

    def __init__(self, window_seconds: float, buckets: int, width: int) -> None:
        if window_seconds <= 0 or buckets < 1 or width < 1:
            raise ValueError("window, buckets and width must be positive")
        self.bucket_seconds = window_seconds / buckets
        self.buckets = buckets
        self.width = width
        self._ring: deque[tuple[int, list[int]]] = deque()
        self.totals = [0] * width
        self.current_id: int | None = None
        self._current: list[int] = []

    def advance(self, t: float) -> bool:
        """Move the window to time t (seconds); True when a new bucket started (a natural point to evaluate)."""
        bucket_id = int(t // self.bucket_seconds)
        if bucket_id == self.current_id:
            return False
        if self.current_id is not None and bucket_id < self.current_id:
            return False  # a late event: count it in the current bucket rather than rewrite the past
        oldest = bucket_id - self.buckets + 1
        ring, totals = self._ring, self.totals
        while ring and ring[0][0] < oldest:
            for i, value in enumerate(ring.popleft()[1]):
                totals[i] -= value
        self._current = [0] * self.width
        ring.append((bucket_id, self._current))
        self.current_id = bucket_id
        return True

    def add(self, index: int, amount: int = 1) -> None:
        """Add to one counter in the current bucket (call advance first)."""
        self._current[index] += amount
        self.totals[index] += amount

    def add_vector(self, amounts: Sequence[int]) -> None:
        current, totals = self._current, self.totals
        for i, amount in enumerate(amounts):
            if amount:
                current[i] += amount
                totals[i] += amount

    def __len__(self) -> int:
        return len(self._ring)


class Reservoir:
    """A uniform random sample of at most `size` items from a stream (Vitter's algorithm R), seeded so runs repeat."""

    __slots__ = ("_random", "items", "seen", "size")

    def __init__(self, size: int, seed: int = 0) -> None:
        if size < 1:
            raise ValueError("size must be positive")
        self.size = size
        self.seen = 0
        self.items: list[Any] = []
        self._random = random.Random(seed)

    def add(self, item: object) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
            return
        slot = int(self._random.random() * self.seen)  # uniform in [0, seen): keep with probability size / seen
        if slot < self.size:
            self.items[slot] = item

    def clear(self) -> None:
        self.seen = 0
        self.items.clear()


class WindowedSample:
    """A sample of the last `window_seconds` of a stream: one fixed-size reservoir per time bucket.

    Memory is at most buckets * per_bucket items. Busy buckets are subsampled, quiet ones kept whole; `items()`
    thins every bucket to the same sampling fraction so the union stays a fair sample of the window.
    """

    __slots__ = ("_current_id", "_ring", "_seed", "bucket_seconds", "buckets", "per_bucket")

    def __init__(self, window_seconds: float, buckets: int, per_bucket: int, seed: int = 0) -> None:
        if window_seconds <= 0 or buckets < 1 or per_bucket < 1:
            raise ValueError("window, buckets and per_bucket must be positive")
        self.bucket_seconds = window_seconds / buckets
        self.buckets = buckets
        self.per_bucket = per_bucket
        self._ring: deque[tuple[int, Reservoir]] = deque()
        self._current_id: int | None = None
        self._seed = seed

    def add(self, t: float, item: object) -> None:
        bucket_id = int(t // self.bucket_seconds)
        if self._current_id is None or bucket_id > self._current_id:
            oldest = bucket_id - self.buckets + 1
            while self._ring and self._ring[0][0] < oldest:
                self._ring.popleft()
            self._ring.append((bucket_id, Reservoir(self.per_bucket, self._seed * 1_000_003 + bucket_id)))
            self._current_id = bucket_id
        self._ring[-1][1].add(item)

    def items(self, now: float | None = None) -> list[Any]:
        """The sample, limited to buckets still inside the window at `now` (default: the newest bucket)."""
        ring = self._buckets(now)
        fraction = min((r.size / r.seen for r in ring if r.seen), default=1.0)
        thinning = random.Random(self._seed)
        sample: list[Any] = []
        for reservoir in ring:
            keep = max(1, round(reservoir.seen * fraction))
            items = reservoir.items
            sample.extend(items if keep >= len(items) else thinning.sample(items, keep))
        return sample

    def weighted_items(
        self, now: float | None = None, *, older_than: float | None = None, newer_than: float | None = None
    ) -> list[tuple[float, float]]:
        """(value, weight) pairs: each item stands for seen / kept items of its bucket, so busy buckets weigh what
        they should without thinning. Limited like items(), and to the buckets wholly before `older_than` or
        starting at or after `newer_than` (times in seconds) when given."""
        pairs: list[tuple[float, float]] = []
        for reservoir in self._buckets(now, older_than, newer_than):
            if reservoir.items:
                weight = reservoir.seen / len(reservoir.items)
                pairs.extend((value, weight) for value in reservoir.items)
        return pairs

    def _buckets(
        self, now: float | None, older_than: float | None = None, newer_than: float | None = None
    ) -> list[Reservoir]:
        width = self.bucket_seconds
        oldest = -math.inf if now is None else int(now // width) - self.buckets + 1
        return [
            reservoir
            for bucket_id, reservoir in self._ring
            if bucket_id >= oldest
            and (older_than is None or (bucket_id + 1) * width <= older_than)
            and (newer_than is None or bucket_id * width >= newer_than)
        ]

    def clear(self) -> None:
        self._ring.clear()
        self._current_id = None

    def __len__(self) -> int:
        return sum(len(r.items) for _, r in self._ring)


# --- configuration from plan options ---------------------------------------------------------------------------------
# Shared by the statistical detectors: their Config dataclasses come from a plan's free-form options mapping.


def require(condition: bool, message: str) -> None:
    """Raise InvalidInput when a Config value is out of range."""
    if not condition:
        raise InvalidInput(message)
