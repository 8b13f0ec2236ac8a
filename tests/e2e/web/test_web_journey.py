"""The responder's journey in a real browser: sign in, declare, triage, assign, log, every stage with its guard
explained, disable the affected feature (a second person approves) and restore it, resolve, document, review,
close; and a second responder sees it happen without reloading."""

from __future__ import annotations

import re

from conftest import PHONE, add_person, sign_in
from playwright.sync_api import expect

from aicident.comms.slots import prompts_in


def alert(page):
    return page.get_by_role("alert")


def advance_refused(page, stage_name: str, needs: str) -> None:
    """Advancing before the guard holds: the page says, in the plan's words, what is still needed."""
    panel = page.locator("#stages")
    expect(panel.locator(".needs")).to_contain_text(needs)
    page.get_by_role("button", name=re.compile(r"^Advance to ")).click()
    expect(alert(page)).to_contain_text(needs)
    expect(page.locator(".tracker [aria-current=step]")).to_contain_text(stage_name)


def advance(page, to: str) -> None:
    page.get_by_role("button", name=f"Advance to {to}").click()
    expect(page.get_by_role("status").first).to_contain_text("Moved to")
    expect(page.locator(".tracker [aria-current=step]")).to_contain_text(to)


def controls_of(service, feature: str) -> dict:
    with service.client(headers=service.admin) as client:
        return client.get("/api/v1/controls").json()["features"][feature]


def control_entries(service, ref: str) -> list[tuple[str, str, str]]:
    """The incident log's control changes as (who, what, why)."""
    with service.client(headers=service.admin) as client:
        log = client.get(f"/api/v1/incidents/{ref}/log").json()
    return [
        (e["actor"], e["data"]["action"], e["data"]["reason"])
        for e in log
        if e["type"] == "containment_action" and e["data"].get("kind") == "control"
    ]


def disable_the_feature_with_a_second_persons_approval(service, browsing, page, ref: str) -> None:
    """Register the affected feature, disable it (confirmed first); at SEV-3 the plan asks a second person to approve
    disabling a customer-facing feature, so the Executive Sponsor does, from their own browser."""
    panel = page.locator("#controls")
    expect(panel).to_contain_text("support-assistant is not a registered AI feature")
    panel.locator("#controls-register summary").click()
    panel.get_by_label("Customer-facing", exact=True).check()
    panel.get_by_label("Fallback response (served while it is disabled)", exact=True).fill(
        "Refund questions are answered by our support team; we will reply by email."
    )
    panel.get_by_role("button", name="Register the feature").click()
    expect(page.get_by_role("status").first).to_contain_text("Registered support-assistant")
    assert controls_of(service, "support-assistant")["enabled"] is True

    panel.get_by_label("Why disable it (required)", exact=True).fill("it invents refund policies")
    panel.get_by_role("button", name="Disable support-assistant…").click()
    expect(page.locator("#confirm")).to_contain_text("we will reply by email")
    page.get_by_role("button", name="Confirm: Disable support-assistant").click()
    expect(page.get_by_role("status").first).to_contain_text("waits for a second person's approval")
    assert controls_of(service, "support-assistant")["enabled"] is True  # not before the approval
    advance_refused(page, "Contain", "record a containment action")

    sponsor = browsing.page(viewport=PHONE)
    sign_in(sponsor, add_person(service, "sam", ["executive_sponsor"]), f"/incidents/{ref}")
    sponsor.get_by_role("button", name="Approve: support-assistant: disabled (kill switch on)").click()
    expect(sponsor.get_by_role("status").first).to_contain_text("Approved and applied")
    assert controls_of(service, "support-assistant")["enabled"] is False
    expect(page.locator("#controls")).to_contain_text("on: the feature is disabled", timeout=8_000)
    expect(page.locator(".timeline")).to_contain_text("why: it invents refund policies")
    assert control_entries(service, ref) == [
        (
            "admin",
            "requested, awaiting a second person's approval: support-assistant: disabled (kill switch on)",
            "it invents refund policies",
        ),
        ("sam", "support-assistant: disabled (kill switch on)", "it invents refund policies"),
    ]


def restore_the_feature(service, page, ref: str) -> None:
    """The fix is in: the feature goes back to its controls before the incident, confirmed first."""
    panel = page.locator("#controls")
    panel.get_by_label("Why restore it (required)", exact=True).fill("policy answers are grounded now")
    panel.get_by_role("button", name="Restore support-assistant…").click()
    expect(page.locator("#confirm")).to_contain_text("back to its controls before")
    page.get_by_role("button", name="Confirm: Restore support-assistant").click()
    expect(page.get_by_role("status").first).to_contain_text("Restored: support-assistant: enabled (kill switch off)")
    assert controls_of(service, "support-assistant")["enabled"] is True
    expect(panel).to_contain_text("off: the feature is on")
    expect(panel.get_by_role("button", name="Restore support-assistant…")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("why: policy answers are grounded now")
    assert control_entries(service, ref)[-1] == (
        "admin",
        "support-assistant: enabled (kill switch off)",
        "policy answers are grounded now",
    )


def test_a_responder_runs_an_incident_from_declaration_to_close_in_the_browser(any_service, browsing):
    service = any_service
    assert f"In the browser: open {service.base_url}/ and paste it into" in service.log()  # the newcomer's way in
    page = browsing.page()
    page.goto("/incidents")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/incidents$"))
    sign_in(page, service.token)
    expect(page.get_by_role("status")).to_contain_text("Signed in as admin")
    expect(page.get_by_text("No incidents yet")).to_be_visible()

    # Declare
    page.get_by_role("link", name="Declare an incident").click()
    page.get_by_label("Title (required)", exact=True).fill("Assistant quotes a refund policy we do not have")
    page.get_by_label("Category", exact=True).select_option("hallucination_harm")
    page.get_by_label("Summary", exact=True).fill("Customers were told refunds are automatic within 90 days.")
    page.get_by_label("AI feature affected", exact=True).fill("support-assistant")
    page.get_by_role("button", name="Declare").click()
    expect(page).to_have_url(re.compile(r"/incidents/INC-\d{4}-\d{4}$"))
    ref = page.url.rsplit("/", 1)[-1]
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assistant quotes a refund policy")
    expect(page.locator(".tracker [aria-current=step]")).to_contain_text("Detect")

    # Triage: severity and Incident Commander in one form; leaving Triage needs both
    page.get_by_role("combobox", name="Severity", exact=True).select_option("SEV-3")
    page.get_by_label("Incident Commander", exact=True).fill("admin")
    page.get_by_role("button", name="Start triage").click()
    expect(page.locator(".tracker [aria-current=step]")).to_contain_text("Triage")
    expect(page.locator("#severity .sev")).to_have_text("SEV-3")
    expect(page.locator("#stages")).to_contain_text("Everything Triage needs is done")

    # Escalate and de-escalate, each with its reason; a move the wrong way is refused and says what is allowed
    page.get_by_label("New severity", exact=True).select_option("SEV-2")
    page.locator("#severity").get_by_label("Reason (required)", exact=True).fill("a second customer complained")
    page.get_by_role("button", name="Escalate", exact=True).click()
    expect(page.locator("#severity .sev")).to_have_text("SEV-2")
    page.get_by_label("New severity", exact=True).select_option("SEV-4")
    page.locator("#severity").get_by_label("Reason (required)", exact=True).fill("wrong button")
    page.get_by_role("button", name="Escalate", exact=True).click()
    expect(alert(page)).to_contain_text("SEV-4 is not an escalation from SEV-2 (one of: SEV-1)")
    page.get_by_label("New severity", exact=True).select_option("SEV-3")
    page.locator("#severity").get_by_label("Reason (required)", exact=True).fill("only two customers, both answered")
    page.get_by_role("button", name="De-escalate").click()
    expect(page.locator("#severity .sev")).to_have_text("SEV-3")

    # Facts
    page.locator("#facts-more summary").click()
    page.locator("#facts").get_by_label("Customers affected", exact=True).fill("2")
    page.locator("#facts").get_by_label("Reason", exact=True).fill("support confirmed two")
    page.get_by_role("button", name="Record facts").click()
    expect(page.locator("#facts")).to_contain_text("Customers affected: 2")

    # Roles: only registered people; an unknown handle is refused with the step that adds them
    page.get_by_label("Role", exact=True).select_option("ai_lead")
    page.get_by_label("Person", exact=True).fill("alice")
    page.get_by_role("button", name="Assign").click()
    expect(alert(page)).to_contain_text("no registered person 'alice'")
    add_person(service, "alice", ["ai_lead"])
    page.get_by_label("Role", exact=True).select_option("ai_lead")
    page.get_by_label("Person", exact=True).fill("alice")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#roles dl div", has_text="AI Lead")).to_contain_text("alice")

    # The log: a note and evidence, then the type filter
    page.get_by_label("Add", exact=True).select_option("note")
    page.get_by_label("Text", exact=True).fill("Support saw the first complaint at 09:12.")
    page.get_by_role("button", name="Add to the log").click()
    page.get_by_label("Add", exact=True).select_option("evidence")
    page.get_by_label("Text", exact=True).fill("Transcript 4411 shows the invented policy.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.locator(".timeline")).to_contain_text("Transcript 4411")
    page.get_by_label("Show", exact=True).select_option("note")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".timeline .entry")).to_have_count(1)
    expect(page.locator(".timeline")).to_contain_text("first complaint")
    page.goto(f"/incidents/{ref}")

    # Every stage: advancing early is refused with the guard explained; doing the work lets it through
    advance(page, "Contain")
    advance_refused(page, "Contain", "record a containment action")
    disable_the_feature_with_a_second_persons_approval(service, browsing, page, ref)
    expect(page.locator("#containment")).to_contain_text("support-assistant: disabled (kill switch on)")

    advance(page, "Diagnose")
    advance_refused(page, "Diagnose", "record a root cause")
    page.get_by_label("Layer", exact=True).select_option("prompt")
    page.get_by_label("What caused it", exact=True).fill(
        "The system prompt lets the model answer policy questions freely."
    )
    page.get_by_role("button", name="Record root cause").click()

    advance(page, "Remediate")
    advance_refused(page, "Remediate", "resolve the incident")
    # Nothing switched off is forgotten: resolving waits until the disabled feature is restored (or kept).
    page.get_by_label("What was fixed and re-tested", exact=True).fill(
        "Policy answers now come from the policy database."
    )
    page.get_by_role("button", name="Mark resolved").click()
    expect(alert(page)).to_contain_text("support-assistant (support-assistant: disabled (kill switch on))")
    restore_the_feature(service, page, ref)
    page.get_by_label("What was fixed and re-tested", exact=True).fill(
        "Policy answers now come from the policy database."
    )
    page.get_by_role("button", name="Mark resolved").click()
    expect(page.locator("#resolve")).to_contain_text("policy database")

    advance(page, "Communicate")
    advance_refused(page, "Communicate", "meet the obligations internal")
    page.locator("#communications-more summary").click()
    page.get_by_label("Audience or obligation", exact=True).select_option("internal")
    page.get_by_label("Channel", exact=True).fill("incident channel")
    page.get_by_label("What was said", exact=True).fill("Resolved; refund answers come from the policy database again.")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator("#communications .state-met")).to_have_count(1)

    advance(page, "Document")
    advance_refused(page, "Document", "record the post-incident report")
    page.locator("#report-preview summary").click()
    expect(page.locator("pre.report")).to_contain_text(ref)
    page.locator("#report-edit summary").click()
    markdown = page.get_by_label("The report (Markdown)", exact=True)
    written = markdown.input_value()
    for prompt in prompts_in(written):  # what the template asks people to write: publishing refuses a prompt left
        written = written.replace(prompt, "Written by the AI Lead.")
    markdown.fill(written + "\nReviewed by the AI Lead before publication.\n")
    page.get_by_role("button", name="Save as version 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved the report as version 1")
    page.locator("#followups-add summary").click()
    page.get_by_label("Owner (action items)", exact=True).fill("alice")
    page.get_by_label("Due (action items)", exact=True).fill("2026-12-15")
    page.get_by_label("What is to be done", exact=True).fill("Ground policy answers in the policy database")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#followups")).to_contain_text("Ground policy answers")
    item = page.locator("#followups li strong").first.text_content()
    page.get_by_role("button", name=f"Mark {item} done").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{item} is done")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_role("status").first).to_contain_text("report version 1 published")
    expect(page.locator("#report")).to_contain_text("Recorded")
    expect(page.get_by_role("link", name="Export (Markdown)")).to_be_visible()

    advance(page, "Learn")
    expect(page.locator("#stages .needs")).to_contain_text("hold the post-incident review")
    page.get_by_role("button", name=f"Close {ref}").click()
    expect(alert(page)).to_contain_text("hold the post-incident review")
    page.get_by_label("Attendees (comma separated)", exact=True).fill("admin, alice")
    page.get_by_label("Findings", exact=True).fill("Policy questions need grounded answers; add a monitor for them.")
    page.get_by_role("button", name="Record the review").click()
    page.get_by_role("button", name=f"Close {ref}").click()
    expect(page.get_by_role("status").first).to_contain_text("Closed.")
    expect(page.locator(".incident-head")).to_contain_text("closed")
    expect(page.locator("#stages")).to_contain_text("The incident is closed")

    # The list shows it with its filters
    page.goto("/incidents?status=closed")
    expect(page.locator("#incident-rows")).to_contain_text(ref)
    page.goto("/incidents?status=open")
    expect(page.locator("#incident-rows")).to_contain_text("No incidents match these filters")


def test_two_responders_see_each_others_changes_without_reloading(service, browsing):
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
    bob.locator("#facts-more summary").click()  # opened, not typed into: the swap keeps it open

    alice.get_by_role("combobox", name="Severity", exact=True).select_option("SEV-2")
    alice.get_by_role("button", name="Start triage").click()
    alice.get_by_label("Text", exact=True).fill("Blocking PDF uploads while we look.")
    alice.get_by_role("button", name="Add to the log").click()

    # Bob never reloads: the live fragment polls and swaps when the incident's version moves.
    expect(bob.locator("#severity .sev")).to_have_text("SEV-2", timeout=8_000)
    expect(bob.locator(".timeline")).to_contain_text("Blocking PDF uploads", timeout=8_000)
    expect(bob.locator(".tracker [aria-current=step]")).to_contain_text("Triage")
    expect(bob.locator("#facts-more")).to_have_attribute("open", "")

    # A form being typed into is not swapped away: the page says the incident changed instead.
    bob.get_by_label("Text", exact=True).fill("Half-written note")
    alice.get_by_label("Text", exact=True).fill("Second note from alice.")
    alice.get_by_role("button", name="Add to the log").click()
    expect(bob.locator("#live-notice")).to_be_visible(timeout=8_000)
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
    expect(bob.locator("#incident-rows")).to_contain_text("another customer's order", timeout=12_000)
    countdown = bob.locator("#incident-rows tr", has_text="another customer's order").locator("time.countdown")
    first = countdown.text_content()
    expect(countdown).not_to_have_text(first, timeout=5_000)  # it ticks every second
    assert re.match(r"^(due in|overdue by) ", countdown.text_content())
