"""The client an AI application embeds: Guard (kill switch, throttle, pinned model, fallback routes, inline
detectors), the controls cache kept fresh by the stream, and the background event reporter.

Light by design: the standard library and httpx. The inline detectors are aicident's own pure modules, imported only
when a guard mode asks for them. The OpenFeature provider is in `aicident.sdk.openfeature` (needs openfeature-sdk).
"""

from aicident.sdk.client import Client
from aicident.sdk.guard import CircuitBreaker, Guard, InlineDetectors, Reply, TokenBucket
from aicident.sdk.reporter import EventReporter
from aicident.sdk.state import ControlState, FeatureControls

__all__ = [
    "CircuitBreaker",
    "Client",
    "ControlState",
    "EventReporter",
    "FeatureControls",
    "Guard",
    "InlineDetectors",
    "Reply",
    "TokenBucket",
]
