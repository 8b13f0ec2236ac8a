"""The one error hierarchy of aicident.

Every error has a stable machine-readable ``code``; the CLI renders it as one line and the HTTP API as
RFC 9457 problem+json. The message says what was wrong, ``allowed`` says what would have been accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AicidentError(Exception):
    message: str
    allowed: str | None = None
    code: str = "error"
    status: int = 400
    details: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message if not self.allowed else f"{self.message} ({self.allowed})"


@dataclass
class InvalidInput(AicidentError):
    """The caller sent a value outside what is allowed."""

    code: str = "invalid_input"
    status: int = 400


@dataclass
class NotFound(AicidentError):
    """The named incident (or other object) does not exist."""

    code: str = "not_found"
    status: int = 404


@dataclass
class GuardFailed(AicidentError):
    """A workflow move was refused because a stage guard is not satisfied."""

    code: str = "guard_failed"
    status: int = 409

    guard: str = ""


@dataclass
class Conflict(AicidentError):
    """Someone else changed the same object first; reload and try again."""

    code: str = "conflict"
    status: int = 409


@dataclass
class PlanInvalid(AicidentError):
    """A plan file does not validate; ``problems`` lists every error with its location."""

    code: str = "plan_invalid"
    status: int = 422

    problems: list = field(default_factory=list)


@dataclass
class StorageUnavailable(AicidentError):
    """The database could not be reached or is busy: a transient fault, try again."""

    code: str = "storage_unavailable"
    status: int = 503


@dataclass
class Unauthorized(AicidentError):
    """No valid credentials: a missing, unknown, expired or revoked token."""

    code: str = "unauthorized"
    status: int = 401


@dataclass
class Forbidden(AicidentError):
    """Signed in, but the plan does not grant this action to any role the person holds."""

    code: str = "forbidden"
    status: int = 403


@dataclass
class PreconditionFailed(AicidentError):
    """If-Match named a version that is no longer current."""

    code: str = "precondition_failed"
    status: int = 412


@dataclass
class RateLimited(AicidentError):
    """Too many requests from one client or integration; retry after `retry_after` seconds."""

    code: str = "rate_limited"
    status: int = 429
    retry_after: int = 1


@dataclass
class PayloadTooLarge(AicidentError):
    code: str = "payload_too_large"
    status: int = 413
