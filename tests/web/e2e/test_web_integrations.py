"""The integrations page in the browser, for administrators: add one and see its secret once, rotate it (the old
secret keeps working for the grace period), disable, enable and delete it."""

from __future__ import annotations

import re

from browsing import add_person, sign_in
from playwright.sync_api import expect


def deliveries_accepted(service, secret: str) -> int:
    body = {"version": "4", "status": "firing", "alerts": []}
    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:
        return client.post("/api/v1/integrations/monitoring/signals", json=body).status_code


def test_an_administrator_adds_rotates_disables_enables_and_deletes_an_integration(service, browsing):
    page = browsing.page()
    sign_in(page, service.token, "/signals")
    page.get_by_role("link", name="Integrations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrations")
    page.get_by_label("Name", exact=True).fill("monitoring")
    page.get_by_label("Format", exact=True).select_option("alertmanager")
    page.get_by_role("button", name="Add", exact=True).click()
    first = page.get_by_label("Copy it now: it is not shown again.").input_value()
    assert re.fullmatch(r"ais_[A-Za-z0-9_-]{32}", first)
    assert deliveries_accepted(service, first) == 202

    row = page.get_by_role("row", name=re.compile("monitoring"))
    row.get_by_role("button", name="Rotate secret").click()
    second = page.get_by_label("Copy it now: it is not shown again.").input_value()
    assert second != first
    expect(page.get_by_role("row", name=re.compile("monitoring"))).to_contain_text("old secret works until")
    assert (deliveries_accepted(service, first), deliveries_accepted(service, second)) == (202, 202)

    page.get_by_role("row", name=re.compile("monitoring")).get_by_role("button", name="Disable").click()
    expect(page.get_by_role("status")).to_have_text("Disabled the integration monitoring.")
    assert deliveries_accepted(service, second) == 401
    page.get_by_role("row", name=re.compile("monitoring")).get_by_role("button", name="Enable").click()
    assert deliveries_accepted(service, second) == 202
    page.get_by_role("row", name=re.compile("monitoring")).get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_have_text("Deleted the integration monitoring.")
    expect(page.get_by_role("cell", name="No integrations yet.")).to_be_visible()
    assert deliveries_accepted(service, second) == 401

    responder = browsing.page()
    sign_in(responder, add_person(service, "dana", ["incident_commander"]), "/signals")
    expect(responder.get_by_role("link", name="Integrations")).to_have_count(0)
    responder.goto("/integrations")
    expect(responder.get_by_role("alert")).to_contain_text("integrations are managed by administrators")
