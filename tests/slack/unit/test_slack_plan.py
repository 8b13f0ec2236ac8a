"""The plan's [slack] table: its defaults, and the cross-references a plan that writes it must get right."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aicident.plan.loader import default_plan, plan_document
from aicident.plan.schema import Plan
from aicident.plan.validate import cross_reference_problems


def _with_slack(**slack) -> Plan:
    document = plan_document(default_plan())
    document["slack"] = {**document["slack"], **slack}
    return Plan.model_validate(document)


def test_the_default_plan_sends_slack_calls_through_its_slack_api_channel():
    plan = default_plan()
    assert plan.notify.channel(plan.slack.notify_channel).type == "slack_api"
    assert plan.slack.reactions == {"pushpin": "note"} and plan.slack.open_at_severities == []
    assert cross_reference_problems(plan) == []


def test_a_slack_table_must_name_a_slack_api_channel_and_known_severities():
    problems = {
        p.path: p.message
        for p in cross_reference_problems(_with_slack(notify_channel="email", open_at_severities=["SEV-9"]))
    }
    assert "unknown slack_api channel; allowed: slack_app" in problems["slack.notify_channel"]
    assert "unknown severity" in problems["slack.open_at_severities[0]"]


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("post_entry_types", ["severity_change", "gossip"], "unknown log-entry type 'gossip'"),
        ("archive_after", "2 business days", "is not a duration"),
        ("reactions", {"pushpin": "action_item"}, "Input should be 'note' or 'evidence'"),
        ("command", "aicident", "String should match pattern"),
    ],
)
def test_a_misspelt_slack_setting_is_refused_with_what_is_allowed(field, value, says):
    with pytest.raises(ValidationError, match=says):
        _with_slack(**{field: value})
