"""Web sign-in: a personal token buys a server-side session; forms are submitted once."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from aicident.auth import service as auth
from aicident.auth.model import Principal, token_hash
from aicident.errors import Conflict, InvalidInput
from aicident.runtime import Runtime
from aicident.store.tables import idempotency_keys

SESSION_LIFETIME = timedelta(hours=12)
FORM_KEY_PREFIX = "web-form:"


@dataclass(frozen=True)
class Session:
    secret: str  # goes into the cookie; only its hash is stored
    csrf: str
    principal: Principal


def session_id(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def sign_in(rt: Runtime, *, token: str) -> Session:
    """Check a personal token and open a session for its person, ending no later than the token does."""
    token = (token or "").strip()
    if not token:
        raise InvalidInput("enter your personal token", allowed="a token that starts with aic_ "
                           "(`aicident token create HANDLE`, or the one `./scripts/start` printed)")
    principal = auth.authenticate(rt, token=token)
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = rt.clock()
    with rt.uow() as uow:
        token_id = uow.web_sessions.token_id_for(token_hash(token))
        uow.web_sessions.add({"id": session_id(secret), "person_id": principal.person_id, "token_id": token_id,
                              "csrf": csrf, "created_at": now, "expires_at": now + SESSION_LIFETIME})
    return Session(secret, csrf, principal)


def current(rt: Runtime, *, secret: str | None) -> Session | None:
    if not secret:
        return None
    with rt.uow(read_only=True) as uow:
        found = uow.web_sessions.signed_in(session_id(secret), rt.clock())
    return Session(secret, found[1], found[0]) if found else None


def sign_out(rt: Runtime, *, secret: str | None) -> None:
    if secret:
        with rt.uow() as uow:
            uow.web_sessions.end(session_id(secret), rt.clock())


def new_form_id() -> str:
    return uuid.uuid4().hex


def once(rt: Runtime, *, person_id: str, form_id: str, run: Callable[[], str]) -> str:
    """Run a form's use case once per form id and return where it led; a resubmitted form (a double click, a
    browser retry) gets the same answer without running again. Shares the API's Idempotency-Key table."""
    if not form_id or len(form_id) > 64:
        return run()
    key = FORM_KEY_PREFIX + form_id
    where = and_(idempotency_keys.c.principal == person_id, idempotency_keys.c.key == key)
    with rt.engine.begin() as connection:
        try:
            with connection.begin_nested():
                connection.execute(insert(idempotency_keys).values(
                    principal=person_id, key=key, request_hash="", state="in_flight", created_at=rt.clock()))
            claimed = True
        except IntegrityError:
            claimed = False
            row = connection.execute(select(idempotency_keys).where(where)).first()
    if not claimed:
        if row.state == "done":
            return row.response_body["location"]
        raise Conflict("this form is being submitted already", allowed="wait a moment and reload the page")
    try:
        location = run()
    except BaseException:
        with rt.engine.begin() as connection:
            connection.execute(delete(idempotency_keys).where(where))
        raise
    with rt.engine.begin() as connection:
        connection.execute(update(idempotency_keys).where(where)
                           .values(state="done", response_status=303, response_body={"location": location}))
    return location
