"""People and tokens: add people with their plan roles, issue tokens (shown once, stored hashed), sign in."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from aicident.auth.model import TOKEN_PREFIX, Principal, token_hash
from aicident.errors import Conflict, InvalidInput, NotFound, Step, Unauthorized
from aicident.runtime import Runtime

HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class IssuedToken:
    id: str
    handle: str
    token: str
    expires_at: datetime | None


def add_person(
    rt: Runtime,
    *,
    handle: str,
    name: str = "",
    email: str = "",
    chat: str = "",
    roles: list[str] = (),
    admin: bool = False,
) -> str:
    handle = handle.strip().lower()
    if not HANDLE.match(handle):
        raise InvalidInput(
            f"{handle!r} is not a handle",
            allowed="lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    unknown = [r for r in roles if r not in rt.plan.role_ids()]
    if unknown:
        raise InvalidInput(f"unknown role(s) {', '.join(unknown)}", allowed=", ".join(rt.plan.role_ids()))
    for what, value, most in (("name", name, 200), ("email", email, 320), ("chat handle", chat, 200)):
        if len(value.strip()) > most:
            raise InvalidInput(f"the {what} is {len(value.strip())} characters long", allowed=f"at most {most}")
    with rt.uow() as uow:
        if uow.people.by_handle(handle) is not None:
            raise Conflict(f"a person with handle {handle!r} exists already")
        person_id = str(uuid.uuid4())
        uow.people.add(
            {
                "id": person_id,
                "handle": handle,
                "name": name.strip() or handle,
                "email": email.strip(),
                "chat": chat.strip(),
                "roles": sorted(set(roles)),
                "admin": admin,
                "created_at": rt.clock(),
            }
        )
    return person_id


def list_people(rt: Runtime) -> list[dict]:
    with rt.uow() as uow:
        return [
            {
                "handle": p.handle,
                "name": p.name,
                "email": p.email,
                "chat": p.chat,
                "roles": p.roles,
                "admin": p.admin,
                "disabled": p.disabled_at is not None,
            }
            for p in uow.people.all()
        ]


def set_roles(rt: Runtime, *, handle: str, roles: list[str]) -> str:
    """Replace a person's plan roles; returns their handle as stored."""
    unknown = [r for r in roles if r not in rt.plan.role_ids()]
    if unknown:
        raise InvalidInput(f"unknown role(s) {', '.join(unknown)}", allowed=", ".join(rt.plan.role_ids()))
    with rt.uow() as uow:
        person = _person(uow, handle)
        uow.people.set_roles(person.id, sorted(set(roles)))
    return person.handle


def _person(uow, handle: str):
    person = uow.people.by_handle(handle.strip().lower())
    if person is None:
        raise NotFound(
            f"no person {handle!r}",
            allowed="the handle of a registered person",
            next=[Step("list_people", "list the people")],
        )
    return person


def create_token(rt: Runtime, *, handle: str, name: str = "", expires_in_days: int | None = 90) -> IssuedToken:
    if len(name.strip()) > 200:
        raise InvalidInput("a token's name must be at most 200 characters")
    if expires_in_days is not None and expires_in_days <= 0:
        raise InvalidInput("a token's lifetime must be at least one day", allowed="--expires-in-days N (N >= 1)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = rt.clock()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    with rt.uow() as uow:
        person = _person(uow, handle)
        token_id = str(uuid.uuid4())
        uow.people.add_token(
            {
                "id": token_id,
                "person_id": person.id,
                "token_hash": token_hash(token),
                "name": name.strip() or "token",
                "created_at": now,
                "expires_at": expires_at,
            }
        )
    return IssuedToken(token_id, person.handle, token, expires_at)


def list_tokens(rt: Runtime, *, handle: str | None = None) -> list[dict]:
    with rt.uow() as uow:
        person_id = _person(uow, handle).id if handle else None
        now = rt.clock()
        return [
            {
                "id": t.id,
                "handle": t.handle,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "state": "revoked"
                if t.revoked_at
                else ("expired" if t.expires_at and t.expires_at <= now else "active"),
            }
            for t in uow.people.tokens(person_id)
        ]


def revoke_token(rt: Runtime, *, token_id: str) -> None:
    with rt.uow() as uow:
        if uow.people.revoke_token(token_id, rt.clock()) != 1:
            raise NotFound(
                f"no active token {token_id!r}",
                allowed="the id of an active token",
                next=[Step("list_tokens", "list the tokens")],
            )


def authenticate(rt: Runtime, *, token: str | None) -> Principal:
    if not token:
        raise Unauthorized("this endpoint needs a token", allowed="send `Authorization: Bearer aic_...`")
    with rt.uow(read_only=True) as uow:
        principal = uow.people.principal_for(token_hash(token), rt.clock())
    if principal is None:
        raise Unauthorized(
            "the token is unknown, expired or revoked",
            allowed="a personal token that is current",
            next=[Step("create_token", "create a token")],
        )
    return principal


def ensure_first_admin(rt: Runtime) -> IssuedToken | None:
    """On an empty installation, create the admin person and a token for the first sign-in."""
    with rt.uow() as uow:
        if uow.people.any():
            return None
    add_person(rt, handle="admin", name="Administrator", roles=list(rt.plan.role_ids()), admin=True)
    return create_token(rt, handle="admin", name="first sign-in", expires_in_days=30)
