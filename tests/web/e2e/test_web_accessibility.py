"""The main pages pass a small accessibility check (labels, headings, names, WCAG AA contrast) on a desktop and a
phone, in light and in dark mode (prefers-color-scheme), folded panels opened too; every field can be reached with
the keyboard; and the tests take the screenshots docs/web-ui.md shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, ROOT, sign_in
from playwright.sync_api import expect

CHECK = (Path(__file__).parent / "a11y.js").read_text()
# The committed ones are refreshed with AICIDENT_UPDATE_SCREENSHOTS=1; other runs leave the working tree alone.
SCREENSHOTS = (
    ROOT / ("docs" if os.environ.get("AICIDENT_UPDATE_SCREENSHOTS") == "1" else "test-results") / "screenshots"
)


@pytest.fixture
def incidents_to_show(service):
    """A few incidents in different states (the first with its feature disabled), and a customer report held in the
    signal inbox."""
    with service.client(headers=service.admin) as client:

        def declare(title, category, severity=None, **extra):
            body = {"title": title, "category": category, "source": "monitoring_alert", **extra}
            if severity:
                body["severity"] = severity
            answer = client.post("/api/v1/incidents", json=body)
            assert answer.status_code == 201, answer.text
            return answer.json()["ref"]

        assert (
            client.post(
                "/api/v1/features",
                json={
                    "name": "support-assistant",
                    "customer_facing": True,
                    "fallback_response": "Our assistant is paused; a person will answer you shortly.",
                },
            ).status_code
            == 201
        )
        assert client.post("/api/v1/people", json={"handle": "alice", "roles": ["ai_lead"]}).status_code == 201
        leak = declare(
            "Assistant shows another customer's order history",
            "data_leak",
            "SEV-1",
            summary="Two customers saw order lines of other accounts in the support chat.",
            customers_affected=2,
            personal_data_involved=True,
            jurisdictions=["EU"],
            ai_system={"feature": "support-assistant"},
        )
        for path, body in (
            ("triage", {"severity": "SEV-1", "commander": "admin"}),
            ("roles", {"role": "ai_lead", "person": "alice"}),
            ("advance", {}),
            ("log", {"type": "evidence", "text": "Transcripts 8812 and 8813 (redacted)."}),
            ("containment", {"action": "Disabled order lookups in the assistant"}),
        ):
            assert client.post(f"/api/v1/incidents/{leak}/{path}", json=body).status_code == 200
        assert (
            client.post(
                "/api/v1/controls/support-assistant/changes",
                json={"changes": {"enabled": False}, "reason": "order lines of other accounts", "incident": leak},
            ).status_code
            == 201
        )
        declare("Refund answers invented by the assistant", "hallucination_harm", "SEV-3")
        declare("Prompt injection attempts above 5%", "prompt_injection")
        assert (
            client.post(
                "/api/v1/customer-reports",
                data={"what_happened": "The bot told me to double my dose.", "contact": "pat@example.com"},
            ).status_code
            == 202
        )
    return leak


PAGES = ["/incidents", "/incidents/new", "/incidents/{ref}", "/signals", "/insights", "/plan"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_main_pages_have_labels_headings_names_and_contrast(service, browsing, incidents_to_show, viewport, scheme):
    page = browsing.page(viewport=viewport, color_scheme=scheme)
    page.goto("/sign-in")
    assert page.evaluate(CHECK) == []
    sign_in(page, service.token)
    for path in PAGES:
        page.goto(path.format(ref=incidents_to_show))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # check hidden forms too
        assert page.evaluate(CHECK) == [], path
    public = browsing.page(viewport=viewport, color_scheme=scheme)
    public.goto("/report")
    assert public.evaluate(CHECK) == []


def test_every_field_can_be_reached_with_the_keyboard(service, browsing, incidents_to_show):
    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{incidents_to_show}")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        reached.add(focused)
        if focused == "Roles":  # a folded panel's summary: Enter opens it, and its fields come next
            page.keyboard.press("Enter")
    assert {"contain-action", "log-text", "assign-role", "assign-person"} <= reached, reached


@pytest.mark.parametrize(
    "viewport, scheme", [(DESKTOP, "light"), (PHONE, "light"), (DESKTOP, "dark")], ids=["desktop", "phone", "dark"]
)
def test_screenshots_of_the_incident_list_and_the_incident_page(service, browsing, incidents_to_show, viewport, scheme):
    """Writes {incidents,incident,insights}-{desktop,phone,dark}.png: into docs/screenshots/ (linked from
    docs/web-ui.md) with AICIDENT_UPDATE_SCREENSHOTS=1, else into test-results/screenshots/. The incident page is
    photographed as the screen shows it on arrival: the command header and the current stage."""
    name = {DESKTOP["width"]: "desktop", PHONE["width"]: "phone"}[viewport["width"]] if scheme == "light" else "dark"
    page = browsing.page(viewport=viewport, color_scheme=scheme, timezone_id="Europe/London")
    sign_in(page, service.token)
    expect(page.locator("#incident-rows tr")).to_have_count(3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelectorAll('main > .flash').forEach(f => f.remove())")
    page.screenshot(path=str(SCREENSHOTS / f"incidents-{name}.png"), full_page=True)
    page.goto(f"/incidents/{incidents_to_show}")
    expect(page.locator("#command")).to_contain_text("support-assistant: disabled")
    expect(page.locator("#command .command-deadline")).to_be_in_viewport()
    expect(page.locator("#command .command-controls")).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / f"incident-{name}.png"))
    assert (SCREENSHOTS / f"incident-{name}.png").stat().st_size > 10_000
    page.goto("/insights?by=category")
    expect(page.get_by_role("img", name="Incidents by category")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"insights-{name}.png"), full_page=True)


def test_the_check_finds_what_it_looks_for(browser):
    page = browser.new_page()
    try:
        page.set_content(
            "<html><head><title>t</title></head><body><main><h1>A</h1><h3>skipped</h3>"
            '<input name="q"><button></button><p style="color:#aaa">faint</p></main></body></html>'
        )
        found = page.evaluate(CHECK)
    finally:
        page.close()
    assert any(p.startswith("html has no lang") for p in found)
    assert any("heading level skips from h1 to h3" in p for p in found)
    assert any("form field without a label: input[name=q]" in p for p in found)
    assert any("control without a name: button" in p for p in found)
    assert any(p.startswith("contrast 2.32 < 4.5") for p in found), found
