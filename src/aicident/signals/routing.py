"""The plan's routing rules applied to a signal (pure): which rule, what to do, which category and severity."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from aicident.plan.schema import Plan, RoutingRule
from aicident.signals.model import SignalEvent

# Names a rule's `match` may use besides labels.
FIELDS = ("format", "title", "severity", "integration")


@dataclass(frozen=True)
class Decision:
    rule: str
    action: str  # declare | attach | hold
    category: str | None
    severity: str | None
    feature: str | None


HOLD = Decision(rule="(no rule matched)", action="hold", category=None, severity=None, feature=None)


def _value(event: SignalEvent, integration: str, name: str) -> str | None:
    if name == "format":
        return event.format
    if name == "title":
        return event.title
    if name == "severity":
        return event.severity
    if name == "integration":
        return integration
    if name in event.labels:
        return event.labels[name]
    # CloudEvents attribute names cannot contain '_' (aicidentcategory): label names match regardless of it.
    wanted = _plain(name)
    return next((value for key, value in event.labels.items() if _plain(key) == wanted), None)


def _plain(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def matches(rule: RoutingRule, event: SignalEvent, integration: str) -> bool:
    for name, pattern in rule.match.items():
        value = _value(event, integration, name)
        if value is None or not fnmatchcase(value, pattern):
            return False
    return True


def route(plan: Plan, event: SignalEvent, integration: str) -> Decision:
    """The first rule whose patterns all match decides; with none, the signal waits in the inbox."""
    for rule in plan.routing:
        if matches(rule, event, integration):
            severity = rule.severity
            if event.severity is not None:
                severity = rule.severity_map.get(event.severity.lower(), severity)
            return Decision(
                rule=rule.name,
                action=rule.action,
                category=rule.category,
                severity=severity,
                feature=event.labels.get(rule.feature_label),
            )
    return HOLD
