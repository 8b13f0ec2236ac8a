"""Templates with named slots, customer-facing text and delivery truth, in the pure core (no database, no clock):

- a prompt is bracketed words with a space; tags, links and checkboxes are not prompts;
- slots take their values from the incident, the plan's [organisation] or a person, and show their prompt until then;
- a customer-facing template may show only facts written for customers, and the plan refuses one that does not;
- the customer notice follows the moment (investigating, contained, resolved) with labelled times;
- an obligation sent through aicident is sending until every message is delivered, met at the delivery time, and at
  risk when a message fails; one recorded by hand (as before) is met when recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import incident
from pydantic import ValidationError

from aicident.comms import drafts, slots
from aicident.comms.model import ObligationState, obligations
from aicident.incidents.deadlines import DeadlineState, incident_deadlines
from aicident.incidents.model import EntryType, Incident
from aicident.plan.loader import default_plan
from aicident.plan.schema import Organisation, Template

PLAN = default_plan()
T0 = datetime(2026, 12, 5, 14, 2, tzinfo=UTC)
ORGANISATION = Organisation(
    name="Example Corp",
    support_contact="support@example.com",
    status_page_url="https://status.example.com",
    signature="The Example Corp team",
)
WITH_ORGANISATION = PLAN.model_copy(update={"organisation": ORGANISATION})


def declare(**facts) -> Incident:
    return incident(
        PLAN, now=T0, facts={"customers_affected": 2, **facts}, ref="INC-2026-0042",
        title="Support bot showed other customers' orders",
        summary="Retrieval concatenated other tenants' rows into the system instruction block.",
        category="data_leak", actor="dana", severity="SEV-2",
    )  # fmt: skip


def notice(incident: Incident, plan=WITH_ORGANISATION, now: datetime = T0, given=None) -> tuple[str, str, dict]:
    context = drafts.context(incident, [], plan, None, now)
    return drafts.render(plan, "customer_notification", context, given)


# --- prompts -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("contact [support contact] today", ["[support contact]"]),
        ("[Negative findings, blameless]", ["[Negative findings, blameless]"]),
        ("- [2-3 sentences]\n- [2-3 sentences]", ["[2-3 sentences]"]),
        ("[SEV-1] INC-2026-0001 Stage Triage", []),
        ("see [the runbook](https://example.com/runbook)", []),
        ("- [ ] check - [x] done", []),
        ("[redacted] and [REDACTED_EMAIL]", []),
    ],
)
def test_a_prompt_is_bracketed_words_with_a_space_and_nothing_else(text, found):
    assert slots.prompts_in(text) == found


# --- slots ----------------------------------------------------------------------------------------------------------


def test_a_new_notice_takes_the_organisation_settings_and_shows_the_prompts_of_what_nobody_wrote():
    subject, body, filled = notice(declare())
    template = PLAN.templates["customer_notification"]
    assert filled == {
        "organisation_name": "Example Corp",
        "what_happened": None,
        "impact": None,
        "actions_taken": None,
        "customer_actions": None,
        "status_page": "https://status.example.com",
        "support_contact": "support@example.com",
        "signature": "The Example Corp team",
    }
    left = slots.unfinished(template, subject, body)
    assert [s.name for s in left.slots] == ["what_happened", "impact", "customer_actions"] and left.prompts == ()
    assert left.describe() == (
        "fill what_happened ([Plain-language description in 2-3 sentences]), impact ([How it affects the customer]), "
        "customer_actions ([Specific actions if any])"
    )
    states = {s.slot.name: s.state for s in slots.states(template, body, filled)}
    assert states["actions_taken"] == slots.EMPTY  # optional: left out of the text, not a prompt
    assert "What we have done" not in body


def test_without_organisation_settings_the_notice_cannot_go_until_they_are_set_or_filled_by_hand():
    subject, body, _filled = notice(declare(), plan=PLAN)
    left = slots.unfinished(PLAN.templates["customer_notification"], subject, body)
    assert {"organisation_name", "status_page", "support_contact", "signature"} <= {s.name for s in left.slots}
    assert subject.startswith("[Organisation name]: ")


def test_filling_a_prompt_by_hand_replaces_it_everywhere_and_leaves_the_rest():
    template = PLAN.templates["customer_notification"]
    text = "Contact [support contact].\nOr [support contact].\n[Specific actions if any]"
    filled = slots.fill_prompts(text, template, {"support_contact": "help@example.com"})
    assert filled == "Contact help@example.com.\nOr help@example.com.\n[Specific actions if any]"


# --- customer-facing text -------------------------------------------------------------------------------------------


def test_the_notice_says_only_what_was_written_for_customers_and_follows_the_moment():
    incident = declare(
        customer_summary="Our assistant showed you part of another customer's order history.",
        customer_impact="Another customer may have seen your last three orders.",
    )
    incident.record_root_cause(layer="prompt", description="rows concatenated into the system block", actor="a", now=T0)
    given = {"customer_actions": "No action is needed."}
    subject, body, _ = notice(incident, given=given)
    assert "we are investigating" in subject and "We are investigating it now." in body
    assert "concatenated" not in body and incident.summary not in body and incident.title not in body
    assert "- Detected: 2026-12-05 14:02 UTC" in body and "Contained:" not in body
    assert "We will post updates at https://status.example.com." in body
    assert not slots.unfinished(PLAN.templates["customer_notification"], subject, body)

    incident.record_containment(action="Turned the order lookup off", actor="dana", now=T0 + timedelta(minutes=30))
    _, body, _ = notice(incident, given=given)
    assert "We have stopped it from continuing" in body and "- Contained: 2026-12-05 14:32 UTC" in body
    assert "Turned the order lookup off" not in body  # internal words stay inside

    incident.resolve(summary="Tenant filter enforced", actor="dana", now=T0 + timedelta(hours=4))
    subject, body, _ = notice(incident, given=given, now=T0 + timedelta(hours=5))
    assert "is resolved" in subject and "It is resolved." in body and "- Resolved: 2026-12-05 18:02 UTC" in body
    assert "We will post updates" not in body and "Tenant filter" not in body
    assert body.rstrip().endswith("Thank you for your patience.\n\nThe Example Corp team")


def test_a_customer_facing_template_that_shows_an_internal_fact_is_refused_by_the_plan():
    with pytest.raises(ValidationError, match="a customer-facing template shows only customer facts .* not summary"):
        Template(
            subject="Notice",
            body="{{ summary }}\n{{ what_happened }}",
            slots=[{"name": "what_happened", "label": "What happened", "audience": "customer", "source": "person"}],
        )
    with pytest.raises(ValidationError, match="takes the incident's 'root_cause', which is not written for customers"):
        Template(
            body="{{ cause }}",
            slots=[
                {"name": "cause", "label": "Cause", "audience": "customer", "source": "incident", "key": "root_cause"}
            ],
        )
    with pytest.raises(ValidationError, match=r"takes \[organisation\] 'phone'"):
        Template(body="{{ x }}", slots=[{"name": "x", "label": "X", "source": "organisation", "key": "phone"}])
    with pytest.raises(ValidationError, match="String should match pattern"):
        Template(body="{{ x }}", slots=[{"name": "x", "label": "[X]"}])


# --- delivery truth -------------------------------------------------------------------------------------------------


def customers(incident: Incident):
    return next(o for o in obligations(incident, PLAN) if o.key == "customers")


def test_sent_through_aicident_the_obligation_is_sending_until_delivered_and_met_at_the_delivery_time():
    incident = declare()
    sent_at, delivered_at = T0 + timedelta(hours=71), T0 + timedelta(hours=73)
    incident.record_communication(
        PLAN, audience="customers", summary="D1 v2", actor="sam", now=sent_at, message="D1", messages=2
    )
    owed = customers(incident)
    assert (owed.state, owed.outstanding, owed.met_at) == (ObligationState.SENDING, True, None)
    assert owed.delivery == {
        "draft": "D1",
        "sent_at": sent_at.isoformat(timespec="microseconds"),
        "messages": 2,
        "state": "sending",
    }
    assert "customers" in incident.missing_communications(PLAN)

    assert (
        incident.record_delivery(draft="D1", outcome="delivered", delivered=lambda: 1, actor="aicident", now=sent_at)
        is False
    )
    assert incident.record_delivery(
        draft="D1", outcome="delivered", delivered=lambda: 2, actor="aicident", now=delivered_at
    )
    owed = customers(incident)
    assert (owed.state, owed.met_at) == (ObligationState.MET, delivered_at)
    [deadline] = [d for d in incident_deadlines(incident, PLAN) if d.kind == "communication:customers"]
    assert deadline.state(delivered_at) == DeadlineState.MET_LATE  # due 72 h after awareness; delivered at 73 h
    assert [e.type for e in incident.new_entries][-2:] == [EntryType.COMMUNICATION, EntryType.DELIVERY]


def test_a_failed_message_puts_the_obligation_at_risk_once_and_a_later_delivery_still_meets_it():
    incident = declare()
    incident.record_communication(PLAN, audience="customers", summary="D1", actor="s", now=T0, message="D1", messages=2)
    assert incident.record_delivery(
        draft="D1",
        outcome="dead",
        delivered=lambda: 0,
        actor="aicident",
        now=T0,
        message="D1:v1:email:a",
        reason="refused",
    )
    assert not incident.record_delivery(
        draft="D1",
        outcome="failed",
        delivered=lambda: 0,
        actor="aicident",
        now=T0,
        message="D1:v1:email:b",
        reason="refused",
    )
    owed = customers(incident)
    assert owed.state == ObligationState.AT_RISK and owed.outstanding
    assert owed.delivery["failed"] == {
        "message": "D1:v1:email:a",
        "reason": "refused",
        "at": T0.isoformat(timespec="microseconds"),
    }
    assert [e.record.outcome for e in incident.new_entries if e.type == EntryType.DELIVERY] == ["dead"]

    later = T0 + timedelta(hours=1)
    assert incident.record_delivery(draft="D1", outcome="delivered", delivered=lambda: 2, actor="aicident", now=later)
    assert (customers(incident).state, customers(incident).met_at) == (ObligationState.MET, later)


def test_a_communication_recorded_by_hand_or_before_delivery_was_tracked_is_met_when_recorded():
    incident = declare()
    incident.record_communication(PLAN, audience="customers", summary="phoned both", actor="sam", now=T0)
    assert (customers(incident).state, customers(incident).met_at) == (ObligationState.MET, T0)
    stored = {k: v for k, v in incident.communications[0].items()}
    assert "messages" not in stored and "delivery" not in stored  # stored as before
