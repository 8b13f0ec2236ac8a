"""Idempotency keys in the database: what the API's Idempotency-Key and the web's submit-once forms share."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from aicident.store.tables import idempotency_keys


class IdempotencyRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    @staticmethod
    def _where(principal: str, key: str):
        return and_(idempotency_keys.c.principal == principal, idempotency_keys.c.key == key)

    def claim(self, *, principal: str, key: str, request_hash: str, now: datetime, expiry: timedelta) -> Row | None:
        """Record the key as in flight and return None; or return the row an earlier request with the key left. A
        claim still in flight after `expiry` belonged to a request that died: it is taken over."""
        where = self._where(principal, key)
        row = self.connection.execute(select(idempotency_keys).where(where)).first()
        if row is not None and row.state == "in_flight" and now - row.created_at > expiry:
            self.connection.execute(delete(idempotency_keys).where(where))
            row = None
        if row is not None:
            return row
        try:
            with self.connection.begin_nested():
                self.connection.execute(
                    insert(idempotency_keys).values(
                        principal=principal, key=key, request_hash=request_hash, state="in_flight", created_at=now
                    )
                )
            return None
        except IntegrityError:  # another request claimed it first
            return self.connection.execute(select(idempotency_keys).where(where)).first()

    def finish(self, *, principal: str, key: str, status: int, body: dict) -> None:
        self.connection.execute(
            update(idempotency_keys)
            .where(self._where(principal, key))
            .values(state="done", response_status=status, response_body=body)
        )

    def release(self, *, principal: str, key: str) -> None:
        self.connection.execute(delete(idempotency_keys).where(self._where(principal, key)))
