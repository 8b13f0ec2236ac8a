"""Reports against SQLite and a real PostgreSQL: versions and stale edits, publishing, follow-ups with their log
entries, reminders claimed once, the review, metrics worked by hand, and the HTTP endpoints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factories
import pytest
from people_helpers import register_people

from aicident.auth import service as auth
from aicident.comms.slots import prompts_in
from aicident.errors import Conflict, Forbidden, InvalidInput, PreconditionFailed, PreconditionRequired, TextUnfinished
from aicident.incidents import service as incidents
from aicident.reports import service as reports
from aicident.reports.model import SECTION_KEYS, replace_section

SETUP = "setup"


def declare(rt, **fields) -> str:
    # who the tests name as commanders, owners and attendees
    return factories.declare(rt, people=["dana", "priya", "sam"], actor=SETUP, **fields)


def resolved(rt, clock) -> str:
    """A SEV-3 incident taken to the document stage: triaged, contained, diagnosed, resolved, communicated."""
    ref = declare(rt, detected_at=clock.now - timedelta(minutes=10))
    clock.advance(minutes=5)
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-3", commander="dana")
    incidents.advance(rt, ref=ref, actor="dana")
    clock.advance(minutes=10)
    incidents.contain(rt, ref=ref, actor="dana", action="Disabled the refunds answer")
    incidents.advance(rt, ref=ref, actor="dana")
    incidents.diagnose(rt, ref=ref, actor="priya", layer="prompt", description="The refusal rule was dropped")
    incidents.advance(rt, ref=ref, actor="dana")
    clock.advance(hours=1)
    incidents.resolve(rt, ref=ref, actor="priya", summary="Restored the prompt; evals pass")
    incidents.advance(rt, ref=ref, actor="dana")
    incidents.communicate(rt, ref=ref, actor="sam", audience="internal", summary="Summary in #incidents")
    incidents.advance(rt, ref=ref, actor="dana")
    return ref


def finished(rt, ref: str, **sections: str) -> int:
    """Write what people write before publishing: the given sections, and something in place of every bracketed
    prompt the template left ("[Negative findings, blameless]"); returns the version saved."""
    state = reports.get_report(rt, ref=ref).state
    markdown = state.markdown
    for key, text in sections.items():
        markdown = replace_section(markdown, key, text)
    for prompt in prompts_in(markdown):
        markdown = markdown.replace(prompt, "Nothing to add.")
    return reports.edit_report(rt, ref=ref, actor="dana", base_version=state.version, markdown=markdown).version


# --- the report: versions, stale edits, publishing ---------------------------------------------------------------


def test_every_edit_is_a_new_version_with_who_and_when_and_earlier_versions_stay_readable(runtime, clock):
    ref = resolved(runtime, clock)
    draft = reports.get_report(runtime, ref=ref)
    assert draft.state.version == 0 and draft.missing_sections == [] and draft.required_sections == list(SECTION_KEYS)

    clock.advance(minutes=1)
    first = reports.edit_report(
        runtime,
        ref=ref,
        actor="dana",
        base_version=0,
        section="went_well",
        text="- The kill switch worked in two minutes",
    )
    clock.advance(minutes=1)
    whole = first.markdown.replace("[Negative findings, blameless]", "- No eval covered refusals")
    second = reports.edit_report(runtime, ref=ref, actor="priya", base_version=1, markdown=whole)

    view = reports.get_report(runtime, ref=ref)
    assert [(v.version, v.created_by, v.created_at, v.change, v.edited_sections) for v in view.state.versions] == [
        (1, "dana", clock.now - timedelta(minutes=1), "edited went_well", ("went_well",)),
        (2, "priya", clock.now, "edited the whole report", ("went_well", "went_wrong")),
    ]
    assert "- The kill switch worked in two minutes" in view.state.versions[0].markdown
    assert "[Negative findings, blameless]" in view.state.versions[0].markdown
    assert view.state.markdown == second.markdown
    assert reports.export_report(runtime, ref=ref, version=1)[0] == first.markdown


def test_an_edit_based_on_a_stale_version_is_refused_and_writes_nothing(runtime, clock):
    ref = resolved(runtime, clock)
    reports.edit_report(runtime, ref=ref, actor="dana", base_version=0, section="summary", text="First")

    with pytest.raises(PreconditionFailed) as stale:
        reports.edit_report(runtime, ref=ref, actor="priya", base_version=0, section="summary", text="Second")

    assert stale.value.status == 412
    assert str(stale.value).startswith(f"the report of {ref} is at version 1, not 0")
    with pytest.raises(PreconditionRequired, match="must name the version it changes"):
        reports.edit_report(runtime, ref=ref, actor="priya", base_version=None, section="summary", text="Third")
    assert [v.version for v in reports.get_report(runtime, ref=ref).state.versions] == [1]


def test_two_writers_of_the_same_version_number_the_second_is_told_to_reload(runtime, clock):
    ref = resolved(runtime, clock)
    incident_id = incidents.get(runtime, ref=ref).incident.id
    version = reports.edit_report(runtime, ref=ref, actor="dana", base_version=0, section="summary", text="First")
    with runtime.uow() as uow, pytest.raises(Conflict) as conflict:
        uow.reports.add_version(type(version)(incident_id, 1, "# other\n", clock.now, "priya", "edit"))
    assert conflict.value.status == 409


def test_regenerating_refreshes_the_log_sections_and_keeps_what_people_wrote(runtime, clock):
    ref = resolved(runtime, clock)
    reports.edit_report(runtime, ref=ref, actor="dana", base_version=0, section="went_well", text="- Our words")
    reports.add_follow_up(runtime, ref=ref, actor="dana", text="Add a refusal eval", owner="priya", due="2026-12-01")

    regenerated = reports.regenerate_report(runtime, ref=ref, actor="dana", base_version=1)

    assert regenerated.version == 2 and regenerated.edited_sections == ("went_well",)
    assert "## What Went Well\n- Our words\n" in regenerated.markdown
    assert f"- {ref}-A1: Add a refusal eval (owner: priya, due: 2026-12-01, status: open)" in regenerated.markdown


def test_publishing_records_the_report_on_the_incident_as_a_log_entry_and_meets_the_report_deadline(runtime, clock):
    ref = resolved(runtime, clock)
    with pytest.raises(TextUnfinished) as unfinished:
        reports.publish_report(runtime, ref=ref, actor="dana")
    assert "[Policy or monitoring updates triggered]" in str(unfinished.value)
    assert incidents.get(runtime, ref=ref).incident.report is None
    finished(runtime, ref, summary="Refund promise")
    clock.advance(hours=2)

    incident, published = reports.publish_report(runtime, ref=ref, actor="dana")

    assert published.version == 1
    assert incident.report["version"] == 1 and incident.report["location"] == "aicident report version 1"
    view = incidents.get(runtime, ref=ref)
    entry = view.log[-1]
    assert (str(entry.type), entry.actor, entry.data["version"]) == ("report", "dana", 1)
    assert entry.data["summary"].startswith("# Incident Report — Chatbot promised refunds\n\n## Summary\nRefund")
    report_deadline = next(d for d in view.deadlines if d.kind == "report")
    assert report_deadline.met_at == clock.now and str(report_deadline.state(clock.now)) == "met"
    stored = reports.get_report(runtime, ref=ref).state.versions[0]
    assert (stored.published_at, stored.published_by) == (clock.now, "dana")
    incidents.advance(runtime, ref=ref, actor="dana")  # the document stage's `report` guard now holds


def test_publishing_a_version_without_the_section_7_headings_is_refused(runtime, clock):
    ref = resolved(runtime, clock)
    reports.edit_report(runtime, ref=ref, actor="dana", base_version=0, markdown="# Report\n\n## Summary\nShort\n")
    with pytest.raises(InvalidInput) as refused:
        reports.publish_report(runtime, ref=ref, actor="dana")
    assert str(refused.value).startswith("version 1 lacks the sections timeline, root_cause, impact, response")
    assert incidents.get(runtime, ref=ref).incident.report is None


def test_editing_and_publishing_need_the_plans_document_permission(runtime, clock):
    ref = resolved(runtime, clock)
    auth.add_person(runtime, handle="pat", roles=["comms_lead"])
    pat = auth.authenticate(runtime, token=auth.create_token(runtime, handle="pat").token)
    with pytest.raises(Forbidden, match="pat may not record the report: the plan grants it to Incident Commander"):
        reports.edit_report(runtime, ref=ref, actor="pat", base_version=0, section="summary", text="x", principal=pat)
    with pytest.raises(Forbidden):
        reports.publish_report(runtime, ref=ref, actor="pat", principal=pat)
    incidents.assign(runtime, ref=ref, role="incident_commander", person="pat", actor=SETUP)
    assert (
        reports.edit_report(
            runtime, ref=ref, actor="pat", base_version=0, section="summary", text="x", principal=pat
        ).version
        == 1
    )


# --- follow-ups ---------------------------------------------------------------------------------------------------


def test_action_items_and_lessons_each_change_a_log_entry_and_outlive_the_incident(runtime, clock):
    ref = resolved(runtime, clock)
    item = reports.add_follow_up(
        runtime, ref=ref, actor="dana", text="Add a refusal eval", owner="priya", due=date(2026, 12, 1)
    )
    lesson = reports.add_follow_up(
        runtime, ref=ref, actor="priya", kind="monitoring_update", text="Alert when refund answers appear"
    )
    finished(runtime, ref)
    reports.publish_report(runtime, ref=ref, actor="dana")
    incidents.advance(runtime, ref=ref, actor="dana")
    reports.review(runtime, ref=ref, actor="dana", attendees=["dana"], summary="Held")
    incidents.close(runtime, ref=ref, actor="dana")

    done = reports.complete_follow_up(runtime, item_id=item.id.lower(), actor="priya")
    with pytest.raises(InvalidInput, match="name it"):
        reports.complete_follow_up(runtime, item_id=lesson.id, actor="priya")
    carried = reports.complete_follow_up(runtime, item_id=lesson.id, actor="priya", change_ref="detector:refunds")

    assert (item.id, lesson.id) == (f"{ref}-A1", f"{ref}-L2")
    assert (done.status, done.updated_by) == ("done", "priya") and carried.change_ref == "detector:refunds"
    log = [
        (str(e.type), e.actor, e.data.get("item"), e.data.get("status"))
        for e in incidents.get(runtime, ref=ref).log
        if str(e.type) == "action_item"
    ]
    assert log == [
        ("action_item", "dana", item.id, "open"),
        ("action_item", "priya", lesson.id, "open"),
        ("action_item", "priya", item.id, "done"),
        ("action_item", "priya", lesson.id, "done"),
    ]
    assert incidents.verify(runtime) == (1, [])
    with pytest.raises(InvalidInput, match="is closed; only notes"):  # new follow-ups need the incident reopened
        reports.add_follow_up(runtime, ref=ref, actor="dana", text="Late idea", owner="dana", due="2026-12-01")
    assert [i.id for i in reports.list_follow_ups(runtime, ref=ref)] == [item.id, lesson.id]


def test_action_items_list_across_incidents_by_owner_and_overdue(runtime, clock):
    first, second = declare(runtime), declare(runtime)
    reports.add_follow_up(runtime, ref=first, actor=SETUP, text="Past due", owner="priya", due="2026-11-20")
    reports.add_follow_up(runtime, ref=second, actor=SETUP, text="Later", owner="priya", due="2026-12-20")
    reports.add_follow_up(runtime, ref=second, actor=SETUP, text="Someone else's", owner="sam", due="2026-11-01")
    dropped = reports.add_follow_up(runtime, ref=first, actor=SETUP, text="Dropped", owner="sam", due="2026-11-02")
    reports.drop_follow_up(runtime, item_id=dropped.id, reason="Superseded", actor=SETUP)

    assert [i.text for i in reports.list_follow_ups(runtime, kind="action")] == [
        "Someone else's",
        "Dropped",
        "Past due",
        "Later",
    ]
    assert [i.id for i in reports.list_follow_ups(runtime, owner="priya")] == [f"{first}-A1", f"{second}-A1"]
    assert [i.text for i in reports.list_follow_ups(runtime, overdue=True)] == ["Someone else's", "Past due"]
    assert [i.text for i in reports.list_follow_ups(runtime, overdue=True, owner="sam")] == ["Someone else's"]
    with pytest.raises(InvalidInput) as bad:
        reports.list_follow_ups(runtime, status="pending")
    assert bad.value.allowed == "one of: open, done, dropped"


def test_reminders_list_open_items_due_soon_or_overdue_and_each_is_claimed_once_a_day(runtime, clock):
    ref = declare(runtime)  # the clock: Monday 2026-11-23 14:00 UTC, Europe/Berlin in the default plan
    for text, due in (("overdue", "2026-11-20"), ("soon", "2026-11-25"), ("later", "2026-11-30")):
        reports.add_follow_up(runtime, ref=ref, actor=SETUP, text=text, owner="priya", due=due)

    due = reports.due_action_item_reminders(runtime, clock.now)

    assert [(r.item.text, r.overdue, r.days_left) for r in due] == [("overdue", True, -3), ("soon", False, 2)]
    assert [reports.claim_action_item_reminder(runtime, r) for r in due] == [True, True]
    assert [reports.claim_action_item_reminder(runtime, r) for r in due] == [False, False]  # a second worker
    assert reports.due_action_item_reminders(runtime, clock.now) == []
    with runtime.uow() as uow:  # a worker's own transaction works as well
        assert [r.item.text for r in reports.due_action_item_reminders(uow, clock.now + timedelta(days=1))] == [
            "overdue",
            "soon",
        ]


# --- the review ---------------------------------------------------------------------------------------------------


def test_the_review_records_attendees_decisions_and_the_follow_ups_it_created_in_one_transaction(runtime, clock):
    ref = resolved(runtime, clock)
    finished(runtime, ref)
    reports.publish_report(runtime, ref=ref, actor="dana")
    incidents.advance(runtime, ref=ref, actor="dana")

    with pytest.raises(InvalidInput, match="needs an owner and a due date"):
        reports.review(
            runtime,
            ref=ref,
            actor="dana",
            attendees=["dana"],
            summary="Held",
            action_items=[{"text": "Add an eval", "owner": "priya"}],
        )
    assert reports.list_follow_ups(runtime, ref=ref) == []

    incident, created = reports.review(
        runtime,
        ref=ref,
        actor="dana",
        attendees=["dana", "priya"],
        summary="Blameless review held",
        decisions=["Refund answers need a citation"],
        action_items=[{"text": "Add an eval", "owner": "priya", "due": "2026-12-01"}],
        lessons=[{"kind": "policy_update", "text": "Refunds are answered by people only", "change": "plan:abc123"}],
    )

    assert [c.id for c in created] == [f"{ref}-A1", f"{ref}-L2"] and {c.origin for c in created} == {"review"}
    assert incident.review["decisions"] == ["Refund answers need a citation"]
    assert incident.review["follow_ups"] == [f"{ref}-A1", f"{ref}-L2"]
    log = incidents.get(runtime, ref=ref).log
    assert [str(e.type) for e in log[-3:]] == ["action_item", "action_item", "review"]
    incidents.close(runtime, ref=ref, actor="dana")


# --- metrics, worked by hand on both databases -------------------------------------------------------------------


def test_metrics_per_severity_and_period_match_hand_worked_numbers(runtime, clock):
    start = clock.now
    # A: SEV-2, acknowledged after 4 min, contained 30 min and resolved 3 h after detection (detected 10 min early)
    a = declare(runtime, detected_at=clock.now - timedelta(minutes=10))
    clock.advance(minutes=4)
    incidents.triage(runtime, ref=a, actor="dana", severity="SEV-2", commander="dana")
    incidents.advance(runtime, ref=a, actor="dana")
    clock.advance(minutes=16)
    incidents.contain(runtime, ref=a, actor="dana", action="Kill switch")
    clock.advance(minutes=150)
    incidents.resolve(runtime, ref=a, actor="dana", summary="Fixed")
    # B: SEV-2, declared 1 h after A started, acknowledged after 2 h (its 1-hour response deadline missed)
    clock.now = start + timedelta(hours=1)
    b = declare(runtime)
    clock.advance(hours=2)
    incidents.triage(runtime, ref=b, actor="dana", severity="SEV-2", commander="dana")
    # C: SEV-4, declared on the next day: outside a period that ends at midnight
    clock.now = start + timedelta(days=1)
    declare(runtime, severity="SEV-4")
    clock.advance(hours=1)

    day = datetime(2026, 11, 23, tzinfo=UTC)
    result = reports.insights(runtime, since=day, until=day + timedelta(days=1), by="severity")

    assert result["overall"]["incidents"] == 2
    # acknowledge: 4 min and 120 min -> median 62 min, p90 rank ceil(1.8)=2 -> 120 min, mean 62 min
    assert result["overall"]["acknowledge"] == {
        "count": 2,
        "median_seconds": 3720.0,
        "p90_seconds": 7200.0,
        "mean_seconds": 3720.0,
    }
    assert result["overall"]["contain"] == {
        "count": 1,
        "median_seconds": 1800.0,
        "p90_seconds": 1800.0,
        "mean_seconds": 1800.0,
    }
    assert result["overall"]["resolve"]["median_seconds"] == 10800.0
    # A: response met on time; B: response met late; A's report and review deadlines still running; B unresolved.
    assert result["overall"]["deadlines"] == {"due": 2, "met_on_time": 1, "compliance": 0.5}
    assert [g["key"] for g in result["groups"]] == ["SEV-2"]
    everything = reports.insights(runtime, by="category")
    assert everything["overall"]["incidents"] == 3
    assert [(g["key"], g["incidents"]) for g in everything["groups"]] == [("hallucination_harm", 3)]
    # C's SEV-4 response deadline: 1 business day, not yet due one hour after it was declared
    assert everything["overall"]["deadlines"]["due"] == 2


# --- over HTTP ----------------------------------------------------------------------------------------------------


def _headers(rt, handle: str, roles) -> dict:
    register_people(rt, handle)
    auth.set_roles(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


def test_the_report_over_http_put_with_if_match_publish_and_export(runtime, clock, client):
    ref = resolved(runtime, clock)
    ic = _headers(runtime, "dana", ["incident_commander"])
    path = f"/api/v1/incidents/{ref}/report"

    listed = client.get(f"{path}/versions", headers=ic)
    assert listed.status_code == 200 and listed.headers["ETag"] == '"0"' and listed.json()["versions"] == []
    missing = client.put(path, json={"section": "summary", "text": "x"}, headers=ic)
    assert missing.status_code == 428 and "must name the version" in missing.json()["detail"]
    saved = client.put(
        path,
        json={"section": "summary", "text": "Refund promise <script>x</script>"},
        headers={**ic, "If-Match": '"0"'},
    )
    assert saved.status_code == 200 and saved.headers["ETag"] == '"1"' and saved.json()["created_by"] == "dana"
    stale = client.put(path, json={"section": "summary", "text": "y"}, headers={**ic, "If-Match": '"0"'})
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"

    html = client.get(path, params={"format": "html"}, headers=ic)
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "&lt;script&gt;x&lt;/script&gt;" in html.text and "<script>" not in html.text
    pdf = client.get(path, params={"format": "pdf"}, headers=ic)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert client.get(path, params={"format": "docx"}, headers=ic).json()["code"] == "invalid_input"
    assert client.get(f"{path}/versions/0", headers=ic).json()["version"] == 0
    assert client.get(f"{path}/versions/7", headers=ic).status_code == 404

    unfinished = client.post(f"{path}/publish", json={}, headers=ic)
    assert unfinished.status_code == 409 and unfinished.json()["code"] == "unfinished_text"
    assert "lessons" in [slot["name"] for slot in unfinished.json()["slots"]]
    assert finished(runtime, ref) == 2
    published = client.post(f"{path}/publish", json={}, headers=ic)
    assert published.status_code == 200 and published.json()["report"]["version"] == 2
    assert client.get(f"/api/v1/incidents/{ref}", headers=ic).json()["report"]["version"] == 2


def test_action_items_lessons_review_and_insights_over_http(runtime, clock, client):
    ref = resolved(runtime, clock)
    anyone = _headers(runtime, "sam", [])
    ic = _headers(runtime, "dana", ["incident_commander"])

    added = client.post(
        f"/api/v1/incidents/{ref}/action-items",
        json={"text": "Add an eval", "owner": "priya", "due": "2026-11-20"},
        headers=anyone,
    )
    assert added.status_code == 201 and added.json()["id"] == f"{ref}-A1"
    lesson = client.post(
        f"/api/v1/incidents/{ref}/lessons",
        json={"kind": "monitoring_update", "text": "Alert on refunds"},
        headers=anyone,
    )
    assert lesson.status_code == 201
    assert client.post(f"/api/v1/lessons/{ref}-L2/done", json={}, headers=anyone).status_code == 400
    assert (
        client.post(f"/api/v1/lessons/{ref}-L2/done", json={"change": "detector:refunds"}, headers=anyone).json()[
            "status"
        ]
        == "done"
    )
    overdue = client.get("/api/v1/action-items", params={"overdue": "true", "owner": "priya"}, headers=anyone)
    assert [i["id"] for i in overdue.json()] == [f"{ref}-A1"]
    dropped = client.post(f"/api/v1/action-items/{ref}-A1/drop", json={"reason": "Covered by A3"}, headers=anyone)
    assert dropped.json()["status"] == "dropped"
    assert client.get(f"/api/v1/incidents/{ref}/lessons", headers=anyone).json()[0]["change"] == "detector:refunds"

    finished(runtime, ref)
    assert client.post(f"/api/v1/incidents/{ref}/report/publish", json={}, headers=ic).status_code == 200
    client.post(f"/api/v1/incidents/{ref}/advance", json={}, headers=ic)
    refused = client.post(
        f"/api/v1/incidents/{ref}/review", json={"attendees": ["sam"], "summary": "x"}, headers=anyone
    )
    assert refused.status_code == 403
    reviewed = client.post(
        f"/api/v1/incidents/{ref}/review",
        headers=ic,
        json={
            "attendees": ["dana", "priya"],
            "summary": "Held",
            "decisions": ["Refunds need a citation"],
            "action_items": [{"text": "Add a citation check", "owner": "priya", "due": "2026-12-01"}],
        },
    )
    assert reviewed.status_code == 200
    assert reviewed.json()["review"]["follow_ups"] == [f"{ref}-A3"]

    insights = client.get(
        "/api/v1/insights", params={"by": "severity", "since": "2026-11-23T00:00:00Z"}, headers=anyone
    )
    assert insights.status_code == 200
    assert insights.json()["groups"][0]["key"] == "SEV-3"
    assert insights.json()["overall"]["contain"]["median_seconds"] == 1500.0  # detected 10 min before, +5 +10
    assert client.get("/api/v1/insights", params={"by": "vendor"}, headers=anyone).status_code == 400
