"""Errors are problem+json with a stable code: malformed bodies, over-long fields, naive times and rate limits.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from api_helpers import admin, assert_problem, bearer, count_rows, declare

from aicident.signals import service as signals
from aicident.store.tables import incidents as incidents_table


def test_errors_are_problem_json_with_a_stable_code(runtime, client):
    headers = admin(runtime)
    ref = declare(runtime)
    missing = assert_problem(
        client.get("/api/v1/incidents/INC-2026-0099", headers=headers),
        404,
        "not_found",
        "no incident 'INC-2026-0099' (an incident reference such as INC-2026-0001)",
    )
    assert missing["next"] == [{"action": "list_incidents", "label": "list the incidents", "args": {}}]
    assert_problem(client.get("/api/v1/nothing-here", headers=headers), 404, "not_found")
    assert_problem(client.delete("/api/v1/incidents", headers=headers), 405, "method_not_allowed")
    body = assert_problem(
        client.post(f"/api/v1/incidents/{ref}/advance", json={"to": "contain"}, headers=headers),
        409,
        "guard_failed",
        "cannot skip from detect to contain; stages go one at a time (next stage: triage)",
    )
    assert body["guard"] == "order"
    assert body["next"] == [{"action": "advance", "label": "move to triage", "args": {"ref": ref}}]
    assert_problem(
        client.post(
            "/api/v1/customer-reports",
            content=b"what_happened=" + b"x" * 70_000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        413,
        "payload_too_large",
        "the body is 70014 bytes; at most 65536 are accepted",
    )


def test_a_malformed_body_is_400_with_the_reason(runtime, client):
    headers = admin(runtime)
    broken = client.post(
        "/api/v1/incidents", content=b'{"title": "x",', headers={**headers, "Content-Type": "application/json"}
    )
    assert assert_problem(broken, 400, "invalid_input", "14: JSON decode error")["errors"] == [
        {"path": "14", "message": "JSON decode error"}
    ]
    invalid = client.post("/api/v1/incidents", json={"title": "", "colour": "red"}, headers=headers)
    body = assert_problem(
        invalid,
        400,
        "invalid_input",
        "title: String should have at least 1 character; "
        "category: Field required; colour: Extra inputs are not permitted",
    )
    assert body["errors"] == [
        {"path": "title", "message": "String should have at least 1 character"},
        {"path": "category", "message": "Field required"},
        {"path": "colour", "message": "Extra inputs are not permitted"},
    ]
    unknown = client.post("/api/v1/incidents", json={"title": "Refunds", "category": "gremlins"}, headers=headers)
    categories = "hallucination_harm, bias_incident, data_leak, prompt_injection, model_degradation, vendor_outage"
    assert (
        assert_problem(unknown, 400, "invalid_input", f"unknown category 'gremlins' (one of: {categories})")["allowed"]
        == f"one of: {categories}"
    )
    assert_problem(
        client.get("/api/v1/incidents?limit=abc", headers=headers),
        400,
        "invalid_input",
        "query.limit: Input should be a valid integer, unable to parse string as an integer",
    )
    assert count_rows(runtime, incidents_table) == 0


@pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres])], indirect=True
)
@pytest.mark.parametrize(
    "alert",
    [
        {"status": "firing", "labels": {"alertname": "LatencyHigh", "severity": "s" * 65}},
        {"status": "firing", "labels": {"alertname": "LatencyHigh"}, "fingerprint": "f" * 601},
    ],
    ids=["severity label of 65 characters", "fingerprint of 601 characters"],
)
def test_a_delivery_with_an_over_long_alert_field_is_never_answered_with_a_server_error(runtime, client, alert):
    secret = signals.add_integration(runtime, name="prom", format="alertmanager")
    response = client.post(
        "/api/v1/integrations/prom/signals",
        headers=bearer(secret),
        json={"version": "4", "status": "firing", "alerts": [alert]},
    )
    assert response.status_code in (202, 400)  # accepted, or refused as malformed: either way never retried


def test_a_detection_time_without_a_utc_offset_is_refused_with_400(runtime, client):
    response = client.post(
        "/api/v1/incidents",
        json={"title": "Refunds", "category": "hallucination_harm", "detected_at": "2026-11-23T10:00:00"},
        headers=admin(runtime),
    )
    assert_problem(response, 400, "invalid_input")


def test_the_public_report_endpoint_answers_429_with_retry_after_beyond_ten_reports_a_minute(client):
    answers = [
        client.post("/api/v1/customer-reports", json={"what_happened": f"Report {n}"}).status_code for n in range(10)
    ]
    assert answers == [202] * 10
    refused = client.post("/api/v1/customer-reports", json={"what_happened": "One too many"})
    assert_problem(refused, 429, "rate_limited")
    # Ten a minute: the next token comes 6 s after the first report, less the time the ten took (a slow run: 5).
    assert refused.headers["Retry-After"] in ("5", "6")
