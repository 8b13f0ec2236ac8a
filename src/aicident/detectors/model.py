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


class GuardTarget(StrEnum):
    """Which text of the interaction a guardrail looked at."""

    INPUT = "input"  # the user's prompt
    OUTPUT = "output"  # the model's answer
    CONTEXT = "context"  # retrieved passages, documents, tool results


@dataclass(frozen=True, slots=True)
class GuardVerdict:
    """What a guardrail tool the application runs (LLM Guard, NeMo Guardrails, Llama Prompt Guard, Lakera Guard,
    Azure AI Content Safety Prompt Shields, its own) said about the interaction, in the tool's own words."""

    guard: str  # the tool, e.g. lakera_guard
    check: str  # what it checked, in its own name: PromptInjection, prompt_attack, pii/email, self check input, ...
    verdict: str | None = None  # its word for the outcome, e.g. flagged, blocked, INJECTION, valid, BENIGN
    score: float | None = None  # its score, when it gives one (higher: more likely a problem)
    target: GuardTarget = GuardTarget.INPUT

    @property
    def flagged(self) -> bool | None:
        """True when the verdict says the check failed, False when it passed, None when there is no verdict."""
        if self.verdict is None:
            return None
        return normalized_word(self.verdict) in FLAGGED_VERDICTS


# The verdict words of the guardrail tools, normalised (normalized_word): flagged or passed. Anything else is refused
# where events are read, so that a verdict never vanishes unread.
FLAGGED_VERDICTS = frozenset(
    {
        "flagged",
        "flag",
        "blocked",
        "block",
        "stop",
        "stopped",
        "refused",
        "refuse",
        "rejected",
        "reject",
        "denied",
        "deny",
        "invalid",
        "unsafe",
        "fail",
        "failed",
        "failure",
        "detected",
        "attack_detected",
        "attack",
        "malicious",
        "injection",
        "jailbreak",
        "true",
        "yes",
        "positive",
        "label_1",
        "harmful",
        "violation",
        "unsafe_content",
    }
)
PASSED_VERDICTS = frozenset(
    {
        "pass",
        "passed",
        "allowed",
        "allow",
        "valid",
        "safe",
        "benign",
        "false",
        "no",
        "negative",
        "label_0",
        "ok",
        "clean",
        "not_detected",
        "no_attack_detected",
        "compliant",
    }
)


def normalized_word(text: str) -> str:
    """A tool's word or name as one lower-case snake_case word: PromptInjection, "self check input" and
    prompt-injection all become their snake_case form; a slash (pii/email) is kept."""
    out: list[str] = []
    previous = ""
    for char in text.strip():
        if char.isupper() and previous and (previous.islower() or previous.isdigit()):
            out.append("_")
        out.append(char.lower() if char.isalnum() or char == "/" else "_")
        previous = char
    word = "".join(out)
    while "__" in word:
        word = word.replace("__", "_")
    return word.strip("_")


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
    guards: tuple[GuardVerdict, ...] = ()  # verdicts of the guardrail tools the application runs


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
