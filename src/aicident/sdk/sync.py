"""Keeps a ControlState fresh: the server-sent event stream while it lasts, GET /controls (ETag) to recover.

Runs in one daemon thread. Any failure marks the state lost and retries with backoff (and tells the state's
connection listeners once the loss has lasted long enough); it never raises into the application."""

from __future__ import annotations

import json
import logging
import threading

import httpx

from aicident.sdk.state import ControlState

log = logging.getLogger("aicident.sdk")


class ControlSync:
    def __init__(
        self,
        http: httpx.Client,
        state: ControlState,
        *,
        stream: bool = True,
        poll_interval: float = 1.0,
        max_backoff: float = 2.0,
    ):
        self.http = http
        self.state = state
        self.stream = stream
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.first = threading.Event()  # set after the first answer (or failure) from the service
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="aicident-controls", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def fetch(self) -> bool:
        """One GET /controls (304 when unchanged); True when the service answered."""
        headers = {"If-None-Match": f'"{self.state.tag}"'} if self.state.tag else {}
        response = self.http.get("/api/v1/controls", headers=headers)
        if response.status_code == 304:
            return True
        response.raise_for_status()
        self.state.update(response.json())
        return True

    def _run(self) -> None:
        backoff = 0.05
        while not self._stop.is_set():
            try:
                if self.stream:
                    self._follow()
                else:
                    self.fetch()
                    self.state.mark_connected()
                    self.first.set()
                    self._stop.wait(self.poll_interval)
                    continue
                backoff = 0.05
            except (httpx.HTTPError, ValueError, KeyError) as error:
                log.debug("controls: %s", error)
            self.state.mark_lost()
            self.first.set()
            # Wake in time to tell listeners the moment a loss has lasted long enough to count as an outage.
            until_stale = self.state.check()
            self._stop.wait(min(backoff, until_stale) if until_stale else backoff)
            backoff = min(backoff * 2, self.max_backoff)

    def _follow(self) -> None:
        """Read the stream until it ends; each `controls` event is a whole snapshot."""
        with self.http.stream("GET", "/api/v1/controls/stream", headers={"Accept": "text/event-stream"}) as response:
            response.raise_for_status()
            event, data = None, []
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
                elif line == "":
                    if event == "controls" and data:
                        self.state.update(json.loads("\n".join(data)))
                        self.state.mark_connected()
                        self.first.set()
                    event, data = None, []
