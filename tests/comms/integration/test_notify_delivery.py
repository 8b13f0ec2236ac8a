"""Delivery through real servers on loopback: an SMTP server in the test process, HTTP receivers for Slack, Teams,
PagerDuty and signed webhooks. Every test that takes `runtime`-like fixtures runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from notify_helpers import WEBHOOK_SECRET, Receiver, SmtpServer, plan_with
from sqlalchemy import func, select
from standardwebhooks import Webhook

from aicident.errors import InvalidInput, NotFound
from aicident.notify import service
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.runtime import build_runtime
from aicident.settings import Settings
from aicident.store.tables import outbox, outbox_attempts
from aicident.workers import drain_outbox


def _side_by_side(workers: list[threading.Thread]) -> None:
    """Start the worker threads together and wait for each (at most a minute)."""
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)


@pytest.fixture
def notify_runtime(make_runtime, database_url, tmp_path):
    """A runtime on SQLite or PostgreSQL (test clock) whose plan has the given channels."""

    def make(channels: list[dict], **notify):
        return make_runtime(database_url, plan_with(tmp_path, channels, **notify))

    return make


@pytest.fixture
def real_clock_runtime(database_url, tmp_path):
    """The same on the wall clock, for receivers that check timestamps (Standard Webhooks allows 5 minutes)."""
    built = []

    def make(channels: list[dict], **notify):
        settings = Settings(
            data_dir=tmp_path,
            database_url=database_url,
            actor="tester",
            plan_file=plan_with(tmp_path, channels, **notify),
        )
        built.append(build_runtime(settings))
        return built[-1]

    yield make
    for rt in built:
        rt.engine.dispose()


def queue(rt, *messages: Message) -> list[bool]:
    with rt.uow() as uow:
        return [enqueue(uow, m, now=rt.clock()) for m in messages]


def msg(id: str, channel: str, **changes) -> Message:
    fields = dict(
        id=id,
        channel=channel,
        to=("dana@example.com",),
        subject=f"Update {id}",
        text=f"Body of {id}.",
        kind="internal_update",
        incident_id="inc-1",
        incident_ref="INC-2026-0001",
    )
    fields.update(changes)
    return Message(**fields)


def state_of(rt, message_id: str) -> dict:
    return service.message(rt, message_id=message_id)


def smtp_channel(server: SmtpServer, **changes) -> dict:
    return {
        "name": "email",
        "type": "smtp",
        "host": "127.0.0.1",
        "port": server.port,
        "sender": "ir@example.com",
        **changes,
    }


# --- the outbox itself ---------------------------------------------------------------------------------------------


def test_enqueue_is_idempotent_on_the_message_id_and_part_of_the_callers_transaction(notify_runtime):
    rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
    assert queue(rt, msg("m-1", "chat"), msg("m-1", "chat"), msg("m-2", "chat")) == [True, False, True]
    with pytest.raises(RuntimeError), rt.uow() as uow:
        assert enqueue(uow, msg("m-3", "chat"), now=rt.clock())
        raise RuntimeError("the change that caused the message failed")
    assert sorted(m["id"] for m in service.messages(rt)) == ["m-1", "m-2"]
    assert [m["state"] for m in service.messages(rt)] == ["queued", "queued"]
    with pytest.raises(InvalidInput):
        queue(rt, msg("x" * 201, "chat"))
    assert queue(rt, msg("m-4", "chat", data={"due_at": rt.clock(), "count": 3})) == [True]
    with rt.uow() as uow:
        assert uow.outbox.get("m-4").data == {"due_at": "2026-11-23 14:00:00+00:00", "count": 3}


# --- email -------------------------------------------------------------------------------------------------------


def test_emails_arrive_with_stable_message_ids_and_every_email_about_one_incident_threads(notify_runtime):
    with SmtpServer() as server:
        rt = notify_runtime([smtp_channel(server)])
        queue(
            rt,
            msg("obl-7.customer.1", "email", to=("a@example.com", "b@example.com"), subject="We had a problem"),
            msg("obl-7.internal.1", "email"),
            msg("other-1", "email", incident_id="inc-2", incident_ref="INC-2026-0002"),
        )
        assert service.deliver_due(rt) == 3
        assert service.deliver_due(rt) == 0
        by_id = {m["Message-ID"]: m for m in server.mailbox.messages}
    first, second, other = (
        by_id["<obl-7.customer.1@example.com>"],
        by_id["<obl-7.internal.1@example.com>"],
        by_id["<other-1@example.com>"],
    )
    assert (first["From"], first["To"], first["Subject"]) == (
        "ir@example.com",
        "a@example.com, b@example.com",
        "We had a problem",
    )
    assert first.get_content().strip() == "Body of obl-7.customer.1."
    assert first["In-Reply-To"] == first["References"] == second["In-Reply-To"] == second["References"]
    assert first["In-Reply-To"] == "<incident.inc-1@example.com>"
    assert other["In-Reply-To"] == "<incident.inc-2@example.com>" != first["In-Reply-To"]
    assert first["X-Aicident-Incident"] == "INC-2026-0001"
    # Different recipients are different lanes, sent side by side: the envelopes arrive in any order.
    assert ("ir@example.com", ["a@example.com", "b@example.com"]) in server.mailbox.envelopes
    assert {m["state"] for m in service.messages(rt)} == {"sent"}


def test_a_redelivered_email_keeps_its_message_id(notify_runtime, clock):
    with SmtpServer() as server:
        server.mailbox.refuse_data = ["451 4.3.0 Try again later"]
        rt = notify_runtime([smtp_channel(server)], backoff_base_seconds=1, backoff_cap_seconds=1)
        queue(rt, msg("m-1", "email"))
        assert service.deliver_due(rt) == 1
        assert state_of(rt, "m-1")["state"] == "queued"
        clock.advance(seconds=2)
        assert service.deliver_due(rt) == 1
        first, second = server.mailbox.messages
    assert first["Message-ID"] == second["Message-ID"] == "<m-1@example.com>"
    history = state_of(rt, "m-1")["history"]
    assert [(a["outcome"], a["number"]) for a in history] == [("transient", 1), ("sent", 2)]
    assert "451" in history[0]["reason"]


def test_a_refused_address_fails_permanently_with_the_reason_and_is_not_retried(notify_runtime, clock):
    with SmtpServer() as server:
        server.mailbox.refuse_rcpt["nobody@example.com"] = "550 5.1.1 No such user"
        rt = notify_runtime([smtp_channel(server)])
        queue(rt, msg("m-1", "email", to=("nobody@example.com",)))
        assert service.deliver_due(rt) == 1
        clock.advance(hours=1)
        assert service.deliver_due(rt) == 0
    found = state_of(rt, "m-1")
    assert found["state"] == "failed" and found["attempts"] == 1
    assert "refused every recipient" in found["last_error"] and "550" in found["last_error"]


def test_an_smtp_server_that_refuses_the_credentials_is_a_permanent_failure(notify_runtime, monkeypatch):
    def refuse(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        return AuthResult(success=False, handled=False)

    with SmtpServer(authenticator=refuse, auth_require_tls=False) as server:
        monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
        rt = notify_runtime([smtp_channel(server, username="ir", password_env="TEST_SMTP_PASSWORD")])
        queue(rt, msg("m-1", "email"))
        service.deliver_due(rt)
    found = state_of(rt, "m-1")
    assert found["state"] == "failed" and "refused the credentials" in found["last_error"]
    assert "535" in found["last_error"]


def test_an_smtp_server_that_is_not_there_is_a_transient_failure(notify_runtime):
    with SmtpServer() as server:
        port = server.port
    rt = notify_runtime(
        [
            {
                "name": "email",
                "type": "smtp",
                "host": "127.0.0.1",
                "port": port,
                "sender": "ir@example.com",
                "timeout_seconds": 2,
            }
        ]
    )
    queue(rt, msg("m-1", "email"))
    service.deliver_due(rt)
    found = state_of(rt, "m-1")
    assert found["state"] == "queued" and found["last_error"] == f"connection refused by 127.0.0.1:{port}"


def test_a_channel_whose_secret_is_missing_fails_permanently_saying_which_setting(notify_runtime, monkeypatch):
    monkeypatch.delenv("CHAT_URL", raising=False)
    rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
    queue(rt, msg("m-1", "chat"), msg("m-2", "nowhere"))
    assert service.deliver_due(rt) == 2
    assert state_of(rt, "m-1")["state"] == "failed"
    assert "environment variable CHAT_URL (named by url_env) is not set" in state_of(rt, "m-1")["last_error"]
    assert "no channel named 'nowhere'" in state_of(rt, "m-2")["last_error"]


# --- Slack, Teams, PagerDuty ----------------------------------------------------------------------------------


def test_slack_gets_text_and_blocks_a_4xx_is_permanent_and_429_waits_for_retry_after(
    notify_runtime, monkeypatch, clock
):
    answers = {"m-ok": (200, {}, b"ok"), "m-bad": (400, {}, b"invalid_payload")}
    limited = []

    def respond(request):
        subject = json.loads(request.body)["blocks"][0]["text"]["text"]
        key = subject.rsplit(" ", 1)[-1]
        if key == "m-slow" and not limited:
            limited.append(request)
            return 429, {"Retry-After": "30"}, b"rate_limited"
        return answers.get(key, (200, {}, b"ok"))

    receiver = Receiver(respond).start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
        queue(rt, msg("m-ok", "chat", data={"severity": "SEV-1"}), msg("m-bad", "chat"), msg("m-slow", "chat"))
        assert service.deliver_due(rt) == 3
        clock.advance(seconds=29)
        assert service.deliver_due(rt) == 0
        clock.advance(seconds=2)
        assert service.deliver_due(rt) == 1
    finally:
        receiver.stop()
    [ok] = [r for r in receiver.requests if b"Update m-ok" in r.body]
    payload = json.loads(ok.body)
    assert ok.headers["content-type"] == "application/json"
    assert payload["text"].startswith("[INC-2026-0001] Update m-ok")
    assert [b["type"] for b in payload["blocks"]] == ["header", "section", "context"]
    assert state_of(rt, "m-ok")["state"] == "sent" and state_of(rt, "m-ok")["last_status"] == 200
    bad = state_of(rt, "m-bad")
    assert (bad["state"], bad["last_status"]) == ("failed", 400) and "invalid_payload" in bad["last_error"]
    slow = state_of(rt, "m-slow")
    assert slow["state"] == "sent" and [a["http_status"] for a in slow["history"]] == [429, 200]


def test_teams_gets_an_adaptive_card_and_pagerduty_an_events_v2_trigger(notify_runtime, monkeypatch):
    teams = Receiver(lambda r: (202, {}, b"")).start()
    pagerduty = Receiver(
        lambda r: (
            202,
            {"content-type": "application/json"},
            json.dumps(
                {"status": "success", "message": "Event processed", "dedup_key": json.loads(r.body)["dedup_key"]}
            ).encode(),
        )
    )
    pagerduty.start()
    try:
        monkeypatch.setenv("TEAMS_URL", teams.url)
        monkeypatch.setenv("PD_ROUTING_KEY", "R0UT1NGKEY0000000000000000000000")
        rt = notify_runtime(
            [
                {"name": "teams", "type": "teams", "url_env": "TEAMS_URL"},
                {
                    "name": "oncall",
                    "type": "pagerduty",
                    "routing_key_env": "PD_ROUTING_KEY",
                    "url": f"http://127.0.0.1:{pagerduty.port}/v2/enqueue",
                },
            ]
        )
        queue(
            rt,
            msg("m-card", "teams", data={"severity": "SEV-2", "stage": "triage"}),
            msg("page-ic.inc-1", "oncall", kind="page", to=(), subject="Page the Incident Commander"),
        )
        assert service.deliver_due(rt) == 2
    finally:
        teams.stop()
        pagerduty.stop()
    card = json.loads(teams.requests[0].body)
    assert card["type"] == "message"
    assert card["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["attachments"][0]["content"]["type"] == "AdaptiveCard"
    [event_request] = pagerduty.requests
    event = json.loads(event_request.body)
    assert event_request.path == "/v2/enqueue"
    assert (event["routing_key"], event["event_action"], event["dedup_key"]) == (
        "R0UT1NGKEY0000000000000000000000",
        "trigger",
        "page-ic.inc-1",
    )
    assert event["payload"]["severity"] in ("critical", "error", "warning", "info")
    assert event["payload"]["summary"] == "[INC-2026-0001] Page the Incident Commander"
    assert {state_of(rt, "m-card")["state"], state_of(rt, "page-ic.inc-1")["state"]} == {"sent"}


def test_pagerduty_refusing_an_invalid_event_is_permanent(notify_runtime, monkeypatch):
    receiver = Receiver(lambda r: (400, {}, b'{"status":"invalid event","message":"Event object is invalid"}'))
    receiver.start()
    try:
        monkeypatch.setenv("PD_ROUTING_KEY", "bad")
        rt = notify_runtime(
            [{"name": "oncall", "type": "pagerduty", "routing_key_env": "PD_ROUTING_KEY", "url": receiver.url}]
        )
        queue(rt, msg("page-1", "oncall", kind="page"))
        service.deliver_due(rt)
    finally:
        receiver.stop()
    assert state_of(rt, "page-1")["state"] == "failed" and "invalid event" in state_of(rt, "page-1")["last_error"]


# --- signed webhooks through an outage -------------------------------------------------------------------------


def test_every_signed_webhook_arrives_once_after_the_receiver_comes_back(real_clock_runtime, monkeypatch):
    """Down (connection refused), then 503 with Retry-After, then up: every message arrives, every signature
    verifies with the reference library, and deduplicating on webhook-id the receiver sees each message once."""
    verifier = Webhook(WEBHOOK_SECRET)
    seen: dict[str, int] = {}
    bad_signatures = []
    unavailable = {"left": 6}

    def respond(request):
        try:
            verifier.verify(request.body, request.headers)
        except Exception as error:  # noqa: BLE001 - the test reports any verification failure
            bad_signatures.append(error)
            return 400, {}, b"bad signature"
        if unavailable["left"] > 0:
            unavailable["left"] -= 1
            return 503, {"Retry-After": "1"}, b"maintenance"
        seen[request.headers["webhook-id"]] = seen.get(request.headers["webhook-id"], 0) + 1
        return 204, {}, b""

    receiver = Receiver(respond)
    monkeypatch.setenv("HOOK_URL", receiver.url)
    monkeypatch.setenv("HOOK_SECRET", WEBHOOK_SECRET)
    rt = real_clock_runtime(
        [{"name": "hook", "type": "webhook", "url_env": "HOOK_URL", "secret_env": "HOOK_SECRET", "timeout_seconds": 2}],
        backoff_base_seconds=0.05,
        backoff_cap_seconds=0.5,
    )
    ids = [f"evt-{n}" for n in range(20)]
    queue(rt, *(msg(i, "hook", to=()) for i in ids))
    service.deliver_due(rt)  # the receiver is down: refused
    assert {m["state"] for m in service.messages(rt)} == {"queued"}
    assert all("ConnectError" in m["last_error"] for m in service.messages(rt))
    receiver.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(m["state"] != "sent" for m in service.messages(rt)):
            service.deliver_due(rt)
            time.sleep(0.05)
    finally:
        receiver.stop()
    assert bad_signatures == []
    assert sorted(seen) == sorted(ids) and set(seen.values()) == {1}
    assert {m["state"] for m in service.messages(rt)} == {"sent"}
    statuses = [a["http_status"] for i in ids for a in state_of(rt, i)["history"]]
    assert statuses.count(503) == 6 and statuses.count(204) == 20
    first = receiver.requests[0]
    assert first.headers["webhook-signature"].startswith("v1,")
    assert json.loads(first.body)["type"] == "aicident.internal_update"


# --- dead letter and self-alerts -------------------------------------------------------------------------------


def test_a_message_that_keeps_failing_dies_at_the_dead_letter_time_and_raises_a_self_alert(
    notify_runtime, clock, monkeypatch, caplog
):
    down = Receiver(lambda r: (503, {}, b"down")).start()
    chat = Receiver().start()
    try:
        monkeypatch.setenv("HOOK_URL", down.url)
        monkeypatch.setenv("HOOK_SECRET", WEBHOOK_SECRET)
        monkeypatch.setenv("CHAT_URL", chat.url)
        rt = notify_runtime(
            [
                {"name": "hook", "type": "webhook", "url_env": "HOOK_URL", "secret_env": "HOOK_SECRET"},
                {"name": "chat", "type": "slack", "url_env": "CHAT_URL"},
            ],
            dead_letter_after="10 minutes",
            backoff_cap_seconds=120,
            self_alert_channels=["chat", "hook"],
        )
        queue(rt, msg("m-1", "hook", obligation_id="obl-3"))
        rounds = 0
        with caplog.at_level(logging.ERROR, logger="aicident.notify"):
            while state_of(rt, "m-1")["state"] != "dead" and rounds < 100:
                service.deliver_due(rt)
                clock.advance(seconds=121)
                rounds += 1
            service.deliver_due(rt)  # the self-alert goes out on the next round
    finally:
        down.stop()
        chat.stop()
    dead = state_of(rt, "m-1")
    assert dead["state"] == "dead" and dead["attempts"] >= 5 and "HTTP 503" in dead["last_error"]
    assert dead["finished_at"] is not None
    assert rt.counters.value("aicident_outbox_dead_total", channel="hook") == 1
    assert any(r.levelno == logging.ERROR and "m-1" in r.getMessage() for r in caplog.records)
    # the self-alert goes to the chat channel, not back to the dead one
    alerts = service.messages(rt, state="sent")
    assert [(a["id"], a["kind"], a["channel"], a["obligation_id"]) for a in alerts] == [
        (f"self-alert.chat.m-1.{dead['attempts']}", "self_alert", "chat", "obl-3")
    ]
    assert "m-1" in json.loads(chat.requests[-1].body)["text"]
    assert [m["id"] for m in service.messages(rt, obligation_id="obl-3", state="dead")] == ["m-1"]


def test_an_operator_retries_a_dead_or_failed_message_and_only_those(notify_runtime, monkeypatch, clock):
    monkeypatch.delenv("CHAT_URL", raising=False)
    rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
    queue(rt, msg("m-1", "chat"), msg("m-2", "chat"))
    service.deliver_due(rt, limit=1)
    assert state_of(rt, "m-1")["state"] == "failed"
    with pytest.raises(InvalidInput, match="only a failed or dead message"):
        service.retry(rt, message_id="m-2", actor="dana")
    with pytest.raises(NotFound):
        service.retry(rt, message_id="nope", actor="dana")
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        clock.advance(minutes=5)
        again = service.retry(rt, message_id="m-1", actor="dana")
        assert (again["state"], again["retried_by"]) == ("queued", "dana")
        assert service.deliver_due(rt) == 2
    finally:
        receiver.stop()
    assert state_of(rt, "m-1")["state"] == "sent" and len(state_of(rt, "m-1")["history"]) == 2


# --- claims: any number of workers, and workers that die ------------------------------------------------------


def test_four_workers_racing_send_each_message_exactly_once(notify_runtime, monkeypatch):
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
        queue(rt, *(msg(f"m-{n}", "chat") for n in range(40)))
        tried: list[int] = []

        def work(name: str) -> None:  # rounds until this worker finds nothing left to claim
            while found := service.deliver_due(rt, worker=name):
                tried.append(found)

        workers = [threading.Thread(target=work, args=(f"w{w}",)) for w in range(4)]
        _side_by_side(workers)
    finally:
        receiver.stop()
    assert sum(tried) == 40 and len(receiver.requests) == 40
    with rt.uow() as uow:
        attempts = uow.connection.execute(select(func.count()).select_from(outbox_attempts)).scalar_one()
        states = uow.connection.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    assert attempts == 40 and [tuple(s) for s in states] == [("sent", 40)]


def test_four_workers_draining_in_rounds_send_each_message_exactly_once(notify_runtime, monkeypatch):
    """`drain_outbox`, as `aicident worker` drains the outbox round after round: four workers on one outbox of many
    rounds send and record every message once."""
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        # two at once a worker: the test receiver's listen backlog (5) refuses more new connections at once
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL", "concurrency": 2}])
        queue(rt, *(msg(f"m-{n}", "chat", incident_id=None) for n in range(150)))
        tried: list[int] = []
        workers = [threading.Thread(target=lambda: tried.append(drain_outbox(rt, batch=10))) for w in range(4)]
        _side_by_side(workers)
    finally:
        receiver.stop()
    unsent = [(m["id"], m["state"], m["last_error"]) for m in service.messages(rt, limit=200) if m["state"] != "sent"]
    assert sum(tried) == 150 and len(receiver.requests) == 150, unsent
    assert len({json.loads(r.body)["text"] for r in receiver.requests}) == 150
    with rt.uow() as uow:
        attempts = uow.connection.execute(select(outbox_attempts.c.outcome, func.count()).group_by("outcome")).all()
        states = uow.connection.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    assert [tuple(a) for a in attempts] == [("sent", 150)] and [tuple(s) for s in states] == [("sent", 150)]


def test_rounds_keep_a_lanes_order_across_rounds_and_the_outbox_drains_until_none_is_due(notify_runtime, monkeypatch):
    """A lane longer than a round (one message a round here: a lease of twice the timeout) goes out in order over
    several rounds; `drain_outbox` runs rounds until none is due, every outcome recorded."""
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime(
            [{"name": "chat", "type": "slack", "url_env": "CHAT_URL", "timeout_seconds": 10}], lease_seconds=20
        )
        queue(rt, *(msg(f"inc-{n}", "chat") for n in range(5)))
        assert [service.deliver_due(rt) for _ in range(3)] == [1, 1, 1]
        assert [m["state"] for m in sorted(service.messages(rt), key=lambda m: m["id"])] == ["sent"] * 3 + [
            "queued"
        ] * 2
        assert drain_outbox(rt) == 2
    finally:
        receiver.stop()
    texts = [json.loads(r.body)["text"] for r in receiver.requests]
    assert [text.split("Body of ")[1].split(".")[0] for text in texts] == [f"inc-{n}" for n in range(5)]
    assert {m["state"] for m in service.messages(rt)} == {"sent"}


def test_a_round_on_postgresql_passes_over_messages_another_transaction_holds(
    notify_runtime, monkeypatch, database_url
):
    """Workers reading the outbox side by side take different messages: a row another round has locked (between
    its read and its claim) is passed over, not waited for."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite rounds take the write lock; PostgreSQL rounds lock the rows they read")
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
        queue(rt, *(msg(f"m-{n}", "chat", incident_id=None) for n in range(3)))
        with rt.uow() as other:  # another worker's round, between reading m-0 and claiming it
            assert [row.id for row in other.outbox.due(rt.clock(), 1, lock=True)] == ["m-0"]
            assert service.deliver_due(rt) == 2
        assert service.deliver_due(rt) == 1
    finally:
        receiver.stop()
    assert {m["state"] for m in service.messages(rt)} == {"sent"} and len(receiver.requests) == 3


def test_a_round_sends_lanes_side_by_side_up_to_the_channels_concurrency_and_one_lane_in_order(
    notify_runtime, monkeypatch
):
    """Six messages about no incident and four about one incident, to a receiver that takes 0.2 s to answer, with a
    concurrency of 3: at most 3 are in flight at once, the incident's four arrive in the order they were queued, and
    the round takes a fraction of sending one after another (10 x 0.2 s)."""
    in_flight, most, lock = [0], [0], threading.Lock()

    def slow(request):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.2)
        with lock:
            in_flight[0] -= 1
        return (200, {}, b"ok")

    receiver = Receiver(slow).start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL", "concurrency": 3}])
        queue(
            rt,
            *(msg(f"lone-{n}", "chat", incident_id=None, incident_ref=None) for n in range(6)),
            *(msg(f"inc-{n}", "chat") for n in range(4)),
        )
        started = time.monotonic()
        assert service.deliver_due(rt) == 10
        took = time.monotonic() - started
    finally:
        receiver.stop()
    texts = [json.loads(r.body)["text"] for r in receiver.requests]
    in_lane = [text for text in texts if "inc-" in text]
    assert in_lane == sorted(in_lane, key=lambda text: int(text.split("inc-")[1].split()[0].rstrip(".")))
    assert len(in_lane) == 4 and len(texts) == 10
    assert most[0] == 3, most
    assert took < 1.6, took  # 4 lanes-worth of waits on 3 runners; one after another would be 2 s
    assert {m["state"] for m in service.messages(rt)} == {"sent"}


def test_emails_reuse_an_open_smtp_session_up_to_the_channels_concurrency(notify_runtime):
    with SmtpServer() as server:
        rt = notify_runtime([smtp_channel(server, concurrency=2)])
        queue(rt, *(msg(f"c-{n}", "email", to=(f"c{n}@example.com",), incident_id=None) for n in range(8)))
        assert service.deliver_due(rt) == 8
        queue(rt, msg("later", "email", to=("late@example.com",), incident_id=None))
        assert service.deliver_due(rt) == 1
    assert len(server.mailbox.messages) == 9
    assert 1 <= len(set(server.mailbox.peers)) <= 2, server.mailbox.peers  # 9 messages over at most 2 sessions


def test_a_message_whose_worker_died_is_sent_again_after_its_lease_with_the_same_id(notify_runtime, monkeypatch, clock):
    receiver = Receiver().start()
    try:
        monkeypatch.setenv("CHAT_URL", receiver.url)
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}], lease_seconds=60)
        queue(rt, msg("m-1", "chat"))
        with rt.uow() as uow:  # a worker claims it and dies before it records anything
            assert uow.outbox.claim(
                "m-1", now=clock.now, lease_until=clock.now + timedelta(seconds=60), worker="dead", claim="c-dead"
            )
        assert service.deliver_due(rt) == 0
        clock.advance(seconds=61)
        assert service.deliver_due(rt) == 1
        with rt.uow() as uow:  # the dead worker's late outcome no longer counts
            assert not uow.outbox.finish("m-1", "c-dead", state="failed")
    finally:
        receiver.stop()
    found = state_of(rt, "m-1")
    assert (found["state"], found["attempts"]) == ("sent", 2)
    assert [(a["number"], a["worker"], a["outcome"]) for a in found["history"]] == [
        (1, "dead", "abandoned"),
        (2, found["history"][1]["worker"], "sent"),
    ]
    assert len(receiver.requests) == 1


# --- TLS -------------------------------------------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made by the openssl command."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


def test_starttls_and_implicit_tls_deliver_when_the_certificate_verifies_and_fail_permanently_when_not(
    notify_runtime, certificate, clock
):
    cert, server_context = certificate
    with (
        SmtpServer(tls_context=server_context, require_starttls=True) as starttls,
        SmtpServer(ssl_context=server_context) as implicit,
        SmtpServer() as plain,
    ):
        rt = notify_runtime(
            [
                smtp_channel(starttls, name="starttls", security="starttls", ca_file=str(cert)),
                smtp_channel(implicit, name="ssl", security="ssl", ca_file=str(cert)),
                smtp_channel(starttls, name="untrusted", security="starttls"),
                smtp_channel(plain, name="notls", security="starttls"),
            ]
        )
        queue(
            rt,
            msg("m-starttls", "starttls"),
            msg("m-ssl", "ssl"),
            msg("m-untrusted", "untrusted"),
            msg("m-notls", "notls"),
        )
        assert service.deliver_due(rt) == 4
        assert [m["Message-ID"] for m in starttls.mailbox.messages] == ["<m-starttls@example.com>"]
        assert [m["Message-ID"] for m in implicit.mailbox.messages] == ["<m-ssl@example.com>"]
        assert plain.mailbox.messages == []
    assert state_of(rt, "m-starttls")["state"] == state_of(rt, "m-ssl")["state"] == "sent"
    untrusted, notls = state_of(rt, "m-untrusted"), state_of(rt, "m-notls")
    assert untrusted["state"] == "failed" and "certificate does not verify" in untrusted["last_error"]
    assert notls["state"] == "failed" and "does not support" in notls["last_error"]


def test_a_webhook_over_https_is_sent_when_its_certificate_verifies_and_retried_when_not(
    real_clock_runtime, monkeypatch, certificate
):
    cert, server_context = certificate
    receiver = Receiver(tls=server_context).start()
    try:
        monkeypatch.setenv("HOOK_URL", receiver.url)
        monkeypatch.setenv("HOOK_SECRET", WEBHOOK_SECRET)
        rt = real_clock_runtime(
            [{"name": "hook", "type": "webhook", "url_env": "HOOK_URL", "secret_env": "HOOK_SECRET"}]
        )
        queue(rt, msg("m-tls", "hook"))
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        assert service.deliver_due(rt) == 1  # a self-signed certificate the default CAs do not vouch for
        refused = state_of(rt, "m-tls")
        assert refused["state"] == "queued"
        assert "TLS certificate of 127.0.0.1" in refused["last_error"] and "does not verify" in refused["last_error"]
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the CA bundle to trust, as httpx reads it
        with rt.uow() as uow:  # due again now rather than after its backoff
            uow.connection.execute(outbox.update().values(next_attempt_at=rt.clock()))
        assert service.deliver_due(rt) == 1
    finally:
        receiver.stop()
    assert state_of(rt, "m-tls")["state"] == "sent"
    assert [r.headers["webhook-id"] for r in receiver.requests] == ["m-tls"]


def test_a_kept_alive_connection_the_receiver_closed_is_replaced_without_a_failed_attempt(notify_runtime, monkeypatch):
    """A receiver that answers one request per connection, then closes it without saying so (no Connection: close),
    as servers do with idle keep-alive connections: each next message finds its connection closed, is sent again on
    a new one, and arrives once."""
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += connection.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = int(
                    next(
                        line.split(b":")[1]
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    )
                )
                while len(body) < length:
                    body += connection.recv(65536)
                received.append(body)
                connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")

    threading.Thread(target=serve, daemon=True).start()
    try:
        monkeypatch.setenv("CHAT_URL", f"http://127.0.0.1:{listener.getsockname()[1]}/hook")
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
        for n in range(3):
            queue(rt, msg(f"m-{n}", "chat"))
            assert service.deliver_due(rt) == 1
            time.sleep(0.05)  # the receiver has closed the connection by the next message
    finally:
        listener.close()
    assert len(received) == 3
    assert [(m["state"], m["attempts"]) for m in map(lambda n: state_of(rt, f"m-{n}"), range(3))] == [("sent", 1)] * 3


def test_a_receiver_behind_the_environments_proxy_is_reached_through_it(notify_runtime, monkeypatch):
    from aicident.notify import http as notify_http

    proxy = Receiver().start()  # a forward proxy sees the whole URL in the request line
    try:
        monkeypatch.setattr(notify_http, "_client", None)  # httpx reads the proxy settings when a client is made
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("NO_PROXY", "")
        monkeypatch.setenv("CHAT_URL", "http://hooks.example.invalid/services/T0/B0")
        rt = notify_runtime([{"name": "chat", "type": "slack", "url_env": "CHAT_URL"}])
        queue(rt, msg("m-proxied", "chat"))
        assert service.deliver_due(rt) == 1
    finally:
        proxy.stop()
        if notify_http._client is not None:
            notify_http._client.close()
        monkeypatch.setattr(notify_http, "_client", None)
    assert [r.path for r in proxy.requests] == ["http://hooks.example.invalid/services/T0/B0"]
    assert state_of(rt, "m-proxied")["state"] == "sent"
