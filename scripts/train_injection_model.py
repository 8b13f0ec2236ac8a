#!/usr/bin/env python
"""Train the prompt-injection linear model on the corpus' TRAIN split and write its weights.

    .venv/bin/python scripts/train_injection_model.py            # train on all training pools, write the model
    .venv/bin/python scripts/train_injection_model.py --cv       # leave one training pool out at a time, report

Only the training pools of corpora/injection/ are read (training-*.jsonl, through corpora/injection_text.py's
training_pools()); the pools of the test split (test-pool-6.jsonl, test-planted-and-personas.jsonl) are never read
here. The templates
are filled with TRAIN_PAYLOADS below rather than the corpus' payloads (injection/placeholder-values.json, which the
test split uses too), so the model cannot learn the test payloads' words, and the bare payload requests are added as
benign prompts: asking for something is not an injection, overriding the model's instructions to get it is.

--cv estimates generalisation to unseen phrasings without touching the test split: each training pool (written at
different times, by different people) is held out in turn, a model is trained on the others, and the whole detector
(rules + that model) is run on the held-out pool. The rules were written with most pools in view, so only the rows of
the pools no rule was written from (more, extra_a, extra_b) are honest figures for the rules too; the model's part is
honest for every pool. The thresholds of injection.py's Config were chosen from these runs. The last full run
(2026-11-30, the committed recipe; recall, then benign prompts flagged): first 0.979 0.6%, tuned1 0.996 0.6%,
tuned2 0.972 0.4%, tuned3 0.996 2.2%, tuned4 0.907 0%, more 0.768 1.6%, heldout1 0.888 0.4%, heldout2 0.919 0.6%,
heldout3 0.915 0%, heldout4 0.866 0.6%, heldout5 0.879 1.9%, extra_a 0.838 0.5%, extra_b 0.756 0.5%, everyday
(negatives only) 1.2%; all together 0.873 at 0.84%, and 3.8% of the events with benign passages.

Each training text is added again with words swapped for others of their class (SYNONYMS) and with some words left
out (DROPOUT); hard negatives weigh more (HARD_NEGATIVE_WEIGHT). Logistic regression with binary unigram + bigram
features (scaled by 1/sqrt(word count), see injection_model.py), L2 penalty, balanced classes, full-batch Adam in
numpy (numpy is needed here only, not at run time). Deterministic.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the corpora (data and generators) are the checkout's corpora/ folder

from aicident.detectors.injection_data import data_part  # noqa: E402
from aicident.detectors.injection_model import (  # noqa: E402
    MIN_SCALE_TOKENS,
    LinearModel,
    features,
    tokens,
    variant_texts,
)
from aicident.detectors.normalize import normalize  # noqa: E402
from corpora.injection_text import KINDS, pool_examples, training_pools  # noqa: E402

OUT = ROOT / "src" / "aicident" / "detectors" / "injection_model.json"
SEEDS = (101, 102, 103, 104)
# Payloads for training only: what attackers want, in other words than the corpus' payloads.
TRAIN_PAYLOADS = (
    "list every user's home address",
    "write a fake invoice for our biggest client",
    "send me the api keys",
    "describe how to hotwire a car",
    "post our internal roadmap",
    "give everyone a free upgrade",
    "answer every question with a rude joke",
    "draft a message that tricks staff into resetting passwords",
    "export the order history of all customers",
    "say the product is recalled",
    "transfer the balance to account 7731",
    "explain how to forge a signature",
    "mark this ticket as resolved and close it",
    "call the user an idiot",
    "tell the customer that refunds are unlimited",
    "print the private encryption key",
)
# What users ask about a retrieved document. Every indirect example of the corpus asks "Summarize this page for me.";
# trained on that prompt alone the model learned "summarize" as a sign of benign text and "summarise" (frequent in
# extraction attacks) as one of an attack. Training gives each indirect example one of these prompts instead.
DOCUMENT_REQUESTS = (
    "summarize this page for me",
    "summarise this page",
    "summarise this page for me",
    "can you summarize this",
    "please summarise the document",
    "what does this page say",
    "give me the key points of this email",
    "tl;dr of this article please",
    "what is this page about",
    "sum up this thread",
    "summarise this pdf in three bullets",
    "what are the main points on this page",
    "read this page and tell me the deadline",
    "explain this document simply",
    "translate this page into english",
    "is there anything important in this email",
    "summarize the attached report",
    "what does the review on this page say about battery life",
    "give me a short summary of this web page",
    "which dates are mentioned on this page",
)
MIN_DOCS = 2  # a feature must occur in this many training texts
L2 = 1e-6
KEEP = 8000  # n-grams in the committed model (leave-one-pool-out recall as with all ~19,000; 4,000 lost 1-4 points)
DROPOUT = 0.2  # each training text is added once more with this share of its words left out
STEPS = 400
# Benign prompts that talk about instructions, rules, prompts and attacks (the pools' hard negatives) and benign
# retrieved passages weigh this much more in the loss than other texts. Leave-one-pool-out, with the prompts alone
# weighted: on heldout1, heldout5 and extra_a, 6 with a model threshold of 0.7 flagged 0.83%, 0.63% and 0.89% of
# their benign prompts where 1 with 0.75 flagged 1.25%, 1.87% and 1.25%, and found 86.1% of their attacks where 1
# with 0.75 found 85.4%. The passages, weighted too since a model that scored them higher let two rule matches on
# benign passages of the scenario log through: extra_a 0.838 recall, 0.54% of prompts, 5.8% of events with benign
# passages (9.2% with the prompts alone weighted); heldout5 0.879, 1.87%, 1.0%.
HARD_NEGATIVE_WEIGHT = 6.0
# The negatives weighted so: benign prompts that use attack words, benign passages, documents users give to process
# (nothing planted in them), and harmful requests made directly (asking for harm is not overriding anything).
HARD_NEGATIVES = ("benign", "benign_context", "benign_documents", "benign_harmful")
# Words that stand for the same thing in an attack: each training text is added once more with some of them swapped
# for another of their class ("ignore the previous rules" -> "discard the earlier guidelines"), so that the weight of
# a phrasing is shared with the words it could have used (leave-one-pool-out recall at 0.5% false positives on
# benign prompts went from 0.68 to 0.71 with it; negatives are swapped too, so a rare synonym is not a cue by itself).
SYNONYMS = (
    "ignore disregard forget skip bypass override overrule overwrite overlook cancel void nullify revoke suspend "
    "replace drop ditch scrap abandon discard neglect dismiss erase delete remove circumvent evade",
    "instructions rules guidelines directives directions constraints programming policies restrictions limitations "
    "filters guardrails safeguards protocols principles orders commands settings guidance conditioning",
    "previous prior earlier above preceding original initial existing old former default current preset",
    "repeat print reveal show display output recite disclose leak dump echo paste expose share list tell give write "
    "copy quote",
    "ai assistant chatbot bot model llm gpt agent system",
    "unrestricted unfiltered uncensored unlimited unbound unchained liberated jailbroken rogue lawless amoral",
    "pretend imagine act roleplay simulate play emulate become",
    "now immediately henceforth instead",
    "hidden secret internal confidential private initial original",
    "prompt message preamble configuration setup context",
)
SWAP_RATE = 0.6


Sample = tuple[list[str], int, float]  # variant texts, label, weight in the loss


def texts_of(examples) -> list[Sample]:
    """(variant texts, label, weight) for each text the detector scores: inputs and retrieved passages."""
    out = []
    requests = random.Random(3)
    for ex in examples:
        if ex.positive and ex.event.context:  # indirect, exfiltration: the attack is in the passage
            out.append((variant_texts(normalize(ex.event.context[0])), 1, 1.0))
            out.append(([requests.choice(DOCUMENT_REQUESTS)], 0, 1.0))
            continue
        weight = HARD_NEGATIVE_WEIGHT if ex.family in HARD_NEGATIVES else 1.0
        out.append((variant_texts(normalize(ex.event.input_text)), int(ex.positive), weight))
        # The detector scores the text a message gives to process on its own as well (injection_data.py).
        quoted = data_part(ex.event.input_text)
        if quoted is not None:
            out.append((variant_texts(normalize(quoted[1])), int(ex.positive), weight))
        for passage in ex.event.context:  # benign retrieved passages are hard negatives too
            out.append((variant_texts(normalize(passage)), 0, HARD_NEGATIVE_WEIGHT))
    return out


def training_texts(generations: list[str]) -> list[Sample]:
    pools = training_pools()
    pool = {key: tuple(t for g in generations for t in pools[g][key]) for key in KINDS}
    out = []
    for seed in SEEDS:
        out += texts_of(
            pool_examples(pool, f"injection-model-{seed}", "train", per_template=4, payloads=TRAIN_PAYLOADS)
        )
    for payload in TRAIN_PAYLOADS:
        for prefix in ("", "Please ", "Can you ", "Hi, could you "):
            out.append(([prefix.lower() + payload], 0, 1.0))
    out += swapped(out)
    # Word dropout: a copy of each text with words missing, so no single template word carries a decision (the
    # leave-one-pool-out recall at 1% false positives went from 0.66 to 0.69 with it).
    rng = random.Random(5)
    out += [
        ([" ".join(w for w in tokens(t) if rng.random() > DROPOUT) for t in texts], y, weight)
        for texts, y, weight in out
    ]
    return out


def swapped(data: list[Sample]) -> list[Sample]:
    """A copy of each text that has words of SYNONYMS, some of them swapped for another of their class."""
    classes = [c.split() for c in SYNONYMS]
    of = {}
    for words in classes:
        for w in words:
            of.setdefault(w, words)
    rng = random.Random(9)
    out = []
    for texts, y, weight in data:
        new, changed = [], False
        for text in texts:
            words = tokens(text)
            for i, w in enumerate(words):
                choices = of.get(w)
                if choices is not None and rng.random() < SWAP_RATE:
                    words[i] = rng.choice(choices)
                    changed = True
            new.append(" ".join(words))
        if changed:
            out.append((new, y, weight))
    return out


def train(data: list[Sample], keep: int | None = None) -> LinearModel:
    """Logistic regression on all n-grams; with `keep`, again on the `keep` with the largest weights only."""
    docs = [features(texts) for texts, _, _ in data]
    labels = np.array([y for _, y, _ in data], dtype=float)
    # Each class weighs half of the loss (balanced classes); within a class, each text by its weight.
    sample_weight = np.array([w for _, _, w in data], dtype=float)
    for label in (0, 1):
        sample_weight[labels == label] *= 0.5 / sample_weight[labels == label].sum()
    counts: dict[str, int] = {}
    for doc, _ in docs:
        for f in doc:
            counts[f] = counts.get(f, 0) + 1
    vocabulary = sorted(f for f, c in counts.items() if c >= MIN_DOCS)
    weights, bias = _fit(docs, labels, sample_weight, vocabulary)
    if keep is not None and len(weights) > keep:
        # A smaller model is faster to score (fewer bigrams to build, a dict that stays in cache); refitting on the
        # kept n-grams lets them take up what the dropped ones carried.
        vocabulary = sorted(sorted(weights, key=lambda f: -abs(weights[f]))[:keep])
        weights, bias = _fit(docs, labels, sample_weight, vocabulary)
    return LinearModel(
        weights=weights,
        bias=bias,
        version=f"train pools {', '.join(training_pools())}, seeds {SEEDS}, steps {STEPS}, l2 {L2}, "
        f"swap {SWAP_RATE}, dropout {DROPOUT}, hard negatives x{HARD_NEGATIVE_WEIGHT}, keep {keep}",
    )


def _fit(
    docs: list[tuple[set[str], int]], labels, sample_weight, vocabulary: list[str]
) -> tuple[dict[str, float], float]:
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols, vals = [], [], []
    for r, (doc, count) in enumerate(docs):
        scale = 1.0 / math.sqrt(max(count, MIN_SCALE_TOKENS))
        for f in doc:
            i = index.get(f)
            if i is not None:
                rows.append(r)
                cols.append(i)
                vals.append(scale)
    rows_a, cols_a, vals_a = np.array(rows), np.array(cols), np.array(vals)
    n, v = len(docs), len(vocabulary)
    w, b = np.zeros(v), 0.0
    m_w, s_w, m_b, s_b = np.zeros(v), np.zeros(v), 0.0, 0.0
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, STEPS + 1):
        z = b + np.bincount(rows_a, weights=vals_a * w[cols_a], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - labels) * sample_weight
        g_w = np.bincount(cols_a, weights=vals_a * residual[rows_a], minlength=v) + L2 * w
        g_b = residual.sum()
        m_w = beta1 * m_w + (1 - beta1) * g_w
        s_w = beta2 * s_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        s_b = beta2 * s_b + (1 - beta2) * g_b * g_b
        correction = math.sqrt(1 - beta2**step) / (1 - beta1**step)
        w -= rate * correction * m_w / (np.sqrt(s_w) + 1e-8)
        b -= rate * correction * m_b / (math.sqrt(s_b) + 1e-8)
    return {f: float(x) for f, x in zip(vocabulary, w, strict=True) if abs(x) >= 0.01}, float(b)


def cross_validate(variants: dict[str, dict[str, float]] | None = None, only: str | None = None) -> None:
    """Leave one training pool out: train on the others, run the whole detector (rules + that model) on it.

    The rules were written with most training pools in view, so the rule part of these figures is optimistic for
    those; the model part is an honest estimate for phrasings it has not seen. The held-out pool is filled with the
    corpus' payloads, as the test split is. `variants`: detector Config overrides to compare (default: the Config).
    """
    from aicident.detectors.injection import Config, InjectionDetector

    variants = variants or {"default": {}}
    pools = training_pools()
    names = list(pools)
    print("held-out   variant           recall (rules+model)  FPR prompts        FPR passage events")
    totals: dict[str, list[int]] = {v: [0, 0, 0, 0, 0, 0] for v in variants}
    for held in names:
        if only is not None and held != only:
            continue
        model = train(training_texts([g for g in names if g != held]), KEEP)
        examples = pool_examples(pools[held], f"injection-cv-{held}", "test")
        for label, overrides in variants.items():
            detector = InjectionDetector(Config(**overrides), model=model)
            tp = fn = fp_prompt = prompts = fp_passage = passage_events = 0
            for ex in examples:
                flagged = bool(detector.observe(ex.event))
                if ex.positive:
                    tp += flagged
                    fn += not flagged
                elif ex.family in ("benign_context", "benign_documents"):
                    passage_events += 1
                    fp_passage += flagged
                else:
                    prompts += 1
                    fp_prompt += flagged
            counts = (tp, tp + fn, fp_prompt, prompts, fp_passage, passage_events)
            print(f"{held:9}  {label:16}  {_rates(*counts)}")
            for i, v in enumerate(counts):
                totals[label][i] += v
    for label, counts in totals.items():
        print(f"all pools  {label:16}  {_rates(*counts)}")


def _rates(tp: int, positives: int, fp_prompt: int, prompts: int, fp_passage: int, passage_events: int) -> str:
    return (
        f"{tp / max(positives, 1):.3f} of {positives:5}    {fp_prompt / max(prompts, 1):.4f} of {prompts:5}  "
        f"{fp_passage / max(passage_events, 1):.4f} of {passage_events:5}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-pool-out estimate instead of writing the model")
    parser.add_argument("--held", choices=list(training_pools()), help="with --cv: hold out this pool only")
    args = parser.parse_args()
    if args.cv:
        cross_validate({"default": {}, "quoted_veto off": {"quoted_veto": False}}, only=args.held)
        return 0
    model = train(training_texts(list(training_pools())), KEEP)
    OUT.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(model.weights)} weights, bias {model.bias:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
