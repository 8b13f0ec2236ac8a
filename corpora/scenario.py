"""A day's interaction log with one incident of each AI category, and the same log without them (pure, seeded).

`incident_log(seed)` is six hours of traffic of an AI product on one timeline: benign background on several features
plus exactly one incident of every category the default plan declares:

    prompt_injection    a short burst of prompt injection attempts by one user on help-center (under an hour in)
    data_leak           one crm-assistant answer that prints a customer's payment card number and email address
    hallucination_harm  one knowledge-base answer with a medication dose its retrieved passage does not support
    bias_incident       loan-assistant approvals for one age band fall to 0.6x from 2.5 h on (and stay down)
    model_degradation   support-chat's gpt-4o alias silently answers from a new snapshot at 3 h, with lower quality
    vendor_outage       email-drafts' openai gpt-4o-mini fails about one call in five from 4 h 40 to 4 h 55

`benign_log(seed)` is the same background with the statistical streams in their control or hard-negative form and
no text incident, so every finding on it is a false alarm. Hard negatives in it: prompts that mention instructions,
developer mode or quote attacks while asking about them; outputs with Luhn-failing card look-alikes, order numbers,
versions and placeholder keys; grounded answers that restate their passage's figures in other formats; a planned
upgrade to an equally good model; short latency spikes and small error clusters; a group too small to judge.

Everything comes from the labelled generators in `text` and `streams` of this folder: their events are shifted onto
this log's timeline (`START`) with `dataclasses.replace` and their ids prefixed, so ids are unique in the log. Text is
drawn from the corpora's *train* split, the phrasings the rules were developed on: this log shows the whole pipeline
working end to end; how well the detectors generalise to unseen phrasings is what `aicident detectors eval` measures
on the held-back split.

`incident_scenario(seed)` also says, per category, which events make up the planted incident and which sensitive
values were planted, so a test can check that a finding's evidence points at the incident (not the background) and
that no planted value leaks into it. `write_jsonl` writes events in the field names `aicident scan` and
POST /api/v1/events read.

    aicident detectors sample-log incidents.jsonl && aicident scan incidents.jsonl
"""

from __future__ import annotations

import heapq
import json
import random
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aicident.detectors.model import InteractionEvent, Outcome

from . import injection_text, streams, text

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # the log's first moment
HOURS = 6.0  # the log's length

# Where each part of the product runs: (feature, application, provider, requested model, answered model).
HELP_CENTER = ("help-center", "storefront", "mistral", "mistral-large-latest", "mistral-large-2411")
CRM = ("crm-assistant", "backoffice", "anthropic", "claude-3-7-sonnet", "claude-3-7-sonnet-20250219")
KNOWLEDGE = ("knowledge-base", "helpdesk", "google", "gemini-2.5-flash", "gemini-2.5-flash")

# The statistical streams, and where their hours start on this log's timeline.
BIAS_AT = timedelta(0)  # loan-assistant for 6 h; in the incident log the drop starts at 2.5 h
DEGRADATION_AT = timedelta(hours=1)  # support-chat and summarizer for 4 h; the silent change comes at 3 h
VENDOR_AT = timedelta(hours=2, minutes=40)  # email-drafts for VENDOR_MINUTES; the outage runs from 4 h 40 to 4 h 55
VENDOR_MINUTES = 200.0
VENDOR_BURST_AT = 120.0  # minutes into the vendor stream: two hours of ordinary traffic make the model's baseline
VENDOR_RATE = 0.3  # of the stream generator's call rates: 1.5 calls/s to openai, 0.6 to anthropic
VENDOR_FEATURE = "email-drafts"
# The vendor stream's routes get their own models, so they do not mix with support-chat's gpt-4o or summarizer's
# claude-sonnet-4 (the vendor detector keys on provider and requested model, degradation on feature and provider).
VENDOR_MODELS = {"gpt-4o": "gpt-4o-mini", "claude-sonnet-4": "claude-3-5-haiku"}
BIAS_VARIANT = 0  # streams.BIAS_TARGETS[0]: age_band 65+
DEGRADATION_VARIANT = 0  # streams.DEGRADED[0]: eval scores fall from 0.82 to 0.77, nothing else moves
VENDOR_VARIANT = 0  # streams.BURSTS[0]: errors and timeouts

# The text incidents: when they happen on the timeline.
ATTACK_AT = timedelta(minutes=52)
LEAK_AT = timedelta(hours=2, minutes=10)
HALLUCINATION_AT = timedelta(hours=3, minutes=20)
ATTACK_ATTEMPTS = 5  # a short burst: the injection detector's sustained-attack rule needs more than 5 in 10 minutes

# Background text traffic: mean seconds between interactions, per feature.
TEXT_GAPS = {"help-center": 45.0, "crm-assistant": 100.0, "knowledge-base": 120.0}

REPLIES = (  # help-center answers: no numbers, names or links, so nothing in them is a claim to ground
    "Thanks for asking. Here is what our help pages say about that.",
    "Sure, let me walk you through it step by step.",
    "I can help with that. Could you tell me a little more about what you see?",
    "That should work now; let me know if anything else comes up.",
    "Good question. The short answer is yes, with a couple of caveats.",
)
CRM_QUESTIONS = (
    "What is the status of this customer's last order?",
    "Summarise the open ticket for me.",
    "When was the last payment made on this account?",
    "Has the replacement shipped yet?",
    "Which plan is this customer on?",
    "Draft a reply confirming the refund.",
)
REFUSALS = (
    "I can't help with that request.",
    "Sorry, I can only help with questions about your orders and account.",
)


@dataclass(frozen=True)
class PlantedIncident:
    """One incident put into the log: the events that make it up and the sensitive values planted in it."""

    category: str
    feature: str
    description: str
    event_ids: frozenset[str]  # a finding about this incident should cite only these events as evidence
    planted: tuple[str, ...] = ()  # verbatim values (card, email, token) that must never appear in evidence


@dataclass(frozen=True)
class Scenario:
    name: str  # incidents | benign
    seed: int
    events: tuple[InteractionEvent, ...]  # in time order
    incidents: Mapping[str, PlantedIncident] = field(default_factory=dict)  # by category; empty when benign

    @property
    def planted(self) -> tuple[str, ...]:
        """Every sensitive value planted anywhere in the log."""
        return tuple(value for incident in self.incidents.values() for value in incident.planted)


# --- public entry points ---------------------------------------------------------------------------------------------


def incident_log(seed: int = 7) -> list[InteractionEvent]:
    """Background traffic plus exactly one incident of each category, in time order (see the module docstring)."""
    return list(incident_scenario(seed).events)


def benign_log(seed: int = 7) -> list[InteractionEvent]:
    """The same background traffic with control and hard-negative streams and no incident, in time order."""
    return list(benign_scenario(seed).events)


def incident_scenario(seed: int = 7) -> Scenario:
    """`incident_log` with the planted incidents described."""
    rng = random.Random(f"scenario/{seed}/incidents")
    incidents: dict[str, PlantedIncident] = {}
    attack, planted = prompt_injection_attack(seed, at=START + ATTACK_AT, attempts=ATTACK_ATTEMPTS)
    incidents["prompt_injection"] = PlantedIncident(
        "prompt_injection",
        HELP_CENTER[0],
        f"{len(attack)} prompt injection attempts by one user in a few minutes",
        frozenset(e.id for e in attack),
        planted,
    )
    leak = _leak_event(seed, rng)
    incidents["data_leak"] = PlantedIncident(
        "data_leak",
        CRM[0],
        "an answer that prints a customer's card number and email address",
        frozenset({leak[0].id}),
        leak[1],
    )
    hallucination = _hallucination_event(seed)
    incidents["hallucination_harm"] = PlantedIncident(
        "hallucination_harm",
        KNOWLEDGE[0],
        "a medication dose the retrieved passage does not support",
        frozenset({hallucination.id}),
    )

    bias = streams.bias_stream(seed, "drop", BIAS_VARIANT)
    attribute, group = streams.BIAS_TARGETS[BIAS_VARIANT % len(streams.BIAS_TARGETS)]
    bias_events = _shifted(bias.events(), BIAS_AT, "loan")
    drop_from = _moved(bias.changes[0].start, BIAS_AT)
    incidents["bias_incident"] = PlantedIncident(
        "bias_incident",
        streams.BIAS_FEATURE,
        f"approvals for {attribute}={group} fall to 0.6x from {drop_from:%H:%M}",
        frozenset(e.id for e in bias_events if e.time >= drop_from and e.attributes.get(attribute) == group),
    )

    degradation = streams.degradation_stream(seed, "silent_change", DEGRADATION_VARIANT)
    degradation_events = _shifted(degradation.events(), DEGRADATION_AT, "chat")
    changed_at = _moved(degradation.changes[0].start, DEGRADATION_AT)
    incidents["model_degradation"] = PlantedIncident(
        "model_degradation",
        streams.DEGRADATION_FEATURE,
        f"{streams.DEGRADATION_FEATURE} answers from {streams.NEW_SNAPSHOT} from {changed_at:%H:%M}, eval scores lower",
        frozenset(
            e.id for e in degradation_events if e.feature == streams.DEGRADATION_FEATURE and e.time >= changed_at
        ),
    )

    vendor = streams.vendor_stream(
        seed, "burst", VENDOR_VARIANT, minutes=VENDOR_MINUTES, burst_at=VENDOR_BURST_AT, rate=VENDOR_RATE
    )
    vendor_events = _vendor_events(vendor)
    change = vendor.changes[0]
    burst_from, burst_until = _moved(change.start, VENDOR_AT), _moved(change.detect_by, VENDOR_AT)
    incidents["vendor_outage"] = PlantedIncident(
        "vendor_outage",
        VENDOR_FEATURE,
        f"openai {VENDOR_MODELS['gpt-4o']} fails ({change.kind}) from {burst_from:%H:%M} to {burst_until:%H:%M}",
        frozenset(e.id for e in vendor_events if e.provider == "openai" and burst_from <= e.time < burst_until),
    )

    events = _merge(
        _background(seed), attack, [leak[0]], [hallucination], bias_events, degradation_events, vendor_events
    )
    return Scenario("incidents", seed, events, incidents)


def benign_scenario(seed: int = 7) -> Scenario:
    """`benign_log` as a Scenario (no incidents)."""
    bias = _shifted(streams.bias_stream(seed, "small_group").events(), BIAS_AT, "loan")
    degradation = _shifted(streams.degradation_stream(seed, "legit_upgrade").events(), DEGRADATION_AT, "chat")
    vendor = _vendor_events(streams.vendor_stream(seed, "latency_noise", minutes=VENDOR_MINUTES, rate=VENDOR_RATE))
    return Scenario("benign", seed, _merge(_background(seed), bias, degradation, vendor))


def prompt_injection_attack(
    seed: int = 7,
    *,
    at: datetime | None = None,
    attempts: int = ATTACK_ATTEMPTS,
    user: str | None = None,
    prefix: str = "attack",
    spacing_seconds: float = 40.0,
) -> tuple[list[InteractionEvent], tuple[str, ...]]:
    """`attempts` direct prompt injection attempts by one user and session on help-center, about `spacing_seconds`
    apart from `at`, and the sensitive values planted in them (the attacker's email address in the first attempt, a
    GitHub token in the second: evidence must quote the attack without repeating either).

    The texts are the injection corpus's direct overrides (its first training pool); the model refuses each. Call again with
    another `prefix` (and a later `at`) for a further wave by the same attacker with new event ids.
    """
    rng = random.Random(f"scenario/{seed}/attack")
    corpus_rng = random.Random(f"scenario/{seed}/attack/{prefix}")
    # Plain-language overrides as a user types them into a chat box (the corpus's chat-template and markup variants,
    # "<|im_start|>system ...", "### SYSTEM: ...", "[ADMIN OVERRIDE] ...", are another kind of attack).
    # The first pool's overrides: the classic phrasings, which every detector of them must find (the later pools hold
    # the rarer tactics whose recall the evaluation measures).
    direct = [
        e.event.input_text
        for e in injection_text.pool_examples(
            injection_text.training_pools()["first"], f"injection-{seed}-train", "train"
        )
        if e.family == "direct" and not any(mark in e.event.input_text for mark in ("<|", "#", "["))
    ]
    email = f"{rng.choice(('mallory', 'trent', 'eve'))}.{rng.randint(10, 99)}@proton.me"
    token = text.make_entity("github_token", rng)
    while not token.startswith("ghp_"):
        token = text.make_entity("github_token", rng)
    user = user or f"u-{rng.randrange(16**6):06x}"
    session = f"s-{rng.randrange(16**8):08x}"
    at = at or START + ATTACK_AT
    events, t = [], 0.0
    for n, attack in enumerate(corpus_rng.sample(direct, attempts), start=1):
        if n == 1:
            attack = f"My account is {email}. {attack}"
        elif n == 2:
            attack = f"Auth token {token} proves I'm staff. {attack}"
        _, application, provider, requested, answered = HELP_CENTER
        events.append(
            InteractionEvent(
                id=f"{prefix}-{seed}-{n}",
                time=at + timedelta(seconds=t),
                application=application,
                feature=HELP_CENTER[0],
                user=user,
                session=session,
                provider=provider,
                request_model=requested,
                response_model=answered,
                prompt_version="help-v12",
                input_text=attack,
                output_text=rng.choice(REFUSALS),
                latency_ms=round(rng.lognormvariate(6.4, 0.3), 1),
                finish_reasons=("stop",),
                input_tokens=len(attack) // 4,
                output_tokens=14,
            )
        )
        t += spacing_seconds * rng.uniform(0.5, 1.5)
    return events, (email, token)


# --- JSON lines ------------------------------------------------------------------------------------------------------


def event_json(event: InteractionEvent) -> dict[str, object]:
    """One event as the JSON object `aicident.detectors.events.parse_event` reads (empty fields left out)."""
    document: dict[str, object] = {
        "id": event.id,
        "time": event.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "application": event.application,
        "feature": event.feature,
    }
    for name in (
        "user",
        "session",
        "provider",
        "request_model",
        "response_model",
        "prompt_version",
        "system_prompt_id",
        "error_code",
        "decision",
        "complaint",
        "latency_ms",
        "score",
        "feedback_rating",
        "eval_score",
        "input_tokens",
        "output_tokens",
    ):
        value = getattr(event, name)
        if value is not None:
            document[name] = value
    for name in ("input_text", "output_text"):
        if getattr(event, name):
            document[name] = getattr(event, name)
    for name in ("context", "finish_reasons"):
        if getattr(event, name):
            document[name] = list(getattr(event, name))
    if event.attributes:
        document["attributes"] = dict(event.attributes)
    if event.outcome is not Outcome.OK:
        document["outcome"] = event.outcome.value
    if event.guards:
        document["guards"] = [
            {"guard": g.guard, "check": g.check, "target": g.target.value}
            | ({"verdict": g.verdict} if g.verdict is not None else {})
            | ({"score": g.score} if g.score is not None else {})
            for g in event.guards
        ]
    return document


def write_jsonl(events: Iterable[InteractionEvent], path: str | Path) -> int:
    """Write the events, one JSON object a line, to `path`; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event_json(event), ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


# --- the parts -------------------------------------------------------------------------------------------------------


def _moved(moment: datetime, at: timedelta) -> datetime:
    """A moment of the stream generators' timeline (streams.START) on this log's timeline."""
    return START + at + (moment - streams.START)


def _shifted(events: Iterable[InteractionEvent], at: timedelta, prefix: str) -> list[InteractionEvent]:
    return [replace(e, id=f"{prefix}-{e.id}", time=_moved(e.time, at)) for e in events]


def _vendor_events(stream: streams.LabelledStream) -> list[InteractionEvent]:
    def moved(e: InteractionEvent) -> InteractionEvent:
        model = VENDOR_MODELS.get(e.request_model or "", e.request_model)
        return replace(
            e,
            id=f"mail-{e.id}",
            time=_moved(e.time, VENDOR_AT),
            feature=VENDOR_FEATURE,
            request_model=model,
            response_model=model if e.response_model else None,
        )

    return [moved(e) for e in stream.events()]


def _merge(*parts: Iterable[InteractionEvent]) -> tuple[InteractionEvent, ...]:
    return tuple(heapq.merge(*(sorted(p, key=lambda e: e.time) for p in parts), key=lambda e: e.time))


def _times(rng: random.Random, mean_gap: float) -> Iterator[datetime]:
    t = rng.expovariate(1 / mean_gap)
    while t < HOURS * 3600:
        yield START + timedelta(seconds=t)
        t += rng.expovariate(1 / mean_gap)


def _users(rng: random.Random, count: int) -> list[str]:
    return [f"u-{rng.randrange(16**6):06x}" for _ in range(count)]


def _background(seed: int) -> list[InteractionEvent]:
    """Benign text traffic on help-center, crm-assistant and knowledge-base (identical in both logs)."""
    rng = random.Random(f"scenario/{seed}/background")
    users = _users(rng, 120)
    events: list[InteractionEvent] = []

    def add(route: tuple[str, str, str, str, str], n: int, time: datetime, user: str, **fields: object) -> None:
        feature, application, provider, requested, answered = route
        events.append(
            InteractionEvent(
                id=f"{feature}-{seed}-{n}",
                time=time,
                application=application,
                feature=feature,
                user=user,
                session=_session(user, time),
                provider=provider,
                request_model=requested,
                response_model=answered,
                latency_ms=round(rng.lognormvariate(6.6, 0.35), 1),
                finish_reasons=("stop",),
                **fields,
            )
        )

    # help-center: customers' questions, some with retrieved help articles; hard negatives among them.
    prompts = [e.event for e in text.injection_corpus(seed).train if not e.positive]
    for n, time in enumerate(_times(rng, TEXT_GAPS["help-center"]), start=1):
        prompt = rng.choice(prompts)
        add(
            HELP_CENTER,
            n,
            time,
            rng.choice(users),
            prompt_version="help-v12",
            input_text=prompt.input_text,
            context=prompt.context,
            output_text=rng.choice(REPLIES),
        )
    # crm-assistant: agents' questions; answers full of order numbers, card look-alikes, versions and prices.
    outputs = [e.event.output_text for e in text.leak_corpus(seed).train if not e.positive]
    agents = [f"agent-{i:02d}" for i in range(1, 9)]
    for n, time in enumerate(_times(rng, TEXT_GAPS["crm-assistant"]), start=1):
        add(
            CRM,
            n,
            time,
            rng.choice(agents),
            prompt_version="crm-v3",
            input_text=rng.choice(CRM_QUESTIONS),
            output_text=rng.choice(outputs),
        )
    # knowledge-base: retrieval-augmented answers that stay within their passages (figures restated differently).
    grounded = [e.event for e in text.hallucination_corpus(seed).train if not e.positive]
    for n, time in enumerate(_times(rng, TEXT_GAPS["knowledge-base"]), start=1):
        answer = rng.choice(grounded)
        add(
            KNOWLEDGE,
            n,
            time,
            rng.choice(users),
            prompt_version="kb-v5",
            input_text=answer.input_text,
            context=answer.context,
            output_text=answer.output_text,
        )
    return events


def _session(user: str, time: datetime) -> str:
    """A session id: one per user and hour."""
    return f"s-{zlib.crc32(f'{user}/{time:%Y%m%d%H}'.encode()):08x}"


def _leak_event(seed: int, rng: random.Random) -> tuple[InteractionEvent, tuple[str, str]]:
    card = text.make_card("visa", rng)
    email = text.make_entity("email", rng)
    feature, application, provider, requested, answered = CRM
    event = InteractionEvent(
        id=f"leak-{seed}-1",
        time=START + LEAK_AT,
        application=application,
        feature=feature,
        user="agent-04",
        session="s-leak",
        provider=provider,
        request_model=requested,
        response_model=answered,
        prompt_version="crm-v3",
        input_text="Why was the last payment on this account declined?",
        output_text=f"The payment was declined by the issuer. Card on file: {card}, billing contact {email}. "
        f"Ask the customer to update the card in their profile.",
        latency_ms=912.4,
        finish_reasons=("stop",),
    )
    return event, (card, email)


def _hallucination_event(seed: int) -> InteractionEvent:
    """The corpus's ungrounded answers to the medication-dose passage: the first one that states a dose in mg."""
    candidates = [
        e.event
        for e in text.hallucination_corpus(seed).train
        if e.positive and e.family == "medical" and " mg" in e.event.output_text and "dose" in " ".join(e.event.context)
    ]
    source = candidates[0]
    feature, application, provider, requested, answered = KNOWLEDGE
    return replace(
        source,
        id=f"hallucination-{seed}-1",
        time=START + HALLUCINATION_AT,
        application=application,
        feature=feature,
        user="u-5e1c0a",
        session="s-hallucination",
        provider=provider,
        request_model=requested,
        response_model=answered,
        prompt_version="kb-v5",
        input_text="How much can an adult take, and how often?",
        latency_ms=1204.0,
        finish_reasons=("stop",),
    )
