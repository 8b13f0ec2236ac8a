"""The default plan encodes the reference plan; plan files round trip and fail loudly; the Section 7 report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
import yaml

from aicident.errors import PlanInvalid
from aicident.incidents.model import Facts, Incident
from aicident.plan.loader import default_plan, dump_plan, parse_plan, plan_document, plan_version
from aicident.plan.schema import Plan
from aicident.reports.model import render_report

PLAN = default_plan()
DEFAULT_TOML = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str, *, start: int = 1) -> int:
    """1-based number of the first line at or after `start` that contains `fragment`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def problems_of(text: str, fmt: str) -> list:
    with pytest.raises(PlanInvalid) as refused:
        parse_plan(text, fmt, source=f"plan.{fmt}")
    assert refused.value.code == "plan_invalid"
    assert refused.value.problems
    return refused.value.problems


def problem_at(problems: list, path: str):
    found = [p for p in problems if p.path == path]
    assert found, f"no problem at {path}; got {[(p.path, p.message) for p in problems]}"
    return found[0]


def edited_toml(old: str, new: str, *, count: int = 1) -> str:
    assert DEFAULT_TOML.count(old) >= count, old
    return DEFAULT_TOML.replace(old, new, count)


# --- the default plan encodes the reference plan -----------------------------------------------------------------


def test_the_default_plan_has_the_six_roles_of_section_1():
    assert [(r.id, r.name, r.owner) for r in PLAN.roles] == [
        ("incident_commander", "Incident Commander", "On-call engineer"),
        ("ai_lead", "AI Lead", "ML / Applied AI lead"),
        ("comms_lead", "Comms Lead", "PR / Communications"),
        ("legal_lead", "Legal Lead", "In-house counsel"),
        ("customer_trust", "Customer Trust", "CS leadership"),
        ("executive_sponsor", "Executive Sponsor", "VP-level or above"),
    ]
    assert PLAN.role("incident_commander").responsibilities == ["Triages", "Declares severity", "Coordinates response"]


def test_the_default_plan_has_the_six_categories_of_section_2_with_their_definitions():
    assert [(c.id, c.name) for c in PLAN.categories] == [
        ("hallucination_harm", "Hallucination Harm"),
        ("bias_incident", "Bias Incident"),
        ("data_leak", "Data Leak"),
        ("prompt_injection", "Prompt Injection"),
        ("model_degradation", "Model Degradation"),
        ("vendor_outage", "Vendor Outage"),
    ]
    assert PLAN.category("data_leak").definition == (
        "Training data, internal prompts, or customer data exposed via AI output or model."
    )
    assert PLAN.category("model_degradation").definition == (
        "Upstream model version change causes silent quality drop."
    )


@pytest.mark.parametrize("category", [c.id for c in PLAN.categories])
def test_every_playbook_covers_containment_evidence_and_the_four_diagnosis_layers(category):
    playbook = PLAN.category(category).playbook

    assert playbook.containment and playbook.evidence and playbook.remediation
    for layer in ("model", "prompt", "data", "integration"):
        checks = getattr(playbook.diagnosis, layer)
        assert checks and all(check.strip() for check in checks), f"{category}: no {layer} checks"


@pytest.mark.parametrize(
    ("category", "framework", "taxonomy_id"),
    [
        ("prompt_injection", "OWASP Top 10 for LLM Applications", "LLM01"),
        ("prompt_injection", "MITRE ATLAS", "AML.T0051"),
        ("data_leak", "OWASP Top 10 for LLM Applications", "LLM02"),
        ("data_leak", "MITRE ATLAS", "AML.T0057"),
        ("hallucination_harm", "OWASP Top 10 for LLM Applications", "LLM09"),
        ("hallucination_harm", "MITRE ATLAS", "AML.T0048"),
        ("model_degradation", "OWASP Top 10 for LLM Applications", "LLM03"),
        ("vendor_outage", "OWASP Top 10 for LLM Applications", "LLM10"),
        ("vendor_outage", "MITRE ATLAS", "AML.T0029"),
        ("bias_incident", "AVID", "E0100"),
    ],
)
def test_categories_carry_their_taxonomy_references(category, framework, taxonomy_id):
    refs = {(t.framework, t.id) for t in PLAN.category(category).taxonomy}

    assert (framework, taxonomy_id) in refs


def test_prompt_injection_maps_to_owasp_llm01_by_name():
    [owasp] = [t for t in PLAN.category("prompt_injection").taxonomy if t.framework.startswith("OWASP")]

    assert (owasp.id, owasp.name, owasp.version) == ("LLM01", "Prompt Injection", "2025")


def test_bias_incidents_have_no_owasp_or_atlas_entry():
    frameworks = {t.framework for t in PLAN.category("bias_incident").taxonomy}

    assert "OWASP Top 10 for LLM Applications" not in frameworks
    assert "MITRE ATLAS" not in frameworks


def test_the_default_plan_has_the_four_severities_of_section_3():
    assert PLAN.severity_ids() == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
    assert [(s.id, s.response_time, s.response_time_label) for s in PLAN.severities] == [
        ("SEV-1", "15 minutes", "Immediate"),
        ("SEV-2", "1 hour", "Within 1 hour"),
        ("SEV-3", "4 hours", "Within 4 hours"),
        ("SEV-4", "1 business day", "Next business day"),
    ]
    assert PLAN.severity("SEV-1").definition == "Active harm to customers or material legal exposure"
    assert PLAN.severity("SEV-1").notify_label == "Full team, exec, legal, board if material"


def test_sev1_notifies_the_board_only_when_material():
    board = [t for t in PLAN.severity("SEV-1").notify if t.group == "board"]

    assert len(board) == 1 and board[0].when == ["material"]


def test_the_default_plan_has_the_eight_stages_of_section_4_in_order():
    assert PLAN.stage_ids() == [
        "detect",
        "triage",
        "contain",
        "diagnose",
        "remediate",
        "communicate",
        "document",
        "learn",
    ]
    assert {s.id: s.exit_requires for s in PLAN.stages} == {
        "detect": [],
        "triage": ["severity", "role:incident_commander"],
        "contain": ["containment"],
        "diagnose": ["root_cause"],
        "remediate": ["resolved", "controls"],
        "communicate": ["communications"],
        "document": ["report"],
        "learn": ["review", "communications"],
    }
    assert (PLAN.deadlines.report_due, PLAN.deadlines.review_due) == ("5 business days", "10 business days")


def test_the_communications_matrix_has_the_sixteen_cells_of_section_5():
    cells = {
        (severity, audience): cell for severity, row in PLAN.communications.items() for audience, cell in row.items()
    }

    assert len(cells) == 16
    assert {audience for _, audience in cells} == {"customers", "regulators", "public", "internal"}
    assert {
        label: cells[key].label
        for label, key in {
            "sev1 customers": ("SEV-1", "customers"),
            "sev2 customers": ("SEV-2", "customers"),
            "sev3 customers": ("SEV-3", "customers"),
            "sev4 internal": ("SEV-4", "internal"),
            "sev1 public": ("SEV-1", "public"),
            "sev3 regulators": ("SEV-3", "regulators"),
        }.items()
    } == {
        "sev1 customers": "Within 24h or per law",
        "sev2 customers": "Within 72h if affected",
        "sev3 customers": "Optional, if affected",
        "sev4 internal": "Owning team only",
        "sev1 public": "If material; coordinate with legal",
        "sev3 regulators": "Usually no",
    }
    assert (cells["SEV-1", "customers"].requirement, cells["SEV-1", "customers"].deadline) == ("required", "24 hours")
    assert (
        cells["SEV-2", "customers"].requirement,
        cells["SEV-2", "customers"].deadline,
        cells["SEV-2", "customers"].condition,
    ) == ("if_affected", "72 hours", ["customers_affected"])
    assert [cells["SEV-4", a].requirement for a in ("customers", "regulators", "public")] == ["no", "no", "no"]


def test_the_default_plan_ships_both_templates():
    templates = PLAN.templates

    assert {"customer_notification", "post_incident_report"} <= set(templates)
    notice = templates["customer_notification"]
    assert notice.customer_facing and "We are writing to tell you about an incident" in notice.body
    assert {s.name: (s.source, s.source_key) for s in notice.slots if s.source != "person"} == {
        "organisation_name": ("organisation", "name"),
        "what_happened": ("incident", "customer_summary"),
        "impact": ("incident", "customer_impact"),
        "status_page": ("organisation", "status_page_url"),
        "support_contact": ("organisation", "support_contact"),
        "signature": ("organisation", "signature"),
    }
    assert "# Incident Report — {{ title }}" in templates["post_incident_report"].body
    assert templates["post_incident_report"].slot("went_wrong").prompt == "[Negative findings, blameless]"


# --- round trips and versions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["toml", "yaml", "json"])
def test_a_dumped_plan_parses_back_to_the_same_plan_and_version(fmt):
    text = dump_plan(PLAN, fmt)

    again = parse_plan(text, fmt)

    assert again == PLAN
    assert plan_version(again) == plan_version(PLAN)


def test_the_version_is_a_content_hash():
    version = plan_version(PLAN)

    assert version.startswith("sha256:") and len(version) == len("sha256:") + 64
    assert plan_version(parse_plan(DEFAULT_TOML, "toml")) == version  # comments and layout do not count


def test_the_version_changes_when_the_content_changes():
    document = plan_document(PLAN)
    document["severities"][1]["response_time"] = "2 hours"

    assert plan_version(Plan.model_validate(document)) != plan_version(PLAN)


def test_the_version_changes_when_only_a_label_changes():
    changed = parse_plan(edited_toml('response_time_label = "Immediate"', 'response_time_label = "At once"'), "toml")

    assert plan_version(changed) != plan_version(PLAN)


# --- invalid plans name the key path and the line ----------------------------------------------------------------


def test_a_misspelt_severity_in_the_communications_matrix_is_named_with_its_line():
    text = edited_toml('[communications."SEV-2".', '[communications."SEV2".', count=4)

    problems = problems_of(text, "toml")

    problem = problem_at(problems, "communications.SEV2")
    assert "'SEV2': unknown severity; allowed: SEV-1, SEV-2, SEV-3, SEV-4" in problem.message
    assert problem.line == line_of(text, '[communications."SEV2".customers]')
    assert any(p.path == "communications" and "'SEV-2'" in p.message for p in problems)


def test_a_misspelt_role_in_a_notify_target_is_named_with_its_line():
    text = edited_toml('  { role = "legal_lead" },', '  { role = "legal_laed" },')

    problem = problem_at(problems_of(text, "toml"), "severities[0].notify[2].role")

    assert "'legal_laed': unknown role; allowed: incident_commander, ai_lead" in problem.message
    bad = line_of(text, "legal_laed")
    assert line_of(text, "notify = [", start=bad - 5) <= problem.line <= bad


def test_a_misspelt_role_in_yaml_is_named_with_its_exact_line():
    document = plan_document(PLAN)
    document["severities"][0]["notify"][2]["role"] = "legal_laed"
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)

    problem = problem_at(problems_of(text, "yaml"), "severities[0].notify[2].role")

    assert problem.line == line_of(text, "role: legal_laed")


def test_a_misspelt_role_in_json_is_named_by_its_path():
    document = plan_document(PLAN)
    document["severities"][0]["notify"][2]["role"] = "legal_laed"

    problem = problem_at(problems_of(json.dumps(document, indent=2), "json"), "severities[0].notify[2].role")

    assert "unknown role" in problem.message


def test_a_misspelt_key_is_an_error_not_a_silent_default():
    text = edited_toml(
        'notify_label = "Full team, exec, legal, board if material"',
        'notfy_label = "Full team, exec, legal, board if material"',
    )

    problems = problems_of(text, "toml")

    problem = problem_at(problems, "severities[0].notfy_label")
    assert problem.message.startswith("unknown key (misspelt?)")
    assert problem.line == line_of(text, "notfy_label")


def test_a_misspelt_required_key_is_reported_both_as_unknown_and_as_missing():
    text = edited_toml('response_time_label = "Within 1 hour"', 'response_time_lable = "Within 1 hour"')

    problems = problems_of(text, "toml")

    assert problem_at(problems, "severities[1].response_time_lable").message.startswith("unknown key")
    assert problem_at(problems, "severities[1].response_time_label").message == "required key is missing"


def test_an_unknown_guard_is_named_with_its_line_and_the_allowed_guards():
    text = edited_toml('exit_requires = ["containment"]', 'exit_requires = ["containmnet"]')

    problem = problem_at(problems_of(text, "toml"), "stages[2].exit_requires")

    assert "unknown guard 'containmnet'" in problem.message
    assert "containment" in problem.message.split("allowed:")[1]
    assert problem.line == line_of(text, '["containmnet"]')


def test_a_bad_duration_is_named_with_its_line_and_how_to_write_one():
    text = edited_toml('response_time = "1 hour"', 'response_time = "an hour"')

    problem = problem_at(problems_of(text, "toml"), "severities[1].response_time")

    assert "'an hour' is not a duration" in problem.message
    assert "business days" in problem.message
    assert problem.line == line_of(text, 'response_time = "an hour"')


def test_a_bad_duration_in_yaml_is_named_with_its_line():
    document = plan_document(PLAN)
    document["deadlines"]["report_due"] = "5 working days"
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)

    problem = problem_at(problems_of(text, "yaml"), "deadlines.report_due")

    assert "'5 working days' is not a duration" in problem.message
    assert problem.line == line_of(text, "report_due: 5 working days")


def test_a_duplicate_id_is_named_with_the_line_of_its_first_definition():
    text = edited_toml('id = "vendor_outage"', 'id = "data_leak"')

    problem = problem_at(problems_of(text, "toml"), "categories[2].id")

    assert problem.message == "'data_leak' is defined 2 times; ids must be unique"
    assert problem.line == line_of(text, 'id = "data_leak"')


def test_every_problem_is_reported_at_once():
    text = edited_toml('response_time = "1 hour"', 'response_time = "an hour"')
    text = text.replace('notify_label = "Owning team"\n', 'notfy_label = "Owning team"\n', 1)

    with pytest.raises(PlanInvalid) as refused:
        parse_plan(text, "toml", source="custom.toml")

    paths = {p.path for p in refused.value.problems}
    assert {"severities[1].response_time", "severities[3].notfy_label"} <= paths
    assert refused.value.message.startswith("custom.toml has 2 problem(s): line ")


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("toml", '[plan\nname = "x"\n'),
        ("yaml", "plan: [unclosed\n"),
        ("json", '{"plan": '),
    ],
)
def test_a_syntax_error_is_a_plan_problem(fmt, text):
    with pytest.raises(PlanInvalid) as refused:
        parse_plan(text, fmt, source=f"broken.{fmt}")

    assert refused.value.problems[0].path == "(syntax)"
    assert refused.value.message.startswith(f"broken.{fmt} is not valid {fmt.upper()}: ")


def test_a_plan_that_is_not_a_mapping_is_refused():
    with pytest.raises(PlanInvalid) as refused:
        parse_plan("- just\n- a list\n", "yaml")

    assert refused.value.problems[0].path == "(top level)"


# --- the Section 7 post-incident report --------------------------------------------------------------------------


SECTION_7_HEADINGS = [
    "# Incident Report —",
    "## Summary",
    "## Timeline",
    "## Root Cause",
    "## Impact",
    "## Response",
    "## What Went Well",
    "## What Went Wrong",
    "## Action Items",
    "## Lessons Learned",
]
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def walked_through(now: datetime = T0) -> Incident:
    def later(minutes: int) -> datetime:
        return now + timedelta(minutes=minutes)

    incident = Incident.declare(
        plan=PLAN,
        plan_version=plan_version(PLAN),
        id="incident-9",
        ref="AI-2026-0009",
        title="Support bot revealed other customers' order numbers",
        category="data_leak",
        source="customer_report",
        actor="alice",
        now=now,
        detected_at=now - timedelta(minutes=20),
        summary="The support assistant quoted order numbers of other customers.",
        facts=Facts(customers_affected=3, personal_data_involved=True, jurisdictions=["DE", "EU"]),
    )
    incident.advance(PLAN, actor="alice", now=later(2))
    incident.set_severity(PLAN, "SEV-2", actor="alice", now=later(4), reason="personal data, few customers")
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=later(5))
    incident.advance(PLAN, actor="alice", now=later(6))
    incident.record_containment(action="disabled order lookup via kill switch", actor="bob", now=later(12))
    incident.advance(PLAN, actor="alice", now=later(13))
    incident.record_root_cause(
        layer="integration", description="retrieval ignored the tenant filter", actor="bob", now=later(90)
    )
    incident.advance(PLAN, actor="alice", now=later(91))
    incident.resolve(summary="tenant filter enforced and re-tested", actor="bob", now=later(240))
    incident.advance(PLAN, actor="alice", now=later(241))
    for audience in ("customers", "regulators", "internal"):
        incident.record_communication(
            PLAN, audience=audience, summary=f"told the {audience}", actor="carol", now=later(300)
        )
    incident.add_entry(
        "action_item",
        text="Add a tenant-isolation test to the release gate",
        actor="alice",
        now=later(310),
        owner="bob",
        due="2026-05-15",
    )
    incident.add_entry("action_item", text="Alert on cross-tenant retrieval", actor="alice", now=later(311))
    incident.advance(PLAN, actor="alice", now=later(320))
    return incident


def test_the_report_has_every_section_7_heading_in_order():
    incident = walked_through()

    report = render_report(incident, incident.new_entries, PLAN)

    positions = [report.find(heading) for heading in SECTION_7_HEADINGS]
    assert all(p >= 0 for p in positions), dict(zip(SECTION_7_HEADINGS, positions, strict=True))
    assert positions == sorted(positions)
    assert report.startswith("# Incident Report — Support bot revealed other customers' order numbers\n")


def test_the_report_is_filled_from_the_incident_and_its_log():
    incident = walked_through()

    report = render_report(incident, incident.new_entries, PLAN)

    assert "The support assistant quoted order numbers of other customers." in report
    assert "- 2026-05-04 13:40 UTC: Detected (customer report)\n" in report
    assert "- 2026-05-04 14:00 UTC: Declared AI-2026-0009\n" in report
    assert "- 2026-05-04 14:05 UTC: Triaged as SEV-2\n" in report
    assert "- 2026-05-04 14:12 UTC: Contained: disabled order lookup via kill switch (32m after detection)\n" in report
    assert "- 2026-05-04 18:00 UTC: Resolved: tenant filter enforced and re-tested (4h 20m after detection)\n" in report
    assert "## Root Cause\nintegration: retrieval ignored the tenant filter\n" in report
    assert "## Impact\n3 customer(s) affected; personal data involved; jurisdictions: DE, EU\n" in report
    assert "- 2026-05-04 14:04 UTC alice: Severity **none** → **SEV-2** (set): personal data, few customers\n" in report
    assert "- 2026-05-04 14:05 UTC alice: alice is **Incident Commander**\n" in report
    assert "- 2026-05-04 19:00 UTC carol: Communicated to **regulators**: told the regulators\n" in report
    assert (
        "- Add a tenant-isolation test to the release gate (owner: bob, due: 2026-05-15, status: open)\n"
        "- Alert on cross-tenant retrieval (owner: unassigned, due: no date, status: open)\n"
    ) in report


def test_what_the_log_does_not_say_is_left_as_the_templates_prompts_and_met_deadlines_went_well():
    incident = walked_through()

    report = render_report(incident, incident.new_entries, PLAN)

    assert (
        "## What Went Well\n- Met the SEV-2 response (Within 1 hour) deadline (5m from its start)\n"
        "- Met the customers notice (Within 72h if affected) deadline (5h 0m from its start)\n"
    ) in report
    assert "## What Went Wrong\n[Negative findings, blameless]\n" in report
    assert "## Lessons Learned\n[Policy or monitoring updates triggered]\n" in report


def test_a_report_before_any_action_says_what_is_still_to_be_written():
    incident = Incident.declare(
        plan=PLAN,
        plan_version=plan_version(PLAN),
        id="incident-10",
        ref="AI-2026-0010",
        title="Vendor 503s",
        category="vendor_outage",
        source="monitoring_alert",
        actor="alice",
        now=T0,
    )

    report = render_report(incident, incident.new_entries, PLAN)

    assert "## Summary\n[2-3 sentences]\n" in report
    assert "## Root Cause\n[Technical detail]\n" in report
    assert "## Response\n[Actions taken and by whom]\n" in report
    assert "## Action Items\n[Owner-tagged remediation list with due dates]\n" in report
    assert "Triaged as" not in report and "Resolved:" not in report


def test_report_times_are_in_utc_whatever_zone_the_times_were_given_in():
    incident = walked_through(now=T0.astimezone(ZoneInfo("America/New_York")))

    report = render_report(incident, incident.new_entries, PLAN)

    assert "- 2026-05-04 14:00 UTC: Declared AI-2026-0009\n" in report
