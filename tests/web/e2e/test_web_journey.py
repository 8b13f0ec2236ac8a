"""A commander runs a SEV-1 in a real browser, from declaration to close, in at most 18 clicks (counted) and without a
single full page load between stage actions, on a desktop and a phone: each stage's work is on top, the incident
moves on by itself once a stage's guards hold, and the command header (next deadline, containment in force) stays
on the screen. Two responders see each other's changes over the page's event stream."""

from __future__ import annotations

import re

from browsing import DESKTOP, PHONE, Clicks, add_person, full_loads, in_viewport, sign_in
from playwright.sync_api import expect

FEATURE = "support-assistant"
ZONE = "America/Los_Angeles"
MOST_CLICKS = 18


def prepare(service) -> None:
    """What exists before the incident: the AI feature's controls, and a colleague the internal update goes to."""
    with service.client(headers=service.admin) as client:
        registered = client.post(
            "/api/v1/features",
            json={"name": FEATURE, "customer_facing": True, "fallback_response": "Our assistant is paused."},
        )
        assert registered.status_code == 201, registered.text
        person = {"handle": "dana", "email": "dana@example.com", "roles": ["executive_sponsor"]}
        assert client.post("/api/v1/people", json=person).status_code == 201


def now_is(page, stage: str) -> None:
    expect(page.locator("#now-h")).to_have_text(f"Now: {stage}")


def said(page, text: str) -> None:
    expect(page.locator(".said.flash")).to_contain_text(text)


def header_is_on_screen(page, *parts: str) -> None:
    """The command header's next deadline and containment are visible where the person is, without scrolling."""
    header = page.locator("#command")
    for part in (".command-deadline", ".command-controls"):
        assert in_viewport(header.locator(part)), part
    for text in parts:
        expect(header).to_contain_text(text)


def run_a_sev1(service, browsing, viewport) -> None:
    prepare(service)
    page = browsing.page(viewport=viewport, timezone_id=ZONE)
    sign_in(page, service.token)
    click = Clicks()
    click(page.get_by_role("link", name="Declare an incident"))
    page.get_by_label("Title (required)", exact=True).fill("Assistant shows another customer's order history")
    page.get_by_label("Category", exact=True).select_option("data_leak")
    page.get_by_label("Severity (the Incident Commander confirms it in triage)", exact=True).select_option("SEV-1")
    page.get_by_label("AI feature affected", exact=True).fill(FEATURE)
    page.get_by_label("Summary", exact=True).fill("Two customers saw order lines of other accounts in the chat.")
    click(page.get_by_role("button", name="Declare", exact=True))
    expect(page).to_have_url(re.compile(r"/incidents/INC-\d{4}-\d{4}$"))
    ref = page.url.rsplit("/", 1)[-1]
    loads = full_loads(page)
    now_is(page, "Detect")
    header_is_on_screen(page, "SEV-1", "SEV-1 response", "nothing contained yet")

    # Detect: triage with the severity proposed and the commander filled in; Triage's guards hold, so on to Contain.
    expect(page.get_by_label("Incident Commander", exact=True)).to_have_value("admin")
    click(page.get_by_role("button", name="Start triage"))
    now_is(page, "Contain")
    said(page, "Moved to Contain")
    header_is_on_screen(page, "admin")

    # Contain: disable the feature, confirmed next to the control; that is containment, so on to Diagnose.
    page.get_by_label("Why disable it (required)", exact=True).fill("it shows other customers' orders")
    click(page.get_by_role("button", name=f"Disable {FEATURE}…"))
    expect(page.locator("#controls #confirm")).to_contain_text(f"{FEATURE}: disabled")
    click(page.get_by_role("button", name=f"Confirm: Disable {FEATURE}"))
    now_is(page, "Diagnose")
    header_is_on_screen(page, f"{FEATURE}: disabled")

    # Diagnose
    page.get_by_label("Layer", exact=True).select_option("data")
    page.get_by_label("What caused it", exact=True).fill("The retrieval index mixed the accounts' order lines.")
    click(page.get_by_role("button", name="Record root cause"))
    now_is(page, "Remediate")

    # Remediate: restore the feature (no confirmation: back to the known state), then resolve; on to Communicate.
    page.get_by_label(f"Why restore {FEATURE} (required)", exact=True).fill("index rebuilt per account, re-tested")
    click(page.get_by_role("button", name=f"Restore {FEATURE}"))
    said(page, f"Restored {FEATURE}")
    expect(page.locator("#command .command-controls")).to_contain_text("none in force")
    page.get_by_label("What was fixed and re-tested", exact=True).fill("Each account has its own index; re-tested.")
    click(page.get_by_role("button", name="Mark resolved"))
    now_is(page, "Communicate")

    # Communicate: the internal update and the customer notice, drafted from the plan's templates, the notice
    # approved (the admin holds the Executive Sponsor role) and sent to the customers pasted next to it.
    internal = page.locator(".obligation", has=page.get_by_role("heading", name=re.compile("internal update")))
    click(internal.get_by_role("button", name=re.compile(r"^Draft internal update .* from the template$")))
    said(page, "from the plan's template")
    click(internal.get_by_role("button", name=re.compile(r"^Send INC-")))
    expect(internal.locator(".tag").first).to_have_text("met")
    customers = page.locator(".obligation", has=page.get_by_role("heading", name=re.compile("customers notice")))
    click(customers.get_by_role("button", name=re.compile(r"^Draft customers notice .* from the template$")))
    said(page, "from the plan's template")
    customers.get_by_label("Customers (CSV with a header row: email, name, id)", exact=True).fill(
        "email,name,id\nana@example.com,Ana,C-1\nben@example.com,Ben,C-2\n"
    )
    click(customers.get_by_role("button", name="Import customers"))
    said(page, "Imported 2 new affected customer(s)")
    click(customers.get_by_role("button", name=re.compile(r"^Approve INC-.* version 1$")))
    said(page, "Approved")
    click(customers.get_by_role("button", name=re.compile(r"^Send INC-")))
    now_is(page, "Document")

    # Document: publish the report drafted from the log; Learn: hold the review; then close, confirmed.
    click(page.get_by_role("button", name="Publish the report"))
    now_is(page, "Learn")
    page.get_by_label("Attendees (comma separated)", exact=True).fill("admin, dana")
    page.get_by_label("Findings", exact=True).fill("Per-account indexes; a detector for cross-account answers.")
    click(page.get_by_role("button", name="Record the review"))
    expect(page.locator("#now")).to_contain_text("ready to close")
    click(page.get_by_role("button", name=f"Close {ref}…"))
    expect(page.locator("#now #confirm")).to_contain_text("Closing ends the response")
    click(page.get_by_role("button", name=f"Confirm: close {ref}"))
    expect(page.locator("#now-h")).to_have_text("Closed")
    expect(page.locator("#command")).to_contain_text("closed")

    assert click.count <= MOST_CLICKS, click.count
    assert loads == [], loads  # every stage action updated the page in place

    # Times read in the browser's zone, with UTC on hover.
    first = page.locator(".timeline .entry time").first
    expect(first).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} P[SD]T$"))
    expect(first).to_have_attribute("title", re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$"))
    with service.client(headers=service.admin) as client:
        shown = client.get(f"/api/v1/incidents/{ref}").json()
    assert (shown["status"], shown["stage"]) == ("closed", "learn")


def test_a_commander_runs_a_sev1_from_declaration_to_close_on_a_desktop(any_service, browsing):
    run_a_sev1(any_service, browsing, DESKTOP)


def test_a_commander_runs_a_sev1_from_declaration_to_close_on_a_phone(service, browsing):
    run_a_sev1(service, browsing, PHONE)


def test_two_responders_see_each_others_changes_over_the_event_stream(service, browsing):
    bob_token = add_person(service, "bob", ["incident_commander"])
    alice = browsing.page()
    sign_in(alice, service.token, "/incidents/new")
    alice.get_by_label("Title (required)", exact=True).fill("Prompt injection through uploaded PDFs")
    alice.get_by_label("Category", exact=True).select_option("prompt_injection")
    alice.get_by_role("button", name="Declare").click()
    ref = alice.url.rsplit("/", 1)[-1]

    bob = browsing.page(viewport=PHONE)
    sign_in(bob, bob_token, f"/incidents/{ref}")
    expect(bob.locator("#severity")).to_contain_text("No severity yet")
    bob.locator("#fold-facts > summary").click()  # opened, not typed into: the redraw keeps it open
    requests = []
    bob.on("request", lambda request: requests.append(request.url))

    alice.get_by_role("combobox", name="Severity", exact=True).select_option("SEV-2")
    alice.get_by_role("button", name="Start triage").click()
    alice.get_by_label("Text", exact=True).fill("Blocking PDF uploads while we look.")
    alice.get_by_role("button", name="Add to the log").click()

    # Bob never reloads: his page's event stream says the version moved, and the page fetches its fragment.
    expect(bob.locator("#command .sev")).to_contain_text("SEV-2", timeout=5_000)
    expect(bob.locator(".timeline")).to_contain_text("Blocking PDF uploads", timeout=5_000)
    expect(bob.locator(".tracker [aria-current=step]")).to_contain_text("Contain")
    expect(bob.locator("#fold-facts")).to_have_attribute("open", "")
    assert all("/live?" in url for url in requests), requests  # no polling: only fetches after the stream spoke

    # A form being typed into is not swapped away: the page says the incident changed instead.
    bob.get_by_label("Link (optional)", exact=True).fill("https://example.com/pdf-upload")
    bob.get_by_label("Text", exact=True).fill("Half-written note")
    alice.get_by_label("Text", exact=True).fill("Second note from alice.")
    alice.get_by_role("button", name="Add to the log").click()
    expect(bob.locator("#live-notice")).to_be_visible(timeout=5_000)
    expect(bob.get_by_label("Text", exact=True)).to_have_value("Half-written note")
    bob.get_by_role("button", name="Add to the log").click()
    expect(bob.locator(".timeline")).to_contain_text("Second note from alice.")
    expect(bob.locator(".timeline")).to_contain_text("Half-written note")

    # A new incident appears in the other's list without reloading, with a running countdown.
    bob.goto("/incidents")
    alice.goto("/incidents/new")
    alice.get_by_label("Title (required)", exact=True).fill("Assistant shares another customer's order")
    alice.get_by_label("Category", exact=True).select_option("data_leak")
    alice.get_by_label("Severity (the Incident Commander confirms it in triage)", exact=True).select_option("SEV-1")
    alice.get_by_role("button", name="Declare").click()
    row = bob.locator("#incident-rows tr", has_text="another customer's order")
    expect(row).to_have_count(1, timeout=5_000)
    countdown = row.locator("time.countdown")
    first = countdown.text_content()
    expect(countdown).not_to_have_text(first, timeout=5_000)  # it ticks every second
    assert re.match(r"^(due in|overdue by) ", countdown.text_content())
