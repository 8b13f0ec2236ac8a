"""Deliveries to signals: checked, prepared, written (by `signals.writer`) in a transaction that is tried again when
it raced with another, and acknowledged only once durable; and the workers' part of the signal log summary.

On SQLite the deliveries go through the group committer (one writer, shared commits; those waiting together written
in one pass), on PostgreSQL through the merging writer (those waiting together written in one pass and one transaction
of their own; should it race with another replica, each is written alone, in a transaction of its own, retried).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from datetime import timedelta

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from aicident.auth.model import SYSTEM_ACTOR
from aicident.errors import AicidentError, Conflict, InvalidInput, StorageUnavailable
from aicident.runtime import Runtime
from aicident.signals.integrations import Integration
from aicident.signals.model import Delivery
from aicident.signals.writer import DeliveryWriter, Outcome
from aicident.store.group_commit import memo_of_batch
from aicident.store.uow import UnitOfWork

MAX_DEDUP_KEY = 500
MAX_EVENT_ID = 700
MAX_SEVERITY = 64
ATTEMPTS = 5
# PostgreSQL: deadlock detected, serialization failure. Each is the database saying "run it again".
_RETRY_STATES = ("40P01", "40001")


def _check_lengths(delivery: Delivery) -> None:
    """What the columns hold at most: refuse (400) rather than fail to store (5xx) and be retried forever."""
    for index, event in enumerate(delivery.events):
        if event.dedup_key is not None and len(event.dedup_key) > MAX_DEDUP_KEY:
            raise InvalidInput(
                f"event {index}: its dedup key (fingerprint) is {len(event.dedup_key)} characters",
                allowed=f"at most {MAX_DEDUP_KEY}",
            )
        if event.event_id is not None and len(event.event_id) > MAX_EVENT_ID:
            raise InvalidInput(
                f"event {index}: its source and id are {len(event.event_id)} characters together",
                allowed=f"at most {MAX_EVENT_ID}",
            )
        if event.severity is not None and len(event.severity) > MAX_SEVERITY:
            raise InvalidInput(
                f"event {index}: its severity is {len(event.severity)} characters",
                allowed=f"at most {MAX_SEVERITY}, e.g. critical, warning",
            )


def ingest(rt: Runtime, *, integration: Integration, delivery: Delivery) -> Outcome:
    """Record every event of a delivery from an authenticated sender atomically; only after its commit may the sender
    hear 2xx. On SQLite through the group committer (one writer, shared commits, deliveries waiting together written
    in one pass); on PostgreSQL through the merging writer (deliveries waiting together written in one pass and one
    transaction; each alone, retried, should that race with another replica)."""
    prepare = Prepared(lambda _connection: (integration, delivery))
    outcome = _submit(rt, prepare).result()
    _count(rt, integration, outcome)
    return outcome


class Prepared:
    """What a delivery needs before it is written (its sender authenticated, its rate checked, its body parsed), done
    once however often it is asked for: a merged write that falls back to one by one must not take a rate token or
    parse twice. Refusals (401, 400, 429...) are kept and raised again. It is given the connection of the transaction
    that writes the delivery, so the sender's integration is read there and not in a transaction of its own."""

    def __init__(self, prepare: Callable[[Connection], tuple[Integration, Delivery]]):
        self._prepare = prepare
        self._done: tuple[Integration, Delivery] | None = None
        self._refused: AicidentError | None = None

    def __call__(self, connection: Connection) -> tuple[Integration, Delivery]:
        if self._done is None and self._refused is None:
            try:
                integration, delivery = self._prepare(connection)
                _check_lengths(delivery)
                self._done = integration, delivery
            except AicidentError as error:
                self._refused = error
        if self._refused is not None:
            raise self._refused
        assert self._done is not None
        return self._done

    def integration(self) -> Integration:
        """The sender's integration, once prepared."""
        assert self._done is not None
        return self._done[0]


def ingest_later(rt: Runtime, prepare: Prepared) -> Future:
    """Prepare and write a delivery on the writer's thread (SQLite's group committer, PostgreSQL's merging writer),
    merged with the deliveries waiting with it; the future is done once it is durable. A request awaits it without
    holding a worker thread, so a delivery crosses threads twice (to the writer and back), not four times."""

    def count(done: Future) -> None:
        if not done.cancelled() and done.exception() is None:
            _count(rt, prepare.integration(), done.result())

    future = _submit(rt, prepare)
    future.add_done_callback(count)
    return future


def _submit(rt: Runtime, prepare: Prepared) -> Future:
    """To the writer: written alone, or merged with the deliveries waiting with it."""
    if rt.engine.dialect.name != "sqlite":
        return rt.merging_writer.submit_later(
            lambda: ingest_alone(rt, prepare), merge=(_prepare_and_write_together, (rt, prepare))
        )

    def alone(connection: Connection) -> Outcome:
        return _attempts(rt, [prepare(connection)], connection)[0]

    return rt.committer.submit_later(alone, merge=(_prepare_and_write_merged, (rt, prepare)))


def ingest_alone(rt: Runtime, prepare: Prepared) -> Outcome:
    """PostgreSQL: prepare and write a delivery in a transaction of its own (a replica among many writers), tried
    again if it raced with another."""
    return _attempts(rt, [], None, prepare=prepare)[0]


class _Raced(Exception):
    """A merged transaction that raced with another writer: its deliveries are written one by one."""


def _prepare_and_write_together(items: list[tuple[Runtime, Prepared]]) -> list:
    """PostgreSQL: the merged run of `ingest_later`, in one transaction of its own, tried once: if it raced with
    another replica (a deadlock, a serialization failure, an open signal another inserted first, a count that moved),
    nothing of it is kept and the merging writer writes each delivery alone, with the usual retries."""
    rt = items[0][0]
    try:
        with rt.uow() as uow:
            assert uow.connection is not None
            with memo_of_batch(uow.connection) as connection:  # each sender read once per batch
                return _prepare_and_write_merged(connection, items, lambda deliveries: _write(uow, rt, deliveries))
    except (IntegrityError, Conflict, StorageUnavailable) as error:
        if _retryable(error):
            raise _Raced(str(error)) from error
        raise


def _prepare_and_write_merged(
    connection: Connection,
    items: list[tuple[Runtime, Prepared]],
    write: Callable[[list[tuple[Integration, Delivery]]], list[Outcome]] | None = None,
) -> list:
    """The merged run of `ingest_later`: a delivery refused while being prepared is refused alone, the others are
    written together (by `write`; by default in a savepoint of `connection`, tried again if they raced: SQLite)."""
    rt = items[0][0]
    results: list = [None] * len(items)
    ready: list[tuple[int, Integration, Delivery]] = []
    for index, (_rt, prepare) in enumerate(items):
        try:
            ready.append((index, *prepare(connection)))
        except AicidentError as error:
            results[index] = error
    if ready:
        deliveries = [(integration, delivery) for _i, integration, delivery in ready]
        outcomes = write(deliveries) if write is not None else _attempts(rt, deliveries, connection)
        for (index, _integration, _delivery), outcome in zip(ready, outcomes, strict=True):
            results[index] = outcome
    return results


def _count(rt: Runtime, integration: Integration, outcome: Outcome) -> None:
    for result, times in Counter(item["result"] for item in outcome.signals).items():
        rt.counters.inc("aicident_signals_total", times, source=integration.format, result=result)


def ingest_in(uow: UnitOfWork, rt: Runtime, integration: Integration, delivery: Delivery) -> Outcome:
    """Ingest inside a transaction the caller owns (interaction events and their findings commit together)."""
    _check_lengths(delivery)
    return _write(uow, rt, [(integration, delivery)])[0]


def _write(uow: UnitOfWork, rt: Runtime, deliveries: list[tuple[Integration, Delivery]]) -> list[Outcome]:
    """Apply deliveries in order, as if one after the other, in one pass: one outcome each."""
    return DeliveryWriter(rt, uow, deliveries, rt.clock()).write()


def _retryable(error: BaseException) -> bool:
    """Another transaction got there first: the same signal opened, an incident changed, a deadlock broken."""
    if isinstance(error, (IntegrityError, Conflict)):
        return True
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, OperationalError) and getattr(cause.orig, "sqlstate", None) in _RETRY_STATES:
            return True
        cause = cause.__cause__
    return False


def _attempts(
    rt: Runtime,
    deliveries: list[tuple[Integration, Delivery]],
    connection: Connection | None,
    *,
    prepare: Prepared | None = None,
) -> list[Outcome]:
    """Write deliveries (or the one `prepare` gives, prepared in the same transaction), again if they raced."""
    for attempt in range(ATTEMPTS):
        try:
            with rt.uow(connection=connection) as uow:
                assert uow.connection is not None
                return _write(uow, rt, [prepare(uow.connection)] if prepare else deliveries)
        except (IntegrityError, Conflict, StorageUnavailable) as error:
            if not _retryable(error):
                raise
            if attempt == ATTEMPTS - 1:
                raise StorageUnavailable("the delivery raced with others too often; retry it") from None
    raise AssertionError("unreachable")


# --- the workers' part of the signal log summary --------------------------------------------------------------


def summarize_due(rt: Runtime, *, limit: int = 100) -> int:
    """Sum up the repeats of signals that stopped repeating: once a signal's last entry is a summary interval old, the
    occurrences since are logged even if no delivery comes to do it. Returns how many summaries were written."""
    every = timedelta(seconds=rt.plan.signals.summary_seconds())
    with rt.uow(read_only=True) as uow:
        due = uow.signals.summaries_due(rt.clock() - every, limit)
    written = 0
    for (signal_id,) in due:
        with rt.uow() as uow:
            now = rt.clock()
            row = uow.signals.lock(signal_id)  # the signal first, then its incident: the order deliveries take
            if (
                row is None
                or row.open_key is None
                or row.incident_id is None
                or row.occurrences <= row.summarized_occurrences
                or now - row.summarized_at < every
            ):
                continue  # a delivery summed it up, or it resolved, meanwhile
            with rt.changing(incident_id=row.incident_id, action=None, uow=uow) as change:
                change.incident.record_signal_summary(
                    actor=SYSTEM_ACTOR,
                    now=now,
                    signal_id=row.id,
                    integration=row.integration,
                    title=row.title,
                    first=row.summarized_occurrences + 1,
                    last=row.occurrences,
                    since=row.summarized_at,
                )
            uow.signals.change(row.id, summarized_occurrences=row.occurrences, summarized_at=now)
            written += 1
    return written
