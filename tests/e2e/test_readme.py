"""The README's examples work as written: its shell blocks run against a real server, and the CLI talks to it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")
README = Path(__file__).resolve().parents[2] / "README.md"


def shell_blocks(section: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {section}")
    end = text.find("\n## ", start + 3)
    return re.findall(r"```sh\n(.*?)```", text[start : end if end > 0 else None], re.S)


@pytest.mark.parametrize(
    "section",
    [
        "The service",
        "Detectors: AI incidents found in AI traffic",
        "Communications: obligations, regulatory clocks, drafts and approvals",
        "Reports, follow-ups and metrics",
        "Containment: kill switches the AI application obeys",
    ],
)
def test_the_shell_examples_of_the_readme_run_against_a_server_as_written(service, section):
    blocks = shell_blocks(section)
    assert blocks, f"no sh examples under '{section}'"
    script = (
        "set -euo pipefail\nexport AICIDENT="
        + service.base_url
        + "\n"
        + "\n".join(b.replace("http://127.0.0.1:8000", service.base_url) for b in blocks)
    )
    env = {
        **service.env,
        "AICIDENT_TOKEN": service.token,
        "PATH": f"{Path(AICIDENT).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    done = subprocess.run(
        ["bash", "-c", script], env=env, cwd=service.data_dir, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the examples printed nothing"
    assert '"type":"urn:aicident:problem:' not in done.stdout, done.stdout  # no curl answered with a problem


def test_the_readme_service_examples_leave_incidents_and_signals_behind(service):
    script = "set -euo pipefail\n" + "\n".join(
        b.replace("http://127.0.0.1:8000", service.base_url) for b in shell_blocks("The service")
    )
    env = {
        **service.env,
        "AICIDENT_TOKEN": service.token,
        "PATH": f"{Path(AICIDENT).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    assert (
        subprocess.run(
            ["bash", "-c", "export AICIDENT=" + service.base_url + "\n" + script],
            env=env,
            cwd=service.data_dir,
            capture_output=True,
            text=True,
            timeout=120,
        ).returncode
        == 0
    )
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
