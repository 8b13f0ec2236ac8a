"""Controls in force in the browser: the incident page says what the incident must restore or keep before it
resolves, and keeps it with a reason, an owner and a review date; the incident list shows every control in force
with the incident that made it; from another incident's page a person allowed to change controls restores a
feature that a closed incident left disabled, and the restore is logged on the closed incident."""

from __future__ import annotations

from datetime import date, timedelta

from browsing import add_person, sign_in
from playwright.sync_api import expect

FEATURE = "support-assistant"


def api(service):
    return service.client(headers=service.admin)


def _declare(client, title: str, feature: str | None = FEATURE) -> str:
    body = {"title": title, "category": "data_leak", "source": "customer_report", "severity": "SEV-2"}
    if feature:
        body["ai_system"] = {"feature": feature}
    declared = client.post("/api/v1/incidents", json=body)
    assert declared.status_code == 201, declared.text
    return declared.json()["ref"]


def _disabled_from(service) -> str:
    with api(service) as client:
        assert (
            client.post("/api/v1/features", json={"name": FEATURE, "fallback_response": "Paused."}).status_code == 201
        )
        ref = _declare(client, "Assistant reads out other customers' addresses")
        changed = client.post(
            f"/api/v1/controls/{FEATURE}/changes",
            json={"changes": {"enabled": False}, "reason": "reads out addresses", "incident": ref},
        )
        assert changed.status_code == 201, changed.text
    return ref


def _run_to_close_keeping_the_feature_off(service, ref: str) -> None:
    review_on = (date.today() + timedelta(days=30)).isoformat()
    with api(service) as client:
        steps = [
            ("roles", {"role": "incident_commander", "person": "admin"}),
            ("advance", {}),
            ("advance", {}),
            ("advance", {}),
            ("root-cause", {"layer": "data", "description": "addresses in the retrieval index"}),
            ("advance", {}),
        ]
        for path, body in steps:
            answer = client.post(f"/api/v1/incidents/{ref}/{path}", json=body)
            assert answer.status_code == 200, (path, answer.text)
        kept = client.post(
            f"/api/v1/controls/{FEATURE}/keep",
            json={
                "incident": ref,
                "reason": "off until the index is rebuilt",
                "owner": "admin",
                "review_on": review_on,
            },
        )
        assert kept.status_code == 200, kept.text
        assert client.post(f"/api/v1/incidents/{ref}/resolve", json={"summary": "index filtered"}).status_code == 200
        assert client.post(f"/api/v1/incidents/{ref}/advance", json={}).status_code == 200
        needs = client.get(f"/api/v1/incidents/{ref}").json()["next_stage_needs"]
        owed = [s["args"]["obligation"] for need in needs for s in need["next"] if s["action"] == "communicate"]
        for key in owed:
            body = {"audience": key, "summary": "told them"}
            assert client.post(f"/api/v1/incidents/{ref}/communications", json=body).status_code == 200
        assert client.post(f"/api/v1/incidents/{ref}/advance", json={}).status_code == 200
        assert (
            client.post(f"/api/v1/incidents/{ref}/report", json={"link": "https://wiki.example/r"}).status_code == 200
        )
        assert client.post(f"/api/v1/incidents/{ref}/advance", json={}).status_code == 200
        review = {"attendees": ["admin"], "summary": "held"}
        assert client.post(f"/api/v1/incidents/{ref}/review", json=review).status_code == 200
        closed = client.post(f"/api/v1/incidents/{ref}/close", json={})
        assert closed.status_code == 200, closed.text


def test_the_incident_page_says_what_to_restore_or_keep_and_keeps_it_with_a_reason_an_owner_and_a_date(
    service, browsing
):
    ref = _disabled_from(service)
    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")
    panel = page.locator("#controls")
    held = panel.locator(".in-force li", has_text=FEATURE)
    expect(held).to_contain_text("disabled (kill switch on)")
    expect(held).to_contain_text(f"Restore it, or keep it with a reason, an owner and a review date, before {ref}")
    held.locator("summary").click()
    held.get_by_label("Why it stays in force (required)").fill("off until the index is rebuilt")
    held.get_by_label("Owner (a registered person)").fill("nobody")
    held.get_by_label("Review on").fill((date.today() + timedelta(days=30)).isoformat())
    held.get_by_role("button", name=f"Keep {FEATURE} in force").click()
    expect(page.get_by_role("alert")).to_contain_text("no registered person 'nobody'")

    held = page.locator("#controls .in-force li", has_text=FEATURE)
    held.locator("summary").click()
    held.get_by_label("Why it stays in force (required)").fill("off until the index is rebuilt")
    held.get_by_label("Owner (a registered person)").fill("admin")
    held.get_by_label("Review on").fill((date.today() + timedelta(days=30)).isoformat())
    held.get_by_role("button", name=f"Keep {FEATURE} in force").click()
    expect(page.get_by_role("status").first).to_contain_text("Kept in force")
    expect(page.locator("#controls .in-force")).to_contain_text("owner admin")
    expect(page.locator(".timeline")).to_contain_text("Kept in force: support-assistant, owned by admin")


def test_from_another_incident_a_commander_restores_what_a_closed_incident_left_off_and_it_is_logged_there(
    service, browsing
):
    first = _disabled_from(service)
    _run_to_close_keeping_the_feature_off(service, first)
    with api(service) as client:
        second = _declare(client, "Customers say the assistant is gone")
    lee = add_person(service, "lee")  # no role in the profile: the Incident Commander of the second incident only
    with api(service) as client:
        body = {"role": "incident_commander", "person": "lee"}
        assert client.post(f"/api/v1/incidents/{second}/roles", json=body).status_code == 200

    page = browsing.page()
    sign_in(page, lee, "/incidents")
    listed = page.locator("#controls-in-force li", has_text=FEATURE)
    expect(listed).to_contain_text(f"from {first}, closed")
    expect(listed).to_contain_text("owner admin")

    page.goto(f"/incidents/{second}")
    held = page.locator("#controls .in-force li", has_text=FEATURE)
    expect(held).to_contain_text(f"from {first}, closed")
    held.get_by_label(f"Why restore {FEATURE} as before {first} (required)").fill("customers need the assistant")
    held.get_by_role("button", name=f"Restore {FEATURE} as before {first}…").click()
    expect(page.locator("#confirm")).to_contain_text(f"back to its controls before {first}")
    page.get_by_role("button", name=f"Confirm: Restore {FEATURE}").click()
    expect(page.get_by_role("status").first).to_contain_text("Restored")

    with api(service) as client:
        assert client.get(f"/api/v1/controls/{FEATURE}").json()["enabled"] is True
        log = client.get(f"/api/v1/incidents/{first}", params={"log": "true"}).json()
        assert log["status"] == "closed" and log["controls_in_force"] == {}
        last = log["log"][-1]
        assert (last["actor"], last["data"]["restored"]) == ("lee", True)
        assert last["data"]["reason"] == f"customers need the assistant (from {second})"
    page.goto("/incidents")
    expect(page.locator("#controls-in-force")).to_contain_text("No control change is in force.")
