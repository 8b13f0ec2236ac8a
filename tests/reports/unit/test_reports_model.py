"""The pure parts of reports: sections and versions, follow-ups, reminders, metrics by hand, and the exports."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicident.errors import InvalidInput
from aicident.incidents.model import Facts, Incident
from aicident.plan.loader import default_plan, plan_version
from aicident.reports import followups
from aicident.reports.export import export, to_html
from aicident.reports.insights import DeadlineOutcome, IncidentTimes, compute, summarize
from aicident.reports.model import (
    ReportVersion,
    edited,
    missing_sections,
    regenerated,
    replace_section,
    report_context,
    sections_of,
    split_sections,
)

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

REPORT = """# Incident Report — Bot leaked orders

## Summary
Two customers saw other orders.

## Timeline
- 14:00 detected

## What Went Well
[Positive findings]

## Lessons Learned
[Policy or monitoring updates triggered]
"""


# --- sections and versions -------------------------------------------------------------------------------------


def test_a_report_splits_into_its_headed_sections_by_key():
    preamble, sections = split_sections(REPORT)

    assert preamble == "# Incident Report — Bot leaked orders"
    assert [(key, heading) for key, heading, _ in sections] == [
        ("summary", "Summary"),
        ("timeline", "Timeline"),
        ("went_well", "What Went Well"),
        ("lessons_learned", "Lessons Learned"),
    ]
    assert sections_of(REPORT)["timeline"] == "- 14:00 detected"


def test_replacing_a_section_changes_only_that_section():
    changed = replace_section(REPORT, "went_well", "- The kill switch worked in two minutes")

    assert sections_of(changed) == {**sections_of(REPORT), "went_well": "- The kill switch worked in two minutes"}
    assert changed.startswith("# Incident Report — Bot leaked orders\n\n## Summary\n")


def test_a_heading_inside_a_code_fence_is_not_a_section():
    text = REPORT + "\n## Appendix\n```\n## not a heading\n```\n"
    assert list(sections_of(text)) == ["summary", "timeline", "went_well", "lessons_learned", "appendix"]


def test_an_unknown_section_or_a_section_text_with_a_heading_is_refused_saying_what_is_allowed():
    with pytest.raises(InvalidInput) as unknown:
        replace_section(REPORT, "went_sideways", "text")
    assert unknown.value.allowed == "one of: summary, timeline, went_well, lessons_learned"
    with pytest.raises(InvalidInput, match="contains a '## ' heading"):
        replace_section(REPORT, "summary", "ok\n## Sneaky\nmore")


def test_missing_sections_names_every_section_7_heading_a_report_lacks():
    assert missing_sections(REPORT) == ["root_cause", "impact", "response", "went_wrong", "action_items"]


def _version(number: int, markdown: str, edited_sections=()) -> ReportVersion:
    return ReportVersion("incident-1", number, markdown, T0, "dana", "edit", tuple(edited_sections))


def test_edited_sections_accumulate_across_versions():
    first = _version(1, REPORT)
    second_text = replace_section(REPORT, "summary", "Rewritten")
    assert edited(first, second_text, section="summary") == ("summary",)
    second = _version(2, second_text, ("summary",))
    whole = replace_section(second_text, "timeline", "- new timeline")
    assert edited(second, whole) == ("summary", "timeline")


def test_regenerating_keeps_what_people_wrote_and_refreshes_the_rest():
    current = _version(3, replace_section(REPORT, "went_well", "- Our words"), ("went_well",))
    fresh = REPORT.replace("- 14:00 detected", "- 14:00 detected\n- 14:30 contained")

    result = sections_of(regenerated(fresh, current))

    assert result["went_well"] == "- Our words"
    assert result["timeline"] == "- 14:00 detected\n- 14:30 contained"


# --- follow-ups ------------------------------------------------------------------------------------------------


def _item(kind="action", **fields) -> followups.FollowUp:
    defaults = {"owner": "priya", "due": "2026-11-25"} if kind == "action" else {}
    return followups.new_follow_up(
        id="INC-2026-0001-A1",
        incident_id="i1",
        incident_ref="INC-2026-0001",
        kind=kind,
        text="Add upload cases to the evals",
        actor="dana",
        now=T0,
        **{**defaults, **fields},
    )


def test_an_action_item_needs_an_owner_and_a_due_date():
    with pytest.raises(InvalidInput, match="needs an owner and a due date"):
        _item(owner=None)
    with pytest.raises(InvalidInput) as bad:
        _item(due="next friday")
    assert bad.value.allowed == "YYYY-MM-DD"
    with pytest.raises(InvalidInput, match="unknown follow-up kind 'wish'"):
        _item(kind="wish")


def test_a_lesson_is_done_only_with_the_change_that_carries_it_out():
    lesson = _item(kind="monitoring_update")
    with pytest.raises(InvalidInput) as refused:
        followups.complete(lesson, actor="priya", now=T0)
    assert refused.value.allowed == "--change REF: a plan version hash, a commit or a detector id"

    done = followups.complete(lesson, actor="priya", now=T0, change_ref="detector:leak")

    assert (done.status, done.change_ref, done.version) == ("done", "detector:leak", 2)
    assert followups.log_data(done) == {
        "item": "INC-2026-0001-A1",
        "kind": "monitoring_update",
        "status": "done",
        "change": "detector:leak",
    }


def test_dropping_needs_a_reason_and_a_closed_follow_up_does_not_change_again():
    item = _item()
    with pytest.raises(InvalidInput, match="the reason for dropping it must not be empty"):
        followups.drop(item, reason=" ", actor="dana", now=T0)
    dropped = followups.drop(item, reason="Superseded by the allow-list", actor="dana", now=T0)
    assert (dropped.status, dropped.reason) == ("dropped", "Superseded by the allow-list")
    with pytest.raises(InvalidInput, match="already dropped; cannot mark it done"):
        followups.complete(dropped, actor="dana", now=T0)


def test_reminders_pick_open_action_items_due_soon_or_overdue_not_reminded_today_in_the_plans_time_zone():
    items = [
        _item(due="2026-11-20"),  # overdue
        _item(due="2026-11-25"),  # due in two days: within the window
        _item(due="2026-11-26"),  # three days out: not yet
        followups.drop(_item(due="2026-11-21"), reason="no longer needed", actor="dana", now=T0),
        _item(kind="policy_update"),
    ]
    items = [followups.FollowUp(**{**vars(i), "id": f"A{n}"}) for n, i in enumerate(items)]
    # 23:30 UTC on the 23rd is already the 24th in Berlin: the 26th is then two days out.
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)

    utc = followups.reminders_due(items, now=late, time_zone="UTC", within_days=2)
    berlin = followups.reminders_due(items, now=late, time_zone="Europe/Berlin", within_days=2)

    assert [(r.item.id, r.overdue, r.days_left) for r in utc] == [("A0", True, -3), ("A1", False, 2)]
    assert [(r.item.id, r.days_left) for r in berlin] == [("A0", -4), ("A1", 1), ("A2", 2)]
    reminded = followups.FollowUp(**{**vars(items[0]), "reminded_on": date(2026, 11, 23)})
    assert followups.reminders_due([reminded], now=late, time_zone="UTC", within_days=2) == []


# --- metrics, worked by hand -----------------------------------------------------------------------------------


def test_median_p90_and_mean_match_hand_worked_numbers():
    # 10 values: median = (5+6)/2 = 5.5; p90 nearest rank = ceil(9) = 9th value = 9; mean = 55/10 = 5.5
    assert summarize([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]) == summarize(list(range(1, 11)))
    assert summarize(list(range(1, 11))).as_dict() == {
        "count": 10,
        "median_seconds": 5.5,
        "p90_seconds": 9.0,
        "mean_seconds": 5.5,
    }
    # 3 values: median 20, p90 rank ceil(2.7) = 3 -> 90, mean 40
    assert summarize([10, 90, 20]).as_dict() == {
        "count": 3,
        "median_seconds": 20.0,
        "p90_seconds": 90.0,
        "mean_seconds": 40.0,
    }
    assert summarize([]).as_dict() == {"count": 0, "median_seconds": None, "p90_seconds": None, "mean_seconds": None}


def _times(id, severity, category, ack=None, contain=None, resolve=None) -> IncidentTimes:
    detected = T0 - timedelta(minutes=10)
    return IncidentTimes(
        id,
        severity,
        category,
        declared_at=T0,
        detected_at=detected,
        triaged_at=T0 + timedelta(minutes=ack) if ack is not None else None,
        contained_at=detected + timedelta(minutes=contain) if contain is not None else None,
        resolved_at=detected + timedelta(minutes=resolve) if resolve is not None else None,
    )


def test_metrics_per_severity_with_deadline_compliance_worked_by_hand():
    incidents = [
        _times("a", "SEV-1", "data_leak", ack=5, contain=20, resolve=120),
        _times("b", "SEV-1", "prompt_injection", ack=15, contain=40),
        _times("c", "SEV-3", "data_leak", ack=60),
        _times("d", None, "data_leak"),
    ]
    now = T0 + timedelta(hours=5)
    deadlines = [
        DeadlineOutcome("a", "response", T0 + timedelta(minutes=15), T0 + timedelta(minutes=5), False),  # on time
        DeadlineOutcome("b", "response", T0 + timedelta(minutes=10), T0 + timedelta(minutes=15), False),  # late
        DeadlineOutcome("b", "communication:customers", T0 + timedelta(hours=24), None, False),  # still running
        DeadlineOutcome("c", "response", T0 + timedelta(hours=1), None, False),  # missed
        DeadlineOutcome("c", "communication:internal", T0 + timedelta(hours=1), None, True),  # waived: not counted
        DeadlineOutcome("zz", "response", T0, None, False),  # another period's incident: not counted
    ]

    result = compute(incidents, deadlines, now=now, by="severity")

    overall = result["overall"]
    assert overall["incidents"] == 4
    # acknowledge: 5, 15, 60 min -> median 15 min, p90 rank ceil(2.7)=3 -> 60 min, mean 80/3 min
    assert overall["acknowledge"] == {
        "count": 3,
        "median_seconds": 900.0,
        "p90_seconds": 3600.0,
        "mean_seconds": pytest.approx(1600.0),
    }
    assert overall["contain"] == {"count": 2, "median_seconds": 1800.0, "p90_seconds": 2400.0, "mean_seconds": 1800.0}
    assert overall["resolve"]["count"] == 1 and overall["resolve"]["median_seconds"] == 7200.0
    assert overall["deadlines"] == {"due": 3, "met_on_time": 1, "compliance": pytest.approx(1 / 3)}
    groups = {g["key"]: g for g in result["groups"]}
    assert list(groups) == ["(none)", "SEV-1", "SEV-3"]
    assert groups["SEV-1"]["acknowledge"]["median_seconds"] == 600.0  # (5 + 15) / 2 minutes
    assert groups["SEV-1"]["deadlines"] == {"due": 2, "met_on_time": 1, "compliance": 0.5}
    assert groups["SEV-3"]["deadlines"] == {"due": 1, "met_on_time": 0, "compliance": 0.0}
    assert groups["(none)"]["deadlines"] == {"due": 0, "met_on_time": 0, "compliance": None}


def test_metrics_refuse_an_unknown_grouping():
    with pytest.raises(InvalidInput) as refused:
        compute([], [], now=T0, by="vendor")
    assert refused.value.allowed == "one of: severity, category"


# --- exports ---------------------------------------------------------------------------------------------------


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]
        self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and data.strip():
            self.text.setdefault(self._open[-1], []).append(data.strip())


def test_html_export_escapes_what_people_wrote_so_it_cannot_inject_markup():
    hostile = replace_section(
        REPORT, "summary", "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
    )
    page = to_html(hostile, title="Incident Report — <b>bold</b>")
    tree = _Tree()
    tree.feed(page)

    assert "script" not in tree.tags and "img" not in tree.tags and "b" not in tree.tags
    assert not any(href.lower().startswith("javascript") for href in tree.hrefs)
    assert tree.text["title"] == ["Incident Report — <b>bold</b>"]
    assert tree.text["h1"] == ["Incident Report — Bot leaked orders"]
    assert tree.text["h2"] == ["Summary", "Timeline", "What Went Well", "Lessons Learned"]
    assert "<script>alert(1)</script>" in " ".join(tree.text["p"])


def test_without_the_pdf_extra_asking_for_a_pdf_says_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "fpdf", None)  # what `import fpdf` sees when the extra is not installed
    with pytest.raises(InvalidInput) as refused:
        export(REPORT, title="x", format="pdf")
    assert refused.value.allowed == "install it with `pip install 'aicident[pdf]'`, or export as md or html"


def test_pdf_export_is_a_pdf_and_an_unknown_format_is_refused():
    pdf = export(REPORT, title="Incident Report — Bot leaked orders", format="pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    with pytest.raises(InvalidInput) as refused:
        export(REPORT, title="x", format="docx")
    assert refused.value.allowed == "one of: md, html, pdf"


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60))
def test_median_p90_and_mean_agree_with_numpy(values):
    summary = summarize([float(v) for v in values])

    assert summary.median == pytest.approx(float(numpy.median(values)))
    assert summary.p90 == float(numpy.percentile(values, 90, method="inverted_cdf"))  # the nearest rank
    assert summary.mean == pytest.approx(float(numpy.mean(values)))


# --- the report records the legal deadline and the plan's target ---------------------------------------------------


def test_the_report_judges_a_regulatory_deadline_against_both_the_plans_target_and_the_law():
    """GDPR Art. 33 for awareness on Monday 23 November 14:00 UTC: legal deadline Thursday 26 November 14:00 (72
    hours), target Wednesday 25 November 14:00 (24 hours before). Notified Wednesday 20:00: the target was missed by
    6 hours, the law met with 18 hours to spare. NIS2's early warning (24 hours; target 6 hours before, Tuesday 08:00)
    was sent Tuesday 00:00: both met. NIS2's notification (72 hours, Thursday 14:00) was never sent: on Friday 26
    November 15:00 it is an hour overdue in law."""
    plan = default_plan()
    incident = Incident.declare(
        plan=plan,
        plan_version=plan_version(plan),
        id="incident-1",
        ref="AI-2026-0009",
        title="Support bot showed other customers' addresses",
        category="data_leak",
        source="customer_report",
        actor="dana",
        now=T0,
        facts=Facts(personal_data_involved=True, significant_incident=True, jurisdictions=["DE"]),
    )
    for key, sent in (
        ("clock:nis2_early_warning", T0 + timedelta(hours=10)),
        ("clock:gdpr_art33", T0 + timedelta(hours=54)),
    ):
        incident.record_communication(
            plan, audience="regulators", obligation=key, summary="portal", actor="lee", now=sent
        )

    context = report_context(incident, [], plan, now=T0 + timedelta(hours=73))

    gdpr = (
        "GDPR: Art. 33 notification of a personal data breach to the supervisory authority (Without undue delay and "
        "not later than 72 hours after becoming aware)"
    )
    nis2 = (
        "NIS2: Art. 23(4)(a) early warning to the CSIRT or competent authority (Without undue delay and within 24 "
        "hours of becoming aware)"
    )
    notification = (
        "NIS2: Art. 23(4)(b) incident notification (Without undue delay and within 72 hours of becoming aware)"
    )
    assert (
        f"- Met the {nis2} target and legal deadline (2026-11-24 00:00 UTC; target 2026-11-24 08:00 UTC, legal "
        "deadline 2026-11-24 14:00 UTC)"
    ) in context["went_well"].splitlines()
    wrong = context["went_wrong"].splitlines()
    assert (
        f"- The {gdpr} target was missed by 6h 0m; the legal deadline was met with 18h 0m to spare (target "
        "2026-11-25 14:00 UTC, legal deadline 2026-11-26 14:00 UTC)"
    ) in wrong
    assert (
        f"- The {notification} legal deadline is overdue by 1h 0m (target 2026-11-25 14:00 UTC, legal deadline "
        "2026-11-26 14:00 UTC)"
    ) in wrong
