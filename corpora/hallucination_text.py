"""Labelled hallucination corpus (see text.py for `evaluate()`).

Scenarios (a passage, grounded answers that restate its figures in other formats, ungrounded answers that add
numbers, names, URLs or citations) in medical, financial, legal and general domains, split by scenario: every third
scenario of the list they were written as is in hallucination/test-scenarios.jsonl, the others in
hallucination/training-scenarios.jsonl.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .common import HERE, Corpus, Example, _event, read_jsonl

# Scenarios, one a line: {"domain", "passage", "grounded": [answers], "ungrounded": [answers]}. Slots: {a} small int,
# {b} int 100-999, {m} millions with one decimal, {mm} the same written out in full, {p} percent, {pf} the percent as a
# fraction, {y} a year, {x}/{xb}/{xp} values that differ from {a}/{b}/{p}, {who} a surname from the passage, {other}
# one that is not.
SCENARIO_FILES = {"train": "training-scenarios.jsonl", "test": "test-scenarios.jsonl"}
SURNAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Herrera", "Kowalski", "Nguyen", "Brennan", "Haddad", "Fischer")
CLINICS = ("Northside Clinic", "Saint Mary Hospital", "Riverside Medical Center", "Lakeview Institute")
ORGS = ("Acme Holdings", "Brightwater Group", "Kestrel Systems", "Harbor Foods")
STATES = ("California", "Bavaria", "Ontario", "Victoria")
DRUGS = ("ibuprofen", "paracetamol", "amoxicillin", "metformin")


def scenarios(split: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """The split's scenarios as (domain, passage, grounded answers, ungrounded answers), in file order."""
    fields = {"domain": str, "passage": str, "grounded": list, "ungrounded": list}
    return [
        (r["domain"], r["passage"], tuple(r["grounded"]), tuple(r["ungrounded"]))
        for r in read_jsonl(HERE / "hallucination" / SCENARIO_FILES[split], fields)
    ]


def _scenario_values(rng: random.Random) -> dict[str, str]:
    def pick(options: Sequence[str]) -> tuple[str, str]:
        a, b = rng.sample(list(options), 2)
        return a, b

    who, other = pick(SURNAMES)
    clinic, oclinic = pick(CLINICS)
    org, oorg = pick(ORGS)
    state, ostate = pick(STATES)
    a, b, c, p = rng.randint(2, 9), rng.randint(100, 999), rng.randint(1000, 4000), rng.randint(11, 60)
    m = round(rng.uniform(1.1, 9.9), 1)
    y = rng.randint(1995, 2023)
    return {
        "who": who,
        "other": other,
        "clinic": clinic,
        "oclinic": oclinic,
        "org": org,
        "oorg": oorg,
        "state": state,
        "ostate": ostate,
        "drug": rng.choice(DRUGS),
        "a": str(a),
        "b": str(b),
        "c": f"{c:,}",
        "p": str(p),
        "pf": f"{p / 100:.2f}",
        "q": f"{rng.randint(4, 19)}.{rng.randint(1, 9)}",
        "y": str(y),
        "m": f"{m}",
        "mm": f"{int(m * 1e6):,}",
        "x": str(a + rng.randint(3, 20)),
        "xb": str(b + rng.randint(50, 400)),
        "xc": f"{c + rng.randint(500, 3000):,}",
        "xp": str(p + rng.randint(5, 30)),
        "xm": f"{m + rng.randint(2, 20)}",
        "xy": str(y - rng.randint(5, 40)),
    }


def hallucination_corpus(seed: int = 7, per_scenario: int = 12) -> Corpus:
    splits = {}
    for split in ("train", "test"):
        rng = random.Random(f"hallucination-{seed}-{split}")
        examples: list[Example] = []
        for domain, passage, grounded, ungrounded in scenarios(split):
            for _ in range(per_scenario):
                values = _scenario_values(rng)
                context = (passage.format(**values),)
                for positive, answers in ((False, grounded), (True, ungrounded)):
                    text = rng.choice(answers).format(**values)
                    examples.append(
                        Example(
                            _event(
                                len(examples),
                                split,
                                f"{domain}_answers",
                                output_text=text,
                                input_text="What does the document say?",
                                context=context,
                            ),
                            positive,
                            domain,
                        )
                    )
        splits[split] = tuple(examples)
    return Corpus("hallucination", splits["train"], splits["test"])
