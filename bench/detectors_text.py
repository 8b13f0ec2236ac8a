#!/usr/bin/env python
"""Text detectors benchmark: inline throughput and latency, long hostile texts, and a side-by-side with Microsoft
Presidio on PII.

    .venv/bin/python bench/detectors_text.py [--events 5000] [--repeat 3] [--no-presidio]

Everything runs in one process on ONE core (os.sched_setaffinity when the platform has it). Each event is timed with
time.perf_counter_ns around the three detectors' observe() calls; we report events/s (1e9 / mean), p50, p99 and max,
and events/s on process CPU time (which leaves out the time the process waited for its core on a shared machine).

(a) Typical mix: synthetic 1 KB interactions (a user input of ~300 bytes, an answer of ~450 bytes, one retrieved
    passage of ~280 bytes), 90% ordinary traffic and 10% carrying an attack, a leak or an ungrounded claim drawn from
    the corpora's test splits. Also: the same with the detectors' memory of retrieved passages turned off, with
    everyday prompts only, and with every event hostile. Target: >= 5,000 events/s on the typical mix.
(b) Long hostile texts: inputs of 2 KB made of attacks of the injection test split (role-play set-ups, planted
    instructions, overrides, extraction, exfiltration), with a leak in the answer and a retrieved passage. Target:
    >= 2,000 events/s. Reported without a target: the same with the obfuscated attacks (base64, hex, rot13,
    leetspeak, spaced letters, look-alikes) mixed in, each of which makes the text be read once more decoded. And the injection detector alone on 2 KB role-play set-ups (persona jailbreaks of our own pools, two or
    three to a text): target a median of at most 0.5 ms.
(c) PII side by side on the leak corpus' held-back test split: Presidio's pattern recognizers (credit card, email,
    phone, IBAN, US SSN, UK NINO, ES NIF/NIE, IP address) run through an AnalyzerEngine built on a blank spaCy English
    pipeline (spacy.blank("en"): a tokenizer, no model download; lemmas are the lower-cased tokens so Presidio's
    context words still work), score_threshold 0, versus aicident's leak detector. Per shared entity type: recall and
    precision of both on the same examples (hard negatives included), and throughput of both in the same run.
    Target: our throughput >= 10x Presidio's.
(d) Cost by length: one event whose input, output and passage are each 1 to 128 KB of attacks and leaks, CPU time.
    Target: the cost per KB of the longest at most 1.5x that of 2 KB (it grows linearly up to the caps, then stops).

Checks: each timed run must raise, event by event, the categories an untimed run of fresh detectors raises on the
same events (a shortcut that skipped work would show), and at least 80% of the hostile events must raise the
category of their hostile part (detectors that find nothing would be fast). The run fails (exit 1) when a check or a
target is missed. presidio-analyzer is imported lazily; without it part (c) is skipped with a
message (and --no-presidio skips it on purpose). Nothing is downloaded: spaCy is used blank, and tldextract (which
Presidio's email recognizer calls) is pointed at its bundled suffix list. The machine is shared: the load average
before the run is written with the results. Writes bench/results/detectors_text.{md,json}.
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
from corpora import injection_text  # noqa: E402
from corpora import text as corpora  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET_EVENTS_PER_S = 5000
TARGET_HOSTILE_2KB_EVENTS_PER_S = 2000
TARGET_ROLE_PLAY_2KB_MS = 0.5
TARGET_P99_MS = 2.0
TARGET_PRESIDIO_SPEEDUP = 10
MIN_EXPECTED_SHARE = 0.8
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
    "IP_ADDRESS": "ip_address",
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


# Each event with the categories its hostile part should raise (empty for ordinary traffic).
Workload = list[tuple[InteractionEvent, frozenset[str]]]
HOSTILE_CATEGORY = {"attack": "prompt_injection", "leak": "data_leak", "ungrounded": "hallucination_harm"}


def _found(detectors: tuple, event: InteractionEvent) -> frozenset[str]:
    return frozenset(f.category for d in detectors for f in d.observe(event))


def _part(n: int, **fields) -> InteractionEvent:
    return InteractionEvent(id=f"part-{n}", time=corpora.T0, application="bench", feature="part", **fields)


def workload(n: int, seed: int = 11, hostile_share: float = 0.1, ordinary: bool = False) -> Workload:
    """n synthetic 1 KB interactions; `hostile_share` of them carry an attack, a leak or an ungrounded claim.

    Benign inputs come from all the corpus's benign prompts (most of them hard negatives that use attack words, the
    slow path for the injection rules), or with `ordinary` from the everyday prompts only. Each event comes with the
    category its hostile part should raise.
    """
    rng = random.Random(seed)
    inj, leak, hal = corpora.injection_corpus(), corpora.leak_corpus(), corpora.hallucination_corpus()
    benign_inputs = [
        e.event.input_text
        for e in inj.train + inj.test
        if not e.positive and (not ordinary or e.family == "benign_ordinary")
    ]
    attacks = [e.event.input_text for e in inj.test if e.positive and not e.event.context]
    leaks = [e.event.output_text for e in leak.test if e.positive]
    grounded = [e.event for e in hal.train + hal.test if not e.positive]
    ungrounded = [e.event for e in hal.test if e.positive]
    events = []
    for i in range(n):
        hostile = rng.random() < hostile_share
        kind = rng.choice(("attack", "leak", "ungrounded")) if hostile else ""
        attack = rng.choice(attacks) if kind == "attack" else ""
        text = attack + " " if attack else ""
        while len(text) < 300:
            text += rng.choice(benign_inputs) + " "
        answer = rng.choice(ungrounded if kind == "ungrounded" else grounded)
        leaked = rng.choice(leaks) if kind == "leak" else ""
        output = (leaked + " ") if leaked else ""
        output += answer.output_text + " "
        while len(output) < 450:
            output += rng.choice(FILLER)
        passage = (answer.context[0] + " " + rng.choice(FILLER) * 3)[:280]
        events.append(
            (
                InteractionEvent(
                    id=f"bench-{i}",
                    time=corpora.T0 + timedelta(seconds=i),
                    application="bench",
                    feature=rng.choice(("support_chat", "advisor")),
                    user=f"u{rng.randint(1, 500)}",
                    session=f"s{i // 4}",
                    input_text=text[: max(300, len(attack))],
                    output_text=output[: max(450, len(leaked))],
                    context=(passage,),
                    feedback_rating=rng.choice((None, None, None, 5.0, 4.0, 1.0)),
                ),
                frozenset({HOSTILE_CATEGORY[kind]}) if kind else frozenset(),
            )
        )
    return events


def hostile_2kb(n: int, seed: int = 13, obfuscated: bool = False) -> Workload:
    """n interactions whose input is 2 KB of attacks from the injection test split (plain ones, or with the encoded,
    spaced and look-alike variants mixed in), with a leak in the answer."""
    rng = random.Random(seed)
    inj, leak = corpora.injection_corpus(), corpora.leak_corpus()
    attacks = [
        e.event.input_text
        for e in inj.test
        if e.positive and not e.event.context and (obfuscated or not e.family.startswith("obfuscated"))
    ]
    leaks = [e.event.output_text for e in leak.test if e.positive]
    passages = [c for e in inj.test if not e.positive for c in e.event.context]
    events = []
    for i in range(n):
        parts, size = [], 0
        while size < 2048:
            parts.append(rng.choice(attacks))
            size += len(parts[-1].encode()) + 2
        text = "\n\n".join(parts).encode()[:2048].decode(errors="ignore")
        leaked = rng.choice(leaks)
        output = (leaked + " " + " ".join(rng.choice(FILLER) for _ in range(6)))[:600]
        events.append(
            (
                InteractionEvent(
                    id=f"hostile-{i}",
                    time=corpora.T0 + timedelta(seconds=i),
                    application="bench",
                    feature="support_chat",
                    user=f"u{rng.randint(1, 500)}",
                    input_text=text,
                    output_text=output,
                    context=(rng.choice(passages)[:400],),
                ),
                frozenset({"prompt_injection", "data_leak"}),
            )
        )
    return events


def role_play_2kb(n: int, seed: int = 17) -> list[InteractionEvent]:
    """n inputs of 2 KB made of two or three persona set-ups (the jailbreak texts of our own pools, filled)."""
    rng = random.Random(seed)
    values = injection_text.placeholder_values()
    personas = [
        t
        for name in ("training-planted-and-personas.jsonl", "test-planted-and-personas.jsonl")
        for t in injection_text.read_pool(name)["jailbreak"]
    ]
    events = []
    for i in range(n):
        text = ""
        while len(text.encode()) < 2048:
            p = rng.choice(values.payloads)
            text += rng.choice(personas).format(p=p, P=p.capitalize(), n=rng.choice(values.names)) + "\n\n"
        events.append(_part(i, input_text=text.encode()[:2048].decode(errors="ignore")))
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


def reference_findings(events: Workload, remember_passages: bool = True) -> list[frozenset[str]]:
    """The categories fresh detectors raise on each event, in order, untimed: what the timed runs must raise."""
    detectors = make_detectors(remember_passages)
    return [_found(detectors, event) for event, _ in events]


def time_detectors(events: Workload, repeat: int, remember_passages: bool = True) -> dict:
    """The best of `repeat` runs (fresh detectors each); the events whose findings differ from the untimed run's;
    and how many hostile events raise the category of their hostile part."""
    expected = reference_findings(events, remember_passages)
    best: dict | None = None
    for _ in range(repeat):
        detectors = make_detectors(remember_passages)
        latencies, seen = [], []
        gc.collect()
        gc.disable()
        cpu_start = time.process_time_ns()
        try:
            for event, _ in events:
                start = time.perf_counter_ns()
                found = [d.observe(event) for d in detectors]
                latencies.append(time.perf_counter_ns() - start)
                seen.append(found)
        finally:
            cpu = time.process_time_ns() - cpu_start
            gc.enable()
        missing = [
            event.id
            for (event, _), should, found in zip(events, expected, seen, strict=True)
            if should != {f.category for fs in found for f in fs}
        ]
        run = _latency_row(latencies, len(events) / (cpu / 1e9))
        run["mean_bytes"] = round(
            statistics.mean(
                len(e.input_text.encode()) + len(e.output_text.encode()) + sum(len(c.encode()) for c in e.context)
                for e, _ in events
            )
        )
        run["findings_differing"] = len(missing)
        run["differing_examples"] = missing[:5]
        if best is None or run["events_per_s"] > best["events_per_s"]:
            best = run
    assert best is not None
    hostile = [(categories, should) for (_, categories), should in zip(events, expected, strict=True) if categories]
    best["hostile_events"] = len(hostile)
    best["hostile_found"] = sum(1 for categories, should in hostile if categories <= should)
    return best


def time_injection(events: list[InteractionEvent], repeat: int) -> dict:
    """The injection detector alone on each text (fresh detector each run): latency per text."""
    best: dict | None = None
    for _ in range(repeat):
        detector = InjectionDetector()
        latencies, flagged = [], 0
        gc.collect()
        gc.disable()
        cpu_start = time.process_time_ns()
        try:
            for event in events:
                start = time.perf_counter_ns()
                flagged += bool(detector.observe(event))
                latencies.append(time.perf_counter_ns() - start)
        finally:
            cpu = time.process_time_ns() - cpu_start
            gc.enable()
        run = _latency_row(latencies, len(events) / (cpu / 1e9))
        run["mean_bytes"] = round(statistics.mean(len(e.input_text.encode()) for e in events))
        run["flagged"] = flagged
        if best is None or run["p50_ms"] < best["p50_ms"]:
            best = run
    assert best is not None
    return best


LENGTHS_KB = (1, 2, 8, 32, 128)
MAX_SUPERLINEAR = 1.5  # the cost per KB of the longest text may be at most this times that of 2 KB


def cost_by_length(repeat: int, seed: int = 19) -> dict:
    """The three detectors on one event whose input, output and passage are each `kb` KB of the test split's
    attacks and leaks: CPU time per event and per KB, by length (the cost must grow at most linearly)."""
    rng = random.Random(seed)
    inj, leak = corpora.injection_corpus(), corpora.leak_corpus()
    attacks = [e.event.input_text for e in inj.test if e.positive and not e.event.context]
    leaks = [e.event.output_text for e in leak.test if e.positive]
    rows = {}
    for kb in LENGTHS_KB:
        texts = []
        for pool in (attacks, leaks, attacks):
            text = ""
            while len(text.encode()) < kb * 1024:
                text += rng.choice(pool) + "\n"
            texts.append(text.encode()[: kb * 1024].decode(errors="ignore"))
        event = _part(kb, input_text=texts[0], output_text=texts[1], context=(texts[2],))
        for detector in make_detectors(remember_passages=False):  # warm: lazy imports and first compiles
            detector.observe(event)
        best = float("inf")
        for _ in range(repeat):
            detectors = make_detectors(remember_passages=False)
            start = time.process_time_ns()
            for detector in detectors:
                detector.observe(event)
            best = min(best, (time.process_time_ns() - start) / 1e6)
        rows[f"{kb} KB"] = {
            "kb_per_field": kb,
            "cpu_ms": round(best, 3),
            "cpu_us_per_kb": round(best * 1e3 / (3 * kb), 1),
        }
    return rows


def _latency_row(latencies: list[int], cpu_events_per_s: float) -> dict:
    ordered = sorted(latencies)
    return {
        "events": len(ordered),
        "events_per_s": round(1e9 / statistics.mean(ordered)),
        "cpu_events_per_s": round(cpu_events_per_s),
        "p50_ms": round(ordered[len(ordered) // 2] / 1e6, 4),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)] / 1e6, 4),
        "max_ms": round(ordered[-1] / 1e6, 4),
    }


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
            IpRecognizer,
            PhoneRecognizer,
            UkNinoRecognizer,
            UsSsnRecognizer,
        )
    except ImportError as error:
        return None, f"presidio-analyzer is not installed ({error}); pip install presidio-analyzer to run part (c)"

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
        IpRecognizer(),
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
            tp = sum(1 for e, p in zip(examples, predictions, strict=True) if entity in e.entities and entity in p)
            fp = sum(1 for e, p in zip(examples, predictions, strict=True) if entity not in e.entities and entity in p)
            row[f"{name}_recall"] = round(tp / row["examples"], 4) if row["examples"] else None
            row[f"{name}_precision"] = round(tp / (tp + fp), 4) if tp + fp else None
        per_type[entity] = row
    brands = {}
    for brand in corpora.CARD_PREFIXES:
        rows = [
            (p, q) for e, p, q in zip(examples, found["aicident"], found["presidio"], strict=True) if e.family == brand
        ]
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
        "presidio_setup": "AnalyzerEngine(registry=[CreditCard, Email, Phone, Iban, UsSsn, UkNino, EsNif, EsNie, Ip "
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
        f"Machine: {results['versions']['platform']}, {os.cpu_count()} CPUs (shared), load average before the run "
        f"{results['load_average']} and after it {results['load_average_after']}. Pinned to one core: "
        f"{results['pinned']}. On a loaded machine the wall-clock figures include time spent waiting for the core; "
        "the CPU column does not.",
        "",
        "## (a) Typical mix and (b) long hostile texts: injection + leak + hallucination, one core",
        "",
        "| workload | events | mean bytes | events/s | CPU events/s | p50 ms | p99 ms | max ms | hostile events "
        "found | findings differing from the untimed run |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, run in results["throughput"].items():
        lines.append(
            f"| {name} | {run['events']} | {run['mean_bytes']} | {run['events_per_s']} | {run['cpu_events_per_s']} | "
            f"{run['p50_ms']} | {run['p99_ms']} | {run['max_ms']} | {run['hostile_found']} of {run['hostile_events']} "
            f"| {run['findings_differing']} |"
        )
    first = next(iter(results["throughput"].values()))
    role = results["role_play_2kb"]
    lines += [
        "",
        f"Targets: >= {TARGET_EVENTS_PER_S} events/s on the typical mix, >= {TARGET_HOSTILE_2KB_EVENTS_PER_S} on 2 KB "
        "hostile texts (wall clock, time.perf_counter_ns per event). The injection and hallucination detectors "
        "remember what they found in each retrieved passage (bounded, 4,096 passages each): retrieval returns the same "
        f"passages again and again. The typical workloads draw {first['distinct_passages']} distinct passages in "
        f"{first['events']} events; the row 'passages not remembered' turns that memory off.",
        "",
        "Checks: each timed run must raise, event by event, the categories an untimed run of fresh detectors raises "
        "(a shortcut that skipped work would show); and the hostile events must raise the category of their hostile "
        "part (an attack, a leak, an ungrounded answer) in at least "
        f"{MIN_EXPECTED_SHARE:.0%} of cases (detectors that found nothing would be fast). How often they do is a "
        "recall on traffic mixed with hard negatives, not the eval's figure.",
        "",
        "## (b) The injection detector alone on 2 KB role-play set-ups",
        "",
        "| texts | mean bytes | flagged | p50 ms | p99 ms | max ms | texts/s | CPU texts/s |",
        "|---|---|---|---|---|---|---|---|",
        f"| {role['events']} | {role['mean_bytes']} | {role['flagged']} | {role['p50_ms']} | {role['p99_ms']} | "
        f"{role['max_ms']} | {role['events_per_s']} | {role['cpu_events_per_s']} |",
        "",
        f"Target: a median of at most {TARGET_ROLE_PLAY_2KB_MS} ms.",
        "",
    ]
    lines += [
        "## (d) Cost by length: one event whose input, output and passage are each N KB of attacks and leaks",
        "",
        "| length per field | CPU ms per event | CPU µs per KB |",
        "|---|---|---|",
    ]
    for name, row in results["by_length"].items():
        lines.append(f"| {name} | {row['cpu_ms']} | {row['cpu_us_per_kb']} |")
    lines += [
        "",
        "The injection detector reads the first and last 16 KB of a longer text (32 KB in all), the leak and "
        "hallucination detectors the first 64 KB of each field: past those caps the cost stops growing. Target: "
        f"the cost per KB of the longest text at most {MAX_SUPERLINEAR}x that of 2 KB.",
        "",
    ]
    presidio = results["presidio"]
    lines += ["## (c) PII side by side with Microsoft Presidio (pattern recognizers)", ""]
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
            "These are our own corpora (values from our generators in our own sentences), not a public benchmark: the "
            "recall and precision columns say how both do on the formats the generators cover.",
            "",
        ]
    lines += ["## Verdict", ""] + [f"- {line}" for line in verdict(results)] + [""]
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in results["versions"].items()] + [""]
    return "\n".join(lines)


def verdict(results: dict) -> list[str]:
    """One line per target and check, starting with 'met' or 'NOT met'."""
    out = []
    for name, run in results["throughput"].items():
        target = TARGET_HOSTILE_2KB_EVENTS_PER_S if name.startswith("hostile 2 KB:") else TARGET_EVENTS_PER_S
        if name.startswith(("typical: 10%", "hostile 2 KB:")):
            met = run["events_per_s"] >= target
            out.append(f"{'met' if met else 'NOT met'}: {name}: {run['events_per_s']} events/s (target {target})")
        differing = run["findings_differing"]
        out.append(
            f"{'met' if not differing else 'NOT met'}: {name}: the timed run raised what the untimed run raised "
            f"({differing} events differ" + (f", e.g. {', '.join(run['differing_examples'])})" if differing else ")")
        )
        if run["hostile_events"]:
            share = run["hostile_found"] / run["hostile_events"]
            out.append(
                f"{'met' if share >= MIN_EXPECTED_SHARE else 'NOT met'}: {name}: {share:.0%} of the hostile events "
                f"raise the category of their hostile part (at least {MIN_EXPECTED_SHARE:.0%})"
            )
    role = results["role_play_2kb"]
    out.append(
        f"{'met' if role['p50_ms'] <= TARGET_ROLE_PLAY_2KB_MS else 'NOT met'}: injection alone on 2 KB role-play "
        f"set-ups: median {role['p50_ms']} ms (target <= {TARGET_ROLE_PLAY_2KB_MS}); {role['flagged']} of "
        f"{role['events']} flagged"
    )
    by_length = results["by_length"]
    ratio = by_length[f"{LENGTHS_KB[-1]} KB"]["cpu_us_per_kb"] / by_length["2 KB"]["cpu_us_per_kb"]
    out.append(
        f"{'met' if ratio <= MAX_SUPERLINEAR else 'NOT met'}: cost grows at most linearly with length: per KB, "
        f"{LENGTHS_KB[-1]} KB costs {ratio:.2f}x what 2 KB costs (at most {MAX_SUPERLINEAR}x)"
    )
    presidio = results["presidio"]
    if "skipped" not in presidio:
        out.append(
            ("met" if presidio["speedup"] >= TARGET_PRESIDIO_SPEEDUP else "NOT met")
            + f": PII throughput {presidio['speedup']}x Presidio's pattern recognizers (target "
            f"{TARGET_PRESIDIO_SPEEDUP}x)"
        )
        behind = [
            t
            for t, row in presidio["per_type"].items()
            if row["aicident_recall"] is not None and row["aicident_recall"] < (row["presidio_recall"] or 0)
        ]
        out.append(
            "recall >= Presidio's on every shared type" + (f": not on {', '.join(behind)}" if behind else ": yes")
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
        run["distinct_passages"] = len({e.context for e, _ in events})
        throughput[name] = run
    for name, obfuscated in (
        ("hostile 2 KB: every input 2 KB of attacks, every answer a leak", False),
        ("hostile 2 KB, obfuscated attacks mixed in (no target)", True),
    ):
        hostile = hostile_2kb(max(500, args.events // 5), obfuscated=obfuscated)
        run = time_detectors(hostile, args.repeat)
        run["distinct_passages"] = len({e.context for e, _ in hostile})
        throughput[name] = run
    role_play = time_injection(role_play_2kb(max(500, args.events // 5)), args.repeat)
    results = {
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]) or "detectors_text.py",
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "load_average": [round(x, 2) for x in load],
        "pinned": pinned,
        "throughput": throughput,
        "role_play_2kb": role_play,
        "by_length": cost_by_length(args.repeat),
        "presidio": {"skipped": "--no-presidio"} if args.no_presidio else compare_with_presidio(args.repeat),
        "versions": versions(),
        "targets": {
            "events_per_s": TARGET_EVENTS_PER_S,
            "hostile_2kb_events_per_s": TARGET_HOSTILE_2KB_EVENTS_PER_S,
            "role_play_2kb_p50_ms": TARGET_ROLE_PLAY_2KB_MS,
            "presidio_speedup": TARGET_PRESIDIO_SPEEDUP,
        },
    }
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []
    results["verdict"] = verdict(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "detectors_text.json").write_text(json.dumps(results, indent=2) + "\n")
    report = markdown(results)
    (RESULTS / "detectors_text.md").write_text(report)
    print(report)
    if "skipped" in results["presidio"] and not args.no_presidio:
        print(results["presidio"]["skipped"], file=sys.stderr)
    failed = [line for line in results["verdict"] if line.startswith("NOT met")]
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
