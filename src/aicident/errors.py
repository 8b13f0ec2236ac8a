"""The one error hierarchy of aicident.

Every error has a stable machine-readable ``code``; the CLI renders it as one line and the HTTP API as
RFC 9457 problem+json. The message says what was wrong, ``allowed`` says what would have been accepted, both in the
plan's words; ``next`` says, as data, what would satisfy the refusal (an action of aicident and its arguments), which
each interface renders its own way: the CLI as a command line, the web UI as a link to the form, the API as the
problem's ``next`` member. No message spells a command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing a person can do next: an action of aicident (`assign`, `contain`, `reload`...), its arguments
    (`ref`, `role`...; an argument the person must choose is absent) and what it does, in the plan's words."""

    action: str
    label: str
    args: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "label": self.label, "args": dict(self.args)}

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Step:
        return cls(str(document.get("action", "")), str(document.get("label", "")), dict(document.get("args") or {}))


@dataclass
class AicidentError(Exception):
    message: str
    allowed: str | None = None
    code: str = "error"
    status: int = 400
    details: dict = field(default_factory=dict)
    next: list[Step] = field(default_factory=list, kw_only=True)

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
class TextUnfinished(AicidentError):
    """A text still shows template prompts (unfilled slots, bracketed prompts): it cannot be approved, sent or
    published; `details` names the slots and the prompts."""

    code: str = "unfinished_text"
    status: int = 409


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


@dataclass
class UnsupportedMediaType(AicidentError):
    """The body is in a media type the operation does not take."""

    code: str = "unsupported_media_type"
    status: int = 415


@dataclass
class PreconditionRequired(AicidentError):
    """The change must name the version it expects (If-Match)."""

    code: str = "precondition_required"
    status: int = 428
