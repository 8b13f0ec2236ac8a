"""`aicident doctor`: is every delivery channel the plan configures able to deliver? Each is checked without sending
anything (settings present, server reachable, credentials accepted) and every problem says what to fix. The service
checks at start (administrators see a problem on every page) and on demand (`POST /api/v1/doctor`)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import typer

from aicident.console import emit_json, state
from aicident.plan.schema import Plan
from aicident.runtime import plan_in_force, utc_now
from aicident.settings import Settings

if TYPE_CHECKING:
    from aicident.notify.checks import Finding

log = logging.getLogger("aicident.doctor")


@dataclass(frozen=True)
class Checkup:
    checked_at: datetime
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def as_dict(self) -> dict:
        return {
            "checked_at": self.checked_at.isoformat(),
            "ok": not self.problems,
            "problems": len(self.problems),
            "channels": [f.as_dict() for f in self.findings],
            "notes": list(self.notes),
        }


def checkup(plan: Plan, now: datetime, environ: Mapping[str, str] | None = None) -> Checkup:
    """Check every channel of the plan's [notify] (network: each takes up to its timeout)."""
    # The SMTP and HTTP clients are imported by the command that checks: every other command starts faster.
    from aicident.notify.checks import check_channel

    environ = os.environ if environ is None else environ
    findings = tuple(check_channel(config, environ) for config in plan.notify.channels)
    used = {name for delivery in plan.comms.audiences.values() for name in delivery.channels}
    notes = [f"channel {f.channel!r} is configured but no audience uses it" for f in findings if f.channel not in used]
    unset = [
        name
        for name in ("name", "support_contact", "status_page_url", "signature")
        if not getattr(plan.organisation, name)
    ]
    if unset:
        notes.append(
            "[organisation] " + ", ".join(unset) + " not set: customer notices wait for a person to fill those slots"
        )
    return Checkup(now, findings, tuple(notes))


class Doctor:
    """The last checkup of a running service: taken at start in the background (a slow server does not hold the
    start up), again on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: Checkup | None = None

    @property
    def last(self) -> Checkup | None:
        with self._lock:
            return self._last

    def run(self, plan: Plan, now: datetime) -> Checkup:
        found = checkup(plan, now)
        for problem in found.problems:
            log.warning("channel %s cannot deliver: %s (fix: %s)", problem.channel, problem.problem, problem.fix)
        with self._lock:
            self._last = found
        return found

    def start(self, plan: Plan, now: datetime) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(plan, now), name="aicident-doctor", daemon=True)
        thread.start()
        return thread


# --- the CLI --------------------------------------------------------------------------------------------------


def _print(found: dict) -> None:
    for channel in found["channels"]:
        head = f"{channel['channel']:<16} {channel['type']:<10} {channel['target'] or '-':<28}"
        if channel["ok"]:
            typer.echo(f"{head} ok ({', '.join(channel['checked'])})")
        else:
            typer.echo(f"{head} PROBLEM: {channel['problem']}")
            typer.echo(f"{'':<56} fix: {channel['fix']}")
        for note in channel["notes"]:
            typer.echo(f"{'':<56} note: {note}")
    for note in found["notes"]:
        typer.echo(f"note: {note}")
    total = len(found["channels"])
    typer.echo(
        f"{found['problems']} of {total} channel(s) cannot deliver."
        if found["problems"]
        else f"All {total} channel(s) ok."
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def doctor(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Check every delivery channel of the plan without sending anything; exit 1 when one cannot deliver."""
        cli = state(ctx)
        if cli.client:
            found = cli.client.post("/api/v1/doctor")
        else:
            found = checkup(plan_in_force(Settings.from_env()), utc_now()).as_dict()
        if as_json:
            emit_json(found)
        else:
            _print(found)
        if found["problems"]:
            raise typer.Exit(1)
