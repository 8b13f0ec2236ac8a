"""The unit of work: one transaction per use case, committed on success, rolled back on any error."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from aicident.auth.repository import PeopleRepository
from aicident.errors import StorageUnavailable
from aicident.incidents.repository import IncidentRepository
from aicident.signals.repository import SignalRepository


class UnitOfWork:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.connection: Connection | None = None

    def __enter__(self) -> "UnitOfWork":
        try:
            self.connection = self.engine.connect()
            self._transaction = self.connection.begin()
        except OperationalError as exc:
            if self.connection is not None:
                self.connection.close()
            raise StorageUnavailable(f"the database is unavailable: {exc.orig}") from None
        self.incidents = IncidentRepository(self.connection)
        self.people = PeopleRepository(self.connection)
        self.signals = SignalRepository(self.connection)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._transaction.commit()
            else:
                self._transaction.rollback()
        except OperationalError as error:
            raise StorageUnavailable(f"the database could not commit: {error.orig}") from None
        finally:
            self.connection.close()
        if isinstance(exc, OperationalError):  # locked, gone away, out of connections: transient, say so
            raise StorageUnavailable(f"the database is unavailable: {exc.orig}") from exc
