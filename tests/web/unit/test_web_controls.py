"""How the incident page's control forms read: what each asks the containment service to change (pure)."""

from __future__ import annotations

import pytest

from aicident.errors import InvalidInput
from aicident.web.controls import _changes, location
from aicident.web.pages import Form


def form(**fields: str) -> Form:
    return Form({name: [value] for name, value in fields.items()})


def test_disabling_sets_the_kill_switch_and_the_fallback_only_when_one_is_given():
    assert _changes("control-disable", form(fallback_response=" Back soon. ")) == {
        "enabled": False,
        "fallback_response": "Back soon.",
    }
    assert _changes("control-disable", form(fallback_response="")) == {"enabled": False}


def test_an_empty_model_unpins_it_and_empty_rates_lift_the_limit():
    assert _changes("control-model", form(model="", model_version="")) == {"model": None, "model_version": None}
    assert _changes("control-model", form(model="openai/gpt-4o-mini", model_version="")) == {
        "model": "openai/gpt-4o-mini",
        "model_version": None,
    }
    assert _changes("control-throttle", form(rate_per_second="2.5", user_rate_per_second="")) == {
        "rate_per_second": 2.5,
        "user_rate_per_second": None,
    }


@pytest.mark.parametrize("rate", ["fast", "0", "-1", "nan", "inf"])
def test_a_rate_that_is_not_a_positive_number_is_refused_saying_what_is_allowed(rate):
    with pytest.raises(InvalidInput) as refused:
        _changes("control-throttle", form(rate_per_second=rate))
    assert f"{rate!r} is not a positive number" in str(refused.value)
    assert "leave it empty for no limit" in str(refused.value.allowed)


def test_after_a_change_the_page_still_shows_the_feature_worked_on():
    assert (
        location("INC-2026-0001", form(feature="search summaries"))
        == "/incidents/INC-2026-0001?feature=search%20summaries"
    )
    assert location("INC-2026-0001", form()) == "/incidents/INC-2026-0001"
