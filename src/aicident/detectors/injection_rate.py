"""Attempts per user or session in a sliding window, in constant memory: the sustained-attack signal of injection.py.
Pure: no I/O; time comes from the events."""

from __future__ import annotations

from collections import OrderedDict, deque
from datetime import datetime, timedelta


class SlidingWindowCounter:
    """Attempts per key in the last `window`: constant memory per key, a bounded number of keys (LRU).

    "More than N in W" only needs the newest N+1 timestamps: if the oldest of them is inside the window, there were
    more than N. So each key keeps a deque of at most N+1 event times, and the time of its last alert.
    """

    def __init__(self, *, window: timedelta, threshold: int, max_keys: int) -> None:
        self.window, self.threshold, self.max_keys = window, threshold, max_keys
        self._keys: OrderedDict[str, tuple[deque[datetime], list[datetime | None]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str, when: datetime) -> int | None:
        """Record one attempt; returns the count in the window when it newly exceeds the threshold, else None."""
        entry = self._keys.get(key)
        if entry is None:
            entry = (deque(maxlen=self.threshold + 1), [None])
            self._keys[key] = entry
            if len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
        else:
            self._keys.move_to_end(key)
        times, last_alert = entry
        times.append(when)
        start = when - self.window
        if len(times) <= self.threshold or times[0] <= start:
            return None
        if last_alert[0] is not None and last_alert[0] > start:
            return None  # already alerted for this window: the burst is one signal, not one per attempt
        last_alert[0] = when
        return sum(1 for t in times if t > start)

    def stored_timestamps(self) -> int:
        return sum(len(times) for times, _ in self._keys.values())
