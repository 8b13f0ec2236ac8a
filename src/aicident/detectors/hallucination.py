"""Hallucination harm: claims in an answer that nothing retrieved supports, weighted by how much harm a wrong claim
in that domain does; and spikes of user complaints about a feature.

Grounding (only when the event carries retrieved `context`): numbers, named entities, URLs and citations are pulled
out of `output_text` and looked up in the context passages and the user's input. Numbers are compared as values
(1,000 = 1000 = 1 thousand; 25% = 0.25; three significant digits, so 1.23 million restates 1,234,567), entities by
their words, URLs without scheme and trailing slash, "[2]" against the number of passages, "(Author, 2020)" by the
surname and year, DOIs verbatim. The ungrounded claims are weighted (a dosage, a sum, a citation count for more
than a capitalised word) and multiplied by the harm domain the lexicons see (medical, financial, legal); a finding
is raised when the total passes `threshold`. Crude by design: no model, no parser, a few microseconds per claim.

Complaint spikes (complaints.py): per feature, more complaints in the last hour than the feature's own baseline makes
likely, by an exact test whose false-alarm rate per day is bounded. Pure: no I/O, time only from event.time.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aicident.detectors import redact
from aicident.detectors.claims import (  # noqa: F401 - _ENTITY, _NUMBER*, _key, _number_starts: used by tests
    _AUTHOR_CITATION,
    _BRACKET_CITATION,
    _DOI,
    _ENTITY,
    _ENTITY_BREAKS,
    _GENERIC_ACRONYMS,
    _NO_VALUES,
    _NUMBER_START,
    _NUMBER_WORD,
    _NUMBER_WORDS,
    _SPLIT_BYTES,
    _STOP,
    _TRAILING,
    _URL,
    Claim,
    _candidates,
    _claim,
    _entities,
    _Figures,
    _has_word,
    _key,
    _number_starts,
    _numbers,
    _supported,
    _values,
    _words,
)
from aicident.detectors.complaints import ComplaintSpikes, SpikeRule
from aicident.detectors.model import Evidence, Finding, InteractionEvent
from aicident.detectors.taxonomy import TAXONOMY_VERSIONS
from aicident.detectors.text_options import config_from_options

CATEGORY = "hallucination_harm"
TAXONOMY = {
    "owasp_llm": ["LLM09"],
    "mitre_atlas": ["AML.T0048", "AML.T0062"],
    "versions": TAXONOMY_VERSIONS,
}

MEDICAL_TERMS = (
    "dose",
    "dosage",
    "mg",
    "mcg",
    "ml",
    "milligram",
    "medication",
    "medicine",
    "drug",
    "diagnosis",
    "diagnose",
    "symptom",
    "treatment",
    "prescription",
    "prescribe",
    "tablet",
    "pill",
    "patient",
    "doctor",
    "physician",
    "clinic",
    "hospital",
    "therapy",
    "disease",
    "infection",
    "side effect",
    "allergy",
    "vaccine",
    "surgery",
    "blood pressure",
    "insulin",
    "antibiotic",
    "overdose",
    "pregnant",
    "pregnancy",
)
FINANCIAL_TERMS = (
    "invest",
    "loan",
    "interest rate",
    "apr",
    "refund",
    "mortgage",
    "credit",
    "debt",
    "stock",
    "bond",
    "dividend",
    "portfolio",
    "return on",
    "tax",
    "fee",
    "payment",
    "salary",
    "pension",
    "retirement",
    "insurance premium",
    "balance",
    "account",
    "savings",
    "price",
    "cost",
    "$",
    "€",
    "£",
)
LEGAL_TERMS = (
    "contract",
    "liability",
    "lawsuit",
    "legal",
    "law",
    "court",
    "statute",
    "regulation",
    "attorney",
    "lawyer",
    "clause",
    "jurisdiction",
    "liable",
    "sue",
    "plaintiff",
    "defendant",
    "settlement",
    "compliance",
    "gdpr",
    "warranty",
    "terms of service",
    "penalty",
    "fine",
)


@dataclass(frozen=True, slots=True)
class Config:
    threshold: float = 1.5  # weighted ungrounded score that raises a finding
    passage_cache_size: int = 4096  # retrieved passages whose figures are remembered
    medical_weight: float = 2.0
    financial_weight: float = 1.5
    legal_weight: float = 1.5
    number_weight: float = 1.0  # a number with a unit, currency or percent sign
    bare_number_weight: float = 0.75
    entity_weight: float = 0.75  # a multi-word proper name
    single_entity_weight: float = 0.4  # an acronym or one capitalised word mid-sentence
    link_weight: float = 1.5  # URL, DOI or citation: fabricated references are the classic hallucination
    small_number_max: int = 10  # bare integers up to this are list markers and counts, not claims
    max_claims_reported: int = 5
    spike_bucket_minutes: int = 5
    spike_window_minutes: int = 60
    spike_baseline_hours: int = 24
    spike_min_complaints: int = 5
    spike_factor: float = 3.0  # the window's rate against the baseline's (see complaints.py)
    spike_min_expected: float = 1.0  # the factor is measured against at least this many expected complaints
    spike_min_baseline_events: int = 500  # a window is judged only against a baseline of this many events
    spike_alpha_per_day: float = 0.01  # chance of a false spike per feature and day, spent over the looks
    low_rating_threshold: float = 2.0  # feedback_rating at or below this is a complaint
    max_features: int = 1000
    # Scanned per event: the first 65,536 characters of the output, of the input and of each of the first 20
    # retrieved passages. A claim past them is not checked; a figure past them in a passage does not ground one.
    max_scan_chars: int = 65536
    max_context_passages: int = 20

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options)


@dataclass(frozen=True, slots=True)
class Grounding:
    claims: tuple[Claim, ...]  # every claim found in the output
    ungrounded: tuple[Claim, ...]
    domain: str  # medical, financial, legal, general
    multiplier: float
    score: float


class HallucinationDetector:
    name = "text.hallucination"
    category = CATEGORY

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        c = self.config
        self._domains = (
            ("medical", c.medical_weight, *_lexicon(MEDICAL_TERMS)),
            ("financial", c.financial_weight, *_lexicon(FINANCIAL_TERMS)),
            ("legal", c.legal_weight, *_lexicon(LEGAL_TERMS)),
        )
        self._lexicon_words = frozenset().union(*(single for _, _, single, _ in self._domains))
        self._lexicon_bytes = frozenset(word.encode() for word in self._lexicon_words)
        self._max_multiplier = max(1.0, c.medical_weight, c.financial_weight, c.legal_weight)
        self._spikes = ComplaintSpikes(
            SpikeRule(
                bucket_seconds=c.spike_bucket_minutes * 60.0,
                window_buckets=max(1, c.spike_window_minutes // c.spike_bucket_minutes),
                baseline_buckets=max(1, c.spike_baseline_hours * 60 // c.spike_bucket_minutes),
                min_complaints=c.spike_min_complaints,
                factor=c.spike_factor,
                min_expected=c.spike_min_expected,
                min_baseline_events=c.spike_min_baseline_events,
                alpha_per_day=c.spike_alpha_per_day,
                low_rating_threshold=c.low_rating_threshold,
                max_features=c.max_features,
            ),
            category=CATEGORY,
            detector=self.name,
            taxonomy=TAXONOMY,
        )
        # Retrieval returns the same passages again and again: the figures found in each are kept (bounded).
        self._passage_values: OrderedDict[str, list[Any]] = OrderedDict()

    def observe(self, event: InteractionEvent) -> list[Finding]:
        findings = []
        if event.context and event.output_text:
            cap = self.config.max_scan_chars
            context = tuple(p[:cap] for p in event.context[: self.config.max_context_passages])
            grounding = self._ground(event.output_text[:cap], context, event.input_text[:cap])
            if grounding[4] >= self.config.threshold:  # the score
                findings.append(self._ungrounded_finding(event, Grounding(*grounding)))
        spike = self._spikes.observe(event)
        if spike is not None:
            findings.append(spike)
        return findings

    # --- grounding -------------------------------------------------------------------------------------------------

    def ground(self, output: str, context: tuple[str, ...], given: str = "") -> Grounding:
        """Which claims of `output` the context passages and the input do not support, and the weighted score."""
        return Grounding(*self._ground(output, context, given))

    def _ground(
        self, output: str, context: tuple[str, ...], given: str
    ) -> tuple[tuple[Claim, ...], tuple[Claim, ...], str, float, float]:
        """ground()'s fields, in order (observe makes the Grounding only for a finding)."""
        claims = self._claims(output)
        if not claims:
            return (), (), "general", 1.0, 0.0
        lowered = figures = None  # the joined source for words and links, the figures for numbers: made when needed
        passages = len(context)
        unsupported = []
        raw = 0.0  # sum() of the weights, in the same order
        for claim in claims:
            if claim.kind == "number":
                if figures is None:
                    figures = _Figures(self._figures_of_passage, context, given)
                supported = figures.support(claim.values)
            else:
                if lowered is None:
                    lowered = "\n".join((*context, given)).lower()
                if claim.kind == "entity":  # _supported's last case, inline: most claims that are not numbers
                    for word in claim.words:
                        if not (_has_word(lowered, word) or _has_word(lowered, word.rstrip("s"))):
                            supported = False
                            break
                    else:
                        supported = True
                else:
                    supported = _supported(claim, lowered, figures, passages)
            if not supported:
                unsupported.append(claim)
                raw += claim.weight
        ungrounded = tuple(unsupported)
        if raw * self._max_multiplier < self.config.threshold:
            # Not enough even in the most harmful domain: skip the lexicon lookups.
            return tuple(claims), ungrounded, "general", 1.0, round(raw, 4)
        domain, multiplier = self._domain(output.lower() + "\n" + given.lower())
        return tuple(claims), ungrounded, domain, multiplier, round(raw * multiplier, 4)

    def _figures_of_passage(self, passage: str) -> list[Any]:
        """[figures written in digits, figures written in words or None until asked] of `passage`, remembered."""
        found = self._passage_values.get(passage)
        if found is None:
            found = [frozenset(_values(passage)), None]
            if self.config.passage_cache_size > 0:
                self._passage_values[passage] = found
                if len(self._passage_values) > self.config.passage_cache_size:
                    self._passage_values.popitem(last=False)
        else:
            self._passage_values.move_to_end(passage)
        return found

    def _claims(self, output: str) -> list[Claim]:
        c = self.config
        claims: list[Claim] = []
        taken: list[tuple[int, int]] = []
        for pattern, kind in _link_patterns(output):
            for m in pattern.finditer(output):
                text = m.group().rstrip(_TRAILING) if kind != "citation" else m.group()
                claims.append(Claim(kind, text, c.link_weight, m.start()))
                taken.append((m.start(), m.end()))
        small = c.small_number_max
        for m in _numbers(output):
            start = m.start()
            if taken and any(s <= start < e for s, e in taken):
                continue
            currency, digits, magnitude, unit = m.groups()
            value = float(digits.replace(",", "") if "," in digits else digits)
            marked = bool(currency or magnitude or unit)
            if not marked and value <= small and "." not in digits:
                continue
            claims.append(
                _claim(
                    Claim,
                    (
                        "number",
                        m.group().strip(),
                        c.number_weight if marked else c.bare_number_weight,
                        start,
                        (),
                        _candidates(value, magnitude),
                    ),
                )
            )
        for m in _entities(output):
            start = m.start()
            if taken and any(s <= start < e for s, e in taken):
                continue
            text = m.group()
            if text in _GENERIC_ACRONYMS:
                continue
            lowered = text.lower()
            if text.isalpha():  # one word, nothing to break it at (the common case)
                words = [lowered] if len(lowered) > 1 and lowered not in _STOP else []
            else:
                words = [w for w in lowered.translate(_ENTITY_BREAKS).split() if len(w) > 1 and w not in _STOP]
            if not words:
                continue
            claims.append(
                _claim(
                    Claim,
                    (
                        "entity",
                        text,
                        c.entity_weight if len(words) > 1 else c.single_entity_weight,
                        start,
                        tuple(words),
                        _NO_VALUES,
                    ),
                )
            )
        return claims

    def _domain(self, text: str) -> tuple[str, float]:
        # The text's words that are in any lexicon, found in one pass; each domain then looks at those few. ASCII text
        # is split as bytes (no decoding of every word, only of the few hits).
        hits: set[str] | frozenset[str]
        if text.isascii():
            hits = {
                hit.decode() for hit in self._lexicon_bytes.intersection(text.encode().translate(_SPLIT_BYTES).split())
            }
        else:
            hits = self._lexicon_words.intersection(_words(text))
        best, weight = "general", 1.0
        for name, domain_weight, single, phrases in self._domains:
            if domain_weight > weight and ((hits and not single.isdisjoint(hits)) or any(p in text for p in phrases)):
                best, weight = name, domain_weight
        return best, weight

    def _ungrounded_finding(self, event: InteractionEvent, grounding: Grounding) -> Finding:
        c = self.config
        shown = grounding.ungrounded[: c.max_claims_reported]
        quoted = redact.redact("; ".join(claim.text for claim in shown))
        ratio = grounding.score / c.threshold
        confidence = round(1.0 - 0.5**ratio, 4)
        harmful = grounding.domain != "general"
        severity = "error" if harmful and ratio >= 2 else "warning"
        kinds: dict[str, int] = {}
        for claim in grounding.ungrounded:
            kinds[claim.kind] = kinds.get(claim.kind, 0) + 1
        return Finding(
            category=CATEGORY,
            detector=self.name,
            title=f"Ungrounded {grounding.domain} claims in answer of {event.feature}",
            confidence=confidence,
            severity=severity,
            dedup_key=f"{CATEGORY}:{event.feature}:ungrounded:{grounding.domain}",
            time=event.time,
            feature=event.feature,
            evidence=Evidence(event_ids=(event.id,), excerpt=quoted),
            details={
                "family": "ungrounded",
                "domain": grounding.domain,
                "score": grounding.score,
                "threshold": c.threshold,
                "ungrounded": kinds,
                "claims_checked": len(grounding.claims),
                "context_passages": len(event.context),
                "taxonomy": TAXONOMY,
            },
        )


def _link_patterns(output: str) -> list[tuple[re.Pattern[str], str]]:
    """The reference patterns worth running: those whose marker is in the text ("://" or "www." for URLs, "10." and
    "/" for DOIs, brackets for citations)."""
    links = []
    if (":" in output and "://" in output) or "www." in output:
        links.append((_URL, "url"))
    if "/" in output and "10." in output:  # a DOI holds both
        links.append((_DOI, "doi"))
    if "[" in output:
        links.append((_BRACKET_CITATION, "citation"))
    if "(" in output:
        links.append((_AUTHOR_CITATION, "citation"))
    return links


def _lexicon(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single words (looked up in the text's word set, with their common inflections) and phrases (substrings)."""
    single: set[str] = set()
    for term in terms:
        if " " in term or not term.isalpha():
            continue
        single.update(
            (
                term,
                term + "s",
                term + "es",
                term + "ed",
                term + "ing",
                term + "ment",
                term + "ments",
                term + "al",
                term + "ally",
                term + "ly",
                term + "ions",
                term + "ion",
                term + "ies",
                term + "y",
                term + "ic",
                term + "t",
                term + "d",
                term + "or",
                term + "ors",
                term + "er",
                term + "ers",
                term[:-1] + "ies" if term.endswith("y") else term,
            )
        )
    return frozenset(single), tuple(t for t in terms if " " in t or not t.isalpha())
