"""An aicident detector plugin: internal project code names in an AI answer are a data leak.

aicident finds this class through the entry point `codenames` of the `aicident.detectors` group (pyproject.toml)
and calls it with the options of the plan's `[detectors.codenames]` table. It satisfies aicident's `Detector`
protocol: a `name`, a plan `category`, and `observe(event)`, which sees each interaction event once, in time order,
and returns the findings it raises now. Findings enter the same routing, dedup and incident log as aicident's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from aicident.detectors.model import Evidence, Finding, InteractionEvent

__all__ = ["CodenameDetector"]


class CodenameDetector:
    name = "codenames"
    category = "data_leak"  # a category of the plan

    def __init__(self, options: Mapping[str, object]) -> None:
        codenames = options.get("codenames")
        if not isinstance(codenames, list) or not codenames or not all(isinstance(c, str) and c for c in codenames):
            raise ValueError('codenames must be a list of the code names to watch, e.g. ["Bluebird"]')
        unknown = set(options) - {"codenames", "severity"}
        if unknown:
            raise ValueError(f"unknown option(s) {', '.join(sorted(unknown))}; allowed: codenames, severity")
        self.severity = str(options.get("severity", "error"))
        words = sorted(codenames, key=len, reverse=True)  # the longest first: "Project Halcyon" before "Halcyon"
        self._pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)

    def observe(self, event: InteractionEvent) -> list[Finding]:
        match = self._pattern.search(event.output_text)
        if match is None:
            return []
        codename = match.group(1)
        start, end = max(0, match.start() - 40), min(len(event.output_text), match.end() + 40)
        return [
            Finding(
                category=self.category,
                detector=self.name,
                title=f"An answer in {event.feature} names the internal code name {codename!r}",
                confidence=0.9,
                severity=self.severity,
                # One incident per feature and code name: repeats are occurrences of it.
                dedup_key=f"{self.category}:{event.feature}:codename:{codename.lower()}",
                time=event.time,
                feature=event.feature,
                evidence=Evidence(event_ids=(event.id,), excerpt=event.output_text[start:end]),
                details={"codename": codename},
                provider=event.provider,
                model=event.request_model,
            )
        ]
