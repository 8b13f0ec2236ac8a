"""Signals in the store, on SQLite and PostgreSQL, with a clock the test moves: repeats are counted, and the incident log
records the first occurrence, changes of status and at most one summary per signal per summary interval (written by
the next delivery or by the workers), never one entry per repeat; every occurrence number the log states is stated
once. The same fingerprint from two integrations is two signals. A CloudEvent redelivered changes nothing, and an
integration's secret rotates with a grace period, is disabled, enabled and deleted.
"""

from __future__ import annotations

import contextlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from aicident.auth.model import Principal
from aicident.errors import Conflict, Forbidden, NotFound, Unauthorized
from aicident.incidents import service as incidents
from aicident.incidents.present import as_text, words_of
from aicident.signals import service as signals

FINGERPRINT = "5eed00000000f00d"
LABELS = {
    "alertname": "PromptInjectionRate",
    "aicident_category": "prompt_injection",
    "severity": "critical",
    "feature": "chat",
}


def firing(*fingerprints: str, status: str = "firing") -> bytes:
    alerts = [
        {
            "status": status,
            "labels": {**LABELS, "instance": fingerprint},
            "annotations": {},
            "fingerprint": fingerprint,
            "startsAt": "2026-11-23T13:00:00Z",
        }
        for fingerprint in fingerprints
    ]
    return json.dumps({"version": "4", "status": status, "alerts": alerts}).encode()


def deliver(rt, secret: str, body: bytes, format: str = "alertmanager", headers: dict | None = None):
    integration = signals.integration_for_secret(rt, secret=secret)
    delivery = signals.signal_format(rt, format).parse(body, headers or {})
    return signals.ingest(rt, integration=integration, delivery=delivery).signals


def signal_log(rt, ref: str) -> list[tuple]:
    """The log's entries about signals: (type, action or first, occurrence or last)."""
    found = []
    for entry in incidents.get(rt, ref=ref).log:
        if str(entry.type) == "signal":
            found.append(("signal", entry.data["action"], entry.data["occurrence"]))
        elif str(entry.type) == "signal_summary":
            found.append(("summary", entry.data["first"], entry.data["last"]))
    return found


def test_repeats_are_counted_and_summed_up_once_per_interval_not_logged_one_by_one(runtime, clock):
    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    [first] = deliver(runtime, secret, firing(FINGERPRINT))
    ref = first["incident"]
    for _ in range(40):  # within the interval: counted only
        clock.advance(seconds=10)
        [repeat] = deliver(runtime, secret, firing(FINGERPRINT))
        assert (repeat["result"], repeat["incident"]) == ("deduplicated", ref)
    assert signal_log(runtime, ref) == [("signal", "trigger", 1)]
    assert signals.list_signals(runtime, ref=ref)[0]["occurrences"] == 41

    clock.advance(minutes=9)  # 15 minutes and 40 s after the first entry: the next repeat sums up
    deliver(runtime, secret, firing(FINGERPRINT))
    assert signal_log(runtime, ref) == [("signal", "trigger", 1), ("summary", 2, 42)]
    assert incidents.get(runtime, ref=ref).log[-1].data["since"] == "2026-11-23T14:00:00.000000+00:00"

    clock.advance(minutes=1)
    deliver(runtime, secret, firing(FINGERPRINT))  # one minute after a summary: counted, not logged
    assert signal_log(runtime, ref)[-1] == ("summary", 2, 42)

    # The repeats stop: the workers sum up the rest once the interval has passed since the last entry.
    assert signals.summarize_due(runtime) == 0
    clock.advance(minutes=15)
    assert signals.summarize_due(runtime) == 1
    assert signals.summarize_due(runtime) == 0  # once
    clock.advance(minutes=1)
    deliver(runtime, secret, firing(FINGERPRINT, status="resolved"))
    assert signal_log(runtime, ref) == [
        ("signal", "trigger", 1),
        ("summary", 2, 42),
        ("summary", 43, 43),
        ("signal", "resolve", 43),
    ]
    deliver(runtime, secret, firing(FINGERPRINT))  # fires again after its resolution: a new signal, said so
    assert signal_log(runtime, ref)[-1] == ("signal", "refire", 1)


def test_a_repeat_keeps_the_latest_payload_title_and_time_and_counts_in_the_same_write(runtime, clock):
    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    deliver(runtime, secret, firing(FINGERPRINT))
    clock.advance(seconds=30)
    changed = json.loads(firing(FINGERPRINT))
    changed["alerts"][0]["annotations"] = {"summary": "injection rate 7%"}
    deliver(runtime, secret, json.dumps(changed).encode())
    clock.advance(seconds=30)
    again = json.loads(firing(FINGERPRINT))
    again["alerts"][0]["annotations"] = {"summary": "injection rate 9%"}
    deliver(runtime, secret, json.dumps(again).encode())
    [signal] = signals.list_signals(runtime)
    assert signal["occurrences"] == 3
    assert signal["last_seen_at"] == clock.now.isoformat()
    assert signal["first_seen_at"] == (clock.now - timedelta(seconds=60)).isoformat()
    assert signal["raw"]["annotations"] == {"summary": "injection rate 9%"}
    assert signal["title"] == "injection rate 9%"


def test_a_summary_reads_as_a_count_of_more_occurrences_since_the_last_entry(runtime, clock):
    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    [first] = deliver(runtime, secret, firing(FINGERPRINT))
    deliver(runtime, secret, firing(*[FINGERPRINT] * 1239))  # repeats in one delivery: counted in one update
    clock.advance(minutes=15)
    deliver(runtime, secret, firing(FINGERPRINT))
    summary = incidents.get(runtime, ref=first["incident"]).log[-1]
    assert (str(summary.type), summary.data["first"], summary.data["last"]) == ("signal_summary", 2, 1241)
    assert as_text(summary.record, words_of(runtime.plan)) == (
        "1,240 more occurrences of PromptInjectionRate since 2026-11-23 14:00 UTC (from am, #1241 in all)"
    )


def test_the_same_fingerprint_from_two_integrations_is_two_signals(runtime):
    east = signals.add_integration(runtime, name="am-east", format="alertmanager")
    west = signals.add_integration(runtime, name="am-west", format="alertmanager")
    [from_east] = deliver(runtime, east, firing(FINGERPRINT))
    [from_west] = deliver(runtime, west, firing(FINGERPRINT))
    assert (from_east["result"], from_west["result"]) == ("new", "new")
    assert from_east["signal"] != from_west["signal"]
    [again] = deliver(runtime, west, firing(FINGERPRINT))
    assert (again["result"], again["signal"]) == ("deduplicated", from_west["signal"])
    found = {s["integration"]: s["occurrences"] for s in signals.list_signals(runtime)}
    assert found == {"am-east": 1, "am-west": 2}


def test_a_redelivered_cloudevent_changes_nothing_and_a_resolved_type_with_a_fresh_id_resolves(runtime):
    secret = signals.add_integration(runtime, name="guard", format="cloudevents")
    structured = {"content-type": "application/cloudevents+json"}

    def event(event_id: str, kind: str = "com.example.guardrails.prompt_injection") -> bytes:
        return json.dumps(
            {"specversion": "1.0", "id": event_id, "source": "/guard", "type": kind, "subject": "conversation 7"}
        ).encode()

    [first] = deliver(runtime, secret, event("e-1"), "cloudevents", structured)
    [redelivered] = deliver(runtime, secret, event("e-1"), "cloudevents", structured)
    [another] = deliver(runtime, secret, event("e-2"), "cloudevents", structured)
    assert [first["result"], redelivered["result"], another["result"]] == ["new", "duplicate", "deduplicated"]
    assert signals.list_signals(runtime)[0]["occurrences"] == 2
    [resolved] = deliver(
        runtime, secret, event("e-3", "com.example.guardrails.prompt_injection.resolved"), "cloudevents", structured
    )
    assert (resolved["result"], resolved["signal"]) == ("resolved", first["signal"])
    [late] = deliver(runtime, secret, event("e-3"), "cloudevents", structured)  # a redelivery, even with a new type
    assert late["result"] == "duplicate"
    assert [s["status"] for s in signals.list_signals(runtime)] == ["resolved"]


def test_an_integration_rotates_with_a_grace_period_and_is_disabled_enabled_and_deleted(runtime, clock):
    old = signals.add_integration(runtime, name="am", format="alertmanager")
    with pytest.raises(Conflict) as clash:
        signals.add_integration(runtime, name="AM", format="alertmanager")
    assert str(clash.value) == (
        "an integration named 'am' exists already (another name, or rotate the existing integration's secret)"
    )
    rotated = signals.rotate_integration(runtime, name="am")
    new = rotated["secret"]
    assert new != old and rotated["previous_secret_until"] == (clock.now + timedelta(hours=24)).isoformat()
    assert signals.integration_for_secret(runtime, secret=old).name == "am"  # in its grace period
    assert signals.integration_for_secret(runtime, secret=new).name == "am"
    clock.advance(hours=24, seconds=1)
    with pytest.raises(Unauthorized):
        signals.integration_for_secret(runtime, secret=old)
    assert [i["previous_secret_until"] for i in signals.list_integrations(runtime)] == [None]

    newer = signals.rotate_integration(runtime, name="am", grace=timedelta(0))["secret"]
    with pytest.raises(Unauthorized):
        signals.integration_for_secret(runtime, secret=new)  # no grace: the old secret stops at once

    deliver(runtime, newer, firing(FINGERPRINT))
    signals.set_integration_enabled(runtime, name="am", enabled=False)
    with pytest.raises(Unauthorized):
        signals.integration_for_secret(runtime, secret=newer)
    signals.set_integration_enabled(runtime, name="am", enabled=True)
    assert signals.integration_for_secret(runtime, secret=newer).name == "am"

    signals.delete_integration(runtime, name="am")
    with pytest.raises(Unauthorized):
        signals.integration_for_secret(runtime, secret=newer)
    with pytest.raises(NotFound):
        signals.rotate_integration(runtime, name="am")
    assert [s["integration"] for s in signals.list_signals(runtime)] == ["am"]  # its signals stay, as history
    # A new integration of the same name starts afresh: the old one's open signal is not its own.
    again = signals.add_integration(runtime, name="am", format="alertmanager")
    assert deliver(runtime, again, firing(FINGERPRINT))[0]["result"] == "new"


def test_two_rotations_at_once_keep_both_new_secrets_working(runtime, monkeypatch):
    # Each rotation reads the current secret to keep it as the previous one. Two at once, both reading before either
    # writes, would lose one printed secret at once (and its grace period): the row is locked from read to write.
    from aicident.signals.repository import SignalRepository

    signals.add_integration(runtime, name="am", format="alertmanager")
    both_read = threading.Barrier(2, timeout=2)
    change = SignalRepository.change_integration

    def after_both_read(self, name, **values):
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits for our lock: go on alone
            both_read.wait()
        return change(self, name, **values)

    monkeypatch.setattr(SignalRepository, "change_integration", after_both_read)
    with ThreadPoolExecutor(2) as pool:
        rotations = [pool.submit(signals.rotate_integration, runtime, name="am") for _ in range(2)]
        secrets = [rotation.result()["secret"] for rotation in rotations]
    for secret in secrets:
        assert signals.integration_for_secret(runtime, secret=secret).name == "am"


def test_only_administrators_manage_integrations(runtime):
    person = Principal(person_id="p-1", handle="dana", name="Dana", roles=frozenset(), admin=False)
    with pytest.raises(Forbidden):
        signals.add_integration(runtime, name="am", format="alertmanager", principal=person)


# --- deliveries written together (the group committer's merged run on SQLite) -------------------------------------


def _outcomes(rt, items: list[tuple[str, bytes]], *, merged: bool) -> list[list[tuple]]:
    """What each delivery was told, written one by one or merged into one unit of work; signal ids and incident refs
    are left out (they differ between two databases) but whether an incident was named is kept."""
    from aicident.signals import ingest

    parsed = [
        (signals.integration_for_secret(rt, secret=secret), signals.signal_format(rt, "alertmanager").parse(body, {}))
        for secret, body in items
    ]
    if merged:
        with rt.uow() as uow:
            outcomes = ingest._write(uow, rt, parsed)
    else:
        outcomes = [signals.ingest(rt, integration=i, delivery=d) for i, d in parsed]
    return [
        [(s["dedup_key"], s["action"], s["result"], s["incident"] is not None) for s in o.signals] for o in outcomes
    ]


def _state(rt) -> list[tuple]:
    rows = signals.list_signals(rt, limit=1000)
    return sorted((r["integration"], r["dedup_key"], r["status"], r["occurrences"]) for r in rows)


def test_deliveries_written_together_tell_and_store_what_they_would_one_by_one(make_runtime, database_url, tmp_path):
    """Merging is an optimisation only: the same fingerprint twice, a resolve then a re-fire, two integrations with
    the same fingerprint, all in one merged run, give each delivery the outcome it gets alone, and the same rows and
    log."""
    batches = []
    for merged in (False, True):
        rt = make_runtime(database_url if merged else f"sqlite:///{tmp_path / 'alone.db'}")
        a = signals.add_integration(rt, name="am", format="alertmanager")
        b = signals.add_integration(rt, name="am2", format="alertmanager")
        first = _outcomes(rt, [(a, firing("f1", "f2"))], merged=False)
        told = _outcomes(
            rt,
            [
                (a, firing("f1", "f3")),  # a repeat and a new one
                (a, firing("f1")),  # the same fingerprint again, in the same run
                (a, firing("f2", status="resolved")),  # a resolve ...
                (a, firing("f2")),  # ... and the alert firing again: logged as such
                (b, firing("f1")),  # the same fingerprint from another integration: another signal
            ],
            merged=merged,
        )
        ref = signals.list_signals(rt, limit=1000)[0]["incident"]
        batches.append((first, told, _state(rt), signal_log(rt, ref)))
    assert batches[0] == batches[1]
    _first, told, state, log = batches[1]
    assert [o[2] for o in told[0]] == ["deduplicated", "new"] and told[1][0][2] == "deduplicated"
    assert told[2][0][2] == "resolved" and told[3][0][2] == "new" and told[4][0][2] == "new"
    assert ("am", "f1", "firing", 3) in state and ("am2", "f1", "firing", 1) in state
    assert ("signal", "refire", 1) in log


def test_a_delivery_refused_in_a_merged_run_is_refused_alone_and_prepared_once(runtime):
    """On SQLite a delivery is authenticated and parsed on the writer's thread with those waiting with it: one that is
    refused (a wrong secret here) hears its own refusal, the others are written; and what prepares a delivery runs
    once however often it is asked for (a fallback to one by one must not take a second rate token)."""
    from aicident.errors import Unauthorized
    from aicident.signals import ingest

    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    calls = []

    def prepared(secret_given: str, body: bytes):
        def prepare(connection):
            calls.append(secret_given)
            integration = signals.integration_for_secret(runtime, secret=secret_given, connection=connection)
            return integration, signals.signal_format(runtime, "alertmanager").parse(body, {})

        return ingest.Prepared(prepare)

    items = [
        (runtime, prepared(secret, firing("p1"))),
        (runtime, prepared("not-the-secret", firing("p2"))),
        (runtime, prepared(secret, firing("p3"))),
    ]
    with runtime.uow() as uow:
        results = ingest._prepare_and_write_merged(uow.connection, items)
    assert isinstance(results[1], Unauthorized)
    assert [s["result"] for s in results[0].signals + results[2].signals] == ["new", "new"]
    assert sorted(r["dedup_key"] for r in signals.list_signals(runtime)) == ["p1", "p3"]
    for _rt, prepare in items:  # asked again, as a fallback would: nothing runs twice
        with contextlib.suppress(Unauthorized), runtime.uow() as uow:
            prepare(uow.connection)
    assert calls == [secret, "not-the-secret", secret]


@pytest.mark.postgres
def test_deliveries_naming_two_incidents_in_opposite_orders_do_not_deadlock_on_postgresql(make_runtime, postgres_url):
    """Two deliveries at once, one with a new alert of category A then B, the other B then A: each takes the locks
    that guard declaring an incident before it locks any incident row, in one order, so neither holds a row the other
    waits for while waiting for a lock the other holds (PostgreSQL would break that deadlock after a second)."""
    import threading

    from sqlalchemy.exc import OperationalError

    from aicident.signals import ingest

    runtime = make_runtime(postgres_url)
    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    deadlocks = []
    retryable = ingest._retryable

    def watched(error):
        cause = error
        while cause is not None:
            if isinstance(cause, OperationalError) and getattr(cause.orig, "sqlstate", None) == "40P01":
                deadlocks.append(error)
            cause = cause.__cause__
        return retryable(error)

    def alert(fingerprint: str, category: str) -> dict:
        labels = {"alertname": f"{category} alert", "aicident_category": category, "feature": "chat"}
        return {"status": "firing", "labels": {**labels, "instance": fingerprint}, "fingerprint": fingerprint}

    def body(*alerts: dict) -> bytes:
        return json.dumps({"version": "4", "status": "firing", "alerts": list(alerts)}).encode()

    deliver(runtime, secret, body(alert("a0", "prompt_injection"), alert("b0", "data_leak")))  # both incidents open
    ingest._retryable = watched
    try:
        for n in range(1, 16):
            start = threading.Barrier(2)
            bodies = [
                body(alert(f"a{n}", "prompt_injection"), alert(f"b{n}", "data_leak")),
                body(alert(f"c{n}", "data_leak"), alert(f"d{n}", "prompt_injection")),
            ]
            threads = [
                threading.Thread(target=lambda b=b, s=start: (s.wait(), deliver(runtime, secret, b))) for b in bodies
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        ingest._retryable = retryable
    assert deadlocks == []
    assert len(signals.list_signals(runtime, limit=1000)) == 2 + 15 * 4


@pytest.mark.postgres
def test_a_count_not_the_one_stated_runs_the_delivery_again_and_keeps_nothing_of_the_first_try(
    make_runtime, postgres_url, monkeypatch
):
    """PostgreSQL writes a delivery's repeats with the counts it read under the signals' locks already stated (in the
    summaries it decided); the update returns the counts it made, and one that differs (a lock missed) rolls the
    delivery back and runs it again, so no occurrence is counted twice and no entry states a wrong one."""
    from aicident.signals.repository import SignalRepository

    runtime = make_runtime(postgres_url)
    secret = signals.add_integration(runtime, name="am", format="alertmanager")
    [first] = deliver(runtime, secret, firing(FINGERPRINT))
    real, tries = SignalRepository.change_many, []

    def off_by_one_once(self, changes):
        counted = real(self, changes)
        tries.append(dict(counted))
        return {key: value + 1 for key, value in counted.items()} if len(tries) == 1 else counted

    monkeypatch.setattr(SignalRepository, "change_many", off_by_one_once)
    [repeat] = deliver(runtime, secret, firing(FINGERPRINT))
    assert repeat["result"] == "deduplicated"
    assert tries == [{first["signal"]: 2}, {first["signal"]: 2}]  # the first try was rolled back, the second counted
    assert signals.list_signals(runtime)[0]["occurrences"] == 2
    assert signal_log(runtime, first["incident"]) == [("signal", "trigger", 1)]
