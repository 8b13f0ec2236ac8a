"""The `aicident` command as a user runs it: the real console script in a subprocess, on the embedded SQLite store.

Each start of the command costs most of a second, so independent commands run side by side (`Cli.many`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing

import pytest
from cli_helpers import AICIDENT, CAST, Cli, comparable, error_line, ok

from aicident.plan.loader import default_plan, plan_version


@pytest.fixture
def cli(tmp_path) -> Cli:
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    runner = Cli(tmp_path, actor="dana")
    runner.register(CAST)
    return runner


# --- the "done when", from the CLI alone ---------------------------------------------------------------


def test_a_customer_reported_prompt_injection_runs_through_every_stage_with_premature_moves_refused(cli):
    declared = cli.json(
        "declare",
        "Support assistant obeyed instructions hidden in an uploaded PDF",
        "--category",
        "prompt_injection",
        "--source",
        "customer_report",
        "--customers-affected",
        "2",
        "--feature",
        "support-assistant",
        "--vendor",
        "example-llm",
        actor="ana",
    )
    ref = declared["ref"]
    assert re.fullmatch(r"INC-\d{4}-0001", ref)
    assert (declared["stage"], declared["status"], declared["source"], declared["severity"]) == (
        "detect",
        "open",
        "customer_report",
        None,
    )

    def refused(args: tuple, snapshot: dict, log_length: int, message: str) -> None:
        assert error_line(cli(*args)) == message
        shown = cli.json("show", ref)
        assert comparable(shown) == comparable(snapshot)  # nothing was written
        assert len(shown["log"]) == log_length

    snapshot = cli.json("advance", ref)  # detect has no guard
    assert snapshot["stage"] == "triage"
    refused(
        ("advance", ref),
        snapshot,
        2,
        "cannot leave triage for contain: set a severity; assign the Incident Commander\n"
        f"  next: aicident triage {ref} --severity SEV-n\n"
        f"  or:   aicident assign {ref} incident_commander PERSON",
    )
    triaged = cli.json("triage", ref, "--severity", "SEV-1", "--commander", "dana")
    assert (triaged["severity"], triaged["roles"]) == ("SEV-1", {"incident_commander": "dana"})

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "contain"
    refused(
        ("advance", ref),
        snapshot,
        5,
        "cannot leave contain for diagnose: record a containment action or decide that none is needed with a "
        f"reason\n  next: aicident contain {ref} ACTION\n  or:   aicident contain {ref} --none-needed REASON",
    )
    ok(cli("contain", ref, "Kill switch: disabled the assistant's send_email tool"))

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "diagnose"
    refused(
        ("advance", ref),
        snapshot,
        7,
        "cannot leave diagnose for remediate: record a root cause in model/prompt/data/integration\n"
        f"  next: aicident diagnose {ref} LAYER TEXT",
    )
    ok(cli("diagnose", ref, "prompt", "PDF text sat inside the instruction block", actor="priya"))

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "remediate"
    refused(
        ("advance", ref),
        snapshot,
        9,
        f"cannot leave remediate for communicate: resolve the incident\n  next: aicident resolve {ref} SUMMARY",
    )
    ok(cli("resolve", ref, "Prompt v42 quotes documents as data; evals pass", actor="priya"))

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "communicate"
    assert [(o["key"], o["state"]) for o in snapshot["obligations"]] == [("customers", "open"), ("internal", "open")]
    refused(
        ("advance", ref),
        snapshot,
        11,
        "cannot leave communicate for document: meet the obligations customers, internal or waive them with a "
        f"reason\n  next: aicident communicate {ref} customers SUMMARY\n"
        f"  or:   aicident communicate {ref} internal SUMMARY\n"
        f"  or:   aicident communicate {ref} customers --waive REASON\n"
        f"  or:   aicident communicate {ref} internal --waive REASON",
    )
    for result in cli.many(
        ("--as", "sam", "communicate", ref, "customers", "Emailed both affected customers"),
        ("--as", "sam", "communicate", ref, "internal", "Updates in #inc-0001"),
    ):
        ok(result)

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "document"
    refused(
        ("advance", ref),
        snapshot,
        14,
        f"cannot leave document for learn: record the post-incident report\n  next: aicident document {ref}",
    )
    # A report with the template's prompts left in it is not recorded: what only people can write comes first.
    unfinished = error_line(cli("document", ref))
    assert unfinished.startswith(f"the report generated from the log of {ref} is not finished: fill summary (")
    assert "went_wrong (" in unfinished
    for result in cli.many(
        ("log", ref, "Uploads reached the prompt unchecked for a week", "--section", "went_wrong"),
        ("action", "add", ref, "Allow-list send_email recipients", "--owner", "priya", "--due", "2030-01-31"),
        ("lesson", "add", ref, "Document text is data in every prompt", "--kind", "policy_update"),
    ):
        ok(result)
    # What the log cannot say, written into the report generated from it (saved as version 1).
    ok(
        cli(
            "report",
            "edit",
            ref,
            "--section",
            "summary",
            "--text",
            "Instructions hidden in an uploaded PDF were obeyed.",
        )
    )
    documented = cli.json("document", ref)
    assert documented["report"]["location"] == "generated"
    assert "[" not in documented["report"]["summary"].split("## What Went Wrong", 1)[1]
    assert documented["report"]["summary"].startswith("# Incident Report")

    snapshot = cli.json("advance", ref)
    assert snapshot["stage"] == "learn"
    refused(
        ("close", ref),
        snapshot,
        len(cli.json("show", ref)["log"]),  # the refused close adds nothing to it
        f"cannot close {ref}: hold the post-incident review\n  next: aicident review {ref} SUMMARY --attendee PERSON",
    )
    ok(
        cli(
            "review", ref, "Blameless review; tool recipients allow-listed", "--attendee", "dana", "--attendee", "priya"
        )
    )
    closed = cli.json("close", ref)
    assert (closed["status"], closed["stage"], closed["next_stage_needs"]) == ("closed", "learn", [])

    text, shown, listed = cli.many(("show", ref), ("show", ref, "--json"), ("list", "--json"))
    text = ok(text).stdout
    section = text.split("\nDeadlines\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split(" due 20", 1)[0].strip() for line in section] == [
        "SEV-1 response (Immediate)",
        "customers notice (Within 24h or per law)",
        "post-incident report (within 5 business days of resolution)",
        "post-incident review (within 10 business days of resolution)",
    ]
    assert all(" met at 20" in line and "late" not in line for line in section), section
    log_text = text.split("\nLog (21 entries)\n", 1)[1].splitlines()
    assert [line.split()[0] for line in log_text] == [f"#{n}" for n in range(1, 22)]

    shown = json.loads(ok(shown).stdout)
    assert {d["kind"]: d["state"] for d in shown["deadlines"]} == {
        "response": "met",
        "communication:customers": "met",
        "report": "met",
        "review": "met",
    }
    entries = [(e["seq"], e["type"], e["actor"]) for e in shown["log"]]
    # The note, the action item and the lesson were recorded side by side (`cli.many`): #15-#17 in any order.
    assert [seq for seq, *_ in entries[14:17]] == [15, 16, 17]
    entries[14:17] = sorted(entries[14:17], key=lambda entry: entry[1] != "note")
    entries[14:17] = [(15 + n, kind, actor) for n, (_, kind, actor) in enumerate(entries[14:17])]
    assert entries == [
        (1, "declared", "ana"),
        (2, "stage_change", "dana"),
        (3, "severity_change", "dana"),
        (4, "role_change", "dana"),
        (5, "stage_change", "dana"),
        (6, "containment_action", "dana"),
        (7, "stage_change", "dana"),
        (8, "root_cause", "priya"),
        (9, "stage_change", "dana"),
        (10, "resolution", "priya"),
        (11, "stage_change", "dana"),
        (12, "communication", "sam"),
        (13, "communication", "sam"),
        (14, "stage_change", "dana"),
        (15, "note", "dana"),
        (16, "action_item", "dana"),
        (17, "action_item", "dana"),
        (18, "report", "dana"),
        (19, "stage_change", "dana"),
        (20, "review", "dana"),
        (21, "closed", "dana"),
    ]
    listed = json.loads(ok(listed).stdout)
    assert [(i["ref"], i["status"], i["stage"], i["severity"]) for i in listed] == [(ref, "closed", "learn", "SEV-1")]


# --- the plan file -------------------------------------------------------------------------------------------------


def _line_of(text: str, needle: str, after: str = "") -> int:
    """1-based line number of the first line containing `needle` (after the first line containing `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def test_the_plan_in_force_round_trips_through_plan_check_and_a_misspelt_id_is_named_with_its_line(cli, tmp_path):
    plan = default_plan()
    *shows, bad_format = cli.many(*[("plan", "show", "--format", fmt) for fmt in ("toml", "yaml", "json", "xml")])
    assert bad_format.returncode == 2 and "'xml' is not a plan format; allowed: toml, yaml, json" in bad_format.stderr
    files = {}
    for fmt, result in zip(("toml", "yaml", "json"), shows, strict=True):
        files[fmt] = tmp_path / f"p.{fmt}"
        files[fmt].write_text(ok(result).stdout, encoding="utf-8")
    toml_text, yaml_text = files["toml"].read_text(), files["yaml"].read_text()

    header = "[communications.SEV-2.customers]"
    bad_severity = tmp_path / "bad-severity.toml"
    bad_severity.write_text(toml_text.replace(header, "[communications.SEV-22.customers]", 1), encoding="utf-8")
    role_line = _line_of(yaml_text, "- role: executive_sponsor", after="- id: SEV-2")
    lines = yaml_text.splitlines(keepends=True)
    lines[role_line - 1] = lines[role_line - 1].replace("executive_sponsor", "executive_sponsr")
    bad_role = tmp_path / "bad-role.yaml"
    bad_role.write_text("".join(lines), encoding="utf-8")

    checks = cli.many(*[("plan", "check", path) for path in (*files.values(), bad_severity, bad_role)])
    counts = (
        f"({len(plan.roles)} roles, {len(plan.categories)} categories, {len(plan.severities)} severities, "
        f"{len(plan.stages)} stages; version {plan_version(plan)})"
    )
    for path, result in zip(files.values(), checks[:3], strict=True):
        assert ok(result).stdout == f"{path}: valid {counts}\n"

    severity_check, role_check = checks[3:]
    assert (severity_check.returncode, severity_check.stdout) == (1, "")
    severities = ", ".join(plan.severity_ids())
    remaining_sev2 = _line_of(bad_severity.read_text(), "[communications.SEV-2.")
    assert severity_check.stderr.splitlines() == [
        f"{bad_severity}:{_line_of(toml_text, header)}: communications.SEV-22: 'SEV-22': unknown severity; "
        f"allowed: {severities}",
        f"{bad_severity}:{_line_of(toml_text, header)}: communications.SEV-22: audiences ['customers'] differ from "
        "the first row's ['customers', 'internal', 'public', 'regulators']; every severity needs a cell for the same "
        "audiences",
        f"{bad_severity}:{remaining_sev2}: communications.SEV-2: audiences ['internal', 'public', 'regulators'] "
        "differ from the first row's ['customers', 'internal', 'public', 'regulators']; every severity needs a cell "
        "for the same audiences",
        f"{bad_severity}: 3 problem(s); the plan is not valid",
    ]

    sev2 = plan.severity_ids().index("SEV-2")
    assert (role_check.returncode, role_check.stdout) == (1, "")
    assert role_check.stderr.splitlines() == [
        f"{bad_role}:{role_line}: severities[{sev2}].notify[1].role: 'executive_sponsr': unknown role; allowed: "
        + ", ".join(plan.role_ids()),
        f"{bad_role}: 1 problem(s); the plan is not valid",
    ]


# --- verify ------------------------------------------------------------------------------------------------------


def test_verify_passes_on_an_untouched_database_and_names_the_entry_edited_behind_its_back(cli, tmp_path):
    first, _ = (
        json.loads(ok(r).stdout)
        for r in cli.many(
            ("declare", "Model degraded after a silent vendor update", "--category", "model_degradation", "--json"),
            ("declare", "Bias in loan pre-screening", "--category", "bias_incident", "--json"),
        )
    )
    ok(cli("triage", first["ref"], "--severity", "SEV-2", "--commander", "dana"))  # entries 2-4 of the first
    assert ok(cli("verify")).stdout == "2 incident log(s) checked: all verify\n"

    with closing(sqlite3.connect(tmp_path / "aicident.db")) as connection:
        assert connection.execute("UPDATE incident_log SET actor='mallory' WHERE seq=2").rowcount == 1
        connection.commit()

    text, as_json = cli.many(("verify",), ("verify", "--json"))
    reason = "its content does not match its hash (the entry was edited)"
    assert (text.returncode, text.stdout, text.stderr) == (
        1,
        "2 incident log(s) checked: 1 broken\n",
        f"{first['ref']} entry 2: {reason}\n",
    )
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {
        "incidents_checked": 2,
        "ok": False,
        "breaks": [{"incident": first["ref"], "entry": 2, "reason": reason}],
    }
    # A witness's copy of the checkpoints is compared where it is: a server would check its own file instead.
    copy = tmp_path / "witness-checkpoints.jsonl"
    copy.write_text("")
    remote = cli("--server", "http://127.0.0.1:9", "verify", "--checkpoints", str(copy))
    assert error_line(remote) == (
        "--checkpoints names a file on this machine, and with --server the server checks against its own file "
        "(`aicident verify --checkpoints FILE` without --server, where the database and its key are)"
    )


# --- list filters and bad input ----------------------------------------------------------------------------------


def test_list_filters_select_the_right_incidents_and_bad_input_is_refused_with_what_is_allowed(cli):
    declared = [
        json.loads(ok(r).stdout)
        for r in cli.many(
            ("declare", "Prompt injection via PDF", "--category", "prompt_injection", "--severity", "SEV-1", "--json"),
            ("declare", "Training data leak", "--category", "data_leak", "--severity", "SEV-2", "--json"),
            ("declare", "Bias in pre-screening", "--category", "bias_incident", "--json"),
        )
    ]
    injection, leak, bias = (d["ref"] for d in declared)
    assert sorted(ref[-4:] for ref in (injection, leak, bias)) == ["0001", "0002", "0003"]
    for result in cli.many(("advance", injection), ("resolve", leak, "Index rebuilt without the leaked docs")):
        ok(result)

    results = cli.many(
        ("list", "--json"),
        ("list", "--status", "open", "--json"),
        ("list", "--status", "resolved", "--json"),
        ("list", "--category", "data_leak", "--json"),
        ("list", "--severity", "SEV-1", "--json"),
        ("list", "--stage", "detect", "--json"),
        ("list", "--category", "prompt_injection", "--severity", "SEV-1", "--stage", "triage", "--json"),
        ("show", "INC-2026-0099"),
        ("declare", "x", "--category", "prompt_injection", "--source", "nonsense"),
        ("declare", "x", "--category", "prompt_injecton"),
        ("triage", injection, "--severity", "SEV-9"),
    )
    listed = [[i["ref"] for i in json.loads(ok(r).stdout)] for r in results[:7]]
    assert [set(refs) for refs in listed] == [
        {injection, leak, bias},
        {injection, bias},
        {leak},
        {leak},
        {injection},
        {leak, bias},
        {injection},
    ]
    assert listed[0] == sorted(listed[0], reverse=True)  # newest first

    unknown, bad_source, bad_category, bad_severity = results[7:]
    assert error_line(unknown) == (
        "no incident 'INC-2026-0099' (an incident reference such as INC-2026-0001)\n  next: aicident list"
    )
    assert bad_source.returncode == 2 and bad_source.stdout == ""
    assert "Invalid value for '--source'" in bad_source.stderr
    assert "'nonsense' is not one of 'customer_report', 'monitoring_alert', 'internal_observation'" in bad_source.stderr
    assert error_line(bad_category) == (
        "unknown category 'prompt_injecton' (one of: " + ", ".join(default_plan().category_ids()) + ")"
    )
    assert error_line(bad_severity) == "unknown severity 'SEV-9' (one of: SEV-1, SEV-2, SEV-3, SEV-4)"


def test_list_refuses_a_filter_value_that_no_incident_can_have(cli):
    plan = default_plan()
    status, category, severity, stage = cli.many(
        ("list", "--status", "nonsense"),
        ("list", "--category", "prompt_injecton"),
        ("list", "--severity", "SEV-9"),
        ("list", "--stage", "triaged"),
    )
    assert error_line(status) == "unknown status 'nonsense' (one of: open, resolved, closed)"
    assert error_line(category) == f"unknown category 'prompt_injecton' (one of: {', '.join(plan.category_ids())})"
    assert error_line(severity) == f"unknown severity 'SEV-9' (one of: {', '.join(plan.severity_ids())})"
    assert error_line(stage) == f"unknown stage 'triaged' (one of: {', '.join(plan.stage_ids())})"


# --- severity changes ----------------------------------------------------------------------------------------------


def test_escalate_and_deescalate_need_a_reason_refuse_the_wrong_direction_and_log_who_and_why(cli):
    ref, untriaged = (
        json.loads(ok(r).stdout)["ref"]
        for r in cli.many(
            (
                "declare",
                "Hallucinated refund policy",
                "--category",
                "hallucination_harm",
                "--severity",
                "SEV-3",
                "--json",
            ),
            ("declare", "Vendor outage cascades", "--category", "vendor_outage", "--json"),
        )
    )
    no_reason, wrong_up, wrong_down, same, blank, first_severity = cli.many(
        ("escalate", ref, "SEV-2"),
        ("escalate", ref, "SEV-4", "--reason", "fewer customers than feared"),
        ("deescalate", ref, "SEV-2", "--reason", "more customers than feared"),
        ("escalate", ref, "SEV-3", "--reason", "no change"),
        ("deescalate", ref, "SEV-4", "--reason", "   "),
        ("escalate", untriaged, "SEV-2", "--reason", "checkout is failing", "--json"),
    )
    assert no_reason.returncode == 2 and "Missing option '--reason'" in no_reason.stderr
    assert error_line(wrong_up) == "SEV-4 is not an escalation from SEV-3 (one of: SEV-1, SEV-2)"
    assert error_line(wrong_down) == "SEV-2 is not a de-escalation from SEV-3 (one of: SEV-4)"
    assert error_line(same) == f"{ref} is already SEV-3"
    assert error_line(blank) == "changing a severity needs a reason (say why the severity changes)"
    assert json.loads(ok(first_severity).stdout)["severity"] == "SEV-2"  # from no severity, any is an escalation

    ok(cli("escalate", ref, "SEV-1", "--reason", "a customer acted on the refund answer", actor="dana"))
    deescalated = cli.json("deescalate", ref, "SEV-2", "--reason", "answers withdrawn; no further harm", actor="erin")
    assert deescalated["severity"] == "SEV-2"

    log = cli.json("show", ref)["log"]
    assert [(e["seq"], e["type"], e["actor"]) for e in log] == [
        (1, "declared", "dana"),
        (2, "severity_change", "dana"),
        (3, "severity_change", "dana"),
        (4, "severity_change", "erin"),
    ]
    assert [{k: v for k, v in e["data"].items() if k != "obligations"} for e in log[1:]] == [
        {"old": None, "new": "SEV-3", "direction": "set", "reason": "severity proposed at declaration"},
        {"old": "SEV-3", "new": "SEV-1", "direction": "escalated", "reason": "a customer acted on the refund answer"},
        {"old": "SEV-1", "new": "SEV-2", "direction": "deescalated", "reason": "answers withdrawn; no further harm"},
    ]
    # What each change did to the obligations is said with it: SEV-1 adds the 24-hour customer notice and turns
    # the end-of-incident summary into real-time updates.
    assert [(o["obligation"], o["change"]) for o in log[2]["data"]["obligations"]] == [
        ("customers", "added"),
        ("internal", "tightened"),
    ]


def test_show_gives_a_regulatory_clocks_legal_deadline_with_its_basis_and_the_plans_target(cli):
    # The materiality determination of Saturday 5 December 2026 (10:00 in New York): Form 8-K General Instruction
    # B.1 starts the four business days on Monday 7 December, so the 8-K is due Thursday 10 December by 17:30 EST.
    ref = cli.json("declare", "Card numbers in support answers", "--category", "data_leak", "--jurisdiction", "US")[
        "ref"
    ]
    ok(cli("facts", ref, "--material", "--reason", "the board found it material"))
    ok(cli("clock", ref, "materiality_determined", "--at", "2026-12-05T10:00:00-05:00", "--reason", "board call"))

    text = ok(cli("show", ref)).stdout

    obligations = text.split("\nObligations (communications matrix and regulatory clocks)\n", 1)[1].split("\n\n")[0]
    sec = obligations[obligations.index("  clock:sec_8k_item_105") :].splitlines()[:4]
    assert sec[0].split()[:4] == ["clock:sec_8k_item_105", "open", "due", "2026-12-10"]
    assert sec[0].split()[4] == "22:30:00"
    assert sec[1] == (
        "    legal deadline, counted: 4 business days: the event on Sat 5 Dec 2026 (10:00 America/New_York); the day "
        "of the event is not counted; business day 1 is Mon 7 Dec 2026; business day 4 is Thu 10 Dec 2026; it ends "
        "at the cut-off, 17:30 America/New_York"
    )
    assert sec[2] == (
        "    our target 2026-12-09 22:00:00 UTC (1 business day before the legal deadline, on the organisation's "
        "calendar)"
    )
    assert sec[3].startswith("    basis: Form 8-K Item 1.05 and General Instruction B.1: Within 4 business days")
    deadlines = text.split("\nDeadlines\n", 1)[1].split("\n\n", 1)[0].splitlines()
    row = next(i for i, line in enumerate(deadlines) if line.lstrip().startswith("SEC: Form 8-K"))
    assert " due 2026-12-09 22:00:00 UTC " in deadlines[row]
    assert deadlines[row + 1].strip() == "legal deadline 2026-12-10 22:30:00 UTC (the due time above is our target)"
