"""The unit of work: one transaction per use case, committed on success, rolled back on any error."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection, Engine, Transaction
from sqlalchemy.exc import OperationalError

from aicident.api.repository import IdempotencyRepository
from aicident.audit.keys import LogKeys
from aicident.audit.repository import AuditLog
from aicident.auth.repository import PeopleRepository, SessionRepository
from aicident.comms.repository import CommsRepository
from aicident.containment.repository import ControlsRepository
from aicident.detectors.repository import InteractionEventRepository
from aicident.errors import StorageUnavailable
from aicident.incidents.repository import IncidentRepository
from aicident.notify.repository import OutboxRepository
from aicident.reports.repository import ReportRepository
from aicident.signals.repository import SignalRepository
from aicident.store.engine import READ_ONLY


class UnitOfWork:
    """A transaction of its own, or, on a connection that is already in one, a savepoint inside it.

    Before it commits, `publish` (given by the runtime) runs the consequences of every change made to the
    incidents this unit of work loaded for change or added, and saves them: the one change path."""

    _transaction: Transaction  # set when the unit is entered

    def __init__(
        self,
        engine: Engine | None,
        connection: Connection | None = None,
        *,
        read_only: bool = False,
        publish: Callable[[UnitOfWork], None] | None = None,
        log_keys: LogKeys | None = None,
    ):
        self.engine = engine
        self.connection = connection
        self.read_only = read_only
        self.publish = publish
        self.log_keys = log_keys
        self._owns_connection = connection is None
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit of work has committed (never when it rolls back): metrics, wake-ups."""
        self._after_commit.append(callback)

    def __enter__(self) -> UnitOfWork:
        connection = self._connect()
        self.incidents = IncidentRepository(connection, self.log_keys)
        self.people = PeopleRepository(connection)
        self.signals = SignalRepository(connection)
        self.reports = ReportRepository(connection)
        self.outbox = OutboxRepository(connection)
        self.comms = CommsRepository(connection)
        self.web_sessions = SessionRepository(connection)
        self.controls = ControlsRepository(connection)
        self.audit = AuditLog(connection, self.log_keys)
        self.idempotency = IdempotencyRepository(connection)
        self.interaction_events = InteractionEventRepository(connection)
        return self

    def _connect(self) -> Connection:
        """Open this unit's transaction: on a connection of its own, or nested in the one it was given."""
        try:
            if self.connection is None or self._owns_connection:
                if self.engine is None:
                    raise TypeError("a unit of work needs an engine or a connection")
                self.connection = self.engine.connect()
                if self.read_only:
                    self.connection = self.connection.execution_options(**{READ_ONLY: True})
                self._transaction = self.connection.begin()
            else:
                self._transaction = self.connection.begin_nested()
        except OperationalError as exc:
            if self.connection is not None and self._owns_connection:
                self.connection.close()
            raise StorageUnavailable(f"the database is unavailable: {exc.orig}") from None
        return self.connection

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None and self.publish is not None:
            try:
                self.publish(self)
            except BaseException as error:
                self._end(commit=False)
                if isinstance(error, OperationalError):
                    raise StorageUnavailable(f"the database is unavailable: {error.orig}") from error
                raise
        self._end(commit=exc_type is None)
        if isinstance(exc, OperationalError):  # locked, gone away, out of connections: transient, say so
            raise StorageUnavailable(f"the database is unavailable: {exc.orig}") from exc
        if exc_type is None:
            for callback in self._after_commit:
                callback()

    def _end(self, *, commit: bool) -> None:
        try:
            if commit:
                self._transaction.commit()
            else:
                self._transaction.rollback()
        except OperationalError as error:
            raise StorageUnavailable(f"the database could not commit: {error.orig}") from None
        finally:
            if self._owns_connection and self.connection is not None:
                self.connection.close()
