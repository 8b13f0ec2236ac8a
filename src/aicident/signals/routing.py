"""The plan's routing rules applied to a signal (pure): which rule, what to do, which category and severity.

Rules match on one normalised view of every format (`view`): the fields `format`, `title`, `severity` and
`integration`; every label by its name (and as `labels.<name>`); every annotation as `annotations.<name>`; and what a
format adds (`custom_details.<path>` of a PagerDuty event). PagerDuty's source, component, group and class and a
CloudEvent's type, source, subject and extensions are labels already.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from aicident.plan.schema import Plan, RoutingRule
from aicident.signals.model import SignalEvent

# Names a rule's `match` may use besides labels, annotations and details.
FIELDS = ("format", "title", "severity", "integration")


@dataclass(frozen=True)
class Decision:
    rule: str
    action: str  # declare | attach | hold
    category: str | None
    severity: str | None
    feature: str | None


HOLD = Decision(rule="(no rule matched)", action="hold", category=None, severity=None, feature=None)


class Names(dict[str, str]):
    """The view of one event: every name a routing rule may match, with its value; a name is also found regardless
    of '_', '-' and case (CloudEvents attribute names cannot contain '_': `aicidentcategory`)."""

    _plain: dict[str, str] | None = None

    def find(self, name: str) -> str | None:
        if name in self:
            return self[name]
        if self._plain is None:  # built on the first miss, once per event, not once per rule and name
            plain: dict[str, str] = {}
            for key, value in self.items():
                plain.setdefault(_plain(key), value)
            self._plain = plain
        return self._plain.get(_plain(name))


def view(event: SignalEvent, integration: str) -> Names:
    """Every name a routing rule may match, with its value."""
    found = Names()
    for name, value in event.labels.items():
        found[name] = found[f"labels.{name}"] = value
    for name, value in event.annotations.items():
        found[f"annotations.{name}"] = value
    found |= event.details
    found |= {"format": event.format, "title": event.title, "integration": integration}
    if event.severity is not None:
        found["severity"] = event.severity
    return found


def _plain(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _all(patterns: dict[str, str], names: Names) -> bool:
    for name, pattern in patterns.items():
        value = names.find(name)
        if value is None or not fnmatchcase(value, pattern):
            return False
    return True


def matches(rule: RoutingRule, event: SignalEvent, integration: str, names: Names | None = None) -> bool:
    """All of `match`, and one of `match_any` when the rule has any."""
    names = view(event, integration) if names is None else names
    if not _all(rule.match, names):
        return False
    return not rule.match_any or any(_all(alternative, names) for alternative in rule.match_any)


def feature_of(names: Names, label: str) -> str | None:
    """The affected AI feature: the label the rule names, or the PagerDuty custom detail of that name."""
    return names.find(label) or names.get(f"custom_details.{label}")


def route(plan: Plan, event: SignalEvent, integration: str) -> Decision:
    """The first rule whose patterns all match decides; with none, the signal waits in the inbox."""
    names = view(event, integration)
    for rule in plan.routing:
        if matches(rule, event, integration, names):
            severity = rule.severity
            if event.severity is not None:
                severity = rule.severity_map.get(event.severity.lower(), severity)
            return Decision(
                rule=rule.name,
                action=rule.action,
                category=rule.category,
                severity=severity,
                feature=feature_of(names, rule.feature_label),
            )
    return HOLD
