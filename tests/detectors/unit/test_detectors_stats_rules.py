"""The statistical detectors' rules one by one, on small hand-made streams (pure, no database): complaint spikes by an
exact test, windows judged only once watched whole, latency and errors against the model's own baseline, vendor
findings keyed by provider and model with the features listed and resolve times, drift of refusals and output length
without a version change, the bias budget over a day of looks; and on the stationary product days of
corpora/traffic.py (seasonality, surges, a small group, planned upgrades), no false finding, while injected shifts are
found (the bench measures the same over many more days)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from aicident.detectors.bias import BiasDetector
from aicident.detectors.bias import Config as BiasConfig
from aicident.detectors.degradation import DegradationDetector
from aicident.detectors.hallucination import HallucinationDetector
from aicident.detectors.model import FindingAction, InteractionEvent, Outcome
from aicident.detectors.signals import finding_to_signal
from aicident.detectors.vendor import Config as VendorConfig
from aicident.detectors.vendor import VendorDetector
from corpora import traffic

T0 = datetime(2026, 5, 4, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# --- complaint spikes ----------------------------------------------------------------------------------------------


def chat(n: int, t: float, complaint: bool, feature: str = "advisor") -> InteractionEvent:
    return InteractionEvent(
        id=f"c{n}", time=at(t), application="a", feature=feature, complaint="This is wrong." if complaint else None
    )


def complaints_over(rate_of) -> list:
    """A day and a half at one event every 8 s; rate_of(t) is the complaint probability at t."""
    rng = random.Random(2)
    detector = HallucinationDetector()
    found = []
    for n in range(16_200):
        t = 8.0 * n
        found += detector.observe(chat(n, t, rng.random() < rate_of(t)))
    return [f for f in found if f.details.get("family") == "complaint_spike"]


def test_a_steady_complaint_rate_raises_no_spike_however_many_hourly_looks():
    assert complaints_over(lambda t: 0.02) == []


def test_five_complaints_where_two_were_expected_is_chance_not_a_spike():
    # 450 events an hour at 0.5%: about 2.3 expected; the 30th hour holds 5 more than usual.
    extra = {30 * 3600 + 600 * k for k in range(5)}
    detector = HallucinationDetector()
    rng = random.Random(4)
    found = []
    for n in range(16_200):
        t = 8.0 * n
        found += detector.observe(chat(n, t, rng.random() < 0.005 or any(e <= t < e + 8 for e in extra)))
    assert [f for f in found if f.details.get("family") == "complaint_spike"] == []


def test_a_fourfold_complaint_rate_is_a_spike_with_its_test_in_the_finding():
    spikes = complaints_over(lambda t: 0.08 if 30 * 3600 <= t < 32 * 3600 else 0.02)
    assert spikes and all(30 * 3600 <= (f.time - T0).total_seconds() <= 33 * 3600 for f in spikes)
    first = spikes[0]
    d = first.details
    assert d["p_value"] < d["alpha_per_look"] == pytest.approx(0.01 / 288)
    assert d["ratio"] >= 3 and d["window_complaints"] >= 5 and d["baseline_events"] >= 500
    assert d["test"].startswith("exact conditional binomial")
    assert first.dedup_key == "hallucination_harm:advisor:complaint_spike" and "expected" in first.title
    assert len(spikes) <= 3  # one finding per window


def test_a_young_feature_is_not_judged_before_its_baseline_has_seen_enough():
    detector = HallucinationDetector()
    found = []
    for n in range(400):  # 400 events over 53 minutes, then a burst of complaints
        found += detector.observe(chat(n, 8.0 * n, n > 300 and n % 3 == 0))
    assert [f for f in found if f.details.get("family") == "complaint_spike"] == []


# --- vendor: windows watched whole, baselines, findings -----------------------------------------------------------


def call(n, t, *, feature="support", outcome=Outcome.OK, latency=800.0, provider="openai", model="gpt-4o-mini"):
    return InteractionEvent(
        id=f"v{n}",
        time=at(t),
        application="a",
        feature=feature,
        provider=provider,
        request_model=model,
        outcome=outcome,
        latency_ms=latency if outcome is Outcome.OK else None,
    )


def vendor_run(hours: float, per_second: float, effect, seed: int = 1, features=("support", "drafts")) -> list:
    """Calls to one model; effect(t, rng) -> (outcome, latency multiplier)."""
    rng = random.Random(seed)
    detector = VendorDetector()
    found, t, n = [], 0.0, 0
    while t < hours * 3600:
        t += rng.expovariate(per_second)
        n += 1
        outcome, slow = effect(t, rng)
        latency = 800.0 * slow * rng.lognormvariate(0.0, 0.35)
        found += detector.observe(call(n, t, feature=features[n % len(features)], outcome=outcome, latency=latency))
    return found


def healthy(t, rng):
    return (Outcome.ERROR if rng.random() < 0.003 else Outcome.OK), 1.0


def test_a_one_minute_blip_raises_nothing_ten_minutes_in_or_two_hours_in():
    for start in (600, 7200):

        def blip(t, rng, start=start):
            if start <= t < start + 60:
                return (Outcome.ERROR if rng.random() < 0.3 else Outcome.OK), 1.0
            return healthy(t, rng)

        assert vendor_run(4, 2.0, blip) == [], start


def test_a_total_outage_at_start_still_pages_once_the_budget_it_burnt_is_enough():
    found = vendor_run(1, 2.0, lambda t, rng: (Outcome.ERROR if t < 900 else Outcome.OK, 1.0))
    triggers = [f for f in found if f.action is FindingAction.TRIGGER]
    assert triggers and triggers[0].details["rule"] == "page" and (triggers[0].time - T0).total_seconds() < 600
    assert triggers[0].details["window_watched_share"] < 1


def test_five_times_slower_for_twenty_minutes_is_found_against_the_models_own_p95():
    found = vendor_run(4, 1.0, lambda t, rng: (Outcome.OK, 5.0 if 7200 <= t < 8400 else 1.0))
    trigger = next(f for f in found if f.action is FindingAction.TRIGGER)
    d = trigger.details
    assert d["rule"] == "latency_baseline" and 7200 < (trigger.time - T0).total_seconds() < 7800
    assert d["bar_ms"] == pytest.approx(2 * d["baseline_p95_ms"], abs=0.25) and d["recent_slow_share"] >= 0.5
    assert d["p_value"] < d["alpha_per_look"] and d["recent_p95_ms"] > d["bar_ms"]
    assert "own baseline" in trigger.title


def test_fifteen_percent_errors_for_a_quarter_hour_is_found_against_the_models_own_error_rate():
    def errors(t, rng):
        return (Outcome.ERROR if rng.random() < (0.15 if 7200 <= t < 8100 else 0.003) else Outcome.OK), 1.0

    found = vendor_run(4, 1.0, errors)
    trigger = next(f for f in found if f.action is FindingAction.TRIGGER)
    assert (
        trigger.details["rule"] == "errors_baseline" and trigger.details["p_value"] < trigger.details["alpha_per_look"]
    )
    resolve = next(f for f in found if f.action is FindingAction.RESOLVE)
    d = resolve.details
    assert d["started_at"] == trigger.time.isoformat() and d["resolved_at"] == resolve.time.isoformat()
    assert d["duration_seconds"] > 0 and d["recovered_at"] <= d["resolved_at"]


def test_a_vendor_finding_is_keyed_by_provider_and_model_and_lists_the_features_that_used_it():
    def errors(t, rng):
        return (Outcome.ERROR if rng.random() < (0.4 if 7200 <= t < 9000 else 0.003) else Outcome.OK), 1.0

    found = vendor_run(4, 2.0, errors, features=("support", "drafts", "support", "search"))
    triggers = [f for f in found if f.action is FindingAction.TRIGGER]
    assert len(triggers) >= 2  # the baseline rule first, then an escalation to a page
    assert {f.dedup_key for f in found} == {"vendor_outage:openai:gpt-4o-mini"}
    assert {(f.provider, f.model) for f in found} == {("openai", "gpt-4o-mini")}
    assert {f.feature for f in found} == {"support"}  # the most affected, fixed for the incident
    features = triggers[-1].details["feature_counts"]
    assert [row["feature"] for row in features] == ["support", "drafts", "search"]
    assert features[0]["failed"] > features[1]["failed"] > 0
    labels = finding_to_signal(triggers[0]).labels
    assert (labels["provider"], labels["model"], labels["feature"]) == ("openai", "gpt-4o-mini", "support")


def test_vendor_options_are_checked():
    with pytest.raises(Exception, match="latency_baseline_share"):
        VendorConfig(latency_baseline_share=0.0)
    assert VendorConfig.from_options({"latency_baseline_factor": 0}).latency_baseline_factor == 0.0


# --- drift without a version change -------------------------------------------------------------------------------


def answers(hours: float, change, seed: int = 3) -> list:
    rng = random.Random(seed)
    detector = DegradationDetector()
    found = []
    for n in range(int(hours * 3600 / 4)):  # one answer every 4 s, always the same model version
        t = 4.0 * n
        refusal, length = change(t)
        outcome = Outcome.REFUSAL if rng.random() < refusal else Outcome.OK
        found += detector.observe(
            InteractionEvent(
                id=f"d{n}",
                time=at(t),
                application="a",
                feature="chat",
                provider="openai",
                request_model="gpt-4o",
                response_model="gpt-4o-2024-08-06",
                outcome=outcome,
                output_tokens=max(1, int(length * rng.lognormvariate(0.0, 0.4))),
                eval_score=min(1.0, max(0.0, rng.gauss(0.82, 0.08))),
            )
        )
    return found


def test_refusals_and_output_length_drift_without_a_version_change_are_findings_and_steady_ones_are_not():
    assert answers(12, lambda t: (0.02, 180.0)) == []
    [refusals] = answers(12, lambda t: (0.06 if t >= 6 * 3600 else 0.02, 180.0))
    assert refusals.details["metric"] == "refusal_rate" and refusals.details["direction"] == "rose"
    assert refusals.details["kind"] == "gradual_drift" and 6 * 3600 < (refusals.time - T0).total_seconds() < 9 * 3600
    [shorter] = answers(12, lambda t: (0.02, 120.0 if t >= 6 * 3600 else 180.0))
    assert shorter.details["metric"] == "output_length" and shorter.details["direction"] == "fell"
    assert shorter.details["scale"] == "geometric mean" and shorter.details["recent_mean"] < 140


# --- bias: the day's budget ----------------------------------------------------------------------------------------


def test_bias_spends_its_days_alpha_over_every_look_of_both_windows_and_attributes():
    config = BiasConfig()
    budget = config.budget
    assert budget.looks_per_day == 288 + 48 and budget.tests_per_look == 3
    assert BiasDetector(config)._alpha == pytest.approx(0.01 / (336 * 3))
    assert BiasConfig(long_window_seconds=0).budget.looks_per_day == 288


def test_bias_false_findings_per_day_stay_within_the_days_budget_when_rates_are_equal():
    """A loose budget (0.3 a day) so that chance shows at all: days of decisions with equal true rates in every group,
    thin traffic (small windows, Fisher's test); the share of days with a finding stays below the budget."""
    config = BiasConfig(attributes=("group",), alpha_per_day=0.3, min_group_size=20)
    rng = random.Random(8)
    days, alarmed = 60, 0
    for day in range(days):
        detector = BiasDetector(config)
        found = []
        t = day * 2 * 86_400.0  # days apart, so each detector starts afresh
        for n in range(5_000):  # one decision every 17 s: about 200 an hour, four groups
            t += 17.28
            group = ("a", "b", "c", "d")[n % 4]
            event = InteractionEvent(
                id=f"b{day}-{n}",
                time=at(t),
                application="a",
                feature="loans",
                decision="approved" if rng.random() < 0.5 else "declined",
                attributes={"group": group},
            )
            found += detector.observe(event)
        alarmed += any(f.action is FindingAction.TRIGGER for f in found)
    assert alarmed <= days * config.alpha_per_day


# --- stationary product days --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiet_days():
    return [traffic.run_day(traffic.product_day(seed)) for seed in (11, 12, 13)]


def test_stationary_product_days_raise_no_statistical_finding(quiet_days):
    for result in quiet_days:
        assert result.events > 30_000
        assert {name: titles for name, titles in result.false.items() if titles} == {}, result.seed


@pytest.mark.parametrize("shift", ["latency_x5", "refusals", "complaints", "approvals_female"])
def test_injected_shifts_are_found_on_their_key_in_time_and_nothing_else_alarms(shift):
    result = traffic.run_day(traffic.product_day(21, shift))
    assert result.caught, (shift, result)
    assert {name: titles for name, titles in result.false.items() if titles} == {}
    assert 0 < result.delay_minutes <= traffic.SHIFTS[shift].detect_within_minutes


def test_product_days_are_seasonal_surge_and_repeat_per_seed():
    day = traffic.product_day(12)
    events = list(day.events())
    hours = [0] * 24
    for e in events:
        hours[e.time.hour] += 1
    assert max(hours[13:17]) > 3 * min(hours[1:5])  # afternoon peak, night trough
    assert day.surges and [e.id for e in events[:50]] == [e.id for e in list(traffic.product_day(12).events())[:50]]
    assert {e.attributes.get("ethnicity") for e in events if e.attributes} >= {"group_f"}  # the small group
