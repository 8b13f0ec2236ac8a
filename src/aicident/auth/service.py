"""People and tokens: add people with their plan roles, issue tokens (shown once, stored hashed), sign in; and the
rule that whoever an incident names (a role holder, an owner, an attendee) is a registered person.

Managing people and other people's tokens takes an administrator (`principal`; None is aicident itself, e.g. the
first start creating the administrator)."""

from __future__ import annotations

import contextlib
import re
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aicident.auth.model import SYSTEM_ACTOR, TOKEN_PREFIX, Principal, require_admin, token_hash
from aicident.errors import Conflict, Forbidden, InvalidInput, NotFound, Step, Unauthorized
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork

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
    roles: Sequence[str] = (),
    admin: bool = False,
    principal: Principal | None = None,
) -> str:
    require_admin(principal)
    handle = handle.strip().lower()
    if not HANDLE.match(handle):
        raise InvalidInput(
            f"{handle!r} is not a handle",
            allowed="lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    if handle == SYSTEM_ACTOR:
        raise InvalidInput(f"{handle!r} is the name aicident logs its own steps under", allowed="another handle")
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


def set_roles(rt: Runtime, *, handle: str, roles: list[str], principal: Principal | None = None) -> str:
    """Replace a person's plan roles; returns their handle as stored."""
    require_admin(principal)
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


def create_token(
    rt: Runtime,
    *,
    handle: str,
    name: str = "",
    expires_in_days: int | None = 90,
    principal: Principal | None = None,
) -> IssuedToken:
    """A token for a person: their own, or anyone's for an administrator."""
    if principal is not None and handle.strip().lower() != principal.handle:
        require_admin(principal)
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


def list_tokens(rt: Runtime, *, handle: str | None = None, principal: Principal | None = None) -> list[dict]:
    """Tokens of one person, or of everyone (`handle` None); a person who is not an administrator sees their own."""
    if principal is not None and not principal.admin:
        handle = principal.handle
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


def revoke_token(rt: Runtime, *, token_id: str, principal: Principal | None = None) -> None:
    """Revoke a token: one's own, or anyone's for an administrator."""
    if principal is not None and not principal.admin:
        own = {t["id"] for t in list_tokens(rt, principal=principal)}
        if token_id not in own:
            raise Forbidden("you may revoke only your own tokens", allowed="an administrator may revoke any")
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
    """On an installation that never issued a token: the administrator (created when nobody is registered yet) and a
    token for the first sign-in. None when a token was issued before, or when there is no single administrator."""
    with rt.uow() as uow:
        if uow.people.any_token():
            return None
        nobody = not uow.people.any()
        admins = [] if nobody else [a.handle for a in uow.people.administrators()]
    if nobody:
        admins = [create_first_admin(rt)]
    if len(admins) != 1:
        return None
    return create_token(rt, handle=admins[0], name="first sign-in", expires_in_days=30)


FIRST_ADMIN = "admin"


def create_first_admin(rt: Runtime) -> str:
    """The administrator of a new installation, holding every plan role; returns its handle."""
    add_person(rt, handle=FIRST_ADMIN, name="Administrator", roles=list(rt.plan.role_ids()), admin=True)
    return FIRST_ADMIN


def principal_for(rt: Runtime, *, handle: str) -> Principal:
    """A registered, active person as a principal: what the local command line acts as."""
    with rt.uow(read_only=True) as uow:
        principal = uow.people.principal_by_handle(handle.strip().lower())
    if principal is None:
        raise _unknown(handle)
    return principal


def sole_administrator(rt: Runtime) -> Principal | None:
    """The administrator when there is exactly one, created on a first start (nobody registered yet); else None."""
    with rt.uow(read_only=True) as uow:
        nobody = not uow.people.any()
        admins = [] if nobody else uow.people.administrators()
    if nobody:
        with contextlib.suppress(Conflict):  # another process's first start created it at the same moment
            create_first_admin(rt)
        return principal_for(rt, handle=FIRST_ADMIN)
    return principal_for(rt, handle=admins[0].handle) if len(admins) == 1 else None


# --- people an incident names -----------------------------------------------------------------------------------


def _unknown(handle: str) -> NotFound:
    handle = handle.strip()
    return NotFound(
        f"no registered person {handle!r}",
        allowed="the handle of a registered, active person",
        details={"handle": handle},
        next=[
            Step("add_person", f"add {handle} as a person", {"handle": handle.lower()}),
            Step("list_people", "list the people"),
        ],
    )


def require_people(uow: UnitOfWork, handles: Iterable[str]) -> list[str]:
    """The handles as stored, each of a registered, active person, in the caller's transaction; a NotFound naming
    the first that is not (aicident itself is not a person)."""
    found = []
    for handle in handles:
        wanted = (handle or "").strip().lower()
        if not wanted:
            raise InvalidInput("person must not be empty", allowed="the handle of a registered person")
        row = uow.people.by_handle(wanted) if wanted != SYSTEM_ACTOR else None
        if row is None or row.disabled_at is not None:
            raise _unknown(handle or "")
        found.append(row.handle)
    return found


def require_person(uow: UnitOfWork, handle: str) -> str:
    return require_people(uow, [handle])[0]


def require_attendees(uow: UnitOfWork, names: Iterable[str], *, external: bool) -> list[str]:
    """A review's attendees: registered people, and (when the plan allows `external` attendees) people outside
    aicident named in free text. A name that could be a handle must be one, so a typo is not taken for a guest."""
    found = []
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        if HANDLE.match(name.lower()) or not external:
            if not HANDLE.match(name.lower()):
                raise InvalidInput(
                    f"{name!r} is not a registered person, and the plan names only registered people at a review",
                    allowed="handles of registered people (the plan's [reviews] external_attendees allows others)",
                )
            found.append(require_person(uow, name))
        else:
            found.append(name[:200])
    return found
