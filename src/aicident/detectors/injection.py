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
and runs only when they occur in the text's word set; rules listed in STARTS (injection_starts.py) are tried only at
the words a match can begin with (match at a few positions instead of search at every one); weak rules run only once
a specific one matched. Unit tests check on the corpora that gates never hide a match and that anchored matching finds what search
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
from collections.abc import Mapping
from datetime import timedelta

from aicident.detectors import redact

# The rule table lives in injection_rules.py, its gating in injection_gates/_starts.py; GATES and STARTS re-exported.
from aicident.detectors.injection_config import Config
from aicident.detectors.injection_data import data_part
from aicident.detectors.injection_evidence import (
    _MODEL_RULE,
    _PERSONA_RULE,
    SURE,
    Assessment,
    Hit,
    _family,
    _miss,
    _persona_hit,
    _sure,
    _Variant,
)
from aicident.detectors.injection_gates import GATES, RULES, _open_rules  # noqa: F401
from aicident.detectors.injection_model import LinearModel, default_model
from aicident.detectors.injection_persona import structure
from aicident.detectors.injection_quotes import about_attacks as _about_attacks
from aicident.detectors.injection_quotes import asks_about as _asks_about
from aicident.detectors.injection_quotes import quoted as _quoted
from aicident.detectors.injection_rate import SlidingWindowCounter
from aicident.detectors.injection_rules import Rule
from aicident.detectors.injection_starts import STARTS, Positions, _first_match  # noqa: F401
from aicident.detectors.model import Evidence, Finding, InteractionEvent
from aicident.detectors.normalize import (
    BIDI,
    ZERO_WIDTH,
    NormalizedText,
    fold,
    normalize,
)
from aicident.detectors.normalize import Config as NormalizeConfig
from aicident.detectors.taxonomy import INJECTION_ATLAS as ATLAS
from aicident.detectors.taxonomy import INJECTION_OWASP as OWASP
from aicident.detectors.taxonomy import TAXONOMY_VERSIONS

CATEGORY = "prompt_injection"

# Topic words rather than attack phrasing: discounted whenever the text is about attacks, quoted or not.
_MENTIONS = frozenset({"jailbreak_word", "system_prompt_mention", "developer_mode"})
# Rules matching a form rather than words (an image link that carries data): not an example quoted in a text about
# attacks unless it stands in quotation marks.
_STRUCTURAL = frozenset({"exfil_link"})
_SUSPICIOUS_ALWAYS = ("zero_width", "bidi", "homoglyph", "fullwidth")  # suspicious whether or not they hid the match
_REVEALING = {
    "deobfuscated": ("spacing", "leetspeak"),
    "base64": ("base64",),
    "hex": ("hex",),
    "percent": ("percent",),
    "rot13": ("rot13",),
}


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
        scored = self.model.scored(normalized)
        score = scored.probability
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
        # The n-grams that weighed most in the model's score, for the evidence of a finding: from the n-grams the
        # score was summed over, at no more than a set intersection's cost.
        rounded = round(score, 4)
        top = self.model.top(scored) if rounded >= 0.5 else ()
        return Assessment(
            assessment.confidence, assessment.family, assessment.hits, assessment.features, rounded, top, about
        )

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
        prepared = self._prepared(normalized)
        best: dict[str, Hit] = {}
        if self._persona:
            persona = structure(normalized.tokens, normalized.words, normalized.pairs)
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
            self._match_rules(prepared, rules, best, strong)
        if not best:
            return Assessment(0.0, None, (), normalized.features)
        hits = tuple(sorted(best.values(), key=lambda h: -h.weight))
        miss = _miss(hits, self.config.evidence_window)
        obfuscation = self._obfuscation_weight(hits, normalized.features)
        miss *= 1.0 - obfuscation
        if hits[0].weight < self.config.specific_weight:
            # Only weak, generic cues ("pretend", "no restrictions", "system prompt"): they raise the confidence of
            # a specific rule but are never a finding on their own, however many of them there are.
            miss = max(miss, 1.0 - hits[0].weight)
        family = _family(hits)
        return Assessment(round(1.0 - miss, 4), family, hits, normalized.features)

    @staticmethod
    def _prepared(normalized: NormalizedText) -> list[_Variant]:
        """The variants of the text, as the rules see them."""
        joined = "spacing" in normalized.features
        return [
            _Variant(name, text, normalized.words if name == "folded" else None, joined and name == "deobfuscated")
            for name, text in normalized.variants()
        ]

    def _match_rules(
        self, prepared: list[_Variant], rules: tuple[Rule, ...], best: dict[str, Hit], strong: bool
    ) -> None:
        """The first match of each open rule (specific ones when `strong`, weak ones otherwise) into `best`."""
        specific = self.config.specific_weight
        for variant in prepared:
            for index in variant.candidates(rules):
                rule = RULES[index]
                if (rule.weight >= specific) != strong:
                    continue
                if rule.id in best and best[rule.id].weight >= rule.weight:
                    continue
                if not variant.opens(index):
                    continue
                hit = self._hit(rule, variant)
                if hit is None:
                    continue
                previous = best.get(rule.id)
                if previous is None or hit.weight > previous.weight:
                    best[rule.id] = hit
                    if strong and hit.weight >= SURE and _sure(best.values(), self.config.evidence_window):
                        return

    def _hit(self, rule: Rule, variant: _Variant) -> Hit | None:
        """The match of `rule` in the variant that weighs most, or None."""
        pattern = rule.loose if variant.name == "deobfuscated" else rule.pattern
        match = _first_match(rule, pattern, variant.text, variant.words, 0, variant.positions)
        if match is None:
            return None
        if variant.meta is None:
            variant.meta = _about_attacks(variant.text, variant.words)
        match, weight = self._weighed(
            rule, pattern, variant.text, variant.words, match, variant.meta, variant.positions
        )
        return Hit(rule, variant.name, variant.text, match.start(), match.end(), weight)

    def _weighed(
        self,
        rule: Rule,
        pattern: re.Pattern[str],
        text: str,
        words: frozenset[str] | None,
        match: re.Match[str],
        meta: bool,
        cache: Positions,
    ) -> tuple[re.Match[str], float]:
        """The match of `rule` that weighs most, from `match` and up to three later ones (a quoted example first, the
        real attempt later: look further), with its weight."""
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


def _visible(text: str) -> str:
    """Make hidden characters visible in evidence instead of passing them on to whoever reads it."""
    if _HIDDEN.isdisjoint(text):
        return text
    return "".join(f"<U+{ord(c):04X}>" if c in _HIDDEN else c for c in text)


_HIDDEN = frozenset(ZERO_WIDTH + BIDI)
