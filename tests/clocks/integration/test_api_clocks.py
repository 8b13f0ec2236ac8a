"""Regulatory clocks through the HTTP API: each obligation and deadline shows the legal deadline with its basis and the
plan's own target, and the SEC's deadline does not move with the organisation's calendar (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import factories
import pytest
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.plan.loader import default_plan, dump_plan
from aicident.plan.schema import Calendar

PLAN = default_plan()


def api(runtime) -> tuple[TestClient, dict[str, str]]:
    auth.add_person(runtime, handle="lee", roles=PLAN.role_ids(), admin=True)
    return TestClient(create_app(runtime)), {
        "Authorization": f"Bearer {auth.create_token(runtime, handle='lee').token}"
    }


def declared(client: TestClient, headers: dict, **fields) -> str:
    return factories.declare_over_api(
        client, headers, **{"title": "Card numbers in chatbot answers", "category": "data_leak", **fields}
    )


def sec_obligation_and_deadline(client: TestClient, headers: dict, ref: str) -> tuple[dict, dict]:
    """Record the incident as material, determined on Saturday 5 December at 10:00 in New York."""
    response = client.post(f"/api/v1/incidents/{ref}/facts", json={"material": True}, headers=headers)
    assert response.status_code == 200, response.text
    response = client.post(
        f"/api/v1/incidents/{ref}/clock-events",
        json={"event": "materiality_determined", "at": "2026-12-05T15:00:00Z", "reason": "board call on Saturday"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    shown = client.get(f"/api/v1/incidents/{ref}", headers=headers).json()
    obligation = next(o for o in shown["obligations"] if o["key"] == "clock:sec_8k_item_105")
    deadline = next(d for d in shown["deadlines"] if d["kind"] == "communication:clock:sec_8k_item_105")
    return obligation, deadline


def test_the_api_shows_the_sec_legal_deadline_with_its_basis_and_the_plans_target(runtime, clock):
    clock.now = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # Saturday 5 December, 11:00 in New York
    client, headers = api(runtime)
    ref = declared(client, headers, jurisdictions=["US"])

    obligation, deadline = sec_obligation_and_deadline(client, headers, ref)

    # B.1: a Saturday determination starts the period on Monday 7 December (day 1): Thursday 10 December, 17:30 EST.
    assert obligation["legal_due_at"] == obligation["due_at"] == "2026-12-10T22:30:00+00:00"
    assert obligation["target_at"] == "2026-12-09T22:00:00+00:00"  # 1 business day before: Wednesday 17:00 EST
    assert obligation["target"] == "1 business day before the legal deadline, on the organisation's calendar"
    assert obligation["counting"] == "sec_8k"
    assert obligation["basis"].startswith(
        "Form 8-K Item 1.05 and General Instruction B.1: Within 4 business days of determining that the incident is "
        "material. Counted: Form 8-K General Instruction B.1"
    )
    assert "business day 1 is Mon 7 Dec 2026; business day 4 is Thu 10 Dec 2026" in obligation["reckoning"]
    # The deadline the workers follow is the target; the legal deadline and its basis ride along.
    assert (deadline["due_at"], deadline["legal_due_at"]) == ("2026-12-09T22:00:00+00:00", "2026-12-10T22:30:00+00:00")
    assert (deadline["state"], deadline["legal_state"]) == ("pending", "pending")
    assert deadline["basis"] == obligation["basis"]
    assert deadline["description"] == "target in 4d 6h; legal deadline in 5d 6h"
    listed = client.get(f"/api/v1/incidents/{ref}/deadlines", headers=headers).json()
    assert next(d for d in listed if d["kind"] == deadline["kind"]) == deadline
    via_obligations = client.get(f"/api/v1/incidents/{ref}/obligations", headers=headers).json()["obligations"]
    assert (
        next(o for o in via_obligations if o["key"] == "clock:sec_8k_item_105")["target_at"] == obligation["target_at"]
    )


def test_the_api_shows_the_ai_act_deadline_at_the_end_of_the_day_in_the_member_state(runtime, clock):
    clock.now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    client, headers = api(runtime)
    ref = declared(client, headers, jurisdictions=["DE"], became_aware_at="2026-12-04T10:00:00Z")
    response = client.post(f"/api/v1/incidents/{ref}/facts", json={"serious_incident": True}, headers=headers)
    assert response.status_code == 200, response.text

    shown = client.get(f"/api/v1/incidents/{ref}", headers=headers).json()
    art73 = next(o for o in shown["obligations"] if o["key"] == "clock:eu_ai_act_art73")

    # Day 15 after Friday 4 December is Saturday 19 December: the end of Monday 21 December in Berlin (24:00 CET).
    assert art73["legal_due_at"] == "2026-12-21T23:00:00+00:00"
    assert art73["calendar"] == "the working days and public holidays of Germany (Europe/Berlin)"
    assert "Regulation (EEC, Euratom) No 1182/71 Art. 3(1)" in art73["basis"]
    assert art73["target_at"] == "2026-12-18T22:00:00+00:00"  # Friday 18 December, 17:00 in New York


@pytest.fixture
def berlin_runtime(make_runtime, database_url, tmp_path):
    berlin = PLAN.model_copy(update={"calendar": Calendar(time_zone="Europe/Berlin", holidays_country="DE")})
    path = tmp_path / "berlin-plan.toml"
    path.write_text(dump_plan(berlin, "toml"), encoding="utf-8")
    return make_runtime(database_url, path)


def test_a_berlin_organisation_gets_the_same_sec_deadline_and_its_own_target(berlin_runtime, clock):
    clock.now = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    client, headers = api(berlin_runtime)
    ref = declared(client, headers, jurisdictions=["US"])

    obligation, deadline = sec_obligation_and_deadline(client, headers, ref)

    assert obligation["legal_due_at"] == "2026-12-10T22:30:00+00:00"  # as for New York: Thursday 17:30 EST
    assert obligation["target_at"] == "2026-12-09T16:00:00+00:00"  # Wednesday 17:00 in Berlin
    assert deadline["due_at"] == "2026-12-09T16:00:00+00:00"
