"""The local command line acts as a registered person, with that person's permissions, and names only registered
people: `--as`/AICIDENT_ACTOR or the single administrator created on the first start, never the operating-system
user; an unregistered role holder, commander, owner or attendee is refused with the command that adds them; the
demo registers its cast."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")


@pytest.fixture
def run(tmp_path):
    """`aicident ARGS` on a fresh data directory, with no AICIDENT_ACTOR unless given."""
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICIDENT_")}
    env.update(AICIDENT_DATA_DIR=str(tmp_path), COLUMNS="200", NO_COLOR="1")

    def run(*args: object, actor: str | None = None) -> subprocess.CompletedProcess:
        extra = {"AICIDENT_ACTOR": actor} if actor else {}
        return subprocess.run(
            [AICIDENT, *map(str, args)], env={**env, **extra}, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )

    return run


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> str:
    assert (result.returncode, result.stdout) == (1, ""), (result.returncode, result.stdout, result.stderr)
    return result.stderr


def declare(run, **options) -> str:
    out = ok(run("declare", "Chatbot pastes card numbers", "--category", "data_leak", "--json", **options))
    return json.loads(out)["ref"]


def test_with_no_actor_the_cli_acts_as_the_administrator_it_created_never_as_the_login_name(run):
    ref = declare(run)
    log = json.loads(ok(run("show", ref, "--json")))["log"]
    assert [e["actor"] for e in log] == ["admin"]
    people = json.loads(ok(run("people", "list", "--json")))
    assert [(p["handle"], p["admin"]) for p in people] == [("admin", True)]
    login = getpass.getuser()
    if login != "admin":
        assert login not in {e["actor"] for e in log}


def test_an_unregistered_actor_is_refused_with_the_command_that_adds_them(run):
    run("people", "list")  # the first start creates the administrator
    error = refused(run("declare", "x", "--category", "data_leak", actor="dana"))
    assert error == (
        "error: no registered person 'dana' (the handle of a registered, active person)\n"
        "  next: aicident people add dana --name NAME --email EMAIL\n"
        "  or:   aicident people list\n"
    )
    assert "no registered person 'dana'" in refused(run("--as", "dana", "people", "add", "dana"))


def test_assigning_or_naming_an_unregistered_commander_is_refused_on_the_cli(run):
    ok(run("people", "add", "dana", "--role", "incident_commander"))
    ref = declare(run, actor="dana")
    assert "no registered person 'nobody'" in refused(run("assign", ref, "ai_lead", "nobody", actor="dana"))
    assert "no registered person 'priya'" in refused(
        run("triage", ref, "--severity", "SEV-2", "--commander", "priya", actor="dana")
    )
    shown = json.loads(ok(run("show", ref, "--json")))
    assert shown["roles"] == {} and shown["severity"] is None  # nothing was half-written
    ok(run("people", "add", "priya", "--role", "ai_lead"))
    ok(run("triage", ref, "--severity", "SEV-2", "--commander", "dana", actor="dana"))
    ok(run("assign", ref, "ai_lead", "priya", actor="dana"))
    assert "no registered person 'lee'" in refused(
        run("action", "add", ref, "Add evals", "--owner", "lee", "--due", "2027-01-15", actor="dana")
    )


def test_the_local_cli_applies_the_plans_permissions_as_the_api_does(run):
    ok(run("people", "add", "dana", "--role", "incident_commander"))
    ok(run("people", "add", "sam", "--role", "comms_lead"))
    ref = declare(run, actor="sam")  # anyone may declare
    error = refused(run("triage", ref, "--severity", "SEV-2", actor="sam"))
    assert error.startswith("error: sam may not triage")
    assert refused(run("people", "add", "mallory", actor="sam")).startswith(
        "error: sam may not manage people and tokens"
    )
    ok(run("triage", ref, "--severity", "SEV-2", "--commander", "dana", actor="dana"))


def test_aicident_is_not_a_handle_anyone_may_take(run):
    assert "'aicident' is the name aicident logs its own steps under" in refused(run("people", "add", "aicident"))


def test_the_demo_registers_its_cast_and_runs_to_close(run):
    out = ok(run("demo"))
    assert "closed" in out
    people = {p["handle"] for p in json.loads(ok(run("people", "list", "--json")))}
    assert {"dana.okafor", "priya.raman", "sam.whitfield", "lee.moreau", "admin"} <= people
