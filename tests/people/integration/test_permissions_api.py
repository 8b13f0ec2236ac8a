"""The plan's [permissions] over the HTTP API: one test per action, granted by a role held in a profile or on the incident, refused with 403 naming the roles required otherwise.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from api_helpers import (
    PLAN,
    ROLE_ADVICE,
    SETUP,
    assert_problem,
    contains,
    count_rows,
    incident_exists,
    last_entry,
    signed_in,
    state,
)
from permission_scenarios import SCENARIOS, Call, Scenario

from aicident.incidents import service as incidents
from aicident.plan.schema import ACTIONS, CONTAINMENT_PERMISSIONS
from aicident.runtime import Runtime
from aicident.signals import service as signals
from aicident.store.tables import incidents as incidents_table

# Approvals are not plan actions: the matrix cell or regulatory clock names the roles that approve each draft
# (tests/comms/integration/test_comms.py).
NO_ENDPOINT: dict[str, str] = {}


def _scenario(action: str) -> Scenario:
    if action in NO_ENDPOINT:
        pytest.skip(NO_ENDPOINT[action])
    if action not in SCENARIOS:
        pytest.fail(f"the plan's [permissions] grants {action!r} but no test exercises it: add it to SCENARIOS")
    return SCENARIOS[action]


def _granted(action: str) -> list[str]:
    return PLAN.permissions[action]


def test_the_plan_grants_every_action_and_every_action_has_a_permission_test():
    assert set(PLAN.permissions) == set(ACTIONS) | set(CONTAINMENT_PERMISSIONS)
    assert set(PLAN.permissions) == set(SCENARIOS) | set(NO_ENDPOINT)
    assert PLAN.communications["SEV-1"]["customers"].approvers == ["executive_sponsor"]
    assert PLAN.communications["SEV-1"]["public"].approvers == ["executive_sponsor", "legal_lead"]


def _perform(client, rt: Runtime, calls: list[Call], headers: dict, handle: str) -> None:
    for call in calls:
        response = client.request(call.method, call.path, json=call.body, headers=headers)
        assert response.status_code == call.status, response.text
        assert contains(response.json(), call.answer), response.json()
        if call.entry:
            assert last_entry(rt, call.incident) == (call.entry, handle)


GRANTS = [(action, role) for action, roles in PLAN.permissions.items() for role in roles]


@pytest.mark.parametrize(("action", "role"), GRANTS, ids=[f"{a}-{r}" for a, r in GRANTS])
def test_a_person_holding_a_granted_role_in_their_profile_may_do_the_action(runtime, client, action, role):
    scenario = _scenario(action)
    calls = scenario.prepare(runtime)
    roles = [] if role == "*" else [role]  # "*": anyone signed in, even someone holding no role at all
    _perform(client, runtime, calls, signed_in(runtime, "pat", roles), "pat")


INCIDENT_GRANTS = [
    (action, role)
    for action, role in GRANTS
    if role != "*" and SCENARIOS.get(action, Scenario(None, None, False)).on_incident
]


@pytest.mark.parametrize(("action", "role"), INCIDENT_GRANTS, ids=[f"{a}-{r}" for a, r in INCIDENT_GRANTS])
def test_a_person_assigned_a_granted_role_on_the_incident_may_do_the_action(runtime, client, action, role):
    calls = _scenario(action).prepare(runtime)
    headers = signed_in(runtime, "pat", [])
    for call in calls:
        incidents.assign(runtime, ref=call.incident, role=role, person="pat", actor=SETUP)
    _perform(client, runtime, calls, headers, "pat")


REFUSED = [action for action, roles in PLAN.permissions.items() if "*" not in roles]


@pytest.mark.parametrize("action", REFUSED)
def test_a_person_without_a_granted_role_is_refused_with_403_naming_the_roles_required(runtime, client, action):
    scenario = _scenario(action)
    calls = scenario.prepare(runtime)
    others = [r for r in PLAN.role_ids() if r not in _granted(action)]  # every role but the ones that grant it
    headers = signed_in(runtime, "pat", others)
    for call in calls:
        if call.incident and scenario.on_incident:
            for role in others:  # and holds them on the incident too
                incidents.assign(runtime, ref=call.incident, role=role, person="pat", actor=SETUP)
    before = {ref: state(runtime, ref) for ref in {c.incident for c in calls} if ref and incident_exists(runtime, ref)}
    held = [s["id"] for s in signals.list_signals(runtime, inbox="held")]
    for call in calls:
        response = client.request(call.method, call.path, json=call.body, headers=headers)
        body = assert_problem(response, 403, "forbidden", f"pat may not {scenario.refusal} {ROLE_ADVICE}")
        assert body["action"] == action
        assert body["required_roles"] == _granted(action)
    assert {ref: state(runtime, ref) for ref in before} == before
    assert [s["id"] for s in signals.list_signals(runtime, inbox="held")] == held
    assert count_rows(runtime, incidents_table) == len(before)
