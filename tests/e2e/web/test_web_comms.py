"""Communications in the browser: draft from the plan's template, edit, approve by the role the matrix names, send,
and see the delivery state."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import add_person, sign_in


def test_a_customer_notice_is_drafted_edited_approved_by_the_sponsor_and_sent(service, browsing):
    sponsor_token = add_person(service, "sam", ["executive_sponsor"])
    with service.client(headers=service.admin) as client:
        declared = client.post("/api/v1/incidents", json={
            "title": "Assistant quoted wrong loan rates", "category": "hallucination_harm", "severity": "SEV-2",
            "source": "customer_report", "customers_affected": 2})
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
        imported = client.post(f"/api/v1/incidents/{ref}/customers", json={"customers": [
            {"email": "ana@example.com", "name": "Ana"}, {"email": "ben@example.com", "name": "Ben"}]})
        assert imported.status_code == 200, imported.text

    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")
    panel = page.locator("#communications")
    customers = panel.locator(".obligation", has_text="customers")
    expect(customers.locator(".tag").first).to_have_text("open")
    customers.get_by_role("button", name=re.compile(r"^Draft .* from the template$")).click()
    expect(page.get_by_role("status").first).to_contain_text(f"Drafted {ref}-D1")
    draft = f"{ref}-D1"
    body = page.get_by_label(f"Text of {draft}", exact=True)
    expect(body).not_to_have_value("")
    body.fill("We gave you a wrong loan rate on 12 May. The correct rate is in your account. We are sorry.")
    page.get_by_role("button", name="Save a new version").first.click()
    expect(page.get_by_role("status").first).to_contain_text(f"Saved {draft} version 2")

    # Sending before the Executive Sponsor approved this exact text is refused, and says who must approve.
    page.get_by_role("button", name=f"Send {draft}").click()
    expect(page.get_by_role("alert")).to_contain_text("needs the approval of the Executive Sponsor")

    sponsor = browsing.page()
    sign_in(sponsor, sponsor_token, f"/incidents/{ref}")
    expect(sponsor.get_by_label(f"Text of {draft}", exact=True)).to_have_count(0)  # sam may not edit
    expect(sponsor.get_by_role("button", name=f"Send {draft}")).to_have_count(0)  # nor send
    sponsor.get_by_role("button", name=f"Approve {draft} version 2").click()
    expect(sponsor.get_by_role("status").first).to_contain_text(f"Approved {draft} version 2")
    expect(sponsor.locator("#communications .draft")).to_contain_text("approved by sam (executive sponsor)")

    page.goto(f"/incidents/{ref}")
    page.get_by_role("button", name=f"Send {draft}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Sent {draft}: 2 message(s) queued for delivery")
    deliveries = page.locator("#communications .deliveries li")
    expect(deliveries).to_have_count(2)
    expect(page.locator("#communications .deliveries")).to_contain_text("ana@example.com")
    expect(page.locator("#communications .deliveries")).to_contain_text("ben@example.com")
    expect(customers.locator(".tag").first).to_have_text("met")
