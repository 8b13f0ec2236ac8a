"""The HTTP service, end to end through the ASGI app: sign-in, one test per plan permission, problem+json errors,
If-Match, Idempotency-Key, pagination and filters, the OpenAPI document, health and metrics, people and tokens.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from people_helpers import register_people
from sqlalchemy import func, insert, select

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.auth.model import token_hash
from aicident.comms import service as comms
from aicident.containment import service as containment
from aicident.incidents import service as incidents
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.loader import default_plan
from aicident.plan.schema import ACTIONS, CONTAINMENT_PERMISSIONS, Feature
from aicident.reports import service as reports
from aicident.runtime import Runtime, build_runtime
from aicident.settings import Settings
from aicident.signals import service as signals
from aicident.signals.formats import FORMATS
from aicident.store.tables import api_tokens, idempotency_keys
from aicident.store.tables import incidents as incidents_table

PLAN = default_plan()
PROBLEM = "application/problem+json"
SETUP = "setup"  # who prepares incidents in the tests: the local operator, who may do anything
NAMED = ("casey", "ana")  # the commander and review attendees the prepared incidents name: registered people
TOKEN_ADVICE = "(a personal token that is current)"
ROLE_ADVICE = "(hold that role on the incident (assign) or in your profile (people roles))"


# --- helpers ------------------------------------------------------------------------------------------------


@pytest.fixture
def client(runtime):
    with TestClient(create_app(runtime)) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(rt: Runtime, handle: str, roles=(), *, admin: bool = False) -> dict[str, str]:
    """Add a person and answer the headers that sign in as them."""
    auth.add_person(rt, handle=handle, roles=list(roles), admin=admin)
    return bearer(auth.create_token(rt, handle=handle).token)


def admin(rt: Runtime) -> dict[str, str]:
    return signed_in(rt, "admin", PLAN.role_ids(), admin=True)


def declare(rt: Runtime, **fields) -> str:
    register_people(rt, *NAMED)
    fields = {
        "title": "Chatbot promised refunds",
        "category": "hallucination_harm",
        "source": "customer_report",
        **fields,
    }
    return incidents.declare(rt, actor=SETUP, **fields).ref


WALK = ("triaged", "contained", "diagnosed", "resolved", "communicated", "documented", "reviewed")


def walked(rt: Runtime, until: str) -> str:
    """A SEV-4 incident taken through the workflow up to and including `until`."""
    ref = declare(rt)
    steps: dict[str, Callable[[], object]] = {
        "triaged": lambda: incidents.triage(rt, ref=ref, actor=SETUP, severity="SEV-4", commander="casey"),
        "contained": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            incidents.contain(rt, ref=ref, actor=SETUP, action="Disabled the refunds answer"),
        ),
        "diagnosed": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            incidents.diagnose(
                rt, ref=ref, actor=SETUP, layer="prompt", description="The refusal rule was dropped from the prompt"
            ),
        ),
        "resolved": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            incidents.resolve(rt, ref=ref, actor=SETUP, summary="Restored the prompt"),
        ),
        "communicated": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            incidents.communicate(
                rt, ref=ref, actor=SETUP, audience="internal", summary="Summary posted in #incidents"
            ),
        ),
        "documented": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            incidents.document(rt, ref=ref, actor=SETUP, location="https://wiki.example.com/postmortems/x"),
        ),
        "reviewed": lambda: (
            incidents.advance(rt, ref=ref, actor=SETUP),
            reports.review(
                rt, ref=ref, actor=SETUP, attendees=["casey"], summary="Add a refusal eval to the release gate"
            ),
        ),
    }
    for step in WALK[: WALK.index(until) + 1]:
        steps[step]()
    return ref


def alert_group(*alertnames: str) -> dict:
    """An Alertmanager webhook whose alerts name no aicident_category, so the plan holds them in the inbox."""
    return {
        "version": "4",
        "status": "firing",
        "receiver": "aicident",
        "alerts": [{"status": "firing", "labels": {"alertname": name}, "annotations": {}} for name in alertnames],
    }


def held_signals(rt: Runtime, count: int) -> list[str]:
    secret = signals.add_integration(rt, name="alerts", format="alertmanager")
    body = json.dumps(alert_group(*(f"Alert{i}" for i in range(count)))).encode()
    delivery = FORMATS["alertmanager"].parse(body, {})
    outcome = signals.ingest(rt, integration=signals.integration_for_secret(rt, secret=secret), delivery=delivery)
    assert [(s["result"], s["incident"]) for s in outcome.signals] == [("new", None)] * count
    return [s["signal"] for s in outcome.signals]


def last_entry(rt: Runtime, ref: str) -> tuple[str, str]:
    entry = incidents.get(rt, ref=ref).log[-1]
    return str(entry.type), entry.actor


def state(rt: Runtime, ref: str) -> tuple[int, int]:
    """What must not move when a change is refused: the incident's version and its log length."""
    view = incidents.get(rt, ref=ref)
    return view.incident.version, len(view.log)


def assert_problem(response, status: int, code: str, detail: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"urn:aicident:problem:{code}"
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["title"], str) and body["title"]
    if detail is not None:
        assert body["detail"] == detail
    return body


def contains(answer, expected) -> bool:
    """`expected` is part of `answer`: dictionaries key by key and lists item by item (recursively), anything
    else exactly."""
    if isinstance(expected, dict):
        return isinstance(answer, dict) and all(k in answer and contains(answer[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (
            isinstance(answer, list)
            and len(answer) == len(expected)
            and all(contains(a, e) for a, e in zip(answer, expected, strict=True))
        )
    return answer == expected


# --- 1. sign-in ---------------------------------------------------------------------------------------------

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


# --- 2. permissions: one test per action of the plan's [permissions] table ---------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict | None
    status: int  # the answer's status when the action is allowed
    answer: dict  # part of the answer when the action is allowed
    incident: str | None = None  # the incident the action changes: the role may be held on it
    entry: str | None = None  # the log entry the action leaves, with the acting person as its actor


@dataclass(frozen=True)
class Scenario:
    prepare: Callable[[Runtime], list[Call]]
    refusal: str | None  # what a person without a granted role is told after "<handle> may not "
    on_incident: bool = True  # whether a role held on the incident grants it


def _incident_call(path: str, body: dict | None, answer: dict, entry: str, until: str | None = None):
    def prepare(rt: Runtime) -> list[Call]:
        ref = walked(rt, until) if until else declare(rt)
        return [Call("POST", f"/api/v1/incidents/{ref}/{path}", body, 200, answer, ref, entry)]

    return prepare


def _declare(rt: Runtime) -> list[Call]:
    body = {"title": "Chatbot promised refunds", "category": "hallucination_harm", "severity": "SEV-2"}
    return [
        Call(
            "POST",
            "/api/v1/incidents",
            body,
            201,
            {"ref": "INC-2026-0001", "stage": "detect", "severity": "SEV-2", "status": "open"},
            "INC-2026-0001",
            "severity_change",
        )
    ]


def _severity(rt: Runtime) -> list[Call]:
    ref = declare(rt, severity="SEV-3")
    return [
        Call(
            "POST",
            f"/api/v1/incidents/{ref}/severity",
            {"severity": "SEV-2", "reason": "More customers affected", "direction": "escalate"},
            200,
            {"severity": "SEV-2"},
            ref,
            "severity_change",
        )
    ]


def _signals(rt: Runtime) -> list[Call]:
    ref = declare(rt)
    attach, declare_from, dismiss = held_signals(rt, 3)
    return [
        Call("POST", f"/api/v1/signals/{attach}/attach", {"incident": ref}, 200, {"incident": ref}, ref, "signal"),
        Call(
            "POST",
            f"/api/v1/signals/{declare_from}/declare",
            {"category": "model_degradation", "severity": "SEV-3"},
            201,
            {"incident": "INC-2026-0002"},
            "INC-2026-0002",
            "signal",
        ),
        Call("POST", f"/api/v1/signals/{dismiss}/dismiss", {"reason": "A load test"}, 200, {"dismissed": dismiss}),
    ]


def _control(rt: Runtime) -> list[Call]:
    containment.register_feature(rt, feature=Feature(name="support_chat"), actor=SETUP)
    ref = declare(rt)
    return [
        Call(
            "POST",
            "/api/v1/controls/support_chat/changes",
            {"changes": {"enabled": False}, "reason": "It promises refunds", "incident": ref},
            201,
            {"state": "applied", "controls": {"enabled": False}},
            ref,
            "containment_action",
        )
    ]


def _approve_control(rt: Runtime) -> list[Call]:
    containment.register_feature(rt, feature=Feature(name="support_chat", customer_facing=True), actor=SETUP)
    ref = declare(rt, severity="SEV-3")
    pending = containment.change(
        rt, feature="support_chat", changes={"enabled": False}, reason="Refund promises", incident=ref, actor=SETUP
    ).change
    return [
        Call(
            "POST",
            f"/api/v1/control-changes/{pending.id}/approve",
            None,
            200,
            {"state": "applied", "controls": {"enabled": False}},
            ref,
            "containment_action",
        )
    ]


def _verify(rt: Runtime) -> list[Call]:
    declare(rt)
    return [Call("POST", "/api/v1/verify", None, 200, {"incidents_checked": 1, "ok": True, "breaks": []})]


SCENARIOS: dict[str, Scenario] = {
    "declare": Scenario(_declare, None, on_incident=False),
    "log": Scenario(
        _incident_call(
            "log",
            {"type": "evidence", "text": "Screenshot of the answer", "link": "https://example.com/answer.png"},
            {"version": 2},
            "evidence",
        ),
        None,
    ),
    "triage": Scenario(
        _incident_call(
            "triage",
            {"severity": "SEV-2", "commander": "casey"},
            {"stage": "triage", "severity": "SEV-2", "roles": {"incident_commander": "casey"}},
            "role_change",
        ),
        "triage: the plan grants it to Incident Commander",
    ),
    "severity": Scenario(_severity, "change the severity: the plan grants it to Incident Commander"),
    "assign": Scenario(
        _incident_call("roles", {"role": "ai_lead", "person": "ana"}, {"roles": {"ai_lead": "ana"}}, "role_change"),
        "assign roles: the plan grants it to Incident Commander",
    ),
    "stage": Scenario(
        _incident_call("advance", {}, {"stage": "contain"}, "stage_change", until="triaged"),
        "move the incident between stages: the plan grants it to Incident Commander",
    ),
    "facts": Scenario(
        _incident_call(
            "facts",
            {"customers_affected": 12, "personal_data_involved": True, "reason": "Support tickets"},
            {"facts": {"customers_affected": 12, "personal_data_involved": True}},
            "fact_change",
        ),
        "record incident facts: the plan grants it to Incident Commander or Legal Lead or Customer Trust",
    ),
    "contain": Scenario(
        _incident_call(
            "containment",
            {"action": "Disabled the refunds answer via its kill switch"},
            {"timestamps": {"contained_at": "2026-11-23T14:00:00+00:00"}},
            "containment_action",
        ),
        "record containment: the plan grants it to Incident Commander or AI Lead",
    ),
    "diagnose": Scenario(
        _incident_call(
            "root-cause",
            {"layer": "prompt", "description": "The refusal rule was dropped"},
            {"root_cause": {"layer": "prompt", "description": "The refusal rule was dropped"}},
            "root_cause",
        ),
        "record the root cause: the plan grants it to AI Lead",
    ),
    "resolve": Scenario(
        _incident_call(
            "resolve",
            {"summary": "Restored the prompt and re-ran the eval"},
            {"status": "resolved", "resolution": "Restored the prompt and re-ran the eval"},
            "resolution",
        ),
        "resolve: the plan grants it to Incident Commander or AI Lead",
    ),
    "communicate": Scenario(
        _incident_call(
            "communications",
            {"audience": "internal", "summary": "Posted in #incidents", "channel": "chat"},
            {
                "obligations": [
                    {
                        "key": "internal",
                        "audience": "internal",
                        "label": "Owning team only",
                        "state": "met",
                        "waiver": None,
                    }
                ]
            },
            "communication",
            until="triaged",
        ),
        "communicate: the plan grants it to Comms Lead or Incident Commander",
    ),
    "document": Scenario(
        _incident_call(
            "report",
            {"link": "https://wiki.example.com/refunds-incident"},
            {"report": {"location": "https://wiki.example.com/refunds-incident"}},
            "report",
        ),
        "record the report: the plan grants it to Incident Commander",
    ),
    "review": Scenario(
        _incident_call(
            "review",
            {"attendees": ["casey", "ana"], "summary": "Add a refusal eval"},
            {"review": {"attendees": ["casey", "ana"], "summary": "Add a refusal eval"}},
            "review",
        ),
        "record the review: the plan grants it to Incident Commander",
    ),
    "close": Scenario(
        _incident_call(
            "close",
            None,
            {"status": "closed", "timestamps": {"closed_at": "2026-11-23T14:00:00+00:00"}},
            "closed",
            until="reviewed",
        ),
        "close: the plan grants it to Incident Commander",
    ),
    "reopen": Scenario(
        _incident_call(
            "reopen",
            {"reason": "The refunds promise is back"},
            {"status": "open", "stage": "triage", "resolution": None},
            "reopened",
            until="resolved",
        ),
        "reopen: the plan grants it to Incident Commander",
    ),
    "signals": Scenario(_signals, "triage signals: the plan grants it to Incident Commander", on_incident=False),
    "verify": Scenario(_verify, None, on_incident=False),
    "control": Scenario(
        _control, "change the controls of AI features: the plan grants it to Incident Commander or AI Lead"
    ),
    "approve_control": Scenario(
        _approve_control, "approve control changes: the plan grants it to Incident Commander or Executive Sponsor"
    ),
}

# Approvals are not plan actions: the matrix cell or regulatory clock names the roles that approve each draft
# (tests/integration/test_comms.py).
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
    before = {ref: state(runtime, ref) for ref in {c.incident for c in calls} if ref and _exists(runtime, ref)}
    held = [s["id"] for s in signals.list_signals(runtime, inbox="held")]
    for call in calls:
        response = client.request(call.method, call.path, json=call.body, headers=headers)
        body = assert_problem(response, 403, "forbidden", f"pat may not {scenario.refusal} {ROLE_ADVICE}")
        assert body["action"] == action
        assert body["required_roles"] == _granted(action)
    assert {ref: state(runtime, ref) for ref in before} == before
    assert [s["id"] for s in signals.list_signals(runtime, inbox="held")] == held
    assert _count(runtime, incidents_table) == len(before)


def _exists(rt: Runtime, ref: str) -> bool:
    with rt.engine.connect() as connection:
        return connection.execute(select(incidents_table.c.id).where(incidents_table.c.ref == ref)).first() is not None


def _count(rt: Runtime, table) -> int:
    with rt.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar()


# --- 3. errors are problem+json with a stable code -------------------------------------------------------------


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
    assert _count(runtime, incidents_table) == 0


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
    assert refused.headers["Retry-After"] == "6"


# --- 4. If-Match --------------------------------------------------------------------------------------------


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


# --- 5. Idempotency-Key -------------------------------------------------------------------------------------

DECLARATION = json.dumps({"title": "Chatbot promised refunds", "category": "hallucination_harm"}).encode()


def _post_declaration(client, headers, key: str, body: bytes = DECLARATION):
    return client.post(
        "/api/v1/incidents",
        content=body,
        headers={**headers, "Content-Type": "application/json", "Idempotency-Key": key},
    )


def test_the_same_key_and_body_replay_the_stored_response_and_declare_once(runtime, client):
    headers = admin(runtime)
    first = _post_declaration(client, headers, "declare-refunds-1")
    again = _post_declaration(client, headers, "declare-refunds-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (again.headers["Location"], again.headers["ETag"]) == ("/api/v1/incidents/INC-2026-0001", '"1"')
    assert _count(runtime, incidents_table) == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (DECLARATION, "application/json"),
        (json.dumps({"title": "Refunds", "category": "gremlins"}).encode(), PROBLEM),
    ],
    ids=["created", "refused"],
)
def test_a_replayed_response_keeps_its_content_type(runtime, client, body, content_type):
    headers = admin(runtime)
    first = _post_declaration(client, headers, "k", body)
    again = _post_declaration(client, headers, "k", body)
    assert first.headers["content-type"] == content_type
    assert again.headers.get("content-type") == content_type


def test_the_same_key_with_another_body_is_refused_with_422(runtime, client):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "declare-refunds-1").status_code == 201
    other = json.dumps({"title": "Chatbot leaked a prompt", "category": "data_leak"}).encode()
    refused = assert_problem(
        _post_declaration(client, headers, "declare-refunds-1", other), 422, "idempotency_conflict"
    )
    assert (refused["title"], refused["allowed"]) == (
        "this Idempotency-Key was used with a different request",
        "a new key for a new request",
    )
    assert _count(runtime, incidents_table) == 1


def test_a_key_still_in_flight_is_refused_with_409_until_it_expires_after_five_minutes(runtime, client, clock):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "learn-the-hashes").status_code == 201
    with runtime.engine.begin() as connection:
        done = connection.execute(select(idempotency_keys)).one()
        connection.execute(
            insert(idempotency_keys).values(
                principal=done.principal,
                key="in-flight",
                request_hash=done.request_hash,
                state="in_flight",
                created_at=clock(),
            )
        )
    refused = assert_problem(_post_declaration(client, headers, "in-flight"), 409, "idempotency_in_flight")
    assert refused["title"] == "a request with this Idempotency-Key is still being processed"
    clock.advance(minutes=5)
    assert _post_declaration(client, headers, "in-flight").status_code == 409
    assert _count(runtime, incidents_table) == 1
    clock.advance(seconds=1)  # a request that died before storing its answer must not block its key forever
    retried = _post_declaration(client, headers, "in-flight")
    assert (retried.status_code, retried.json()["ref"]) == (201, "INC-2026-0002")


def test_keys_belong_to_one_client_and_a_refusal_is_replayed_too(runtime, client):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "k").status_code == 201
    other_person = signed_in(runtime, "pat", [])
    assert _post_declaration(client, other_person, "k").json()["ref"] == "INC-2026-0002"
    bad = json.dumps({"title": "Refunds", "category": "gremlins"}).encode()
    first = _post_declaration(client, headers, "bad", bad)
    again = _post_declaration(client, headers, "bad", bad)
    assert (first.status_code, again.status_code) == (400, 400)
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"


def test_an_idempotency_key_longer_than_255_characters_is_refused_with_400(runtime, client):
    assert_problem(_post_declaration(client, admin(runtime), "k" * 256), 400, "invalid_input")
    assert _count(runtime, incidents_table) == 0


# --- 6. lists: paginated and filterable ---------------------------------------------------------------------


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


# --- 7. the OpenAPI document ------------------------------------------------------------------------------


def test_openapi_json_is_openapi_3_1_and_lists_the_incident_signal_and_people_endpoints(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "aicident"
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    incident_actions = [
        "triage",
        "severity",
        "roles",
        "advance",
        "facts",
        "containment",
        "root-cause",
        "resolve",
        "communications",
        "report",
        "review",
        "close",
        "reopen",
        "log",
    ]
    expected = {
        ("GET", "/api/v1/incidents"),
        ("POST", "/api/v1/incidents"),
        ("GET", "/api/v1/incidents/{ref}"),
        ("GET", "/api/v1/incidents/{ref}/log"),
        ("GET", "/api/v1/incidents/{ref}/deadlines"),
        ("GET", "/api/v1/incidents/{ref}/report"),
        ("POST", "/api/v1/verify"),
        *{("POST", f"/api/v1/incidents/{{ref}}/{action}") for action in incident_actions},
        ("GET", "/api/v1/signals"),
        ("POST", "/api/v1/signals/{signal_id}/attach"),
        ("POST", "/api/v1/signals/{signal_id}/declare"),
        ("POST", "/api/v1/signals/{signal_id}/dismiss"),
        ("GET", "/api/v1/integrations"),
        ("POST", "/api/v1/integrations"),
        ("POST", "/api/v1/integrations/{name}/signals"),
        ("POST", "/api/v1/hooks/{secret}"),
        ("POST", "/v2/enqueue"),
        ("POST", "/api/v1/events"),
        ("POST", "/api/v1/customer-reports"),
        ("GET", "/report"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/people"),
        ("POST", "/api/v1/people"),
        ("PUT", "/api/v1/people/{handle}/roles"),
        ("POST", "/api/v1/people/{handle}/tokens"),
        ("GET", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/{token_id}"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
    }
    assert expected - documented == set()
    declare_body = document["paths"]["/api/v1/incidents"]["post"]["requestBody"]["content"]["application/json"]
    assert declare_body["schema"] == {"$ref": "#/components/schemas/DeclareIn"}
    assert document["components"]["schemas"]["DeclareIn"]["required"] == ["title", "category"]


# --- 8. health and metrics ------------------------------------------------------------------------------------


def test_readyz_answers_200_when_the_database_is_reachable_and_migrated(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})


def test_readyz_answers_503_when_the_schema_is_not_migrated(database_url, tmp_path, clock):
    settings = Settings(data_dir=tmp_path, database_url=database_url, plan_file=None, actor="tester")
    rt = build_runtime(settings, clock=clock, run_migrations=False)
    try:
        with TestClient(create_app(rt)) as unmigrated:
            response = unmigrated.get("/readyz")
    finally:
        rt.engine.dispose()
    assert_problem(response, 503, "not_ready", "restart the service: it migrates the database when it starts")
    assert response.json()["title"] == "the database schema is not at the newest migration"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path, clock, kind):
    url = (
        f"sqlite:///{tmp_path}"
        if kind == "sqlite"  # a directory is no database file
        else f"postgresql+psycopg://aicident@127.0.0.1:{_closed_port()}/aicident"
    )
    rt = build_runtime(
        Settings(data_dir=tmp_path, database_url=url, plan_file=None, actor="tester"), clock=clock, run_migrations=False
    )
    try:
        with TestClient(create_app(rt)) as unreachable:
            response = unreachable.get("/readyz")
    finally:
        rt.engine.dispose()
    assert_problem(response, 503, "not_ready")
    assert response.json()["title"] == "the database is unreachable"


def _samples(text: str) -> dict[str, str]:
    """Prometheus text exposition -> {metric{labels}: value} for every sample line."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = value
    return samples


def test_metrics_are_prometheus_text_with_open_incidents_overdue_deadlines_and_signal_counters(runtime, client, clock):
    declare(runtime, severity="SEV-2")  # the SEV-2 response is due within the hour
    declare(runtime, category="data_leak")
    secret = signals.add_integration(runtime, name="prom", format="alertmanager")
    delivered = client.post(
        "/api/v1/integrations/prom/signals", json=alert_group("LatencyHigh", "ErrorsHigh"), headers=bearer(secret)
    )
    assert delivered.status_code == 202
    assert (
        client.post(
            "/api/v1/integrations/prom/signals", json=alert_group("LatencyHigh"), headers=bearer(secret)
        ).status_code
        == 202
    )
    malformed = client.post("/api/v1/integrations/prom/signals", json={"version": "3"}, headers=bearer(secret))
    assert malformed.status_code == 400
    clock.advance(hours=2)

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE aicident_open_incidents gauge" in response.text.splitlines()
    assert "# TYPE aicident_overdue_deadlines gauge" in response.text.splitlines()
    assert "# TYPE aicident_signals_total counter" in response.text.splitlines()
    families = ("aicident_open_incidents", "aicident_overdue_deadlines", "aicident_signals_")
    assert {name: value for name, value in _samples(response.text).items() if name.startswith(families)} == {
        'aicident_open_incidents{severity="SEV-2",stage="detect"}': "1",
        'aicident_open_incidents{severity="none",stage="detect"}': "1",
        "aicident_overdue_deadlines": "2",
        'aicident_signals_total{result="new",source="alertmanager"}': "2",
        'aicident_signals_total{result="deduplicated",source="alertmanager"}': "1",
        'aicident_signals_rejected_total{source="alertmanager"}': "1",
    }


# --- 9. people and tokens over the API ------------------------------------------------------------------------


def test_an_administrator_adds_a_person_and_issues_a_token_shown_once_and_stored_only_as_its_hash(runtime, client):
    headers = admin(runtime)
    added = client.post(
        "/api/v1/people",
        json={"handle": "Dana", "name": "Dana Diaz", "email": "dana@example.com", "roles": ["ai_lead"]},
        headers=headers,
    )
    assert (added.status_code, added.json()) == (
        201,
        {
            "handle": "dana",
            "name": "Dana Diaz",
            "email": "dana@example.com",
            "chat": "",
            "roles": ["ai_lead"],
            "admin": False,
            "disabled": False,
        },
    )

    issued = client.post("/api/v1/people/dana/tokens", json={"name": "laptop", "expires_in_days": 30}, headers=headers)
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert re.fullmatch(r"aic_[A-Za-z0-9_-]{43}", token)
    assert set(issued.json()) == {"id", "handle", "token", "expires_at"}
    assert (issued.json()["handle"], issued.json()["expires_at"]) == ("dana", "2026-12-23T14:00:00+00:00")
    assert client.get("/api/v1/me", headers=bearer(token)).json() == {
        "handle": "dana",
        "name": "Dana Diaz",
        "roles": ["ai_lead"],
        "admin": False,
    }

    with runtime.engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(api_tokens))]
    assert [row["token_hash"] for row in rows if row["id"] == issued.json()["id"]] == [
        hashlib.sha256(token.encode()).hexdigest()
    ]
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert not [value for row in rows for value in row.values() if isinstance(value, str) and token in value]
    assert not [value for row in rows for value in row.values() if isinstance(value, str) and value.startswith("aic_")]


def test_tokens_are_listed_without_their_secrets_and_a_revoked_one_stops_working(runtime, client):
    headers = admin(runtime)
    auth.add_person(runtime, handle="dana", roles=["ai_lead"])
    issued = client.post("/api/v1/people/dana/tokens", json={"name": "laptop"}, headers=headers).json()

    listing = client.get("/api/v1/tokens", headers=headers)
    assert listing.status_code == 200
    assert issued["token"] not in listing.text
    assert issued["token"][4:] not in listing.text
    assert token_hash(issued["token"]) not in listing.text
    dana = [t for t in listing.json() if t["handle"] == "dana"]
    assert dana == [
        {
            "id": issued["id"],
            "handle": "dana",
            "name": "laptop",
            "created_at": "2026-11-23T14:00:00+00:00",
            "expires_at": "2027-02-21T14:00:00+00:00",
            "state": "active",
        }
    ]
    assert {tuple(sorted(t)) for t in listing.json()} == {("created_at", "expires_at", "handle", "id", "name", "state")}
    assert client.get("/api/v1/tokens", headers=bearer(issued["token"])).json() == dana  # her own only

    revoked = client.delete(f"/api/v1/tokens/{issued['id']}", headers=headers)
    assert (revoked.status_code, revoked.content) == (204, b"")
    assert_problem(client.get("/api/v1/me", headers=bearer(issued["token"])), 401, "unauthorized")
    assert [t["state"] for t in client.get("/api/v1/tokens", headers=headers).json() if t["handle"] == "dana"] == [
        "revoked"
    ]
    assert_problem(client.delete(f"/api/v1/tokens/{issued['id']}", headers=headers), 404, "not_found")


def test_a_person_who_is_not_an_administrator_cannot_add_people_or_manage_others_tokens(runtime, client):
    admin_headers = admin(runtime)
    commander = signed_in(runtime, "casey", PLAN.role_ids())  # every plan role, but no administrator
    assert_problem(
        client.post("/api/v1/people", json={"handle": "eve", "roles": ["incident_commander"]}, headers=commander),
        403,
        "forbidden",
        "casey may not manage people and tokens (an administrator may)",
    )
    assert [p["handle"] for p in auth.list_people(runtime)] == ["admin", "casey"]
    assert_problem(
        client.post("/api/v1/people/admin/tokens", json={}, headers=commander),
        403,
        "forbidden",
        "casey may not manage people and tokens (an administrator may)",
    )
    assert_problem(
        client.put("/api/v1/people/casey/roles", json={"roles": ["executive_sponsor"]}, headers=commander),
        403,
        "forbidden",
    )
    assert_problem(
        client.post("/api/v1/integrations", json={"name": "prom", "format": "alertmanager"}, headers=commander),
        403,
        "forbidden",
        "casey may not add integrations (an administrator may)",
    )
    admins_token = auth.list_tokens(runtime, handle="admin")[0]["id"]
    assert_problem(
        client.delete(f"/api/v1/tokens/{admins_token}", headers=commander),
        403,
        "forbidden",
        "you may revoke only your own tokens (an administrator may revoke any)",
    )
    own = client.post("/api/v1/people/casey/tokens", json={"name": "second"}, headers=commander)
    assert (own.status_code, own.json()["handle"]) == (201, "casey")
    assert client.get("/api/v1/me", headers=admin_headers).json()["admin"] is True


def test_setting_roles_for_a_handle_with_a_trailing_space_answers_the_person(runtime, client):
    headers = admin(runtime)
    auth.add_person(runtime, handle="dana", roles=["ai_lead"])
    response = client.put("/api/v1/people/dana%20/roles", json={"roles": ["comms_lead"]}, headers=headers)
    assert (response.status_code, response.json()["roles"]) == (200, ["comms_lead"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/people", {"handle": "dana", "email": "d" * 321}),
        ("/api/v1/people/admin/tokens", {"name": "n" * 201}),
        ("/api/v1/integrations", {"name": "i" * 101, "format": "alertmanager"}),
    ],
    ids=["person email", "token name", "integration name"],
)
def test_a_value_longer_than_its_column_is_refused_with_400(runtime, client, path, body):
    assert_problem(client.post(path, json=body, headers=admin(runtime)), 400, "invalid_input")


def test_a_refused_sign_in_says_how_to_sign_in(runtime, client):
    refused = client.get("/api/v1/incidents")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer realm="aicident"'
