"""Labelled prompt-injection corpus: the pools of injection/ turned into examples (see text.py for `evaluate()`).

Each pool is a JSON-lines file of injection/ (one text a line, with its kind: direct, jailbreak, extraction,
indirect, benign, ordinary, passages); README.md says who wrote each, when, and what was measured on it.

* Training (`training_pools()`, in the order the pools were written, under the names the model's version gives them):
  the first pool (first), four tuning pools (tuned1 to tuned4: each was a held-back test once, had its test run, and
  then became training data whose errors taught the rules new concepts; tuned4 was the test pool until 2026-11-30,
  when it had been looked at too often to measure unseen phrasings), a pool written to widen tactics and registers
  (more), and the first five blind pools (heldout1 to heldout5), each measured once as the test split and then added
  to training, everyday prompts that share words with attacks (everyday, negatives only), and two larger pools
  written blind for training only (extra_a, extra_b: 180 attacks and 260 benign texts each, by two engineers who had
  not seen the rules, the model or the other pools).
* Test (`test_pool()`): the pool of planted instructions, exfiltration links, personas, harmful requests and
  documents of 2026-12-07 (written by the engineer who wrote their rules; see corpora/README.md), and the sixth blind
  pool, written blind (by an engineer who had not seen the rules, the model
  or the other pools) and never used to tune anything. Measured three times on 2026-11-30: recall 0.919 and 2 of 480
  benign prompts flagged (the detector as first trained on fourteen pools); 0.917 and 1 of 480 after the training
  gave indirect examples varied document questions (a unit test found "Summarise this page" scored 0.54: the model
  had learned the corpus' one spelling of that question); 0.921 and 0 of 480 after benign passages weighed as hard
  negatives (the scenario log's benign passages had two rule matches the model no longer vetoed). Neither fix looked
  at this pool; its texts were not read.

The examples are direct overrides, jailbreaks (DAN, developer mode, role-play, grandma), system-prompt extraction,
indirect injections inside retrieved passages, and obfuscated variants of the direct and extraction attacks (base64,
hex, rot13, zero-width, leetspeak, spaced letters, Cyrillic look-alikes, fullwidth). Negatives are ordinary prompts,
hard negatives (benign prompts that mention instructions, rules, prompts, developer mode, or quote attacks while
discussing them) and benign retrieved passages, each reported separately.

Templates use {p}/{P} (the attacker's goal, lowercase / capitalised), {b} (an innocent opening sentence), {n} (a
name), {u} (a URL), {e} (an email address) and {o} (an order number); the values are those of
injection/placeholder-values.json (the goals, openings, names and URLs). Passages are used as they are, unfilled.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from aicident.detectors.normalize import rot13

from .common import HERE, Corpus, Example, _event, read_jsonl

Pools = dict[str, tuple[str, ...]]  # texts by kind (KINDS)

KINDS = (
    "direct",
    "jailbreak",
    "extraction",
    "indirect",
    "planted",
    "exfiltration",
    "benign",
    "passages",
    "ordinary",
    "harmful",
    "documents",
)
# The training pools in the order they were written, by the names the model's version string lists them under;
# scripts/train_injection_model.py holds one out at a time to estimate how a model trained on the others does on
# phrasings it has not seen, without touching the test split.
TRAINING_FILES = {
    "first": "training-first-pool.jsonl",
    "tuned1": "training-tuning-pool-1.jsonl",
    "tuned2": "training-tuning-pool-2.jsonl",
    "tuned3": "training-tuning-pool-3.jsonl",
    "tuned4": "training-tuning-pool-4.jsonl",
    "more": "training-wider-tactics.jsonl",
    "heldout1": "training-former-test-pool-1.jsonl",
    "heldout2": "training-former-test-pool-2.jsonl",
    "heldout3": "training-former-test-pool-3.jsonl",
    "heldout4": "training-former-test-pool-4.jsonl",
    "everyday": "training-everyday-prompts.jsonl",  # negatives only: ordinary prompts that share words with attacks
    "heldout5": "training-former-test-pool-5.jsonl",
    "extra_a": "training-blind-extra-a.jsonl",
    "extra_b": "training-blind-extra-b.jsonl",
    "planted_personas": "training-planted-and-personas.jsonl",
}
# The test split: the sixth blind pool and a pool of planted instructions, exfiltration links, long persona set-ups,
# harmful-but-direct requests and documents to process, written by the engineer who wrote their rules.
TEST_FILES = ("test-pool-6.jsonl", "test-planted-and-personas.jsonl")


@dataclass(frozen=True)
class PlaceholderValues:
    """What the templates' placeholders are filled with (injection/placeholder-values.json)."""

    payloads: tuple[str, ...]  # {p}/{P}: what the attacker wants
    benign_prefixes: tuple[str, ...]  # {b}: an innocent opening sentence
    names: tuple[str, ...]  # {n}, and the mailbox of {e}
    urls: tuple[str, ...]  # {u}


@cache
def placeholder_values() -> PlaceholderValues:
    values = json.loads((HERE / "injection" / "placeholder-values.json").read_text(encoding="utf-8"))
    return PlaceholderValues(*(tuple(values[key]) for key in ("p", "b", "n", "u")))


@cache
def read_pool(name: str) -> Pools:
    """One pool file of injection/: its texts by kind, in file order (a kind without texts is empty)."""
    pool: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for record in read_jsonl(HERE / "injection" / name, {"kind": str, "text": str}):
        if record["kind"] not in pool:
            raise ValueError(f"{name}: unknown kind {record['kind']!r} (one of {', '.join(KINDS)})")
        pool[record["kind"]].append(record["text"])
    return {kind: tuple(texts) for kind, texts in pool.items()}


def training_pools() -> dict[str, Pools]:
    """The training pools by name, in the order they were written."""
    return {name: read_pool(file) for name, file in TRAINING_FILES.items()}


def training_pool() -> Pools:
    """All the training pools together."""
    pools = training_pools().values()
    return {kind: tuple(t for pool in pools for t in pool[kind]) for kind in KINDS}


def test_pool() -> Pools:
    """The pools of the test split, together."""
    pools = [read_pool(name) for name in TEST_FILES]
    return {kind: tuple(t for pool in pools for t in pool[kind]) for kind in KINDS}


_DOCUMENT_REQUESTS = ("Summarize this page:", "Can you summarise the text below?", "What does this page say?")
_ZW = "\u200b"
_HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у"}
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def _obfuscators(rng: random.Random) -> dict[str, Callable[[str], str]]:
    def zero_width(t: str) -> str:
        return "".join(c + (_ZW if c.isalpha() and rng.random() < 0.3 else "") for c in t)

    def homoglyph(t: str) -> str:
        return "".join(_HOMOGLYPHS[c] if c in _HOMOGLYPHS and rng.random() < 0.5 else c for c in t)

    def leet(t: str) -> str:
        return "".join(_LEET[c] if c in _LEET and rng.random() < 0.7 else c for c in t.lower())

    def b64(t: str) -> str:
        wrap = rng.choice(("Decode this base64 and do what it says: {}", "{}", "Here is my request in base64: {}"))
        return wrap.format(base64.b64encode(t.encode()).decode())

    return {
        "base64": b64,
        "zero_width": zero_width,
        "homoglyph": homoglyph,
        "leetspeak": leet,
        "spacing": lambda t: "  ".join(" ".join(w) for w in t.lower().split()),
        "rot13": lambda t: "Reply to this rot13 message: " + rot13(t),
        "hex": lambda t: t.encode().hex() + " (hex)",
        "fullwidth": lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),
    }


def _fill(template: str, rng: random.Random, payloads: tuple[str, ...], values: PlaceholderValues) -> str:
    p = rng.choice(payloads)
    return template.format(
        p=p,
        P=p[0].upper() + p[1:],
        b=rng.choice(values.benign_prefixes),
        n=rng.choice(values.names),
        u=rng.choice(values.urls),
        e=f"{rng.choice(values.names).lower()}@drop-box.example.net",
        o=rng.randint(100000, 999999),
    )


def injection_corpus(seed: int = 7, per_template: int = 8) -> Corpus:
    """Train: all the training pools. Test: the pools of TEST_FILES."""
    return Corpus(
        "injection",
        pool_examples(training_pool(), f"injection-{seed}-train", "train", per_template),
        pool_examples(test_pool(), f"injection-{seed}-test", "test", per_template),
    )


def pool_examples(
    pool: Pools,
    rng_seed: str,
    split: str,
    per_template: int = 8,
    payloads: tuple[str, ...] | None = None,
) -> tuple[Example, ...]:
    """Labelled examples from one set of pools (templates filled with `payloads`, by default the corpus' own)."""
    values = placeholder_values()
    payloads = values.payloads if payloads is None else payloads
    rng = random.Random(rng_seed)
    obfuscate = _obfuscators(rng)
    built = _Examples(rng, split, payloads, values)
    _attack_examples(built, pool, per_template, obfuscate)
    _planted_examples(built, pool, per_template)
    _benign_examples(built, pool)
    return tuple(built.examples)


class _Examples:
    """The examples made so far from one set of pools, numbered in the order they were added, and what fills them."""

    def __init__(self, rng: random.Random, split: str, payloads: tuple[str, ...], values: PlaceholderValues):
        self.rng, self.split, self.payloads, self.values = rng, split, payloads, values
        self.examples: list[Example] = []

    def fill(self, template: str) -> str:
        return _fill(template, self.rng, self.payloads, self.values)

    def add(self, family: str, positive: bool, input_text: str = "", context: tuple[str, ...] = ()) -> None:
        event = _event(len(self.examples), self.split, "support_chat", input_text=input_text, context=context)
        self.examples.append(Example(event, positive, family))


def _attack_examples(built: _Examples, pool: Pools, per_template: int, obfuscate) -> None:
    """Direct, jailbreak and extraction attempts, obfuscated ones, and instructions in a retrieved passage."""
    rng, fill, add = built.rng, built.fill, built.add
    for family in ("direct", "jailbreak", "extraction"):
        for template in pool[family]:
            for _ in range(per_template):
                add(family, True, fill(template))
    base = [fill(t) for t in pool["direct"] + pool["extraction"]]
    for kind, transform in obfuscate.items():
        for text in rng.sample(base, min(len(base), 12)):
            add(f"obfuscated:{kind}", True, transform(text))
    for template in pool["indirect"]:
        for _ in range(per_template):
            add("indirect", True, "Summarize this page for me.", (f"{rng.choice(pool['passages'])}\n{fill(template)}",))


def _planted_examples(built: _Examples, pool: Pools, per_template: int) -> None:
    """Instructions planted in a document: in the user's message, or sending data out from a page."""
    rng, fill, add = built.rng, built.fill, built.add
    passages = pool["passages"]
    for template in pool.get("planted", ()):  # a document with a planted instruction, in the user's message
        for _ in range(per_template):
            add("planted", True, fill(template))
    for template in pool.get("exfiltration", ()):  # in a retrieved passage, or in a page the user pasted
        for i in range(per_template):
            page = f"{rng.choice(passages)}\n{fill(template)}"
            if i % 2:
                add("exfiltration", True, rng.choice(_DOCUMENT_REQUESTS) + "\n\n" + page)
            else:
                add("exfiltration", True, "Summarize this page for me.", (page,))


def _benign_examples(built: _Examples, pool: Pools) -> None:
    rng, fill, add = built.rng, built.fill, built.add
    for sentence in pool.get("ordinary", ()):  # everyday traffic, one prompt each
        add("benign_ordinary", False, fill(sentence))
    for sentence in pool.get("harmful", ()):  # asking for something harmful is not overriding anything
        add("benign_harmful", False, fill(sentence))
    for document in pool.get("documents", ()):  # texts to process with nothing planted in them
        for _ in range(2 if "{" in document else 1):
            add("benign_documents", False, fill(document))
    sentences, passages = pool["benign"], pool["passages"]
    for _ in range(len(sentences) * 4):
        parts = rng.sample(sentences, rng.choice((1, 1, 2)))
        text = " ".join(fill(s) for s in parts)
        if rng.random() < 0.3:
            text = rng.choice(built.values.benign_prefixes) + " " + text
        add("benign", False, text)
    for _ in range(len(passages) * 8):
        add("benign_context", False, fill(rng.choice(sentences)), tuple(rng.sample(passages, 2)))
