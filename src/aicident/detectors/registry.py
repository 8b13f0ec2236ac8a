"""The detectors aicident ships, by the name a plan configures them under, built from the plan's options."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from aicident.detectors import bias, degradation, hallucination, injection, leak, vendor
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
}


def build(settings: Mapping[str, Mapping[str, object]]) -> list[Detector]:
    """Every detector, configured from `settings` (plan `[detectors.<name>]`: `enabled` and options)."""
    unknown = sorted(set(settings) - set(DETECTORS))
    if unknown:
        raise InvalidInput(f"unknown detector(s) {', '.join(unknown)}", allowed=", ".join(DETECTORS))
    built = []
    for name, (module, cls) in DETECTORS.items():
        options = dict(settings.get(name, {}))
        if not options.pop("enabled", True):
            continue
        try:
            config = module.Config.from_options(options)
        except InvalidInput as error:
            raise InvalidInput(f"detectors.{name}: {error.message}", allowed=error.allowed) from None
        built.append(cls(config))
    return built


class DetectorSet:
    """The detectors of one process. They keep windows in memory, so events pass through them one at a time."""

    def __init__(self, detectors: list[Detector]):
        self.detectors = detectors
        self._lock = threading.Lock()

    def observe(self, events: Iterable[InteractionEvent]) -> list[Finding]:
        findings: list[Finding] = []
        with self._lock:
            for event in events:
                for detector in self.detectors:
                    findings.extend(detector.observe(event))
        return findings
