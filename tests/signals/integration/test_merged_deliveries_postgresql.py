"""Deliveries merged on PostgreSQL (the merging writer): those waiting together are written in one transaction, each
told its own outcome once and counted once; a merged transaction that races with another writer (here a transaction
of the test's, as another replica's would) is rolled back whole and each of its deliveries written alone, with the
usual retries: a unique key taken first (the same new fingerprint opened elsewhere) and a deadlock (broken by
PostgreSQL) lose no delivery and count none twice."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from aicident.signals import ingest
from aicident.signals import service as signals

pytestmark = pytest.mark.postgres

RESULTS = ("new", "deduplicated", "resolved")
LABELS = {"alertname": "PromptInjectionRate", "aicident_category": "prompt_injection", "feature": "chat"}


def body(*fingerprints: str, status: str = "firing") -> bytes:
    alerts = [
        {"status": status, "labels": {**LABELS, "instance": f}, "annotations": {}, "fingerprint": f}
        for f in fingerprints
    ]
    return json.dumps({"version": "4", "status": status, "alerts": alerts}).encode()


def prepared(rt, secret: str, payload: bytes) -> ingest.Prepared:
    def prepare(connection):
        integration = signals.integration_for_secret(rt, secret=secret, connection=connection)
        return integration, signals.signal_format(rt, "alertmanager").parse(payload, {})

    return ingest.Prepared(prepare)


class Gate:
    """Holds the merging writer's thread, so that the deliveries submitted meanwhile wait, and are written, together."""

    def __init__(self, rt):
        self.started, self.open = threading.Event(), threading.Event()
        self.future = rt.merging_writer.submit_later(self._hold, merge=(lambda items: [None] * len(items), None))
        assert self.started.wait(10)

    def _hold(self) -> None:
        self.started.set()
        assert self.open.wait(30)

    def release(self) -> None:
        self.open.set()
        self.future.result(30)


@pytest.fixture
def merged_runs(monkeypatch):
    """The sizes of the merged transactions and the errors that sent them back to one by one."""
    seen: dict[str, list] = {"runs": [], "raced": []}
    together, retryable = ingest._prepare_and_write_together, ingest._retryable

    def watched_together(items):
        seen["runs"].append(len(items))
        return together(items)

    def watched_retryable(error):
        seen["raced"].append(error)
        return retryable(error)

    monkeypatch.setattr(ingest, "_prepare_and_write_together", watched_together)
    monkeypatch.setattr(ingest, "_retryable", watched_retryable)
    return seen


WAITING = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")


def waiting_on_a_lock(engine, at_least: int = 1) -> None:
    """Until a session of the database waits for a lock (the merged transaction has reached the one held)."""
    deadline = time.monotonic() + 20
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(WAITING).scalar()
            connection.rollback()  # the activity is read afresh in each transaction only
            if waiting >= at_least:
                return
            time.sleep(0.02)
    raise AssertionError("no session waits for the lock")


def sqlstates(error: BaseException | None):
    while error is not None:
        if isinstance(error, OperationalError):
            yield getattr(error.orig, "sqlstate", None)
        error = error.__cause__


def by_key(rt) -> dict[str, tuple[str, int]]:
    rows = signals.list_signals(rt, limit=1000)
    open_keys = [r["dedup_key"] for r in rows if r["status"] != "resolved"]
    assert len(open_keys) == len(set(open_keys))  # no fingerprint opened twice
    return {r["dedup_key"]: (r["status"], r["occurrences"]) for r in rows}


def test_deliveries_waiting_together_are_written_in_one_transaction_each_told_and_counted_once(
    make_runtime, postgres_url, merged_runs, monkeypatch
):
    """In the order they came, as if one after the other (the same fingerprint again, a resolve then a re-fire), and
    their sender read once for all of them."""
    from aicident.signals.repository import SignalRepository

    rt = make_runtime(postgres_url)
    secret = signals.add_integration(rt, name="am", format="alertmanager")
    [first] = signals.ingest(
        rt,
        integration=signals.integration_for_secret(rt, secret=secret),
        delivery=signals.signal_format(rt, "alertmanager").parse(body("f0"), {}),
    ).signals
    reads, read = [], SignalRepository.integration_by_secret
    monkeypatch.setattr(SignalRepository, "integration_by_secret", lambda *a: reads.append(a[1]) or read(*a))
    gate = Gate(rt)
    payloads = [body("f0", "n1"), body("f0"), body("n1"), body("f0", status="resolved"), body("f0")]
    futures = [ingest.ingest_later(rt, prepared(rt, secret, p)) for p in payloads]
    gate.release()
    told = [[(s["dedup_key"], s["result"]) for s in f.result(30).signals] for f in futures]
    assert merged_runs["runs"] == [5] and merged_runs["raced"] == []
    assert reads == [secret]
    assert told == [
        [("f0", "deduplicated"), ("n1", "new")],
        [("f0", "deduplicated")],
        [("n1", "deduplicated")],
        [("f0", "resolved")],
        [("f0", "new")],  # fired again after the resolve: a new signal
    ]
    rows = signals.list_signals(rt, limit=1000)
    assert sorted((r["dedup_key"], r["status"], r["occurrences"]) for r in rows) == [
        ("f0", "firing", 1),
        ("f0", "resolved", 3),
        ("n1", "firing", 2),
    ]
    assert first["result"] == "new"
    expected = {"new": 3, "deduplicated": 3, "resolved": 1}  # the first delivery's and each merged one's, once
    deadline = time.monotonic() + 5  # counted by the future's callback, just after the result is given
    while counted(rt) != expected and time.monotonic() < deadline:
        time.sleep(0.01)
    assert counted(rt) == expected


def counted(rt) -> dict[str, int]:
    return {r: rt.counters.value("aicident_signals_total", source="alertmanager", result=r) for r in RESULTS}


def test_a_merged_run_that_finds_a_new_fingerprint_opened_by_another_writer_writes_each_delivery_alone_once(
    make_runtime, postgres_url, merged_runs
):
    """The other writer opens n1 and commits while the merged run waits for the lock that guards declaring an
    incident of its category; the merged run's insert of n1 then breaks the unique open key: rolled back, its
    deliveries are written one by one and n1's is counted as a repeat of the signal the other opened."""
    rt = make_runtime(postgres_url)
    secret = signals.add_integration(rt, name="am", format="alertmanager")
    integration = signals.integration_for_secret(rt, secret=secret)
    signals.ingest(
        rt, integration=integration, delivery=signals.signal_format(rt, "alertmanager").parse(body("f0"), {})
    )
    other = rt.uow()
    other.__enter__()
    signals.ingest_in(other, rt, integration, signals.signal_format(rt, "alertmanager").parse(body("n1"), {}))
    gate = Gate(rt)
    futures = [ingest.ingest_later(rt, prepared(rt, secret, p)) for p in (body("n1"), body("f0"))]
    gate.release()
    waiting_on_a_lock(rt.engine)
    other.__exit__(None, None, None)  # commits n1
    told = [[(s["dedup_key"], s["result"]) for s in f.result(30).signals] for f in futures]
    assert told == [[("n1", "deduplicated")], [("f0", "deduplicated")]]
    assert merged_runs["runs"] == [2]
    assert any(isinstance(e, IntegrityError) for e in merged_runs["raced"])
    assert by_key(rt) == {"f0": ("firing", 2), "n1": ("firing", 2)}


def test_a_merged_run_that_deadlocks_with_another_writer_writes_each_delivery_alone_once(
    make_runtime, postgres_url, merged_runs
):
    """The other writer holds the incident the merged run will log a resolve to, and, once the merged run (holding its
    signals) waits for it, asks for one of those signals: PostgreSQL breaks the deadlock by failing the merged run,
    whose deliveries are then written one by one once the other is done."""
    rt = make_runtime(postgres_url)
    secret = signals.add_integration(rt, name="am", format="alertmanager")
    integration = signals.integration_for_secret(rt, secret=secret)
    [f0, f1] = signals.ingest(
        rt, integration=integration, delivery=signals.signal_format(rt, "alertmanager").parse(body("f0", "f1"), {})
    ).signals
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("SET LOCAL deadlock_timeout = '60s'"))  # the merged run is the one PostgreSQL fails
            connection.execute(text("SELECT id FROM incidents WHERE ref = :ref FOR UPDATE"), {"ref": f0["incident"]})
            gate = Gate(rt)
            payloads = (body("f0", status="resolved"), body("f1"))
            futures = [ingest.ingest_later(rt, prepared(rt, secret, p)) for p in payloads]
            gate.release()
            waiting_on_a_lock(engine)
            connection.execute(text("SELECT id FROM signals WHERE id = :id FOR UPDATE"), {"id": f1["signal"]})
        told = [[(s["dedup_key"], s["result"]) for s in f.result(30).signals] for f in futures]
    finally:
        engine.dispose()
    assert told == [[("f0", "resolved")], [("f1", "deduplicated")]]
    assert merged_runs["runs"] == [2]
    assert "40P01" in {state for error in merged_runs["raced"] for state in sqlstates(error)}
    assert by_key(rt) == {"f0": ("resolved", 1), "f1": ("firing", 2)}
