"""A small linear model of prompt injection: logistic regression over word n-grams of the normalised text.

Why: the rules (injection_rules.py) recognise the concepts they were written for; phrasings nobody wrote a rule for
slip through. The model scores the words and word pairs of a text against weights learned from the corpus' training
pools only (scripts/train_injection_model.py writes injection_model.json; the test pool never reaches it). The detector combines the two (see injection.py).

Features are binary: a unigram or bigram counts once however often it occurs, over the union of the text's
variants (folded, deobfuscated, decoded), so an encoded attack shows the words it hides. The score is the bias plus
the weights of the features present, scaled by 1/sqrt(number of words, at least MIN_SCALE_TOKENS) so that long
texts do not add up many small weights into a large one. Pure Python at run time: a dict lookup per feature.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from itertools import chain, islice, repeat
from operator import itemgetter
from typing import NamedTuple

from aicident.detectors.normalize import _LEET_CHAR, NormalizedText, tokens_of

MAX_TOKENS = 400  # per variant: a long text is scored on its head and tail
# Short texts are scaled as if they had this many words: three words of a greeting must not weigh like a paragraph.
MIN_SCALE_TOKENS = 12


def tokens(text: str, words: list[str] | None = None) -> list[str]:
    """The words of a folded text, in order (`words`: the same, already split by normalize())."""
    out = tokens_of(text) if words is None else words
    if len(out) > MAX_TOKENS:
        half = MAX_TOKENS // 2
        out = out[:half] + out[-half:]
    return out


def features(
    texts: list[str] | tuple[str, ...], heads: frozenset[str] | None = None, first_tokens: list[str] | None = None
) -> tuple[set[str], int]:
    """Unigrams and bigrams (joined by a space) of all the texts, and how many words they have.

    With `heads`, only the bigrams starting with one of those words are built: the model has no weight for the
    others, and making a string of every word pair was most of the cost of scoring.
    """
    out: set[str] = set()
    count = 0
    for i, text in enumerate(texts):
        words = tokens(text, first_tokens if i == 0 else None)
        count += len(words)
        out.update(words)
        if heads is None:
            out.update(map(" ".join, zip(words, words[1:], strict=False)))
        else:
            present = heads.intersection(words)
            if present:
                out.update([a + " " + b for a, b in zip(words, words[1:], strict=False) if a in present])
    return out, count


def variant_texts(normalized: NormalizedText) -> list[str]:
    return [text for _, text in normalized.variants()]


# An n-gram's weight and its place among those top() may name (NOT_NAMED for the rest); a unigram is keyed by its
# word, a bigram by its pair of words.
Entry = tuple[float, int]
Gram = str | tuple[str, str]


def _gram(key: str) -> Gram:
    """An n-gram's key as a text's words and word pairs are looked up: a word, or a bigram's pair of words."""
    first, _space, second = key.partition(" ")
    return (first, second) if second else key


NOT_NAMED = 1 << 30
# top() looks among the places below this first: the strongest n-grams of the model (see top()).
TOP_FIRST = 128


# ASCII letters and digits as "a", every other byte a space: the words of a text are its runs of "a" (as tokens_of()).
_ALNUM_CLASSES = bytes(97 if chr(i).isalnum() else 32 for i in range(128)) + b" " * 128


def _leet_grams(normalized: NormalizedText) -> tuple[Iterable[Gram], int] | None:
    """The n-grams of a text whose deobfuscated variant only mapped leetspeak ("1gn0r3" is "ignore", "x@y" is "xay":
    as long as the folded text, character for character), none decoded, not cut; None for any other text.

    A mapped character becomes a letter, so the other words of the variant, and the pairs of them side by side, are
    the folded text's; only those holding a mapped character are new. They are read from the variant around each
    mapped word, one word either side: the folded text's sets, and these."""
    words, folded, deobfuscated = normalized.tokens, normalized.folded, normalized.deobfuscated
    if (
        deobfuscated is None
        or normalized.decoded
        or not normalized.pairs
        or len(words) > MAX_TOKENS
        or len(deobfuscated) != len(folded)
        or not deobfuscated.isascii()
    ):
        return None
    count = len(tokens_of(deobfuscated))
    if count > MAX_TOKENS:
        return None
    marked = deobfuscated.encode().translate(_ALNUM_CLASSES)
    size = len(marked)
    unigrams: set[str] = set()
    bigrams: set[tuple[str, str]] = set()
    done = 0  # the end of the last mapped word read
    for leet in _LEET_CHAR.finditer(folded):
        i = leet.start()
        if i < done or deobfuscated[i] == folded[i]:
            continue
        start = marked.rfind(b" ", 0, i) + 1
        end = marked.find(b" ", i)
        done = end = size if end < 0 else end
        before = marked.rfind(b"a", 0, start)  # the last letter of the word before
        begin = start if before < 0 else marked.rfind(b" ", 0, before) + 1
        after = marked.find(b"a", end)  # the first letter of the word after
        stop = end if after < 0 else marked.find(b" ", after)
        near = tokens_of(deobfuscated[begin : size if stop < 0 else stop])
        unigrams.update(near)
        bigrams.update(zip(near, islice(near, 1, None), strict=False))
    unigrams.difference_update(normalized.words)
    bigrams.difference_update(normalized.pairs)
    return chain(normalized.words, unigrams, normalized.pairs, bigrams), len(words) + count


class Scored(NamedTuple):
    """A text's probability and the model's entries for those of its n-grams it has: the evidence (top()) is taken
    from them."""

    probability: float
    entries: Sequence[Entry]


class LinearModel:
    """Weights of unigrams and bigrams; the logit is bias + sum of the present ones' weights / sqrt(word count)."""

    __slots__ = ("weights", "bias", "version", "heads", "named", "entries")

    def __init__(self, weights: dict[str, float], bias: float, version: str = "") -> None:
        self.weights, self.bias, self.version = weights, bias, version
        self.heads = frozenset(k.split(" ", 1)[0] for k in weights if " " in k)
        # What top() may name: the n-grams of positive weight, in the order it names them (largest weight first;
        # among equal weights the alphabetically last first).
        self.named = tuple(k for _, k in sorted(((w, k) for k, w in weights.items() if w > 0), reverse=True))
        place = {k: i for i, k in enumerate(self.named)}
        # Every n-gram with a weight, keyed as a text's words and word pairs are (a bigram by its pair of words: no
        # string is made for each pair of a text): one lookup gives the score its weight and top() its place.
        self.entries: dict[Gram, Entry] = {_gram(k): (w, place.get(k, NOT_NAMED)) for k, w in weights.items()}

    def logit(self, feats: set[str], count: int) -> float:
        # map + sum keep the loop in C: about twice as fast as a Python loop over the features.
        total = sum(map(self.weights.get, feats, repeat(0.0)))
        return self.bias + total / math.sqrt(max(count, MIN_SCALE_TOKENS))

    def probability(self, feats: set[str], count: int) -> float:
        z = self.logit(feats, count)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def score(self, normalized: NormalizedText) -> float:
        """The probability that `normalized` is an injection."""
        return self.scored(normalized).probability

    def scored(self, normalized: NormalizedText) -> Scored:
        """The probability that `normalized` is an injection, and the entries of its n-grams: the same sum as
        probability(*features(...)) over the union of its variants' words and word pairs, one lookup per n-gram and
        without making a string of each pair."""
        words = normalized.tokens
        grams: Iterable[Gram]
        if words and normalized.deobfuscated is None and not normalized.decoded and len(words) <= MAX_TOKENS:
            # The common case, one variant: normalize() already made the sets of words and word pairs.
            pairs = normalized.pairs
            if not pairs and len(words) > 1:  # made by hand, not by normalize()
                pairs = frozenset(zip(words, islice(words, 1, None), strict=False))
            grams, count = chain(normalized.words, pairs), len(words)
        elif (leet := _leet_grams(normalized)) is not None:
            grams, count = leet
        else:
            unigrams: set[str] = set()
            bigrams: set[tuple[str, str]] = set()
            count = 0
            for i, text in enumerate(variant_texts(normalized)):
                words = tokens(text, normalized.tokens if i == 0 and normalized.tokens else None)
                count += len(words)
                whole = i == 0 and words is normalized.tokens  # the folded text, not cut: its sets are made
                unigrams.update(normalized.words if whole else words)
                bigrams.update(normalized.pairs if whole else zip(words, islice(words, 1, None), strict=False))
            grams = chain(unigrams, bigrams)
        # Each n-gram is looked up once; one without a weight adds 0 and is never named, so only the n-grams the model
        # has are kept (filtered in C: most of a text's are not; adding 0.0 changes no float). The sum and the places
        # are both taken from these entries, in the order of the n-grams, so the sum is the same to the last bit.
        entries = list(filter(None, map(self.entries.get, grams)))
        z = self.bias + sum(map(itemgetter(0), entries)) / math.sqrt(max(count, MIN_SCALE_TOKENS))
        return Scored(1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0, entries)

    def top(self, scored: Scored, count: int = 3) -> tuple[str, ...]:
        """The `count` n-grams of a scored text with the largest positive weights: what the model saw, for the
        evidence (among equal weights the alphabetically last n-grams).

        The `count` smallest of the text's places in `named` (each n-gram has its own). A text the model finds
        hostile has its `count` smallest among the first TOP_FIRST places (filtered in C), and only those few are
        sorted; otherwise they are picked with a heap in one pass over all of its nameable n-grams (a long text has a
        hundred or more)."""
        places = sorted(filter(TOP_FIRST.__gt__, map(itemgetter(1), scored.entries)))
        if len(places) < count:
            places = heapq.nsmallest(count, filter(NOT_NAMED.__gt__, map(itemgetter(1), scored.entries)))
        return tuple(self.named[i] for i in places[:count])

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "bias": round(self.bias, 5),
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())},
            },
            indent=0,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        data = json.loads(text)
        return cls(weights=dict(data["weights"]), bias=float(data["bias"]), version=data.get("version", ""))


_DEFAULT: LinearModel | None = None


def default_model() -> LinearModel:
    """The committed model (loaded once, on first use: nothing is read at import time)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LinearModel.from_json(
            resources.files("aicident.detectors").joinpath("injection_model.json").read_text(encoding="utf-8")
        )
    return _DEFAULT
