"""The incident page's actions through the web app, on SQLite and PostgreSQL: an action taken in the current stage's
work moves the incident on once the stage's guards hold (unless the plan asks a sign-off, or the person may not
change stages); in place (htmx) the answer is the fragment with what was done next to the control, a refusal comes
alone with its status; de-escalating and closing are confirmed first; the header shows the control changes still
in force; and a committed change wakes the pages watching the incident, a rolled back one does not."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.containment import service as containment
from aicident.errors import InvalidInput
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem
from aicident.plan.loader import default_plan, plan_document
from aicident.plan.schema import Feature
from aicident.web.live import WAKEUPS

HTMX = {"HX-Request": "true"}


class Browser:
    """A signed-in web session: its CSRF token goes with every form, as the page's script sends it."""

    def __init__(self, client: TestClient, token: str):
        self.client = client
        page = client.get("/sign-in")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        assert client.post("/sign-in", data={"csrf": csrf, "token": token}, follow_redirects=False).status_code == 303
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/incidents").text).group(1)

    def act(self, ref: str, path: str, **form):
        return self.client.post(
            f"/incidents/{ref}/{path}", data={"csrf": self.csrf, **form}, headers=HTMX, follow_redirects=False
        )


def signed_in(rt, client, handle: str | None = None, roles=()) -> Browser:
    if handle is None:
        return Browser(client, auth.ensure_first_admin(rt).token)
    auth.add_person(rt, handle=handle, roles=list(roles))
    return Browser(client, auth.create_token(rt, handle=handle, name="test").token)


def in_contain(rt, **extra) -> str:
    ref = incidents.declare(
        rt, title="Assistant leaks order lines", category="data_leak", source="monitoring_alert", actor="setup", **extra
    ).ref
    incidents.triage(rt, ref=ref, severity="SEV-2", commander="admin", actor="setup")
    incidents.advance(rt, ref=ref, actor="setup")
    return ref


def stage_of(rt, ref: str) -> str:
    return incidents.get(rt, ref=ref, with_log=False).incident.stage


def said(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'<p class="said [^"]*"[^>]*>(.*?)</p>', html, re.S)]


def test_the_action_that_meets_the_last_guard_moves_the_incident_on_in_place(runtime):
    with TestClient(create_app(runtime)) as client:
        web = signed_in(runtime, client)
        ref = in_contain(runtime)
        answer = web.act(
            ref, "containment", action="Disabled order lookups", anchor="containment", advance_from="contain"
        )
        assert answer.status_code == 200
        assert answer.text.startswith('\n<div id="live"') or '<div id="live"' in answer.text[:400]  # the fragment
        assert "<html" not in answer.text
        assert said(answer.text) == ["Containment recorded. Moved to Diagnose."]
        assert stage_of(runtime, ref) == "diagnose"
        # The same form outside the current stage's work (no advance_from) records, and stays.
        answer = web.act(ref, "root-cause", layer="data", description="Mixed indexes", anchor="diagnosis")
        assert said(answer.text) == ["Root cause recorded."] and stage_of(runtime, ref) == "diagnose"
        # Without htmx, a plain form: redirect with the message.
        plain = client.post(
            f"/incidents/{ref}/log", data={"csrf": web.csrf, "text": "plain", "anchor": "log"}, follow_redirects=False
        )
        assert plain.status_code == 303 and plain.headers["location"] == f"/incidents/{ref}#log"


def test_a_stage_the_plan_asks_a_sign_off_for_waits_for_an_explicit_move(runtime, make_runtime, tmp_path):
    document = plan_document(default_plan())
    for stage in document["stages"]:
        stage["sign_off"] = stage["id"] == "contain"
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(document))
    rt = make_runtime(runtime.engine.url.render_as_string(hide_password=False), plan_file)
    with TestClient(create_app(rt)) as client:
        web = signed_in(rt, client)
        ref = in_contain(rt)
        answer = web.act(
            ref, "containment", action="Disabled order lookups", anchor="containment", advance_from="contain"
        )
        assert said(answer.text) == ["Containment recorded."] and stage_of(rt, ref) == "contain"
        assert "Everything Contain needs is done" in answer.text and "Move to Diagnose</button>" in answer.text
        moved = web.act(ref, "advance", anchor="now")
        assert said(moved.text) == ["Moved to Diagnose."] and stage_of(rt, ref) == "diagnose"


def test_whoever_may_not_change_stages_meets_the_guard_and_the_commander_moves_it_on(runtime):
    with TestClient(create_app(runtime)) as client:
        signed_in(runtime, client)
        ref = in_contain(runtime)
        incidents.contain(runtime, ref=ref, action="Disabled order lookups", actor="setup")
        incidents.advance(runtime, ref=ref, actor="setup")
        lead = signed_in(runtime, client, "alex", ["ai_lead"])
        answer = lead.act(
            ref, "root-cause", layer="data", description="Mixed indexes", anchor="diagnosis", advance_from="diagnose"
        )
        assert said(answer.text) == ["Root cause recorded."] and stage_of(runtime, ref) == "diagnose"
        assert "ready for Remediate" in answer.text and "Move to Remediate" not in answer.text  # not theirs to move


def test_a_refusal_comes_alone_next_to_its_control_with_its_status(runtime):
    with TestClient(create_app(runtime)) as client:
        web = signed_in(runtime, client)
        ref = in_contain(runtime)
        answer = web.act(ref, "root-cause", layer="data", description="", anchor="diagnosis")
        assert answer.status_code == 400
        assert answer.headers["HX-Retarget"] == "#said-diagnosis" and answer.headers["HX-Reswap"] == "innerHTML"
        assert 'role="alert"' in answer.text and "root cause description must not be empty" in answer.text
        assert '<div id="live"' not in answer.text
        closing = web.act(ref, "close", anchor="now", confirmed="yes")
        assert closing.status_code == 409 and closing.headers["HX-Retarget"] == "#said-now"
        assert "cannot close" in closing.text and 'href="#now">move to the next stage' in closing.text
        # Someone else changed it meanwhile: the incident is redrawn as it is, with the word next to the control.
        stale = web.act(ref, "severity", severity="SEV-1", reason="worse", version="0", anchor="severity")
        assert stale.status_code == 412 and '<div id="live"' in stale.text
        assert "someone changed" in said(stale.text)[0] and incidents.get(runtime, ref=ref).incident.severity == "SEV-2"


def test_de_escalating_and_closing_are_confirmed_next_to_their_control_first(runtime):
    with TestClient(create_app(runtime)) as client:
        web = signed_in(runtime, client)
        ref = in_contain(runtime)
        asked = web.act(ref, "severity", severity="SEV-3", reason="fewer customers than feared", anchor="severity")
        assert asked.status_code == 200 and 'id="confirm"' in asked.text
        assert "De-escalate" in asked.text and incidents.get(runtime, ref=ref).incident.severity == "SEV-2"
        done = web.act(ref, "severity", severity="SEV-3", reason="fewer customers than feared", confirmed="yes")
        assert said(done.text) == ["Severity is now SEV-3."]
        escalated = web.act(ref, "severity", severity="SEV-1", reason="a third customer", anchor="severity")
        assert said(escalated.text) == ["Severity is now SEV-1."]  # escalating needs no second click
        with runtime.changing(ref, action=None) as change:
            change.incident.stage = "learn"  # the last stage, for the close form
        asked = web.act(ref, "close", anchor="now")
        assert 'id="confirm"' in asked.text and f"Confirm: close {ref}" in asked.text
        assert incidents.get(runtime, ref=ref).incident.status == "open"


def test_the_header_shows_the_control_changes_still_in_force_until_restored_or_expired(runtime, clock):
    with TestClient(create_app(runtime)) as client:
        web = signed_in(runtime, client)
        containment.register_feature(runtime, feature=Feature(name="support-assistant"), actor="setup")
        containment.register_feature(runtime, feature=Feature(name="search-summaries"), actor="setup")
        ref = in_contain(runtime, ai_system=AISystem(feature="support-assistant"))
        containment.change(
            runtime, feature="support-assistant", changes={"enabled": False}, actor="admin", reason="leak", incident=ref
        )
        containment.change(
            runtime,
            feature="search-summaries",
            changes={"rate_per_second": 1.0},
            actor="admin",
            reason="slow it",
            incident=ref,
            expires_in=timedelta(minutes=30),
        )

        def header() -> str:
            page = client.get(f"/incidents/{ref}").text
            return re.search(r'<header class="command".*?</header>', page, re.S).group(0)

        shown = header()
        assert "support-assistant: disabled" in shown and "search-summaries: 1 requests per second in all" in shown
        assert "rate_per_second" not in shown
        clock.advance(minutes=31)
        assert "search-summaries" in header()  # past its expiry, the throttle holds until the worker reverts it
        assert containment.expire_due(runtime) == 1
        assert "search-summaries" not in header()
        restored = web.act(ref, "control-restore", feature="support-assistant", reason="fixed", anchor="in-force")
        assert said(restored.text) == [f"Restored support-assistant to its controls before {ref}."]
        assert "none in force" in header()


def test_a_committed_change_wakes_the_pages_watching_the_incident_and_a_rolled_back_one_does_not(runtime):
    auth.ensure_first_admin(runtime)
    ref = in_contain(runtime)

    async def watch() -> tuple[bool, bool]:
        wake = WAKEUPS.watch(ref)
        try:
            await asyncio.to_thread(incidents.add_entry, runtime, ref=ref, type="note", text="moved", actor="setup")
            await asyncio.wait_for(wake.wait(), 5)
            woken = wake.is_set()
            wake.clear()
            with pytest.raises(InvalidInput):
                await asyncio.to_thread(incidents.add_entry, runtime, ref=ref, type="note", text="", actor="setup")
            await asyncio.sleep(0.2)
            return woken, wake.is_set()
        finally:
            WAKEUPS.forget(ref, wake)

    # Its own thread and loop: a browser left open by the e2e tests runs a loop in this thread.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, watch()).result(timeout=30) == (True, False)
    assert WAKEUPS.watched() == 0
