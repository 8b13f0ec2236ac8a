"""The SDK fails safe without a server: before aicident has confirmed a feature the Guard runs on the fail mode and
fallback it was given (or the documented default) and warns once; aicident's own settings win once they arrive; the
state tells listeners when the link has been lost long enough to count and when it is back; and the OpenFeature
provider resolves exactly the flags, names and values, of the flagd export."""

from __future__ import annotations

import logging

import pytest
from openfeature.flag_evaluation import Reason

from aicident.containment.model import Controls, apply, flagd_flags
from aicident.sdk import Client, ControlState, Guard
from aicident.sdk.guard import DEFAULT_FAIL_MODE
from aicident.sdk.openfeature import AicidentProvider


def model(name, text):
    return "from the model"


def test_before_first_contact_the_given_fail_mode_and_fallback_rule_and_a_warning_says_so_once(caplog):
    caplog.set_level(logging.WARNING, logger="aicident.sdk")
    never = ControlState(None)  # nothing saved, nothing heard
    guard = Guard("chat", never, None, fail_mode="closed", fallback_response="Paused for now.")
    replies = [guard.call(model, "hi") for _ in range(5)]
    assert {(r.served, r.reason, r.text) for r in replies} == {("fallback", "unreachable", "Paused for now.")}
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith("feature 'chat' runs on fail_mode 'closed' (given by the application)")


def test_without_a_fail_mode_the_documented_default_serves_the_model_and_the_warning_names_it(caplog):
    caplog.set_level(logging.WARNING, logger="aicident.sdk")
    assert DEFAULT_FAIL_MODE == "open"
    reply = Guard("chat", ControlState(None), None).call(model, "hi")
    assert reply.served == "model"
    assert "fail_mode 'open' (the SDK's default; pass fail_mode=)" in caplog.records[0].getMessage()


def test_once_aicident_has_sent_the_feature_its_setting_wins_over_the_constructors(caplog):
    state = ControlState(None, unreachable_after=0.0)
    guard = Guard("chat", state, None, fail_mode="closed", fallback_response="Paused for now.")
    state.update({"version": "1", "features": {"chat": {"feature": "chat", "fail_mode": "open"}}})
    state.mark_connected()
    state.mark_lost()  # aicident gone again: its own fail mode (open) applies, not the constructor's
    assert not state.reachable and guard.call(model, "hi").served == "model"
    assert caplog.records == []


def test_a_fail_mode_other_than_open_or_closed_is_refused():
    with pytest.raises(ValueError, match="open, closed"):
        Guard("chat", ControlState(None), None, fail_mode="sideways")


def test_connection_listeners_hear_of_a_loss_only_once_it_lasts_and_of_each_return():
    state = ControlState(None, unreachable_after=60.0)
    heard: list[bool] = []
    state.on_connection(heard.append)
    state.mark_lost()  # never connected: nothing was lost
    assert heard == [] and state.check() is None
    state.mark_connected()
    state.mark_connected()
    assert heard == [True]
    state.mark_lost()
    assert heard == [True]  # a blip is not an outage
    remaining = state.check()
    assert remaining is not None and 59.0 < remaining <= 60.0
    state.unreachable_after = 0.0
    assert state.check() is None and heard == [True, False]
    state.mark_lost()
    state.mark_connected()
    assert heard == [True, False, True]


def test_the_provider_resolves_every_flag_of_the_flagd_export_with_its_value():
    chat = apply(
        Controls(feature="chat", fallback_response="Paused."),
        {"enabled": False, "model": "vendor/m", "model_version": "2026-05-01", "rate_per_second": 5.0},
    )
    search = Controls(feature="search")
    exported = flagd_flags([chat, search])["flags"]
    client = Client("http://127.0.0.1:9", "ais_x", application="a", persist=False)
    client.state.update({"version": "1", "features": {c.feature: c.to_json() for c in (chat, search)}})
    client.state.mark_connected()
    provider = AicidentProvider(client, start=False)
    resolve = {
        bool: provider.resolve_boolean_details,
        str: provider.resolve_string_details,
        float: provider.resolve_float_details,
        dict: provider.resolve_object_details,
    }
    assert sorted(exported) == sorted(
        [f"chat.{f}" for f in ("enabled", "model", "fallback_response", "fail_mode", "rate_per_second", "controls")]
        + [f"search.{f}" for f in ("enabled", "fallback_response", "fail_mode", "controls")]
    )
    for key, flag in exported.items():
        value = flag["variants"][flag["defaultVariant"]]
        details = resolve[type(value)](key, {} if isinstance(value, dict) else type(value)())
        assert (key, details.value, details.reason, details.error_code) == (key, value, Reason.STATIC, None)
    unset = provider.resolve_string_details("search.model", "my-default")
    assert (unset.value, unset.reason, unset.error_code) == ("my-default", Reason.DEFAULT, None)
