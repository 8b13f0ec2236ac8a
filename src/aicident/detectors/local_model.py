"""A text-classification model of the team's own, loaded from a local directory, judging events off the request path.

    pip install 'aicident[transformers]'

    [detectors.local_model]
    path = "/srv/models/prompt-injection-classifier"   # a directory saved by save_pretrained()
    category = "prompt_injection"
    labels = ["INJECTION", "JAILBREAK"]                 # the model's labels that mean "flag"
    threshold = 0.8

The model and its tokenizer are loaded with `local_files_only=True` from `path`: nothing is downloaded, and a
directory without a model is refused when the plan is loaded. observe() only queues the event's text (`target`:
input, output or context) and returns at once, so POST /api/v1/events never waits for inference; a worker thread
classifies the queue in batches of up to `batch_size` (waiting at most `max_wait_ms` to fill one) and hands its
findings to the service, which ingests them as signals like any other finding. The queue is bounded
(`queue_size`): when the model cannot keep up, the oldest waiting events are dropped and counted (the events
themselves are stored; only this model's opinion of them is lost). A model's verdicts that were still queued when the
process stops are lost the same way; close() drains what it can first.

The queued work is the only state; transformers and torch are imported by the worker, never at import time.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from aicident.detectors import redact
from aicident.detectors.model import Evidence, Finding, GuardTarget, InteractionEvent, normalized_word
from aicident.detectors.stats import require
from aicident.detectors.text_options import config_from_options
from aicident.errors import InvalidInput

NAME = "local_model"
_Loaded = tuple[Any, Any, tuple[int, ...], dict[int, str]]  # tokenizer, model, flagging label indices, id2label
log = logging.getLogger("aicident.detectors")
BENIGN_LABELS = frozenset({"benign", "safe", "label_0", "negative", "legit", "legitimate", "normal", "clean", "ok"})


@dataclass(frozen=True)
class Config:
    path: str = ""  # a local directory holding the model (config.json, weights) and its tokenizer
    category: str = "prompt_injection"  # the plan category of its findings
    labels: tuple[str, ...] = ()  # labels that flag; empty: the second of two labels, or every non-benign label
    threshold: float = 0.5  # the flagging labels' probability that raises a finding
    target: str = "input"  # input, output or context (the retrieved passages, joined)
    features: tuple[str, ...] = ()  # judge only these features; empty: every feature
    batch_size: int = 16
    max_wait_ms: float = 50.0  # a batch waits at most this long to fill up
    max_length: int = 512  # tokens handed to the model; longer texts are truncated
    max_chars: int = 4000  # characters kept of each text while it waits
    queue_size: int = 10_000  # events waiting; past this the oldest are dropped (and counted)
    threads: int = 1  # torch's threads for inference

    def __post_init__(self) -> None:
        require(self.target in {t.value for t in GuardTarget}, "local_model: target must be input, output or context")
        require(0 < self.threshold <= 1, "local_model: threshold must be in (0, 1]")
        require(
            min(self.batch_size, self.max_length, self.max_chars, self.queue_size, self.threads) >= 1,
            "local_model: sizes must be at least 1",
        )
        require(self.max_wait_ms >= 0, "local_model: max_wait_ms must not be negative")

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options, NAME)


@dataclass(frozen=True, slots=True)
class _Item:
    event_id: str
    time: datetime
    feature: str
    provider: str | None
    model: str | None
    text: str


class LocalModelDetector:
    """Queues texts; a worker thread classifies them in batches with the local model (plugins.BackgroundDetector)."""

    name = NAME

    def __init__(self, config: Config) -> None:
        self.config = config
        self.category = config.category
        directory = Path(config.path).expanduser()
        if not config.path or not (directory / "config.json").is_file():
            raise InvalidInput(
                f"local_model: {config.path!r} holds no saved model (no config.json)",
                allowed="a local directory written by save_pretrained(): config.json, the weights, the tokenizer",
            )
        if importlib.util.find_spec("transformers") is None or importlib.util.find_spec("torch") is None:
            raise InvalidInput(
                "local_model: transformers and torch are not installed",
                allowed="pip install 'aicident[transformers]' (and torch, CPU build)",
            )
        self._directory = directory
        self._features = frozenset(config.features)
        self._target = GuardTarget(config.target)
        self._queue: deque[_Item] = deque()
        self._condition = threading.Condition()
        self._busy = 0
        self._stop = False
        self._thread: threading.Thread | None = None
        self._sink: Callable[[list[Finding]], None] | None = None
        self._unsunk: list[Finding] = []
        self._model: _Loaded | None = None  # loaded once, by the worker (or by flush() when none runs)
        self.dropped = 0  # events dropped because the queue was full
        self.failures = 0  # batches the model or the sink failed on
        self.judged = 0

    # --- the request path: queue and return -----------------------------------------------------------------------

    def observe(self, event: InteractionEvent) -> list[Finding]:
        if self._features and event.feature not in self._features:
            return []
        text = self._text(event)
        if not text.strip():
            return []
        item = _Item(
            event.id, event.time, event.feature, event.provider, event.request_model or event.response_model, text
        )
        with self._condition:
            if len(self._queue) >= self.config.queue_size:
                self._queue.popleft()
                self.dropped += 1
            self._queue.append(item)
            self._condition.notify()
        return []

    def _text(self, event: InteractionEvent) -> str:
        if self._target is GuardTarget.OUTPUT:
            text = event.output_text
        elif self._target is GuardTarget.CONTEXT:
            text = "\n\n".join(event.context)
        else:
            text = event.input_text
        return text[: self.config.max_chars]

    # --- the worker -----------------------------------------------------------------------------------------------

    def start(self, sink: Callable[[list[Finding]], None]) -> None:
        with self._condition:
            if self._thread is not None:
                return
            self._sink = sink
            self._thread = threading.Thread(target=self._run, name="aicident-local-model", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            self._judge_and_deliver(batch)

    def _next_batch(self) -> list[_Item] | None:
        config = self.config
        with self._condition:
            while not self._queue and not self._stop:
                self._condition.wait()
            if not self._queue:
                return None  # stopped and drained
            deadline = time.monotonic() + config.max_wait_ms / 1000
            while len(self._queue) < config.batch_size and not self._stop:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            batch = [self._queue.popleft() for _ in range(min(config.batch_size, len(self._queue)))]
            self._busy = len(batch)
            return batch

    def _judge_and_deliver(self, batch: list[_Item]) -> None:
        try:
            findings = self._judge(batch)
        except Exception:
            self.failures += 1
            log.exception("local_model: a batch of %d events could not be classified", len(batch))
            findings = []
        if findings:
            self._deliver(findings)
        with self._condition:
            self._busy = 0
            self.judged += len(batch)
            self._condition.notify_all()

    def _deliver(self, findings: list[Finding]) -> None:
        if self._sink is None:
            with self._condition:
                self._unsunk.extend(findings)
            return
        try:
            self._sink(findings)
        except Exception:
            self.failures += 1
            log.exception("local_model: %d findings could not be ingested", len(findings))

    def flush(self, timeout: float | None = None) -> list[Finding]:
        """Wait until every queued event is judged (in this thread when no worker runs); the findings no sink took."""
        if self._thread is None:
            while True:
                with self._condition:
                    batch = [self._queue.popleft() for _ in range(min(self.config.batch_size, len(self._queue)))]
                if not batch:
                    break
                self._judge_and_deliver(batch)
        else:
            with self._condition:
                self._condition.wait_for(lambda: not self._queue and not self._busy, timeout)
        with self._condition:
            findings, self._unsunk = self._unsunk, []
        return findings

    def close(self, timeout: float | None = None) -> None:
        with self._condition:
            self._stop = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    # --- the model ------------------------------------------------------------------------------------------------

    def _load(self) -> _Loaded:
        if self._model is None:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            torch.set_num_threads(self.config.threads)
            tokenizer = AutoTokenizer.from_pretrained(str(self._directory), local_files_only=True)
            model = AutoModelForSequenceClassification.from_pretrained(str(self._directory), local_files_only=True)
            model.eval()
            id2label = {int(k): str(v) for k, v in model.config.id2label.items()}
            self._model = (tokenizer, model, self._flagging(id2label), id2label)
        return self._model

    def _flagging(self, id2label: dict[int, str]) -> tuple[int, ...]:
        wanted = {normalized_word(label) for label in self.config.labels}
        if wanted:
            indices = tuple(i for i, label in id2label.items() if normalized_word(label) in wanted)
            if not indices:
                raise InvalidInput(
                    f"local_model: the model has no label {', '.join(self.config.labels)}",
                    allowed=", ".join(id2label.values()),
                )
            return indices
        if len(id2label) == 2:
            return (1,)
        return tuple(i for i, label in id2label.items() if normalized_word(label) not in BENIGN_LABELS)

    def _judge(self, batch: list[_Item]) -> list[Finding]:
        import torch

        tokenizer, model, flagging, id2label = self._load()
        with torch.inference_mode():
            encoded = tokenizer(
                [item.text for item in batch],
                truncation=True,
                max_length=self.config.max_length,
                padding=True,
                return_tensors="pt",
            )
            probabilities = model(**encoded).logits.softmax(-1).tolist()
        findings = []
        for item, row in zip(batch, probabilities, strict=True):
            score = sum(row[i] for i in flagging)
            if score >= self.config.threshold:
                label = id2label[max(flagging, key=lambda i: row[i])]
                findings.append(self._finding(item, label, score))
        return findings

    def _finding(self, item: _Item, label: str, score: float) -> Finding:
        config = self.config
        target = self._target.value
        quoted = redact.excerpt(item.text, 0, min(len(item.text), 160), window=0, limit=160)
        return Finding(
            category=config.category,
            detector=NAME,
            title=f"Local model {self._directory.name} classified {item.feature}'s {target} as {label} ({score:.2f})",
            confidence=round(min(0.99, score), 4),
            severity="error" if score >= 0.9 else "warning",
            dedup_key=f"{config.category}:{item.feature}:{NAME}",
            time=item.time,
            feature=item.feature,
            evidence=Evidence(event_ids=(item.event_id,), excerpt=quoted),
            details={
                "model": self._directory.name,
                "label": label,
                "score": round(score, 6),
                "threshold": config.threshold,
                "target": target,
            },
            provider=item.provider,
            model=item.model,
        )
