"""Signing in to the HTTP API: which endpoints need a personal token, which an integration's secret, which none.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import re

import pytest
from api_helpers import (
    PLAN,
    PROBLEM,
    SETUP,
    TOKEN_ADVICE,
    admin,
    alert_group,
    assert_problem,
    bearer,
    declare,
    held_signals,
    state,
)

from aicident.auth import service as auth
from aicident.comms import service as comms
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.reports import service as reports
from aicident.runtime import Runtime
from aicident.signals import service as signals

# Endpoints anyone may call: health, the public customer report, and signal and event ingestion (integration
# secrets).
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("GET", "/report"),
    ("POST", "/api/v1/customer-reports"),
    ("POST", "/api/v1/integrations/{name}/signals"),
    ("POST", "/api/v1/hooks/{secret}"),
    ("POST", "/v2/enqueue"),
    ("POST", "/api/v1/events"),
    # what AI applications read with their events integration's secret (or a person's token)
    ("GET", "/api/v1/controls"),
    ("GET", "/api/v1/controls/stream"),
    ("GET", "/api/v1/controls/flagd"),
    ("GET", "/api/v1/controls/{feature}"),
}


def api_routes(app) -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation the app documents in its OpenAPI document."""
    return sorted((method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item)


def _credentials(kind: str, rt: Runtime, clock) -> dict[str, str]:
    """Credentials of the given kind, all of them for an administrator holding every role."""
    auth.add_person(rt, handle="dana", roles=PLAN.role_ids(), admin=True)
    if kind == "none":
        return {}
    if kind == "not a bearer token":
        return {"Authorization": f"Basic {auth.create_token(rt, handle='dana').token}"}
    if kind == "unknown token":
        return bearer("aic_" + "x" * 43)
    if kind == "expired token":
        token = auth.create_token(rt, handle="dana", expires_in_days=1).token
        clock.advance(days=1)
        return bearer(token)
    if kind == "revoked token":
        issued = auth.create_token(rt, handle="dana")
        auth.revoke_token(rt, token_id=issued.id)
        return bearer(issued.token)
    raise AssertionError(kind)


def queued_message(rt: Runtime) -> str:
    with rt.uow() as uow:
        enqueue(
            uow,
            Message(id="m-1", channel="email", to=("a@example.com",), subject="s", text="t", kind="reminder"),
            now=rt.clock(),
        )
    return "m-1"


@pytest.mark.parametrize("kind", ["none", "not a bearer token", "unknown token", "expired token", "revoked token"])
def test_every_endpoint_but_the_public_ones_refuses_a_request_without_a_valid_token(runtime, client, clock, kind):
    ref = declare(runtime, severity="SEV-4")  # a severity brings an obligation to draft for
    [signal_id] = held_signals(runtime, 1)
    headers = _credentials(kind, runtime, clock)
    values = {
        "ref": ref,
        "signal_id": signal_id,
        "handle": "dana",
        "version": runtime.plan_version,
        "token_id": auth.create_token(runtime, handle="dana").id,  # real objects: a 404 would be a leak
        "item_id": reports.add_follow_up(
            runtime, ref=ref, actor=SETUP, text="Add an eval", owner="dana", due="2026-12-01"
        ).id,
        "message_id": queued_message(runtime),
        "draft_id": comms.create_draft(runtime, ref=ref, obligation="internal", actor=SETUP)["id"],
        "feature": "support_chat",
        "change_id": "00000000-0000-0000-0000-000000000000",
        "name": "alerts",  # the integration held_signals added
    }
    detail = (
        "this endpoint needs a token (send `Authorization: Bearer aic_...`)"
        if kind in ("none", "not a bearer token")
        else f"the token is unknown, expired or revoked {TOKEN_ADVICE}"
    )
    answers = {}
    protected = [(m, p) for m, p in api_routes(client.app) if (m, p) not in PUBLIC]
    for method, path in protected:
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        response = client.request(method, url, headers=headers, json={} if method in ("POST", "PUT") else None)
        answers[method, path] = (
            response.status_code,
            response.headers.get("content-type"),
            response.json().get("code"),
            response.json().get("detail"),
        )
    assert len(protected) >= 30 and set(api_routes(client.app)) >= PUBLIC
    assert answers == {route: (401, PROBLEM, "unauthorized", detail) for route in protected}
    assert state(runtime, ref) == (3, 4)  # nothing was done to the incident beyond the severity, draft and item


def test_a_token_works_until_the_moment_it_expires(runtime, client, clock):
    auth.add_person(runtime, handle="dana", roles=["ai_lead"])
    token = auth.create_token(runtime, handle="dana", expires_in_days=1).token
    clock.advance(hours=23, minutes=59, seconds=59)
    assert client.get("/api/v1/me", headers=bearer(token)).json() == {
        "handle": "dana",
        "name": "dana",
        "roles": ["ai_lead"],
        "admin": False,
    }
    clock.advance(seconds=1)
    assert_problem(
        client.get("/api/v1/me", headers=bearer(token)),
        401,
        "unauthorized",
        f"the token is unknown, expired or revoked {TOKEN_ADVICE}",
    )


def test_health_the_report_form_and_customer_reports_need_no_token(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    form = client.get("/report")
    assert (form.status_code, form.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert '<form method="post" action="/api/v1/customer-reports">' in form.text
    report = client.post("/api/v1/customer-reports", json={"what_happened": "The bot invented a refund policy"})
    assert report.status_code == 202
    assert report.json()["status"] == "received"
    assert re.fullmatch(r"CR-[0-9A-F]{8}", report.json()["reference"])


def test_signal_ingestion_takes_an_integration_secret_and_not_a_persons_token(runtime, client):
    person = admin(runtime)
    secret = signals.add_integration(runtime, name="prom", format="alertmanager")
    pager_key = signals.add_integration(runtime, name="pd", format="pagerduty")
    body = alert_group("LatencyHigh")

    assert client.post("/api/v1/integrations/prom/signals", json=body, headers=bearer(secret)).status_code == 202
    assert (
        client.post("/api/v1/integrations/prom/signals", json=body, headers={"X-Aicident-Token": secret}).status_code
        == 202
    )
    assert client.post(f"/api/v1/hooks/{secret}", json=body).status_code == 202
    event = {
        "routing_key": pager_key,
        "event_action": "trigger",
        "payload": {"summary": "Model error rate high", "source": "llm-gateway", "severity": "error"},
    }
    assert client.post("/v2/enqueue", json=event).status_code == 202

    assert_problem(
        client.post("/api/v1/integrations/prom/signals", json=body, headers=person),
        401,
        "unauthorized",
        "unknown or disabled integration secret (the secret printed when the integration was added or last rotated)",
    )
    assert_problem(client.post("/api/v1/integrations/prom/signals", json=body), 401, "unauthorized")
