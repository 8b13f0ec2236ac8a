"""A scripted AI incident walked through every stage of the plan: sample data one command away."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aicident.auth import service as people
from aicident.auth.model import Principal
from aicident.incidents import service
from aicident.incidents.model import AISystem, Facts
from aicident.reports import service as reports
from aicident.runtime import Runtime

# Who plays each role in the scripted response.
CAST = {
    "incident_commander": "dana.okafor",
    "ai_lead": "priya.raman",
    "comms_lead": "sam.whitfield",
    "legal_lead": "lee.moreau",
    "customer_trust": "ana.costa",
    "executive_sponsor": "morgan.hale",
}


NAMES = {
    "dana.okafor": "Dana Okafor",
    "priya.raman": "Priya Raman",
    "sam.whitfield": "Sam Whitfield",
    "lee.moreau": "Lee Moreau",
    "ana.costa": "Ana Costa",
    "morgan.hale": "Morgan Hale",
}


def register_cast(rt: Runtime, principal: Principal | None = None) -> None:
    """Register the people the demo names (roles are given only to registered people); those present stay as
    they are. Adding people takes an administrator (`principal`)."""
    known = {p["handle"] for p in people.list_people(rt)}
    for role, handle in CAST.items():
        if handle not in known:
            people.add_person(rt, handle=handle, name=NAMES[handle], roles=[role], principal=principal)


def run_demo(rt: Runtime, principal: Principal | None = None) -> str:
    """Declare and run a prompt-injection incident from a customer report to close; return its reference."""
    register_cast(rt, principal)
    real_now = rt.clock()
    start = real_now - timedelta(hours=26)
    offset = [0]

    def at(minutes: int) -> None:
        offset[0] = minutes

    scripted = replace(rt, clock=lambda: start + timedelta(minutes=offset[0]))
    ic, ai, comms = CAST["incident_commander"], CAST["ai_lead"], CAST["comms_lead"]

    at(4)
    incident = service.declare(
        scripted,
        title="Support assistant followed instructions hidden in an uploaded invoice",
        category="prompt_injection",
        source="customer_report",
        actor=CAST["customer_trust"],
        summary="A customer reports that the support assistant emailed them another customer's order summary "
        "after they uploaded a PDF containing hidden instructions.",
        detected_at=start,
        became_aware_at=start + timedelta(minutes=2),
        ai_system=AISystem(
            feature="support-assistant",
            model="chat-large",
            model_version="2026-09-12",
            prompt_version="support-v41",
            vendor="example-llm",
        ),
        facts=Facts(customers_affected=2, personal_data_involved=False),
    )
    ref = incident.ref
    steps = [
        (9, lambda: service.triage(scripted, ref=ref, actor=ic, severity="SEV-2", commander=ic)),
        (11, lambda: service.assign(scripted, ref=ref, role="ai_lead", person=ai, actor=ic)),
        (11, lambda: service.assign(scripted, ref=ref, role="comms_lead", person=comms, actor=ic)),
        (
            12,
            lambda: service.assign(
                scripted, ref=ref, role="executive_sponsor", person=CAST["executive_sponsor"], actor=ic
            ),
        ),
        (
            14,
            lambda: service.add_entry(
                scripted,
                ref=ref,
                type="evidence",
                actor=ai,
                text="Interaction log of the reported session (event ids kept, text redacted)",
                link="evidence://support-assistant/sessions/7f3c",
            ),
        ),
        (
            18,
            lambda: service.set_severity(
                scripted,
                ref=ref,
                severity="SEV-1",
                actor=ic,
                reason="a second customer's order data was disclosed: active harm",
                expect="escalated",
            ),
        ),
        (19, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            21,
            lambda: service.contain(
                scripted, ref=ref, actor=ic, action="Kill switch: disabled the assistant's send_email tool; uploads off"
            ),
        ),
        (23, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            95,
            lambda: service.diagnose(
                scripted,
                ref=ref,
                layer="prompt",
                actor=ai,
                description="Prompt support-v41 put extracted PDF text inside the instruction "
                "block without delimiters, so hidden text was obeyed as an "
                "instruction; the email tool had no recipient allow-list.",
            ),
        ),
        (97, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            240,
            lambda: service.resolve(
                scripted,
                ref=ref,
                actor=ai,
                summary="Prompt support-v42 quotes document text as data; send_email only to "
                "the account's own address; injection eval suite passes",
            ),
        ),
        (242, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            300,
            lambda: service.communicate(
                scripted,
                ref=ref,
                audience="customers",
                actor=comms,
                channel="email",
                summary="Notified both affected customers, approved by the Executive Sponsor",
            ),
        ),
        (
            305,
            lambda: service.communicate(
                scripted,
                ref=ref,
                audience="internal",
                actor=comms,
                channel="chat",
                summary="Real-time updates in the incident channel; final summary posted",
            ),
        ),
        (306, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            600,
            lambda: reports.add_follow_up(
                scripted,
                ref=ref,
                actor=ic,
                owner=ai,
                text="Add indirect-injection cases from uploads to the eval suite",
                due=(start + timedelta(days=7)).date(),
            ),
        ),
        (
            601,
            lambda: reports.add_follow_up(
                scripted,
                ref=ref,
                actor=ic,
                owner=ic,
                text="Allow-list recipients for every agent tool that sends messages",
                due=(start + timedelta(days=14)).date(),
            ),
        ),
        (
            602,
            lambda: service.add_entry(
                scripted,
                ref=ref,
                type="note",
                actor=ic,
                section="went_well",
                text="The kill switch cut the email tool within minutes of triage, with no deploy",
            ),
        ),
        (
            603,
            lambda: service.add_entry(
                scripted,
                ref=ref,
                type="note",
                actor=ai,
                section="went_wrong",
                text="The injection eval suite had no cases from uploaded documents, so the "
                "prompt change shipped untested against them",
            ),
        ),
        (
            604,
            lambda: reports.add_follow_up(
                scripted,
                ref=ref,
                actor=ai,
                kind="monitoring_update",
                text="Alert on agent tool calls to recipients never seen for the account",
            ),
        ),
        (
            605,
            lambda: reports.add_follow_up(
                scripted,
                ref=ref,
                actor=ic,
                kind="policy_update",
                text="Prompt changes that put document text into the prompt need an injection eval run before release",
            ),
        ),
        (1200, lambda: reports.publish_report(scripted, ref=ref, actor=ic)),
        (1201, lambda: service.advance(scripted, ref=ref, actor=ic)),
        (
            1500,
            lambda: reports.review(
                scripted,
                ref=ref,
                actor=ic,
                attendees=[ic, ai, comms, CAST["legal_lead"]],
                summary="Blameless review held; the report's findings were accepted",
                decisions=["Uploads stay off for the assistant until the eval cases pass"],
                action_items=[
                    {
                        "text": "Re-enable uploads once the new eval cases pass",
                        "owner": ai,
                        "due": (start + timedelta(days=10)).date().isoformat(),
                    }
                ],
            ),
        ),
        (1505, lambda: service.close(scripted, ref=ref, actor=ic)),
    ]
    for minutes, step in steps:
        at(minutes)
        step()
    at(1510)  # follow-ups outlive the incident: a lesson carried out after it closed, by a named detector change
    lesson = next(i for i in reports.list_follow_ups(scripted, ref=ref, kind="monitoring_update"))
    reports.complete_follow_up(scripted, item_id=lesson.id, actor=ai, change_ref="detector:leak (unseen recipients)")
    return ref
