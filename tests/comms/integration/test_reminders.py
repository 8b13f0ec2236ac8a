"""Reminders at half and nine tenths of a deadline's window, escalation on breach, and a nudge for an incident
without severity or commander: each sent once, whatever the number of workers and restarts (SQLite and
PostgreSQL, delivered to a real SMTP server)."""

from __future__ import annotations

import threading

import pytest
from notify_helpers import SmtpServer, plan_with

from aicident.auth import service as people
from aicident.comms import reminders
from aicident.incidents import service as incidents
from aicident.incidents.model import Facts
from aicident.notify import service as notify
from aicident.workers import log_breaches


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def rt(make_runtime, database_url, tmp_path, smtp):
    channel = {"name": "email", "type": "smtp", "host": "127.0.0.1", "port": smtp.port, "sender": "ir@example.com"}
    runtime = make_runtime(database_url, plan_with(tmp_path, [channel]))
    people.add_person(runtime, handle="dana", name="Dana", email="dana@example.com", roles=["incident_commander"])
    people.add_person(runtime, handle="erin", name="Erin", email="erin@example.com", roles=["executive_sponsor"])
    return runtime


def reminders_logged(rt, ref: str) -> list[tuple[str, list[str]]]:
    return [(e.data["reminder"], e.data["to"]) for e in incidents.get(rt, ref=ref).log if e.type == "reminder"]


def test_a_customer_notice_is_reminded_at_half_and_nine_tenths_and_escalated_once_when_breached(rt, smtp, clock):
    incident = incidents.declare(
        rt,
        title="Refund bot leaked order numbers",
        category="data_leak",
        source="customer_report",
        actor="dana",
        facts=Facts(customers_affected=3),
    )
    ref = incident.ref
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-2", commander="dana")  # customers within 72 h

    clock.advance(hours=35)
    assert reminders.send_reminders(rt) == 0  # 35 of 72 hours: before half
    clock.advance(hours=2)
    workers = [threading.Thread(target=reminders.send_reminders, args=(rt,)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert reminders.send_reminders(rt) == 0
    # One of the racing workers sent it, to the commander and the role that approves customer notices.
    assert reminders_logged(rt, ref) == [("50%", ["dana@example.com", "erin@example.com"])]

    clock.advance(hours=29)  # 66 of 72 hours
    assert reminders.send_reminders(rt) == 1
    assert reminders.send_reminders(rt) == 0

    clock.advance(hours=7)  # past due: breached, escalated to the Executive Sponsor
    assert log_breaches(rt) >= 1
    assert log_breaches(rt) == 0
    logged = reminders_logged(rt, ref)
    assert [kind for kind, _ in logged].count("breach") >= 1
    breach_to = next(to for kind, to in logged if kind == "breach")
    assert breach_to == ["dana@example.com", "erin@example.com"]

    notify.deliver_due(rt)
    subjects = [m["Subject"] for m in smtp.mailbox.messages]
    assert sum("due in" in s for s in subjects) == 2
    assert any(s.startswith(f"[{ref}] BREACHED: customers notice (Within 72h if affected)") for s in subjects)


def test_reminders_already_sent_are_not_sent_again_after_a_restart(rt, make_runtime, database_url, tmp_path, clock):
    incident = incidents.declare(
        rt,
        title="Drift after vendor update",
        category="model_degradation",
        source="monitoring_alert",
        actor="dana",
        facts=Facts(customers_affected=1),
    )
    incidents.triage(rt, ref=incident.ref, actor="dana", severity="SEV-2", commander="dana")
    clock.advance(hours=40)
    assert reminders.send_reminders(rt) >= 1
    restarted = make_runtime(database_url, tmp_path / "plan.toml")
    assert reminders.send_reminders(restarted) == 0


def test_an_incident_without_severity_or_commander_is_nudged_once_after_five_minutes(rt, smtp, clock):
    ref = incidents.declare(
        rt, title="Chatbot insults users", category="hallucination_harm", source="customer_report", actor="sam"
    ).ref
    clock.advance(minutes=4)
    assert reminders.nudge_unassigned(rt) == 0
    clock.advance(minutes=2)
    assert reminders.nudge_unassigned(rt) == 1
    assert reminders.nudge_unassigned(rt) == 0
    assert reminders_logged(rt, ref) == [("unassigned", ["dana@example.com"])]
    notify.deliver_due(rt)
    assert smtp.mailbox.messages[-1]["Subject"] == f"[{ref}] still without severity and incident commander"

    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-3", commander="dana")
    clock.advance(minutes=10)
    assert reminders.nudge_unassigned(rt) == 0


def test_a_regulatory_clock_is_reminded_and_escalated_on_the_plans_target_and_the_message_gives_the_legal_deadline(
    rt, smtp, clock
):
    # Aware Monday 23 November 14:00 UTC of a personal data breach in Germany: GDPR Art. 33's legal deadline is 72
    # hours later, Thursday 26 November 14:00 UTC; the default plan's target is 24 hours before it.
    ref = incidents.declare(
        rt,
        title="Support bot showed other customers' addresses",
        category="data_leak",
        source="customer_report",
        actor="dana",
        facts=Facts(personal_data_involved=True, jurisdictions=["DE"]),
    ).ref
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-3", commander="dana")
    gdpr = next(d for d in incidents.get(rt, ref=ref).deadlines if d.kind == "communication:clock:gdpr_art33")
    assert (gdpr.due_at.isoformat(), gdpr.legal_due_at.isoformat()) == (
        "2026-11-25T14:00:00+00:00",
        "2026-11-26T14:00:00+00:00",
    )

    clock.advance(hours=25)  # past half of the 48 hours to the target (only a third of the 72 to the legal deadline)
    assert reminders.send_reminders(rt) == 1
    clock.advance(hours=24)  # 49 hours: the target has passed, the legal deadline has not
    assert log_breaches(rt) == 1
    notify.deliver_due(rt)

    mails = {m["Subject"]: m.get_payload(decode=True).decode() for m in smtp.mailbox.messages}
    reminder = next(text for subject, text in mails.items() if "GDPR" in subject and "due in" in subject)
    breach = next(text for subject, text in mails.items() if subject.startswith(f"[{ref}] TARGET MISSED: GDPR"))
    for text in (reminder, breach):
        assert "That is our own target. The legal deadline is 2026-11-26T14:00:00+00:00" in text
        assert "Basis: Regulation (EU) 2016/679 (GDPR) Art. 33(1)" in text
    assert "(in 23h 0m)" in breach
