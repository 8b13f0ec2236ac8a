"""What each action of the plan's [permissions] table is over the HTTP API: the calls that do it, what they answer
when allowed, what a refusal says (used by the permission and If-Match tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api_helpers import (
    SETUP,
    declare,
    held_signals,
    walked,
)

from aicident.containment import service as containment
from aicident.plan.schema import Feature
from aicident.runtime import Runtime


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
