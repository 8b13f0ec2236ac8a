"""The application side fails safe, against a real `aicident serve`: a fresh application started while aicident is
down serves the fallback of a feature it was told is fail-closed (and says so in a warning), then obeys aicident's
own settings once it answers; the OpenFeature client receives PROVIDER_STALE within 5 s of the server being killed
and PROVIDER_READY again after its restart; the flags the provider resolves are the flagd export's, name for name
and value for value."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from openfeature import api as openfeature
from openfeature.event import ProviderEvent
from openfeature.provider import ProviderStatus

from aicident.sdk import Client
from aicident.sdk.openfeature import AicidentProvider

STALE_WITHIN = 5.0


def register(service, **feature) -> None:
    with service.client(headers=service.admin) as client:
        response = client.post("/api/v1/features", json=feature)
    assert response.status_code == 201, response.text


def eventually(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def test_a_fresh_application_started_while_aicident_is_down_serves_the_fallback_of_a_fail_closed_feature(
    service, tmp_path, caplog
):
    secret = service.add_integration("app", "events")
    register(service, name="support_chat", fail_mode="open", fallback_response="Paused by aicident.")
    service.stop()
    caplog.set_level(logging.WARNING, logger="aicident.sdk")

    # First start of this application (no saved controls), aicident unreachable: the constructor's settings rule.
    with Client(service.base_url, secret, application="app", state_file=tmp_path / "fresh.json") as sdk:
        assert not sdk.reachable
        guard = sdk.guard("support_chat", fail_mode="closed", fallback_response="Sorry, the assistant is paused.")
        replies = [guard.call(lambda model, text: "model answer", "hi") for _ in range(3)]
        assert [(r.served, r.reason, r.text) for r in replies] == [
            ("fallback", "unreachable", "Sorry, the assistant is paused.")
        ] * 3
        warnings = [r.getMessage() for r in caplog.records if r.name == "aicident.sdk"]
        assert (
            len(warnings) == 1
            and "'support_chat' runs on fail_mode 'closed' (given by the application)" in (warnings[0])
        )
        # A guard told nothing runs on the documented default, and says that it is the SDK's default.
        assert sdk.guard("search").call(lambda model, text: "ok", "hi").served == "model"
        assert "the SDK's default" in caplog.records[-1].getMessage()

        # Once aicident answers, its own setting for the feature (fail open) wins.
        service.restart()
        assert eventually(lambda: sdk.reachable and sdk.controls("support_chat") is not None)
        assert guard.call(lambda model, text: "model answer", "hi").served == "model"
        assert sdk.controls("support_chat").fail_mode == "open"


def test_the_openfeature_client_hears_stale_within_5_s_of_a_kill_and_ready_after_the_restart(service, tmp_path):
    secret = service.add_integration("app", "events")
    register(service, name="support_chat", fallback_response="Paused.")
    sdk = Client(service.base_url, secret, application="app", state_file=tmp_path / "state.json", report_events=False)
    seen: list[tuple[float, ProviderEvent]] = []
    stale, ready_again = threading.Event(), threading.Event()

    def on(event: ProviderEvent, flag: threading.Event | None):
        def handler(_details) -> None:
            seen.append((time.monotonic(), event))
            if flag is not None and (event != ProviderEvent.PROVIDER_READY or stale.is_set()):
                flag.set()

        return handler

    openfeature.set_provider_and_wait(AicidentProvider(sdk), "aicident-stale")
    try:
        flags = openfeature.get_client("aicident-stale")
        flags.add_handler(ProviderEvent.PROVIDER_STALE, on(ProviderEvent.PROVIDER_STALE, stale))
        flags.add_handler(ProviderEvent.PROVIDER_READY, on(ProviderEvent.PROVIDER_READY, ready_again))
        assert flags.get_provider_status() == ProviderStatus.READY
        assert flags.get_boolean_value("support_chat.enabled", False) is True

        killed = time.monotonic()
        service.kill()
        assert stale.wait(STALE_WITHIN), f"no PROVIDER_STALE within {STALE_WITHIN} s; events: {seen}"
        stale_at = next(at for at, event in seen if event == ProviderEvent.PROVIDER_STALE)
        assert stale_at - killed < STALE_WITHIN
        assert flags.get_provider_status() == ProviderStatus.STALE
        details = flags.get_boolean_details("support_chat.enabled", False)
        assert (details.value, details.reason) == (True, "STALE")  # the last known controls, marked stale

        service.restart()
        assert ready_again.wait(15), f"no PROVIDER_READY after the restart; events: {seen}"
        assert flags.get_provider_status() == ProviderStatus.READY
        assert flags.get_boolean_details("support_chat.enabled", False).reason == "STATIC"
    finally:
        openfeature.shutdown()


def test_an_application_started_while_aicident_is_down_sees_provider_error_then_ready(service, tmp_path):
    secret = service.add_integration("app", "events")
    register(service, name="support_chat")
    service.stop()
    sdk = Client(service.base_url, secret, application="app", state_file=tmp_path / "s.json", report_events=False)
    ready = threading.Event()
    provider = AicidentProvider(sdk, wait=0.5)
    with pytest.raises(Exception, match="unreachable"):
        openfeature.set_provider_and_wait(provider, "aicident-down")
    try:
        flags = openfeature.get_client("aicident-down")
        assert flags.get_provider_status() == ProviderStatus.ERROR
        flags.add_handler(ProviderEvent.PROVIDER_READY, lambda _details: ready.set())
        assert flags.get_boolean_details("support_chat.enabled", True).error_code == "FLAG_NOT_FOUND"
        service.restart()
        assert ready.wait(15)
        assert flags.get_provider_status() == ProviderStatus.READY
        assert flags.get_boolean_value("support_chat.enabled", False) is True
    finally:
        openfeature.shutdown()


def test_the_provider_resolves_the_flags_of_the_flagd_export_with_the_same_names_and_values(service, tmp_path):
    secret = service.add_integration("app", "events")
    register(service, name="support_chat", fallback_response="Paused.", default_model="vendor/model-2")
    register(service, name="search")
    with service.client(headers=service.admin) as client:
        changed = client.post(
            "/api/v1/controls/support_chat/changes",
            json={
                "changes": {"model_version": "2026-05-01", "rate_per_second": 5, "disabled_tools": ["refund"]},
                "reason": "test",
            },
        )
        assert changed.status_code == 201, changed.text
        exported = client.get("/api/v1/controls/flagd").json()["flags"]
    sdk = Client(service.base_url, secret, application="app", persist=False, report_events=False)
    openfeature.set_provider_and_wait(AicidentProvider(sdk), "aicident-flagd")
    try:
        flags = openfeature.get_client("aicident-flagd")
        assert eventually(lambda: sdk.controls("support_chat") and sdk.controls("support_chat").rate_per_second)
        resolve = {
            bool: flags.get_boolean_details,
            str: flags.get_string_details,
            float: flags.get_float_details,
            dict: flags.get_object_details,
        }
        for key, flag in exported.items():
            value = flag["variants"][flag["defaultVariant"]]
            details = resolve[type(value)](key, {} if isinstance(value, dict) else type(value)())
            assert (key, details.value, details.error_code) == (key, value, None)
        assert exported["support_chat.model"]["variants"]["pinned"] == "vendor/model-2@2026-05-01"
        assert "search.model" not in exported and "search.rate_per_second" not in exported
        unset = flags.get_string_details("search.model", "my-default")
        assert (unset.value, unset.reason) == ("my-default", "DEFAULT")
    finally:
        openfeature.shutdown()
