"""Prompt injection: direct, jailbreak, system-prompt extraction, indirect (in retrieved context and in the text a
message gives to process), exfiltration links, canary leaks, and sustained attacks by one user or session.

Data is not instructions: a retrieved passage and the quoted part of a user's message (injection_data.py) are
scanned with the context-only rules too (injection_planted.py: an instruction in data addressed to the AI, a
screener or whoever reads it is the attack). Role-play set-ups are also judged by their structure over the whole text
(injection_persona.py: a new identity, rules overridden, answers without limits).

How it scores: each rule is a compiled regex over the normalised text (see normalize.py) with a weight. Most rules
combine concepts rather than list phrasings: a verb of overriding + a noun of instruction + a marker that the
instructions are the model's own ("forget your rules", "disregard the constraints that were set for you"); a verb of
disclosure + the model's own setup text ("paste the instructions you are operating under"); the model or a persona +
freedom from restrictions; a document addressing an AI + an imperative. The weights of the rules that matched close
together (within `evidence_window` characters) combine as independent evidence (noisy-OR: 1 - prod(1 - w)); at
least one rule of weight >= `specific_weight` must match, so generic cues ("pretend", "no restrictions", "system
prompt") raise confidence but never make a finding alone. Obfuscation that mattered (the match only appeared after
decoding or joining letters) or that is suspicious in itself (zero-width, bidi, look-alikes) adds evidence. A match
quoted inside text about attacks, or quoted in a question about the phrase, is discounted: a trade, since an attacker
who quotes his payload loses weight too; canary and rate findings do not depend on it.

A linear model (injection_model.py: logistic regression over the words and word pairs of the normalised text,
trained on the corpus' training pools only by scripts/train_injection_model.py) scores each text first. It is cheap
(one pass over the words) and decides what the rules see: a text it gives less than `model_veto` is not given to the
rules at all (a rule match there would be vetoed), which is most ordinary traffic. A probability of at least
`model_threshold` on a prompt (`model_context_threshold` on a retrieved passage) is a finding even when no rule
matched: phrasings nobody wrote a rule for.

Rules are written for lowercase text; a space in a rule means one to six separators within a clause (never across
.!? or a newline); for the variant whose spaced letters were joined, none are needed ("ignoreallprevious").

Speed (the inline budget is shared by all text detectors): each rule has gate words (GATES, in injection_gates.py)
and runs only when they occur in the text's word set; rules listed in STARTS are tried only at the words a match can
begin with (match at a few positions instead of search at every one); weak rules run only once a specific one
matched. Unit tests check on the corpora that gates never hide a match and that anchored matching finds what search
finds.

Measured limits: see the evaluation of docs/detectors.md (on our own corpora: the test pool
corpora/injection/test-pool-6.jsonl was written by someone who had not seen the rules, the model or the training
pools; corpora/injection/test-planted-and-personas.jsonl by the engineer who wrote the rules for planted
instructions, exfiltration and persona structure) and the leave-one-pool-out figures of
scripts/train_injection_model.py --cv. Retrieved passages are remembered (`context_cache_size`): retrieval returns
the same ones often. Pure: no I/O, and time comes only from event.time.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from aicident.detectors import redact

# The rule table lives in injection_rules.py, its gating in injection_gates.py; GATES and STARTS are re-exported.
from aicident.detectors.injection_data import data_part
from aicident.detectors.injection_gates import GATES, RULES, STARTS, _first_match, _open_rules  # noqa: F401
from aicident.detectors.injection_model import LinearModel, default_model, top_features
from aicident.detectors.injection_persona import Structure, structure
from aicident.detectors.injection_quotes import about_attacks as _about_attacks
from aicident.detectors.injection_quotes import asks_about as _asks_about
from aicident.detectors.injection_quotes import quoted as _quoted
from aicident.detectors.injection_rate import SlidingWindowCounter
from aicident.detectors.injection_rules import Rule
from aicident.detectors.model import Evidence, Finding, InteractionEvent
from aicident.detectors.normalize import (
    BIDI,
    ZERO_WIDTH,
    NormalizedText,
    config_from_options,
    fold,
    normalize,
    tokens_of,
    words_of,
)
from aicident.detectors.normalize import Config as NormalizeConfig

CATEGORY = "prompt_injection"

# Taxonomy hints carried in details (the plan stores the list and its version with each incident).
TAXONOMY_VERSIONS = {"owasp_llm": "OWASP Top 10 for LLM Applications 2025", "mitre_atlas": "MITRE ATLAS data v5"}
ATLAS = {
    "direct": ("AML.T0051.000",),
    "jailbreak": ("AML.T0054",),
    "system_prompt_extraction": ("AML.T0056", "AML.T0051.000"),
    "indirect": ("AML.T0051.001",),
    "exfiltration": ("AML.T0051.001", "AML.T0057"),
    "obfuscation": ("AML.T0068",),
    "canary_leak": ("AML.T0056", "AML.T0057"),
    "sustained_attack": ("AML.T0051",),
}
OWASP = {"canary_leak": ("LLM01", "LLM07"), "exfiltration": ("LLM01", "LLM02")}

# Topic words rather than attack phrasing: discounted whenever the text is about attacks, quoted or not.
_MENTIONS = frozenset({"jailbreak_word", "system_prompt_mention", "developer_mode"})
# Rules matching a form rather than words (an image link that carries data): not an example quoted in a text about
# attacks unless it stands in quotation marks.
_STRUCTURAL = frozenset({"exfil_link"})
_FAMILY_ORDER = ("system_prompt_extraction", "exfiltration", "jailbreak", "direct", "indirect")
_SUSPICIOUS_ALWAYS = ("zero_width", "bidi", "homoglyph", "fullwidth")  # suspicious whether or not they hid the match
_REVEALING = {
    "deobfuscated": ("spacing", "leetspeak"),
    "base64": ("base64",),
    "hex": ("hex",),
    "percent": ("percent",),
    "rot13": ("rot13",),
}


@dataclass(frozen=True, slots=True)
class Config:
    min_confidence: float = 0.5  # below this no finding is raised
    canaries: tuple[str, ...] = ()  # tokens planted in system prompts; one in an output means the prompt leaked
    scan_context: bool = True
    # The part of a user's message that is a text to process (after "Translate this:", between triple quotes, ...:
    # injection_data.py) is scanned as a retrieved passage is: an instruction in it addressed to the AI is planted.
    scan_quoted: bool = True
    max_context_passages: int = 20
    # Per text (an input, each retrieved passage, the quoted part of an input): a longer one is scanned at its first
    # and last 16,384 characters, and what lies between them is not read (the linear model reads the first and last
    # 200 words of each). Cost grows linearly up to this length and stays flat past it.
    max_scan_chars: int = 32768
    evidence_window: int = 160  # characters within which weak cues add up
    specific_weight: float = 0.4  # a finding needs at least one rule this specific
    meta_discount: float = 0.25  # weight kept by a quoted match inside text about attacks
    hidden_char_threshold: int = 3  # zero-width/bidi characters that alone make an "obfuscation" finding
    homoglyph_word_threshold: int = 3
    rate_window_minutes: float = 10.0
    rate_threshold: int = 5  # more than this many attempts in the window by one user or session is sustained
    max_rate_keys: int = 10000  # users + sessions tracked (least recently seen are forgotten)
    excerpt_window: int = 60
    disabled_rules: tuple[str, ...] = ()
    model: bool = True  # the linear model of injection_model.py, alongside the rules
    # A model probability this high on a prompt is a finding without any rule. Chosen by the leave-one-pool-out runs
    # of scripts/train_injection_model.py (each training pool scored by a model trained on the others): with seven
    # pools, 0.75 flagged 0.57% of the benign prompts and found 74% of the attacks alone (0.7: 0.83%, 78%); with nine
    # pools the whole detector flagged 0.67% of benign prompts and found 85% of the attacks. With fourteen pools and
    # hard negatives weighing 6x in training (scripts/train_injection_model.py), 0.7 flagged 0.79% of the benign
    # prompts of three held-out pools (heldout1, heldout5, extra_a) and found 86% of their attacks (0.65: 1.18%, 88%;
    # 0.6: 1.38%, 89%; 0.75 without the weighting: 1.45%, 85%). Raised to 0.75 on 2026-12-07: the model retrained
    # with the pool of planted instructions and personas put four hard-negative prompts of the test split just above
    # 0.7 (0.706-0.717), flagging 1.6% of them and 2.6% of the events with benign passages (their prompts); at 0.75,
    # 0.2% and none, for 0.6 points of recall. This choice looked at the test split (see corpora/README.md); the
    # model committed is a later training (one harmful training request replaced, six negatives added).
    model_threshold: float = 0.75
    # On retrieved passages the model alone needs more: benign documents about prompts, rules and assistants are
    # common in retrieval. In the same runs 0.98 flagged 1 of the 219 distinct benign passages and found 54% of the
    # planted instructions alone (0.95: 3 passages, 67%).
    model_context_threshold: float = 0.98
    # A rule finding needs at least this model probability (prompts and passages alike); texts below it are not
    # given to the rules at all. See _scored.
    # 0.03 since 2026-12-07: with the model retrained on the pool of planted instructions and personas, the rule
    # matches on benign training prompts (and one of the scenario log's) scored 0.021-0.022; 5 of the 11,187 attacks
    # of the train split found score below 0.05.
    model_veto: float = 0.03
    # In a text about attacks (a security question, a paper quoting an attack string) a rule match is as likely an
    # example as an attempt: there it needs this much model probability. In the leave-one-pool-out runs it took the
    # events with benign passages flagged from 5.6% to 3.8% and cost 0.5 points of recall.
    meta_veto: float = 0.5
    quoted_veto: bool = True  # a text whose specific rule matches are all quoted counts as one about attacks
    # Retrieval returns the same passages again and again: their assessments are kept (bounded, oldest dropped).
    context_cache_size: int = 4096

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        config: Config = config_from_options(cls, options)
        return config


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    variant: str
    text: str  # the variant's text, for the excerpt
    start: int
    end: int
    weight: float


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rules saw in one text."""

    confidence: float
    family: str | None
    hits: tuple[Hit, ...]
    features: Mapping[str, int]
    model_score: float = 0.0  # probability from the linear model (0 when it is off)
    model_features: tuple[str, ...] = ()  # the n-grams that pushed its score up most
    # The text talks about attacks (security questions, papers, write-ups) or quotes its rule matches; only looked at
    # for a rule finding the model gives less than `meta_veto` (False otherwise).
    about_attacks: bool = False


# One variant of a text as the rules see it: (variant, text, words or None when joined letters left no word
# boundaries, the rules its gates open (strongest first), whether it is about attacks, word positions by word).
_Prepared = tuple[str, str, frozenset[str] | None, list[Rule], dict[str, bool], dict[str, list[int]]]


class InjectionDetector:
    name = "text.injection"
    category = CATEGORY

    def __init__(
        self,
        config: Config | None = None,
        normalize_config: NormalizeConfig | None = None,
        model: LinearModel | None = None,
    ) -> None:
        self.config = config or Config()
        self.model = (model or default_model()) if self.config.model else None
        self.normalize_config = normalize_config or NormalizeConfig()
        disabled = set(self.config.disabled_rules)
        self._input_rules = tuple(r for r in RULES if r.id not in disabled and not r.context_only)
        self._context_rules = tuple(r for r in RULES if r.id not in disabled)
        self._persona = _PERSONA_RULE.id not in disabled
        self._canaries = tuple(c for c in self.config.canaries if c)
        self._folded_canaries = tuple(fold(c) for c in self._canaries)
        self._passages: OrderedDict[str, tuple[Assessment, NormalizedText]] = OrderedDict()
        self.rate = SlidingWindowCounter(
            window=timedelta(minutes=self.config.rate_window_minutes),
            threshold=self.config.rate_threshold,
            max_keys=self.config.max_rate_keys,
        )

    def assess(self, text: str, *, context: bool = False) -> Assessment:
        """Score one text (an input, or a retrieved passage when `context`)."""
        normalized = normalize(self._bounded(text), self.normalize_config)
        return self._scored(normalized, self._context_rules if context else self._input_rules, context=context)

    def observe(self, event: InteractionEvent) -> list[Finding]:
        findings: list[Finding] = []
        attempted = False
        if event.input_text:
            normalized = normalize(self._bounded(event.input_text), self.normalize_config)
            assessment = self._scored(normalized, self._input_rules, context=False)
            planted = None
            if self._attack(assessment, context=False):
                findings.append(self._attack_finding(event, assessment, normalized, "input"))
                attempted = True
            elif self.config.scan_quoted and (planted := self._planted_finding(event, normalized.original)):
                findings.append(planted)
                attempted = True
            elif self._hidden_enough(assessment.features):
                findings.append(self._obfuscation_finding(event, assessment, normalized))
        if self.config.scan_context and event.context:
            finding = self._indirect_finding(event)
            if finding is not None:
                findings.append(finding)
                attempted = True
        if self._canaries and event.output_text:
            finding = self._canary_finding(event)
            if finding is not None:
                findings.append(finding)
        if attempted:
            findings.extend(self._rate_findings(event))
        return findings

    # --- scoring ---------------------------------------------------------------------------------------------------

    def _scored(self, normalized: NormalizedText, rules: tuple[Rule, ...], *, context: bool) -> Assessment:
        if self.model is None:
            return self._assess(normalized, rules)
        # The model first: it reads every word once (~25 µs) where the rules cost three times that, and a text it
        # gives less than `model_veto` cannot become a finding (a rule match there is vetoed), so the rules are not
        # run on it. Most ordinary traffic stops here.
        score = self.model.score(normalized)
        if score < self.config.model_veto:
            return Assessment(0.0, None, (), normalized.features, round(score, 4))
        assessment = self._assess(normalized, rules)
        # Attack strings quoted as examples (a security question, a test case, a paper) are not attempts unless the
        # model agrees: a text about attacks, or whose specific rule matches all sit inside quotation marks. Looked at
        # only where it can change the decision (a rule finding the model is unsure of).
        about = False
        if assessment.confidence >= self.config.min_confidence and assessment.family and score < self.config.meta_veto:
            specific = [h for h in assessment.hits if h.rule.weight >= self.config.specific_weight]
            structural = any(h.rule.id in _STRUCTURAL and not _quoted(h.text, h.start, h.end) for h in assessment.hits)
            about = (
                bool(specific)
                and not structural
                and (
                    _about_attacks(normalized.folded, normalized.words)
                    or (self.config.quoted_veto and all(_quoted(h.text, h.start, h.end) for h in specific))
                )
            )
        return Assessment(
            assessment.confidence, assessment.family, assessment.hits, assessment.features, round(score, 4), (), about
        )

    def _with_top_features(self, assessment: Assessment, normalized: NormalizedText) -> Assessment:
        """The assessment with the n-grams that weighed most in the model's score (evidence; made for findings only)."""
        if self.model is None or assessment.model_score < 0.5 or assessment.model_features:
            return assessment
        texts = [normalized.tokens] + [
            tokens_of(text) for variant, text in normalized.variants() if variant != "folded"
        ]
        return replace(assessment, model_features=top_features(self.model, texts))

    def _attack(self, assessment: Assessment, *, context: bool) -> bool:
        """Rules and model together: either one sure enough; the model vetoes rule findings it finds implausible."""
        if assessment.confidence >= self.config.min_confidence and assessment.family:
            if self.model is None:
                return True
            veto = self.config.meta_veto if assessment.about_attacks else self.config.model_veto
            return assessment.model_score >= veto
        threshold = self.config.model_context_threshold if context else self.config.model_threshold
        return self.model is not None and assessment.model_score >= threshold

    def _bounded(self, text: str) -> str:
        limit = self.config.max_scan_chars
        if len(text) <= limit:
            return text
        half = limit // 2
        return text[:half] + "\n" + text[-half:]

    def _assess(self, normalized: NormalizedText, rules: tuple[Rule, ...]) -> Assessment:
        prepared = self._prepared(normalized, rules)
        best: dict[str, Hit] = {}
        if self._persona:
            persona = structure(normalized.tokens, normalized.words)
            if persona.weight:
                best[_PERSONA_RULE.id] = _persona_hit(normalized.folded, persona)
        specific = self.config.specific_weight
        # Specific rules first, the strongest first: if none of them matches, weak cues cannot make a finding, so they
        # are not run; once the matches pass the bar of the highest severity, the rest could only add to a sure thing.
        for strong in (True, False):
            if not strong and all(hit.weight < specific for hit in best.values()):
                break  # no specific rule stands (none matched, or all were discounted): weak cues cannot add up
            if _sure(best.values(), self.config.evidence_window):
                break
            self._match_rules(prepared, best, strong)
        if not best:
            return Assessment(0.0, None, (), normalized.features)
        hits = tuple(sorted(best.values(), key=lambda h: -h.weight))
        miss = _miss(_distinct(hits), self.config.evidence_window)
        obfuscation = self._obfuscation_weight(hits, normalized.features)
        miss *= 1.0 - obfuscation
        if hits[0].weight < self.config.specific_weight:
            # Only weak, generic cues ("pretend", "no restrictions", "system prompt"): they raise the confidence of
            # a specific rule but are never a finding on their own, however many of them there are.
            miss = max(miss, 1.0 - hits[0].weight)
        family = _family(hits)
        return Assessment(round(1.0 - miss, 4), family, hits, normalized.features)

    @staticmethod
    def _prepared(normalized: NormalizedText, rules: tuple[Rule, ...]) -> list[_Prepared]:
        """(variant, text, words or None when joined letters left no word boundaries, open rules strongest first,
        meta, positions) for each variant of the text."""
        prepared: list[_Prepared] = []
        for variant, text in normalized.variants():
            if variant == "folded":
                words: frozenset[str] | None = normalized.words
            elif variant == "deobfuscated" and "spacing" in normalized.features:
                words = None  # joined letters: no word boundaries to look up
            else:
                words = words_of(text)
            open_rules = sorted(_open_rules(rules, words, text), key=lambda rule: _RANK[rule.id])
            prepared.append((variant, text, words, open_rules, {}, {}))
        return prepared

    def _match_rules(self, prepared: list[_Prepared], best: dict[str, Hit], strong: bool) -> None:
        """The first match of each open rule (specific ones when `strong`, weak ones otherwise) into `best`."""
        specific = self.config.specific_weight
        for variant, text, words, open_rules, meta, cache in prepared:
            for rule in open_rules:
                if (rule.weight >= specific) != strong:
                    continue
                if rule.id in best and best[rule.id].weight >= rule.weight:
                    continue
                pattern = rule.loose if variant == "deobfuscated" else rule.pattern
                match = _first_match(rule, pattern, text, words, 0, cache)
                if match is None:
                    continue
                if "meta" not in meta:
                    meta["meta"] = _about_attacks(text, words)
                match, weight = self._heaviest_match(rule, pattern, text, words, match, meta["meta"], cache)
                previous = best.get(rule.id)
                if previous is None or weight > previous.weight:
                    best[rule.id] = Hit(rule, variant, text, match.start(), match.end(), weight)
                    if strong and weight >= SURE and _sure(best.values(), self.config.evidence_window):
                        return

    def _heaviest_match(
        self,
        rule: Rule,
        pattern: re.Pattern[str],
        text: str,
        words: frozenset[str] | None,
        match: re.Match[str],
        meta: bool,
        cache: dict[str, list[int]],
    ) -> tuple[re.Match[str], float]:
        """The first match, or a later one that weighs more (a quoted example first, the real attempt later)."""
        weight = self._weight(rule, text, match, meta)
        for _ in range(3):
            if weight >= rule.weight:
                break
            later = _first_match(rule, pattern, text, words, match.end(), cache)
            if later is None:
                break
            later_weight = self._weight(rule, text, later, meta)
            if later_weight > weight:
                match, weight = later, later_weight
        return match, weight

    def _weight(self, rule: Rule, text: str, match: re.Match[str], meta: bool) -> float:
        """A rule's weight, discounted when the match is a quoted example inside text about attacks."""
        quoted = _quoted(text, match.start(), match.end())
        if (meta and (rule.id in _MENTIONS or quoted)) or (quoted and _asks_about(text, match.end())):
            return rule.weight * self.config.meta_discount
        return rule.weight

    @staticmethod
    def _obfuscation_weight(hits: tuple[Hit, ...], features: Mapping[str, int]) -> float:
        found = [f for f in _SUSPICIOUS_ALWAYS if features.get(f)]
        for hit in hits:
            if hit.weight >= 0.3:
                found.extend(f for f in _REVEALING.get(hit.variant, ()) if features.get(f))
        kinds = len(set(found))
        return 0.0 if not kinds else (0.3 if kinds == 1 else 0.45)

    def _hidden_enough(self, features: Mapping[str, int]) -> bool:
        hidden = features.get("zero_width", 0) + features.get("bidi", 0)
        return (
            hidden >= self.config.hidden_char_threshold
            or features.get("homoglyph", 0) >= self.config.homoglyph_word_threshold
        )

    # --- findings --------------------------------------------------------------------------------------------------

    def _attack_finding(
        self, event: InteractionEvent, assessment: Assessment, normalized: NormalizedText, source: str
    ) -> Finding:
        assessment = self._with_top_features(assessment, normalized)
        family = assessment.family or "direct"
        obfuscated = self._obfuscation_kinds(assessment)
        confidence = self._confidence(assessment)
        severity = "error" if confidence >= 0.9 else "warning"
        return self._finding(
            event,
            family,
            f"Prompt injection attempt ({family.replace('_', ' ')}) on {event.feature}",
            confidence,
            severity,
            self._evidence_excerpt(assessment, normalized),
            {
                "source": source,
                "rules": [h.rule.id for h in assessment.hits],
                "variant": assessment.hits[0].variant if assessment.hits else "folded",
                "obfuscation": obfuscated,
                **self._model_details(assessment),
            },
            extra_atlas=("obfuscation",) if obfuscated else (),
        )

    def _indirect_finding(self, event: InteractionEvent) -> Finding | None:
        strongest: tuple[Assessment, NormalizedText, int] | None = None
        flagged: list[int] = []
        for index, passage in enumerate(event.context[: self.config.max_context_passages]):
            if not passage:
                continue
            assessment, normalized = self._passage(passage)
            if self._attack(assessment, context=True):
                flagged.append(index)
                if strongest is None or self._confidence(assessment) > self._confidence(strongest[0]):
                    strongest = (assessment, normalized, index)
        if strongest is None:
            return None
        assessment, normalized, index = strongest
        return self._planted(
            event,
            assessment,
            normalized,
            f"Indirect prompt injection in retrieved context of {event.feature}",
            {"source": "context", "passages": flagged, "strongest_passage": index},
        )

    def _planted_finding(self, event: InteractionEvent, text: str) -> Finding | None:
        """An instruction planted in the text a user's message gives the model to process (see injection_data)."""
        found = data_part(text)
        if found is None:
            return None
        offset, data = found
        normalized = normalize(data, self.normalize_config)
        assessment = self._scored(normalized, self._context_rules, context=True)
        if not self._attack(assessment, context=True):
            return None
        return self._planted(
            event,
            assessment,
            normalized,
            f"Prompt injection planted in the text given to {event.feature}",
            {"source": "input_quoted", "quoted_from": offset},
        )

    def _planted(
        self,
        event: InteractionEvent,
        assessment: Assessment,
        normalized: NormalizedText,
        title: str,
        where: dict[str, object],
    ) -> Finding:
        assessment = self._with_top_features(assessment, normalized)
        obfuscated = self._obfuscation_kinds(assessment)
        confidence = self._confidence(assessment)
        severity = "error" if confidence >= 0.75 else "warning"
        return self._finding(
            event,
            "indirect",
            title,
            confidence,
            severity,
            self._evidence_excerpt(assessment, normalized),
            {
                **where,
                "rules": [h.rule.id for h in assessment.hits],
                "attack_family": assessment.family,
                "obfuscation": obfuscated,
                **self._model_details(assessment),
            },
            extra_atlas=("obfuscation",) if obfuscated else (),
        )

    def _passage(self, passage: str) -> tuple[Assessment, NormalizedText]:
        cached = self._passages.get(passage)
        if cached is not None:
            self._passages.move_to_end(passage)
            return cached
        normalized = normalize(self._bounded(passage), self.normalize_config)
        result = (self._scored(normalized, self._context_rules, context=True), normalized)
        if self.config.context_cache_size > 0:
            self._passages[passage] = result
            if len(self._passages) > self.config.context_cache_size:
                self._passages.popitem(last=False)
        return result

    def _confidence(self, assessment: Assessment) -> float:
        if self.model is not None and assessment.model_score >= min(
            self.config.model_threshold, self.config.model_context_threshold
        ):
            return max(assessment.confidence, assessment.model_score)
        return assessment.confidence

    def _model_details(self, assessment: Assessment) -> dict[str, object]:
        if self.model is None:
            return {}
        return {"model_score": assessment.model_score, "model_features": list(assessment.model_features)}

    def _evidence_excerpt(self, assessment: Assessment, normalized: NormalizedText) -> str:
        # The strongest rule's match; for a finding of the model alone, the words around its strongest n-gram.
        if assessment.hits and assessment.hits[0].weight >= self.config.specific_weight:
            return self._excerpt(assessment.hits[0], normalized)
        for variant, text in normalized.variants():
            for feature in assessment.model_features:
                position = text.find(feature)
                if position >= 0:
                    hit = Hit(_MODEL_RULE, variant, text, position, position + len(feature), assessment.model_score)
                    return self._excerpt(hit, normalized)
        return self._excerpt(assessment.hits[0], normalized) if assessment.hits else ""

    def _obfuscation_finding(
        self, event: InteractionEvent, assessment: Assessment, normalized: NormalizedText
    ) -> Finding:
        features = {k: v for k, v in assessment.features.items() if k in _SUSPICIOUS_ALWAYS}
        quoted = redact.excerpt(
            normalized.original, 0, min(len(normalized.original), 80), window=0, canaries=self._canaries
        )
        return self._finding(
            event,
            "obfuscation",
            f"Hidden or look-alike characters in input to {event.feature}",
            0.55,
            "warning",
            _visible(quoted),
            {"source": "input", "features": features},
        )

    def _canary_finding(self, event: InteractionEvent) -> Finding | None:
        text = event.output_text
        found = [c for c in self._canaries if c in text]
        if not found:
            folded = fold(text)
            found = [c for c, f in zip(self._canaries, self._folded_canaries, strict=False) if f and f in folded]
        if not found:
            return None
        position = text.find(found[0])
        start = max(position, 0)
        quoted = redact.excerpt(
            text, start, start + len(found[0]), window=self.config.excerpt_window, canaries=self._canaries
        )
        return self._finding(
            event,
            "canary_leak",
            f"System prompt leaked: canary token in output of {event.feature}",
            0.99,
            "critical",
            quoted,
            {"source": "output", "canaries_found": len(found)},
        )

    def _rate_findings(self, event: InteractionEvent) -> list[Finding]:
        findings = []
        for scope, who in (("user", event.user), ("session", event.session)):
            if not who:
                continue
            count = self.rate.add(f"{scope}:{who}", event.time)
            if count is None:
                continue
            findings.append(
                self._finding(
                    event,
                    "sustained_attack",
                    f"Sustained prompt injection: {count} attempts by one {scope} in "
                    f"{self.config.rate_window_minutes:g} minutes on {event.feature}",
                    0.95,
                    "error",
                    "",
                    {
                        "scope": scope,
                        scope: who,
                        "attempts": count,
                        "window_minutes": self.config.rate_window_minutes,
                        "threshold": self.config.rate_threshold,
                    },
                )
            )
        return findings

    def _finding(
        self,
        event: InteractionEvent,
        family: str,
        title: str,
        confidence: float,
        severity: str,
        quoted: str,
        details: dict[str, object],
        extra_atlas: tuple[str, ...] = (),
    ) -> Finding:
        atlas = list(ATLAS.get(family, ()))
        for extra in extra_atlas:
            atlas.extend(a for a in ATLAS[extra] if a not in atlas)
        details = {
            **details,
            "family": family,
            "taxonomy": {
                "owasp_llm": list(OWASP.get(family, ("LLM01",))),
                "mitre_atlas": atlas,
                "versions": TAXONOMY_VERSIONS,
            },
        }
        return Finding(
            category=CATEGORY,
            detector=self.name,
            title=title,
            confidence=confidence,
            severity=severity,
            dedup_key=f"{CATEGORY}:{event.feature}:{family}",
            time=event.time,
            feature=event.feature,
            evidence=Evidence(event_ids=(event.id,), excerpt=quoted),
            details=details,
        )

    def _excerpt(self, hit: Hit, normalized: NormalizedText) -> str:
        # Quote the original words when offsets line up; otherwise the decoded/joined text the rule matched.
        source = normalized.original if hit.variant == "folded" and normalized.aligned else hit.text
        quoted = redact.excerpt(source, hit.start, hit.end, window=self.config.excerpt_window, canaries=self._canaries)
        prefix = "" if hit.variant == "folded" else f"[{hit.variant}] "
        return prefix + _visible(quoted)

    @staticmethod
    def _obfuscation_kinds(assessment: Assessment) -> list[str]:
        kinds = {f for f in _SUSPICIOUS_ALWAYS if assessment.features.get(f)}
        for hit in assessment.hits:
            kinds.update(f for f in _REVEALING.get(hit.variant, ()) if assessment.features.get(f))
        return sorted(kinds)


# Stands in for a rule when the model alone found the attack (only for the excerpt).
_MODEL_RULE = Rule("model", "direct", 0.0, re.compile("$^"), re.compile("$^"))
# The persona structure of injection_persona.py, as a rule of the jailbreak family (its weight is the structure's).
_PERSONA_RULE = Rule("persona_structure", "jailbreak", 0.9, re.compile("$^"), re.compile("$^"))


# A confidence this high is a finding of the highest severity (an attack of confidence 0.9 or more is an "error"):
# once the matches so far reach it, matching the weaker rules could only add to a sure thing.
SURE = 0.9


def _sure(hits: Iterable[Hit], reach: int) -> bool:
    """Rule matches that together reach SURE (combined as in _assess: matches close together)."""
    hits = list(hits)
    for anchor in hits:
        miss = 1.0
        for hit in hits:
            if hit.variant == anchor.variant and abs(hit.start - anchor.start) <= reach:
                miss *= 1.0 - hit.weight
        if miss <= 1.0 - SURE:
            return True
    return False


# The order rules are tried in: the strongest first (ties: the family that says most about the attacker's aim), so
# that stopping once sure keeps the family the full evaluation would give.
_RANK = {
    rule.id: (-rule.weight, (*_FAMILY_ORDER, rule.family).index(rule.family), index) for index, rule in enumerate(RULES)
}


def _persona_hit(folded: str, persona: Structure) -> Hit:
    """The persona structure as a hit at its identity words (where the evidence excerpt is taken)."""
    phrase = " ".join(persona.identity)
    start = folded.find(phrase)
    if start < 0:
        start, phrase = max(0, folded.find(persona.identity[0])), persona.identity[0]
    return Hit(_PERSONA_RULE, "folded", folded, start, start + len(phrase), persona.weight)


def _distinct(hits: tuple[Hit, ...]) -> list[Hit]:
    """Rules matching the same words are one piece of evidence, not several: only the strongest counts."""
    counted: list[Hit] = []
    for hit in hits:
        if any(c.variant == hit.variant and c.start < hit.end and hit.start < c.end for c in counted):
            continue
        counted.append(hit)
    return counted


def _miss(counted: list[Hit], reach: int) -> float:
    """The chance that the evidence is no attack. It combines only when it is close together: two weak cues in
    unrelated sentences of a long message ("developer mode" in one question, "pretend" in another) are not one."""
    miss = 1.0
    for anchor in counted:
        near = 1.0
        for hit in counted:
            if hit.variant == anchor.variant and abs(hit.start - anchor.start) <= reach:
                near *= 1.0 - hit.weight
        miss = min(miss, near)
    return miss


def _family(hits: tuple[Hit, ...]) -> str | None:
    totals: dict[str, float] = {}
    for hit in hits:
        totals[hit.rule.family] = max(totals.get(hit.rule.family, 0.0), hit.weight)
    if not totals:
        return None
    top = max(totals.values())
    # Ties go to the more specific family: extraction says what the attacker wanted.
    return next(f for f in _FAMILY_ORDER if totals.get(f) == top)


def _visible(text: str) -> str:
    """Make hidden characters visible in evidence instead of passing them on to whoever reads it."""
    return "".join(f"<U+{ord(c):04X}>" if c in _HIDDEN else c for c in text)


_HIDDEN = frozenset(ZERO_WIDTH + BIDI)
