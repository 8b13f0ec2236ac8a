"""The pure rules of delivery: backoff with full jitter, the dead-letter time, failure classes, Retry-After,
Standard Webhooks signatures, Message-IDs and threading, and the payload shapes of each channel."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook

from aicident.notify.model import (
    DEAD,
    QUEUED,
    Message,
    PermanentFailure,
    RetryPolicy,
    TransientFailure,
    after_transient,
    classify_http,
    email_message_id,
    pagerduty_dedup_key,
    pagerduty_payload,
    parse_retry_after,
    slack_payload,
    teams_payload,
    thread_root_id,
    webhook_payload,
    webhook_signature,
)
from aicident.notify.smtp import email_of
from aicident.plan.loader import default_plan
from aicident.plan.schema import Plan
from aicident.plan.validate import cross_reference_problems

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def message(**changes) -> Message:
    fields = dict(
        id="obl-1.customer.v3",
        channel="email",
        to=("a@example.com",),
        subject="Service incident",
        text="We found a problem.",
        kind="customer_notification",
        incident_id="5f0c",
        incident_ref="INC-2026-0007",
        obligation_id="obl-1",
        data={
            "severity": "SEV-1",
            "stage": "containment",
            "links": [{"href": "https://x.test/i/7", "text": "Incident"}],
        },
    )
    fields.update(changes)
    return Message(**fields)


# --- backoff and dead letter -------------------------------------------------------------------------------------


def test_the_backoff_ceiling_grows_by_the_factor_up_to_the_cap():
    policy = RetryPolicy(base=0.5, factor=1.5, cap=60)
    ceilings = [policy.backoff(attempt, 0.999999) for attempt in range(1, 16)]
    assert ceilings[:4] == pytest.approx([0.5, 0.75, 1.125, 1.6875], rel=1e-5)
    assert max(ceilings) == pytest.approx(60, rel=1e-5)
    assert ceilings == sorted(ceilings)


@given(attempt=st.integers(1, 200), draw=st.floats(0, 1, exclude_max=True))
def test_full_jitter_waits_anywhere_between_nothing_and_the_ceiling(attempt, draw):
    policy = RetryPolicy(base=0.5, factor=1.5, cap=60)
    assert 0 <= policy.backoff(attempt, draw) <= min(60, 0.5 * 1.5 ** (attempt - 1))


def test_a_transient_failure_is_retried_after_the_backoff_and_retry_after_is_honoured_exactly():
    policy = RetryPolicy(base=2, factor=2, cap=60, dead_after=timedelta(hours=1))
    decision = after_transient(policy, attempt=3, window_started_at=NOW, now=NOW, retry_after=None, draw=0.5)
    assert decision == after_transient(policy, attempt=3, window_started_at=NOW, now=NOW, retry_after=None, draw=0.5)
    assert (decision.state, decision.next_attempt_at) == (QUEUED, NOW + timedelta(seconds=4))
    told = after_transient(policy, attempt=3, window_started_at=NOW, now=NOW, retry_after=30, draw=0.5)
    assert told.next_attempt_at == NOW + timedelta(seconds=30)


def test_the_last_try_falls_on_the_dead_letter_time_and_a_failure_after_it_is_dead():
    policy = RetryPolicy(dead_after=timedelta(minutes=10))
    late = NOW + timedelta(minutes=9, seconds=59)
    decision = after_transient(policy, attempt=40, window_started_at=NOW, now=late, retry_after=3600, draw=0.1)
    assert decision.next_attempt_at == NOW + timedelta(minutes=10)
    assert (
        after_transient(
            policy, attempt=41, window_started_at=NOW, now=NOW + timedelta(minutes=10), retry_after=None, draw=0.1
        ).state
        == DEAD
    )


# --- failure classes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_2xx_is_sent(status):
    assert classify_http(status, retry_after=None, now=NOW, what="x").http_status == status


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_408_429_and_5xx_are_transient(status):
    with pytest.raises(TransientFailure) as raised:
        classify_http(status, retry_after="7", now=NOW, what="Slack channel 'chat'")
    assert (raised.value.http_status, raised.value.retry_after) == (status, 7.0)
    assert f"HTTP {status}" in str(raised.value)


@pytest.mark.parametrize("status", [300, 301, 400, 401, 403, 404, 410, 413, 422])
def test_other_statuses_are_permanent(status):
    with pytest.raises(PermanentFailure) as raised:
        classify_http(status, retry_after="7", now=NOW, what="x", body="invalid_payload")
    assert raised.value.http_status == status and "invalid_payload" in str(raised.value)
    assert not isinstance(raised.value, TransientFailure)


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after("Mon, 23 Nov 2026 14:01:30 GMT", NOW) == 90
    assert parse_retry_after("Mon, 23 Nov 2026 13:00:00 GMT", NOW) == 0
    assert parse_retry_after("soon", NOW) is None and parse_retry_after(None, NOW) is None


# --- Standard Webhooks -------------------------------------------------------------------------------------------


def test_the_signature_matches_the_published_standard_webhooks_test_vector():
    signature = webhook_signature(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@given(
    message_id=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=60),
    body=st.binary(max_size=200).map(lambda b: b.hex().encode()),
)
def test_the_reference_library_agrees_with_every_signature(message_id, body):
    secret = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY="
    assert webhook_signature(secret, message_id, 1614265330, body) == Webhook(secret).sign(
        message_id, datetime.fromtimestamp(1614265330, UTC), body.decode()
    )


def test_the_webhook_payload_has_type_timestamp_and_data():
    payload = webhook_payload(message(), NOW)
    assert payload["type"] == "aicident.customer_notification"
    assert payload["timestamp"] == "2026-11-23T14:00:00Z"
    assert payload["data"]["id"] == "obl-1.customer.v3" and payload["data"]["severity"] == "SEV-1"
    json.dumps(payload)


# --- email ids -----------------------------------------------------------------------------------------------------


def test_message_ids_are_derived_from_the_message_id_and_the_thread_root_from_the_incident():
    assert email_message_id("obl-1.customer.v3", "example.com") == "<obl-1.customer.v3@example.com>"
    odd = email_message_id("a b<c>@d", "example.com")
    assert odd == email_message_id("a b<c>@d", "example.com") and " " not in odd and odd.count("@") == 1
    assert thread_root_id(message(), "example.com") == thread_root_id(message(id="other"), "example.com")
    assert thread_root_id(message(), "example.com") == "<incident.5f0c@example.com>"
    assert thread_root_id(message(incident_id=None, incident_ref=None), "example.com") is None


# --- chat and paging -----------------------------------------------------------------------------------------------


def test_slack_gets_fallback_text_and_blocks_within_slacks_limits():
    payload = slack_payload(message(subject="x" * 400, text="y" * 5000))
    assert payload["text"].startswith("[INC-2026-0007] xxx") and len(payload["text"]) <= 3000
    header, section, context, link = payload["blocks"]
    assert header["type"] == "header" and header["text"]["type"] == "plain_text" and len(header["text"]["text"]) == 150
    assert section["text"]["type"] == "mrkdwn" and len(section["text"]["text"]) == 3000
    assert {"type": "mrkdwn", "text": "*Severity:* SEV-1"} in context["elements"]
    assert link["text"]["text"] == "<https://x.test/i/7|Incident>"


def test_teams_gets_a_message_with_one_adaptive_card():
    payload = teams_payload(message())
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert card["body"][0]["text"] == "[INC-2026-0007] Service incident"
    assert {"title": "Severity", "value": "SEV-1"} in card["body"][2]["facts"]
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Incident", "url": "https://x.test/i/7"}]


def test_pagerduty_gets_an_events_v2_trigger_with_a_stable_dedup_key():
    event = pagerduty_payload(message(kind="page"), routing_key="R" * 32, now=NOW)
    assert event["event_action"] == "trigger" and event["routing_key"] == "R" * 32
    assert event["dedup_key"] == "obl-1.customer.v3"
    assert event["payload"]["severity"] == "critical" and event["payload"]["source"] == "aicident"
    assert event["payload"]["summary"] == "[INC-2026-0007] Service incident"
    assert event["links"] == [{"href": "https://x.test/i/7", "text": "Incident"}]
    assert len(pagerduty_dedup_key("k" * 300)) <= 255 and pagerduty_dedup_key("k" * 300) == pagerduty_dedup_key(
        "k" * 300
    )
    assert len(pagerduty_payload(message(subject="s" * 2000), routing_key="r", now=NOW)["payload"]["summary"]) == 1024


# --- plan ------------------------------------------------------------------------------------------------------


def _with_notify(notify: dict) -> Plan:
    document = default_plan().model_dump(mode="json", exclude_none=True)
    document["notify"] = notify
    return Plan.model_validate(document)


def test_the_default_plan_has_an_email_channel_from_the_environment_and_validates():
    plan = default_plan()
    assert [c.name for c in plan.notify.channels] == ["email", "slack_app"]  # slack_app: the Slack app's Web API
    email = plan.notify.channel("email")
    assert (email.name, email.type, email.host, email.host_env, email.port) == (
        "email",
        "smtp",
        "localhost",
        "AICIDENT_SMTP_HOST",
        25,
    )
    assert cross_reference_problems(plan) == []


def test_channel_settings_that_are_missing_or_secrets_written_in_the_plan_are_plan_problems():
    plan = _with_notify(
        {
            "lease_seconds": 5,
            "self_alert_channels": ["chat", "nowhere", "mail"],
            "channels": [
                {"name": "chat", "type": "slack", "url": "https://hooks.slack.test/T/B/secret"},
                {"name": "hook", "type": "webhook", "url": "http://x.test"},
                {"name": "page", "type": "pagerduty", "timeout_seconds": 9},
                {"name": "mail", "type": "smtp", "sender": "a@b.test"},
            ],
        }
    )
    found = {(p.path, p.message.split(":")[0]) for p in cross_reference_problems(plan)}
    paths = {path for path, _ in found}
    assert {
        "notify.channels[0].url_env",
        "notify.channels[0].url",
        "notify.channels[1].secret_env",
        "notify.channels[2].routing_key_env",
        "notify.channels[2].timeout_seconds",
        "notify.self_alert_channels[1]",
        "notify.self_alert_to",
    } <= paths


@given(
    attempt=st.integers(1, 500),
    elapsed=st.integers(0, 7200),
    retry_after=st.none() | st.floats(0, 10**6),
    draw=st.floats(0, 1, exclude_max=True),
)
def test_a_retry_is_never_before_now_nor_after_the_dead_letter_time(attempt, elapsed, retry_after, draw):
    policy = RetryPolicy(dead_after=timedelta(hours=1))
    now = NOW + timedelta(seconds=elapsed)
    decision = after_transient(
        policy, attempt=attempt, window_started_at=NOW, now=now, retry_after=retry_after, draw=draw
    )
    if elapsed >= 3600:
        assert decision.state == DEAD and decision.next_attempt_at is None
    else:
        assert decision.state == QUEUED and now <= decision.next_attempt_at <= NOW + timedelta(hours=1)


def test_an_email_names_its_thread_and_keeps_headers_on_one_line():
    email = email_of(
        message(subject="Line one\r\nBcc: everyone@example.com"), sender="ir@example.com", domain="example.com", now=NOW
    )
    assert email["Subject"] == "Line one Bcc: everyone@example.com" and email["Bcc"] is None
    assert (email["Message-ID"], email["In-Reply-To"], email["References"]) == (
        "<obl-1.customer.v3@example.com>",
        "<incident.5f0c@example.com>",
        "<incident.5f0c@example.com>",
    )
    assert email["Date"] == "Mon, 23 Nov 2026 14:00:00 +0000"
