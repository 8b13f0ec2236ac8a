"""The pure rules of feature controls: checking changes, naming them, approvals, expiry reverts, flagd export."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicident.containment.model import (
    CHANGEABLE,
    Controls,
    apply,
    approval_rule,
    change_actions,
    check_changes,
    contains,
    describe,
    diff,
    flagd_flags,
    revert_changes,
)
from aicident.errors import InvalidInput
from aicident.plan.schema import ApprovalRule

BASE = Controls(feature="chat", customer_facing=True, model="m-2", fallback_response="Paused.")


def test_a_change_is_checked_and_normalised():
    assert check_changes({"rate_per_second": 5, "routes": [" a ", "b", "a"], "model": None}) == {
        "rate_per_second": 5.0,
        "routes": ("a", "b"),
        "model": None,
    }


@pytest.mark.parametrize(
    "changes, message",
    [
        ({}, "at least one field"),
        ({"colour": 1}, "unknown control field"),
        ({"enabled": "no"}, "true or false"),
        ({"rate_per_second": 0}, "positive number"),
        ({"rate_per_second": float("nan")}, "positive number"),
        ({"rate_per_second": True}, "positive number"),
        ({"guard_output": "shout"}, "not allowed"),
        ({"fail_mode": "maybe"}, "not allowed"),
        ({"routes": "a,b"}, "list"),
        ({"model": "  "}, "non-empty"),
    ],
)
def test_bad_changes_say_what_is_allowed(changes, message):
    with pytest.raises(InvalidInput, match=message):
        check_changes(changes)


def test_the_kind_of_change_follows_from_before_and_after():
    after = apply(BASE, {"enabled": False, "model": "m-1", "rate_per_second": 2.0})
    assert change_actions(BASE, after) == ["disable", "pin_model", "throttle"]
    assert change_actions(after, BASE) == ["enable", "pin_model", "throttle"]
    assert change_actions(BASE, BASE) == []


def test_what_counts_as_containment():
    assert contains(BASE, apply(BASE, {"enabled": False}))
    assert contains(BASE, apply(BASE, {"disabled_tools": ("refund",)}))
    assert contains(BASE, apply(BASE, {"guard_input": "block"}))
    assert not contains(apply(BASE, {"guard_input": "block"}), BASE)  # loosening the guard
    assert not contains(apply(BASE, {"enabled": False}), BASE)  # switching back on
    assert not contains(BASE, apply(BASE, {"fallback_response": "Other text."}))


RULES = [ApprovalRule(action="disable", severities=["SEV-3", "SEV-4"], customer_facing=True)]


@pytest.mark.parametrize(
    "actions, customer_facing, severity, needed",
    [
        (["disable"], True, "SEV-3", True),
        (["disable"], True, "SEV-1", False),
        (["disable"], False, "SEV-3", False),
        (["disable"], True, None, False),  # no incident named: a rule with severities does not apply
        (["throttle"], True, "SEV-3", False),
    ],
)
def test_approval_rules_match_action_audience_and_severity(actions, customer_facing, severity, needed):
    found = approval_rule(RULES, actions=actions, customer_facing=customer_facing, severity=severity)
    assert (found is not None) == needed


def test_a_rule_without_severities_applies_to_every_change_of_its_kind():
    rules = [ApprovalRule(action="pin_model")]
    assert approval_rule(rules, actions=["pin_model"], customer_facing=False, severity=None) is not None


def test_an_expiry_reverts_only_the_fields_still_as_the_change_left_them():
    after = apply(BASE, {"enabled": False, "rate_per_second": 5.0})
    later = apply(after, {"rate_per_second": 1.0})
    assert revert_changes(later, BASE, after) == {"enabled": True}
    assert revert_changes(after, BASE, after) == {"enabled": True, "rate_per_second": None}


values = st.fixed_dictionaries(
    {},
    optional={
        "enabled": st.booleans(),
        "model": st.none() | st.sampled_from(["m-1", "m-2", "m-3"]),
        "rate_per_second": st.none() | st.sampled_from([0.5, 1.0, 5.0]),
        "guard_input": st.sampled_from(["off", "flag", "block"]),
        "disabled_tools": st.lists(st.sampled_from(["a", "b", "c"]), unique=True).map(tuple),
    },
)


@given(values, values)
def test_diff_turns_one_state_into_another_and_reverting_a_lone_change_restores_it(first, second):
    a, b = apply(BASE, first), apply(BASE, second)
    assert apply(a, diff(a, b)) == b
    assert apply(b, revert_changes(b, a, b)) == a
    assert set(diff(a, b)) <= set(CHANGEABLE)


def test_controls_survive_json_and_describe_reads_as_words():
    changed = apply(BASE, {"routes": ("x", "y"), "disabled_tools": ("refund",)})
    assert Controls.from_json(changed.to_json()) == changed
    assert (
        describe("chat", {"enabled": False, "routes": ("x", "y")})
        == "chat: disabled (kill switch on); fallback routes: x > y"
    )


def test_the_flagd_export_carries_the_kill_switch_and_the_model():
    flags = flagd_flags([apply(BASE, {"enabled": False})])["flags"]
    assert flags["chat.enabled"]["defaultVariant"] == "off"
    assert flags["chat.model"]["variants"]["pinned"] == "m-2"
