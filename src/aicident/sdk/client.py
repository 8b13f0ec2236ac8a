"""The SDK's entry point: one Client per application process, one Guard per AI feature."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from aicident.sdk.guard import Guard, InlineDetectors
from aicident.sdk.reporter import EventReporter
from aicident.sdk.state import ControlState, FeatureControls
from aicident.sdk.sync import ControlSync


def default_state_file(url: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    safe = "".join(c if c.isalnum() else "_" for c in url)[:120]
    return base / "aicident" / f"controls-{safe}.json"


class Client:
    """Talks to aicident: keeps the controls fresh (stream), reports events (background), hands out Guards.

    `secret` is the secret of an integration of format `events` (`aicident integration add app --format events`).
    Nothing starts until `start()` (or `with Client(...)`): no thread or connection at construction."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        application: str,
        state_file: str | Path | None = None,
        persist: bool = True,
        stream: bool = True,
        report_events: bool = True,
        send_text: bool = True,
        unreachable_after: float = 2.0,
        max_queue: int = 100_000,
        batch_size: int = 1000,
        flush_interval: float = 0.2,
        timeout: float = 5.0,
    ):
        self.url = url.rstrip("/")
        headers = {"Authorization": f"Bearer {secret}", "User-Agent": "aicident-sdk/0.1"}
        # Two connections: the stream holds one open for as long as it lasts.
        self._control_http = httpx.Client(
            base_url=self.url, headers=headers, trust_env=False, timeout=httpx.Timeout(timeout, read=max(30.0, timeout))
        )
        self._event_http = httpx.Client(base_url=self.url, headers=headers, trust_env=False, timeout=timeout)
        path = None if not persist else (state_file or default_state_file(self.url))
        self.state = ControlState(path, unreachable_after=unreachable_after)
        self.sync = ControlSync(self._control_http, self.state, stream=stream)
        self.reporter = (
            EventReporter(
                self._event_http,
                application=application,
                max_queue=max_queue,
                batch_size=batch_size,
                flush_interval=flush_interval,
                send_text=send_text,
            )
            if report_events
            else None
        )
        self.detectors = InlineDetectors()
        self._guards: dict[str, Guard] = {}

    def start(self, wait: float = 2.0) -> Client:
        """Load the last known controls from disk, connect, and wait up to `wait` s for the first snapshot."""
        self.state.load()
        self.sync.start()
        if self.reporter is not None:
            self.reporter.start()
        self.sync.first.wait(wait)
        return self

    def close(self) -> None:
        self.sync.stop()
        if self.reporter is not None:
            self.reporter.close()
        self._control_http.close()
        self._event_http.close()

    def __enter__(self) -> Client:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.close()

    @property
    def reachable(self) -> bool:
        return self.state.reachable

    def controls(self, feature: str) -> FeatureControls | None:
        return self.state.features.get(feature)

    def guard(
        self,
        feature: str,
        *,
        default_model: str | None = None,
        fail_mode: str | None = None,
        fallback_response: str = "",
    ) -> Guard:
        """The Guard of a feature (one per feature and client). `fail_mode` ("open" or "closed"; not given: the
        documented default, "open") and `fallback_response` apply until aicident has sent the feature's own, e.g.
        on a first start while aicident is unreachable; after that aicident's settings win (and are kept on disk)."""
        guard = self._guards.get(feature)
        if guard is None:
            guard = self._guards[feature] = Guard(
                feature,
                self.state,
                self.reporter,
                default_model=default_model,
                fail_mode=fail_mode,
                fallback_response=fallback_response,
                detectors=self.detectors,
            )
        return guard
