"""Lists of incidents and signals: newest first, in pages, filtered.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from api_helpers import SETUP, admin, assert_problem, declare, held_signals

from aicident.incidents import service as incidents
from aicident.signals import service as signals


def test_incidents_are_listed_newest_first_in_pages(runtime, client, clock):
    headers = admin(runtime)
    for title in ("First", "Second", "Third"):
        declare(runtime, title=title)
        clock.advance(minutes=1)
    page = client.get("/api/v1/incidents?limit=2", headers=headers).json()
    assert [i["title"] for i in page["items"]] == ["Third", "Second"]
    assert (page["limit"], page["offset"], page["next_offset"]) == (2, 0, 2)
    last = client.get("/api/v1/incidents?limit=2&offset=2", headers=headers).json()
    assert [i["title"] for i in last["items"]] == ["First"]
    assert (last["limit"], last["offset"], last["next_offset"]) == (2, 2, None)
    assert_problem(
        client.get("/api/v1/incidents?limit=0", headers=headers),
        400,
        "invalid_input",
        "query.limit: Input should be greater than or equal to 1",
    )
    assert_problem(
        client.get("/api/v1/incidents?limit=501", headers=headers),
        400,
        "invalid_input",
        "query.limit: Input should be less than or equal to 500",
    )


def test_incidents_are_filtered_by_status_category_severity_and_stage(runtime, client, clock):
    headers = admin(runtime)
    leak = declare(runtime, title="Leak", category="data_leak", severity="SEV-1")
    clock.advance(minutes=1)
    bias = declare(runtime, title="Bias", category="bias_incident", severity="SEV-3")
    incidents.resolve(runtime, ref=bias, actor=SETUP, summary="Recalibrated")
    clock.advance(minutes=1)
    other_leak = declare(runtime, title="Another leak", category="data_leak")
    incidents.triage(runtime, ref=leak, actor=SETUP, commander="casey")

    def refs(query: str) -> list[str]:
        response = client.get(f"/api/v1/incidents?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [i["ref"] for i in response.json()["items"]]

    assert refs("category=data_leak") == [other_leak, leak]
    assert refs("severity=SEV-3") == [bias]
    assert refs("status=resolved") == [bias]
    assert refs("status=open") == [other_leak, leak]
    assert refs("stage=triage") == [leak]
    assert refs("category=data_leak&stage=detect") == [other_leak]
    assert refs("category=vendor_outage") == []


def test_signals_are_filtered_by_inbox_and_incident(runtime, client):
    headers = admin(runtime)
    ref = declare(runtime)
    attached, held = held_signals(runtime, 2)
    signals.attach(runtime, signal_id=attached, ref=ref, actor=SETUP)
    assert [s["id"] for s in client.get("/api/v1/signals?inbox=held", headers=headers).json()["items"]] == [held]
    by_incident = client.get(f"/api/v1/signals?incident={ref}", headers=headers).json()["items"]
    assert [(s["id"], s["inbox"], s["incident"]) for s in by_incident] == [(attached, "attached", ref)]


def test_signals_are_listed_in_pages_with_next_offset(runtime, client):
    headers = admin(runtime)
    held_signals(runtime, 3)
    page = client.get("/api/v1/signals?inbox=held&limit=2", headers=headers).json()
    assert (len(page["items"]), page["limit"], page["offset"], page["next_offset"]) == (2, 2, 0, 2)


@pytest.mark.parametrize("path", ["/api/v1/incidents", "/api/v1/signals"])
def test_an_offset_beyond_a_64_bit_integer_is_refused_with_400(runtime, client, path):
    response = client.get(f"{path}?offset=9223372036854775808", headers=admin(runtime))
    assert_problem(response, 400, "invalid_input")
