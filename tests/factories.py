"""The one way tests make an incident, at each level they work at:

- `incident(...)`: the aggregate itself, for tests of the pure core (no storage, `now` given);
- `declare(rt, ...)`: declared through the service, with the people it names registered first;
- `declare_over_api(client, headers, ...)`: declared through the HTTP API, as a client would.

Each takes the fields of a declaration; what a test leaves out is a plausible default. A test module that always
declares the same kind of incident binds its defaults once: `declare = partial(factories.incident, ref=...)`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from people_helpers import register_people

from aicident.incidents import service as incidents
from aicident.incidents.model import Facts, Incident
from aicident.plan.loader import default_plan, plan_version
from aicident.plan.schema import Plan
from aicident.runtime import Runtime

T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)  # a Monday afternoon: 10:00 in New York, 16:00 in Berlin
PLAN = default_plan()

DECLARATION = {"title": "Chatbot promised refunds", "category": "hallucination_harm", "source": "customer_report"}


def _facts(facts: Facts | Mapping[str, Any] | None) -> Facts | None:
    return Facts(**facts) if isinstance(facts, Mapping) else facts


def incident(
    plan: Plan | None = None,
    *,
    now: datetime = T0,
    aware: datetime | None = None,
    facts: Facts | Mapping[str, Any] | None = None,
    **fields: Any,
) -> Incident:
    """A freshly declared incident of `plan` (the default plan), declared at `now`; `aware` is when the organisation
    became aware of it (the start of the regulatory clocks), `facts` a Facts or its fields."""
    plan = plan or PLAN
    arguments: dict[str, Any] = {
        "plan": plan,
        "plan_version": plan_version(plan),
        "id": "incident-1",
        "ref": "AI-2026-0001",
        "actor": "alice",
        "now": now,
        "facts": _facts(facts),
        "became_aware_at": aware,
        **DECLARATION,
    }
    arguments.update(fields)
    return Incident.declare(**arguments)


def declare(
    rt: Runtime,
    *,
    actor: str = "setup",
    people: Iterable[str] = (),
    facts: Facts | Mapping[str, Any] | None = None,
    **fields: Any,
) -> str:
    """Declare an incident through the service as `actor`, after registering `people` (the handles the test goes on
    to name as role holders, owners or attendees); returns its reference."""
    register_people(rt, *people)
    if facts is not None:
        fields["facts"] = _facts(facts)
    return incidents.declare(rt, actor=actor, **{**DECLARATION, **fields}).ref


def declare_over_api(client: Any, headers: Mapping[str, str], **fields: Any) -> str:
    """Declare an incident with `POST /api/v1/incidents`, asserting it was created; returns its reference."""
    response = client.post("/api/v1/incidents", json={**DECLARATION, **fields}, headers=dict(headers))
    assert response.status_code == 201, response.text
    return response.json()["ref"]
