"""Incident commands: thin wrappers that parse, call one service function and render."""

from __future__ import annotations

from datetime import datetime

import typer

from aicident.console import emit_json, state
from aicident.errors import InvalidInput
from aicident.incidents import service
from aicident.incidents.demo import run_demo
from aicident.incidents.model import AISystem, Facts, Source
from aicident.incidents.render import render_incident, render_list
from aicident.incidents.schemas import incident_json, view_json

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} {value!r} is not a date and time",
                           allowed="ISO 8601 with a UTC offset, e.g. 2026-11-29T14:05:00+00:00") from None
    if moment.tzinfo is None:
        raise InvalidInput(f"{option} {value!r} has no UTC offset",
                           allowed="ISO 8601 with a UTC offset, e.g. 2026-11-29T14:05:00+00:00 or ...Z")
    return moment


def _done(ctx: typer.Context, ref: str, as_json: bool = False) -> None:
    """After a change: show where the incident now stands."""
    view = service.get(state(ctx).runtime, ref=ref, with_log=False)
    if as_json:
        emit_json(view_json(view, with_log=False))
    else:
        typer.echo(render_incident(view, brief=True))


def register(app: typer.Typer) -> None:  # noqa: C901 - one short function per command
    @app.command()
    def declare(
        ctx: typer.Context,
        title: str = typer.Argument(..., help="A short title."),
        category: str = typer.Option(..., "--category", "-c", help="A category id of the plan (see `plan show`)."),
        source: Source = typer.Option(Source.INTERNAL_OBSERVATION, "--source", "-s", help="What triggered it."),
        summary: str = typer.Option("", "--summary", help="What is known so far."),
        severity: str = typer.Option(None, "--severity", help="A proposed severity, if already known."),
        feature: str = typer.Option(None, "--feature", help="Affected AI feature."),
        model: str = typer.Option(None, "--model", help="Model in use."),
        model_version: str = typer.Option(None, "--model-version"),
        prompt_version: str = typer.Option(None, "--prompt-version"),
        vendor: str = typer.Option(None, "--vendor", help="AI vendor / provider."),
        customers_affected: int = typer.Option(0, "--customers-affected", min=0),
        personal_data: bool = typer.Option(False, "--personal-data", help="Personal data is involved."),
        jurisdiction: list[str] = typer.Option([], "--jurisdiction", help="Repeatable, e.g. EU, US-CA."),
        detected_at: str = typer.Option(None, "--detected-at", help="ISO time it was detected (default now)."),
        aware_at: str = typer.Option(None, "--aware-at", help="ISO time the organisation became aware."),
        as_json: bool = JSON,
    ) -> None:
        """Declare an AI incident; it starts in the plan's first stage."""
        cli = state(ctx)
        incident = service.declare(
            cli.runtime, title=title, category=category, source=source.value, summary=summary, severity=severity,
            actor=cli.actor, detected_at=_when(detected_at, "--detected-at"),
            became_aware_at=_when(aware_at, "--aware-at"),
            ai_system=AISystem(feature, model, model_version, prompt_version, vendor),
            facts=Facts(customers_affected=customers_affected, personal_data_involved=personal_data,
                        jurisdictions=sorted({j.upper() for j in jurisdiction})))
        _done(ctx, incident.ref, as_json)

    @app.command("list")
    def list_(
        ctx: typer.Context,
        status: str = typer.Option(None, "--status", help="open, resolved or closed."),
        category: str = typer.Option(None, "--category"),
        severity: str = typer.Option(None, "--severity"),
        stage: str = typer.Option(None, "--stage"),
        limit: int = typer.Option(100, "--limit", min=1, max=1000),
        as_json: bool = JSON,
    ) -> None:
        """List incidents, newest first."""
        views = service.list_incidents(state(ctx).runtime, status=status, category=category, severity=severity,
                                       stage=stage, limit=limit)
        if as_json:
            emit_json([view_json(v, with_log=False) for v in views])
        else:
            typer.echo(render_list(views))

    @app.command()
    def show(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
        """Show an incident: facts, roles, what the stage still needs, every deadline and the log."""
        view = service.get(state(ctx).runtime, ref=ref)
        if as_json:
            emit_json(view_json(view))
        else:
            typer.echo(render_incident(view))

    @app.command()
    def triage(ctx: typer.Context, ref: str,
               severity: str = typer.Option(None, "--severity", help="Severity id, e.g. SEV-2."),
               commander: str = typer.Option(None, "--commander", help="The Incident Commander."),
               reason: str = typer.Option("", "--reason"), as_json: bool = JSON) -> None:
        """Triage: assign the severity and the Incident Commander."""
        if not severity and not commander:
            raise InvalidInput("triage needs --severity, --commander or both")
        cli = state(ctx)
        service.triage(cli.runtime, ref=ref, actor=cli.actor, severity=severity, commander=commander, reason=reason)
        _done(ctx, ref, as_json)

    @app.command()
    def assign(ctx: typer.Context, ref: str, role: str = typer.Argument(..., help="A role id of the plan."),
               person: str = typer.Argument(...), as_json: bool = JSON) -> None:
        """Assign a person to a role (the previous holder is relieved, and both are logged)."""
        cli = state(ctx)
        service.assign(cli.runtime, ref=ref, role=role, person=person, actor=cli.actor)
        _done(ctx, ref, as_json)

    @app.command()
    def advance(ctx: typer.Context, ref: str,
                to: str = typer.Option(None, "--to", help="A stage id; default: the next stage."),
                reason: str = typer.Option("", "--reason", help="Needed to go back to an earlier stage."),
                as_json: bool = JSON) -> None:
        """Move to the next stage once its guards are satisfied (or back, with a reason)."""
        cli = state(ctx)
        service.advance(cli.runtime, ref=ref, actor=cli.actor, to=to, reason=reason)
        _done(ctx, ref, as_json)

    def _severity_command(expect: str):
        def command(ctx: typer.Context, ref: str, severity: str,
                    reason: str = typer.Option(..., "--reason", help="Why the severity changes."),
                    as_json: bool = JSON) -> None:
            cli = state(ctx)
            service.set_severity(cli.runtime, ref=ref, severity=severity, actor=cli.actor, reason=reason,
                                 expect=expect)
            _done(ctx, ref, as_json)

        return command

    app.command("escalate", help="Raise the severity (the old and new value, who and why go in the log).")(
        _severity_command("escalated"))
    app.command("deescalate", help="Lower the severity (the old and new value, who and why go in the log).")(
        _severity_command("deescalated"))

    @app.command()
    def facts(ctx: typer.Context, ref: str,
              customers_affected: int = typer.Option(None, "--customers-affected", min=0),
              personal_data: bool = typer.Option(None, "--personal-data/--no-personal-data"),
              material: bool = typer.Option(None, "--material/--not-material",
                                            help="Record the materiality determination."),
              jurisdiction: list[str] = typer.Option(None, "--jurisdiction", help="Replaces the list; repeatable."),
              reason: str = typer.Option("", "--reason"), as_json: bool = JSON) -> None:
        """Record facts the plan's conditions depend on (customers affected, personal data, materiality)."""
        cli = state(ctx)
        service.set_facts(cli.runtime, ref=ref, actor=cli.actor, reason=reason, customers_affected=customers_affected,
                          personal_data_involved=personal_data, material=material, jurisdictions=jurisdiction or None)
        _done(ctx, ref, as_json)

    @app.command()
    def contain(ctx: typer.Context, ref: str,
                action: str = typer.Argument(None, help="What was done, e.g. 'rolled back to prompt v41'."),
                none_needed: str = typer.Option(None, "--none-needed", help="Reason no containment is needed."),
                as_json: bool = JSON) -> None:
        """Record a containment action, or that none is needed and why."""
        if (action is None) == (none_needed is None):
            raise InvalidInput("give either an ACTION or --none-needed REASON")
        cli = state(ctx)
        service.contain(cli.runtime, ref=ref, actor=cli.actor, action=action, none_needed=none_needed)
        _done(ctx, ref, as_json)

    @app.command()
    def diagnose(ctx: typer.Context, ref: str,
                 layer: str = typer.Argument(..., help="model, prompt, data or integration."),
                 description: str = typer.Argument(...), as_json: bool = JSON) -> None:
        """Record the root cause and the layer it sits in."""
        cli = state(ctx)
        service.diagnose(cli.runtime, ref=ref, layer=layer, description=description, actor=cli.actor)
        _done(ctx, ref, as_json)

    @app.command()
    def resolve(ctx: typer.Context, ref: str,
                summary: str = typer.Argument(..., help="What was fixed and re-tested."),
                as_json: bool = JSON) -> None:
        """Mark the incident resolved (service restored); the report and review clocks start."""
        cli = state(ctx)
        service.resolve(cli.runtime, ref=ref, summary=summary, actor=cli.actor)
        _done(ctx, ref, as_json)

    @app.command()
    def communicate(ctx: typer.Context, ref: str,
                    audience: str = typer.Argument(..., help="An audience of the matrix, e.g. customers."),
                    summary: str = typer.Argument(None, help="What was said, to whom."),
                    waive: str = typer.Option(None, "--waive", help="Waive this communication, with the reason."),
                    channel: str = typer.Option("", "--channel", help="e.g. email, status page."),
                    as_json: bool = JSON) -> None:
        """Record a communication to an audience, or waive it with a reason."""
        if (summary is None) == (waive is None):
            raise InvalidInput("give either a SUMMARY of what was communicated or --waive REASON")
        cli = state(ctx)
        service.communicate(cli.runtime, ref=ref, audience=audience, actor=cli.actor, summary=summary or "",
                            waive=waive, channel=channel)
        _done(ctx, ref, as_json)

    @app.command()
    def log(ctx: typer.Context, ref: str, text: str,
            type: str = typer.Option("note", "--type", "-t", help="note, evidence or action_item."),
            owner: str = typer.Option(None, "--owner", help="Owner of an action item."),
            due: str = typer.Option(None, "--due", help="Due date of an action item (YYYY-MM-DD)."),
            link: str = typer.Option(None, "--link", help="Where the evidence is kept."),
            as_json: bool = JSON) -> None:
        """Add a note, a piece of evidence or an action item to the incident log."""
        if due is not None:
            try:
                datetime.strptime(due, "%Y-%m-%d")
            except ValueError:
                raise InvalidInput(f"--due {due!r} is not a date", allowed="YYYY-MM-DD") from None
        cli = state(ctx)
        service.add_entry(cli.runtime, ref=ref, type=type, text=text, actor=cli.actor, owner=owner, due=due,
                          link=link)
        _done(ctx, ref, as_json)

    @app.command()
    def report(ctx: typer.Context, ref: str) -> None:
        """Print the post-incident report (Section 7) as generated from the incident and its log now."""
        typer.echo(service.draft_report(state(ctx).runtime, ref=ref), nl=False)

    @app.command()
    def document(ctx: typer.Context, ref: str,
                 link: str = typer.Option(None, "--link", help="Where the finished report lives, if elsewhere."),
                 as_json: bool = JSON) -> None:
        """Record the post-incident report (generated from the log unless --link names where it lives)."""
        cli = state(ctx)
        incident, text = service.document(cli.runtime, ref=ref, actor=cli.actor, location=link)
        if as_json:
            emit_json({"incident": incident_json(incident), "report": text})
        else:
            typer.echo(text)
            _done(ctx, ref)

    @app.command()
    def review(ctx: typer.Context, ref: str, summary: str = typer.Argument(..., help="Decisions and findings."),
               attendee: list[str] = typer.Option(..., "--attendee", help="Repeatable."),
               as_json: bool = JSON) -> None:
        """Record the post-incident review: attendees and what it decided."""
        cli = state(ctx)
        service.review(cli.runtime, ref=ref, attendees=attendee, summary=summary, actor=cli.actor)
        _done(ctx, ref, as_json)

    @app.command()
    def close(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
        """Close the incident from the last stage, once the review is held and communications are done."""
        cli = state(ctx)
        service.close(cli.runtime, ref=ref, actor=cli.actor)
        _done(ctx, ref, as_json)

    @app.command()
    def reopen(ctx: typer.Context, ref: str, reason: str = typer.Option(..., "--reason"),
               stage: str = typer.Option(None, "--stage", help="Stage to reopen in (default: triage)."),
               as_json: bool = JSON) -> None:
        """Reopen a resolved or closed incident."""
        cli = state(ctx)
        service.reopen(cli.runtime, ref=ref, reason=reason, actor=cli.actor, stage=stage)
        _done(ctx, ref, as_json)

    @app.command()
    def demo(ctx: typer.Context) -> None:
        """Run a scripted prompt-injection incident through every stage to close, then show it."""
        runtime = state(ctx).runtime
        ref = run_demo(runtime)
        typer.echo(render_incident(service.get(runtime, ref=ref)))
        typer.echo("")
        typer.echo(f"Demo incident {ref} is stored in {runtime.settings.database_url}.")
        typer.echo(f"Next: `aicident list`, `aicident show {ref}`, `aicident report {ref}`, `aicident verify`, "
                   "or declare your own with `aicident declare TITLE --category prompt_injection`.")

    @app.command()
    def verify(ctx: typer.Context, as_json: bool = JSON) -> None:
        """Prove that no incident log entry was edited, inserted or removed."""
        checked, breaks = service.verify(state(ctx).runtime)
        if as_json:
            emit_json({"incidents_checked": checked, "ok": not breaks,
                       "breaks": [{"incident": b.ref, "entry": b.seq, "reason": b.reason} for b in breaks]})
        else:
            for b in breaks:
                typer.echo(f"{b.ref} entry {b.seq}: {b.reason}", err=True)
            typer.echo(f"{checked} incident log(s) checked: " + ("all verify" if not breaks else
                                                                   f"{len(breaks)} broken"))
        if breaks:
            raise typer.Exit(1)
