"""Repeated looks that keep their false-alarm rate: the exact tails against scipy, and each sequential rule of the
statistical detectors (alpha spending over a day of looks, likelihood-ratio CUSUMs, the conditional rate test) run on
simulated stationary data many days long, where the share of days with a false alarm must stay within the stated
bound, and on shifted data, where they must find the shift."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicident.detectors.drift import DriftDesign, DriftWatch
from aicident.detectors.sequential import (
    LikelihoodCusum,
    LookBudget,
    binomial_sf,
    cusum_threshold,
    gaussian_llr,
    poisson_sf,
    rate_increase_test,
    wilson_bounds,
)

try:
    from scipy import stats as sps
except ImportError:  # pragma: no cover - CI installs scipy; the runtime code never imports it
    sps = None

needs_scipy = pytest.mark.skipif(sps is None, reason="scipy is the test oracle (pip install scipy)")
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAY = 86_400.0


def close(actual: float, expected: float, rel: float = 1e-9, floor: float = 1e-300) -> bool:
    return abs(actual - expected) <= rel * abs(expected) + floor


def within(observed: int, trials: int, bound: float) -> bool:
    """The observed count is not significantly above `bound` x trials (one-sided, 4 standard errors)."""
    return observed <= trials * bound + 4 * math.sqrt(trials * bound * (1 - bound)) + 1


# --- exact tails -------------------------------------------------------------------------------------------------


@needs_scipy
@FAST
@given(st.integers(0, 3000).flatmap(lambda n: st.tuples(st.integers(0, n + 1), st.just(n))), st.floats(1e-4, 0.9999))
def test_binomial_tail_matches_scipy_far_into_the_tail(kn, p):
    k, n = kn
    expected = sps.binom.sf(k - 1, n, p)
    assert close(binomial_sf(k, n, p), expected, rel=1e-8, floor=1e-14)


@needs_scipy
@FAST
@given(st.integers(0, 500), st.floats(0.0, 400.0))
def test_poisson_tail_matches_scipy(k, mean):
    assert close(poisson_sf(k, mean), sps.poisson.sf(k - 1, mean), rel=1e-8, floor=1e-14)


def test_binomial_tail_edges():
    assert binomial_sf(0, 10, 0.3) == 1.0 and binomial_sf(11, 10, 0.3) == 0.0
    assert binomial_sf(3, 10, 0.0) == 0.0 and binomial_sf(3, 10, 1.0) == 1.0
    assert binomial_sf(10, 10, 0.5) == pytest.approx(0.5**10)


@needs_scipy
def test_wilson_interval_matches_its_formula_and_stays_in_the_unit_interval():
    low, high = wilson_bounds(5, 473, 2.0)
    p, n, z = 5 / 473, 473, 2.0
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    assert (low + high) / 2 == pytest.approx(centre)
    assert wilson_bounds(0, 20)[0] == 0.0 and 0 < wilson_bounds(0, 20)[1] < 0.2
    assert wilson_bounds(20, 20)[1] == 1.0


def test_the_issues_complaint_case_is_not_significant_and_a_real_spike_is():
    # 5 complaints in 473 events where the baseline's rate expects 2.3: chance, not a spike.
    chance = rate_increase_test(5, 473, 2.3 / 473 * 20_000, 20_000)
    assert chance.expected == pytest.approx(2.3, rel=0.01) and chance.p_value > 0.05
    spike = rate_increase_test(30, 473, 97, 20_000)
    assert spike.ratio > 10 and spike.p_value < 1e-12


def test_the_conditional_rate_test_keeps_its_size_under_equal_rates():
    rng = random.Random(7)
    alpha, trials, rejections = 0.01, 4000, 0
    for _ in range(trials):
        recent_n, baseline_n, rate = rng.randint(50, 600), rng.randint(500, 20_000), rng.uniform(0.002, 0.05)
        recent = sum(rng.random() < rate for _ in range(recent_n))
        baseline = _binomial(rng, baseline_n, rate)
        rejections += rate_increase_test(recent, recent_n, baseline, baseline_n).p_value < alpha
    assert rejections <= trials * alpha  # exact and conditional: conservative


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw by the normal approximation when large (the test's data, not the method under test)."""
    if n * p < 30:
        return sum(rng.random() < p for _ in range(n))
    return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


# --- alpha spending ----------------------------------------------------------------------------------------------


def test_a_budget_spreads_the_days_alpha_over_its_looks_and_tests():
    budget = LookBudget.every(300, 0.01, tests_per_look=3)
    assert budget.looks_per_day == 288 and budget.alpha_per_test == pytest.approx(0.01 / 864)
    assert LookBudget.every(10 * DAY, 0.01).looks_per_day == 1  # fewer looks than one a day: still one


def test_spending_over_a_days_looks_bounds_the_days_false_alarms_whatever_their_dependence():
    """Overlapping windows (each look shares 11 of 12 buckets with the last), a binomial test each look: the share
    of days with any false alarm stays below alpha_per_day."""
    rng = random.Random(11)
    alpha_per_day, looks, days = 0.2, 288, 250
    budget = LookBudget(alpha_per_day, looks)
    alarmed = 0
    for _ in range(days):
        buckets = [_binomial(rng, 40, 0.05) for _ in range(11)]
        fired = False
        for _ in range(looks):
            buckets.append(_binomial(rng, 40, 0.05))
            window = buckets[-12:]
            if binomial_sf(sum(window), 12 * 40, 0.05) < budget.alpha_per_test:
                fired = True
        alarmed += fired
    assert within(alarmed, days, alpha_per_day)


# --- likelihood-ratio CUSUM --------------------------------------------------------------------------------------


def test_cusum_threshold_is_lordens_bound():
    h = cusum_threshold(0.01, 288, sides=5)
    assert h == pytest.approx(math.log(288 * 5 / 0.01))
    assert 288 * 5 * math.exp(-h) == pytest.approx(0.01)


def test_a_gaussian_cusum_keeps_its_days_false_alarm_rate_and_finds_half_a_standard_deviation():
    rng = random.Random(5)
    alpha_per_day, looks, days, n = 0.1, 288, 1500, 10
    h = cusum_threshold(alpha_per_day, looks)
    alarmed = 0
    for _ in range(days):
        cusum = LikelihoodCusum(h)
        for _ in range(looks):
            total = rng.gauss(0.0, math.sqrt(n))  # the sum of n standard normal values
            if cusum.update(gaussian_llr(total, n, 0.0, 1.0, -0.5)):
                alarmed += 1
                break
    assert within(alarmed, days, alpha_per_day)
    delays = []
    for _ in range(50):
        cusum = LikelihoodCusum(h)
        for look in range(1, looks + 1):
            if cusum.update(gaussian_llr(rng.gauss(-0.5 * n, math.sqrt(n)), n, 0.0, 1.0, -0.5)):
                delays.append(look)
                break
    assert len(delays) == 50 and sorted(delays)[25] <= 20  # about h / (n * 0.125) looks


@pytest.mark.parametrize("kind", ["continuous", "log", "rate"])
def test_a_drift_watch_with_a_learned_baseline_keeps_its_days_false_alarm_rate(kind):
    """The whole rule as the degradation detector runs it: the baseline learned from the first hour, then one look
    per five-minute batch; on stationary data, the share of days with a false alarm stays below alpha_per_day."""
    rng = random.Random(f"drift/{kind}")
    design = DriftDesign(alpha_per_day=0.1, sides=2 if kind == "log" else 1, warmup_values=200, warmup_hits=30)
    directions = (-1, 1) if kind == "log" else ((1,) if kind == "rate" else (-1,))
    per_batch, days, alarmed = 8, 150, 0
    for _ in range(days):
        watch = DriftWatch(design, kind, directions)
        fired = False
        for batch in range(288 + 24):  # two hours of warm-up at most, then a day of looks
            for i in range(per_batch):
                t = batch * 300.0 + i
                if kind == "rate":
                    value = 1.0 if rng.random() < 0.05 else 0.0
                elif kind == "log":
                    value = 180 * rng.lognormvariate(0.0, 0.4)
                else:
                    value = rng.gauss(0.82, 0.08)
                fired = fired or watch.add(t, value) is not None
        assert not watch.learning  # the day was judged, not spent learning
        alarmed += fired
    assert within(alarmed, days, design.alpha_per_day)


def test_a_drift_watch_finds_a_doubled_refusal_rate_and_a_shorter_answer_and_reports_both_levels():
    rng = random.Random(3)
    design = DriftDesign()
    refusals, lengths = DriftWatch(design, "rate", (1,)), DriftWatch(design, "log", (-1, 1))
    found = {}
    for i in range(40_000):  # one event every 2 s; both change after 8 hours
        t = 2.0 * i
        shifted = t >= 8 * 3600
        alarm = refusals.add(t, 1.0 if rng.random() < (0.05 if shifted else 0.02) else 0.0)
        if alarm and "refusals" not in found:
            found["refusals"] = (t, alarm)
        alarm = lengths.add(t, 180 * (0.7 if shifted else 1.0) * rng.lognormvariate(0.0, 0.4))
        if alarm and "lengths" not in found:
            found["lengths"] = (t, alarm)
    t, alarm = found["refusals"]
    assert 8 * 3600 < t < 10 * 3600 and alarm.direction == 1
    assert alarm.baseline == pytest.approx(0.02, abs=0.006) and alarm.recent == pytest.approx(0.05, abs=0.02)
    t, alarm = found["lengths"]
    assert 8 * 3600 < t < 9 * 3600 and alarm.direction == -1
    assert alarm.baseline == pytest.approx(180, rel=0.05) and alarm.recent == pytest.approx(126, rel=0.1)
