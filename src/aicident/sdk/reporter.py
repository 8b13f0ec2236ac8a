"""Interaction events to aicident in the background: batched, a bounded queue that drops the oldest (counted),
never blocking or failing the caller. Each event has a stable id, so a batch resent after a timeout is not counted
twice by the service (POST /api/v1/events is idempotent on event id)."""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
import uuid
from collections import deque
from datetime import UTC, datetime

import httpx

log = logging.getLogger("aicident.sdk")

# Positions in the tuple the caller queues; formatting happens in the reporter's thread, not the caller's.
FIELDS = (
    "id",
    "time",
    "feature",
    "user",
    "session",
    "request_model",
    "response_model",
    "input_text",
    "output_text",
    "latency_ms",
    "outcome",
    "decision",
    "error_code",
)


class EventReporter:
    def __init__(
        self,
        http: httpx.Client | None,
        *,
        application: str,
        max_queue: int = 100_000,
        batch_size: int = 1000,
        flush_interval: float = 0.2,
        send_text: bool = True,
        retries: int = 3,
    ):
        self.http = http
        self.application = application
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.send_text = send_text
        self.retries = retries
        self.queue: deque[tuple] = deque(maxlen=max_queue)
        self.dropped = 0  # events pushed out of a full queue (oldest first)
        self.sent = 0
        self.failed = 0  # events given up on after `retries` attempts
        self._prefix = uuid.uuid4().hex[:16]
        self._counter = itertools.count(1)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def next_id(self) -> str:
        return f"{self._prefix}-{next(self._counter)}"

    def report(self, event: tuple) -> None:
        """Queue one event (a tuple in FIELDS order); O(1), never blocks, never raises."""
        queue = self.queue
        if len(queue) == queue.maxlen:
            self.dropped += 1
        queue.append(event)
        if len(queue) >= self.batch_size:
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="aicident-events", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Send what is queued (for at most `timeout` seconds), then stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until the queue is empty (tests, shutdown); True when it emptied in time."""
        deadline = time.monotonic() + timeout
        self._wake.set()
        while (self.queue or self._sending) and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self.queue

    _sending = False

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_interval)
            self._wake.clear()
            while self.queue:
                batch = []
                self._sending = True
                try:
                    for _ in range(min(self.batch_size, len(self.queue))):
                        batch.append(self.queue.popleft())
                except IndexError:
                    pass
                self._send(batch)
                self._sending = False
            if self._stop.is_set():
                return

    def encode(self, batch: list[tuple]) -> bytes:
        """A batch as the JSON array POST /api/v1/events reads (one dumps call for the batch: the cheapest way)."""
        send_text, application, utc = self.send_text, self.application, UTC
        documents = []
        for event in batch:
            document = {"application": application}
            document.update({name: value for name, value in zip(FIELDS, event, strict=False) if value is not None})
            document["time"] = datetime.fromtimestamp(event[1], utc).isoformat()
            if not send_text:
                document.pop("input_text", None)
                document.pop("output_text", None)
            documents.append(document)
        return json.dumps(documents, separators=(",", ":")).encode()

    def _send(self, batch: list[tuple]) -> None:
        if self.http is None or not batch:
            self.sent += len(batch)
            return
        body = self.encode(batch)
        for attempt in range(self.retries):
            try:
                response = self.http.post("/api/v1/events", content=body, headers={"Content-Type": "application/json"})
                if response.status_code < 300:
                    self.sent += len(batch)
                    return
                if response.status_code not in (429, 502, 503, 504):
                    log.warning("events refused: %s %s", response.status_code, response.text[:200])
                    break
            except httpx.HTTPError as error:
                log.debug("events: %s", error)
            if self._stop.wait(min(0.1 * 2**attempt, 2.0)) and attempt:
                break
        self.failed += len(batch)
