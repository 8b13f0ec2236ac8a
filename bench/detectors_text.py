#!/usr/bin/env python
"""Text detectors benchmark: inline throughput and latency, and a side-by-side with Microsoft Presidio on PII.

    .venv/bin/python bench/detectors_text.py [--events 5000] [--repeat 3] [--no-presidio]

(a) Throughput: the three text detectors (injection, leak, hallucination) together, in one process on ONE core
    (os.sched_setaffinity when the platform has it), over synthetic 1 KB interactions: a user input (~300 bytes), an
    answer (~450 bytes) and one retrieved passage (~280 bytes). The mix is what a production feature sees most of the
    time: 90% ordinary traffic, 10% carrying an attack, a leak or an ungrounded claim (drawn from the corpora's test
    splits). Each event is timed with time.perf_counter_ns around the three observe() calls; we report events/s
    (1e9 / mean), p50, p99 and max. A worst case run (every event an attack or leak) is reported too, and the typical
    run again with the detectors' memory of retrieved passages turned off (the passages come from a few hundred
    grounding scenarios, so most repeat, as in retrieval over a knowledge base; without the memory each is scanned
    afresh). Targets: >= 5,000 events/s and p99 < 2 ms.
(b) PII side by side on the leak corpus' held-back test split: Presidio's pattern recognizers (credit card, email,
    phone, IBAN, US SSN, UK NINO, ES NIF/NIE) run through an AnalyzerEngine built on a blank spaCy English pipeline
    (spacy.blank("en"): a tokenizer, no model download; lemmas are the lower-cased tokens so Presidio's context words
    still work), score_threshold 0, versus aicident's leak detector. Per shared entity type: recall of both, precision
    of both on the same examples (hard negatives included), throughput of both. Targets: our recall >= Presidio's on
    every shared type, our throughput >= 10x.

presidio-analyzer is imported lazily; without it part (b) is skipped with a message. Nothing is downloaded: spaCy is
used blank, and tldextract (which Presidio's email recognizer calls) is pointed at its bundled suffix list.
Writes bench/results/detectors_text.{md,json}.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the corpora (data and generators) are the checkout's corpora/ folder

from aicident.detectors.hallucination import Config as HallucinationConfig  # noqa: E402
from aicident.detectors.hallucination import HallucinationDetector  # noqa: E402
from aicident.detectors.injection import Config as InjectionConfig  # noqa: E402
from aicident.detectors.injection import InjectionDetector  # noqa: E402
from aicident.detectors.leak import LeakDetector  # noqa: E402
from aicident.detectors.model import InteractionEvent  # noqa: E402
from corpora import text as corpora  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET_EVENTS_PER_S = 5000
TARGET_P99_MS = 2.0
# Presidio entity -> ours, for the types both detect.
SHARED = {
    "CREDIT_CARD": "card",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "IBAN_CODE": "iban",
    "US_SSN": "ssn",
    "UK_NINO": "uk_nino",
    "ES_NIF": "es_dni",
    "ES_NIE": "es_dni",
}
FILLER = (
    "Thanks for reaching out. ",
    "I checked your account and everything looks fine. ",
    "Let me know if there is anything else I can help with. ",
    "Your request has been noted. ",
    "Here is a short summary of the document. ",
    "Delivery usually takes three to five business days. ",
    "You can change this later in Settings. ",
)


# --- the workload --------------------------------------------------------------------------------------------------


def workload(n: int, seed: int = 11, hostile_share: float = 0.1, ordinary: bool = False) -> list[InteractionEvent]:
    """n synthetic 1 KB interactions; `hostile_share` of them carry an attack, a leak or an ungrounded claim.

    Benign inputs come from all the corpus's benign prompts (most of them hard negatives that use attack words, the
    slow path for the injection rules), or with `ordinary` from the everyday prompts only.
    """
    rng = random.Random(seed)
    inj, leak, hal = corpora.injection_corpus(), corpora.leak_corpus(), corpora.hallucination_corpus()
    benign_inputs = [
        e.event.input_text
        for e in inj.train + inj.test
        if not e.positive and (not ordinary or e.family == "benign_ordinary")
    ]
    attacks = [e.event.input_text for e in inj.test if e.positive and e.family != "indirect"]
    leaks = [e.event.output_text for e in leak.test if e.positive]
    grounded = [e.event for e in hal.train + hal.test if not e.positive]
    ungrounded = [e.event for e in hal.test if e.positive]
    events = []
    for i in range(n):
        hostile = rng.random() < hostile_share
        kind = rng.choice(("attack", "leak", "ungrounded")) if hostile else ""
        text = rng.choice(attacks) + " " if kind == "attack" else ""
        while len(text) < 300:
            text += rng.choice(benign_inputs) + " "
        answer = rng.choice(ungrounded if kind == "ungrounded" else grounded)
        output = (rng.choice(leaks) + " ") if kind == "leak" else ""
        output += answer.output_text + " "
        while len(output) < 450:
            output += rng.choice(FILLER)
        passage = (answer.context[0] + " " + rng.choice(FILLER) * 3)[:280]
        events.append(
            InteractionEvent(
                id=f"bench-{i}",
                time=corpora.T0 + timedelta(seconds=i),
                application="bench",
                feature=rng.choice(("support_chat", "advisor")),
                user=f"u{rng.randint(1, 500)}",
                session=f"s{i // 4}",
                input_text=text[:300],
                output_text=output[:450],
                context=(passage,),
                feedback_rating=rng.choice((None, None, None, 5.0, 4.0, 1.0)),
            )
        )
    return events


def make_detectors(remember_passages: bool = True) -> tuple:
    """The three text detectors; `remember_passages=False` turns off their memory of retrieved passages."""
    if remember_passages:
        return InjectionDetector(), LeakDetector(), HallucinationDetector()
    return (
        InjectionDetector(InjectionConfig(context_cache_size=0)),
        LeakDetector(),
        HallucinationDetector(HallucinationConfig(passage_cache_size=0)),
    )


def time_detectors(events: list[InteractionEvent], repeat: int, remember_passages: bool = True) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(repeat):
        detectors = make_detectors(remember_passages)
        latencies = []
        gc.collect()
        gc.disable()
        try:
            for event in events:
                start = time.perf_counter_ns()
                for detector in detectors:
                    detector.observe(event)
                latencies.append(time.perf_counter_ns() - start)
        finally:
            gc.enable()
        latencies.sort()
        run = {
            "events": len(events),
            "events_per_s": round(1e9 / statistics.mean(latencies)),
            "p50_ms": round(latencies[len(latencies) // 2] / 1e6, 4),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] / 1e6, 4),
            "max_ms": round(latencies[-1] / 1e6, 4),
            "mean_bytes": round(
                statistics.mean(
                    len(e.input_text.encode()) + len(e.output_text.encode()) + sum(len(c.encode()) for c in e.context)
                    for e in events
                )
            ),
        }
        if best is None or run["events_per_s"] > best["events_per_s"]:
            best = run
    assert best is not None
    return best


# --- Presidio side by side -----------------------------------------------------------------------------------------


def presidio_analyzer():
    """An AnalyzerEngine with Presidio's pattern recognizers for the shared types, on a blank spaCy pipeline."""
    try:
        import spacy
        import tldextract
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpArtifacts, SlimSpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            EsNieRecognizer,
            EsNifRecognizer,
            IbanRecognizer,
            PhoneRecognizer,
            UkNinoRecognizer,
            UsSsnRecognizer,
        )
    except ImportError as error:
        return None, f"presidio-analyzer is not installed ({error}); pip install presidio-analyzer to run part (b)"

    # Presidio's email recognizer validates the domain with tldextract, whose default fetches the public suffix list
    # over the network: use the snapshot bundled with the package instead.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class BlankEnglish(SlimSpacyNlpEngine):
        """spacy.blank("en"): tokens without any trained model; lemma = lower-cased token for context words."""

        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": "blank:en"}], auto_download=False)

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

        def _doc_to_nlp_artifact(self, doc, language):
            return NlpArtifacts(
                entities=[],
                tokens=doc,
                tokens_indices=[t.idx for t in doc],
                lemmas=[t.lower_ for t in doc],
                nlp_engine=self,
                language=language,
                scores=[],
            )

    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        CreditCardRecognizer(),
        EmailRecognizer(),
        PhoneRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        UkNinoRecognizer(),
        EsNifRecognizer(supported_language="en"),
        EsNieRecognizer(supported_language="en"),
    ):
        registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(registry=registry, nlp_engine=BlankEnglish(), supported_languages=["en"])
    return engine, ""


def compare_with_presidio(repeat: int) -> dict:
    engine, problem = presidio_analyzer()
    if engine is None:
        return {"skipped": problem}
    examples = corpora.leak_corpus().test
    texts = [e.event.output_text for e in examples]
    types = sorted(set(SHARED.values()))
    ours_detector = LeakDetector()

    def ours(text: str) -> set[str]:
        return {m.entity for m in ours_detector.scan(text)} & set(types)

    def theirs(text: str) -> set[str]:
        return {SHARED[r.entity_type] for r in engine.analyze(text=text, language="en", entities=list(SHARED))}

    found = {"aicident": [ours(t) for t in texts], "presidio": [theirs(t) for t in texts]}
    per_type = {}
    for entity in types:
        row = {"examples": sum(1 for e in examples if entity in e.entities)}
        for name, predictions in found.items():
            tp = sum(1 for e, p in zip(examples, predictions) if entity in e.entities and entity in p)
            fp = sum(1 for e, p in zip(examples, predictions) if entity not in e.entities and entity in p)
            row[f"{name}_recall"] = round(tp / row["examples"], 4) if row["examples"] else None
            row[f"{name}_precision"] = round(tp / (tp + fp), 4) if tp + fp else None
        per_type[entity] = row
    brands = {}
    for brand in corpora.CARD_PREFIXES:
        rows = [(p, q) for e, p, q in zip(examples, found["aicident"], found["presidio"]) if e.family == brand]
        brands[brand] = {
            "examples": len(rows),
            "aicident_found": sum(1 for p, _ in rows if "card" in p),
            "presidio_found": sum(1 for _, q in rows if "card" in q),
        }
    speed = {}
    for name, function in (("aicident", ours), ("presidio", theirs)):
        best = 0.0
        for _ in range(repeat):
            start = time.perf_counter_ns()
            for text in texts:
                function(text)
            best = max(best, len(texts) / ((time.perf_counter_ns() - start) / 1e9))
        speed[name] = round(best)
    return {
        "corpus": f"leak corpus, test split: {len(texts)} outputs ({sum(1 for e in examples if e.positive)} with one "
        f"sensitive value, the rest hard negatives)",
        "presidio_setup": "AnalyzerEngine(registry=[CreditCard, Email, Phone, Iban, UsSsn, UkNino, EsNif, EsNie "
        "recognizers], nlp_engine=spacy.blank('en')), score_threshold=0",
        "per_type": per_type,
        "card_brands": brands,
        "texts_per_s": speed,
        "speedup": round(speed["aicident"] / speed["presidio"], 1),
        "mean_text_bytes": round(statistics.mean(len(t.encode()) for t in texts)),
    }


# --- report --------------------------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "platform": platform.platform(), "processor": platform.processor()}
    for package in ("presidio-analyzer", "spacy", "phonenumbers", "tldextract"):
        try:
            out[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def markdown(results: dict) -> str:
    lines = [
        "# Text detectors benchmark",
        "",
        f"Run: `{results['command']}` at {results['when']}",
        "",
        f"Machine: {results['versions']['platform']}, {os.cpu_count()} CPUs, load average before the run "
        f"{results['load_average']}. Pinned to one core: {results['pinned']}.",
        "",
    ]
    lines += [
        "## (a) Inline throughput: injection + leak + hallucination on 1 KB interactions, one core",
        "",
        "| workload | events | mean bytes | events/s | p50 ms | p99 ms | max ms | CPU events/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, run in results["throughput"].items():
        lines.append(
            f"| {name} | {run['events']} | {run['mean_bytes']} | {run['events_per_s']} | {run['p50_ms']} | "
            f"{run['p99_ms']} | {run['max_ms']} | {run['cpu_events_per_s']} |"
        )
    lines += [
        "",
        f"Targets: >= {TARGET_EVENTS_PER_S} events/s and p99 < {TARGET_P99_MS} ms (wall clock, "
        "time.perf_counter_ns per event). CPU events/s divides by process CPU time, which excludes time the "
        "process spent waiting for a core on a shared machine.",
        "",
        "The injection and hallucination detectors remember what they found in each retrieved passage (bounded, "
        "4,096 passages each): retrieval returns the same passages again and again. The workloads draw "
        + ", ".join(
            f"{run['distinct_passages']} distinct passages in {run['events']} events"
            for run in list(results["throughput"].values())[:1]
        )
        + "; the row 'passages not remembered' turns that memory off to show the cost when every passage is "
        "new.",
        "",
    ]
    presidio = results["presidio"]
    lines += ["## (b) PII side by side with Microsoft Presidio (pattern recognizers)", ""]
    if "skipped" in presidio:
        lines += [f"Skipped: {presidio['skipped']}", ""]
    else:
        lines += [
            presidio["corpus"] + ".",
            "",
            f"Presidio: {presidio['presidio_setup']}.",
            "",
            "| type | examples | recall aicident | recall Presidio | precision aicident | precision Presidio |",
            "|---|---|---|---|---|---|",
        ]
        for entity, row in presidio["per_type"].items():
            lines.append(
                f"| {entity} | {row['examples']} | {row['aicident_recall']} | {row['presidio_recall']} | "
                f"{row['aicident_precision']} | {row['presidio_precision']} |"
            )
        lines += ["", "Cards by brand (found / examples):", "", "| brand | aicident | Presidio |", "|---|---|---|"]
        for brand, row in presidio["card_brands"].items():
            lines.append(
                f"| {brand} | {row['aicident_found']}/{row['examples']} | {row['presidio_found']}/{row['examples']} |"
            )
        lines += [
            "",
            f"Throughput on the same {presidio['mean_text_bytes']}-byte texts: aicident "
            f"{presidio['texts_per_s']['aicident']} texts/s, Presidio {presidio['texts_per_s']['presidio']} "
            f"texts/s: {presidio['speedup']}x.",
            "",
        ]
    lines += ["## Verdict", ""] + [f"- {line}" for line in verdict(results)] + [""]
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in results["versions"].items()] + [""]
    return "\n".join(lines)


def verdict(results: dict) -> list[str]:
    out = []
    for name, run in results["throughput"].items():
        met = run["events_per_s"] >= TARGET_EVENTS_PER_S and run["p99_ms"] < TARGET_P99_MS
        out.append(
            f"{'met' if met else 'NOT met'}: {name}: {run['events_per_s']} events/s "
            f"(target {TARGET_EVENTS_PER_S}), p99 {run['p99_ms']} ms (target < {TARGET_P99_MS})"
        )
    presidio = results["presidio"]
    if "skipped" not in presidio:
        behind = [t for t, row in presidio["per_type"].items() if row["aicident_recall"] < row["presidio_recall"]]
        out.append(
            ("met" if not behind else "NOT met")
            + ": recall >= Presidio's on every shared type"
            + (f" (behind on {', '.join(behind)})" if behind else "")
        )
        out.append(
            ("met" if presidio["speedup"] >= 10 else "NOT met") + f": throughput {presidio['speedup']}x "
            "Presidio's (target 10x)"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args()
    pinned = False
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
        pinned = True
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    throughput = {}
    for name, share, ordinary, remember in (
        ("typical: 10% hostile, benign prompts mostly hard negatives", 0.1, False, True),
        ("typical, passages not remembered (every retrieved passage scanned afresh)", 0.1, False, False),
        ("ordinary: 10% hostile, benign prompts everyday questions", 0.1, True, True),
        ("worst case: 100% hostile", 1.0, False, True),
    ):
        events = workload(args.events, hostile_share=share, ordinary=ordinary)
        run = time_detectors(events, args.repeat, remember)
        run["distinct_passages"] = len({e.context for e in events})
        cpu_start = time.process_time_ns()
        detectors = make_detectors(remember)
        for event in events:
            for detector in detectors:
                detector.observe(event)
        run["cpu_events_per_s"] = round(len(events) / ((time.process_time_ns() - cpu_start) / 1e9))
        throughput[name] = run
    results = {
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]) or "detectors_text.py",
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "load_average": [round(x, 2) for x in load],
        "pinned": pinned,
        "throughput": throughput,
        "presidio": {"skipped": "--no-presidio"} if args.no_presidio else compare_with_presidio(args.repeat),
        "versions": versions(),
        "targets": {"events_per_s": TARGET_EVENTS_PER_S, "p99_ms": TARGET_P99_MS, "presidio_speedup": 10},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "detectors_text.json").write_text(json.dumps(results, indent=2) + "\n")
    report = markdown(results)
    (RESULTS / "detectors_text.md").write_text(report)
    print(report)
    if "skipped" in results["presidio"] and not args.no_presidio:
        print(results["presidio"]["skipped"], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
