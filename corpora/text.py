"""Labelled corpora for the text detectors: injection, data leak and hallucination, made by seeded generators.

Nothing is downloaded. Every corpus has a train split (for tuning rules and thresholds) and a held-back test split
that differs from it in *phrasing*, not only in filler values:

* injection: the test split is made of the sixth blind pool (injection/test-pool-6.jsonl), written blind after the
  rules were tuned, and of a pool of planted instructions, exfiltration links, personas, harmful requests and
  documents (injection/test-planted-and-personas.jsonl) written by the engineer who wrote their rules
  (corpora/README.md says what each was used for). The earlier test pools (the four tuning pools and the five
  former blind test pools, in the order they were written) each had their test run and then became training data;
  `evaluate()` reports the current pools, with harmful-but-direct requests and documents to process as negative
  classes of their own. The examples are direct overrides, jailbreaks (DAN, developer mode,
  role-play, grandma), system-prompt extraction, indirect injections inside retrieved passages, and obfuscated
  variants of the direct and extraction attacks (base64, hex, rot13, zero-width, leetspeak, spaced letters, Cyrillic
  look-alikes, fullwidth). Negatives are ordinary prompts, hard negatives (benign prompts that mention instructions,
  rules, prompts, developer mode, or quote attacks while discussing them) and benign retrieved passages, each
  reported separately.
* leak: the template sentences and hard-negative sentences are split two-thirds / one-third; the values come from the
  same generators (cards of every brand, Mastercard 2-series included, IBANs of ten countries, SSNs, NINOs, DNIs,
  emails, phones, IP addresses, US addresses, each secret type), so the test split measures the formats the
  generators cover,
  not unseen formats. Negatives: Luhn-failing card look-alikes, order numbers, dates, versions, UUIDs, git SHAs,
  prices, placeholder keys.
* hallucination: scenarios (a passage, grounded answers that restate its figures in other formats, ungrounded
  answers that add numbers, names, URLs or citations) in medical, financial, legal and general domains, split by
  scenario.

The generators live in injection_text.py, leak_text.py and hallucination_text.py, their data in injection/, leak/
and hallucination/; this module re-exports their public names (and those of common.py).

`evaluate(seed)` runs each detector on the test split and returns EvalResult rows.
"""

from __future__ import annotations

from aicident.detectors.evaluation import EvalResult
from aicident.detectors.hallucination import HallucinationDetector
from aicident.detectors.injection import InjectionDetector
from aicident.detectors.leak import LeakDetector
from aicident.detectors.normalize import rot13

from .common import T0, Corpus, Example, _event  # noqa: F401 - re-exported

# The generators live in one module per detector; their names are re-exported here for callers (and evaluate()).
from .hallucination_text import hallucination_corpus
from .injection_text import injection_corpus
from .leak_text import (
    CARD_PREFIXES,
    IBAN_BBAN,
    PII_TYPES,
    SECRET_TYPES,
    _luhn_complete,
    leak_corpus,
    make_card,
    make_entity,
    make_iban,
)

__all__ = [
    "CARD_PREFIXES",
    "IBAN_BBAN",
    "PII_TYPES",
    "SECRET_TYPES",
    "T0",
    "Corpus",
    "EvalResult",
    "Example",
    "_luhn_complete",
    "evaluate",
    "hallucination_corpus",
    "injection_corpus",
    "leak_corpus",
    "make_card",
    "make_entity",
    "make_iban",
    "rot13",
]


def _row(detector: str, category: str, pairs: list[tuple[bool, bool]], note: str, split: str = "test") -> EvalResult:
    tp = sum(1 for actual, predicted in pairs if actual and predicted)
    fp = sum(1 for actual, predicted in pairs if not actual and predicted)
    fn = sum(1 for actual, predicted in pairs if actual and not predicted)
    tn = sum(1 for actual, predicted in pairs if not actual and not predicted)
    return EvalResult(detector, category, split, tp, fp, fn, tn, note)


def evaluate(seed: int = 7, split: str = "test") -> list[EvalResult]:
    """Each text detector on the held-back split (pass split="train" only when tuning)."""
    rows: list[EvalResult] = []
    injection = InjectionDetector()
    examples = getattr(injection_corpus(seed), split)
    flagged = [(ex, any(f.category == "prompt_injection" for f in injection.observe(ex.event))) for ex in examples]
    negatives = [(False, p) for ex, p in flagged if not ex.positive]
    rows.append(
        _row(
            "text.injection",
            "prompt_injection",
            [(ex.positive, p) for ex, p in flagged],
            "event flagged; negatives are benign prompts and passages incl. hard negatives",
            split,
        )
    )
    for family in sorted({ex.family for ex, _ in flagged if ex.positive}):
        rows.append(
            _row(
                f"text.injection[{family}]",
                "prompt_injection",
                [(True, p) for ex, p in flagged if ex.family == family] + negatives,
                "recall on this family; false positives on all benign",
                split,
            )
        )
    positives = [(True, p) for ex, p in flagged if ex.positive]
    for family, note in (
        ("benign_ordinary", "everyday prompts (no attack vocabulary on purpose)"),
        ("benign_harmful", "harmful but direct requests (asking for harm is not an injection)"),
        ("benign", "hard negatives: benign prompts that use attack vocabulary"),
        ("benign_documents", "hard negatives: documents users ask to process, nothing planted in them"),
        ("benign_context", "benign retrieved passages (with hard negatives)"),
    ):
        subset = [(False, p) for ex, p in flagged if ex.family == family]
        if subset:
            rows.append(
                _row(
                    f"text.injection[vs {family}]",
                    "prompt_injection",
                    positives + subset,
                    f"all attacks against {note}",
                    split,
                )
            )

    leak = LeakDetector()
    examples = getattr(leak_corpus(seed), split)
    found = [(ex, {f.details.get("entity") for f in leak.observe(ex.event)}) for ex in examples]
    for group, types in (("pii", PII_TYPES), ("secrets", SECRET_TYPES)):
        pairs = [(t in ex.entities, t in seen) for ex, seen in found for t in types]
        rows.append(
            _row(
                f"text.leak[{group}]",
                "data_leak",
                pairs,
                "(example, entity type) pairs: micro-averaged over types",
                split,
            )
        )
    for t in PII_TYPES + SECRET_TYPES:
        rows.append(
            _row(
                f"text.leak[{t}]",
                "data_leak",
                [(t in ex.entities, t in seen) for ex, seen in found],
                "example flagged with this entity type",
                split,
            )
        )

    hallucination = HallucinationDetector()
    examples = getattr(hallucination_corpus(seed), split)
    flagged = [(ex, bool(hallucination.observe(ex.event))) for ex in examples]
    rows.append(
        _row(
            "text.hallucination",
            "hallucination_harm",
            [(ex.positive, p) for ex, p in flagged],
            "answer flagged as ungrounded",
            split,
        )
    )
    for domain in ("medical", "financial", "legal", "general"):
        rows.append(
            _row(
                f"text.hallucination[{domain}]",
                "hallucination_harm",
                [(ex.positive, p) for ex, p in flagged if ex.family == domain],
                "answers of this domain",
                split,
            )
        )
    return rows
