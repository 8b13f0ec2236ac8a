"""How the injection rules' matches become evidence: hits, the order rules are tried in, when the matches so far are
sure, how close matches combine into one confidence, and which family they name.

Used by injection.py. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aicident.detectors.injection_gates import RULES, _candidates, _opens
from aicident.detectors.injection_persona import Structure
from aicident.detectors.injection_rules import Rule
from aicident.detectors.injection_starts import Positions
from aicident.detectors.normalize import words_of

_FAMILY_ORDER = ("system_prompt_extraction", "exfiltration", "jailbreak", "direct", "indirect")


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


class _Variant:
    """One variant of a text as the rules see it. Its words and candidate rules are made when the rules first get to
    it (once the matches are sure, later variants are not looked at), and a candidate's other gate groups are checked
    only when its turn comes (the weak rules' never are when the specific ones settle the text)."""

    __slots__ = ("name", "text", "words", "joined", "_candidates", "checked", "meta", "positions")

    def __init__(self, name: str, text: str, words: frozenset[str] | None, joined: bool = False) -> None:
        self.name, self.text, self.words = name, text, words  # words: made by candidates() when not given
        self.joined = joined  # letters joined (spaced-letter tricks undone): no word boundaries to look up
        self._candidates: list[int] | None = None
        self.checked = False  # the candidates' gates are all checked already
        self.meta: bool | None = None  # whether it is about attacks, found once a rule matches
        self.positions = Positions()  # where each start word is (see _first_match)

    def candidates(self, rules: tuple[Rule, ...]) -> list[int]:
        """Indexes into RULES of the candidate rules, strongest first."""
        if self._candidates is None:
            if self.words is None and not self.joined:
                self.words = words_of(self.text)
            self._candidates, self.checked = _candidates(rules, self.words, self.text, _RANK_ORDER)
        return self._candidates

    def opens(self, index: int) -> bool:
        """Whether all the gates of the candidate RULES[index] open."""
        return self.checked or self.words is None or _opens(index, self.words, self.text)


# Stands in for a rule when the model alone found the attack (only for the excerpt).
_MODEL_RULE = Rule("model", "direct", 0.0, re.compile("$^"), re.compile("$^"))
# The persona structure of injection_persona.py, as a rule of the jailbreak family (its weight is the structure's).
_PERSONA_RULE = Rule("persona_structure", "jailbreak", 0.9, re.compile("$^"), re.compile("$^"))


# A confidence this high is a finding of the highest severity (an attack of confidence 0.9 or more is an "error"):
# once the matches so far reach it, matching the weaker rules could only add to a sure thing.
SURE = 0.9


def _miss(hits: tuple[Hit, ...], reach: int) -> float:
    """The chance that the hits (strongest first) are all wrong, combining only evidence close together: rules
    matching the same words are one piece of evidence, not several (only the strongest counts), and two weak cues in
    unrelated sentences of a long message ("developer mode" in one question, "pretend" in another) are not one
    attack."""
    counted: list[Hit] = []
    for hit in hits:
        if any(c.variant == hit.variant and c.start < hit.end and hit.start < c.end for c in counted):
            continue
        counted.append(hit)
    miss = 1.0
    for anchor in counted:
        near = 1.0
        for hit in counted:
            if hit.variant == anchor.variant and abs(hit.start - anchor.start) <= reach:
                near *= 1.0 - hit.weight
        miss = min(miss, near)
    return miss


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

# Each rule's place in that order, by its index in RULES (a sort key looked up in C).
_RANKED = sorted(range(len(RULES)), key=lambda i: _RANK[RULES[i].id])
_RANK_ORDER = tuple(_RANKED.index(i) for i in range(len(RULES)))


def _persona_hit(folded: str, persona: Structure) -> Hit:
    """The persona structure as a hit at its identity words (where the evidence excerpt is taken)."""
    phrase = " ".join(persona.identity)
    start = folded.find(phrase)
    if start < 0:
        start, phrase = max(0, folded.find(persona.identity[0])), persona.identity[0]
    return Hit(_PERSONA_RULE, "folded", folded, start, start + len(phrase), persona.weight)


def _family(hits: tuple[Hit, ...]) -> str | None:
    totals: dict[str, float] = {}
    for hit in hits:
        totals[hit.rule.family] = max(totals.get(hit.rule.family, 0.0), hit.weight)
    if not totals:
        return None
    top = max(totals.values())
    # Ties go to the more specific family: extraction says what the attacker wanted.
    return next(f for f in _FAMILY_ORDER if totals.get(f) == top)
