"""People, API tokens and web sessions in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from aicident.auth.model import Principal
from aicident.store.tables import api_tokens, people, web_passwords, web_sessions


class PeopleRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: dict) -> None:
        self.connection.execute(insert(people).values(**row))

    def by_handle(self, handle: str):
        return self.connection.execute(select(people).where(people.c.handle == handle)).first()

    def all(self) -> Sequence[Any]:
        return self.connection.execute(select(people).order_by(people.c.handle)).all()

    def any(self) -> bool:
        return self.connection.execute(select(people.c.id).limit(1)).first() is not None

    def administrators(self) -> Sequence[Any]:
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

    def tokens(self, person_id: str | None = None) -> Sequence[Any]:
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


class SessionRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: dict) -> None:
        self.connection.execute(insert(web_sessions).values(**row))

    def signed_in(self, session_id: str, now: datetime) -> tuple[Principal, str] | None:
        """The person and CSRF token of a live session: not ended, not expired, its person enabled and its token
        (when it came from one) neither revoked nor expired."""
        row = self.connection.execute(
            select(people, web_sessions.c.csrf)
            .select_from(
                web_sessions.join(people, people.c.id == web_sessions.c.person_id).outerjoin(
                    api_tokens, api_tokens.c.id == web_sessions.c.token_id
                )
            )
            .where(
                web_sessions.c.id == session_id,
                web_sessions.c.ended_at.is_(None),
                web_sessions.c.expires_at > now,
                people.c.disabled_at.is_(None),
                or_(
                    web_sessions.c.token_id.is_(None),
                    and_(
                        api_tokens.c.revoked_at.is_(None),
                        or_(api_tokens.c.expires_at.is_(None), api_tokens.c.expires_at > now),
                    ),
                ),
            )
        ).first()
        if row is None:
            return None
        principal = Principal(
            person_id=row.id, handle=row.handle, name=row.name, roles=frozenset(row.roles), admin=row.admin
        )
        return principal, row.csrf

    def prune(self, before: datetime) -> int:
        """Forget sessions that expired or ended before this time."""
        return self.connection.execute(
            delete(web_sessions).where(or_(web_sessions.c.expires_at < before, web_sessions.c.ended_at < before))
        ).rowcount

    def end(self, session_id: str, now: datetime) -> int:
        return self.connection.execute(
            update(web_sessions)
            .where(web_sessions.c.id == session_id, web_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        ).rowcount

    def token_id_for(self, token_hash: str) -> str | None:
        return self.connection.execute(select(api_tokens.c.id).where(api_tokens.c.token_hash == token_hash)).scalar()

    def password_of(self, handle: str):
        """The person with this handle (enabled) and their password hash, if they have one."""
        return self.connection.execute(
            select(people.c.id, web_passwords.c.hash)
            .select_from(people.outerjoin(web_passwords, web_passwords.c.person_id == people.c.id))
            .where(people.c.handle == handle, people.c.disabled_at.is_(None))
        ).first()

    def set_password(self, person_id: str, hashed: str, now: datetime) -> None:
        self.connection.execute(delete(web_passwords).where(web_passwords.c.person_id == person_id))
        self.connection.execute(insert(web_passwords).values(person_id=person_id, hash=hashed, set_at=now))
        # A new password ends the sessions the old one opened.
        self.connection.execute(
            update(web_sessions)
            .where(
                web_sessions.c.person_id == person_id,
                web_sessions.c.token_id.is_(None),
                web_sessions.c.ended_at.is_(None),
            )
            .values(ended_at=now)
        )
