"""What the HTTP API tests share: signing in, prepared incidents and signals, and how a problem+json answer is
checked."""

from __future__ import annotations

import json
from collections.abc import Callable

import factories
from sqlalchemy import func, select

from aicident.auth import service as auth
from aicident.incidents import service as incidents
from aicident.plan.loader import default_plan
from aicident.reports import service as reports
from aicident.runtime import Runtime
from aicident.signals import service as signals
from aicident.signals.formats import FORMATS
from aicident.store.tables import incidents as incidents_table

PLAN = default_plan()
PROBLEM = "application/problem+json"
SETUP = "setup"  # who prepares incidents in the tests: the local operator, who may do anything
NAMED = ("casey", "ana")  # the commander and review attendees the prepared incidents name: registered people
TOKEN_ADVICE = "(a personal token that is current)"
ROLE_ADVICE = "(hold that role on the incident (assign) or in your profile (people roles))"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(rt: Runtime, handle: str, roles=(), *, admin: bool = False) -> dict[str, str]:
    """Add a person and answer the headers that sign in as them."""
    auth.add_person(rt, handle=handle, roles=list(roles), admin=admin)
    return bearer(auth.create_token(rt, handle=handle).token)


def admin(rt: Runtime) -> dict[str, str]:
    return signed_in(rt, "admin", PLAN.role_ids(), admin=True)


def declare(rt: Runtime, **fields) -> str:
    return factories.declare(rt, people=NAMED, actor=SETUP, **fields)


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


def incident_exists(rt: Runtime, ref: str) -> bool:
    with rt.engine.connect() as connection:
        return connection.execute(select(incidents_table.c.id).where(incidents_table.c.ref == ref)).first() is not None


def count_rows(rt: Runtime, table) -> int:
    with rt.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar()
