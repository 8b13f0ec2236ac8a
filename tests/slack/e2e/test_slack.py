"""The Slack app end to end, with a real `aicident serve` (its workers deliver the outbox) and the Slack Web API
stand-in, on SQLite and PostgreSQL: declaring in the web UI (the form posted as a browser posts it) creates the
incident's channel and pins its header; naming the Incident Commander in the web UI invites them; a
`/aicident severity SEV-1 ...` typed in the channel (signed as Slack signs it) is logged as the mapped person,
edits the pinned header, and moves the incident's version so that the web page's live fragment shows it."""

from __future__ import annotations

import re

import pytest
from slack_helpers import command, signed, slack_environment, wait_for
from slack_standin import SlackStandIn

DANA = "U0DANA0001"


@pytest.fixture
def standin():
    running = SlackStandIn().start()
    running.add_user(DANA, "dana", "dana@example.com", real_name="Dana Scully")
    yield running
    running.stop()
    assert running.violations == []


@pytest.fixture
def slack_service(any_service, standin):
    """The service again, now with the Slack app on (its secrets and the stand-in's address in its environment)."""
    any_service.stop()
    any_service.env.update(slack_environment(standin))
    return any_service.restart()


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_declaring_in_the_web_ui_opens_the_channel_and_a_slack_command_edits_the_header_and_the_page(
    slack_service, standin
):
    service = slack_service
    with service.client(headers=service.admin) as api:
        person = {
            "handle": "dana",
            "name": "Dana Scully",
            "email": "dana@corp.example",
            "roles": ["incident_commander"],
        }
        assert api.post("/api/v1/people", json=person).status_code == 201
        assert api.put("/api/v1/people/dana/slack", json={"slack_id": DANA}).json() == {
            "handle": "dana",
            "slack_id": DANA,
        }

    with service.client() as browser:
        signed_in = browser.post(
            "/sign-in", data={"csrf": _csrf(browser.get("/sign-in").text), "token": service.token, "next": "/incidents"}
        )
        assert signed_in.status_code in (200, 303)
        form = browser.get("/incidents/new").text
        declared = browser.post(
            "/incidents/new",
            data={
                "csrf": _csrf(form),
                "form_id": re.search(r'name="form_id" value="([^"]+)"', form).group(1),
                "title": "Assistant invents refund rules",
                "category": "hallucination_harm",
                "severity": "SEV-3",
                "source": "customer_report",
            },
            follow_redirects=False,
        )
        assert declared.status_code == 303
        ref = declared.headers["location"].rsplit("/", 1)[-1]

        name = f"inc-{ref.lower().removeprefix('inc-')}-assistant-invents-refund-rules"
        channel = wait_for(lambda: standin.channel_named(name), timeout=30, what="the incident's channel")
        wait_for(lambda: channel.pins, timeout=30, what="the pinned header")
        header_ts = channel.messages[0]["ts"]
        assert channel.pins == {header_ts} and "SEV-3" in str(channel.messages[0]["blocks"])

        page = browser.get(f"/incidents/{ref}").text
        version = int(re.search(r'data-version="(\d+)"', page).group(1))
        triaged = browser.post(
            f"/incidents/{ref}/triage", data={"csrf": _csrf(page), "commander": "dana", "reason": "on call"}
        )
        assert triaged.status_code in (200, 303)
        wait_for(lambda: DANA in channel.members, timeout=30, what="the commander's invitation")
        version = int(re.search(r'data-version="(\d+)"', browser.get(f"/incidents/{ref}").text).group(1))
        assert browser.get(f"/incidents/{ref}/live?version={version}").status_code == 204  # nothing new yet

        body = command(
            "severity SEV-1 refunds promised to every customer",
            user=DANA,
            channel=channel.id,
            response_url=standin.response_url("severity"),
        )
        answer = browser.post(
            "/api/v1/slack/commands", content=body[0], headers={"content-type": body[1], **signed(body[0])}
        )
        assert answer.status_code == 200
        reply = wait_for(lambda: [b for k, b in standin.responses if k == "severity"], timeout=15)[0]
        assert reply["text"] == f"{ref} is SEV-1 now." and reply["response_type"] == "ephemeral"

        with service.client(headers=service.admin) as api:
            log = api.get(f"/api/v1/incidents/{ref}/log").json()
        entries = log["entries"] if isinstance(log, dict) else log
        change = [e for e in entries if e["type"] == "severity_change"][-1]
        assert change["actor"] == "dana" and change["data"]["new"] == "SEV-1"

        wait_for(lambda: "SEV-1" in str(channel.messages[0]["blocks"]), timeout=30, what="the header's edit")
        assert [c.args["ts"] for c in standin.called("chat.update")][-1] == header_ts
        live = browser.get(f"/incidents/{ref}/live?version={version}")
        assert live.status_code == 200 and "SEV-1" in live.text
        assert int(re.search(r'data-version="(\d+)"', live.text).group(1)) > version
