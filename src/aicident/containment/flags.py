"""The flags of an AI feature's controls, defined once: the OpenFeature provider resolves them and the flagd export
(GET /api/v1/controls/flagd) writes them, so both give every flag the same name and the same value.

Standard library only, and importing nothing else of aicident: the SDK imports it, as does the server's export. A
value of None means "not set": the flagd export leaves such a flag out (flagd then behaves as if it did not exist)
and the provider answers with the application's own default (reason DEFAULT): in both, the application's default
applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# `<feature>.<field>` for each of these.
FLAG_FIELDS = (
    "enabled",  # boolean: the kill switch (false: serve the fallback response)
    "model",  # string: the pinned model, `model@version` when a version is pinned
    "fallback_response",  # string
    "fail_mode",  # string: open or closed
    "rate_per_second",  # number
    "user_rate_per_second",  # number
    "controls",  # object: all of the feature's controls, as the service sends them
)


def flag_values(controls: Mapping[str, Any]) -> dict[str, Any]:
    """`<feature>.<field>` -> value for one feature's controls in their wire shape (`Controls.to_json()`)."""
    feature = controls["feature"]
    model, version = controls.get("model"), controls.get("model_version")
    rate, user_rate = controls.get("rate_per_second"), controls.get("user_rate_per_second")
    values: dict[str, Any] = {
        "enabled": bool(controls.get("enabled", True)),
        "model": (f"{model}@{version}" if version else model) if model else None,
        "fallback_response": str(controls.get("fallback_response") or ""),
        "fail_mode": str(controls.get("fail_mode") or "open"),
        "rate_per_second": float(rate) if rate is not None else None,
        "user_rate_per_second": float(user_rate) if user_rate is not None else None,
        "controls": dict(controls),
    }
    return {f"{feature}.{field}": values[field] for field in FLAG_FIELDS}
