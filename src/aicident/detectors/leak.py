"""Data leaks in model output: personal data, secrets, canary strings, and confidential text quoted back.

What counts: a validated value (see redact.scan) in `output_text` that the user did not give the model themselves,
is not on the allow-list, and is not a documentation placeholder (example.com, the AWS docs key). Each entity type
is its own finding family (dedup key `data_leak:<feature>:<entity>`), so a model that starts printing card numbers
is one incident however many cards it prints, and a separate one from the same model printing API keys.

Confidential text (system prompts, documents registered in the plan) is matched by word n-gram shingles: the share
of the registered text's 8-word shingles (or of the output's, whichever is smaller) that occur in the output. Exact
and near-exact quotes (a changed word breaks only the n shingles around it) score high; paraphrase does not, which
is what this is for.

Evidence never repeats a leaked value: excerpts are redacted, counts and rule names go into details, and a
confidential-text finding quotes nothing at all. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from aicident.detectors import phones, redact
from aicident.detectors.model import Evidence, Finding, InteractionEvent
from aicident.detectors.taxonomy import TAXONOMY_VERSIONS
from aicident.detectors.text_options import config_from_options
from aicident.errors import InvalidInput

CATEGORY = "data_leak"

LABELS = {
    "card": "Payment card number",
    "iban": "IBAN",
    "ssn": "US Social Security number",
    "uk_nino": "UK National Insurance number",
    "es_dni": "Spanish DNI/NIE",
    "email": "Email address",
    "phone": "Phone number",
    "address": "Street address",
    "ip_address": "IP address",
    "aws_access_key": "AWS access key id",
    "github_token": "GitHub token",
    "slack_token": "Slack token",
    "stripe_key": "Stripe live key",
    "google_api_key": "Google API key",
    "private_key": "Private key",
    "jwt": "JSON Web Token",
    "generic_secret": "Secret (high-entropy value next to a key word)",
    "canary": "Canary string",
    "confidential_text": "Confidential text",
}
# Severity words as monitoring tools say them; the plan's routing maps them to plan severities.
SEVERITY = {
    "card": "critical",
    "iban": "critical",
    "ssn": "critical",
    "uk_nino": "critical",
    "es_dni": "critical",
    "email": "warning",
    "phone": "warning",
    "address": "warning",
    "ip_address": "warning",
    "aws_access_key": "critical",
    "github_token": "critical",
    "slack_token": "critical",
    "stripe_key": "critical",
    "google_api_key": "error",
    "private_key": "critical",
    "jwt": "error",
    "generic_secret": "error",
    "canary": "critical",
    "confidential_text": "error",
}
# Published documentation values: printing them is not a leak.
KNOWN_EXAMPLES = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
_RESERVED_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|org|net)|[a-z0-9-]+\.(?:test|example|invalid|localhost))$")
_TOKEN = re.compile(r"[a-z0-9]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_NOT_DIGIT = re.compile(r"\D")
# The same deletions on ASCII text, by bytes.translate: a regex sub costs microseconds on a long value (a private key).
_ASCII_NOT_ALNUM = bytes(i for i in range(128) if not (48 <= i <= 57 or 97 <= i <= 122))
_ASCII_NOT_DIGIT = bytes(i for i in range(128) if not 48 <= i <= 57)


@dataclass(frozen=True, slots=True)
class Config:
    scan_input: bool = False  # also report personal data users type in (a privacy, not a model, problem)
    entities: tuple[str, ...] = redact.ENTITIES
    allow_values: tuple[str, ...] = ()  # the company's own support email, phone, address ...
    allow_email_domains: tuple[str, ...] = ()  # e.g. the company's no-reply domain (reserved domains always are)
    ignore_values_from_input: bool = True  # repeating back what the user typed is not a leak
    canaries: tuple[str, ...] = ()  # planted in prompts or training data
    confidential_texts: Mapping[str, str] = field(default_factory=dict)  # id -> text (e.g. system prompts)
    shingle_size: int = 8
    overlap_threshold: float = 0.5
    min_overlap_shingles: int = 3
    entropy_threshold: float = 3.5  # bits per character for a generic secret (scaled down for hex)
    min_secret_length: int = 20
    bulk_threshold: int = 5  # this many values of one type in one output makes any type critical
    excerpt_window: int = 40
    # Scanned per text: the first 65,536 characters of an output (and of an input with scan_input); what lies past
    # them is not scanned (a model that prints a leak after 64 KB of text is not seen in that event).
    max_scan_chars: int = 65536
    # Regions (ISO 3166-1 alpha-2) whose national phone formats libphonenumber tries, in order, for a number written
    # without its country code; a number with one (+33 ..., 0049 ...) is validated whatever the region.
    phone_regions: tuple[str, ...] = phones.DEFAULT_REGIONS

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        config: Config = config_from_options(cls, options)
        unknown = sorted(set(config.entities) - set(redact.ENTITIES))
        if unknown:
            raise InvalidInput(
                f"unknown entities for {cls.__qualname__}: {', '.join(unknown)}", allowed=", ".join(redact.ENTITIES)
            )
        regions = [r for r in config.phone_regions if not phones.known_region(r)]
        if regions:
            raise InvalidInput(
                f"unknown phone regions for {cls.__qualname__}: {', '.join(regions)}",
                allowed="ISO 3166-1 alpha-2 country codes, e.g. US, GB, DE",
            )
        return config


@dataclass(frozen=True, slots=True)
class _Registered:
    id: str
    size: int  # shingle size used for this text (smaller than the configured one for very short texts)
    total: int  # distinct shingles


class LeakDetector:
    name = "text.leak"
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._entities = frozenset(self.config.entities)
        self._phone_regions = tuple(r.upper() for r in self.config.phone_regions)
        self._canaries = tuple(c for c in self.config.canaries if c)
        self._allowed = frozenset(_canonical(v) for v in (*self.config.allow_values, *KNOWN_EXAMPLES))
        self._allowed_digits = tuple(a for a in self._allowed if a.isdigit() and len(a) >= 7)
        self._allowed_domains = tuple(d.lower().lstrip("@.") for d in self.config.allow_email_domains)
        self._registered: list[_Registered] = []
        self._index: dict[int, dict[int, list[str]]] = {}  # shingle size -> hash -> ids
        for text_id, text in self.config.confidential_texts.items():
            self._register(text_id, text)

    def _register(self, text_id: str, text: str) -> None:
        tokens = _TOKEN.findall(text.lower())
        if len(tokens) < 3:
            return  # too short to tell a quote from a coincidence
        size = min(self.config.shingle_size, len(tokens))
        shingles = _shingles(tokens, size)
        self._registered.append(_Registered(text_id, size, len(shingles)))
        index = self._index.setdefault(size, {})
        for h in shingles:
            index.setdefault(h, []).append(text_id)

    def observe(self, event: InteractionEvent) -> list[Finding]:
        findings: list[Finding] = []
        output = event.output_text[: self.config.max_scan_chars]
        if output:
            every = self._scan_all(output)
            if every:  # most outputs hold nothing: no lists to filter and group
                matches = self._leaks(every, given=event.input_text)
                findings.extend(self._entity_findings(event, output, matches, every, "output"))
            if self._registered:
                findings.extend(self._confidential_findings(event, output))
        if self.config.scan_input and event.input_text:
            text = event.input_text[: self.config.max_scan_chars]
            every = self._scan_all(text)
            if every:
                matches = [m for m in self._leaks(every) if m.entity != "canary"]
                findings.extend(self._entity_findings(event, text, matches, every, "input"))
        return findings

    def scan(self, text: str, *, given: str = "") -> list[redact.Match]:
        """The sensitive values in `text` that count as leaks (allow-lists and user-given values removed)."""
        return self._leaks(self._scan_all(text), given=given)

    def _scan_all(self, text: str) -> list[redact.Match]:
        return redact.scan(
            text,
            entities=self._entities,
            canaries=self._canaries,
            entropy_threshold=self.config.entropy_threshold,
            min_secret_length=self.config.min_secret_length,
            phone_regions=self._phone_regions,
        )

    def _leaks(self, matches: list[redact.Match], *, given: str = "") -> list[redact.Match]:
        ignore_given = self.config.ignore_values_from_input and given
        return [
            m
            for m in matches
            if m.entity == "canary" or not (self._is_allowed(m) or (ignore_given and m.value in given))
        ]

    def _is_allowed(self, match: redact.Match) -> bool:
        canonical = _canonical(match.value)
        if canonical in self._allowed:
            return True
        if match.entity == "email":
            domain = canonical.rsplit("@", 1)[-1]
            if _RESERVED_DOMAIN.search(domain):
                return True
            return any(domain == d or domain.endswith("." + d) for d in self._allowed_domains)
        if match.entity == "phone" and self._allowed_digits:
            return any(canonical.endswith(a) or a.endswith(canonical) for a in self._allowed_digits)
        return False

    def _entity_findings(
        self, event: InteractionEvent, text: str, matches: list[redact.Match], every: list[redact.Match], source: str
    ) -> list[Finding]:
        by_entity: dict[str, list[redact.Match]] = {}
        for m in matches:
            by_entity.setdefault(m.entity, []).append(m)
        findings = []
        for entity, found in by_entity.items():
            first = found[0]
            bulk = len(found) >= self.config.bulk_threshold
            severity = "critical" if bulk else SEVERITY[entity]
            if source == "input" and not bulk:
                severity = "warning"
            # Redact every value found in the text, not only this type's: the excerpt may hold several.
            quoted = _excerpt(text, first.start, first.end, every, self.config.excerpt_window)
            kind = "secret" if entity in redact.SECRET_ENTITIES or entity == "canary" else "pii"
            details: dict[str, object] = {
                "entity": entity,
                "kind": kind,
                "source": source,
                "count": len(found),
                "rules": sorted({m.rule for m in found}),
                "taxonomy": _taxonomy(entity),
            }
            if entity == "card":
                details["brands"] = sorted({m.rule.split(":", 1)[1] for m in found})
            suffix = "" if source == "output" else ":input"
            where = "output of" if source == "output" else "input to"
            findings.append(
                Finding(
                    category=CATEGORY,
                    detector=self.name,
                    title=f"{LABELS[entity]} in {where} {event.feature}",
                    confidence=max(m.confidence for m in found),
                    severity=severity,
                    dedup_key=f"{CATEGORY}:{event.feature}:{entity}{suffix}",
                    time=event.time,
                    feature=event.feature,
                    evidence=Evidence(event_ids=(event.id,), excerpt=quoted),
                    details=details,
                )
            )
        return findings

    def _confidential_findings(self, event: InteractionEvent, output: str) -> list[Finding]:
        if not self._registered:
            return []
        tokens = _TOKEN.findall(output.lower())
        matched: dict[str, int] = {}
        output_totals: dict[int, int] = {}
        for size, index in self._index.items():
            shingles = _shingles(tokens, size)
            output_totals[size] = len(shingles)
            for h in shingles:
                for text_id in index.get(h, ()):
                    matched[text_id] = matched.get(text_id, 0) + 1
        findings = []
        for registered in self._registered:
            count = matched.get(registered.id, 0)
            if count < min(self.config.min_overlap_shingles, registered.total):
                continue
            ratio = count / max(1, min(registered.total, output_totals[registered.size]))
            if ratio < self.config.overlap_threshold:
                continue
            in_use = event.system_prompt_id == registered.id
            findings.append(
                Finding(
                    category=CATEGORY,
                    detector=self.name,
                    title=f"Confidential text '{registered.id}' reproduced in output of {event.feature}",
                    confidence=round(min(0.99, 0.6 + 0.4 * ratio), 4),
                    severity="critical" if ratio >= 0.9 else SEVERITY["confidential_text"],
                    dedup_key=f"{CATEGORY}:{event.feature}:confidential_text:{registered.id}",
                    time=event.time,
                    feature=event.feature,
                    evidence=Evidence(
                        event_ids=(event.id,),
                        excerpt=f"[CONFIDENTIAL:{registered.id}] {count} of {registered.total} "
                        f"{registered.size}-word shingles reproduced",
                    ),
                    details={
                        "entity": "confidential_text",
                        "kind": "confidential",
                        "source": "output",
                        "text_id": registered.id,
                        "overlap_ratio": round(ratio, 4),
                        "shingles_matched": count,
                        "shingle_size": registered.size,
                        "system_prompt_in_use": in_use,
                        "taxonomy": _taxonomy("confidential_text"),
                    },
                )
            )
        return findings


def _shingles(tokens: list[str], size: int) -> set[int]:
    # Python's string hash is stable within a process, which is all an in-memory index needs.
    return {hash(tuple(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def _canonical(value: str) -> str:
    value = value.strip().lower()
    if "@" in value:
        return value
    if value.isascii():
        raw = value.encode()
        stripped = raw.translate(None, _ASCII_NOT_ALNUM).decode()
        digits = raw.translate(None, _ASCII_NOT_DIGIT).decode()
    else:
        stripped = _NOT_ALNUM.sub("", value)
        digits = _NOT_DIGIT.sub("", value)
    return digits if digits and len(digits) >= 0.6 * len(stripped) and len(digits) >= 7 else stripped


def _excerpt(text: str, start: int, end: int, matches: list[redact.Match], window: int) -> str:
    quoted = redact.excerpt(text, start, end, window=window, known=matches)
    # Belt and braces: the excerpt's own scan may miss a value that only validated in the full text's context
    # (an SSN whose keyword fell outside the window); no matched value may survive into evidence.
    for m in matches:
        if m.value in quoted:
            quoted = quoted.replace(m.value, redact.PLACEHOLDERS.get(m.entity, "[REDACTED]"))
    return quoted


def _taxonomy(entity: str) -> dict[str, object]:
    if entity in ("confidential_text", "canary"):
        owasp, atlas = ["LLM07", "LLM02"], ["AML.T0056", "AML.T0057"]
    else:
        owasp, atlas = ["LLM02"], ["AML.T0057", "AML.T0024"]
    return {"owasp_llm": owasp, "mitre_atlas": atlas, "versions": TAXONOMY_VERSIONS}
