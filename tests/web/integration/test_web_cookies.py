"""The session cookie's flags and the pages' headers, over plain HTTP and over TLS (as a proxy reports it)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth


def _sign_in(client: TestClient, token: str):
    form = client.get("/sign-in")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    return client.post("/sign-in", data={"csrf": csrf, "token": token, "next": "/plan"}, follow_redirects=False)


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_session_cookie_is_httponly_samesite_lax_and_secure_only_over_tls(runtime, scheme):
    token = auth.ensure_first_admin(runtime).token
    with TestClient(create_app(runtime), base_url=f"{scheme}://testserver") as client:
        signed_in = _sign_in(client, token)
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/plan"
        cookie = next(c for c in signed_in.headers.get_list("set-cookie") if c.startswith("aicident_session="))
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "path", "samesite"} <= flags and "samesite=lax" in cookie.lower()
        assert ("secure" in flags) == (scheme == "https")
        page = client.get("/plan")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_sign_in_sends_the_browser_only_to_pages_of_this_site(runtime):
    token = auth.ensure_first_admin(runtime).token
    with TestClient(create_app(runtime)) as client:
        for target, expected in (
            ("//evil.example/x", "/incidents"),
            ("https://evil.example/", "/incidents"),
            ("/\\evil.example/", "/incidents"),
            ("/signals", "/signals"),
        ):
            form = client.get("/sign-in")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
            answer = client.post(
                "/sign-in", data={"csrf": csrf, "token": token, "next": target}, follow_redirects=False
            )
            assert answer.headers["location"] == expected, target


def test_pages_need_a_session_and_polls_without_one_are_told_to_sign_in(runtime):
    with TestClient(create_app(runtime)) as client:
        page = client.get("/incidents?status=open", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/sign-in?next=/incidents%3Fstatus%3Dopen"
        poll = client.get("/incidents/rows", headers={"HX-Request": "true"})
        assert poll.status_code == 401 and poll.headers["hx-redirect"] == "/sign-in"
        assert client.post("/incidents/new", data={"title": "x"}).status_code == 401


def test_a_plan_that_restricts_declaring_hides_the_link_and_refuses_the_form(make_runtime, database_url, tmp_path):
    text = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
    assert 'declare = ["*"]' in text
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(text.replace('declare = ["*"]', 'declare = ["incident_commander"]'))
    runtime = make_runtime(database_url, plan_file)
    auth.add_person(runtime, handle="vic")
    token = auth.create_token(runtime, handle="vic").token
    with TestClient(create_app(runtime)) as client:
        _sign_in(client, token)
        listed = client.get("/incidents")
        assert 'href="/incidents/new"' not in listed.text and "Declare an incident" not in listed.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', listed.text).group(1)
        refused = client.post("/incidents/new", data={"csrf": csrf, "title": "x", "category": "data_leak"})
    assert refused.status_code == 403 and "vic may not declare" in refused.text
