"""Interaction events and findings: what detectors read and what they raise (pure: no I/O, no clock).

Field names follow the OpenTelemetry GenAI semantic conventions where they exist (gen_ai.provider.name,
gen_ai.request.model, gen_ai.response.model, gen_ai.response.finish_reasons, gen_ai.usage.input_tokens,
gen_ai.usage.output_tokens); `EVENT_FIELDS_OTEL` maps ours to theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    OK = "ok"
    ERROR = "error"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    REFUSAL = "refusal"


@dataclass(frozen=True, slots=True)
class InteractionEvent:
    """One AI interaction as the application saw it."""

    id: str
    time: datetime  # timezone-aware UTC
    application: str
    feature: str
    user: str | None = None  # pseudonymous
    session: str | None = None
    provider: str | None = None  # gen_ai.provider.name (the vendor)
    request_model: str | None = None  # gen_ai.request.model
    response_model: str | None = None  # gen_ai.response.model (the version that answered)
    prompt_version: str | None = None
    system_prompt_id: str | None = None  # which registered system prompt (confidential text) was in use
    input_text: str = ""
    output_text: str = ""
    context: tuple[str, ...] = ()  # retrieved passages given to the model
    latency_ms: float | None = None
    outcome: Outcome = Outcome.OK
    error_code: str | None = None
    finish_reasons: tuple[str, ...] = ()  # gen_ai.response.finish_reasons
    input_tokens: int | None = None  # gen_ai.usage.input_tokens
    output_tokens: int | None = None  # gen_ai.usage.output_tokens
    decision: str | None = None  # the decision the AI made or supported, e.g. "approved"
    score: float | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)  # protected attributes the plan names
    feedback_rating: float | None = None  # e.g. 1 (bad) .. 5 (good)
    complaint: str | None = None
    eval_score: float | None = None  # an online evaluator's quality score, 0..1


EVENT_FIELDS_OTEL = {
    "provider": "gen_ai.provider.name",
    "request_model": "gen_ai.request.model",
    "response_model": "gen_ai.response.model",
    "finish_reasons": "gen_ai.response.finish_reasons",
    "input_tokens": "gen_ai.usage.input_tokens",
    "output_tokens": "gen_ai.usage.output_tokens",
}


class FindingAction(StrEnum):
    TRIGGER = "trigger"
    RESOLVE = "resolve"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the finding was seen. `excerpt` is redacted: evidence of a leak must not repeat the leak."""

    event_ids: tuple[str, ...]
    excerpt: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    category: str  # a plan category id: prompt_injection, data_leak, hallucination_harm, bias_incident,
    #                model_degradation, vendor_outage
    detector: str
    title: str
    confidence: float  # 0..1
    severity: str  # the detector's own word, as monitoring tools say it: critical, error, warning, info;
    #                the plan's routing maps it to a plan severity
    dedup_key: str  # stable for the same underlying problem, so repeats add occurrences to one incident
    time: datetime
    feature: str
    evidence: Evidence
    details: Mapping[str, object] = field(default_factory=dict)
    action: FindingAction = FindingAction.TRIGGER
    provider: str | None = None  # the vendor the finding is about, when it is about one (a label of its signal)
    model: str | None = None  # the model (requested, or answered when none was requested), likewise


def resolve_times(started: datetime, resolved: datetime) -> dict[str, object]:
    """What a resolving finding says about the incident's span: when it was found, when it ended, how long."""
    return {
        "started_at": started.isoformat(),
        "resolved_at": resolved.isoformat(),
        "duration_seconds": round((resolved - started).total_seconds(), 3),
    }


class Detector(Protocol):
    """A detector sees events one at a time, in time order, and returns what it finds now."""

    name: str
    category: str

    def observe(self, event: InteractionEvent) -> list[Finding]: ...
