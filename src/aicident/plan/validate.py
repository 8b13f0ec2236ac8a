"""Cross-reference checks of a plan whose shape is already valid.

A misspelt role, category, severity, stage or audience anywhere in a plan is an error that names the key path
and what is allowed, never a silent default.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from aicident.clocks.calendars import parse_calendar_name
from aicident.clocks.model import parse_duration
from aicident.clocks.rules import BUILTIN_RULES, CountingRule, rule_from_spec
from aicident.detectors import plugins
from aicident.errors import InvalidInput
from aicident.plan.schema import (
    ACTIONS,
    CONTAINMENT_PERMISSIONS,
    DETECTOR_NAMES,
    ID_PATTERN,
    REQUIRED_TEMPLATES,
    Plan,
    RegulatoryClock,
)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def render(self, source: str = "") -> str:
        where = f"{source}:{self.line}: " if self.line and source else (f"line {self.line}: " if self.line else "")
        return f"{where}{self.path}: {self.message}"


def _one_of(kind: str, allowed: list[str]) -> str:
    return f"unknown {kind}; allowed: {', '.join(allowed) if allowed else '(none defined)'}"


def cross_reference_problems(plan: Plan) -> list[Problem]:
    """Every reference in the plan that points at nothing, and every id defined twice."""
    check = _References.of(plan)
    _duplicate_ids(plan, check)
    _directory_references(plan, check)
    _severity_notify_references(plan, check)
    _stage_references(plan, check)
    _communications_references(plan, check)
    _permission_references(plan, check)
    _routing_references(plan, check)
    _detector_references(plan, check)
    _regulatory_references(plan, check)
    _comms_references(plan, check)
    _reminder_and_template_references(plan, check)
    return [
        *check.problems,
        *counting_problems(plan),
        *notify_problems(plan),
        *_containment_problems(plan, check.severities),
        *_slack_problems(plan, check.severities),
    ]


@dataclass
class _References:
    """The ids a plan defines, and the problems found so far in the references to them."""

    roles: list[str]
    people: list[str]
    groups: list[str]
    severities: list[str]
    audiences: list[str]  # those of the communications matrix's first row
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, plan: Plan) -> _References:
        return cls(
            roles=plan.role_ids(),
            people=[p.id for p in plan.directory.people],
            groups=list(plan.directory.groups),
            severities=[s.id for s in plan.severities],
            audiences=list(next(iter(plan.communications.values()), {})),
        )

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def role(self, path: str, role_id: str) -> None:
        if role_id not in self.roles:
            self.add(path, f"{role_id!r}: {_one_of('role', self.roles)}")

    def person(self, path: str, person_id: str) -> None:
        if person_id not in self.people:
            self.add(path, f"{person_id!r}: {_one_of('person (directory.people id)', self.people)}")

    def group(self, path: str, group_id: str) -> None:
        if group_id not in self.groups:
            self.add(path, f"{group_id!r}: {_one_of('group (directory.groups)', self.groups)}")

    def severity(self, path: str, severity_id: str) -> None:
        if severity_id not in self.severities:
            self.add(path, f"{severity_id!r}: {_one_of('severity', self.severities)}")

    def audience(self, path: str, audience: str) -> None:
        if audience not in self.audiences:
            self.add(path, f"{audience!r}: {_one_of('audience', self.audiences)}")


def _duplicate_ids(plan: Plan, check: _References) -> None:
    for kind, items in (
        ("roles", plan.roles),
        ("categories", plan.categories),
        ("severities", plan.severities),
        ("stages", plan.stages),
        ("directory.people", plan.directory.people),
    ):
        ids = [i.id for i in items]
        for item_id, count in Counter(ids).items():
            if count > 1:
                check.add(
                    f"{kind}[{ids.index(item_id)}].id", f"{item_id!r} is defined {count} times; ids must be unique"
                )
    for rank, count in Counter(s.rank for s in plan.severities).items():
        if count > 1:
            check.add("severities", f"rank {rank} is used {count} times; each severity needs its own rank")


def _directory_references(plan: Plan, check: _References) -> None:
    directory = plan.directory
    for role_id, staffing in directory.roles.items():
        check.role(f"directory.roles.{role_id}", role_id)
        for i, person in enumerate(staffing.people):
            check.person(f"directory.roles.{role_id}.people[{i}]", person)
        if staffing.fallback:
            check.person(f"directory.roles.{role_id}.fallback", staffing.fallback)
    for group_id, group in directory.groups.items():
        for i, role_id in enumerate(group.roles):
            check.role(f"directory.groups.{group_id}.roles[{i}]", role_id)
        for i, person in enumerate(group.people):
            check.person(f"directory.groups.{group_id}.people[{i}]", person)
    if directory.on_call:
        check.person("directory.on_call", directory.on_call)


def _severity_notify_references(plan: Plan, check: _References) -> None:
    for s_index, severity in enumerate(plan.severities):
        for n_index, target in enumerate(severity.notify):
            path = f"severities[{s_index}].notify[{n_index}]"
            if (target.role is None) == (target.group is None):
                check.add(path, "name exactly one of role or group")
            if target.role is not None:
                check.role(f"{path}.role", target.role)
            if target.group is not None:
                check.group(f"{path}.group", target.group)


def _stage_references(plan: Plan, check: _References) -> None:
    for index, stage in enumerate(plan.stages):
        if stage.owner_role:
            check.role(f"stages[{index}].owner_role", stage.owner_role)
        for g_index, guard in enumerate(stage.exit_requires):
            if guard.startswith("role:"):
                check.role(f"stages[{index}].exit_requires[{g_index}]", guard.removeprefix("role:"))


def _communications_references(plan: Plan, check: _References) -> None:
    matrix = plan.communications
    for severity_id, row in matrix.items():
        check.severity(f"communications.{severity_id}", severity_id)
        if list(row) != check.audiences and set(row) != set(check.audiences):
            check.add(
                f"communications.{severity_id}",
                f"audiences {sorted(row)} differ from the first row's {sorted(check.audiences)}; "
                "every severity needs a cell for the same audiences",
            )
        for audience, cell in row.items():
            path = f"communications.{severity_id}.{audience}"
            for a_index, role_id in enumerate(cell.approvers):
                check.role(f"{path}.approvers[{a_index}]", role_id)
            if cell.requirement.startswith("if_") and not cell.condition:
                check.add(
                    f"{path}.condition",
                    f"requirement {cell.requirement!r} needs the incident facts it "
                    'depends on, e.g. condition = ["customers_affected"]',
                )
    for severity_id in check.severities:
        if severity_id not in matrix:
            check.add("communications", f"no row for severity {severity_id!r}; every severity needs one")


def _permission_references(plan: Plan, check: _References) -> None:
    for action, granted in plan.permissions.items():
        if action not in ACTIONS and action not in CONTAINMENT_PERMISSIONS:
            known = [*ACTIONS, *CONTAINMENT_PERMISSIONS]
            check.add(f"permissions.{action}", f"{action!r}: {_one_of('action', known)}")
        for index, role_id in enumerate(granted):
            if role_id != "*":
                check.role(f"permissions.{action}[{index}]", role_id)
    for action in ACTIONS:
        if action not in plan.permissions:
            check.add("permissions", f"no roles for action {action!r}; every action needs a list ('*' = anyone)")


def _routing_references(plan: Plan, check: _References) -> None:
    categories = plan.category_ids()
    for index, rule in enumerate(plan.routing):
        path = f"routing[{index}]"
        if rule.category is not None and rule.category not in categories:
            check.add(f"{path}.category", f"{rule.category!r}: {_one_of('category', categories)}")
        if rule.action == "declare" and rule.category is None:
            check.add(f"{path}.category", "a rule that declares incidents needs a category")
        for key, severity_id in [
            ("severity", rule.severity),
            *((f"severity_map.{k}", v) for k, v in rule.severity_map.items()),
        ]:
            if severity_id is not None:
                check.severity(f"{path}.{key}", severity_id)


def _detector_references(plan: Plan, check: _References) -> None:
    unknown = [name for name in plan.detectors if name not in DETECTOR_NAMES]
    if unknown:  # a plugin's name is known once its package is installed (the aicident.detectors entry points)
        known = [*DETECTOR_NAMES, *sorted(plugins.installed())]
        for name in unknown:
            if name not in known:
                check.add(f"detectors.{name}", f"{name!r}: {_one_of('detector', known)}")


def _regulatory_references(plan: Plan, check: _References) -> None:
    clock_ids = [c.id for c in plan.regulatory]
    for clock_id, count in Counter(clock_ids).items():
        if count > 1:
            check.add(
                f"regulatory[{clock_ids.index(clock_id)}].id",
                f"{clock_id!r} is defined {count} times; ids must be unique",
            )
    for index, clock in enumerate(plan.regulatory):
        path = f"regulatory[{index}]"
        check.audience(f"{path}.audience", clock.audience)
        for a_index, role_id in enumerate(clock.approvers):
            check.role(f"{path}.approvers[{a_index}]", role_id)
        if clock.template not in plan.templates:
            check.add(f"{path}.template", f"{clock.template!r}: {_one_of('template', sorted(plan.templates))}")
        if clock.starts.startswith("obligation:"):
            other = clock.starts.removeprefix("obligation:")
            if other not in clock_ids or other == clock.id:
                others = [c for c in clock_ids if c != clock.id]
                check.add(f"{path}.starts", f"{other!r}: {_one_of('other regulatory clock', others)}")


def _comms_references(plan: Plan, check: _References) -> None:
    channel_names = [c.name for c in plan.notify.channels]
    for audience, delivery in plan.comms.audiences.items():
        path = f"comms.audiences.{audience}"
        check.audience(path, audience)
        for c_index, channel in enumerate(delivery.channels):
            if channel not in channel_names:
                check.add(
                    f"{path}.channels[{c_index}]", f"{channel!r}: {_one_of('channel (notify.channels)', channel_names)}"
                )
        for g_index, group in enumerate(delivery.groups):
            check.group(f"{path}.groups[{g_index}]", group)
    if plan.comms.page_channel and plan.comms.page_channel not in channel_names:
        check.add(
            "comms.page_channel", f"{plan.comms.page_channel!r}: {_one_of('channel (notify.channels)', channel_names)}"
        )


def _reminder_and_template_references(plan: Plan, check: _References) -> None:
    for index, role_id in enumerate(plan.reminders.escalate_to):
        check.role(f"reminders.escalate_to[{index}]", role_id)
    for name in REQUIRED_TEMPLATES:
        if name not in plan.templates:
            check.add("templates", f"the {name!r} template is missing; a plan needs: {', '.join(REQUIRED_TEMPLATES)}")


# --- regulatory clocks: counting rules, calendars and targets --------------------------------------------------


def counting_problems(plan: Plan) -> list[Problem]:
    """Each clock names a counting rule and a calendar that exist, a rule made for its unit, and a target that fits
    (before a fixed deadline, or after the start of one without)."""
    rules, problems = _counting_rules(plan)
    for key, state in plan.member_states.items():
        try:
            parse_calendar_name(f"eu_member_state:{state}")
        except InvalidInput as error:
            problems.append(Problem(f"member_states.{key}", f"{error.message}; allowed: {error.allowed}"))
    for index, clock in enumerate(plan.regulatory):
        problems += _clock_counting_problems(f"regulatory[{index}]", clock, rules)
    return problems


def _counting_rules(plan: Plan) -> tuple[dict[str, CountingRule], list[Problem]]:
    """The built-in counting rules and the plan's own, and the problems of the plan's own."""
    problems: list[Problem] = []
    rules: dict[str, CountingRule] = dict(BUILTIN_RULES)
    for rule_id in plan.counting:
        path = f"counting.{rule_id}"
        if rule_id in BUILTIN_RULES:
            problems.append(Problem(path, f"{rule_id!r} is a built-in counting rule; give the plan's own another id"))
        elif not re.match(ID_PATTERN, rule_id):
            problems.append(Problem(path, f"{rule_id!r} is not an id: lower-case letters, digits and _"))
        else:
            try:
                rules[rule_id] = rule_from_spec(rule_id, plan.counting[rule_id])
            except InvalidInput as error:
                problems.append(Problem(path, f"{error.message}; allowed: {error.allowed}"))
    return rules, problems


def _clock_counting_problems(path: str, clock: RegulatoryClock, rules: dict[str, CountingRule]) -> list[Problem]:
    problems: list[Problem] = []
    rule = rules.get(clock.counting)
    if rule is None:
        problems.append(Problem(f"{path}.counting", f"{clock.counting!r}: {_one_of('counting rule', list(rules))}"))
    elif clock.deadline:
        trouble = rule.unit_problem(parse_duration(clock.deadline).unit)
        if trouble:
            problems.append(Problem(f"{path}.counting", f"{trouble} (the deadline is {clock.deadline!r})"))
    try:
        parse_calendar_name(clock.calendar)
    except InvalidInput as error:
        problems.append(Problem(f"{path}.calendar", f"{error.message}; allowed: {error.allowed}"))
    if clock.target_before and not clock.deadline:
        problems.append(
            Problem(
                f"{path}.target_before",
                "a clock without a deadline has nothing to be before; set target_after (how long after its start)",
            )
        )
    if clock.target_after and clock.deadline:
        problems.append(
            Problem(
                f"{path}.target_after",
                "a clock with a deadline sets its target before it: use target_before (e.g. '24 hours')",
            )
        )
    return problems


# --- notify ------------------------------------------------------------------------------------------------------

_CHANNEL_NEEDS = {
    "slack": ("url_env",),
    "teams": ("url_env",),
    "webhook": ("secret_env",),
    "pagerduty": ("routing_key_env",),
}


def notify_problems(plan: Plan) -> list[Problem]:
    """Channel names unique, each channel's required settings named, self-alert channels defined, lease long enough."""
    problems: list[Problem] = []
    notify = plan.notify
    names = [c.name for c in notify.channels]
    for index, channel in enumerate(notify.channels):
        path = f"notify.channels[{index}]"
        if names.count(channel.name) > 1:
            problems.append(
                Problem(
                    f"{path}.name",
                    f"{channel.name!r} is defined {names.count(channel.name)} times; channel names must be unique",
                )
            )
        for setting in _CHANNEL_NEEDS.get(channel.type, ()):
            if not getattr(channel, setting):
                problems.append(
                    Problem(
                        f"{path}.{setting}",
                        f"a {channel.type} channel needs {setting}: the name of the environment variable that holds it",
                    )
                )
        if channel.type in ("slack", "teams") and channel.url:
            problems.append(
                Problem(
                    f"{path}.url",
                    f"a {channel.type} webhook URL is a credential: put it in an "
                    "environment variable and name that variable in url_env",
                )
            )
        if channel.type == "webhook" and not (channel.url or channel.url_env):
            problems.append(Problem(f"{path}.url", "a webhook channel needs url or url_env"))
        if channel.type == "smtp" and not (channel.sender or channel.sender_env):
            problems.append(Problem(f"{path}.sender", "an smtp channel needs sender (the From address) or sender_env"))
        if channel.timeout_seconds >= notify.lease_seconds:
            problems.append(
                Problem(
                    f"{path}.timeout_seconds",
                    f"{channel.timeout_seconds:g} s is not shorter than "
                    f"notify.lease_seconds ({notify.lease_seconds:g} s): a slow send would be "
                    "taken over by another worker while still running",
                )
            )
    for index, name in enumerate(notify.self_alert_channels):
        alert_channel = notify.channel(name)
        if alert_channel is None:
            problems.append(Problem(f"notify.self_alert_channels[{index}]", f"{name!r}: {_one_of('channel', names)}"))
        elif alert_channel.type == "smtp" and not notify.self_alert_to:
            problems.append(
                Problem(
                    "notify.self_alert_to",
                    f"self-alerts by email (channel {name!r}) need recipients: list their addresses in self_alert_to",
                )
            )
    return problems


def _containment_problems(plan: Plan, severities: list[str]) -> list[Problem]:
    problems = []
    for name, count in Counter(f.name for f in plan.features).items():
        if count > 1:
            problems.append(Problem("features", f"feature {name!r} is defined {count} times; names must be unique"))
    for index, rule in enumerate(plan.containment.approvals):
        for s_index, severity_id in enumerate(rule.severities):
            if severity_id not in severities:
                problems.append(
                    Problem(
                        f"containment.approvals[{index}].severities[{s_index}]",
                        f"{severity_id!r}: {_one_of('severity', severities)}",
                    )
                )
    return problems


def _slack_problems(plan: Plan, severities: list[str]) -> list[Problem]:
    """The Slack app's channel, when the plan has it, is a slack_api channel of [notify] (a plan without it simply
    has no Slack app), and the severities it names exist."""
    problems: list[Problem] = []
    slack = plan.slack
    channel = plan.notify.channel(slack.notify_channel)
    if channel is not None and channel.type != "slack_api":
        names = [c.name for c in plan.notify.channels if c.type == "slack_api"]
        problems.append(
            Problem(
                "slack.notify_channel",
                f"{slack.notify_channel!r} is a {channel.type} channel: {_one_of('slack_api channel', names)}",
            )
        )
    for index, severity in enumerate(slack.open_at_severities):
        if severity not in severities:
            problems.append(
                Problem(f"slack.open_at_severities[{index}]", f"{severity!r}: {_one_of('severity', severities)}")
            )
    return problems
