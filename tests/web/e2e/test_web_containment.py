"""Containment controls on the incident page: who sees which buttons, and the server refusing the rest; each change
confirmed first, made as the signed-in person, and logged on the incident with who and why."""

from __future__ import annotations

import re

from browsing import add_person, sign_in
from playwright.sync_api import expect

FEATURE = "support-assistant"


def _incident_with_feature(service, *, customer_facing: bool = False, severity: str = "SEV-2") -> str:
    with service.client(headers=service.admin) as client:
        registered = client.post(
            "/api/v1/features",
            json={
                "name": FEATURE,
                "customer_facing": customer_facing,
                "fallback_response": "Our assistant is resting; a person will answer you shortly.",
            },
        )
        assert registered.status_code == 201, registered.text
        declared = client.post(
            "/api/v1/incidents",
            json={
                "title": "Assistant reads out other customers' addresses",
                "category": "data_leak",
                "source": "customer_report",
                "severity": severity,
                "ai_system": {"feature": FEATURE},
            },
        )
        assert declared.status_code == 201, declared.text
        return declared.json()["ref"]


def _controls(service) -> dict:
    with service.client(headers=service.admin) as client:
        return client.get("/api/v1/controls").json()["features"][FEATURE]


def _changes(service, ref: str) -> list[dict]:
    with service.client(headers=service.admin) as client:
        return client.get("/api/v1/control-changes", params={"incident": ref}).json()


def test_a_person_without_the_control_permission_sees_no_controls_buttons_and_a_forged_post_changes_nothing(
    service, browsing
):
    ref = _incident_with_feature(service)
    before = _controls(service)
    token = add_person(service, "viewer")  # no plan role: may read the controls, not change them
    page = browsing.page()
    sign_in(page, token, f"/incidents/{ref}#controls")
    panel = page.locator("#controls")
    expect(panel).to_contain_text(f"Controls of {FEATURE}")
    expect(panel).to_contain_text("yes: the feature is on")
    expect(panel.get_by_role("button")).to_have_count(0)

    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    forged = {"feature": FEATURE, "reason": "forged", "fallback_response": "hijacked"}
    for action, fields in (
        ("control-disable", forged),
        ("control-disable", {**forged, "confirmed": "yes"}),
        ("control-throttle", {**forged, "rate_per_second": "0.1", "confirmed": "yes"}),
        ("control-model", {**forged, "model": "cheap/model", "confirmed": "yes"}),
        ("control-register", {"feature": "another-feature"}),
    ):
        answer = page.request.post(f"/incidents/{ref}/{action}", form={"csrf": csrf, **fields}, max_redirects=0)
        assert answer.status == 403, (action, answer.status)
        assert "viewer may not change the controls" in answer.text() or "viewer may not" in answer.text()
        assert "Traceback" not in answer.text()
    assert _controls(service) == before
    assert _changes(service, ref) == []
    with service.client(headers=service.admin) as client:
        assert "another-feature" not in client.get("/api/v1/controls").json()["features"]
        log = client.get(f"/api/v1/incidents/{ref}/log").json()
    assert not [e for e in log if e["type"] == "containment_action"]


def test_a_change_is_confirmed_before_it_is_made_and_a_second_person_approves_what_the_plan_says(service, browsing):
    ref = _incident_with_feature(service, customer_facing=True, severity="SEV-3")  # the plan: approval needed
    ai_lead = add_person(service, "alice", ["ai_lead"])
    sponsor = add_person(service, "sam", ["executive_sponsor"])
    alice = browsing.page()
    sign_in(alice, ai_lead, f"/incidents/{ref}#controls")
    panel = alice.locator("#controls")
    panel.get_by_label("Why disable it (required)", exact=True).fill("reads out addresses")
    panel.get_by_role("button", name=f"Disable {FEATURE}…").click()
    confirm = alice.locator("#confirm")
    expect(confirm).to_contain_text(f"{FEATURE}: disabled")
    expect(confirm).to_contain_text("a person will answer you shortly")
    expect(confirm).to_contain_text("second person's approval")
    assert _controls(service)["enabled"] is True  # nothing changes before the confirmation

    # Cancelling changes nothing; confirming requests it, and the requester may not approve it.
    confirm.get_by_role("link", name="Cancel").click()
    expect(alice.locator("#confirm")).to_have_count(0)
    expect(panel).to_be_visible()  # still open where the person was
    assert _changes(service, ref) == []
    panel.get_by_label("Why disable it (required)", exact=True).fill("reads out addresses")
    panel.get_by_role("button", name=f"Disable {FEATURE}…").click()
    alice.get_by_role("button", name=f"Confirm: Disable {FEATURE}").click()
    expect(alice.get_by_role("status").first).to_contain_text("waits for a second person's approval")
    expect(panel.locator(".pending-changes")).to_contain_text("requested by alice")
    expect(panel.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
    assert _controls(service)["enabled"] is True
    pending = _changes(service, ref)[0]
    assert (pending["state"], pending["requested_by"], pending["reason"]) == ("pending", "alice", "reads out addresses")
    csrf = alice.locator("input[name=csrf]").first.get_attribute("value")
    refused = alice.request.post(
        f"/incidents/{ref}/control-approve", form={"csrf": csrf, "change": pending["id"]}, max_redirects=0
    )
    assert refused.status == 403 and "cannot approve" in refused.text()

    sam = browsing.page()
    sign_in(sam, sponsor, f"/incidents/{ref}#controls")
    expect(sam.locator("#controls").get_by_role("button", name=re.compile(r"^Disable"))).to_have_count(0)  # no control
    sam.get_by_role("button", name=f"Reject: {FEATURE}: disabled").click()
    expect(sam.get_by_role("status").first).to_contain_text(f"Rejected: {FEATURE}: disabled")
    assert [c["state"] for c in _changes(service, ref)] == ["rejected"]
    assert _controls(service)["enabled"] is True
    expect(panel.locator(".control-history")).to_contain_text("rejected by sam", timeout=8_000)

    panel.get_by_label("Why disable it (required)", exact=True).fill("reads out addresses, still")
    panel.get_by_role("button", name=f"Disable {FEATURE}…").click()
    alice.get_by_role("button", name=f"Confirm: Disable {FEATURE}").click()
    expect(alice.get_by_role("status").first).to_contain_text("waits for a second person's approval")
    sam.get_by_role("button", name=f"Approve: {FEATURE}: disabled").click()  # arrived without reloading
    expect(sam.get_by_role("status").first).to_contain_text("Approved and applied")
    assert _controls(service)["enabled"] is False
    expect(panel).to_contain_text("no: disabled", timeout=5_000)  # alice sees it without reloading
    expect(panel.locator(".control-history")).to_contain_text("applied by sam")


def test_the_model_is_pinned_and_the_feature_throttled_then_restored_and_another_feature_can_be_picked(
    service, browsing
):
    ref = _incident_with_feature(service)
    with service.client(headers=service.admin) as client:
        assert client.post("/api/v1/features", json={"name": "search-summaries"}).status_code == 201
    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}#controls")
    panel = page.locator("#controls")

    panel.locator("#controls-more > summary").click()  # pinning and throttling: folded under disabling
    panel.get_by_label("Model (empty: the application's own)", exact=True).fill("openai/gpt-4o-mini")
    panel.get_by_label("Model version", exact=True).fill("2024-07-18")
    panel.get_by_label("Why change the model (required)", exact=True).fill("the new version leaks addresses")
    panel.get_by_role("button", name=f"Pin the model of {FEATURE}…").click()
    expect(page.locator("#confirm")).to_contain_text("model: openai/gpt-4o-mini; model version: 2024-07-18")
    page.get_by_role("button", name=f"Confirm: Pin the model of {FEATURE}").click()
    expect(page.get_by_role("status").first).to_contain_text("Done:")
    expect(panel).to_contain_text("pinned to openai/gpt-4o-mini version 2024-07-18")

    # A bad rate is refused at the confirmation step, saying what is allowed; nothing changes.
    panel.get_by_label("Requests/s in all (empty: no limit)", exact=True).fill("fast")
    panel.get_by_label("Why throttle it (required)", exact=True).fill("slow the leak down")
    panel.get_by_role("button", name=f"Throttle {FEATURE}…").click()
    expect(panel.get_by_role("alert")).to_contain_text("'fast' is not a positive number")
    expect(panel.get_by_label("Why throttle it (required)", exact=True)).to_have_value("slow the leak down")
    assert _controls(service)["rate_per_second"] is None
    panel.get_by_label("Requests/s in all (empty: no limit)", exact=True).fill("2.5")
    panel.get_by_label("Requests/s per user", exact=True).fill("0.2")
    panel.get_by_role("button", name=f"Throttle {FEATURE}…").click()
    expect(page.locator("#confirm")).to_contain_text("2.5 requests per second in all; 0.2 requests per second per user")
    page.get_by_role("button", name=f"Confirm: Throttle {FEATURE}").click()
    expect(panel).to_contain_text("2.5 requests/s in all, 0.2 requests/s per user")
    controls = _controls(service)
    assert (controls["model"], controls["rate_per_second"], controls["user_rate_per_second"]) == (
        "openai/gpt-4o-mini",
        2.5,
        0.2,
    )

    panel.get_by_label(f"Why restore {FEATURE} (required)", exact=True).fill("the vendor fixed it")
    panel.get_by_role("button", name=f"Restore {FEATURE}").click()  # back to the known state: no second click
    expect(panel).to_contain_text("the application's own choice")
    expect(page.locator("#command .command-controls")).to_contain_text("none in force")
    controls = _controls(service)
    assert (controls["model"], controls["rate_per_second"], controls["user_rate_per_second"]) == (None, None, None)
    history = _changes(service, ref)
    assert [(c["requested_by"], c["reason"]) for c in history] == [
        ("admin", "the vendor fixed it"),
        ("admin", "slow the leak down"),
        ("admin", "the new version leaks addresses"),
    ]
    expect(panel.locator(".control-history li")).to_have_count(3)

    # Another registered feature: picked, shown, and kept across the next change.
    panel.get_by_label("AI feature", exact=True).select_option("search-summaries")
    panel.get_by_role("button", name="Show its controls").click()
    expect(page).to_have_url(re.compile(r"\?feature=search-summaries"))
    expect(panel).to_contain_text("Controls of search-summaries")
    expect(panel.locator("#controls-more")).to_have_attribute("open", "")  # kept open across the redraw
    panel.get_by_label("Requests/s per user", exact=True).fill("-1")
    panel.get_by_label("Why throttle it (required)", exact=True).fill("same retrieval index")
    panel.get_by_role("button", name="Throttle search-summaries…").click()
    expect(panel.get_by_role("alert")).to_contain_text("the rate per user '-1' is not a positive number")
    expect(panel).to_contain_text("Controls of search-summaries")  # still the one picked
    panel.get_by_label("Why disable it (required)", exact=True).fill("same retrieval index")
    panel.get_by_role("button", name="Disable search-summaries…").click()
    page.get_by_role("button", name="Confirm: Disable search-summaries").click()
    expect(panel).to_contain_text("no: disabled")
    expect(panel).to_contain_text("Controls of search-summaries")
    with service.client(headers=service.admin) as client:
        assert client.get("/api/v1/controls").json()["features"]["search-summaries"]["enabled"] is False
