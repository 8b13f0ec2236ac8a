"""The SDK's copy of the controls: what the stream last said, kept on disk so a restarted application obeys it.

Standard library only. Reads are lock-free (the whole mapping is replaced, never changed in place). Listeners hear
of every new snapshot (`on_change`) and of the link to aicident (`on_connection`): up when a snapshot arrives, down
once it has been lost for `unreachable_after` seconds (a blip is not an outage)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aicident.containment.flags import flag_values


@dataclass(frozen=True, slots=True)
class FeatureControls:
    """One feature's controls as the service sent them (the wire shape of aicident.containment.model.Controls)."""

    feature: str
    enabled: bool = True
    fallback_response: str = ""
    fail_mode: str = "open"
    model: str | None = None
    model_version: str | None = None
    rate_per_second: float | None = None
    user_rate_per_second: float | None = None
    routes: tuple[str, ...] = ()
    guard_input: str = "off"
    guard_output: str = "off"
    disabled_tools: frozenset[str] = frozenset()
    customer_facing: bool = False

    @classmethod
    def from_json(cls, data: dict) -> FeatureControls:
        return cls(
            feature=str(data["feature"]),
            enabled=bool(data.get("enabled", True)),
            fallback_response=str(data.get("fallback_response") or ""),
            fail_mode=data.get("fail_mode") or "open",
            model=data.get("model"),
            model_version=data.get("model_version"),
            rate_per_second=data.get("rate_per_second"),
            user_rate_per_second=data.get("user_rate_per_second"),
            routes=tuple(data.get("routes") or ()),
            guard_input=data.get("guard_input") or "off",
            guard_output=data.get("guard_output") or "off",
            disabled_tools=frozenset(data.get("disabled_tools") or ()),
            customer_facing=bool(data.get("customer_facing", False)),
        )


class ControlState:
    """The newest snapshot, whether the service is reachable now, and the file that survives a restart."""

    def __init__(self, path: str | Path | None = None, *, unreachable_after: float = 2.0):
        self.path = Path(path) if path else None
        self.unreachable_after = unreachable_after
        self.features: dict[str, FeatureControls] = {}
        self.flags: dict[str, Any] = {}  # `<feature>.<field>` -> value (aicident.containment.flags)
        self.tag: str | None = None
        self.connected = False
        self.confirmed = False  # a snapshot came from the service itself since this process started (not the file)
        self._lost_at: float | None = None  # None: never connected since this process started
        self._lock = threading.Lock()  # writers only
        self._listeners: list[Callable[[str | None], None]] = []
        self._connection_listeners: list[Callable[[bool], None]] = []
        self._told: bool | None = None  # what connection listeners last heard

    @property
    def reachable(self) -> bool:
        """Connected, or lost for less than `unreachable_after` seconds (a blip is not an outage)."""
        lost_at = self._lost_at
        return self.connected or (lost_at is not None and time.monotonic() - lost_at < self.unreachable_after)

    def load(self) -> bool:
        """Read the last known controls from disk; False when there were none (or the file was unreadable)."""
        if self.path is None or not self.path.exists():
            return False
        try:
            document = json.loads(self.path.read_text())
            self._set(document, persist=False)
        except (OSError, ValueError, KeyError, TypeError):
            return False
        return True

    def update(self, document: dict) -> None:
        """A snapshot from the service: `{"version": tag, "features": {name: controls}}`."""
        self._set(document, persist=True)

    def mark_connected(self) -> None:
        self.connected = True
        self.confirmed = True
        self._tell(True)

    def mark_lost(self) -> None:
        if self.connected:
            self._lost_at = time.monotonic()
        self.connected = False
        self.check()

    def check(self) -> float | None:
        """Tell the connection listeners once a loss has lasted `unreachable_after`; returns the seconds until that
        moment while it is still ahead (None: nothing to wait for)."""
        lost_at = self._lost_at
        if self.connected or lost_at is None:
            return None  # connected, or never connected since this process started: nothing was lost
        remaining = lost_at + self.unreachable_after - time.monotonic()
        if remaining > 0:
            return remaining
        self._tell(False)
        return None

    def on_change(self, listener: Callable[[str | None], None]) -> None:
        """Call `listener(tag)` after every snapshot that changed something."""
        self._listeners.append(listener)

    def on_connection(self, listener: Callable[[bool], None]) -> None:
        """Call `listener(True)` when aicident answers again, `listener(False)` when it has been lost for
        `unreachable_after` seconds (each once per change, from the thread that keeps the controls fresh)."""
        self._connection_listeners.append(listener)

    def _tell(self, up: bool) -> None:
        with self._lock:
            if self._told == up:
                return
            self._told = up
        for listener in list(self._connection_listeners):
            listener(up)

    def _set(self, document: dict, *, persist: bool) -> None:
        features = {name: FeatureControls.from_json(data) for name, data in document["features"].items()}
        flags: dict[str, Any] = {}
        for data in document["features"].values():
            flags.update(flag_values(data))
        with self._lock:
            changed = document.get("version") != self.tag
            self.features = features
            self.flags = flags
            self.tag = document.get("version")
            if persist and changed and self.path is not None:
                self._write(self.path, document)
        if changed:
            for listener in list(self._listeners):
                listener(self.tag)

    def _write(self, path: Path, document: dict) -> None:
        # Write to a temporary file and rename, so a crash mid-write leaves the previous state, never half of one.
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".controls-")
        try:
            with os.fdopen(handle, "w") as file:
                json.dump(document, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
