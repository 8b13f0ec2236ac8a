"""A small linear model of prompt injection: logistic regression over word n-grams of the normalised text.

Why: the rules (injection_rules.py) recognise the concepts they were written for; phrasings nobody wrote a rule for
slip through. The model scores the words and word pairs of a text against weights learned from the corpus' training
pools only (scripts/train_injection_model.py writes injection_model.json; the held-back test pool never reaches it). The detector combines the two (see injection.py).

Features are binary: a unigram or bigram counts once however often it occurs, over the union of the text's
variants (folded, deobfuscated, decoded), so an encoded attack shows the words it hides. The score is the bias plus
the weights of the features present, scaled by 1/sqrt(number of words, at least MIN_SCALE_TOKENS) so that long
texts do not add up many small weights into a large one. Pure Python at run time: a dict lookup per feature.
"""

from __future__ import annotations

import heapq
import json
import math
from importlib import resources
from itertools import chain, islice, repeat

from aicident.detectors.normalize import NormalizedText, tokens_of

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


class LinearModel:
    """Weights of unigrams and bigrams; the logit is bias + sum of the present ones' weights / sqrt(word count)."""

    __slots__ = ("weights", "bias", "version", "heads", "pair_weights", "positive", "positive_pairs")

    def __init__(self, weights: dict[str, float], bias: float, version: str = "") -> None:
        self.weights, self.bias, self.version = weights, bias, version
        self.heads = frozenset(k.split(" ", 1)[0] for k in weights if " " in k)
        # The bigram weights keyed by word pairs: score() looks the text's pairs up without making a string of each.
        self.pair_weights = {tuple(k.split(" ", 1)): w for k, w in weights.items() if " " in k}
        # What top_features may name: the n-grams of positive weight (bigrams also as word pairs).
        self.positive = frozenset(k for k, w in weights.items() if w > 0)
        self.positive_pairs = frozenset(pair for pair, w in self.pair_weights.items() if w > 0)

    def logit(self, feats: set[str], count: int) -> float:
        # map + sum keep the loop in C: about twice as fast as a Python loop over the features.
        total = sum(map(self.weights.get, feats, repeat(0.0)))
        return self.bias + total / math.sqrt(max(count, MIN_SCALE_TOKENS))

    def probability(self, feats: set[str], count: int) -> float:
        z = self.logit(feats, count)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def score(self, normalized: NormalizedText) -> float:
        """The probability that `normalized` is an injection."""
        words = normalized.tokens
        if normalized.deobfuscated is not None or normalized.decoded or not words or len(words) > MAX_TOKENS:
            return self._score_variants(normalized)
        # The common case, one variant: the same sum as probability(*features(...)) without building the union of
        # unigrams and bigrams (normalize() already made the word set; "@" in it has no weight).
        total = sum(map(self.weights.get, normalized.words, repeat(0.0)))
        total += sum(map(self.pair_weights.get, set(zip(words, islice(words, 1, None), strict=False)), repeat(0.0)))
        z = self.bias + total / math.sqrt(max(len(words), MIN_SCALE_TOKENS))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def _score_variants(self, normalized: NormalizedText) -> float:
        """Several variants, or a long text: the same sum as probability(*features(...)) over the union of the
        variants' words and word pairs, without making a string of each pair."""
        unigrams: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        count = 0
        for i, text in enumerate(variant_texts(normalized)):
            words = tokens(text, normalized.tokens if i == 0 and normalized.tokens else None)
            count += len(words)
            unigrams.update(words)
            pairs.update(zip(words, islice(words, 1, None), strict=False))
        total = sum(map(self.weights.get, unigrams, repeat(0.0))) + sum(map(self.pair_weights.get, pairs, repeat(0.0)))
        z = self.bias + total / math.sqrt(max(count, MIN_SCALE_TOKENS))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

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


def top_features(model: LinearModel, texts: list[list[str]], count: int = 3) -> tuple[str, ...]:
    """The n-grams of the texts (each as its words in order) with the largest positive weights: what the model saw,
    for the evidence. Made with set operations in C: a long text has hundreds of n-grams, few of which weigh for it."""
    unigrams: set[str] = set()
    pairs: set[tuple[str, ...]] = set()  # pair_weights keys: a key split at its first space
    for words in texts:
        words = tokens("", words)
        unigrams.update(model.positive.intersection(words))
        pairs.update(model.positive_pairs.intersection(zip(words, words[1:], strict=False)))
    weights, pair_weights = model.weights, model.pair_weights
    # (weight, n-gram): among equal weights the alphabetically last n-grams, whatever the sets' order
    ranked = heapq.nlargest(
        count, chain(((weights[u], u) for u in unigrams), ((pair_weights[p], " ".join(p)) for p in pairs))
    )
    return tuple(feature for _, feature in ranked)


_DEFAULT: LinearModel | None = None


def default_model() -> LinearModel:
    """The committed model (loaded once, on first use: nothing is read at import time)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LinearModel.from_json(
            resources.files("aicident.detectors").joinpath("injection_model.json").read_text(encoding="utf-8")
        )
    return _DEFAULT
