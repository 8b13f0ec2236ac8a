"""Communications end to end on SQLite and PostgreSQL, delivered to a real SMTP server in the test process:
obligations from the matrix and the regulatory clocks, drafts from the templates and their slots, approval by the
right role, and delivery through the outbox with every message about one incident in one thread."""

from __future__ import annotations

from datetime import timedelta

import factories
import pytest
from notify_helpers import ORGANISATION, SmtpServer, plan_with

from aicident.auth import service as people
from aicident.auth.model import Principal
from aicident.comms import service as comms
from aicident.errors import Forbidden, GuardFailed, InvalidInput, PreconditionFailed, TextUnfinished
from aicident.incidents import service as incidents
from aicident.notify import service as notify


def principal(handle: str, *roles: str) -> Principal:
    return Principal(person_id=handle, handle=handle, name=handle.title(), roles=frozenset(roles))


DANA = principal("dana", "incident_commander")
ERIN = principal("erin", "executive_sponsor")
LEO = principal("leo", "legal_lead")
SAM = principal("sam", "comms_lead")


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def rt(make_runtime, database_url, tmp_path, smtp):
    channel = {"name": "email", "type": "smtp", "host": "127.0.0.1", "port": smtp.port, "sender": "ir@example.com"}
    runtime = make_runtime(database_url, plan_with(tmp_path, [channel], organisation=ORGANISATION))
    for who, email in (
        (DANA, "dana@example.com"),
        (ERIN, "erin@example.com"),
        (LEO, "leo@example.com"),
        (SAM, "sam@example.com"),
    ):
        people.add_person(runtime, handle=who.handle, name=who.name, email=email, roles=sorted(who.roles))
    return runtime


def declare_leak(rt) -> str:
    return factories.declare(
        rt,
        title="Support bot showed another customer's order history",
        category="data_leak",
        actor="dana",
        summary="Two customers saw order details of a third.",
        facts={"customers_affected": 2, "personal_data_involved": True, "jurisdictions": ["DE"]},
    )


def obligation(rt, ref: str, key: str) -> dict:
    return next(o for o in comms.obligations_view(rt, ref=ref)["obligations"] if o["key"] == key)


def test_personal_data_in_the_eu_owes_the_regulator_within_72_hours_of_awareness_and_sev1_tightens_customers(rt, clock):
    ref = declare_leak(rt)
    aware = incidents.get(rt, ref=ref).incident.became_aware_at
    gdpr = obligation(rt, ref, "clock:gdpr_art33")
    assert (gdpr["audience"], gdpr["state"], gdpr["due_at"]) == (
        "regulators",
        "open",
        (aware + timedelta(hours=72)).isoformat(),
    )
    assert gdpr["approvers"] == ["legal_lead"]

    clock.advance(minutes=5)
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-2", commander="dana")
    assert obligation(rt, ref, "customers")["due_at"] == (aware + timedelta(hours=72)).isoformat()

    clock.advance(minutes=30)
    incidents.set_severity(
        rt, ref=ref, severity="SEV-1", actor="dana", reason="active harm", expect="escalated", principal=DANA
    )
    assert obligation(rt, ref, "customers")["due_at"] == (aware + timedelta(hours=24)).isoformat()
    entry = incidents.get(rt, ref=ref).log[-1]
    assert entry.type == "severity_change"
    assert {
        "obligation": "customers",
        "change": "tightened",
        "title": "customers notice (Within 24h or per law)",
        "was_due_at": (aware + timedelta(hours=72)).isoformat(),
        "due_at": (aware + timedelta(hours=24)).isoformat(),
        "state": "open",
    } in entry.data["obligations"]
    deadlines = {d.kind: (d.due_at, d.legal_due_at) for d in incidents.get(rt, ref=ref).deadlines}
    assert deadlines["communication:customers"] == (aware + timedelta(hours=24), None)
    # The regulator deadline the workers follow is the plan's target, 24 hours before the legal 72.
    assert deadlines["communication:clock:gdpr_art33"] == (aware + timedelta(hours=48), aware + timedelta(hours=72))


def test_a_customer_notice_is_delivered_only_after_the_executive_sponsor_approves_its_exact_text(rt, smtp, clock):
    ref = declare_leak(rt)
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-1", commander="dana")
    clock.advance(seconds=61)
    assert notify.deliver_due(rt) == 1  # SEV-1: the severity and stage changes, broadcast internally as one
    smtp.mailbox.messages.clear()
    assert comms.import_customers(
        rt,
        ref=ref,
        actor="dana",
        principal=DANA,
        rows=[
            {"email": "Ana@Example.com", "name": "Ana", "id": "c-1"},
            {"email": "bo@example.com", "name": "Bo"},
            {"email": "ana@example.com"},
        ],
    ) == {"added": 2, "total": 2}
    assert comms.import_customers(rt, ref=ref, actor="dana", principal=DANA, rows=[{"email": "bo@example.com"}]) == {
        "added": 0,
        "total": 2,
    }

    draft = comms.create_draft(rt, ref=ref, obligation="customers", actor="sam", principal=SAM)
    assert draft["id"] == f"{ref}-D1" and draft["version"] == 1
    assert draft["subject"].startswith("Example Corp: we are investigating an incident that may affect your account")
    for heading in ("What happened:", "How it affects you:", "When:", "What you should do:"):
        assert heading in draft["body"]
    assert "Two customers saw order details of a third." not in draft["body"]  # the internal summary stays inside
    assert {s["name"] for s in draft["slots"] if s["state"] == "unfilled"} == {
        "what_happened",
        "impact",
        "customer_actions",
    }
    with pytest.raises(TextUnfinished) as unfinished:
        comms.approve(rt, ref=ref, draft_id=draft["id"], version=1, actor="erin", principal=ERIN)
    assert [s["name"] for s in unfinished.value.details["slots"]] == ["what_happened", "impact", "customer_actions"]

    incidents.set_facts(
        rt,
        ref=ref,
        actor="dana",
        customer_summary="Our support assistant showed you the order history of another customer.",
        customer_impact="Another customer may have seen your last three orders. No payment data was shown.",
    )
    draft = comms.fill_draft(
        rt,
        ref=ref,
        draft_id=draft["id"],
        version=1,
        values={"customer_actions": "No action is needed."},
        actor="sam",
        principal=SAM,
    )
    assert draft["version"] == 2 and draft["finished"] and "[" not in draft["body"]
    assert "Our support assistant showed you the order history of another customer." in draft["body"]

    with pytest.raises(GuardFailed) as refused:
        comms.send(rt, ref=ref, draft_id=draft["id"], actor="sam", principal=SAM)
    assert refused.value.message == (
        f"{draft['id']} version 2 needs the approval of the Executive Sponsor before it is sent"
    )
    assert refused.value.details == {"required_roles": ["executive_sponsor"]}
    with pytest.raises(Forbidden, match="the plan asks the Executive Sponsor to approve it"):
        comms.approve(rt, ref=ref, draft_id=draft["id"], version=2, actor="sam", principal=SAM)

    comms.approve(rt, ref=ref, draft_id=draft["id"], version=2, actor="erin", principal=ERIN)
    edited = comms.edit_draft(
        rt,
        ref=ref,
        draft_id=draft["id"],
        version=2,
        actor="sam",
        principal=SAM,
        subject="Your order details were shown to another customer",
        body=draft["body"],
    )
    assert edited["version"] == 3
    with pytest.raises(GuardFailed, match="needs the approval of the Executive Sponsor"):
        comms.send(rt, ref=ref, draft_id=draft["id"], actor="sam", principal=SAM)  # approved v2, not this text
    with pytest.raises(PreconditionFailed, match="is at version 3, not 2"):
        comms.approve(rt, ref=ref, draft_id=draft["id"], version=2, actor="erin", principal=ERIN)
    assert notify.deliver_due(rt) == 0 and smtp.mailbox.messages == []

    comms.approve(rt, ref=ref, draft_id=draft["id"], version=3, actor="erin", principal=ERIN)
    sent = comms.send(rt, ref=ref, draft_id=draft["id"], actor="sam", principal=SAM)
    assert sent["state"] == "sent" and sent["sent_version"] == 3 and len(sent["queued"]) == 2
    assert obligation(rt, ref, "customers")["state"] == "sending"  # queued is not delivered
    with pytest.raises(InvalidInput, match="was already sent"):
        comms.send(rt, ref=ref, draft_id=draft["id"], actor="sam", principal=SAM)

    assert notify.deliver_due(rt) == 2
    delivered = sorted(smtp.mailbox.messages, key=lambda m: m["To"])
    assert [m["To"] for m in delivered] == ["ana@example.com", "bo@example.com"]  # one each: no shared addresses
    assert {m["Subject"] for m in delivered} == {"Your order details were shown to another customer"}
    assert "No action is needed." in delivered[0].get_content()

    customers = obligation(rt, ref, "customers")
    assert customers["state"] == "met" and customers["met_at"] == clock().isoformat()
    assert sorted(d["state"] for d in customers["deliveries"]) == ["sent", "sent"]
    log = incidents.get(rt, ref=ref).log
    assert [(e.type, e.actor, e.data.get("role")) for e in log if e.type == "approval"] == [
        ("approval", "erin", "executive_sponsor"),
        ("approval", "erin", "executive_sponsor"),
    ]
    assert [e.type for e in log[-2:]] == ["communication", "delivery"]
    assert (log[-1].data["obligation"], log[-1].data["outcome"], log[-1].data["delivered"]) == (
        "customers",
        "delivered",
        2,
    )

    # An internal update needs no approval; it goes to the severity's notify list and threads with the rest.
    update = comms.create_draft(rt, ref=ref, obligation="internal", actor="dana", principal=DANA)
    with pytest.raises(TextUnfinished, match=r"fill update \(\[What changed since the last update\]\)"):
        comms.send(rt, ref=ref, draft_id=update["id"], actor="dana", principal=DANA)
    update = comms.fill_draft(
        rt,
        ref=ref,
        draft_id=update["id"],
        version=1,
        values={"update": "Customers are told; the lookup stays off."},
        actor="dana",
        principal=DANA,
    )
    comms.send(rt, ref=ref, draft_id=update["id"], actor="dana", principal=DANA)
    assert notify.deliver_due(rt) == 1
    internal = smtp.mailbox.messages[-1]
    assert set(internal["To"].split(", ")) == {
        "dana@example.com",
        "erin@example.com",
        "leo@example.com",
        "sam@example.com",
    }
    threads = {m["In-Reply-To"] for m in smtp.mailbox.messages} | {m["References"] for m in smtp.mailbox.messages}
    assert len(threads) == 1 and threads.pop().startswith("<incident.")


def test_a_regulator_notice_needs_the_legal_lead_and_fixed_recipients(rt, clock):
    ref = declare_leak(rt)
    draft = comms.create_draft(rt, ref=ref, obligation="clock:gdpr_art33", actor="sam", principal=SAM)
    assert draft["subject"].startswith("GDPR: GDPR: Art. 33 notification")
    for part in (
        "Nature of the incident:",
        "Categories and approximate numbers concerned:",
        "Likely consequences:",
        "Measures taken or proposed:",
        "Contact point:",
    ):
        assert part in draft["body"]
    with pytest.raises(TextUnfinished, match=r"fill authority \(\[Competent authority\]\)") as unfinished:
        comms.approve(rt, ref=ref, draft_id=draft["id"], version=1, actor="leo", principal=LEO)
    assert unfinished.value.details["prompts"] == ["[Containment measures]"]  # a template prompt that is no slot
    incidents.contain(rt, ref=ref, action="Turned the order lookup off", actor="dana")
    draft = comms.fill_draft(
        rt,
        ref=ref,
        draft_id=draft["id"],
        version=1,
        values={
            "authority": "Berliner Beauftragte für Datenschutz",
            "ai_system": "the support assistant",
            "records_affected": "about 40 order records",
            "consequences": "Order contents seen by another customer",
            "contact_point": "dpo@example.com",
        },
        actor="sam",
        principal=SAM,
    )
    assert draft["finished"], draft["unfinished"]
    assert "- Turned the order lookup off" in draft["body"]  # written again from the incident as it is now
    with pytest.raises(Forbidden):
        comms.approve(rt, ref=ref, draft_id=draft["id"], version=2, actor="erin", principal=ERIN)
    comms.approve(rt, ref=ref, draft_id=draft["id"], version=2, actor="leo", principal=LEO)
    with pytest.raises(InvalidInput, match=r"nobody to email for regulators.*\[comms.audiences.regulators\] to"):
        comms.send(rt, ref=ref, draft_id=draft["id"], actor="sam", principal=SAM)
    assert obligation(rt, ref, "clock:gdpr_art33")["state"] == "open"  # nothing half-done


def test_bad_customer_lists_are_refused_whole_naming_each_bad_row(rt):
    ref = declare_leak(rt)
    with pytest.raises(InvalidInput) as refused:
        comms.import_customers(
            rt,
            ref=ref,
            actor="dana",
            principal=DANA,
            rows=[{"email": "ok@example.com"}, {"email": "not-an-address"}, {"email": ""}],
        )
    assert refused.value.message == "row 2: 'not-an-address' is not an email address; row 3: '' is not an email address"
    assert comms.list_customers(rt, ref=ref) == []
    rows = comms.parse_customers_csv("email,name,id\nana@example.com,Ana,c-1\n")
    assert rows == [{"email": "ana@example.com", "name": "Ana", "id": "c-1"}]
    with pytest.raises(InvalidInput, match="header row with an `email` column"):
        comms.parse_customers_csv("name\nAna\n")
    # A bare carriage return inside a field (found by fuzzing) is a clear refusal, not a server error.
    with pytest.raises(InvalidInput, match="header row with an `email` column"):
        comms.parse_customers_csv('\u00bf\u00b8;\r\u2026x\r\n"a\rb')
    assert comms.parse_customers_csv("email,name\r\nana@example.com,Ana\r\n") == [
        {"email": "ana@example.com", "name": "Ana"}
    ]


def test_clock_events_are_recorded_with_who_and_move_the_clocks_they_start(rt, clock):
    ref = declare_leak(rt)
    incidents.set_facts(rt, ref=ref, actor="leo", material=True, jurisdictions=["DE", "US"], reason="counsel")
    sec = obligation(rt, ref, "clock:sec_8k_item_105")
    assert sec["audience"] == "public" and sec["starts_at"] == clock().isoformat()
    earlier = clock() - timedelta(hours=3)
    comms.record_clock_event(
        rt,
        ref=ref,
        event="materiality_determined",
        at=earlier,
        actor="leo",
        principal=LEO,
        reason="the board decided this morning",
    )
    assert obligation(rt, ref, "clock:sec_8k_item_105")["starts_at"] == earlier.isoformat()
    assert incidents.get(rt, ref=ref).incident.clock_events["materiality_determined"] == {
        "at": earlier.isoformat(timespec="microseconds"),
        "by": "leo",
    }
    with pytest.raises(InvalidInput, match="unknown clock event 'aware'"):
        comms.record_clock_event(rt, ref=ref, event="aware", actor="leo", principal=LEO)
    with pytest.raises(Forbidden):
        comms.record_clock_event(rt, ref=ref, event="became_aware", actor="sam", principal=SAM)


def test_at_sev1_every_stage_and_severity_change_is_broadcast_to_the_notify_list_once(rt, smtp, clock):
    ref = declare_leak(rt)
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-2", commander="dana")
    assert notify.deliver_due(rt) == 0  # SEV-2 internal updates are daily, written by people

    incidents.set_severity(rt, ref=ref, severity="SEV-1", actor="dana", reason="active harm", principal=DANA)
    incidents.advance(rt, ref=ref, actor="dana", principal=DANA)
    assert notify.deliver_due(rt) == 0  # held for the coalescing window
    clock.advance(seconds=61)
    assert notify.deliver_due(rt) == 1
    title = "Support bot showed another customer's order history"
    [update] = smtp.mailbox.messages
    assert update["Subject"] == f"[SEV-1] {ref} {title}: 2 changes, latest Stage Triage → Contain"
    body = update.get_content()
    assert "Severity SEV-2 → SEV-1 (escalated): active harm, by dana" in body
    assert "Stage Triage → Contain, by dana" in body
    # Section 3: SEV-1 notifies the full team, exec and legal (the board only if material).
    assert set(smtp.mailbox.messages[0]["To"].split(", ")) == {
        "dana@example.com",
        "erin@example.com",
        "leo@example.com",
        "sam@example.com",
    }
    deliveries = obligation(rt, ref, "internal")["deliveries"]
    assert [d["state"] for d in deliveries] == ["sent"]
