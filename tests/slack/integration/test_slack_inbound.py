"""Slack's requests through Bolt's real request handling in the ASGI app, on SQLite and PostgreSQL, each signed with
slack_sdk's own signature code: a forged signature and an old timestamp are refused with 401; /aicident acts as
the person the Slack user maps to, under the plan's permissions, with refusals in the plan's words for that person
alone; a retried event has no second effect; "Add to incident log" and the pushpin reaction copy a message into
the log with its author and permalink; an approval button approves exactly the version it was shown for; the
declare form declares as the mapped person."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from slack_helpers import command, deliver_all, event, interaction, signed, slack_environment, wait_for
from slack_standin import SlackStandIn

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.comms import service as comms
from aicident.incidents import service as incidents
from aicident.slack import service as slack

DANA, RAY, SAM, STRANGER = "U0DANA0001", "U0RAY00002", "U0SAM00003", "U0NOBODY04"


@pytest.fixture
def standin(monkeypatch):
    running = SlackStandIn().start()
    running.add_user(DANA, "dana", "dana@example.com", real_name="Dana Scully")
    running.add_user(RAY, "ray", "ray@example.com", real_name="Ray Stantz")
    running.add_user(SAM, "sam", "sam@example.com", real_name="Sam Sponsor")
    running.add_user(STRANGER, "stranger", "stranger@elsewhere.example", real_name="A Stranger")
    for name, value in slack_environment(running).items():
        monkeypatch.setenv(name, value)
    yield running
    running.stop()
    assert running.violations == []


@pytest.fixture
def app(runtime, standin):
    auth.add_person(runtime, handle="dana", name="Dana Scully", email="dana@corp.example", roles=["incident_commander"])
    slack.link(runtime, handle="dana", slack_id=DANA)
    auth.add_person(runtime, handle="ray", name="Ray Stantz", email="ray@example.com", roles=["ai_lead"])
    auth.add_person(runtime, handle="sam", name="Sam Sponsor", email="sam@example.com", roles=["executive_sponsor"])
    with TestClient(create_app(runtime)) as client:
        yield client


@pytest.fixture
def channel(runtime, standin, clock):
    """An incident with its Slack channel open."""
    incident = incidents.declare(
        runtime, title="Assistant invents refund rules", category="hallucination_harm", source="customer_report",
        actor="dana", severity="SEV-3",
    )  # fmt: skip
    deliver_all(runtime, clock)
    return incident.ref, standin.channel_named(next(c.name for c in standin.channels.values())).id


def post(client: TestClient, path: str, body_and_type: tuple[bytes, str], **headers: str):
    body, content_type = body_and_type
    return client.post(path, content=body, headers={"content-type": content_type, **signed(body), **headers})


def answers(standin: SlackStandIn, key: str) -> list[dict]:
    return [body for found, body in standin.responses if found == key]


def test_forged_signatures_and_old_timestamps_are_refused_with_401(app, standin):
    body, kind = command("help", user=DANA, channel="C0SOMEWHERE", response_url=standin.response_url("help"))
    forged = signed(body, secret="not-the-signing-secret")
    old = signed(body, timestamp=int(time.time()) - 6 * 60)
    for headers in (forged, old, {}):
        answer = app.post("/api/v1/slack/commands", content=body, headers={"content-type": kind, **headers})
        assert answer.status_code == 401
    assert post(app, "/api/v1/slack/commands", (body, kind)).status_code == 200
    reply = wait_for(lambda: answers(standin, "help"), what="the help text")
    assert reply[0]["response_type"] == "ephemeral" and "severity SEV-n REASON" in reply[0]["text"]
    assert len(answers(standin, "help")) == 1  # the refused requests did nothing


def test_an_unmapped_slack_user_is_refused_in_the_plans_words(app, standin, channel):
    ref, channel_id = channel
    url = standin.response_url("stranger")
    assert (
        post(
            app, "/api/v1/slack/commands", command("note hello", user=STRANGER, channel=channel_id, response_url=url)
        ).status_code
        == 200
    )
    reply = wait_for(lambda: answers(standin, "stranger"))[0]
    assert (
        reply["response_type"] == "ephemeral"
        and f"the Slack user {STRANGER} is not a person of aicident" in reply["text"]
    )
    assert all(e.type != "note" for e in incidents.get(app.app.state.runtime, ref=ref).log)


def test_a_person_without_the_permission_is_refused_and_nothing_changes(app, standin, channel, runtime):
    ref, channel_id = channel
    url = standin.response_url("ray")
    body = command("severity SEV-1 it got worse", user=RAY, channel=channel_id, response_url=url)
    assert post(app, "/api/v1/slack/commands", body).status_code == 200
    reply = wait_for(lambda: answers(standin, "ray"))[0]
    assert reply["response_type"] == "ephemeral"
    assert "ray may not change the severity: the plan grants it to Incident Commander" in reply["text"]
    assert incidents.get(runtime, ref=ref).incident.severity == "SEV-3"


def test_a_severity_change_from_the_channel_is_logged_as_the_mapped_person_and_edits_the_header(
    app, standin, channel, runtime, clock
):
    ref, channel_id = channel
    before = incidents.get(runtime, ref=ref).incident.version
    url = standin.response_url("dana")
    body = command("severity SEV-1 refunds promised to every customer", user=DANA, channel=channel_id, response_url=url)
    started = time.monotonic()
    answer = post(app, "/api/v1/slack/commands", body)
    assert answer.status_code == 200 and time.monotonic() - started < 3.0  # acknowledged within Slack's three seconds
    reply = wait_for(lambda: answers(standin, "dana"))[0]
    assert reply["text"] == f"{ref} is SEV-1 now."

    view = incidents.get(runtime, ref=ref)
    change = [e for e in view.log if e.type == "severity_change"][-1]
    assert view.incident.severity == "SEV-1" and change.actor == "dana" and view.incident.version > before
    assert change.data["reason"] == "refunds promised to every customer"
    deliver_all(runtime, clock)
    assert len(standin.called("chat.update")) == 1
    assert "SEV-1" in str(standin.channels[channel_id].messages[0]["blocks"])


def test_a_refusal_names_the_sub_command_that_would_satisfy_it(app, standin, channel):
    ref, channel_id = channel
    first, second = standin.response_url("advance-1"), standin.response_url("advance-2")
    post(app, "/api/v1/slack/commands", command("advance", user=DANA, channel=channel_id, response_url=first))
    assert wait_for(lambda: answers(standin, "advance-1"))[0]["text"] == f"{ref} is in Triage now."
    post(app, "/api/v1/slack/commands", command("advance", user=DANA, channel=channel_id, response_url=second))
    refusal = wait_for(lambda: answers(standin, "advance-2"))[0]["text"]
    assert refusal.startswith(":no_entry:") and "Next: `/aicident assign incident_commander @PERSON`" in refusal


def test_a_retried_event_has_no_second_effect(app, standin, channel, runtime):
    ref, channel_id = channel
    ts = standin.post_as_user(channel_id, RAY, "Refund rule text came from the 2019 policy page")
    reaction = event("Ev0PUSHPIN1", {"type": "reaction_added", "user": DANA, "reaction": "pushpin",
                                     "item": {"type": "message", "channel": channel_id, "ts": ts},
                                     "item_user": RAY, "event_ts": ts})  # fmt: skip
    assert post(app, "/api/v1/slack/events", reaction).status_code == 200

    def notes():
        return [e for e in incidents.get(runtime, ref=ref).log if e.type == "note"]

    wait_for(notes, what="the note")
    retry = post(
        app, "/api/v1/slack/events", reaction, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert retry.status_code == 200
    time.sleep(0.5)
    found = notes()
    assert len(found) == 1 and found[0].actor == "dana"
    assert found[0].data["text"] == "Ray Stantz wrote in Slack: Refund rule text came from the 2019 policy page"
    assert found[0].data["link"].endswith(f"/archives/{channel_id}/p{ts.replace('.', '')}")


def test_add_to_incident_log_copies_a_message_with_its_author_and_permalink(app, standin, channel, runtime):
    ref, channel_id = channel
    ts = standin.post_as_user(channel_id, DANA, "Rolled the prompt back to support-v41")
    url = standin.response_url("shortcut")
    payload = {
        "type": "message_action", "callback_id": "add_to_incident_log_as_evidence", "trigger_id": "1.2.3",
        "response_url": url, "user": {"id": RAY, "username": "ray"}, "channel": {"id": channel_id, "name": "inc"},
        "team": {"id": "T0AICIDENT", "domain": "aicident-test"}, "message_ts": ts,
        "message": {"type": "message", "user": DANA, "text": "Rolled the prompt back to support-v41", "ts": ts},
    }  # fmt: skip
    assert post(app, "/api/v1/slack/interactions", interaction(payload)).status_code == 200
    reply = wait_for(lambda: answers(standin, "shortcut"))[0]
    assert reply["text"] == f"Added to {ref}'s log as evidence."
    entry = [e for e in incidents.get(runtime, ref=ref).log if e.type == "evidence"][-1]
    assert (
        entry.actor == "ray"
        and entry.data["text"] == "Dana Scully wrote in Slack: Rolled the prompt back to support-v41"
    )
    assert entry.data["link"] == f"https://aicident-test.slack.com/archives/{channel_id}/p{ts.replace('.', '')}"


def _button(value: str, action: str, user: str, url: str) -> dict:
    return {
        "type": "block_actions", "user": {"id": user}, "trigger_id": "1.2.3", "response_url": url,
        "team": {"id": "T0AICIDENT", "domain": "aicident-test"}, "container": {"type": "message"},
        "actions": [{"type": "button", "action_id": action, "block_id": "approval", "value": value, "action_ts": "1"}],
    }  # fmt: skip


def test_a_button_approves_exactly_its_version_and_a_superseded_one_is_refused(app, standin, runtime, clock):
    incident = incidents.declare(
        runtime, title="Chatbot leaks order emails", category="data_leak", source="customer_report", actor="dana",
        severity="SEV-1",
    )  # fmt: skip
    incidents.triage(runtime, ref=incident.ref, actor="dana", commander="dana")
    owed = next(o for o in comms.obligations_view(runtime, ref=incident.ref)["obligations"] if o["approvers"])
    draft = comms.create_draft(runtime, ref=incident.ref, obligation=owed["key"], actor="dana")
    finished = "Some of your order emails were shown to another customer. We stopped it. Example Corp."
    comms.edit_draft(  # the template's slots filled: only a finished text can be approved
        runtime, ref=incident.ref, draft_id=draft["id"], subject="Your orders", body=finished, version=1, actor="dana"
    )
    deliver_all(runtime, clock)
    asked = next(m for m in standin.channels[standin.ims[SAM]].messages if f"{draft['id']} version 2" in m["text"])
    approve, reject = (b["value"] for b in asked["blocks"][-1]["elements"])

    post(
        app,
        "/api/v1/slack/interactions",
        interaction(_button(approve, "aicident_approve", SAM, standin.response_url("v2"))),
    )
    reply = wait_for(lambda: answers(standin, "v2"))[0]
    assert reply["replace_original"] is True and reply["text"].startswith(f"You approved {draft['id']} version 2")
    approvals = comms.get_draft(runtime, ref=incident.ref, draft_id=draft["id"])["approvals"]
    assert [(a["version"], a["person"]) for a in approvals] == [(2, "sam")]

    comms.edit_draft(
        runtime, ref=incident.ref, draft_id=draft["id"], subject="Update", body="New text.", version=2, actor="dana"
    )
    for value, action, key in ((approve, "aicident_approve", "old-approve"), (reject, "aicident_reject", "old-reject")):
        post(app, "/api/v1/slack/interactions", interaction(_button(value, action, SAM, standin.response_url(key))))
        refusal = wait_for(lambda key=key: answers(standin, key))[0]
        assert refusal["response_type"] == "ephemeral" and "superseded by version 3" in refusal["text"]
    after = comms.get_draft(runtime, ref=incident.ref, draft_id=draft["id"])["approvals"]
    assert [(a["version"], a["person"]) for a in after] == [(2, "sam")]  # nothing recorded for version 3


def test_the_declare_form_declares_as_the_mapped_person(app, standin, runtime, clock):
    url = standin.response_url("declare")
    general = standin.add_channel("general", DANA)
    body = command("declare Agent emails the wrong customers", user=DANA, channel=general, response_url=url)
    assert post(app, "/api/v1/slack/commands", body).status_code == 200
    opened = wait_for(lambda: standin.views, what="views.open")[0]
    assert opened["view"]["callback_id"] == "aicident_declare"
    assert opened["view"]["blocks"][0]["element"]["initial_value"] == "Agent emails the wrong customers"

    view = {**opened["view"], "id": "V0DECLARE1", "state": {"values": {
        "title": {"value": {"type": "plain_text_input", "value": "Agent emails the wrong customers"}},
        "category": {"value": {"type": "static_select", "selected_option": {"value": "data_leak"}}},
        "severity": {"value": {"type": "static_select", "selected_option": {"value": "SEV-2"}}},
        "summary": {"value": {"type": "plain_text_input", "value": "Seen by two customers"}},
    }}}  # fmt: skip
    submitted = post(
        app, "/api/v1/slack/interactions", interaction({"type": "view_submission", "user": {"id": DANA}, "view": view})
    )
    assert submitted.status_code == 200
    found = wait_for(lambda: incidents.list_incidents(runtime), what="the declared incident")
    assert found[0].incident.title == "Agent emails the wrong customers" and found[0].incident.severity == "SEV-2"
    declared = incidents.get(runtime, ref=found[0].incident.ref).log[0]
    assert declared.type == "declared" and declared.actor == "dana"
    deliver_all(runtime, clock)
    assert standin.ephemeral[-1]["user"] == DANA and found[0].incident.ref in standin.ephemeral[-1]["text"]
