"""The documents' examples work as written: README.md and docs/*.md.

Every ```sh block runs. The blocks of one `## ` section of one file run in order, as one `bash` script with
`set -euo pipefail`, against a real `aicident serve` on a fresh SQLite store (the `service` fixture of conftest.py):
`$AICIDENT` is the server's address (http://127.0.0.1:8000 in a block becomes it), `$AICIDENT_TOKEN` the first
administrator's token, and the `aicident` commands use the server's data directory, as a user's do next to
`./scripts/start`. Incident references are written as INC-2026-NNNN; the script gets the current year's.

Examples that cannot run here are fenced `console` (a command and what it prints) or `text` instead of `sh`: the
set-up scripts (`./scripts/start`, `./scripts/test`), commands that run until stopped (`aicident serve`,
`aicident worker`), ones that take minutes (`aicident detectors eval`, the training script), ones that need tools or
services the suite does not provide (sqlite3, pg_dump, a PostgreSQL server, a browser, a mail server), ones run on
another machine (an application's Python), and commands shown with the error they are refused with. A `bash`,
`shell` or unlabelled fence is refused, so that no example silently escapes this test.

Every ```toml block is a fragment of a plan: merged into the default plan (its tables into the plan's tables, any other
value, lists of tables included, in place of the plan's), the plan must validate, and the detectors it configures
must build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aicident.plan.loader import default_plan
from aicident.plan.schema import Plan
from aicident.plan.validate import cross_reference_problems

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")
ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)\n(.*?)^```\s*$", re.S | re.M)
FENCES_ALLOWED = {"sh", "console", "text", "toml", "python", "json", "yaml", "http"}

# Sections whose examples must be found: a section renamed or moved is renamed here too, so that none is lost.
MUST_HAVE_EXAMPLES = {
    ("README.md", "A 5-minute tour"),
    ("docs/cli.md", "Against a server"),
    ("docs/http-api.md", "First requests"),
    ("docs/signals.md", "Connect a sender"),
    ("docs/signals.md", "More senders"),
    ("docs/detectors.md", "Report interactions"),
    ("docs/detectors.md", "Offline: scan a log"),
    ("docs/containment-and-sdk.md", "Change a feature's controls"),
    ("docs/containment-and-sdk.md", "Nothing switched off is forgotten"),
    ("docs/communications.md", "Obligations, drafts and approvals"),
    ("docs/reports.md", "Report, follow-ups and metrics"),
    ("docs/operations.md", "Health, readiness and metrics"),
    ("docs/operations.md", "Backup and restore"),
    ("docs/slack.md", "Set it up in 10 minutes"),
    ("docs/security.md", "People and tokens"),
    ("docs/plan-format.md", "Bring your own plan"),
}


def name_of(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def sections(path: Path) -> dict[str, str]:
    """`## ` heading -> the text under it, up to the next `## ` heading (fences are not headings)."""
    found: dict[str, str] = {}
    heading, lines, fenced = None, [], False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            if heading is not None:
                found[heading] = "".join(lines)
            heading, lines = line[3:].strip(), []
        elif heading is not None:
            lines.append(line)
    if heading is not None:
        found[heading] = "".join(lines)
    return found


def shell_blocks(path: Path, section: str) -> list[str]:
    return [body for language, body in FENCE.findall(sections(path)[section]) if language == "sh"]


def examples() -> list[tuple[str, str]]:
    return [(name_of(path), section) for path in DOCUMENTS for section in sections(path) if shell_blocks(path, section)]


def script_of(service, blocks: list[str]) -> str:
    """The blocks as one script against `service`, with this year's incident references."""
    year = datetime.now(ZoneInfo(default_plan().calendar.time_zone)).year
    body = "\n".join(b.replace("http://127.0.0.1:8000", service.base_url) for b in blocks)
    return "set -euo pipefail\nexport AICIDENT=" + service.base_url + "\n" + body.replace("INC-2026-", f"INC-{year}-")


def run_script(service, script: str) -> subprocess.CompletedProcess:
    env = {
        **service.env,
        "AICIDENT_TOKEN": service.token,
        "PATH": f"{Path(AICIDENT).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(
        ["bash", "-c", script], env=env, cwd=service.data_dir, capture_output=True, text=True, timeout=240
    )


def test_every_section_that_must_have_examples_has_them_and_each_is_run():
    found = set(examples())
    missing = MUST_HAVE_EXAMPLES - found
    assert not missing, f"no sh examples under {sorted(missing)}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=name_of)
def test_every_fence_of_the_documents_names_a_language_this_test_knows(path):
    languages = {language for language, _ in FENCE.findall(path.read_text(encoding="utf-8"))}
    assert languages <= FENCES_ALLOWED, f"{name_of(path)}: fences {sorted(languages - FENCES_ALLOWED)}"


@pytest.mark.parametrize(("document", "section"), [pytest.param(d, s, id=f"{d}:{s}") for d, s in examples()])
def test_the_shell_examples_of_the_documents_run_against_a_server_as_written(service, document, section):
    blocks = shell_blocks(ROOT / document, section)
    assert blocks, f"no sh examples under '{section}' of {document}"
    done = run_script(service, script_of(service, blocks))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the examples printed nothing"
    assert '"type":"urn:aicident:problem:' not in done.stdout, done.stdout  # no curl answered with a problem


def test_the_first_api_requests_and_the_signals_examples_leave_incidents_and_signals_behind(service):
    blocks = shell_blocks(ROOT / "docs/http-api.md", "First requests") + shell_blocks(
        ROOT / "docs/signals.md", "Connect a sender"
    )
    assert run_script(service, script_of(service, blocks)).returncode == 0
    with service.client(headers=service.admin) as client:
        incidents = client.get("/api/v1/incidents").json()["items"]
        held = client.get("/api/v1/signals", params={"inbox": "held"}).json()["items"]
    by_category = {i["category"]: i for i in incidents}
    assert by_category["data_leak"]["severity"] == "SEV-1"
    assert by_category["data_leak"]["roles"] == {"incident_commander": "admin"}
    assert by_category["prompt_injection"]["title"].startswith("Prompt injection attempts above 5%")
    assert [s["integration"] for s in held] == ["customer-reports"]


def test_the_cli_works_against_the_server_with_server_and_token(service):
    remote = {"AICIDENT_SERVER": service.base_url, "AICIDENT_TOKEN": service.token}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [AICIDENT, *args],
            env={**service.env, **remote, "AICIDENT_DATA_DIR": "/nonexistent"},
            capture_output=True,
            text=True,
            timeout=60,
        )

    declared = cli("declare", "Assistant invents refund policy", "--category", "hallucination_harm", "--json")
    assert declared.returncode == 0, declared.stderr
    ref = json.loads(declared.stdout)["ref"]
    assert cli("triage", ref, "--severity", "SEV-2", "--commander", "admin").returncode == 0
    refused = cli("advance", ref, "--to", "diagnose")
    assert refused.returncode == 1 and refused.stderr.startswith("error: cannot skip from triage to diagnose")
    shown = json.loads(cli("show", ref, "--json").stdout)
    assert (shown["severity"], shown["stage"], shown["roles"]) == ("SEV-2", "triage", {"incident_commander": "admin"})
    assert [e["type"] for e in shown["log"]] == ["declared", "stage_change", "severity_change", "role_change"]
    assert {e["actor"] for e in shown["log"]} == {"admin"}  # the token's person, not the local login name
    listed = cli("list", "--json", "--status", "open")
    assert [i["ref"] for i in json.loads(listed.stdout)] == [ref]
    local_only = cli("people", "list")
    assert local_only.returncode == 1 and "local store only" in local_only.stderr


# --- plan fragments -------------------------------------------------------------------------------------------


def toml_blocks() -> list[tuple[str, str, str]]:
    return [
        (name_of(path), section, body)
        for path in DOCUMENTS
        for section, text in sections(path).items()
        for language, body in FENCE.findall(text)
        if language == "toml"
    ]


def toml_examples() -> list:
    return [pytest.param(d, s, b, id=f"{d}:{s}:{n}") for n, (d, s, b) in enumerate(toml_blocks())]


def merged(base: dict, fragment: dict) -> dict:
    """`fragment`'s tables merged into `base`'s; any other value (a list of tables included) replaces `base`'s."""
    out = dict(base)
    for key, value in fragment.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def default_document() -> dict:
    return default_plan().model_dump(mode="json", exclude_none=True)


@pytest.mark.parametrize(("document", "section", "body"), toml_examples())
def test_every_toml_example_is_a_valid_part_of_a_plan(document, section, body):
    plan = Plan.model_validate(merged(default_document(), tomllib.loads(body)))
    assert cross_reference_problems(plan) == [], f"{document}, '{section}'"
    if plan.detectors:  # their options are checked when the detectors are built
        from aicident.detectors.registry import build

        assert build(plan.detectors)


def test_the_notify_example_of_the_communications_page_is_a_valid_plan_section():
    [body] = [b for d, s, b in toml_blocks() if d == "docs/communications.md" and "[notify]" in b]
    example = tomllib.loads(body)
    document = default_document()
    document["notify"] = example["notify"]
    plan = Plan.model_validate(document)
    assert [c.type for c in plan.notify.channels] == ["smtp", "slack", "webhook", "pagerduty"]
    assert cross_reference_problems(plan) == []
