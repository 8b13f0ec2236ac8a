"""Token buckets per key (an integration, a client address), in this process.

The client address is the connection's peer, or, when `aicident serve --forwarded-allow-ips` names the proxy the
request came through, the address that proxy put in X-Forwarded-For (uvicorn decides, before any of our code runs).
By default no proxy is trusted, so a forged X-Forwarded-For changes nothing.
"""

from __future__ import annotations

import math
import threading
import time

from starlette.requests import HTTPConnection

from aicident.errors import RateLimited


def client_address(request: HTTPConnection) -> str:
    """The address per-client limits key on (see the module's docstring for whom it trusts)."""
    return request.client.host if request.client else "unknown"


class RateLimiter:
    def __init__(self, clock=time.monotonic, max_keys: int = 10_000):
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def take(self, key: str, *, per_minute: int, burst: int | None = None) -> None:
        """Spend one token or raise RateLimited saying when the next one is due."""
        capacity = float(burst or max(1, per_minute // 6))  # up to ten seconds' worth at once
        rate = per_minute / 60.0
        now = self._clock()
        with self._lock:
            if len(self._buckets) >= self._max_keys and key not in self._buckets:
                self._buckets.clear()  # a flood of distinct keys must not grow memory without bound
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimited(
                    f"too many requests for {key}: the limit is {per_minute} a minute",
                    allowed="retry after the Retry-After seconds",
                    retry_after=max(1, math.ceil((1.0 - tokens) / rate)),
                )
            self._buckets[key] = (tokens - 1.0, now)
