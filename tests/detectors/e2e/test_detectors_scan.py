"""`aicident scan` over generated logs, as a person runs it: the console script in a subprocess, with the default plan.

Proves the detectors issue's "done when" (a): over a log with one incident of each category, the scan reports those
six incidents with the right category and evidence that points at the incident and repeats no planted value; over the
same traffic without incidents it reports nothing. The logs come from corpora/scenario.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aicident.detectors import evaluation
from aicident.detectors.events import parse_event
from aicident.detectors.sample import register_sample
from aicident.errors import NotFound
from corpora import scenario

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")
CATEGORIES = (
    "prompt_injection",
    "data_leak",
    "hallucination_harm",
    "bias_incident",
    "model_degradation",
    "vendor_outage",
)


def scan(log: Path, data_dir: Path) -> dict:
    """`aicident scan --json LOG` with a clean environment (no AICIDENT_* of the caller's)."""
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AICIDENT_")}
    env.update(AICIDENT_DATA_DIR=str(data_dir), NO_COLOR="1", COLUMNS="200")
    data_dir.mkdir(exist_ok=True)
    done = subprocess.run(
        [AICIDENT, "scan", "--json", str(log)],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def made() -> scenario.Scenario:
    """The incident log of seed 7, generated once for the module."""
    return scenario.incident_scenario()


@pytest.fixture(scope="module")
def benign() -> scenario.Scenario:
    """The benign log of seed 7."""
    return scenario.benign_scenario()


@pytest.fixture(scope="module")
def incidents(made, tmp_path_factory) -> tuple[scenario.Scenario, dict]:
    """The incident log written to a file, and what `aicident scan --json` says about it."""
    here = tmp_path_factory.mktemp("incident-log")
    scenario.write_jsonl(made.events, here / "incidents.jsonl")
    return made, scan(here / "incidents.jsonl", here / "data")


def by_incident(findings: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Finding groups as the server files them: a new signal joins the open incident of its category and feature."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for group in findings:
        grouped.setdefault((group["category"], group["feature"]), []).append(group)
    return grouped


# --- the generated logs --------------------------------------------------------------------------------------------


def test_the_generated_logs_are_deterministic_time_ordered_and_read_back_as_the_same_events(made, benign, tmp_path):
    assert scenario.incident_log() == list(made.events)
    for log in (made, benign):
        times = [e.time for e in log.events]
        assert times == sorted(times)
        assert times[0] >= scenario.START and times[-1] - scenario.START <= timedelta(hours=scenario.HOURS)
        assert len({e.id for e in log.events}) == len(log.events), "event ids must be unique"
    assert scenario.write_jsonl(made.events, tmp_path / "log.jsonl") == len(made.events)
    lines = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert [parse_event(json.loads(line)) for line in lines] == list(made.events)
    # The benign log is the same background: its text traffic is identical, its streams are the control forms.
    text_features = {"help-center", "crm-assistant", "knowledge-base"}
    background = [e for e in benign.events if e.feature in text_features]
    planted = set().union(*(i.event_ids for i in made.incidents.values()))
    assert [e for e in made.events if e.feature in text_features and e.id not in planted] == background
    text_incidents = ("prompt_injection", "data_leak", "hallucination_harm")
    assert not set().union(*(made.incidents[c].event_ids for c in text_incidents)) & {e.id for e in benign.events}
    assert sorted(made.incidents) == sorted(CATEGORIES) and benign.incidents == {}


def test_the_sample_log_command_writes_the_incident_log_or_with_benign_the_benign_log(made, benign, tmp_path):
    app, detectors = typer.Typer(), typer.Typer()
    register_sample(detectors)
    app.add_typer(detectors, name="detectors")
    runner = CliRunner()
    result = runner.invoke(app, ["detectors", "sample-log", str(tmp_path / "benign.jsonl"), "--benign", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(benign.events)} events" in result.output and "no incident in it" in result.output
    lines = (tmp_path / "benign.jsonl").read_text(encoding="utf-8").splitlines()
    assert [parse_event(json.loads(line)) for line in lines] == list(benign.events)

    result = runner.invoke(app, ["detectors", "sample-log", str(tmp_path / "incidents.jsonl")])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(made.events)} events" in result.output and "6 planted incidents" in result.output
    assert all(f"- {category} " in result.output for category in CATEGORIES)
    assert (tmp_path / "incidents.jsonl").read_bytes() == b"".join(
        (json.dumps(scenario.event_json(e), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        for e in made.events
    )


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess:
    """The console script with a clean environment (no AICIDENT_* of the caller's) plus `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AICIDENT_")}
    clean.update(AICIDENT_DATA_DIR=str(cwd / "data"), NO_COLOR="1", COLUMNS="200", **(env or {}))
    return subprocess.run(
        [AICIDENT, *args], env=clean, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_sample_log_reads_a_corpora_folder_named_by_the_environment_anywhere_on_disk(benign, tmp_path):
    # A copy of the corpora elsewhere, as a user of an installed aicident would point at a checkout's folder.
    copy = tmp_path / "elsewhere"
    shutil.copytree(Path(scenario.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    command = ("detectors", "sample-log", "--benign", str(tmp_path / "benign.jsonl"))
    done = run_cli(*command, env={"AICIDENT_CORPORA": str(copy)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "benign.jsonl").read_text(encoding="utf-8").splitlines()
    assert [parse_event(json.loads(line)) for line in lines] == list(benign.events)
    # It was the copy that was read, not the checkout's folder: without its package file the copy is refused.
    (copy / "__init__.py").unlink()
    done = run_cli(*command, env={"AICIDENT_CORPORA": str(copy)}, cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith(f"error: {copy} is not a corpora folder"), done.stderr


@pytest.mark.parametrize(
    "command", [["detectors", "eval"], ["detectors", "sample-log", "out.jsonl"]], ids=["eval", "sample-log"]
)
def test_without_corpora_the_commands_say_in_one_line_where_the_data_lives_and_how_to_name_it(command, tmp_path):
    empty = tmp_path / "not-corpora"
    empty.mkdir()
    for how in (["--corpora", str(empty)], []):
        done = run_cli(*command, *how, env={} if how else {"AICIDENT_CORPORA": str(empty)}, cwd=tmp_path)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith(f"error: {empty} is not a corpora folder: ")
        assert "the corpora/ folder at the root of a checkout" in done.stderr
        assert "--corpora DIR or AICIDENT_CORPORA=DIR" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()
    help_text = run_cli(*command[:2], "--help", cwd=tmp_path).stdout
    assert "corpora/ at the root of a checkout" in help_text and "AICIDENT_CORPORA" in help_text


def test_an_installed_package_without_a_checkout_beside_it_finds_no_corpora(monkeypatch, tmp_path):
    # What a wheel install sees: no corpora/ folder where the checkout's root would be.
    monkeypatch.setattr(evaluation, "CHECKOUT_CORPORA", tmp_path / "corpora")
    monkeypatch.delenv("AICIDENT_CORPORA", raising=False)
    app, detectors = typer.Typer(), typer.Typer()
    register_sample(detectors)
    app.add_typer(detectors, name="detectors")
    result = CliRunner().invoke(app, ["detectors", "sample-log", str(tmp_path / "out.jsonl")])
    assert isinstance(result.exception, NotFound), result.output
    assert str(result.exception).startswith(f"no corpora folder at {tmp_path / 'corpora'}: ")
    assert not (tmp_path / "out.jsonl").exists()


# --- (a): the incident log and the benign log ----------------------------------------------------------------------


def test_scan_finds_the_six_planted_incidents_with_their_category_and_evidence_and_nothing_else(incidents):
    made, result = incidents
    assert result["events"] == len(made.events)
    found = by_incident(result["findings"])
    assert sorted(found) == sorted((i.category, i.feature) for i in made.incidents.values())
    planted = made.planted
    for (category, _feature), groups in found.items():
        incident = made.incidents[category]
        for group in groups:
            ids = group["evidence"]["event_ids"]
            assert ids, f"{category}: no evidence"
            assert set(ids) <= incident.event_ids, f"{category}: evidence from outside the incident: {ids}"
            excerpt = group["evidence"]["excerpt"]
            assert not [value for value in planted if value in excerpt], f"{category}: {excerpt!r}"
            # The vendor's outage ends at 4 h 55 and the log an hour later: it recovers; the others last to the end.
            assert group["resolved"] == (category == "vendor_outage"), f"{category}: resolved {group['resolved']}"
            began = min(e.time for e in made.events if e.id in incident.event_ids)
            assert datetime.fromisoformat(group["first_at"]) >= began, f"{category}: found before it began"
    titles = {category: [g["title"] for g in groups] for (category, _), groups in found.items()}
    excerpts = {category: [g["evidence"]["excerpt"] for g in groups] for (category, _), groups in found.items()}
    assert all(t.startswith("Prompt injection attempt (") for t in titles["prompt_injection"])
    assert sum(g["occurrences"] for g in found[("prompt_injection", "help-center")]) == scenario.ATTACK_ATTEMPTS
    # The first attempt quotes the attacker's address: its excerpt keeps the attack, not the address.
    attempt = next(e for e in made.events if e.id in made.incidents["prompt_injection"].event_ids)
    email = made.incidents["prompt_injection"].planted[0]
    [quoted] = [x for x in excerpts["prompt_injection"] if "[EMAIL]" in x]
    assert quoted.strip("…").replace("[EMAIL]", email) in " ".join(
        attempt.input_text.split()
    )  # whitespace runs: one space
    assert sorted(titles["data_leak"]) == [
        "Email address in output of crm-assistant",
        "Payment card number in output of crm-assistant",
    ]
    assert all("[CARD]" in e and "[EMAIL]" in e for e in excerpts["data_leak"])
    assert titles["hallucination_harm"] == ["Ungrounded medical claims in answer of knowledge-base"]
    assert "mg" in excerpts["hallucination_harm"][0]
    [bias] = titles["bias_incident"]
    assert bias.startswith("Adverse impact in loan-assistant: age_band=65+ selected at ")
    [degradation] = titles["model_degradation"]
    assert "unrequested (silent) model change" in degradation and "gpt-4o-2024-11-20" in degradation
    assert "eval_score" in degradation
    [vendor] = titles["vendor_outage"]
    # found against the model's own last hour first, or by its SLO's burn rate
    assert vendor.startswith(("openai gpt-4o-mini is failing its SLO: ", "openai gpt-4o-mini fails far more than"))


def test_scan_reports_each_planted_incident_as_exactly_one_finding_group(incidents):
    made, result = incidents
    assert result["incidents"] == len(made.incidents) == 6
    assert sorted(g["category"] for g in result["incident_groups"]) == sorted(CATEGORIES)


def test_scan_finds_nothing_on_the_benign_log(benign, tmp_path):
    scenario.write_jsonl(benign.events, tmp_path / "benign.jsonl")
    result = scan(tmp_path / "benign.jsonl", tmp_path / "data")
    assert result["events"] > 60_000
    assert (result["incidents"], result["findings"]) == (0, [])


@pytest.mark.parametrize(
    "seed",
    [
        3,
    ],
)
def test_scan_finds_nothing_on_the_benign_log_of_other_seeds(tmp_path, seed):
    scenario.write_jsonl(scenario.benign_log(seed), tmp_path / "benign.jsonl")
    result = scan(tmp_path / "benign.jsonl", tmp_path / "data")
    assert [g["title"] for g in result["findings"]] == []
