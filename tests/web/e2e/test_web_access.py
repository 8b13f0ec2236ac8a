"""Who may do what in the browser: the same permissions as the API, shown and enforced; CSRF, sessions, sign-out."""

from __future__ import annotations

import re

import httpx
from browsing import add_person, sign_in
from playwright.sync_api import expect


def _declare(service, title: str = "Chatbot gives dosage advice", **extra) -> str:
    with service.client(headers=service.admin) as client:
        created = client.post(
            "/api/v1/incidents",
            json={"title": title, "category": "hallucination_harm", "source": "internal_observation", **extra},
        )
    assert created.status_code == 201, created.text
    return created.json()["ref"]


def test_a_person_without_a_role_sees_no_buttons_for_it_and_a_forged_post_is_refused(service, browsing):
    ref = _declare(service)
    token = add_person(service, "viewer")  # no plan role: may declare and write to the log, nothing else
    page = browsing.page()
    sign_in(page, token, f"/incidents/{ref}")
    for button in ("Start triage", "Assign", "Record containment", "Record root cause", "Mark resolved"):
        expect(page.get_by_role("button", name=button)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Advance to"))).to_have_count(0)
    expect(page.get_by_role("button", name="Add to the log")).to_be_visible()  # granted to "*"

    # The server refuses the forms the page did not show, even with a valid session and CSRF token.
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    for action, fields in (
        ("advance", {}),
        ("triage", {"severity": "SEV-1", "commander": "viewer"}),
        ("roles", {"role": "incident_commander", "person": "viewer"}),
    ):
        answer = page.request.post(f"/incidents/{ref}/{action}", form={"csrf": csrf, **fields}, max_redirects=0)
        assert answer.status == 403, (action, answer.status)
        assert "viewer may not" in answer.text()
        assert "Traceback" not in answer.text()
    with service.client(headers=service.admin) as client:
        shown = client.get(f"/api/v1/incidents/{ref}").json()
    assert (shown["stage"], shown["severity"], shown["roles"]) == ("detect", None, {})

    # The signal inbox: no triage buttons for them either.
    page.goto("/signals")
    expect(page.get_by_role("heading", name="Signal inbox")).to_be_visible()


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(service, browsing):
    ref = _declare(service)
    page = browsing.page()
    sign_in(page, service.token, f"/incidents/{ref}")
    for form in ({}, {"csrf": "forged"}):
        answer = page.request.post(
            f"/incidents/{ref}/log", form={"type": "note", "text": "sneaked in", **form}, max_redirects=0
        )
        assert answer.status == 403 and "security token" in answer.text()
    # htmx requests carry it in a header instead
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    answer = page.request.post(
        f"/incidents/{ref}/log",
        form={"type": "note", "text": "with the header"},
        headers={"X-CSRF-Token": csrf},
        max_redirects=0,
    )
    assert answer.status == 303
    with service.client(headers=service.admin) as client:
        texts = [e["data"].get("text") for e in client.get(f"/api/v1/incidents/{ref}/log").json()]
    assert "sneaked in" not in texts and "with the header" in texts
    # The sign-in form has its own token: a cross-site sign-in is refused.
    with httpx.Client(base_url=service.base_url, trust_env=False) as outsider:
        refused = outsider.post("/sign-in", data={"token": service.token, "next": "/incidents"})
    assert refused.status_code == 403 and "aicident_session" not in refused.headers.get("set-cookie", "")


def test_the_session_cookie_is_httponly_and_samesite_and_sign_out_and_revocation_end_it(service, browsing):
    token = add_person(service, "carol", ["incident_commander"])
    page = browsing.page()
    sign_in(page, token)
    cookie = next(c for c in page.context.cookies() if c["name"] == "aicident_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain HTTP on loopback
    assert token not in cookie["value"]
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    # The old cookie is dead on the server, not only forgotten by the browser.
    with httpx.Client(base_url=service.base_url, trust_env=False, cookies={"aicident_session": cookie["value"]}) as c:
        assert c.get("/incidents").status_code == 303

    sign_in(page, token)
    with service.client(headers=service.admin) as client:
        token_id = next(t["id"] for t in client.get("/api/v1/tokens").json() if t["handle"] == "carol")
        assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    page.goto("/incidents")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Personal token", exact=True).fill("aic_not-a-token")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("the token is unknown, expired or revoked")


def test_service_errors_are_shown_as_messages_and_unknown_pages_as_a_page(service, browsing):
    page = browsing.page()
    sign_in(page, service.token)
    answer = page.goto("/incidents/INC-1999-9999")
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_role("alert")).to_contain_text("INC-1999-9999")
    answer = page.goto("/incidents?severity=SEV-9")
    assert answer.status == 400
    expect(page.get_by_role("alert")).to_contain_text("unknown severity 'SEV-9'")
    page.goto("/incidents/new")
    page.get_by_label("Title (required)", exact=True).fill("   ")
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_role("alert")).to_contain_text("title must not be empty")


def test_a_refused_declaration_keeps_what_was_typed(service, browsing):
    page = browsing.page()
    sign_in(page, service.token, "/incidents/new")
    page.get_by_label("Title (required)", exact=True).fill("Bias in loan pre-screening answers")
    page.get_by_label("Category", exact=True).select_option("bias_incident")
    page.get_by_label("Summary", exact=True).fill("Applicants from two postcodes get harsher answers.")
    page.get_by_label("Customers affected", exact=True).evaluate("el => { el.type = 'text'; el.value = 'many'; }")
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_role("alert")).to_contain_text("customers affected 'many' is not a whole number")
    expect(page.get_by_label("Title (required)", exact=True)).to_have_value("Bias in loan pre-screening answers")
    expect(page.get_by_label("Summary", exact=True)).to_have_value("Applicants from two postcodes get harsher answers.")
    expect(page.get_by_label("Category", exact=True)).to_have_value("bias_incident")
    page.get_by_label("Customers affected", exact=True).fill("3")
    page.get_by_role("button", name="Declare").click()
    expect(page).to_have_url(re.compile(r"/incidents/INC-\d{4}-\d{4}$"))
    expect(page.locator("#facts")).to_contain_text("Customers affected: 3")


def test_a_person_signs_in_with_the_password_an_administrator_set_on_the_command_line(service, browsing):
    add_person(service, "erin", ["ai_lead"])
    done = service.cli("web", "password", "erin", "--password", "a long enough passphrase")
    assert done.returncode == 0 and done.stdout.strip() == "set the web password of erin", done.stderr
    page = browsing.page()
    page.goto("/sign-in?next=/plan")
    page.get_by_label("Handle", exact=True).fill("erin")
    page.get_by_label("Password", exact=True).fill("not the passphrase")
    page.get_by_role("button", name="Sign in with password").click()
    expect(page.get_by_role("alert")).to_contain_text("the handle or the password is wrong")
    page.get_by_label("Handle", exact=True).fill("erin")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_role("button", name="Sign in with password").click()
    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.locator("header .who")).to_contain_text("erin")
