"""The `aicident` command as the CLI tests run it: the real console script in a subprocess (`Cli`), the cast of
people they register, and the checks of a command's outcome. Shared by the CLI tests of every package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from people_helpers import register_people

from aicident.runtime import build_runtime
from aicident.settings import Settings

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")


class Cli:
    """Runs `aicident` against one data directory, as AICIDENT_ACTOR unless told otherwise (`--as`)."""

    def __init__(self, data_dir: Path, actor: str):
        self.cwd = data_dir
        # Nothing from the caller's AICIDENT_* (a database URL, a plan, a server to talk to) leaks in.
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("AICIDENT_")}
        self.env.update(AICIDENT_DATA_DIR=str(data_dir), AICIDENT_ACTOR=actor, COLUMNS="200", NO_COLOR="1")

    def _argv(self, args, actor):
        return [AICIDENT, *(["--as", actor] if actor else []), *map(str, args)]

    def __call__(self, *args, actor: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._argv(args, actor), env=self.env, cwd=self.cwd, capture_output=True, text=True, timeout=60
        )

    def many(self, *commands) -> list[subprocess.CompletedProcess]:
        """Start every command at once and wait for all (commands that do not depend on each other)."""
        started = [
            (
                argv,
                subprocess.Popen(
                    argv, env=self.env, cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                ),
            )
            for argv in (self._argv(command, None) for command in commands)
        ]
        results = []
        for argv, process in started:
            stdout, stderr = process.communicate(timeout=60)
            results.append(subprocess.CompletedProcess(argv, process.returncode, stdout, stderr))
        return results

    def register(self, people: dict[str, list[str]], *, admin: bool = False) -> None:
        """Register the people the test acts as or names, with their plan roles (setup, in-process: the CLI acts
        only as registered people, with their permissions)."""
        runtime = build_runtime(Settings.from_env(self.env))
        try:
            for handle, roles in people.items():
                register_people(runtime, handle, roles=roles, admin=admin)
        finally:
            runtime.engine.dispose()

    def json(self, *args, actor: str | None = None):
        result = self(*args, "--json", actor=actor)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return json.loads(result.stdout)


# Who the tests act as, with the plan roles that let them do what they do (as a token of theirs would).
CAST = {
    "dana": ["incident_commander"],
    "erin": ["incident_commander"],
    "priya": ["ai_lead"],
    "sam": ["comms_lead"],
    "ana": ["customer_trust"],
}


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result


def error_line(result: subprocess.CompletedProcess) -> str:
    """The error of a refused command (exit 1, nothing on stdout): one line, then only the commands that would
    satisfy it, one a line ("  next: ..." then "  or:   ...")."""
    assert (result.returncode, result.stdout) == (1, ""), (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.endswith("\n")
    first, *steps = result.stderr.removesuffix("\n").split("\n")
    assert all(s.startswith(("  next: aicident ", "  or:   aicident ")) for s in steps), result.stderr
    return result.stderr.removeprefix("error: ").removesuffix("\n")


def comparable(document: dict) -> dict:
    """An incident document without its log and the deadline wording that moves with the wall clock."""
    document = {key: value for key, value in document.items() if key != "log"}
    document["deadlines"] = [{k: v for k, v in d.items() if k != "description"} for d in document["deadlines"]]
    return document
