"""Process-local counters in the Prometheus text format (no I/O: /metrics renders them)."""

from __future__ import annotations

import threading
from collections import Counter


class Counters:
    """Process-local counters with labels, exposed at /metrics (thread-safe: endpoints run in a thread pool)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, Counter] = {}
        self._help: dict[str, str] = {}

    def describe(self, name: str, help_text: str) -> None:
        self._help[name] = help_text
        self._values.setdefault(name, Counter())

    def inc(self, name: str, amount: int = 1, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            self._values.setdefault(name, Counter())[key] += amount

    def value(self, name: str, **labels: str) -> int:
        return self._values.get(name, Counter())[tuple(sorted(labels.items()))]

    def render(self) -> list[str]:
        lines = []
        with self._lock:
            for name, values in sorted(self._values.items()):
                lines += [f"# HELP {name} {self._help.get(name, name)}", f"# TYPE {name} counter"]
                lines += [f"{name}{prometheus_labels(dict(key))} {count}" for key, count in sorted(values.items())]
        return lines


def prometheus_labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    escaped = (
        f'{k}="{str(v).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
        for k, v in sorted(labels.items())
    )
    return "{" + ",".join(escaped) + "}"
