"""The Slack app's outbound side, against the Slack Web API stand-in, on SQLite and PostgreSQL: declaring an incident
opens its channel, invites the role holders and pins a header that each change edits; entries the plan lists are
posted once; a 429 is waited out as Slack said; a permanent error is told on the incident; a lost answer is not
posted twice; a draft's approvers are asked with its exact text; a closed incident's channel is archived later;
nothing is sent while the Slack app is off. Every call the stand-in received is one Slack's API description
allows (the `standin` fixture fails the test otherwise)."""

from __future__ import annotations

import re
from importlib import resources

import factories
import pytest
from slack_helpers import deliver_all, slack_environment
from slack_standin import SlackStandIn

from aicident.auth import service as auth
from aicident.comms import service as comms
from aicident.incidents import service as incidents
from aicident.incidents.demo import run_demo
from aicident.slack import service as slack

DANA, RAY = "U0DANA0001", "U0RAY00002"


@pytest.fixture
def standin(monkeypatch):
    running = SlackStandIn().start()
    running.add_user(DANA, "dana", "dana@example.com", real_name="Dana Scully")
    running.add_user(RAY, "ray", "ray@example.com", real_name="Ray Stantz")
    for name, value in slack_environment(running).items():
        monkeypatch.setenv(name, value)
    yield running
    running.stop()
    assert running.violations == []


@pytest.fixture
def people(runtime):
    auth.add_person(runtime, handle="dana", name="Dana Scully", email="dana@corp.example", roles=["incident_commander"])
    slack.link(runtime, handle="dana", slack_id=DANA)
    auth.add_person(runtime, handle="ray", name="Ray Stantz", email="ray@example.com", roles=["ai_lead"])  # by email
    return runtime


def declare(rt, **extra):
    ref = factories.declare(rt, title="Support bot leaks order emails", category="data_leak", actor="dana", **extra)
    return incidents.get(rt, ref=ref, with_log=False).incident


def test_declaring_opens_the_channel_invites_the_role_holders_and_pins_the_header(people, standin, clock):
    incident = declare(people)
    incidents.triage(people, ref=incident.ref, actor="dana", severity="SEV-2", commander="dana")
    incidents.assign(people, ref=incident.ref, role="ai_lead", person="ray", actor="dana")
    deliver_all(people, clock)

    channel = standin.channel_named(f"inc-{incident.ref.lower().removeprefix('inc-')}-support-bot-leaks-order-emails")
    assert channel is not None and channel.topic.startswith(incident.ref)
    assert {DANA, RAY} <= channel.members  # dana by her Slack id, ray found by his email
    header = channel.messages[0]
    assert channel.pins == {header["ts"]}
    shown = str(header["blocks"])
    assert "SEV-2" in shown and "Dana Scully" in shown and "<!date^" in shown
    assert len(standin.called("conversations.create")) == 1
    status = slack.channel_status(people, ref=incident.ref)["channel"]
    assert status["id"] == channel.id and status["header_ts"] == header["ts"] and status["last_error"] is None


def test_a_change_edits_the_header_in_place_and_posts_the_entry_once(people, standin, clock):
    incident = declare(people, severity="SEV-3")
    deliver_all(people, clock)
    channel = standin.channel_named(next(iter(c.name for c in standin.channels.values())))
    posts_before = len(standin.called("chat.postMessage"))

    incidents.set_severity(people, ref=incident.ref, severity="SEV-1", reason="customers' emails exposed", actor="dana")
    deliver_all(people, clock)
    deliver_all(people, clock)  # nothing left to send: no second edit, no second post

    updates = standin.called("chat.update")
    assert len(updates) == 1 and updates[0].args["ts"] == channel.messages[0]["ts"]
    assert "SEV-1" in str(channel.messages[0]["blocks"])
    posted = [m["text"] for m in channel.messages[1:]]
    assert len(standin.called("chat.postMessage")) == posts_before + 1
    assert any("SEV-3" in text and "SEV-1" in text and "customers' emails exposed" in text for text in posted)


def test_a_429_is_waited_out_and_the_header_arrives_after_the_wait_once(people, standin, clock):
    incident = declare(people, severity="SEV-3")
    deliver_all(people, clock)
    standin.answer("chat.update", "ratelimited", status=429, retry_after=1)

    incidents.set_severity(people, ref=incident.ref, severity="SEV-2", reason="more customers", actor="dana")
    from aicident.notify.service import deliver_due

    deliver_due(people)
    with people.uow(read_only=True) as uow:
        row = next(r for r in uow.outbox.list(incident_id=incident.id) if r.kind == "slack_header")
    assert row.state == "queued" and row.last_status == 429
    assert (row.next_attempt_at - clock()).total_seconds() == pytest.approx(1.0)

    deliver_due(people)  # not yet due: Slack said to wait a second
    assert len(standin.called("chat.update")) == 1
    clock.advance(seconds=1)
    deliver_all(people, clock)
    updates = standin.called("chat.update")
    assert len(updates) == 2 and updates[1].at - updates[0].at >= 0.9  # the process kept Slack's wait too
    assert "SEV-2" in str(next(iter(standin.channels.values())).messages[0]["blocks"])


def test_a_permanent_error_fails_the_message_and_is_told_on_the_incident_once(people, standin, clock):
    incident = declare(people, severity="SEV-3")
    deliver_all(people, clock)
    posted_before = len(standin.called("chat.postMessage"))
    standin.answer("chat.postMessage", "not_in_channel", times=2)

    incidents.add_entry(people, ref=incident.ref, type="note", text="rolled back the prompt", actor="dana")
    incidents.add_entry(people, ref=incident.ref, type="note", text="checked the logs", actor="dana")
    deliver_all(people, clock)

    with people.uow(read_only=True) as uow:
        failed = [r for r in uow.outbox.list(incident_id=incident.id) if r.kind == "slack_post" and r.state != "sent"]
        log = uow.incidents.log(uow.incidents.get(incident.ref))
    assert [r.state for r in failed] == ["failed", "failed"] and all("not_in_channel" in r.last_error for r in failed)
    told = [e for e in log if e.data.get("origin") == "slack_delivery"]
    assert len(told) == 1 and "not_in_channel" in told[0].data["text"] and told[0].actor == "aicident"
    assert "not_in_channel" in slack.channel_status(people, ref=incident.ref)["channel"]["last_error"]
    assert len(standin.called("chat.postMessage")) == posted_before + 2  # each note once: no retry


def test_a_post_whose_answer_was_lost_is_found_by_its_metadata_not_posted_twice(people, standin, clock, monkeypatch):
    incident = declare(people, severity="SEV-3")
    deliver_all(people, clock)
    channel = next(iter(standin.channels.values()))
    from aicident.slack import web

    real_call = web.SlackWeb.call
    lost = []

    def lose_first_post_answer(self, method, **args):
        answer = real_call(self, method, **args)
        if method == "chat.postMessage" and not lost:
            lost.append(answer["ts"])
            raise web.TransientFailure("Slack chat.postMessage: timed out (the answer was lost)")
        return answer

    monkeypatch.setattr(web.SlackWeb, "call", lose_first_post_answer)
    incidents.add_entry(people, ref=incident.ref, type="note", text="paged the vendor", actor="dana")
    deliver_all(people, clock)

    notes = [m for m in channel.messages if "paged the vendor" in m["text"]]
    assert len(notes) == 1 and lost == [notes[0]["ts"]]
    assert standin.called("conversations.history")  # the retry looked before posting again


def test_approvers_get_the_exact_text_of_each_version_with_buttons(people, standin, clock):
    incident = declare(people, severity="SEV-1")
    incidents.triage(people, ref=incident.ref, actor="dana", commander="dana")
    auth.add_person(people, handle="sam", name="Sam Sponsor", email="sam@example.com", roles=["executive_sponsor"])
    standin.add_user("U0SAM00003", "sam", "sam@example.com", real_name="Sam Sponsor")
    owed = next(o for o in comms.obligations_view(people, ref=incident.ref)["obligations"] if o["approvers"])
    draft = comms.create_draft(people, ref=incident.ref, obligation=owed["key"], actor="dana")
    comms.edit_draft(
        people, ref=incident.ref, draft_id=draft["id"], subject="Update", body="Version two.", version=1, actor="dana"
    )
    deliver_all(people, clock)

    sam = standin.ims["U0SAM00003"]
    asked = [m for m in standin.channels[sam].messages if draft["id"] in m["text"]]
    assert [("version 1" in m["text"], "version 2" in m["text"]) for m in asked] == [(True, False), (False, True)]
    buttons = asked[1]["blocks"][-1]["elements"]
    assert {b["action_id"] for b in buttons} == {"aicident_approve", "aicident_reject"}
    assert '"version":2' in buttons[0]["value"] and "Version two." in str(asked[1]["blocks"])


def test_closing_archives_the_channel_after_the_plans_delay(make_runtime, database_url, tmp_path, standin, clock):
    text = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
    quiet = re.sub(r"post_entry_types = \[[^\]]*\]", "post_entry_types = []", text)  # the header says enough here
    (tmp_path / "plan.toml").write_text(quiet.replace('archive_after = "24 hours"', 'archive_after = "2 hours"'))
    rt = make_runtime(database_url, tmp_path / "plan.toml")
    ref = run_demo(rt)  # declared 26 hours ago, closed 55 minutes ago
    deliver_all(rt, clock)
    channel = next(iter(standin.channels.values()))
    assert channel.name.startswith(f"inc-{ref.lower().removeprefix('inc-')}-") and not channel.archived
    assert not standin.called("conversations.archive")

    clock.advance(minutes=64)
    deliver_all(rt, clock)
    assert not standin.called("conversations.archive")
    clock.advance(minutes=1, seconds=1)
    deliver_all(rt, clock)
    assert len(standin.called("conversations.archive")) == 1 and channel.archived
    assert slack.channel_status(rt, ref=ref)["channel"]["archived_at"] is not None


def test_nothing_is_queued_while_the_slack_app_is_off(people, clock, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    incident = declare(people)
    with people.uow(read_only=True) as uow:
        assert [r for r in uow.outbox.list(incident_id=incident.id) if r.channel == "slack_app"] == []
    assert slack.channel_status(people, ref=incident.ref) == {"ref": incident.ref, "channel": None}


def test_with_open_at_severities_the_channel_opens_when_the_incident_reaches_one(
    make_runtime, database_url, tmp_path, standin, clock
):
    text = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
    (tmp_path / "plan.toml").write_text(
        text.replace("open_at_severities = []", 'open_at_severities = ["SEV-1", "SEV-2"]')
    )
    rt = make_runtime(database_url, tmp_path / "plan.toml")
    incident = declare(rt, severity="SEV-3")
    deliver_all(rt, clock)
    assert standin.channels == {} and slack.channel_status(rt, ref=incident.ref)["channel"] is None

    incidents.set_severity(rt, ref=incident.ref, severity="SEV-2", reason="a second customer", actor="dana")
    deliver_all(rt, clock)
    (channel,) = standin.channels.values()
    assert "SEV-2" in str(channel.messages[0]["blocks"]) and channel.pins == {channel.messages[0]["ts"]}
