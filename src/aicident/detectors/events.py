"""Interaction events from JSON: our field names, or the OpenTelemetry GenAI attribute names (pure)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

from aicident.detectors.model import (
    EVENT_FIELDS_OTEL,
    FLAGGED_VERDICTS,
    PASSED_VERDICTS,
    GuardTarget,
    GuardVerdict,
    InteractionEvent,
    Outcome,
    normalized_word,
)
from aicident.errors import InvalidInput

_TEXT = (
    "application",
    "feature",
    "user",
    "session",
    "provider",
    "request_model",
    "response_model",
    "prompt_version",
    "system_prompt_id",
    "error_code",
    "decision",
    "complaint",
)
_NUMBER = ("latency_ms", "score", "feedback_rating", "eval_score")
_COUNT = ("input_tokens", "output_tokens")
_KNOWN = {
    "id",
    "time",
    "input_text",
    "output_text",
    "context",
    "outcome",
    "finish_reasons",
    "attributes",
    "guards",
    *_TEXT,
    *_NUMBER,
    *_COUNT,
}
_OTEL_TO_OURS = {otel: ours for ours, otel in EVENT_FIELDS_OTEL.items()}
MAX_TEXT = 200_000
MAX_GUARDS = 32  # verdicts per event
MAX_GUARD_NAME = 100
_GUARD_KEYS = {"guard", "check", "verdict", "score", "target"}


def _fail(where: str, message: str, allowed: str | None = None) -> InvalidInput:
    return InvalidInput(f"{where}: {message}", allowed=allowed)


def parse_event(document: object, where: str = "event") -> InteractionEvent:
    """One event object -> InteractionEvent; unknown keys are refused so that typos do not vanish silently."""
    if not isinstance(document, Mapping):
        raise _fail(where, "must be a JSON object")
    given: Mapping[str, object] = document  # JSON: the keys are strings
    data = {_OTEL_TO_OURS.get(key, key): value for key, value in given.items()}
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}", allowed=", ".join(sorted(_KNOWN)))
    for required in ("id", "time", "application", "feature"):
        if data.get(required) in (None, ""):
            raise _fail(f"{where}.{required}", "is required")
    fields: dict[str, object] = {"id": str(data["id"]), "time": _time(data["time"], f"{where}.time")}
    fields.update(_scalars(data, where))
    for name in ("context", "finish_reasons"):
        value = data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(f"{where}.{name}", "must be a list of strings")
        fields[name] = tuple(value)
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, Mapping) or not all(isinstance(v, str) for v in attributes.values()):
        raise _fail(f"{where}.attributes", "must be an object of strings")
    fields["attributes"] = dict(attributes)
    outcome = data.get("outcome") or "ok"
    if outcome not in {o.value for o in Outcome}:
        raise _fail(f"{where}.outcome", f"{outcome!r} is not an outcome", ", ".join(o.value for o in Outcome))
    fields["outcome"] = Outcome(outcome)
    fields["guards"] = parse_guards(data.get("guards"), f"{where}.guards")
    return InteractionEvent(**fields)  # type: ignore[arg-type]


def _time(value: object, where: str) -> datetime:
    try:
        time = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise _fail(where, f"{value!r} is not an ISO 8601 time", "e.g. 2026-11-29T14:05:00Z") from None
    if time.tzinfo is None:
        raise _fail(where, "has no UTC offset", "e.g. 2026-11-29T14:05:00Z")
    return time.astimezone(UTC)


def _scalars(data: Mapping[str, object], where: str) -> dict[str, object]:
    """The text, number and count fields."""
    fields: dict[str, object] = {}
    for name in _TEXT:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise _fail(f"{where}.{name}", "must be a string")
        fields[name] = value
    for name in ("input_text", "output_text"):
        value = data.get(name) or ""
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise _fail(f"{where}.{name}", f"must be a string of at most {MAX_TEXT} characters")
        fields[name] = value
    for name in _NUMBER:
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise _fail(f"{where}.{name}", "must be a number")
        fields[name] = None if value is None else float(value)
    for name in _COUNT:
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise _fail(f"{where}.{name}", "must be a whole number, 0 or more")
        fields[name] = value
    return fields


def parse_guards(value: object, where: str) -> tuple[GuardVerdict, ...]:
    """`guards`: a list of {"guard", "check", "verdict"?, "score"?, "target"?}, each with a verdict or a score."""
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_GUARDS:
        raise _fail(where, f"must be a list of at most {MAX_GUARDS} guard verdicts")
    return tuple(_guard(item, f"{where}[{index}]") for index, item in enumerate(value))


def _guard(item: object, where: str) -> GuardVerdict:
    if not isinstance(item, Mapping):
        raise _fail(where, "must be an object", '{"guard": ..., "check": ..., "verdict": ..., "score": ...}')
    unknown = sorted(set(item) - _GUARD_KEYS)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}", allowed=", ".join(sorted(_GUARD_KEYS)))
    names = {}
    for name in ("guard", "check"):
        text = item.get(name)
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_GUARD_NAME:
            raise _fail(f"{where}.{name}", f"is required: a name of at most {MAX_GUARD_NAME} characters")
        names[name] = text.strip()
    verdict, score = item.get("verdict"), item.get("score")
    if verdict is None and score is None:
        raise _fail(where, "needs a verdict, a score or both")
    if verdict is not None and (
        not isinstance(verdict, str) or normalized_word(verdict) not in FLAGGED_VERDICTS | PASSED_VERDICTS
    ):
        raise _fail(
            f"{where}.verdict",
            f"{verdict!r} is not a verdict word aicident knows",
            allowed="flagged: "
            + ", ".join(sorted(FLAGGED_VERDICTS))
            + "; passed: "
            + ", ".join(sorted(PASSED_VERDICTS)),
        )
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score)
    ):
        raise _fail(f"{where}.score", "must be a finite number")
    target = item.get("target") or "input"
    if target not in {t.value for t in GuardTarget}:
        raise _fail(f"{where}.target", f"{target!r} is not a target", ", ".join(t.value for t in GuardTarget))
    return GuardVerdict(
        guard=names["guard"],
        check=names["check"],
        verdict=verdict,
        score=None if score is None else float(score),
        target=GuardTarget(target),
    )


def parse_events(body: bytes, media_type: str | None) -> list[InteractionEvent]:
    """A JSON array of events, or NDJSON (one object a line)."""
    text = body.decode("utf-8", errors="strict") if body else ""
    if media_type and "ndjson" in media_type or (text.lstrip()[:1] == "{"):
        return list(iter_jsonl(text.splitlines()))
    try:
        documents = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"the body is not JSON: {error.msg} at line {error.lineno}",
            allowed="a JSON array of events, or NDJSON (application/x-ndjson)",
        ) from None
    if not isinstance(documents, list):
        raise InvalidInput("the body must be a JSON array of events", allowed="[{...}, ...] or NDJSON")
    return [parse_event(d, f"[{i}]") for i, d in enumerate(documents)]


def iter_jsonl(lines: Iterable[str]) -> Iterator[InteractionEvent]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"line {number} is not JSON: {error.msg}") from None
        yield parse_event(document, f"line {number}")
