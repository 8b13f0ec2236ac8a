"""Integrations: the monitoring tools, applications and forms that deliver signals, each with its own secret.

Their life: add (the secret is shown once), rotate (a new secret; the old one keeps working for a grace period so
that senders can be reconfigured), disable and enable (refused deliveries meanwhile), delete. Secrets are compared,
never logged: `mask_secrets` is applied to whatever a log line might carry of a hook URL.
"""

from __future__ import annotations

import hmac
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Connection

from aicident.auth.model import Principal
from aicident.errors import Conflict, Forbidden, InvalidInput, NotFound, Step, Unauthorized
from aicident.plan.schema import seconds_of
from aicident.runtime import Runtime
from aicident.signals.formats import FORMATS
from aicident.signals.repository import SignalRepository
from aicident.store.group_commit import batch_memo

CUSTOMER_REPORTS = "customer-reports"  # the built-in integration behind the public report form
DETECTORS = "detectors"  # the built-in integration detector findings arrive through
EVENTS = "events"  # an AI application's interaction events (POST /api/v1/events), for the detectors
INTEGRATION_FORMATS = (*(f for f in FORMATS if f != "customer_report"), EVENTS)

DEFAULT_RATE_PER_MINUTE = 6000
DEFAULT_GRACE = timedelta(hours=24)
MAX_GRACE = timedelta(days=30)
SECRET_PREFIX = "ais_"
_SECRET = re.compile(r"ais_[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Integration:
    id: str
    name: str
    format: str
    rate_per_minute: int


def mask_secrets(text: str) -> str:
    """Integration secrets in `text` (a hook URL in a log line) replaced by their prefix."""
    return _SECRET.sub(SECRET_PREFIX + "****", text) if SECRET_PREFIX in text else text


def grace_of(text: str) -> timedelta:
    """'24 hours' -> the grace period a rotated-out secret keeps working."""
    try:
        return timedelta(seconds=seconds_of(text))
    except ValueError as error:
        raise InvalidInput(str(error), allowed="a whole number and seconds, minutes, hours or days") from None


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(24)


def _admin(principal: Principal | None, what: str) -> None:
    """Integrations are administrators' business; the local CLI (no principal) works on the database directly."""
    if principal is not None and not principal.admin:
        raise Forbidden(f"{principal.handle} may not {what}", allowed="an administrator may")


def _name(name: str) -> str:
    return (name or "").strip().lower()


def _existing(rt: Runtime, uow, name: str):
    """The integration a change is about, its row locked (changes read it first: two at once must not interleave)."""
    row = uow.signals.integration_by_name(_name(name), lock=True)
    if row is None:
        raise NotFound(
            f"no integration named {_name(name)!r}",
            allowed="the name of an integration",
            next=[Step("list_integrations", "list the integrations")],
        )
    return row


def add_integration(
    rt: Runtime,
    *,
    name: str,
    format: str,
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    principal: Principal | None = None,
) -> str:
    """Register a monitoring integration; returns its secret (shown once)."""
    _admin(principal, "add integrations")
    if format not in INTEGRATION_FORMATS:
        raise InvalidInput(f"unknown integration format {format!r}", allowed=", ".join(INTEGRATION_FORMATS))
    name = _name(name)
    if (
        not name
        or len(name) > 100
        or name in (CUSTOMER_REPORTS, DETECTORS)
        or not name.replace("-", "").replace("_", "").isalnum()
        or not name.isascii()
    ):
        raise InvalidInput(
            f"{name!r} is not an integration name",
            allowed=f"up to 100 letters, digits, '-' and '_' (not {CUSTOMER_REPORTS!r} or {DETECTORS!r})",
        )
    if rate_per_minute < 1:
        raise InvalidInput("rate_per_minute must be at least 1")
    secret = _new_secret()
    with rt.uow() as uow:
        if uow.signals.integration_by_name(name) is not None:
            raise Conflict(
                f"an integration named {name!r} exists already",
                allowed="another name, or rotate the existing integration's secret",
                next=[Step("rotate_integration", "rotate its secret", {"name": name})],
            )
        uow.signals.add_integration(
            {
                "id": str(uuid.uuid4()),
                "name": name,
                "format": format,
                "secret": secret,
                "rate_per_minute": rate_per_minute,
                "created_at": rt.clock(),
            }
        )
    return secret


def list_integrations(rt: Runtime) -> list[dict]:
    """Every integration, never its secrets: whether it is disabled, and until when a rotated-out secret works."""
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        return [
            {
                "name": i.name,
                "format": i.format,
                "rate_per_minute": i.rate_per_minute,
                "disabled": i.disabled_at is not None,
                "created_at": i.created_at.isoformat(),
                "previous_secret_until": (
                    i.previous_secret_until.isoformat()
                    if i.previous_secret and i.previous_secret_until and i.previous_secret_until > now
                    else None
                ),
            }
            for i in uow.signals.all_integrations()
        ]


def rotate_integration(
    rt: Runtime, *, name: str, grace: timedelta = DEFAULT_GRACE, principal: Principal | None = None
) -> dict:
    """A new secret for the integration (returned, shown once); the current one keeps working for `grace`, then
    stops. A secret rotated out earlier stops at once."""
    _admin(principal, "rotate integration secrets")
    if grace < timedelta(0) or grace > MAX_GRACE:
        raise InvalidInput(
            f"a grace period of {grace} is not allowed", allowed="from 0 (the old secret stops at once) to 30 days"
        )
    secret = _new_secret()
    with rt.uow() as uow:
        row = _existing(rt, uow, name)
        until = rt.clock() + grace
        uow.signals.change_integration(
            row.name,
            secret=secret,
            previous_secret=row.secret if grace else None,
            previous_secret_until=until if grace else None,
        )
    return {
        "name": row.name,
        "format": row.format,
        "secret": secret,
        "previous_secret_until": until.isoformat() if grace else None,
    }


def set_integration_enabled(rt: Runtime, *, name: str, enabled: bool, principal: Principal | None = None) -> None:
    """Disable (its deliveries are refused with 401 until it is enabled again) or enable an integration."""
    _admin(principal, "disable or enable integrations")
    with rt.uow() as uow:
        row = _existing(rt, uow, name)
        if (row.disabled_at is None) == enabled:
            raise Conflict(f"integration {row.name!r} is {'enabled' if enabled else 'disabled'} already")
        uow.signals.change_integration(row.name, disabled_at=None if enabled else rt.clock())


def delete_integration(rt: Runtime, *, name: str, principal: Principal | None = None) -> None:
    """Delete an integration: its secrets stop working at once; its signals stay, as history."""
    _admin(principal, "delete integrations")
    with rt.uow() as uow:
        row = _existing(rt, uow, name)
        uow.signals.delete_integration(row.name)


def _integration(row) -> Integration:
    return Integration(row.id, row.name, row.format, row.rate_per_minute)


def _read(
    rt: Runtime, connection: Connection | None, key: tuple[str, str], query: Callable[[SignalRepository], Any]
) -> Any:
    """Read in the caller's transaction when it gives one (a delivery's own), else in a transaction of its own. The
    deliveries of one batch (SQLite's group commit, PostgreSQL's merged transaction) share one transaction: each
    sender is read once per batch, not once per delivery (on PostgreSQL a change made meanwhile by another replica is
    seen by the next batch, as if these deliveries had come a moment earlier)."""
    if connection is not None:
        memo = batch_memo(connection)
        if memo is None:
            return query(SignalRepository(connection))
        memo_key = ("integration", *key)
        if memo_key not in memo:
            memo[memo_key] = query(SignalRepository(connection))
        return memo[memo_key]
    with rt.uow(read_only=True) as uow:
        return query(uow.signals)


def integration_for_secret(
    rt: Runtime, *, secret: str | None, name: str | None = None, connection: Connection | None = None
) -> Integration:
    """The enabled integration a secret (bearer token, header, path segment or routing key) belongs to: its current
    secret, or the one it had before a rotation while the grace period lasts."""
    if not secret:
        raise Unauthorized(
            "this endpoint needs the integration's secret",
            allowed="Authorization: Bearer <secret>, X-Aicident-Token, or an HMAC signature",
        )
    row = _read(rt, connection, ("secret", secret), lambda signals: signals.integration_by_secret(secret, rt.clock()))
    if row is None or row.disabled_at is not None or (name is not None and row.name != name):
        raise Unauthorized(
            "unknown or disabled integration secret",
            allowed="the secret printed when the integration was added or last rotated",
            next=[Step("list_integrations", "list the integrations")],
        )
    return _integration(row)


def integration_for_signature(
    rt: Runtime, *, name: str, body: bytes, signature: str, connection: Connection | None = None
) -> Integration:
    """HMAC-SHA256 of the body with the integration's secret (or the previous one in its grace period), sent as
    `sha256=<hex>`."""
    row = _read(rt, connection, ("name", name), lambda signals: signals.integration_by_name(name))
    keys = []
    if row is not None and row.disabled_at is None:
        keys.append(row.secret)
        if row.previous_secret and row.previous_secret_until and row.previous_secret_until > rt.clock():
            keys.append(row.previous_secret)
    given = signature.strip()
    if not any(
        hmac.compare_digest("sha256=" + hmac.new(key.encode(), body, "sha256").hexdigest(), given) for key in keys
    ):
        raise Unauthorized("the signature does not match", allowed="X-Aicident-Signature: sha256=<hex HMAC-SHA256>")
    return _integration(row)


def customer_reports(rt: Runtime) -> Integration:
    return Integration(id=CUSTOMER_REPORTS, name=CUSTOMER_REPORTS, format="customer_report", rate_per_minute=0)


def detector_findings() -> Integration:
    return Integration(id=DETECTORS, name=DETECTORS, format="detector", rate_per_minute=0)
