"""The Slack app's pure rules: channel names Slack accepts, the /aicident command line, refusals rendered with the
sub-commands that satisfy them, the header's content, mrkdwn escaping, the rate tiers and the classes of errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import incident
from hypothesis import given
from hypothesis import strategies as st

from aicident.errors import Step
from aicident.incidents.entries import Note, SeverityChange
from aicident.incidents.model import Incident
from aicident.incidents.present import words_of
from aicident.plan.loader import default_plan
from aicident.slack.model import (
    RateBudget,
    approval_blocks,
    as_slack,
    channel_name,
    header_of,
    mentioned_user,
    parse_approval_value,
    parse_command,
    refusal_text,
    transient,
)

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
PLAN = default_plan()


def declared(**extra) -> Incident:
    return incident(
        PLAN, now=NOW, plan_version="v", id="i-1", ref="INC-2026-0007", title="Bot <leaks> & emails", category="data_leak",
        actor="dana", detected_at=NOW - timedelta(minutes=30), **extra,
    )  # fmt: skip


def test_a_channel_name_carries_the_ref_and_the_title_as_slack_allows():
    assert channel_name("inc", "INC-2026-0007", "Support bot: leaks order e-mails!") == (
        "inc-2026-0007-support-bot-leaks-order-e-mails"
    )
    assert channel_name("ai", "INC-2026-0007", "???") == "ai-inc-2026-0007"


@given(st.text(max_size=300))
def test_every_title_gives_a_name_of_lower_case_letters_digits_and_hyphens_within_80(title):
    name = channel_name("inc", "INC-2026-0123", title)
    assert 0 < len(name) <= 80 and name.startswith("inc-2026-0123")
    assert all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in name)
    assert not name.endswith("-")


def test_a_command_line_gives_its_sub_command_an_optional_ref_and_its_words():
    command = parse_command("severity SEV-1 customers' data leaked")
    assert (command.name, command.ref, command.rest(1)) == ("severity", None, "customers' data leaked")
    named = parse_command("STATUS inc-2026-0004")
    assert (named.name, named.ref, named.args) == ("status", "INC-2026-0004", ())
    assert parse_command("   ").name == "help"
    assert parse_command('note "unbalanced').rest() == '"unbalanced'
    assert mentioned_user("<@U0DANA0001|dana>") == "U0DANA0001" and mentioned_user("@dana") is None


def test_a_refusal_says_what_was_wrong_what_is_allowed_and_the_sub_command_that_satisfies_it():
    steps = [Step("assign", "name the Incident Commander", {"ref": "INC-2026-0001", "role": "incident_commander"}),
             Step("list_people", "list the people")]  # fmt: skip
    text = refusal_text("leaving Triage needs an <Incident Commander>", "assign one", steps, "/aicident")
    assert text.splitlines() == [
        ":no_entry: leaving Triage needs an &lt;Incident Commander&gt;",
        "Allowed: assign one",
        "Next: `/aicident assign incident_commander @PERSON` or list the people",
    ]


def test_the_header_shows_severity_stage_commander_deadlines_obligations_and_containment():
    incident = declared(severity="SEV-1")
    incident.assign(PLAN, "incident_commander", "dana", actor="dana", now=NOW)
    incident.record_containment(action="kill switch on the email tool", actor="dana", now=NOW)
    header = header_of(incident, PLAN, NOW, names={"dana": "Dana Scully"})
    shown = str(header.blocks())
    assert "SEV-1" in shown and "Dana Scully" in shown and "kill switch on the email tool" in shown
    assert "Bot &lt;leaks&gt; &amp; emails" in shown
    detected = int((NOW - timedelta(minutes=30)).timestamp())
    assert f"<!date^{detected}^{{ago}}|" in header.detected_at  # Slack keeps "time since detection" true
    assert header.at_risk and header.next_deadline != "none pending"
    assert header.hash == header_of(incident, PLAN, NOW, names={"dana": "Dana Scully"}).hash
    incident.set_severity(PLAN, "SEV-2", actor="dana", now=NOW, reason="fewer customers")
    assert header_of(incident, PLAN, NOW).hash != header.hash


def test_an_untriaged_incident_says_so_and_names_no_commander():
    header = header_of(declared(), PLAN, NOW)
    assert header.severity == "not triaged" and header.commander == "unassigned" and header.containment == ()


def test_log_entries_read_in_mrkdwn_with_slacks_control_characters_escaped():
    words = words_of(PLAN)
    change = SeverityChange(old="SEV-3", new="SEV-1", direction="escalated", reason="<script> & more")
    assert as_slack(change, words) == "Severity *SEV-3* → *SEV-1* (escalated): “&lt;script&gt; &amp; more”"
    note = Note(text="see the ticket", link="https://tickets.example/42")
    assert as_slack(note, words) == "“see the ticket” · <https://tickets.example/42>"


def test_an_approval_button_carries_the_exact_version_it_was_shown_for():
    _text, blocks = approval_blocks(
        ref="INC-2026-0001", draft="INC-2026-0001-D1", version=3, subject="S", body="line 1\n\nline 3",
        obligation="Customer notification", roles=["Executive Sponsor"],
    )  # fmt: skip
    approve, reject = blocks[-1]["elements"]
    assert parse_approval_value(approve["value"]) == ("INC-2026-0001", "INC-2026-0001-D1", 3)
    assert approve["value"] == reject["value"] and blocks[2]["text"]["text"] == "> line 1\n>\n> line 3"


def test_the_rate_budget_keeps_each_methods_tier_and_one_post_a_second_per_channel():
    budget = RateBudget()
    for second in range(20):
        assert budget.wait("conversations.create", float(second)) == 0
        budget.spent("conversations.create", float(second))
    assert budget.wait("conversations.create", 20.0) == 40.0  # tier 2: 20 a minute; the oldest leaves at 60 s
    assert budget.wait("conversations.create", 60.5) == 0
    budget.spent("chat.postMessage", 100.0, channel="C1")
    assert budget.wait("chat.postMessage", 100.25, channel="C1") == 0.75
    assert budget.wait("chat.postMessage", 100.25, channel="C2") == 0
    budget.told_to_wait("chat.update", 200.0, 30)
    assert budget.wait("chat.update", 210.0) == 20.0


def test_429_5xx_and_slacks_transient_codes_are_retried_the_rest_is_permanent():
    assert transient("ratelimited", 429) and transient("", 503) and transient("internal_error", 200)
    assert not transient("channel_not_found", 200) and not transient("invalid_auth", 200)
    assert not transient("not_in_channel", 200)
