"""If-Match on incidents: the version as ETag, a stale one refused with 412 and nothing changed.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from api_helpers import SETUP, admin, assert_problem, declare, state
from permission_scenarios import SCENARIOS

from aicident.incidents import service as incidents


def test_an_incident_answers_with_its_version_as_etag_and_an_update_with_it_succeeds(runtime, client):
    headers = admin(runtime)
    ref = declare(runtime)
    got = client.get(f"/api/v1/incidents/{ref}", headers=headers)
    assert got.headers["ETag"] == '"1"'
    updated = client.post(
        f"/api/v1/incidents/{ref}/log",
        json={"text": "Looking into it"},
        headers={**headers, "If-Match": got.headers["ETag"]},
    )
    assert updated.status_code == 200
    assert (updated.headers["ETag"], updated.json()["version"]) == ('"2"', 2)


UPDATES = [action for action, scenario in SCENARIOS.items() if scenario.on_incident]


@pytest.mark.parametrize("action", UPDATES)
def test_an_update_with_a_stale_etag_is_refused_with_412_and_changes_nothing(runtime, client, action):
    headers = admin(runtime)
    [call] = SCENARIOS[action].prepare(runtime)
    stale = client.get(f"/api/v1/incidents/{call.incident}", headers=headers).headers["ETag"]
    incidents.add_entry(runtime, ref=call.incident, type="note", text="Someone else got there first", actor=SETUP)
    before = state(runtime, call.incident)
    response = client.request(call.method, call.path, json=call.body, headers={**headers, "If-Match": stale})
    version = before[0]
    assert_problem(
        response,
        412,
        "precondition_failed",
        f"{call.incident} is at version {version}, not "
        f"{version - 1} (GET it again and send its current ETag in If-Match)",
    )
    assert state(runtime, call.incident) == before


@pytest.mark.parametrize(("if_match", "status"), [('"1"', 200), ('W/"1"', 200), ("*", 200), ('"2"', 412)])
def test_if_match_takes_a_strong_or_weak_etag_or_a_star(runtime, client, if_match, status):
    ref = declare(runtime)
    response = client.post(
        f"/api/v1/incidents/{ref}/log", json={"text": "A note"}, headers={**admin(runtime), "If-Match": if_match}
    )
    assert response.status_code == status


def test_an_if_match_that_is_not_an_etag_is_refused_with_400(runtime, client):
    ref = declare(runtime)
    response = client.post(
        f"/api/v1/incidents/{ref}/log", json={"text": "A note"}, headers={**admin(runtime), "If-Match": "1"}
    )
    assert_problem(
        response, 400, "invalid_input", "If-Match '1' is not an ETag of this API (the ETag header of a GET, e.g. \"7\")"
    )
    assert state(runtime, ref) == (1, 1)
