"""The signal inbox and the public report form in the browser: a customer reports, a responder triages."""

from __future__ import annotations

import re

from browsing import sign_in
from playwright.sync_api import expect


def test_a_customer_report_reaches_the_inbox_and_a_responder_declares_and_dismisses(service, browsing):
    customer = browsing.page()
    customer.goto("/report")
    customer.get_by_label("What happened (required)", exact=True).fill("The assistant told me to double my dose.")
    customer.get_by_label("How we can reach you (email or phone)", exact=True).fill("pat@example.com")
    customer.get_by_role("button", name="Send report").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("we received your report")
    expect(customer.locator("strong")).to_have_text(re.compile(r"^CR-[0-9A-F]{8}$"))
    for report in ("It answered in the wrong language.", "It suggested a double dose to me as well."):
        customer.goto("/report")
        customer.get_by_label("What happened (required)", exact=True).fill(report)
        customer.get_by_role("button", name="Send report").click()
        expect(customer.get_by_role("heading", level=1)).to_contain_text("we received your report")

    page = browsing.page()
    sign_in(page, service.token, "/signals")
    cards = page.locator("main section.card")
    expect(cards).to_have_count(3)
    dose = cards.filter(has_text="double my dose")
    expect(dose.get_by_label("Declare an incident in")).to_have_value("")  # no category is chosen for the person
    dose.get_by_role("button", name="Declare").click()
    expect(page).to_have_url(re.compile(r"/signals$"))  # the browser asks for the category first
    dose.get_by_label("Declare an incident in").select_option("hallucination_harm")
    dose.get_by_label("Severity").select_option("SEV-1")
    dose.get_by_role("button", name="Declare").click()
    expect(page).to_have_url(re.compile(r"/incidents/INC-\d{4}-\d{4}$"))
    expect(page.locator("#command .sev")).to_contain_text("SEV-1")
    expect(page.locator(".timeline")).to_contain_text("Signal from customer-reports")
    expect(page.locator("#signals")).to_contain_text("double my dose")

    ref = page.url.rsplit("/", 1)[-1]

    # The attach field searches the open incidents as the person types; the signal joins the one chosen.
    page.goto("/signals")
    again = page.locator("main section.card", has_text="double dose to me as well")
    again.get_by_label("Attach to (type to search)").fill(ref)
    again.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("status")).to_contain_text(f"Attached the signal to {ref}")

    language = page.locator("main section.card", has_text="wrong language")
    language.get_by_label("Dismiss, because").fill("Known translation bug, tracked elsewhere")
    language.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("status")).to_contain_text("Dismissed")
    expect(page.get_by_text("The inbox is empty")).to_be_visible()
