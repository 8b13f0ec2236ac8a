"""The controls of an AI feature and the rules for changing them (pure: no I/O, `now` passed in).

A feature's controls are one immutable value. A change names the fields it sets; what kind of change it is
(disable, pin_model, throttle ...) follows from comparing before and after, and decides whether the plan asks for a
second person's approval. Every change keeps the whole state before and after it, so an expiry can revert exactly
the fields it set (unless someone changed them since) and `restore` can go back to the state before an incident.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from aicident.containment.flags import flag_values
from aicident.errors import InvalidInput
from aicident.plan.schema import ApprovalRule, Feature

FAIL_MODES = ("open", "closed")
GUARD_MODES = ("off", "flag", "block")
MAX_TEXT = 4000
MAX_ITEMS = 50


class ChangeState:
    PENDING = "pending"  # waiting for a second person's approval
    APPLIED = "applied"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Controls:
    """What an application's SDK obeys for one feature."""

    feature: str
    customer_facing: bool = False
    enabled: bool = True
    fallback_response: str = ""
    fail_mode: str = "open"
    model: str | None = None  # pinned model; None: the application's own choice
    model_version: str | None = None
    rate_per_second: float | None = None  # whole feature; None: unlimited
    user_rate_per_second: float | None = None  # per user
    routes: tuple[str, ...] = ()  # ordered fallback providers/models
    guard_input: str = "off"  # off, flag or block on inline detector hits
    guard_output: str = "off"
    disabled_tools: tuple[str, ...] = ()

    @classmethod
    def of_feature(cls, feature: Feature) -> Controls:
        return cls(
            feature=feature.name,
            customer_facing=feature.customer_facing,
            fail_mode=feature.fail_mode,
            fallback_response=feature.fallback_response,
            model=feature.default_model,
            routes=tuple(feature.routes),
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["routes"] = list(self.routes)
        data["disabled_tools"] = list(self.disabled_tools)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Controls:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["routes"] = tuple(values.get("routes") or ())
        values["disabled_tools"] = tuple(values.get("disabled_tools") or ())
        return cls(**values)


# Fields a control change may set, with how each is checked; `feature` and `customer_facing` belong to registration.
CHANGEABLE = (
    "enabled",
    "fallback_response",
    "fail_mode",
    "model",
    "model_version",
    "rate_per_second",
    "user_rate_per_second",
    "routes",
    "guard_input",
    "guard_output",
    "disabled_tools",
)


def _text(name: str, value: object, *, optional: bool) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or (optional and not value.strip()):
        raise InvalidInput(
            f"{name} must be a {'non-empty ' if optional else ''}string of at most {MAX_TEXT} characters",
            allowed="a string" + (", or null to unset it" if optional else ""),
        )
    return value


def _rate(name: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise InvalidInput(
            f"{name} must be a positive number of requests per second", allowed="e.g. 5 or 0.5, or null for no limit"
        )
    return float(value)


def _names(name: str, value: object) -> tuple[str, ...]:
    if (
        not isinstance(value, list | tuple)
        or len(value) > MAX_ITEMS
        or not all(isinstance(v, str) and v.strip() and len(v) <= 200 for v in value)
    ):
        raise InvalidInput(
            f"{name} must be a list of at most {MAX_ITEMS} non-empty names",
            allowed='e.g. ["openai/gpt-4o-mini", "anthropic/claude-haiku"]',
        )
    return tuple(dict.fromkeys(v.strip() for v in value))


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not allowed", allowed=f"one of: {', '.join(allowed)}")
    return value


def _enabled(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("enabled must be true or false")
    return value


# How each changeable field's requested value is checked and normalised.
_CHECKS: dict[str, Callable[[str, object], object]] = {
    "enabled": _enabled,
    "fallback_response": lambda name, value: _text(name, value, optional=False),
    "model": lambda name, value: _text(name, value, optional=True),
    "model_version": lambda name, value: _text(name, value, optional=True),
    "rate_per_second": _rate,
    "user_rate_per_second": _rate,
    "routes": _names,
    "disabled_tools": _names,
    "fail_mode": lambda name, value: _choice(name, value, FAIL_MODES),
    "guard_input": lambda name, value: _choice(name, value, GUARD_MODES),
    "guard_output": lambda name, value: _choice(name, value, GUARD_MODES),
}


def check_changes(changes: Mapping[str, object]) -> dict[str, object]:
    """The requested field values, checked and normalised; unknown fields are refused."""
    if not changes:
        raise InvalidInput("a control change must set at least one field", allowed=", ".join(CHANGEABLE))
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise InvalidInput(f"unknown control field(s) {', '.join(unknown)}", allowed=", ".join(CHANGEABLE))
    return {name: _CHECKS[name](name, value) for name, value in changes.items()}


def apply(controls: Controls, changes: Mapping[str, Any]) -> Controls:
    return replace(controls, **changes)


def diff(current: Controls, target: Controls) -> dict[str, object]:
    """The changes that turn `current` into `target`."""
    return {name: getattr(target, name) for name in CHANGEABLE if getattr(current, name) != getattr(target, name)}


def change_actions(before: Controls, after: Controls) -> list[str]:
    """The kinds of change from `before` to `after`, as approval rules name them (plan CONTROL_ACTIONS)."""
    actions = []
    if before.enabled and not after.enabled:
        actions.append("disable")
    if after.enabled and not before.enabled:
        actions.append("enable")
    if (before.model, before.model_version) != (after.model, after.model_version):
        actions.append("pin_model")
    if (before.rate_per_second, before.user_rate_per_second) != (after.rate_per_second, after.user_rate_per_second):
        actions.append("throttle")
    if before.routes != after.routes:
        actions.append("routes")
    if (before.guard_input, before.guard_output) != (after.guard_input, after.guard_output):
        actions.append("guard")
    if before.disabled_tools != after.disabled_tools:
        actions.append("tools")
    if before.fallback_response != after.fallback_response:
        actions.append("fallback")
    if before.fail_mode != after.fail_mode:
        actions.append("fail_mode")
    return actions


def contains(before: Controls, after: Controls) -> bool:
    actions = set(change_actions(before, after))
    if "disable" in actions:
        return True
    if "enable" in actions:
        return False  # lifting the kill switch lifts containment, whatever else changes with it
    tighter_guard = GUARD_MODES.index(after.guard_input) > GUARD_MODES.index(before.guard_input) or GUARD_MODES.index(
        after.guard_output
    ) > GUARD_MODES.index(before.guard_output)
    return (
        bool(actions & {"pin_model", "throttle", "routes"})
        or tighter_guard
        or bool(set(after.disabled_tools) - set(before.disabled_tools))
    )


def approval_rule(
    rules: list[ApprovalRule], *, actions: list[str], customer_facing: bool, severity: str | None
) -> ApprovalRule | None:
    """The first plan rule that makes this change wait for a second person, if any.

    A rule that lists severities applies only to changes that name an incident of one of them."""
    for rule in rules:
        if rule.action not in actions:
            continue
        if rule.customer_facing is not None and rule.customer_facing != customer_facing:
            continue
        if rule.severities and severity not in rule.severities:
            continue
        return rule
    return None


def revert_changes(current: Controls, before: Controls, after: Controls) -> dict[str, object]:
    """What undoing one change sets: each field it changed goes back, unless someone changed it since."""
    return {
        name: getattr(before, name)
        for name in CHANGEABLE
        if getattr(before, name) != getattr(after, name) and getattr(current, name) == getattr(after, name)
    }


def describe(feature: str, changes: Mapping[str, object]) -> str:
    """One line for the incident log and the audit log: what changed, in words."""
    parts = []
    for name, value in changes.items():
        if name == "enabled":
            parts.append("enabled (kill switch off)" if value else "disabled (kill switch on)")
        elif name == "disabled_tools":
            parts.append("tools switched off: " + (", ".join(value) if value else "none"))  # type: ignore[arg-type]
        elif name == "routes":
            parts.append("fallback routes: " + (" > ".join(value) if value else "none"))  # type: ignore[arg-type]
        elif value is None:
            parts.append(f"{name} unset")
        else:
            parts.append(f"{name} = {value}")
    return f"{feature}: " + "; ".join(parts)


def flagd_flags(controls: list[Controls]) -> dict[str, Any]:
    """The controls as a flagd flag definition file (https://flagd.dev/reference/flag-definitions/): the flags of
    `aicident.sdk.flags`, with the values the OpenFeature provider resolves; a flag whose control is not set is left
    out, so the application's own default applies, as with the provider."""
    flags: dict[str, dict[str, Any]] = {}
    for c in controls:
        for key, value in flag_values(c.to_json()).items():
            if value is None:
                continue
            if isinstance(value, bool):
                flags[key] = {
                    "state": "ENABLED",
                    "variants": {"on": True, "off": False},
                    "defaultVariant": "on" if value else "off",
                }
            else:
                variant = "pinned" if key.endswith(".model") else "current"
                flags[key] = {"state": "ENABLED", "variants": {variant: value}, "defaultVariant": variant}
    return {"$schema": "https://flagd.dev/schema/v0/flags.json", "flags": flags}
