"""The detectors of a plan: the ones aicident ships, by the name a plan configures them under, and the plugins of
the `aicident.detectors` entry-point group that the plan names (plugins.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping

from aicident.detectors import bias, degradation, guards, hallucination, injection, leak, local_model, plugins, vendor
from aicident.detectors.model import Detector, Finding, InteractionEvent
from aicident.errors import InvalidInput

# name in the plan -> (module with `Config`, detector class)
DETECTORS = {
    "injection": (injection, injection.InjectionDetector),
    "leak": (leak, leak.LeakDetector),
    "hallucination": (hallucination, hallucination.HallucinationDetector),
    "bias": (bias, bias.BiasDetector),
    "degradation": (degradation, degradation.DegradationDetector),
    "vendor": (vendor, vendor.VendorDetector),
    "guards": (guards, guards.GuardDetector),
    "local_model": (local_model, local_model.LocalModelDetector),
}
# Built in, but run only when the plan has a table for them (they need options no default can give).
OPT_IN = frozenset({"local_model"})


def build(settings: Mapping[str, Mapping[str, object]]) -> list[Detector]:
    """Every detector, configured from `settings` (plan `[detectors.<name>]`: `enabled` and options)."""
    others = sorted(set(settings) - set(DETECTORS))
    found = plugins.installed() if others else {}
    unknown = [name for name in others if name not in found]
    if unknown:
        raise InvalidInput(
            f"unknown detector(s) {', '.join(unknown)}",
            allowed=", ".join([*DETECTORS, *(f"{name} (plugin)" for name in sorted(found))]),
        )
    built: list[Detector] = []
    for name, (module, cls) in DETECTORS.items():
        if name in OPT_IN and name not in settings:
            continue
        options = dict(settings.get(name, {}))
        if not options.pop("enabled", True):
            continue
        try:
            config = module.Config.from_options(options)
        except InvalidInput as error:
            raise InvalidInput(f"detectors.{name}: {error.message}", allowed=error.allowed) from None
        built.append(cls(config))
    for name in others:
        options = dict(settings[name])
        if options.pop("enabled", True):
            built.append(plugins.load(name, options, found[name]))
    return built


class DetectorSet:
    """The detectors of one process. They keep windows in memory, so events pass through them one at a time.

    Detectors that judge in the background (a model, plugins.BackgroundDetector) only queue events in observe();
    start(sink) starts their workers, which hand findings to `sink` (the service ingests them as signals)."""

    def __init__(self, detectors: list[Detector]):
        self.detectors = detectors
        self.background = [d for d in detectors if isinstance(d, plugins.BackgroundDetector)]
        self._lock = threading.Lock()
        self._started = False

    def observe(self, events: Iterable[InteractionEvent]) -> list[Finding]:
        findings: list[Finding] = []
        with self._lock:
            for event in events:
                for detector in self.detectors:
                    findings.extend(detector.observe(event))
        return findings

    def start(self, sink: Callable[[list[Finding]], None]) -> None:
        """Start the background detectors' workers once; later calls do nothing."""
        if self._started or not self.background:
            return
        with self._lock:
            if not self._started:
                for detector in self.background:
                    detector.start(sink)
                self._started = True

    def flush(self, timeout: float | None = None) -> list[Finding]:
        """Wait for the background detectors' queued events; the findings no sink took (offline scans)."""
        findings: list[Finding] = []
        for detector in self.background:
            findings.extend(detector.flush(timeout))
        return findings

    def close(self, timeout: float | None = 10.0) -> None:
        for detector in self.background:
            detector.close(timeout)
