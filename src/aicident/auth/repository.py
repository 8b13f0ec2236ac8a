"""People and API tokens in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from aicident.auth.model import Principal
from aicident.store.tables import api_tokens, people


class PeopleRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: dict) -> None:
        self.connection.execute(insert(people).values(**row))

    def by_handle(self, handle: str):
        return self.connection.execute(select(people).where(people.c.handle == handle)).first()

    def all(self) -> list:
        return self.connection.execute(select(people).order_by(people.c.handle)).all()

    def any(self) -> bool:
        return self.connection.execute(select(people.c.id).limit(1)).first() is not None

    def administrators(self) -> list:
        """Active administrators, by handle."""
        return self.connection.execute(
            select(people).where(people.c.admin.is_(True), people.c.disabled_at.is_(None)).order_by(people.c.handle)
        ).all()

    def any_token(self) -> bool:
        """Whether a token was ever issued (revoked and expired ones count)."""
        return self.connection.execute(select(api_tokens.c.id).limit(1)).first() is not None

    def principal_by_handle(self, handle: str) -> Principal | None:
        """The active person with this handle, as a principal (what a token of theirs would sign in as)."""
        row = self.by_handle(handle)
        return None if row is None or row.disabled_at is not None else _principal(row)

    def set_roles(self, person_id: str, roles: list[str]) -> None:
        self.connection.execute(update(people).where(people.c.id == person_id).values(roles=roles))

    def add_token(self, row: dict) -> None:
        self.connection.execute(insert(api_tokens).values(**row))

    def tokens(self, person_id: str | None = None) -> list:
        query = select(api_tokens, people.c.handle).join(people).order_by(api_tokens.c.created_at)
        if person_id:
            query = query.where(api_tokens.c.person_id == person_id)
        return self.connection.execute(query).all()

    def revoke_token(self, token_id: str, now: datetime) -> int:
        return self.connection.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount

    def principal_for(self, token_hash: str, now: datetime) -> Principal | None:
        row = self.connection.execute(
            select(people, api_tokens.c.expires_at, api_tokens.c.revoked_at)
            .join(api_tokens, api_tokens.c.person_id == people.c.id)
            .where(api_tokens.c.token_hash == token_hash)
        ).first()
        if row is None or row.revoked_at is not None or row.disabled_at is not None:
            return None
        if row.expires_at is not None and row.expires_at <= now:
            return None
        return _principal(row)


def _principal(row) -> Principal:
    return Principal(person_id=row.id, handle=row.handle, name=row.name, roles=frozenset(row.roles), admin=row.admin)
