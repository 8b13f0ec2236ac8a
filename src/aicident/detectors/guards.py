"""Guardrail verdicts as findings: the classifiers a team already runs (LLM Guard, NeMo Guardrails, Llama Prompt Guard,
Lakera Guard, Azure AI Content Safety Prompt Shields, its own) report through the event's `guards`, and their
verdicts enter the same routing as aicident's own detectors (pure: no I/O, no clock).

A verdict is {guard, check, verdict?, score?, target?} in the tool's own words. The check names the category:
`CHECK_CATEGORIES` knows the tools' names for prompt injection, data leaks and hallucination (PromptInjection,
prompt_attack, jailbreak, user_prompt / documents, self check input; Anonymize, Sensitive, Secrets, pii/..., sensitive
data detection; FactualConsistency, self check facts, groundedness), and the plan's `categories` adds or overrides
names. A verdict of a check with no category (toxicity, ban topics, ...) raises nothing unless the plan maps it.

Flagged or not: when the plan sets a threshold for the guard (`thresholds`, by guard or "guard/check"), a verdict that
carries a score is judged by score >= threshold, whatever the tool's own word; otherwise the tool's word decides
(`model.FLAGGED_VERDICTS`), and a bare score is judged against `default_threshold`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from aicident.detectors import redact
from aicident.detectors.model import (
    Evidence,
    Finding,
    GuardTarget,
    GuardVerdict,
    InteractionEvent,
    normalized_word,
)
from aicident.errors import InvalidInput

NAME = "guards"

# Check names (normalised, see model.normalized_word) -> plan category. Names with a slash are looked up whole,
# then by the part before the slash (Lakera's pii/email).
CHECK_CATEGORIES: dict[str, str] = {
    **dict.fromkeys(
        (
            "prompt_injection",
            "injection",
            "prompt_attack",
            "jailbreak",
            "jailbreak_detection",
            "jailbreak_detection_heuristics",
            "prompt_shield",
            "prompt_shields",
            "user_prompt",
            "user_prompt_analysis",
            "documents",
            "documents_analysis",
            "indirect_injection",
            "indirect_prompt_injection",
            "self_check_input",
            "prompt_guard",
            "invisible_text",
        ),
        "prompt_injection",
    ),
    **dict.fromkeys(
        (
            "pii",
            "pii_detection",
            "anonymize",
            "sensitive",
            "sensitive_data",
            "sensitive_data_detection",
            "secrets",
            "data_leak",
            "data_leakage",
            "prompt_leak",
            "system_prompt_leak",
        ),
        "data_leak",
    ),
    **dict.fromkeys(
        (
            "hallucination",
            "factual_consistency",
            "fact_checking",
            "self_check_facts",
            "groundedness",
            "ungrounded",
        ),
        "hallucination_harm",
    ),
}


@dataclass(frozen=True)
class Config:
    default_threshold: float = 0.5  # a verdict that is only a score is flagged at or above this
    thresholds: Mapping[str, float] = field(default_factory=dict)  # "guard" or "guard/check" -> min score
    categories: Mapping[str, str] = field(default_factory=dict)  # check -> plan category, over CHECK_CATEGORIES
    ignore: tuple[str, ...] = ()  # "guard" or "guard/check" whose verdicts raise nothing
    excerpt_chars: int = 160  # of the text the guard looked at, redacted, in the evidence

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        allowed = {"default_threshold", "thresholds", "categories", "ignore", "excerpt_chars"}
        unknown = sorted(set(options) - allowed)
        if unknown:
            raise InvalidInput(
                f"unknown option(s) for detector {NAME}: {', '.join(unknown)}",
                allowed="allowed options: " + ", ".join(sorted(allowed)),
            )
        default = options.get("default_threshold", 0.5)
        if isinstance(default, bool) or not isinstance(default, int | float):
            raise InvalidInput("option default_threshold of detector guards must be a number", allowed="e.g. 0.5")
        excerpt = options.get("excerpt_chars", 160)
        if isinstance(excerpt, bool) or not isinstance(excerpt, int) or excerpt < 0:
            raise InvalidInput("option excerpt_chars of detector guards must be a whole number >= 0")
        ignore = options.get("ignore", [])
        if not isinstance(ignore, list | tuple) or not all(isinstance(x, str) for x in ignore):
            raise InvalidInput("option ignore of detector guards must be a list of strings", allowed='["llm_guard"]')
        return cls(
            default_threshold=float(default),
            thresholds={_key(k): float(cast(float, v)) for k, v in _table(options, "thresholds", (int, float)).items()},
            categories={normalized_word(k): str(v) for k, v in _table(options, "categories", (str,)).items()},
            ignore=tuple(_key(x) for x in ignore),
            excerpt_chars=excerpt,
        )


def _table(options: Mapping[str, object], name: str, kinds: tuple[type, ...]) -> dict[str, object]:
    value = options.get(name, {})
    if not isinstance(value, Mapping) or not all(
        isinstance(v, kinds) and not isinstance(v, bool) for v in value.values()
    ):
        example = (
            '{ lakera_guard = 0.9, "llm_guard/PromptInjection" = 0.8 }'
            if name == "thresholds"
            else ('{ toxicity = "hallucination_harm" }')
        )
        raise InvalidInput(f"option {name} of detector guards must be a table", allowed=f"e.g. {name} = {example}")
    return dict(value)


def _key(name: str) -> str:
    """A plan's "guard" or "guard/check" as verdicts are matched: each part normalised."""
    guard, _, check = name.partition("/")
    return normalized_word(guard) + ("/" + normalized_word(check) if check else "")


def _category(check: str, overrides: Mapping[str, str]) -> str | None:
    for name in (check, check.split("/", 1)[0]):
        category = overrides.get(name) or CHECK_CATEGORIES.get(name)
        if category:
            return category
    return None


class GuardDetector:
    """Turns each flagged guardrail verdict of an event into a finding of the check's category."""

    name = NAME
    category = "prompt_injection"  # the most common; each finding carries its own check's category

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._ignore = frozenset(self.config.ignore)

    def observe(self, event: InteractionEvent) -> list[Finding]:
        if not event.guards:
            return []
        findings = []
        for verdict in event.guards:
            finding = self._judge(event, verdict)
            if finding is not None:
                findings.append(finding)
        return findings

    def _judge(self, event: InteractionEvent, verdict: GuardVerdict) -> Finding | None:
        guard, check = normalized_word(verdict.guard), normalized_word(verdict.check)
        if guard in self._ignore or f"{guard}/{check}" in self._ignore:
            return None
        category = _category(check, self.config.categories)
        if category is None:
            return None
        thresholds = self.config.thresholds
        threshold = thresholds.get(f"{guard}/{check}", thresholds.get(guard))
        if threshold is not None and verdict.score is not None:
            flagged, rule = verdict.score >= threshold, f"score >= {threshold:g} (the plan's threshold)"
        elif verdict.flagged is not None:
            flagged, rule = verdict.flagged, "the guard's verdict"
        else:
            threshold = self.config.default_threshold
            flagged, rule = (verdict.score or 0.0) >= threshold, f"score >= {threshold:g} (default threshold)"
        if not flagged:
            return None
        return self._finding(event, verdict, category, rule, threshold)

    def _finding(
        self, event: InteractionEvent, verdict: GuardVerdict, category: str, rule: str, threshold: float | None
    ) -> Finding:
        score = verdict.score
        said = " ".join(part for part in (verdict.verdict, None if score is None else f"score {score:g}") if part)
        details: dict[str, object] = {
            "guard": verdict.guard,
            "check": verdict.check,
            "verdict": verdict.verdict,
            "score": score,
            "target": verdict.target.value,
            "rule": rule,
            "threshold": threshold,
        }
        return Finding(
            category=category,
            detector=NAME,
            title=f"{verdict.guard} flagged {verdict.check} in {event.feature}'s {verdict.target.value} ({said})",
            confidence=min(0.99, max(0.5, score)) if score is not None and 0 <= score <= 1 else 0.9,
            severity="error" if score is None or score >= 0.9 else "warning",
            dedup_key=f"{category}:{event.feature}:guard:{normalized_word(verdict.guard)}",
            time=event.time,
            feature=event.feature,
            evidence=Evidence(event_ids=(event.id,), excerpt=self._excerpt(event, verdict.target)),
            details=details,
            provider=event.provider,
            model=event.request_model or event.response_model,
        )

    def _excerpt(self, event: InteractionEvent, target: GuardTarget) -> str:
        limit = self.config.excerpt_chars
        if limit == 0:
            return ""
        if target is GuardTarget.OUTPUT:
            text = event.output_text
        elif target is GuardTarget.CONTEXT:
            text = " | ".join(event.context)
        else:
            text = event.input_text
        # The start of that text, redacted and widened so no value is cut: evidence must not repeat a leak.
        return redact.excerpt(text, 0, min(len(text), limit), window=0, limit=limit) if text else ""
