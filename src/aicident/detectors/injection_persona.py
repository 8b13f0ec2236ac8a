"""Role-play jailbreaks found by their structure rather than by trigger words.

A persona jailbreak does three things, in whatever words and however many paragraphs apart: it gives the model a new
identity ("your name is Vex", "you will act as", "from now on you are"), says that identity is free of the rules the
model was given ("Vex was never given the guidelines", "not bound by", "those principles do not apply here"), and
demands answers without limits ("answers everything", "never refuses", "no warnings or caveats", "no matter how
illegal"); often it also tells the model to stay in character. Each rule of injection_rules.py sees one clause; a
long preamble spreads these parts over paragraphs, beyond the distance within which weak cues add up. So the parts
are looked for here over the whole text, as phrases of words (one pass over the text's words, linear in its
length), and their combination is the evidence:

* identity + rules overridden + answers without limits (everything, or without refusals and warnings): `STRONG`;
* identity + answers without refusals or warnings, with a second phrase of answering without limits or a demand to
  stay in character: `LIKELY`;
* otherwise nothing: a persona with a task ("you are Sam, a travel agent; answer any question about flights")
  has an identity and no freedom from rules, and "no limits to your imagination" without a demand to answer
  everything is a writing prompt.

A phrase is a sequence of words where "*" stands for any one word. The phrases are indexed by a pair of their words
side by side (or, for a phrase without one, a word): a text's candidates are the phrases whose key is among its word
pairs or words (a set intersection). A phrase of one or two words is then found; a longer one, or one with "*", is
looked for as a substring of the text's words joined by spaces (once all its words are in the text's word set).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import islice

STRONG = 0.9
LIKELY = 0.7

_IDENTITY = """
you are now | you are going to be | you re going to be | you will be | you will now be | you are to be |
you re now | you are * now | from now on you | from now on * you are | for the rest of * conversation you |
act as | acting as | act like | roleplay as | role play as | play the role | play the character | play a character |
take on the role | take on the persona | take on a new | adopt the persona | adopt a new | assume the role |
assume the persona | pretend to be | pretend you are | pretend that you are | imagine you are |
your name is | your new name | you are called | you will be called | you shall be called | new identity |
new persona | a persona called | a persona named | a character called | a character named | named * who |
you will embody | embody | you will simulate | simulate a | i want you to act | i want you to be |
i want you to pretend | i want you to become | you will become | become | let s play a game |
in this roleplay | in this role play | in this story you | you will play | you are playing |
you are no longer | you re no longer | stay in character | stays in character | you are * | you re *
"""
_OVERRIDE = """
not bound by | isn t bound by | is not bound | are not bound | no longer bound | never bound | unbound by |
free from * rules | free of * rules | free from the | free of the | broken free | break free | freed from |
has no rules | has no restrictions | has no filters | has no guidelines | has no ethics | has no morals |
has no boundaries | has no limits | has no moral | has no ethical | have no rules | have no restrictions |
have no filters | have no guidelines | have no limits | have no boundaries | no ethical | no moral |
no content policy | no content filter | no censorship | without ethics | without censorship | without any ethical |
without any moral | rules do not | rules don t | guidelines do not | guidelines don t |
never given the | was never given | were never given | never been given | never had any |
does not follow | doesn t follow | don t follow | do not follow | never follows | never follow |
ignores the rules | ignores all | ignore all | do not apply | don t apply | does not apply | doesn t apply |
no longer apply | no longer applies | not apply here | not running | is switched off | are switched off |
overrides | override any | override all | override your | supersede | supersedes | takes precedence |
take precedence | instead of your | replaces your | replace your | unlike chatgpt | unlike other | unlike the |
unlike you | unlike your | not an ai | not a language model | not an assistant | no longer an |
does not exist | doesn t exist | not exist here | forget that you are | forget you are | forget the assistant |
nature wins | no programming | outside of any | beyond any rules | above the rules | above any rules
"""
# Answering everything: a demand without limits only next to other parts ("answer anything about cooking" is a task).
_UNLIMITED = """
answers everything | answer everything | answers anything | answer anything | answers whatever | answer whatever |
will answer anything | whatever the subject | whatever the topic | whatever the question | whatever is asked |
whatever he is asked | whatever she is asked | whatever it is asked | will do anything | can do anything |
can say anything | will say anything | completely and in detail | always complies | always comply |
no questions asked | without hesitation | never hesitates
"""
# Answering without the limits of safety: refusals, warnings and legality waived.
_REFUSAL = """
never refuses | never refuse | never declines | never decline | never says no | never say no |
never says that * cannot | never says * can t | never says * cannot | never say you can t | never say you cannot |
never says that he | never says that she | never says that it | cannot refuse | can t refuse | won t refuse |
will not refuse | must not refuse | do not refuse | don t refuse | refuses nothing | refuse nothing |
not allowed to refuse | never adds warnings | never add warnings | never adds * warnings | no warnings |
without warnings | no disclaimers | without disclaimers | no caveats | without caveats | never warns | never warn |
never lectures | never lecture | no lectures | little lectures | no moralizing | no moralising |
without moralizing | without moralising | never moralizes | never moralises | no matter how illegal |
no matter how dangerous | no matter how unethical | no matter how immoral | no matter how harmful |
no matter how offensive | no matter how explicit | regardless of legality | regardless of ethics |
regardless of morality | regardless of the law | regardless of consequences | regardless of how dangerous |
regardless of how illegal | nothing is off limits | anything goes | uncensored | unfiltered | amoral |
does not judge | doesn t judge | never judges | does not care about | doesn t care about | never points |
never redirects | illegal or not | legal or not | dangerous or not | even if it is illegal |
even if it is dangerous | even if it is harmful | even if illegal | ethics do not | morals do not
"""
_PERSIST = """
stay in character | stays in character | remain in character | never break character | break character |
breaking character | if you slip | if you break | if you forget | stay as | stays * no matter | remind you |
return to * immediately | go back to being | you must stay | you will stay | never leave the role
"""


def _phrases(spec: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in spec.replace("\n", " ").split("|") if p.strip())


_KINDS = ("identity", "override", "unlimited", "refusal", "persist")
# How many phrases of each kind after the identity structure() needs: whether there are any, and for refusals and
# unlimited answers whether there are two together. Looking for more phrases once these are found changes nothing.
_ENOUGH = {"override": 1, "unlimited": 2, "refusal": 2, "persist": 1}

# A word pair of the text, as the text's words in order give them.
Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: frozenset[str]  # all its words must be in the text (a set lookup in C) before it is looked for
    # Likewise its pairs of words side by side (those without a "*"): a phrase of three words or more whose pairs are
    # not all among the text's is not in it, and the text is not searched for it.
    pairs: frozenset[Pair]
    needle: str  # " word word " in the text's words joined by spaces
    pattern: re.Pattern[str] | None  # for a phrase with "*"
    # One or two words without "*": the phrase is in the text exactly when its word (pair) is, no search needed.
    exact: bool


def _compiled(phrase: tuple[str, ...]) -> _Phrase:
    needle = " " + " ".join(phrase) + " "
    pattern = None
    if "*" in phrase:
        pattern = re.compile(" " + " ".join(r"\S+" if w == "*" else re.escape(w) for w in phrase) + " ")
    pairs = frozenset((a, b) for a, b in zip(phrase, phrase[1:], strict=False) if "*" not in (a, b))
    return _Phrase(
        frozenset(w for w in phrase if w != "*"), pairs, needle, pattern, len(phrase) <= 2 and "*" not in phrase
    )


def _key(phrase: tuple[str, ...]) -> Pair | str:
    """What a text must hold for `phrase` to be in it: its first pair of words side by side without a "*" between
    them, or (with none) its longest word."""
    for first, second in zip(phrase, phrase[1:], strict=False):
        if "*" not in (first, second):
            return first, second
    return max((w for w in phrase if w != "*"), key=len)


@dataclass(frozen=True, slots=True)
class _Kind:
    """The phrases of one part, indexed by their keys: a text's candidates are found by a set intersection (in C)
    with its word pairs and words, instead of by looking for every phrase."""

    phrases: tuple[_Phrase, ...]
    by_pair: dict[Pair, tuple[int, ...]]
    by_word: dict[str, tuple[int, ...]]
    pairs: frozenset[Pair]
    words: frozenset[str]


def _kind(spec: str) -> _Kind:
    phrases = _phrases(spec)
    by_pair: dict[Pair, tuple[int, ...]] = {}
    by_word: dict[str, tuple[int, ...]] = {}
    for index, phrase in enumerate(phrases):
        key = _key(phrase)
        if isinstance(key, tuple):
            by_pair[key] = (*by_pair.get(key, ()), index)
        else:
            by_word[key] = (*by_word.get(key, ()), index)
    return _Kind(tuple(map(_compiled, phrases)), by_pair, by_word, frozenset(by_pair), frozenset(by_word))


_BY_KIND = {
    kind: _kind(spec) for kind, spec in zip(_KINDS, (_IDENTITY, _OVERRIDE, _UNLIMITED, _REFUSAL, _PERSIST), strict=True)
}
# The words an identity phrase can start with: a text with none of them has no persona set-up.
GATE = frozenset(p.needle.split()[0] for p in _BY_KIND["identity"].phrases)


class _Text:
    """One text as the phrases are looked for in it: its words, word pairs, and (made once, when a phrase with more
    than two words or a "*" needs it) its words joined by spaces."""

    __slots__ = ("tokens", "words", "pairs", "_joined")

    def __init__(self, tokens: Sequence[str], words: frozenset[str], pairs: AbstractSet[Pair]) -> None:
        self.tokens, self.words, self.pairs = tokens, words, pairs
        self._joined: str | None = None

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = " " + " ".join(self.tokens) + " "
        return self._joined


def _present(kind: _Kind, text: _Text, enough: int | None = None) -> list[str]:
    """The phrases of `kind` in the text, in the order they are listed (a phrase with "*" as the words it matched);
    with `enough`, only the first that many (the structure needs no more)."""
    candidates = [i for key in kind.pairs.intersection(text.pairs) for i in kind.by_pair[key]]
    candidates += [i for key in kind.words.intersection(text.words) for i in kind.by_word[key]]
    out = []
    for index in sorted(candidates):
        phrase = kind.phrases[index]
        if phrase.exact:
            out.append(phrase.needle)
        elif phrase.words <= text.words and phrase.pairs <= text.pairs:
            if phrase.pattern is None:
                if phrase.needle in text.joined:
                    out.append(phrase.needle)
            else:
                m = phrase.pattern.search(text.joined)
                if m is not None:
                    out.append(m.group())
        if enough is not None and len(out) >= enough:
            break
    return out


@dataclass(frozen=True, slots=True)
class Structure:
    """What a text's persona parts add up to: a weight (0 when they do not) and the words of the identity part."""

    weight: float
    identity: tuple[str, ...] = ()
    found: tuple[str, ...] = ()  # the kinds found, for the finding's details


def structure(tokens: Sequence[str], words: frozenset[str], pairs: AbstractSet[Pair] | None = None) -> Structure:
    """The persona structure of a text, from its words in order (`words`: the same as a set, for the gate; `pairs`:
    its pairs of words side by side, made here when not given)."""
    if GATE.isdisjoint(words):
        return Structure(0.0)
    text = _Text(
        tokens, words, frozenset(zip(tokens, islice(tokens, 1, None), strict=False)) if pairs is None else pairs
    )
    identities = _present(_BY_KIND["identity"], text)
    if not identities:
        return Structure(0.0)
    found = {kind: _present(_BY_KIND[kind], text, _ENOUGH[kind]) for kind in _KINDS[1:]}
    found["identity"] = identities
    identity = tuple(min(identities, key=text.joined.find).split())
    kinds = tuple(k for k in _KINDS if found[k])
    refusal, unlimited = len(found["refusal"]), len(found["unlimited"])
    if found["override"] and (refusal or unlimited):
        return Structure(STRONG, identity, kinds)
    if refusal and (refusal + unlimited >= 2 or found["persist"]):
        return Structure(LIKELY, identity, kinds)
    return Structure(0.0, identity, kinds)
