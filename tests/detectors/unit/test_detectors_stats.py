"""The statistical detectors: their statistics against scipy as the oracle, and bias, model degradation and vendor
outage on labelled streams of seeds kept out of tuning (every injected change found in its window, no alarm on
control streams)."""

from __future__ import annotations

import itertools
import math
import random
import warnings
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aicident.detectors import stats
from aicident.detectors.bias import BiasDetector
from aicident.detectors.bias import Config as BiasConfig
from aicident.detectors.degradation import Config as DegradationConfig
from aicident.detectors.degradation import DegradationDetector
from aicident.detectors.model import Detector, FindingAction, InteractionEvent, Outcome
from aicident.detectors.vendor import Config as VendorConfig
from aicident.detectors.vendor import VendorDetector
from aicident.errors import InvalidInput
from corpora import streams

try:
    import numpy as np
    import scipy
    from scipy import special
    from scipy import stats as sps
except ImportError:  # pragma: no cover - CI installs scipy; the runtime code never imports it
    scipy = None

needs_scipy = pytest.mark.skipif(
    scipy is None, reason="scipy is the test oracle for the statistics (pip install scipy)"
)
# No deadline and no too_slow health check: CI machines are shared and their timing says nothing about correctness.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def close(actual: float, expected: float, rel: float = 1e-9, floor: float = 1e-300) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return abs(actual - expected) <= rel * abs(expected) + floor


# --- statistics against scipy ----------------------------------------------------------------------------------------


@needs_scipy
@FAST
@given(st.floats(-38, 38))
def test_normal_tail_matches_scipy(z):
    assert close(stats.normal_sf(z), sps.norm.sf(z), rel=1e-12)


@needs_scipy
@FAST
@given(st.floats(0, 2000), st.integers(1, 300))
def test_chi_square_tail_matches_scipy(x, dof):
    assert close(stats.chi2_sf(x, dof), sps.chi2.sf(x, dof), rel=1e-9)


@needs_scipy
@FAST
@given(st.floats(0.05, 5000), st.floats(0, 10000))
def test_regularised_upper_gamma_matches_scipy(a, x):
    assert close(stats.gamma_q(a, x), special.gammaincc(a, x), rel=1e-9)


proportions = st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))  # (hits, trials)


@needs_scipy
@FAST
@given(proportions, proportions)
def test_two_proportion_z_test_squares_to_the_uncorrected_chi_square(first, second):
    (x1, n1), (x2, n2) = first, second
    assume(0 < x1 + x2 < n1 + n2)
    result = stats.two_proportion_z_test(x1, n1, x2, n2)
    oracle = sps.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
    assert close(result.statistic**2, oracle.statistic, rel=1e-9, floor=1e-12)
    assert close(result.p_value, oracle.pvalue, rel=1e-8, floor=1e-300)
    assert close(result.p_value, 2 * sps.norm.sf(abs(result.statistic)), rel=1e-12)


@needs_scipy
@FAST
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 400)), min_size=2, max_size=7))
def test_chi_square_2xk_matches_scipy_contingency(columns):
    columns = [(min(s, n), n) for s, n in columns]
    successes, totals = [s for s, _ in columns], [n for _, n in columns]
    assume(0 < sum(successes) < sum(totals))
    result = stats.chi_square_2xk(successes, totals)
    table = [successes, [n - s for s, n in columns]]
    oracle = sps.chi2_contingency(table, correction=False)
    assert result.dof == oracle.dof
    assert close(result.statistic, oracle.statistic, rel=1e-9, floor=1e-9)
    assert close(result.p_value, oracle.pvalue, rel=1e-8, floor=1e-300)
    assert close(stats.min_expected_count(successes, totals), float(np.min(oracle.expected_freq)), rel=1e-12)


@needs_scipy
@FAST
@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40))
def test_fisher_exact_matches_scipy(a, b, c, d):
    result = stats.fisher_exact_2x2(a, b, c, d)
    oracle = sps.fisher_exact([[a, b], [c, d]])
    assert close(result.p_value, oracle.pvalue, rel=1e-8, floor=1e-15)
    assert close(result.statistic, float(oracle.statistic), rel=1e-12) or (
        math.isinf(result.statistic) and math.isinf(oracle.statistic)
    )


def test_fisher_exact_on_the_tea_tasting_table():
    # Fisher's lady tasting tea: 3 of 4 right each way, p = 0.4857 (two-sided)
    assert stats.fisher_exact_2x2(3, 1, 1, 3).p_value == pytest.approx(34 / 70)


samples = st.lists(st.integers(-20, 20).map(float), min_size=1, max_size=35)  # integers: ties on purpose


@needs_scipy
@FAST
@given(samples, samples)
def test_exact_ks_matches_scipy_even_with_ties(x, y):
    result = stats.ks_2samp(x, y, method="exact")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        oracle = sps.ks_2samp(x, y, method="exact")
    assume(not caught)  # scipy gave up on its exact method and fell back to the asymptotic one: no oracle
    assert result.statistic == pytest.approx(oracle.statistic, rel=1e-12, abs=1e-15)
    assert close(result.p_value, oracle.pvalue, rel=1e-9, floor=1e-15)


@needs_scipy
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(50, 400), st.integers(50, 400), st.floats(0, 0.8))
def test_asymptotic_ks_matches_the_kolmogorov_limit(seed, n1, n2, shift):
    rng = random.Random(seed)
    x = [rng.gauss(0, 1) for _ in range(n1)]
    y = [rng.gauss(shift, 1) for _ in range(n2)]
    result = stats.ks_2samp(x, y, method="asymp")
    oracle = sps.ks_2samp(x, y)
    assert result.statistic == pytest.approx(oracle.statistic, rel=1e-12)
    assert close(result.p_value, sps.kstwobign.sf(result.statistic * math.sqrt(n1 * n2 / (n1 + n2))), rel=1e-9)
    # scipy's own asymptotic p uses the finite-n distribution: same conclusion, a few per cent apart at most
    assert result.p_value == pytest.approx(oracle.pvalue, rel=0.5, abs=0.02)


@needs_scipy
def test_kolmogorov_distribution_matches_scipy_on_a_grid():
    for x in [i / 100 for i in range(1, 700)]:
        assert close(stats.kolmogorov_sf(x), sps.kstwobign.sf(x), rel=1e-10, floor=1e-16), x


@needs_scipy
@FAST
@given(st.lists(st.integers(1, 500), min_size=2, max_size=12), st.integers(0, 2**32 - 1))
def test_psi_is_the_symmetrised_kl_divergence(expected, seed):
    rng = random.Random(seed)
    actual = [max(1, int(e * rng.uniform(0.3, 3))) for e in expected]
    e = np.array(expected, float) / sum(expected)
    a = np.array(actual, float) / sum(actual)
    oracle = sps.entropy(a, e) + sps.entropy(e, a)
    assert close(stats.population_stability_index(expected, actual), float(oracle), rel=1e-9, floor=1e-12)


def test_psi_of_identical_histograms_is_zero_and_empty_bins_stay_finite():
    assert stats.population_stability_index([10, 20, 30], [1, 2, 3]) == pytest.approx(0.0, abs=1e-15)
    assert 0 < stats.population_stability_index([10, 0, 30], [10, 30, 0]) < math.inf


@needs_scipy
@FAST
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=200), st.integers(2, 12))
def test_histogram_bins_like_numpy_digitize(values, bins):
    edges = stats.quantile_edges(values, bins)
    counts = stats.histogram(values, edges)
    oracle = np.bincount(np.digitize(values, edges, right=True), minlength=len(edges) + 1)
    assert counts == oracle.tolist()


@needs_scipy
@FAST
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=300))
def test_running_moments_match_numpy(values):
    moments = stats.RunningMoments()
    for value in values:
        moments.add(value)
    assert moments.mean == pytest.approx(float(np.mean(values)), rel=1e-9, abs=1e-9)
    assert moments.variance == pytest.approx(float(np.var(values, ddof=1)), rel=1e-7, abs=1e-7)


@FAST
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=200), st.floats(0, 1.5), st.floats(0.5, 8))
def test_cusum_follows_pages_recursion(values, k, h):
    cusum = stats.Cusum(target=0.3, sigma=1.7, k=k, h=h)
    upper = lower = 0.0
    for value in values:
        z = (value - 0.3) / 1.7
        upper, lower = max(0.0, upper + z - k), max(0.0, lower - z - k)
        signal = cusum.update(value)
        assert signal == (1 if upper > h else -1 if lower > h else 0)
    assert (cusum.upper, cusum.lower) == pytest.approx((upper, lower))


def test_cusum_finds_a_one_sigma_shift_and_ignores_noise():
    rng = random.Random(5)
    cusum = stats.Cusum(0.0, 1.0, k=0.5, h=10.0)  # in-control run length ~10^5
    assert all(cusum.update(rng.gauss(0, 1)) == 0 for _ in range(5000))
    cusum.reset()
    signals = [cusum.update(rng.gauss(-1.0, 1)) for _ in range(100)]
    assert -1 in signals and 1 not in signals


@FAST
@given(st.lists(st.tuples(st.floats(0, 5000), st.integers(0, 3)), min_size=1, max_size=300))
def test_sliding_counter_sums_exactly_the_buckets_in_its_window(points):
    counter = stats.SlidingCounter(window_seconds=600, buckets=6, width=4)
    seen: list[tuple[int, int]] = []
    for t, index in sorted(points):
        counter.advance(t)
        counter.add(index)
        seen.append((counter.current_id, index))
        oldest = counter.current_id - 5
        expected = Counter(i for bucket, i in seen if bucket >= oldest)
        assert counter.totals == [expected[i] for i in range(4)]
        assert len(counter) <= 6


@needs_scipy
def test_reservoir_is_uniform_bounded_and_repeatable():
    inclusions = Counter()
    for seed in range(3000):
        reservoir = stats.Reservoir(5, seed)
        for item in range(20):
            reservoir.add(item)
        assert len(reservoir.items) == 5 and reservoir.seen == 20
        inclusions.update(reservoir.items)
    assert sps.chisquare([inclusions[i] for i in range(20)]).pvalue > 0.001  # each item kept 5/20 of the time
    again = [stats.Reservoir(5, 42) for _ in range(2)]
    for r in again:
        for item in range(1000):
            r.add(item)
    assert again[0].items == again[1].items


def test_windowed_sample_keeps_constant_memory_and_only_the_window():
    sample = stats.WindowedSample(window_seconds=3600, buckets=12, per_bucket=20, seed=1)
    for i in range(100_000):
        sample.add(i * 0.5, i)  # two a second for 14 hours
    assert len(sample) <= 12 * 20
    items = sample.items()
    assert min(items) >= (100_000 * 0.5 - 3600) * 2  # nothing older than the window
    assert sample.items() == items  # seeded: the same call gives the same sample


# --- configuration ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", [BiasConfig, DegradationConfig, VendorConfig])
def test_from_options_rejects_unknown_keys_and_names_the_allowed_ones(config):
    with pytest.raises(InvalidInput) as error:
        config.from_options({"thresold": 0.8})
    assert "thresold" in error.value.message
    assert "alpha" in error.value.allowed or "availability_target" in error.value.allowed


def test_from_options_converts_lists_and_checks_types_and_ranges():
    config = BiasConfig.from_options(
        {"attributes": ["gender"], "favourable": ["approved", "referred"], "window_seconds": 600}
    )
    assert config.attributes == ("gender",) and config.favourable == ("approved", "referred")
    assert config.window_seconds == 600.0 and isinstance(config.window_seconds, float)
    with pytest.raises(InvalidInput):
        BiasConfig.from_options({"min_group_size": "30"})
    with pytest.raises(InvalidInput):
        BiasConfig.from_options({"threshold": 0.95})  # above resolve_threshold: no hysteresis left
    with pytest.raises(InvalidInput):
        VendorConfig.from_options({"availability_target": 1.5})
    assert VendorConfig.from_options({"window_scale": 0.5}).rules()[0][3] == 1800.0


# --- the detectors on labelled streams of seeds kept out of tuning --------------------------------------------

SEEDS = streams.held_back_seeds(7)
NAMES = list(streams.SUITES)


@pytest.fixture(scope="module")
def runs():
    """Each detector over its streams of seeds kept out of tuning, once for the module."""
    assert not set(SEEDS) & set(streams.TRAINING_SEEDS)
    return {name: streams.run_suite(name, SEEDS) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_injected_change_is_found_within_its_window_and_nothing_else_alarms(runs, name):
    result = streams.tally(name, runs[name])
    changes = sum(len(stream.changes) for stream, _ in runs[name])
    quiet = sum(1 for stream, _ in runs[name] if not stream.changes)
    assert (result.true_positives, result.false_negatives, result.false_positives) == (changes, 0, 0)
    assert result.true_negatives == quiet and result.precision == result.recall == result.f1 == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_stationary_control_streams_raise_nothing(runs, name):
    controls = [(s, f) for s, f in runs[name] if s.kind == "control"]
    assert len({s.seed for s, _ in controls}) >= 3
    assert [(s.seed, f) for s, f in controls if f] == []


def test_hard_negatives_raise_nothing(runs):
    hard = [
        (s.name, s.seed, [f.title for f in found])
        for name in NAMES
        for s, found in runs[name]
        if s.kind == "hard_negative"
    ]
    assert {name.split("/")[1] for name, _, _ in hard} == {
        "small_group",
        "legit_upgrade",
        "silent_same",
        "latency_noise",
    }
    assert [h for h in hard if h[2]] == []


def first_trigger(runs, name, scenario):
    for stream, found in runs[name]:
        if stream.name.split("/")[1] == scenario:
            triggers = [f for f in found if f.action is FindingAction.TRIGGER]
            yield stream, triggers[0], found


def test_bias_finding_names_groups_rates_ratio_and_p_value(runs):
    for stream, finding, _ in first_trigger(runs, "bias", "drop"):
        attribute, target = streams.BIAS_TARGETS[int(stream.name.rsplit("/", 1)[1]) % len(streams.BIAS_TARGETS)]
        d = finding.details
        assert finding.category == "bias_incident" and finding.dedup_key.endswith(f":{attribute}")
        assert d["lowest_group"] == target and d["impact_ratio"] < 0.8 and d["p_value"] < d["alpha_per_test"]
        assert d["impact_ratio"] == pytest.approx(d["lowest_rate"] / d["highest_rate"], abs=1e-3)
        assert all(g["total"] >= 30 for g in d["groups"].values()) and target in finding.title
        assert finding.evidence.event_ids


def test_bias_resolves_after_recovery_on_the_same_dedup_key(runs):
    recovered = [(s, f) for s, f in runs["bias"] if s.name.startswith("bias/drop_recover")]
    assert recovered
    for stream, found in recovered:
        change = stream.changes[0]
        resolves = [f for f in found if f.action is FindingAction.RESOLVE and f.dedup_key == change.dedup_key]
        assert resolves and change.start < resolves[0].time <= change.resolve_by
        assert resolves[0].details["impact_ratio"] >= 0.8


def test_bias_ignores_a_small_group_with_a_low_rate(runs):
    for stream, found in runs["bias"]:
        if stream.name.startswith("bias/small_group"):
            assert found == []


def test_degradation_finding_names_the_version_change_and_what_moved(runs):
    for _stream, finding, _ in first_trigger(runs, "degradation", "silent_change"):
        d = finding.details
        change = d["version_change"]
        assert d["kind"] == "version_change" and finding.severity == "error"
        assert change["old"] == {"requested": "gpt-4o", "answered": streams.OLD_MODEL}
        assert change["new"] == {"requested": "gpt-4o", "answered": streams.NEW_SNAPSHOT}
        assert change["requested_by_application"] is False
        assert d["metrics_moved"] and all(m["p_value"] < d["bonferroni_alpha"] for m in d["metrics_moved"])
        assert {"before_mean", "after_mean", "change", "effect_size", "psi", "test"} <= set(d["metrics_moved"][0])
        assert f"{streams.OLD_MODEL} -> {streams.NEW_SNAPSHOT}" in finding.title


def test_degradation_drift_alarm_without_version_change(runs):
    drifts = list(first_trigger(runs, "degradation", "drift"))
    assert drifts
    for _stream, finding, _ in drifts:
        assert finding.details["kind"] == "gradual_drift" and finding.details["metric"] == "eval_score"
        assert finding.details["recent_mean"] < finding.details["baseline_mean"]


def test_vendor_finds_the_burst_and_resolves_after_on_the_same_key(runs):
    for stream, finding, found in first_trigger(runs, "vendor", "burst"):
        change = stream.changes[0]
        assert finding.dedup_key == "vendor_outage:openai:gpt-4o" and finding.severity in ("critical", "warning")
        d = finding.details
        if d["sli"] == "latency_baseline":  # five times slower: the model's own baseline sees it first
            assert d["recent_slow_share"] >= 0.5 and d["p_value"] < d["alpha_per_look"]
            assert d["bar_ms"] == pytest.approx(2 * d["baseline_p95_ms"], abs=0.25)
        elif d["sli"] == "errors_baseline":  # and the failures, against the model's own error rate
            assert d["recent_failed"] >= 0.05 * d["recent_requests"] and d["p_value"] < d["alpha_per_look"]
        else:
            assert d["burn_rate_long"] > d["burn_rate_threshold"] and d["burn_rate_short"] > d["burn_rate_threshold"]
        assert (finding.provider, finding.model, d["features"]) == ("openai", "gpt-4o", ["support-chat"])
        resolves = [f for f in found if f.action is FindingAction.RESOLVE]
        assert [f.dedup_key for f in resolves] == [finding.dedup_key]
        assert change.end - timedelta(hours=1) < resolves[0].time <= change.resolve_by
        r = resolves[0].details
        assert r["started_at"] == finding.time.isoformat() and r["resolved_at"] == resolves[0].time.isoformat()
        assert r["duration_seconds"] == pytest.approx((resolves[0].time - finding.time).total_seconds(), abs=1e-3)


def test_streams_are_deterministic_per_seed():
    a = [(e.id, e.time, e.decision) for e in itertools.islice(streams.bias_stream(11, "drop").events(), 500)]
    b = [(e.id, e.time, e.decision) for e in itertools.islice(streams.bias_stream(11, "drop").events(), 500)]
    c = [(e.id, e.time, e.decision) for e in itertools.islice(streams.bias_stream(12, "drop").events(), 500)]
    assert a == b != c


def test_evaluate_refuses_seeds_that_overlap_the_training_seeds():
    with pytest.raises(InvalidInput):
        streams.evaluate(0)


# --- unit behaviour --------------------------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, tzinfo=UTC)


def decision(i, t, group, approved, feature="loans"):
    return InteractionEvent(
        id=f"e{i}",
        time=T0 + timedelta(seconds=t),
        application="a",
        feature=feature,
        decision="approved" if approved else "declined",
        attributes={"sex": group},
    )


def test_bias_uses_fisher_for_small_counts_and_needs_the_minimum_group_size():
    def run(min_group_size):
        config = BiasConfig(
            attributes=("sex",),
            window_seconds=600,
            buckets=4,
            min_group_size=min_group_size,
            confirm_evaluations=1,
            alpha_per_day=0.05,
            long_window_seconds=0,
        )
        detector = BiasDetector(config)
        found = []
        for i in range(300):  # one every 5 s; a third from group b, approved 60% of the time, group a always
            group = "b" if i % 3 == 0 else "a"
            found += detector.observe(decision(i, 5 * i, group, group == "a" or (i // 3) % 5 < 3))
        return found

    found = run(25)  # a window of 450 s holds 30 of group b: few declines, so the cells are small
    assert found and found[0].details["test"].startswith("fisher exact")
    assert found[0].details["lowest_group"] == "b" and found[0].details["lowest_rate"] == pytest.approx(0.6, abs=0.05)
    assert run(40) == []  # group b never reaches 40 in a window


def test_detectors_satisfy_the_protocol_and_ignore_events_they_cannot_judge():
    event = InteractionEvent(id="x", time=T0, application="a", feature="f")
    for detector in (BiasDetector(), DegradationDetector(), VendorDetector()):
        assert isinstance(detector.name, str) and detector.category.endswith(("incident", "degradation", "outage"))
        assert detector.observe(event) == []
        checked: Detector = detector  # noqa: F841 - structural typing check for type checkers


def test_degradation_reports_a_requested_change_as_requested():
    rng = random.Random(3)
    detector = DegradationDetector(DegradationConfig(after_events=200))
    found = []
    for i in range(6000):
        new = i >= 3000
        event = InteractionEvent(
            id=f"d{i}",
            time=T0 + timedelta(seconds=i),
            application="a",
            feature="chat",
            provider="p",
            request_model="m-2" if new else "m-1",
            response_model="m-2" if new else "m-1",
            eval_score=rng.gauss(0.6 if new else 0.8, 0.08),
            latency_ms=rng.gauss(800, 50),
            output_tokens=100,
        )
        found += detector.observe(event)
    assert len(found) == 1
    change = found[0].details["version_change"]
    assert change["requested_by_application"] is True and found[0].severity == "warning"
    assert [m["metric"] for m in found[0].details["metrics_moved"]] == ["eval_score"]


def test_vendor_does_not_page_on_a_handful_of_failures_at_start():
    detector = VendorDetector(VendorConfig(window_scale=1 / 12))
    found = []
    for i in range(40):
        outcome = Outcome.ERROR if i in (3, 9) else Outcome.OK
        found += detector.observe(
            InteractionEvent(
                id=str(i),
                time=T0 + timedelta(seconds=i),
                application="a",
                feature="f",
                provider="p",
                request_model="m",
                outcome=outcome,
                latency_ms=500.0,
            )
        )
    assert found == []


# --- constant memory -------------------------------------------------------------------------------------------------


def test_memory_stays_bounded_over_a_long_stream_and_many_keys():
    detectors = [
        BiasDetector(BiasConfig(max_features=8)),
        DegradationDetector(DegradationConfig(max_keys=8)),
        VendorDetector(VendorConfig(max_keys=8, window_scale=1 / 12)),
    ]
    sizes = []
    for n, event in enumerate(streams.mixed_stream(5, 100_000), start=1):
        if n % 7 == 0:  # a steady trickle of new features and models, far more than max_keys
            event = replace(event, feature=f"feature-{n}", request_model=f"model-{n}")
        for detector in detectors:
            detector.observe(event)
        if n in (20_000, 60_000, 100_000):
            sizes.append([d.footprint() for d in detectors])
    bias, degradation, vendor = detectors
    assert len(bias._watches) <= 8 and len(degradation._tracks) <= 8 and len(vendor._keys) <= 8
    # Upper bounds from the configuration alone, whatever the traffic
    assert sizes[-1][0] <= 8 * 3 * (2 * 12 * 2 * 16 + 16 + 32)  # two windows of 12 buckets per attribute
    assert sizes[-1][1] <= 8 * (12 * 50 + 20 + 12 * 50 + 400 + 10)
    for later in sizes[1:]:
        assert all(
            b <= 1.5 * a + 1000 for a, b in zip(sizes[0], later, strict=True)
        )  # no growth with the stream's length
