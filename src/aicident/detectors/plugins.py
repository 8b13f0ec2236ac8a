"""Detectors from other packages: the `aicident.detectors` entry-point group.

An installed package adds a detector without touching aicident by naming, in its own pyproject.toml,

    [project.entry-points."aicident.detectors"]
    refund_abuse = "aicident_refund_abuse:RefundAbuseDetector"

a callable (usually the detector class) that takes the plan's options for it and returns a `Detector`
(model.Detector: `name`, `category`, `observe(event) -> list[Finding]`). The plan switches it on like a built-in one,
with a `[detectors.refund_abuse]` table (its options, and `enabled = false` to switch it off); an installed plugin
that the plan does not name does not run. Built-in names cannot be taken by a plugin.

A plugin that raises while observing does not lose the batch: the error is logged and counted, and the other
detectors' findings go on (a permanent fault in the plugin is its owner's to fix, not a reason to refuse events).
Entry points are read only when a plan names a detector aicident does not ship, never at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Protocol, runtime_checkable

from aicident.detectors.model import Detector, Finding, InteractionEvent
from aicident.errors import InvalidInput

GROUP = "aicident.detectors"
log = logging.getLogger("aicident.detectors")


class DetectorFactory(Protocol):
    """What an `aicident.detectors` entry point names: called with the detector's plan options."""

    def __call__(self, options: Mapping[str, object]) -> Detector: ...


@runtime_checkable
class BackgroundDetector(Protocol):
    """A detector whose judgement takes time (a model): observe() only queues the event and returns at once; a
    worker started by start(sink) hands its findings to `sink`; flush() waits for what is queued and returns the
    findings no sink has taken (offline scans); close() drains and stops the worker."""

    name: str
    category: str

    def observe(self, event: InteractionEvent) -> list[Finding]: ...

    def start(self, sink: Callable[[list[Finding]], None]) -> None: ...

    def flush(self, timeout: float | None = None) -> list[Finding]: ...

    def close(self, timeout: float | None = None) -> None: ...


def installed() -> dict[str, EntryPoint]:
    """The detector plugins installed in this environment, by entry-point name."""
    return {entry.name: entry for entry in entry_points(group=GROUP)}


def load(name: str, options: Mapping[str, object], entry: EntryPoint) -> Detector:
    """Build the plugin `name` from its plan options; a plugin that cannot be built is a plan problem (400)."""
    try:
        factory = entry.load()
    except Exception as error:  # an import error inside someone else's package: say which and why
        raise InvalidInput(
            f"detectors.{name}: the plugin {entry.value} could not be loaded ({type(error).__name__}: {error})",
            allowed="an installed package whose entry point names a detector factory",
        ) from None
    try:
        detector = factory(options)
    except InvalidInput as error:
        raise InvalidInput(f"detectors.{name}: {error.message}", allowed=error.allowed) from None
    except Exception as error:
        raise InvalidInput(
            f"detectors.{name}: the plugin {entry.value} refused its options ({type(error).__name__}: {error})"
        ) from None
    missing = [a for a in ("name", "category", "observe") if not hasattr(detector, a)]
    if missing:
        raise InvalidInput(
            f"detectors.{name}: the plugin {entry.value} built no detector (it has no {', '.join(missing)})",
            allowed="an object with name, category and observe(event) -> list[Finding]",
        )
    return Shielded(detector)


class Shielded:
    """A plugin detector whose failures are logged and counted instead of failing the batch of events."""

    def __init__(self, inner: Detector) -> None:
        self.inner = inner
        self.name = inner.name
        self.category = inner.category
        self.errors = 0

    def observe(self, event: InteractionEvent) -> list[Finding]:
        try:
            found = self.inner.observe(event)
        except Exception:
            self.errors += 1
            if self.errors <= 10 or self.errors % 1000 == 0:
                log.exception(
                    "detector plugin %s failed on event %s (%d failures so far)", self.name, event.id, self.errors
                )
            return []
        if not isinstance(found, list) or not all(isinstance(f, Finding) for f in found):
            self.errors += 1
            log.error("detector plugin %s returned %r, not a list of Finding", self.name, type(found).__name__)
            return []
        return found

    def __getattr__(self, attribute: str) -> object:  # start/flush/close of a background plugin, footprint, ...
        return getattr(self.inner, attribute)
