"""Communications in the browser: draft from the plan's template, see its unfilled slots highlighted and approval
refused until they are filled, write what customers are told, fill the slots, preview what each recipient gets,
approve by the role the matrix names, send, and see the delivery state: sending while the mail server is down (with
the failures grouped and the administrator's banner), met once it is back."""

from __future__ import annotations

import re
import socket
import time

import tomli_w
from aiosmtpd.controller import Controller
from browsing import add_person, sign_in
from playwright.sync_api import expect

from aicident.plan.loader import default_plan, plan_document


def test_a_customer_notice_is_drafted_edited_approved_by_the_sponsor_and_sent(service, browsing):
    sponsor_token = add_person(service, "sam", ["executive_sponsor"])
    with service.client(headers=service.admin) as client:
        declared = client.post(
            "/api/v1/incidents",
            json={
                "title": "Assistant quoted wrong loan rates",
                "category": "hallucination_harm",
                "severity": "SEV-2",
                "source": "customer_report",
                "customers_affected": 2,
            },
        )
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
        imported = client.post(
            f"/api/v1/incidents/{ref}/customers",
            json={
                "customers": [{"email": "ana@example.com", "name": "Ana"}, {"email": "ben@example.com", "name": "Ben"}]
            },
        )
        assert imported.status_code == 200, imported.text

    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")
    page.locator("#fold-communications > summary").click()  # not the current stage's work: folded
    panel = page.locator("#communications")
    customers = panel.locator(".obligation", has_text="customers")
    expect(customers.locator(".tag").first).to_have_text("open")
    customers.get_by_role("button", name=re.compile(r"^Draft .* from the template$")).click()
    expect(page.get_by_role("status").first).to_contain_text(f"Drafted {ref}-D1")
    draft = f"{ref}-D1"
    body = page.get_by_label(f"Text of {draft}", exact=True)
    expect(body).not_to_have_value("")
    page.get_by_label(f"Subject of {draft}", exact=True).fill("A wrong loan rate was quoted to you")
    body.fill("We gave you a wrong loan rate on 12 May. The correct rate is in your account. We are sorry.")
    page.get_by_role("button", name="Save a new version").first.click()
    expect(page.get_by_role("status").first).to_contain_text(f"Saved {draft} version 2")

    # Sending before the Executive Sponsor approved this exact text is refused, and says who must approve.
    page.get_by_role("button", name=f"Send {draft}").click()
    expect(panel.get_by_role("alert")).to_contain_text("needs the approval of the Executive Sponsor")
    expect(body).to_have_value(re.compile("^We gave you a wrong loan rate"))  # refused next to the button, page kept

    sponsor = browsing.page()
    sign_in(sponsor, sponsor_token, f"/incidents/{ref}#communications")  # the address opens the folded panel
    expect(sponsor.get_by_label(f"Text of {draft}", exact=True)).to_have_count(0)  # sam may not edit
    expect(sponsor.get_by_role("button", name=f"Send {draft}")).to_have_count(0)  # nor send
    sponsor.get_by_role("button", name=f"Approve {draft} version 2").click()
    expect(sponsor.get_by_role("status").first).to_contain_text(f"Approved {draft} version 2")
    expect(sponsor.locator("#communications .draft")).to_contain_text("approved by sam (executive sponsor)")
    expect(panel.locator(".draft")).to_contain_text("approved by sam", timeout=5_000)  # the other page hears of it

    page.get_by_role("button", name=f"Send {draft}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Sent {draft}: 2 message(s) queued for delivery")
    deliveries = page.locator("#communications .deliveries li")
    expect(deliveries).to_have_count(2)
    expect(page.locator("#communications .deliveries")).to_contain_text("ana@example.com")
    expect(page.locator("#communications .deliveries")).to_contain_text("ben@example.com")
    # No mail server runs here: queued is not delivered, so the obligation is sending, not met.
    expect(customers.locator(".tag").first).to_contain_text("sending")


def test_a_clock_event_and_the_affected_customers_are_recorded_from_the_incident_page(service, browsing):
    with service.client(headers=service.admin) as client:
        declared = client.post(
            "/api/v1/incidents",
            json={
                "title": "Assistant emailed transcripts to the wrong customers",
                "category": "data_leak",
                "severity": "SEV-2",
                "source": "customer_report",
                "personal_data_involved": True,
            },
        )
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
    page = browsing.page(timezone_id="Europe/Berlin")
    sign_in(page, service.token, f"/incidents/{ref}")
    page.locator("#fold-deadlines > summary").click()

    # A clock event with its time in the reader's zone (Berlin: UTC+1 in January); one in the future is refused.
    page.locator("#clock-event-more summary").click()
    page.get_by_label("Event", exact=True).select_option("materiality_determined")
    page.get_by_label("When (your time; empty: now)", exact=True).fill("2099-01-01T09:00")
    page.get_by_role("button", name="Record the clock event").click()
    expect(page.locator("#deadlines").get_by_role("alert")).to_contain_text("a clock event cannot be in the future")
    page.get_by_label("When (your time; empty: now)", exact=True).fill("2026-01-05T10:30")
    page.locator("#deadlines").get_by_label("Reason", exact=True).fill("Legal confirmed it is material")
    page.get_by_role("button", name="Record the clock event").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded materiality determined")
    expect(page.locator("#deadlines")).to_contain_text("materiality determined 2026-01-05 10:30 GMT+1 (admin)")
    expect(page.locator(".timeline")).to_contain_text("Clock event materiality determined at 2026-01-05 10:30 GMT+1")

    # Affected customers pasted as CSV: a bad row refuses the whole import and names the row; then it goes in once.
    page.locator("#fold-facts > summary").click()
    page.locator("#customers-more summary").click()
    page.get_by_label("Customers (CSV with a header row: email, name, id)", exact=True).fill(
        "email,name,id\nana@example.com,Ana,C-1\nnot-an-email,Bo,C-2\n"
    )
    page.get_by_role("button", name="Import customers").click()
    expect(page.locator("#facts").get_by_role("alert")).to_contain_text("row 2: 'not-an-email' is not an email address")
    page.get_by_label("Customers (CSV with a header row: email, name, id)", exact=True).fill(
        "email,name,id\nana@example.com,Ana,C-1\nben@example.com,Ben,C-2\nANA@example.com,Ana,C-1\n"
    )
    page.get_by_role("button", name="Import customers").click()
    expect(page.get_by_role("status").first).to_contain_text("Imported 2 new affected customer(s); 2 in all.")
    expect(page.locator("#facts")).to_contain_text("Customers affected: 2")
    expect(page.locator("#facts")).to_contain_text("2 affected customers on record")
    with service.client(headers=service.admin) as client:
        emails = [c["email"] for c in client.get(f"/api/v1/incidents/{ref}/customers").json()]
        log = client.get(f"/api/v1/incidents/{ref}/log").json()
    assert sorted(emails) == ["ana@example.com", "ben@example.com"]
    [clock] = [e for e in log if e["type"] == "clock_event"]
    assert (clock["actor"], clock["data"]["event"], clock["data"]["reason"]) == (
        "admin",
        "materiality_determined",
        "Legal confirmed it is material",
    )
    assert clock["data"]["at"].startswith("2026-01-05T09:30")


def test_the_incident_page_shows_a_legal_deadline_with_its_basis_beside_the_plans_target(service, browsing):
    with service.client(headers=service.admin) as client:
        declared = client.post(
            "/api/v1/incidents",
            json={"title": "Card numbers in support answers", "category": "data_leak", "jurisdictions": ["US"]},
        )
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
        assert client.post(f"/api/v1/incidents/{ref}/facts", json={"material": True}).status_code == 200
        recorded = client.post(
            f"/api/v1/incidents/{ref}/clock-events",
            json={"event": "materiality_determined", "at": "2026-12-05T15:00:00Z", "reason": "board call"},
        )
        assert recorded.status_code == 200, recorded.text
    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")

    # Determined on Saturday 5 December: Form 8-K B.1 gives Thursday 10 December, 17:30 EST; the plan's target is a
    # business day earlier, Wednesday 9 December at 17:00 in New York.
    sec = page.locator("#communications .obligation", has_text="Form 8-K Item 1.05")
    expect(sec).to_contain_text("our target 2026-12-09 22:00 UTC (1 business day before the legal deadline")
    expect(sec.locator(".basis")).to_contain_text(
        "Legal deadline 2026-12-10 22:30 UTC. Form 8-K Item 1.05 and General Instruction B.1"
    )
    expect(sec.locator(".reckoning")).to_contain_text("business day 1 is Mon 7 Dec 2026; business day 4 is Thu 10 Dec")
    deadline = page.locator("#deadlines li", has_text="Form 8-K Item 1.05")
    expect(deadline).to_contain_text("(due 2026-12-09 22:00 UTC)")
    expect(deadline).to_contain_text("Our target; legal deadline 2026-12-10 22:30 UTC.")


class Mailbox:
    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_notice_is_held_until_its_slots_are_filled_and_is_met_only_once_the_mail_server_accepts_it(
    service, browsing, tmp_path
):
    # The organisation's settings come from the plan; the mail server's port answers nothing yet.
    document = plan_document(default_plan())
    document["organisation"] = {
        "name": "Example Corp",
        "support_contact": "support@example.com",
        "status_page_url": "https://status.example.com",
        "signature": "The Example Corp team",
    }
    plan = tmp_path / "plan.toml"
    plan.write_text(tomli_w.dumps(document), encoding="utf-8")
    port = _free_port()
    service.env.update(AICIDENT_PLAN=str(plan), AICIDENT_SMTP_HOST="127.0.0.1", AICIDENT_SMTP_PORT=str(port))
    service.restart()
    with service.client(headers=service.admin) as client:
        declared = client.post(
            "/api/v1/incidents",
            json={
                "title": "Support bot showed other customers' orders",
                "category": "data_leak",
                "severity": "SEV-2",
                "source": "customer_report",
                "summary": "Retrieval concatenated other tenants' rows into the system instruction block.",
                "customers_affected": 2,
            },
        )
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
        imported = client.post(
            f"/api/v1/incidents/{ref}/customers",
            json={"customers": [{"email": "ana@example.com"}, {"email": "ben@example.com"}]},
        )
        assert imported.status_code == 200, imported.text

    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")
    banner = page.get_by_role("complementary", name="Delivery channels")
    expect(banner).to_contain_text("Messages cannot go out.")
    expect(banner).to_contain_text(f"connection refused by 127.0.0.1:{port}")

    panel = page.locator("#communications")
    customers = panel.locator(".obligation", has_text="customers")
    customers.get_by_role("button", name=re.compile(r"^Draft .* from the template$")).click()
    draft = f"{ref}-D1"
    slots = page.get_by_role("list", name=f"Slots of {draft}")
    expect(slots.locator("li.unfilled")).to_have_count(3)
    expect(slots).to_contain_text("what_happened: unfilled [Plain-language description in 2-3 sentences]")
    expect(panel).not_to_contain_text("concatenated")  # the internal summary is not for customers

    page.get_by_role("button", name=f"Approve {draft} version 1").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{draft} version 1 cannot be approved: it is not finished")
    expect(page.get_by_role("alert")).to_contain_text("fill what_happened")

    page.locator("#customer-text-more summary").click()
    page.get_by_label("What happened, in plain words for customers", exact=True).fill(
        "Our support assistant showed you part of another customer's order history."
    )
    page.get_by_label("How it affects customers", exact=True).fill("Another customer may have seen your orders.")
    page.get_by_role("button", name="Save what customers are told").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded what customers are told.")

    page.get_by_label("Specific actions if any (customer_actions)", exact=True).fill("No action is needed.")
    page.get_by_role("button", name=f"Fill the slots of {draft}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Filled {draft}: version 2")
    expect(slots.locator("li.unfilled")).to_have_count(0)

    panel.locator("details.preview summary").first.click()
    preview = panel.locator("details.preview").first
    expect(preview).to_contain_text("To: ana@example.com")
    expect(preview).to_contain_text("Our support assistant showed you part of another customer's order history.")
    expect(preview).to_contain_text("The Example Corp team")
    expect(preview).not_to_contain_text("[")

    page.get_by_role("button", name=f"Approve {draft} version 2").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Approved {draft} version 2")
    page.get_by_role("button", name=f"Send {draft}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Sent {draft}: 2 message(s) queued for delivery")

    # The workers try, the server refuses: the notice is sending, not met, and the failures read as one line.
    def reload_until(text: str, where: str = "#communications", seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            page.reload()
            if text in page.locator(where).first.inner_text():
                return
            time.sleep(1)
        raise AssertionError(f"{text!r} never appeared in {where}")

    reload_until(f"2 messages are failing on email: connection refused by 127.0.0.1:{port}")
    expect(customers.locator(".tag").first).to_have_text("sending (0 of 2 delivered)")
    panel.locator("details.failing summary").click()
    expect(panel.locator("details.failing")).to_contain_text("transient: connection refused")

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        reload_until(f"Delivered {draft} for customers: 2 of 2 accepted", where=".timeline", seconds=60)
        expect(customers.locator(".tag").first).to_have_text("met")
    finally:
        controller.stop()
    assert len(mailbox.messages) == 2
    assert all(b"[" not in message.split(b"\r\n\r\n", 1)[1] for message in mailbox.messages)
