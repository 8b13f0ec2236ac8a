"""Nothing unfinished reaches a customer, "met" means delivered, and a quiet outbox; through the HTTP API on SQLite
and PostgreSQL, delivered to a real SMTP server (aiosmtpd) in the test process that is down when a test says so.

- A draft with an unfilled slot or a leftover bracketed prompt cannot be approved or sent, nor a report published
  (409 naming the slots and prompts).
- Once filled, the notice the SMTP server receives is what the preview showed: no bracketed prompt, no internal
  summary or root cause, labelled times, the wording of the moment, the plan's signature.
- With the SMTP server down the customers obligation is sending, not met; it is met at the time the server accepts
  the last message (and the deadline is judged on that time); a dead message leaves it at risk and reminds the
  Incident Commander.
- Ten stage changes in a minute at SEV-1 reach each recipient as one message; failing messages are grouped by
  channel and reason with their attempts one request away.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from notify_helpers import ORGANISATION, SmtpServer, plan_with

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.comms.slots import prompts_in
from aicident.notify import service as notify

INTERNAL_SUMMARY = "Retrieval concatenated other tenants' rows into the system instruction block."
ROOT_CAUSE = "tenant rows were concatenated into the system instruction block"
CUSTOMER_SUMMARY = "Our support assistant showed you part of another customer's order history."
CUSTOMER_IMPACT = "Another customer may have seen your last three orders. No payment data was shown."


class MailServer(SmtpServer):
    """An SMTP server on a port chosen now, that answers only once started: until then connections are refused."""

    running = False

    def start(self) -> MailServer:
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False


@pytest.fixture
def mail():
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def rt(make_runtime, database_url, tmp_path, mail):
    channel = {
        "name": "email",
        "type": "smtp",
        "host": "127.0.0.1",
        "port": mail.port,
        "sender": "ir@example.com",
        "timeout_seconds": 2,
    }
    plan = plan_with(tmp_path, [channel], organisation=ORGANISATION, dead_letter_after="10 minutes")
    return make_runtime(database_url, plan)


@pytest.fixture
def client(rt):
    return TestClient(create_app(rt))


def bearer(rt, handle: str, roles=(), *, admin: bool = False) -> dict[str, str]:
    auth.add_person(
        rt, handle=handle, name=handle.title(), email=f"{handle}@example.com", roles=list(roles), admin=admin
    )
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


@pytest.fixture
def team(rt) -> dict[str, dict[str, str]]:
    return {
        "dana": bearer(rt, "dana", ["incident_commander", "ai_lead"]),
        "erin": bearer(rt, "erin", ["executive_sponsor"]),
        "sam": bearer(rt, "sam", ["comms_lead"]),
    }


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def declare(client, team, *, severity: str = "SEV-2", customers=("ana@example.com", "bo@example.com")) -> str:
    ref = ok(
        client.post(
            "/api/v1/incidents",
            headers=team["dana"],
            json={
                "title": "Support bot showed other customers' orders",
                "category": "data_leak",
                "source": "customer_report",
                "severity": severity,
                "summary": INTERNAL_SUMMARY,
                "customers_affected": len(customers),
            },
        ),
        201,
    )["ref"]
    ok(client.post(f"/api/v1/incidents/{ref}/triage", headers=team["dana"], json={"commander": "dana"}))
    ok(
        client.post(
            f"/api/v1/incidents/{ref}/customers",
            headers=team["dana"],
            json={"customers": [{"email": address} for address in customers]},
        )
    )
    return ref


def draft_notice(client, team, ref: str) -> dict:
    return ok(
        client.post(f"/api/v1/incidents/{ref}/drafts", headers=team["sam"], json={"obligation": "customers"}), 201
    )


def write_for_customers(client, team, ref: str) -> None:
    ok(
        client.post(
            f"/api/v1/incidents/{ref}/facts",
            headers=team["dana"],
            json={"customer_summary": CUSTOMER_SUMMARY, "customer_impact": CUSTOMER_IMPACT},
        )
    )


def fill(client, team, ref: str, draft: dict, **values: str) -> dict:
    return ok(
        client.post(
            f"/api/v1/incidents/{ref}/drafts/{draft['id']}/slots",
            headers=team["sam"],
            json={"version": draft["version"], "values": values},
        )
    )


def approve_and_send(client, team, ref: str, draft: dict) -> dict:
    ok(
        client.post(
            f"/api/v1/incidents/{ref}/drafts/{draft['id']}/approvals",
            headers=team["erin"],
            json={"version": draft["version"]},
        )
    )
    return ok(client.post(f"/api/v1/incidents/{ref}/drafts/{draft['id']}/send", headers=team["sam"]))


def ready_notice(client, team, ref: str) -> dict:
    write_for_customers(client, team, ref)
    draft = fill(client, team, ref, draft_notice(client, team, ref), customer_actions="No action is needed.")
    assert draft["finished"], draft["unfinished"]
    return draft


def customers_obligation(client, team, ref: str) -> dict:
    view = ok(client.get(f"/api/v1/incidents/{ref}/obligations", headers=team["dana"]))
    return next(o for o in view["obligations"] if o["key"] == "customers")


# --- nothing unfinished reaches a reader --------------------------------------------------------------------------


def test_a_draft_with_an_unfilled_slot_or_a_leftover_prompt_cannot_be_approved_or_sent(client, team):
    ref = declare(client, team)
    draft = draft_notice(client, team, ref)
    assert INTERNAL_SUMMARY not in draft["body"]
    states = {s["name"]: s["state"] for s in draft["slots"]}
    assert states["what_happened"] == states["impact"] == states["customer_actions"] == "unfilled"
    assert states["support_contact"] == states["signature"] == states["organisation_name"] == "filled"
    assert "[Plain-language description in 2-3 sentences]" in draft["body"]

    for who, path, body in (
        ("erin", "approvals", {"version": 1}),
        ("sam", "send", None),
    ):
        refused = client.post(f"/api/v1/incidents/{ref}/drafts/{draft['id']}/{path}", headers=team[who], json=body)
        assert refused.status_code == 409, refused.text
        problem = refused.json()
        assert problem["code"] == "unfinished_text"
        assert [s["name"] for s in problem["slots"]] == ["what_happened", "impact", "customer_actions"]
        assert problem["slots"][0] == {
            "name": "what_happened",
            "label": "Plain-language description in 2-3 sentences",
            "prompt": "[Plain-language description in 2-3 sentences]",
            "source": "incident",
            "key": "customer_summary",
            "audience": "customer",
        }
        assert {step["action"] for step in problem["next"]} == {"fill_draft", "customer_facts"}

    # Filled from the customer-facing facts and by a person, it is finished; a prompt typed back in is not.
    write_for_customers(client, team, ref)
    draft = fill(client, team, ref, draft, customer_actions="No action is needed.")
    assert draft["version"] == 2 and draft["finished"] and draft["unfinished"] is None
    assert CUSTOMER_SUMMARY in draft["body"] and CUSTOMER_IMPACT in draft["body"]
    edited = ok(
        client.put(
            f"/api/v1/incidents/{ref}/drafts/{draft['id']}",
            headers=team["sam"],
            json={
                "version": 2,
                "subject": draft["subject"],
                "body": draft["body"] + "\nEscalate to [Where to escalate or seek support].\n",
            },
        )
    )
    refused = client.post(
        f"/api/v1/incidents/{ref}/drafts/{draft['id']}/approvals", headers=team["erin"], json={"version": 3}
    )
    assert refused.status_code == 409
    problem = refused.json()  # an empty member is left out, as in every problem
    assert (problem.get("slots"), problem["prompts"]) == (None, ["[Where to escalate or seek support]"])
    assert edited["finished"] is False
    log = ok(client.get(f"/api/v1/incidents/{ref}/log", headers=team["dana"]))
    assert not [e for e in log if e["type"] in ("approval", "communication")]  # nothing was approved or sent


def test_a_report_with_a_leftover_prompt_is_not_published(client, team, clock):
    ref = declare(client, team, customers=())
    for path, body in (
        ("containment", {"action": "Turned the order lookup off"}),
        ("root-cause", {"layer": "prompt", "description": ROOT_CAUSE}),
        ("resolve", {"summary": "Tenant filter enforced and re-tested"}),
    ):
        ok(client.post(f"/api/v1/incidents/{ref}/{path}", headers=team["dana"], json=body))
    report = ok(client.get(f"/api/v1/incidents/{ref}/report", headers=team["dana"], params={"format": "json"}))
    left = prompts_in(report["markdown"])
    assert "[Policy or monitoring updates triggered]" in left

    refused = client.post(f"/api/v1/incidents/{ref}/report/publish", headers=team["dana"], json={})
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["code"] == "unfinished_text" and "lessons" in [s["name"] for s in problem["slots"]]
    assert set(problem["prompts"]) | {s["prompt"] for s in problem["slots"]} == set(left)

    markdown = report["markdown"]
    for prompt in left:
        markdown = markdown.replace(prompt, "None found in the review.")
    saved = ok(
        client.put(
            f"/api/v1/incidents/{ref}/report",
            headers={**team["dana"], "If-Match": f'"{report["version"]}"'},
            json={"markdown": markdown},
        )
    )
    published = ok(client.post(f"/api/v1/incidents/{ref}/report/publish", headers=team["dana"], json={}))
    assert published["published"]["version"] == saved["version"]


def test_the_notice_the_smtp_server_receives_is_the_preview_finished_customer_facing_and_signed(
    client, team, mail, clock
):
    mail.start()
    ref = declare(client, team)
    draft = ready_notice(client, team, ref)
    assert draft["subject"].startswith("Example Corp: we are investigating an incident that may affect your account")
    assert "We are investigating it now." in draft["body"] and "https://status.example.com" in draft["body"]

    clock.advance(minutes=20)
    for path, body in (
        ("containment", {"action": "Turned the order lookup off"}),
        ("root-cause", {"layer": "prompt", "description": ROOT_CAUSE}),
    ):
        ok(client.post(f"/api/v1/incidents/{ref}/{path}", headers=team["dana"], json=body))
    clock.advance(hours=3)
    ok(client.post(f"/api/v1/incidents/{ref}/resolve", headers=team["dana"], json={"summary": "Tenant filter fixed"}))
    draft = fill(client, team, ref, draft)  # written again from the incident as it is now
    assert draft["finished"] and "It is resolved." in draft["body"]
    assert "We are investigating" not in draft["body"] and "We will post updates" not in draft["body"]

    preview = ok(client.get(f"/api/v1/incidents/{ref}/drafts/{draft['id']}/preview", headers=team["sam"]))
    assert preview["total"] == 2 and preview["finished"]
    assert sorted(m["to"] for m in preview["messages"]) == [["ana@example.com"], ["bo@example.com"]]
    assert {m["from"] for m in preview["messages"]} == {"ir@example.com"}

    approve_and_send(client, team, ref, draft)
    assert notify.deliver_due(client.app.state.runtime) >= 2
    notices = [m for m in mail.mailbox.messages if m["X-Aicident-Kind"] == "customer_notification"]
    assert sorted(m["To"] for m in notices) == ["ana@example.com", "bo@example.com"]
    for email in notices:
        shown = next(m for m in preview["messages"] if m["to"] == [email["To"]])
        text = email.get_content()
        subject = " ".join(email["Subject"].split())  # a long subject is folded over lines by the sender
        assert (subject, text.replace("\r\n", "\n")) == (shown["subject"], shown["text"])
        assert not prompts_in(text) and not prompts_in(subject) and "[" not in text
        assert INTERNAL_SUMMARY not in text and ROOT_CAUSE not in text and "concatenated" not in text
        assert CUSTOMER_SUMMARY in text and CUSTOMER_IMPACT in text
        assert subject.startswith("Example Corp: an incident that affected your account is resolved")
        lines = text.splitlines()
        for label in ("Detected", "Contained", "Resolved"):
            [line] = [line for line in lines if line.startswith(f"- {label}: ")]
            assert line.endswith(" UTC") and len(line) == len(f"- {label}: 2026-01-01 00:00 UTC")
        assert "If you have questions, contact support@example.com." in text
        assert text.rstrip().endswith("The Example Corp team")  # the organisation signs, not the approver
        assert "Erin" not in text


# --- "met" means delivered -----------------------------------------------------------------------------------------


def test_with_the_smtp_server_down_the_notice_is_sending_then_met_at_its_delivery_time(client, team, mail, clock):
    rt = client.app.state.runtime
    ref = declare(client, team)
    aware = rt.clock()
    draft = ready_notice(client, team, ref)
    clock.advance(hours=71)  # an hour before the 72-hour deadline
    approve_and_send(client, team, ref, draft)

    notify.deliver_due(rt)
    customers = customers_obligation(client, team, ref)
    assert customers["state"] == "sending" and customers["met_at"] is None
    assert customers["status"] == "sending (0 of 2 delivered)"
    assert {d["last_error"] for d in customers["deliveries"]} == {f"connection refused by 127.0.0.1:{mail.port}"}
    incident = ok(client.get(f"/api/v1/incidents/{ref}", headers=team["dana"]))
    [deadline] = [d for d in incident["deadlines"] if d["kind"] == "communication:customers"]
    assert deadline["met_at"] is None and deadline["state"] == "pending"
    refused = client.post(f"/api/v1/incidents/{ref}/close", headers=team["dana"])
    assert refused.status_code == 409

    clock.advance(hours=2)  # the server comes back after the deadline
    mail.start()
    delivered_at = rt.clock()
    assert notify.deliver_due(rt) == 2
    customers = customers_obligation(client, team, ref)
    assert (customers["state"], customers["met_at"]) == ("met", delivered_at.isoformat())
    incident = ok(client.get(f"/api/v1/incidents/{ref}", headers=team["dana"]))
    [deadline] = [d for d in incident["deadlines"] if d["kind"] == "communication:customers"]
    assert deadline["met_at"] == delivered_at.isoformat()
    assert deadline["due_at"] == (aware + timedelta(hours=72)).isoformat()
    assert deadline["state"] == "met_late"  # sent in time, delivered late: judged on the delivery
    log = ok(client.get(f"/api/v1/incidents/{ref}/log", headers=team["dana"]))
    [entry] = [e for e in log if e["type"] == "delivery"]
    assert (entry["at"], entry["data"]["outcome"], entry["data"]["delivered"]) == (
        delivered_at.isoformat(),
        "delivered",
        2,
    )
    assert entry["text"].startswith(f"Delivered {draft['id']} for customers: 2 of 2 accepted")


def test_a_dead_message_leaves_the_notice_at_risk_and_reminds_the_incident_commander(client, team, mail, clock):
    rt = client.app.state.runtime
    ref = declare(client, team)
    approve_and_send(client, team, ref, ready_notice(client, team, ref))
    notify.deliver_due(rt)
    clock.advance(minutes=11)  # past the plan's dead-letter time
    notify.deliver_due(rt)
    assert {m["state"] for m in notify.messages(rt, incident_ref=ref, obligation_id="customers")} == {"dead"}

    customers = customers_obligation(client, team, ref)
    assert customers["state"] == "at_risk"
    assert customers["status"] == (
        f"at risk (0 of 2 delivered; a message failed: connection refused by 127.0.0.1:{mail.port})"
    )
    listed = ok(client.get("/api/v1/incidents", headers=team["dana"]))["items"]
    [row] = [i for i in listed if i["ref"] == ref]
    assert [o["state"] for o in row["obligations"] if o["key"] == "customers"] == ["at_risk"]
    log = ok(client.get(f"/api/v1/incidents/{ref}/log", headers=team["dana"]))
    deliveries = [e for e in log if e["type"] == "delivery"]
    assert [e["data"]["outcome"] for e in deliveries] == ["dead"]  # the first failure is news, the second is not
    [reminder] = [e for e in log if e["type"] == "reminder" and e["data"]["reminder"] == "at_risk"]
    assert "dana@example.com" in reminder["data"]["to"]

    # The reminder waits for the mail server too; when it is back, the Incident Commander reads it.
    mail.start()
    clock.advance(minutes=1)
    notify.deliver_due(rt)
    [told] = [m for m in mail.mailbox.messages if "AT RISK" in m["Subject"]]
    assert "dana@example.com" in told["To"] and "connection refused" in told.get_content()

    # Retried by an operator and delivered, the notice meets its obligation.
    for message in notify.messages(rt, incident_ref=ref, obligation_id="customers"):
        ok(client.post(f"/api/v1/outbox/{message['id']}/retry", headers=team["sam"]))
    notify.deliver_due(rt)
    assert customers_obligation(client, team, ref)["state"] == "met"


# --- a quiet outbox ---------------------------------------------------------------------------------------------


def test_ten_stage_changes_in_a_minute_at_sev1_reach_each_recipient_as_one_message(client, team, mail, clock, rt):
    mail.start()
    ref = declare(client, team, severity="SEV-1", customers=())
    clock.advance(seconds=61)
    notify.deliver_due(rt)  # the declaration's own changes, one message
    mail.mailbox.messages.clear()
    mail.mailbox.envelopes.clear()

    stages = rt.plan.stage_ids()
    here = ok(client.get(f"/api/v1/incidents/{ref}", headers=team["dana"]))["stage"]
    there = stages[stages.index(here) + 1]
    for n in range(10):
        clock.advance(seconds=5)
        move = {"to": there} if n % 2 == 0 else {"to": here, "reason": f"back to {here}, round {n}"}
        ok(client.post(f"/api/v1/incidents/{ref}/advance", headers=team["dana"], json=move))
    assert notify.deliver_due(rt) == 0  # held until the window closes
    clock.advance(seconds=30)
    assert notify.deliver_due(rt) == 1

    [update] = mail.mailbox.messages
    assert Counter(address for _sender, rcpts in mail.mailbox.envelopes for address in rcpts) == Counter(
        {address: 1 for address in ("dana@example.com", "erin@example.com", "sam@example.com")}
    )
    assert update["Subject"].startswith(f"[SEV-1] {ref} Support bot showed other customers' orders: 10 changes")
    assert sum(1 for line in update.get_content().splitlines() if line.startswith("- ") and "Stage" in line) == 10

    # A change after the window is a new message, not added to the one already sent.
    clock.advance(seconds=5)
    ok(client.post(f"/api/v1/incidents/{ref}/advance", headers=team["dana"], json={"to": there}))
    clock.advance(seconds=61)
    assert notify.deliver_due(rt) == 1 and len(mail.mailbox.messages) == 2


def test_failing_messages_are_grouped_by_channel_and_reason_with_their_attempts_one_request_away(
    client, team, mail, clock, rt
):
    ref = declare(client, team, customers=("ana@example.com", "bo@example.com", "cy@example.com"))
    clock.advance(minutes=2)
    approve_and_send(client, team, ref, ready_notice(client, team, ref))
    notify.deliver_due(rt)
    clock.advance(minutes=1)
    notify.deliver_due(rt)

    groups = ok(client.get("/api/v1/outbox/failures", headers=team["dana"]))["groups"]
    assert len(groups) == 1
    [group] = groups
    since = rt.clock() - timedelta(minutes=1)
    assert group["summary"] == (
        f"3 messages are failing on email: connection refused by 127.0.0.1:{mail.port} "
        f"since {since.strftime('%H:%M')} UTC"
    )
    assert (group["channel"], group["messages"], sum(group["states"].values())) == ("email", 3, 3)
    attempts = ok(client.get(f"/api/v1/outbox/{group['message_ids'][0]}", headers=team["dana"]))["history"]
    assert attempts and {a["reason"] for a in attempts} == {f"connection refused by 127.0.0.1:{mail.port}"}
    by_incident = ok(client.get("/api/v1/outbox/failures", headers=team["dana"], params={"incident": ref}))
    assert by_incident["groups"][0]["messages"] == 3

    mail.start()
    clock.advance(minutes=5)
    notify.deliver_due(rt)
    assert ok(client.get("/api/v1/outbox/failures", headers=team["dana"]))["groups"] == []
