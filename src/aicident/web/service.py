"""Web sign-in: a personal token (or a password) buys a server-side session; forms are submitted once.

Passwords are optional and kept as scrypt hashes (hashlib.scrypt, N=2^15, r=8, p=1, a 16-byte random salt), with
their parameters, so that stronger ones can be chosen later without breaking the stored ones."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from aicident.api import idempotency
from aicident.auth import service as auth
from aicident.auth.model import Principal, token_hash
from aicident.errors import Conflict, InvalidInput, NotFound, Step, Unauthorized
from aicident.incidents.model import Incident, LogEntry
from aicident.runtime import Runtime

SESSION_LIFETIME = timedelta(hours=12)
SESSIONS_KEPT = timedelta(days=30)  # ended and expired sessions are forgotten after this long
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
        raise InvalidInput(
            "enter your personal token",
            allowed="a token that starts with aic_ "
            "(the one printed when aicident first started, or one an administrator created for you)",
        )
    principal = auth.authenticate(rt, token=token)
    return _open(rt, person_id=principal.person_id, token_hash_=token_hash(token))


def _open(rt: Runtime, *, person_id: str, token_hash_: str | None) -> Session:
    """A new session for the person; one opened with a token lives no longer than the token."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = rt.clock()
    with rt.uow() as uow:
        token_id = uow.web_sessions.token_id_for(token_hash_) if token_hash_ else None
        uow.web_sessions.add(
            {
                "id": session_id(secret),
                "person_id": person_id,
                "token_id": token_id,
                "csrf": csrf,
                "created_at": now,
                "expires_at": now + SESSION_LIFETIME,
            }
        )
        session = uow.web_sessions.signed_in(session_id(secret), now)
        if session is None:
            raise AssertionError("a session is live the moment it is created")
        principal, _csrf = session
        uow.web_sessions.prune(now - SESSIONS_KEPT)
    return Session(secret, csrf, principal)


SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


def hash_password(
    password: str, *, salt: bytes | None = None, n: int = SCRYPT["n"], r: int = SCRYPT["r"], p: int = SCRYPT["p"]
) -> str:
    salt = salt or secrets.token_bytes(16)
    derived = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=32)
    encode = base64.urlsafe_b64encode
    return f"scrypt${n}${r}${p}${encode(salt).decode()}${encode(derived).decode()}"


def password_matches(password: str, stored: str) -> bool:
    scheme, n, r, p, salt, _derived = stored.split("$")
    if scheme != "scrypt":
        return False
    again = hash_password(password, salt=base64.urlsafe_b64decode(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(again.encode(), stored.encode())


_DUMMY = None  # a hash to check against when the handle is unknown, so that both answers take as long


def set_password(rt: Runtime, *, handle: str, password: str) -> None:
    """Set (or replace) a person's web password; their sessions opened with the old one end."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(
            f"a password of {len(password)} characters is not allowed",
            allowed=f"{MIN_PASSWORD} to {MAX_PASSWORD} characters",
        )
    hashed = hash_password(password)
    with rt.uow() as uow:
        found = uow.web_sessions.password_of(handle.strip().lower())
        if found is None:
            raise NotFound(
                f"no person {handle!r}",
                allowed="the handle of a registered person",
                next=[Step("list_people", "list the people")],
            )
        uow.web_sessions.set_password(found.id, hashed, rt.clock())


def sign_in_with_password(rt: Runtime, *, handle: str, password: str) -> Session:
    global _DUMMY
    handle = (handle or "").strip().lower()
    if not handle or not password:
        raise InvalidInput("enter your handle and your password")
    with rt.uow(read_only=True) as uow:
        found = uow.web_sessions.password_of(handle)
    if found is None or found.hash is None:
        _DUMMY = _DUMMY or hash_password("not a password")
        password_matches(password[:MAX_PASSWORD], _DUMMY)
        raise Unauthorized(
            "the handle or the password is wrong",
            allowed="sign in with a personal token, or ask an administrator to set a password",
        )
    if len(password) > MAX_PASSWORD or not password_matches(password, found.hash):
        raise Unauthorized(
            "the handle or the password is wrong",
            allowed="sign in with a personal token, or ask an administrator to set a password",
        )
    return _open(rt, person_id=found.id, token_hash_=None)


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
    browser retry) gets the same answer without running again. Shares the API's Idempotency-Key table and rules."""
    if not form_id or len(form_id) > 64:
        return run()
    key = FORM_KEY_PREFIX + form_id
    row = idempotency.claim(rt, person_id, key, "")
    if row is not None:
        if row.state == "done":
            return row.response_body["location"]
        raise Conflict("this form is being submitted already", allowed="wait a moment and reload the page")
    try:
        location = run()
    except BaseException:
        idempotency.release(rt, person_id, key)
        raise
    idempotency.finish(rt, person_id, key, 303, {"location": location})
    return location


# --- what the incident page and its event stream read ---------------------------------------------------------


def log_page(
    rt: Runtime,
    *,
    incident: Incident,
    before: int | None = None,
    types: list[str] | None = None,
    limit: int = 50,
) -> tuple[list[LogEntry], int | None]:
    """A page of the incident log, newest first, and the entry the next (older) page starts before (None: no more)."""
    with rt.uow(read_only=True) as uow:
        entries = uow.incidents.log_page(incident, before=before, types=types or None, limit=limit + 1)
    more = entries[limit - 1].seq if len(entries) > limit else None
    return entries[:limit], more


def version_of(rt: Runtime, *, ref: str) -> int | None:
    with rt.uow(read_only=True) as uow:
        return uow.incidents.version_of(ref)


def list_mark(rt: Runtime) -> str:
    """A mark that moves whenever the incident list could have changed."""
    with rt.uow(read_only=True) as uow:
        count, last = uow.incidents.changed_mark()
    return f"{count}:{last.isoformat() if last else ''}"
