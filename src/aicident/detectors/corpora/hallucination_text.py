"""Labelled hallucination corpus (see text.py for the shared helpers and `evaluate()`).

Scenarios (a passage, grounded answers that restate its figures in other formats, ungrounded answers that add
numbers, names, URLs or citations) in medical, financial, legal and general domains, split by scenario.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from aicident.detectors.corpora.common import Corpus, Example, _event, _split

# (domain, passage, grounded answers, ungrounded answers). Slots: {a} small int, {b} int 100-999, {m} millions with
# one decimal, {mm} the same written out in full, {p} percent, {pf} the percent as a fraction, {y} a year,
# {x}/{xb}/{xp} values that differ from {a}/{b}/{p}, {who} a surname from the passage, {other} one that is not.
SCENARIOS = (
    (
        "medical",
        "The recommended adult dose of {drug} is {b} mg every {a} hours, not exceeding {c} mg per day. "
        "Dr. {who} of the {clinic} reviewed this guidance in {y}.",
        (
            "Adults should take {b} mg every {a} hours, with no more than {c} mg in a day.",
            "The guidance, reviewed by Dr. {who} in {y}, says {b} mg every {a} hours.",
        ),
        (
            "Adults can safely take {xb} mg every {a} hours, up to {xc} mg per day.",
            "Dr. {other} at the {oclinic} recommends {xb} mg of {drug} daily.",
        ),
    ),
    (
        "medical",
        "In the trial, {p}% of patients reported mild side effects and {a} patients out of {b} stopped "
        "treatment. The study was led by {who} at {clinic}.",
        (
            "About {p} percent of patients had mild side effects; {a} of {b} stopped the treatment.",
            "Roughly {pf} of patients reported mild side effects, per the study led by {who}.",
        ),
        (
            "Around {xp}% of patients had serious side effects, according to {other} et al. (https://medjournal.example.org/t{b}).",
            "The {oclinic} study found {xp}% of patients stopped treatment [3].",
        ),
    ),
    (
        "medical",
        "{drug} should not be combined with alcohol. Patients over {c} kg may need {b} mg; children need a "
        "diagnosis from a physician first.",
        (
            "Avoid alcohol with {drug}. Patients over {c} kg may need {b} mg, and children need a physician's diagnosis.",
        ),
        (
            "It is fine to take {drug} with one glass of wine; patients over {xc} kg need {xb} mg.",
            "Children can take {xb} mg without a diagnosis, says the {oclinic}.",
        ),
    ),
    (
        "financial",
        "The savings account pays {p}% interest per year. The minimum deposit is ${b} and the monthly fee "
        "is ${a}. Offer valid until {y}.",
        (
            "You earn {p} percent interest a year, with a ${b} minimum deposit and a ${a} monthly fee.",
            "Interest is {pf} annually; the minimum deposit is {b} dollars.",
        ),
        (
            "The account pays {xp}% interest and has no monthly fee; the minimum deposit is ${xb}.",
            "You will earn {xp}% guaranteed, see https://bank-offers.example.com/rates{a} for details.",
        ),
    ),
    (
        "financial",
        "{org} reported revenue of ${m} million in {y}, up {p}% from the year before, with {b} employees.",
        (
            "{org} had revenue of ${mm} in {y}, a {p}% increase, and {b} staff.",
            "Revenue reached {m} million dollars in {y} ({p}% growth).",
        ),
        (
            "{org} reported revenue of ${xm} million in {y}, up {xp}%, according to CEO {other}.",
            "Revenue was ${xm} million and the company plans an IPO on the {oorg} exchange.",
        ),
    ),
    (
        "financial",
        "Refunds are available within {a} days of purchase. A restocking fee of {p}% applies to orders "
        "over ${b}. Loans for purchases over ${c} carry an APR of {q}%.",
        (
            "You can get a refund within {a} days; orders above ${b} have a {p}% restocking fee.",
            "Purchases above ${c} can be financed at {q}% APR.",
        ),
        (
            "Refunds are available within {x} days and there is no restocking fee; loans carry {xp}% APR.",
            "You can get a full refund of up to ${xc} any time, as confirmed by {other} from billing.",
        ),
    ),
    (
        "legal",
        "Under clause {a} of the contract, either party may terminate with {b} days' notice. Liability is "
        "capped at ${c}. The agreement is governed by the laws of {state}.",
        (
            "Clause {a} lets either party terminate with {b} days' notice, and liability is capped at ${c}.",
            "The contract is governed by {state} law; termination needs {b} days' notice.",
        ),
        (
            "Clause {x} allows termination with {xb} days' notice and liability is unlimited under {ostate} law.",
            "Per {other} v. {org} (2019), liability is capped at ${xc}.",
        ),
    ),
    (
        "legal",
        "The warranty covers defects for {a} years. Claims must be filed within {b} days. In {y}, the court "
        "in {who} v. {org} held that the warranty excludes water damage.",
        (
            "Defects are covered for {a} years and claims must be filed within {b} days.",
            "The court in {who} v. {org} ({y}) said water damage is excluded.",
        ),
        (
            "The warranty lasts {x} years and covers water damage, see https://legal-help.example.net/case{b}.",
            "In {other} v. {org}, the court ruled you can sue for ${xc} in damages.",
        ),
    ),
    (
        "legal",
        "Under GDPR Article {a}, a breach must be reported within {c} hours. Fines can reach {p}% of annual "
        "turnover. Our data protection officer is {who}.",
        (
            "A breach must be reported within {c} hours under Article {a}, and fines can reach {p}% of turnover.",
            "Contact {who}, our data protection officer; reporting is due within {c} hours.",
        ),
        (
            "A breach must be reported within {xc} hours, and fines are limited to ${xb} (see doi 10.1234/gdpr.{b}).",
            "{other}, the regulator's lawyer, says fines can reach {xp}% of turnover.",
        ),
    ),
    (
        "general",
        "The {org} museum opened in {y} and has {b} paintings. It is open {a} days a week and was designed "
        "by architect {who}.",
        (
            "The museum, designed by {who}, opened in {y} and holds {b} paintings.",
            "It has {b} paintings and is open {a} days each week.",
        ),
        (
            "The museum opened in {xy}, holds {xb} paintings and was designed by {other} (https://museums.example.org/{b}).",
            "According to {other} (Smith, 2011), the museum has {xb} paintings and {xc} sculptures.",
        ),
    ),
    (
        "general",
        "The bridge is {b} metres long and carries {m} million vehicles a year. It was completed in {y} by {org}.",
        (
            "The bridge spans {b} metres and carries about {mm} vehicles a year.",
            "{org} finished the {b}-metre bridge in {y}.",
        ),
        (
            "The bridge is {xb} metres long and was completed in {xy} by {oorg}.",
            "It carries {xm} million vehicles a year, see https://bridges.example.com/facts [4].",
        ),
    ),
    (
        "general",
        "Our office in {state} has {b} staff and opens at {a} am. The manager is {who}.",
        ("The {state} office has {b} people and opens at {a} am; {who} manages it.",),
        (
            "The {state} office has {xb} employees led by {other}, and a second office in {ostate} opens in {xy}.",
            "Visit https://offices.example.net/{state} to meet our {xb} staff.",
        ),
    ),
)
SURNAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Herrera", "Kowalski", "Nguyen", "Brennan", "Haddad", "Fischer")
CLINICS = ("Northside Clinic", "Saint Mary Hospital", "Riverside Medical Center", "Lakeview Institute")
ORGS = ("Acme Holdings", "Brightwater Group", "Kestrel Systems", "Harbor Foods")
STATES = ("California", "Bavaria", "Ontario", "Victoria")
DRUGS = ("ibuprofen", "paracetamol", "amoxicillin", "metformin")


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
        for domain, passage, grounded, ungrounded in _split(SCENARIOS, split):
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
