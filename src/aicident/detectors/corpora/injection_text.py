"""Labelled prompt-injection corpus (see text.py for the shared helpers and `evaluate()`).

The pools of templates live in modules of their own; this one turns them into examples (`pool_examples`).

* Training (`TRAIN_GENERATIONS`, in the order the pools were written): the first pool (injection_pools.py), four
  tuning pools (injection_tuned.py: each was a held-back test once, had its test run, and then became training data
  whose errors taught the rules new concepts; TUNED4 was the test pool until 2026-11-30, when it had been looked at
  too often to measure unseen phrasings), a pool written to widen tactics and registers (injection_more.py), and the
  first five blind pools (injection_heldout.py to injection_heldout5.py), each measured once as the test split and
  then added to training, everyday prompts that share words with attacks (injection_everyday.py, negatives only), and
  two larger pools written blind for training only (injection_extra_a.py, injection_extra_b.py: 180 attacks and 260
  benign texts each, by two engineers who had not seen the rules, the model or the other pools).
* Test: only the pool of injection_heldout6.py, written blind (by an engineer who had not seen the rules, the model or
  the other pools) and never used to tune anything. Measured three times on 2026-11-30: recall 0.919 and 2 of 480
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
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable

from aicident.detectors.corpora import injection_everyday as everyday
from aicident.detectors.corpora import injection_extra_a as extra_a
from aicident.detectors.corpora import injection_extra_b as extra_b
from aicident.detectors.corpora import injection_heldout as heldout1
from aicident.detectors.corpora import injection_heldout2 as heldout2
from aicident.detectors.corpora import injection_heldout3 as heldout3
from aicident.detectors.corpora import injection_heldout4 as heldout4
from aicident.detectors.corpora import injection_heldout5 as heldout5
from aicident.detectors.corpora import injection_heldout6 as heldout6
from aicident.detectors.corpora import injection_more as more
from aicident.detectors.corpora import injection_pools as first
from aicident.detectors.corpora import injection_tuned as tuned
from aicident.detectors.corpora.common import Corpus, Example, _event
from aicident.detectors.corpora.injection_pools import BENIGN_PREFIXES, NAMES, PAYLOADS, URLS
from aicident.detectors.normalize import rot13

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


def _fill(template: str, rng: random.Random, payloads: tuple[str, ...] = PAYLOADS) -> str:
    p = rng.choice(payloads)
    return template.format(
        p=p,
        P=p[0].upper() + p[1:],
        b=rng.choice(BENIGN_PREFIXES),
        n=rng.choice(NAMES),
        u=rng.choice(URLS),
        e=f"{rng.choice(NAMES).lower()}@drop-box.example.net",
        o=rng.randint(100000, 999999),
    )


_KEYS = ("direct", "jailbreak", "extraction", "indirect", "benign", "passages", "ordinary")


def _pools(prefix: str, module, benign: tuple[str, ...] = (), passages: tuple[str, ...] = ()) -> dict:
    """One generation's pools from a module's PREFIX_* tuples (`benign`/`passages`: extra tuples to add)."""
    pools = {key: getattr(module, f"{prefix}_{key.upper()}", ()) for key in _KEYS}
    pools["benign"] += benign
    pools["passages"] += passages
    return pools


# The training pools in the order they were written; scripts/train_injection_model.py holds one out at a time to
# estimate how a model trained on the others does on phrasings it has not seen, without touching the test split.
TRAIN_GENERATIONS = {
    "first": {
        "direct": first.DIRECT,
        "jailbreak": first.JAILBREAK,
        "extraction": first.EXTRACTION,
        "indirect": first.INDIRECT,
        "benign": first.BENIGN + first.BENIGN_MORE,
        "passages": first.BENIGN_PASSAGES + first.BENIGN_PASSAGES_MORE,
        "ordinary": (),
    },
    "tuned1": _pools("TUNED", tuned),
    "tuned2": _pools("TUNED2", tuned),
    "tuned3": _pools("TUNED3", tuned),
    "tuned4": _pools("TUNED4", tuned),
    "more": _pools("MORE", more),
    "heldout1": _pools("HELDOUT", heldout1),
    "heldout2": _pools("HELDOUT2", heldout2),
    "heldout3": _pools("HELDOUT3", heldout3),
    "heldout4": _pools("HELDOUT4", heldout4),
    "everyday": _pools("EVERYDAY", everyday),  # negatives only: ordinary prompts that share words with attacks
    "heldout5": _pools("HELDOUT5", heldout5),
    "extra_a": _pools("EXTRA_A", extra_a),
    "extra_b": _pools("EXTRA_B", extra_b),
}
TRAIN_POOLS = {key: tuple(t for pools in TRAIN_GENERATIONS.values() for t in pools[key]) for key in _KEYS}
TEST_POOLS = heldout6.HELDOUT6_POOLS


def injection_corpus(seed: int = 7, per_template: int = 8) -> Corpus:
    """Train: all the training pools. Test: the held-back pool of injection_heldout6.py only."""
    return Corpus(
        "injection",
        pool_examples(TRAIN_POOLS, f"injection-{seed}-train", "train", per_template),
        pool_examples(TEST_POOLS, f"injection-{seed}-test", "test", per_template),
    )


def pool_examples(
    pool: dict[str, tuple[str, ...]],
    rng_seed: str,
    split: str,
    per_template: int = 8,
    payloads: tuple[str, ...] = PAYLOADS,
) -> tuple[Example, ...]:
    """Labelled examples from one set of pools (templates filled with `payloads`)."""
    rng = random.Random(rng_seed)
    obfuscate = _obfuscators(rng)
    examples: list[Example] = []

    def fill(template: str) -> str:
        return _fill(template, rng, payloads)

    def add(family: str, positive: bool, input_text: str = "", context: tuple[str, ...] = ()) -> None:
        examples.append(
            Example(
                _event(len(examples), split, "support_chat", input_text=input_text, context=context), positive, family
            )
        )

    for family in ("direct", "jailbreak", "extraction"):
        for template in pool[family]:
            for _ in range(per_template):
                add(family, True, fill(template))
    base = [fill(t) for t in pool["direct"] + pool["extraction"]]
    for kind, transform in obfuscate.items():
        for text in rng.sample(base, min(len(base), 12)):
            add(f"obfuscated:{kind}", True, transform(text))
    passages = pool["passages"]
    for template in pool["indirect"]:
        for _ in range(per_template):
            add("indirect", True, "Summarize this page for me.", (f"{rng.choice(passages)}\n{fill(template)}",))
    for sentence in pool.get("ordinary", ()):  # everyday traffic, one prompt each
        add("benign_ordinary", False, fill(sentence))
    sentences = pool["benign"]
    for _ in range(len(sentences) * 4):
        parts = rng.sample(sentences, rng.choice((1, 1, 2)))
        text = " ".join(fill(s) for s in parts)
        if rng.random() < 0.3:
            text = rng.choice(BENIGN_PREFIXES) + " " + text
        add("benign", False, text)
    for _ in range(len(passages) * 8):
        add("benign_context", False, fill(rng.choice(sentences)), tuple(rng.sample(passages, 2)))
    return tuple(examples)
