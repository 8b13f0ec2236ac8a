"""The normalised shape of an inbound signal, whatever tool sent it, and the checks that read wire values into it.

Pure: no I/O and no clock. Every format parser in ``aicident.signals.formats`` turns one HTTP delivery into a
``Delivery`` holding zero or more ``SignalEvent`` values; dedup, routing and signal -> incident work on these only.
The ``read_*`` checks raise ``InvalidInput`` naming the JSON path of the problem ("alerts[3].labels") and what is
allowed, so a sender can fix its payload from the 400 alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, overload

from aicident.errors import InvalidInput
from aicident.input_checks import check_json

# Titles end up in page subjects, Slack lines and incident names; PagerDuty caps summaries at 1024 and so do we.
TITLE_LIMIT = 1024

_TIMESTAMP_ALLOWED = "an RFC 3339 / ISO 8601 date and time with a UTC offset, for example 2026-11-23T14:00:00Z"


class SignalAction(StrEnum):
    TRIGGER = "trigger"
    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


@dataclass(frozen=True)
class SignalEvent:
    """One alert or event from a delivery, in the vocabulary routing rules and incidents use."""

    format: str
    # None only where the sender gave none and none can be derived (a PagerDuty trigger without a key, a customer
    # report): the caller then generates one, so such a signal always opens a new alert.
    dedup_key: str | None
    action: SignalAction
    title: str
    severity: str | None  # the sender's own word; the plan's routing rules map it to a plan severity
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    occurred_at: datetime | None = None
    group_key: str | None = None
    links: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict[str, Any])
    # What else routing rules may match on, by name: a PagerDuty event's custom_details flattened to
    # "custom_details.<path>". Labels, annotations and these make the normalised view of every format.
    details: dict[str, str] = field(default_factory=dict)
    # The sender's id of this very event where the format has one (CloudEvents: source and id): a redelivery of an
    # event already taken changes nothing.
    event_id: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One HTTP delivery: its events and the top-level fields that are not part of any one event."""

    format: str
    events: list[SignalEvent] = field(default_factory=list)
    envelope: dict[str, Any] = field(default_factory=dict[str, Any])


def labels_fingerprint(labels: dict[str, str]) -> str:
    """A stable identity for an alert that came without a fingerprint: sha256 of its labels, sorted by name."""
    canonical = json.dumps(labels, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def clip_title(text: str) -> str:
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "\u2026"


def parse_timestamp(value: object, path: str) -> datetime:
    """An aware UTC datetime from an RFC 3339 / ISO 8601 string; ``path`` names the field in the error message."""
    if not isinstance(value, str):
        raise InvalidInput(
            f"{path} must be a string, not {json_type(value)}", allowed=_TIMESTAMP_ALLOWED, details={"path": path}
        )
    text = value.strip()
    # RFC 3339 allows a lower-case 'z', which fromisoformat does not read.
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{path} is not a valid timestamp: {value[:64]!r}", allowed=_TIMESTAMP_ALLOWED, details={"path": path}
        ) from None
    # A time without an offset could be any zone; guessing would shift deadlines by hours, so it is refused.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{path} has no UTC offset: {value[:64]!r}", allowed=_TIMESTAMP_ALLOWED, details={"path": path}
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before datetime.min in UTC
        raise InvalidInput(
            f"{path} is out of range: {value[:64]!r}", allowed=_TIMESTAMP_ALLOWED, details={"path": path}
        ) from None


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages that a sender in any language understands."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --- reading wire values: each check names the JSON path of the problem and what is allowed -------------------


def problem(path: str, text: str, allowed: str | None = None) -> InvalidInput:
    """The InvalidInput for a problem at ``path`` (empty for the whole body)."""
    return InvalidInput(f"{path or 'the body'} {text}", allowed=allowed, details={"path": path})


def member(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def show(value: object) -> str:
    """A short rendering of a wrong value; never the whole of a large or nested one."""
    if isinstance(value, str):
        return repr(value[:40] + ("..." if len(value) > 40 else ""))
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)[:40]
    return json_type(value)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def load_json(body: bytes) -> Any:
    """A JSON body, whatever the request's Content-Type said: checked first as the API checks JSON (nesting, UTF-8,
    NUL, each named by its field), so a sender that labels JSON as something else is refused alike on both
    databases."""
    check_json(body, "application/json")
    try:
        return json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        # JSONDecodeError and UnicodeDecodeError are ValueErrors; a deeply nested body exhausts the parser's stack.
        raise InvalidInput(
            f"the body is not valid JSON: {str(error)[:200]}", allowed="a UTF-8 JSON document", details={"path": ""}
        ) from None


def read_object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise problem(path, f"must be a JSON object, not {json_type(value)}")
    return value


@overload
def read_string(
    obj: dict[str, Any],
    key: str,
    path: str,
    *,
    required: Literal[True],
    max_length: int | None = None,
    allowed: str | None = None,
) -> str: ...
@overload
def read_string(
    obj: dict[str, Any],
    key: str,
    path: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    allowed: str | None = None,
) -> str | None: ...
def read_string(
    obj: dict[str, Any],
    key: str,
    path: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    allowed: str | None = None,
) -> str | None:
    where, value = member(path, key), obj.get(key)
    if value is None:
        if required:
            raise problem(where, "is required", allowed)
        return None
    if not isinstance(value, str):
        raise problem(where, f"must be a string, not {json_type(value)}", allowed)
    if required and not value.strip():
        raise problem(where, "must not be empty", allowed)
    if max_length is not None and len(value) > max_length:
        raise problem(where, f"is {len(value)} characters long", f"at most {max_length} characters")
    return value


def read_string_map(obj: dict[str, Any], key: str, path: str) -> dict[str, str]:
    where, value = member(path, key), obj.get(key)
    if value is None:  # Go encodes an empty map as null
        return {}
    if not isinstance(value, dict):
        raise problem(where, f"must be an object of strings, not {json_type(value)}")
    for name, item in value.items():
        if not isinstance(item, str):
            raise problem(
                where,
                f"must be an object of strings, but {show(name)} is {json_type(item)}",
                'string names and string values, for example {"severity": "critical"}',
            )
    return dict(value)


def read_count(obj: dict[str, Any], key: str, path: str) -> None:
    """Check that an optional member is a whole number, 0 or more."""
    value = obj.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise problem(member(path, key), f"must be a whole number, 0 or more, not {show(value)}")


def read_timestamp(obj: dict[str, Any], key: str, path: str, *, zero_is_unset: bool = False) -> datetime | None:
    value = obj.get(key)
    # Alertmanager and Grafana send Go's zero time for "not set" (endsAt of a firing alert).
    if value is None or (zero_is_unset and isinstance(value, str) and value.startswith("0001-01-01T00:00:00")):
        return None
    return parse_timestamp(value, member(path, key))


def read_objects(
    obj: dict[str, Any], key: str, path: str, required: str, optional: tuple[str, ...]
) -> list[dict[str, Any]]:
    """An optional array of objects with one required and some optional string members (PagerDuty links, images)."""
    where, value = member(path, key), obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(where, f"must be an array of objects, not {json_type(value)}")
    items = [read_object(item, f"{where}[{index}]") for index, item in enumerate(value)]
    for index, item in enumerate(items):
        read_string(item, required, f"{where}[{index}]", required=True)
        for name in optional:
            read_string(item, name, f"{where}[{index}]")
    return items


def flatten(value: object, prefix: str, into: dict[str, str], *, depth: int = 0) -> dict[str, str]:
    """Nested objects and arrays as dotted names ("custom_details.model.name", "custom_details.tags.0") with
    string values, so a routing rule can match any of them with a glob pattern."""
    if isinstance(value, dict) and value and depth < 16:
        for key, item in value.items():
            flatten(item, f"{prefix}.{key}", into, depth=depth + 1)
    elif isinstance(value, list) and value and depth < 16:
        for index, item in enumerate(value):
            flatten(item, f"{prefix}.{index}", into, depth=depth + 1)
    elif value is not None:
        into[prefix] = value if isinstance(value, str) else compact_json(value)
    return into


def compact_json(value: object) -> str:
    try:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        return f"({json_type(value)} too deeply nested to show)"
