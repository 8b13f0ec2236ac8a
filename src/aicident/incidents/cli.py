"""Incident commands: thin wrappers that parse, call one service function and render."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from aicident.console import emit_json, state
from aicident.errors import InvalidInput
from aicident.incidents import service
from aicident.incidents.demo import run_demo
from aicident.incidents.model import AISystem, Facts, Source
from aicident.incidents.render import render_incident, render_list
from aicident.incidents.schemas import view_json

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{option} {value!r} is not a date and time",
            allowed="ISO 8601 with a UTC offset, e.g. 2026-11-29T14:05:00+00:00",
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            f"{option} {value!r} has no UTC offset",
            allowed="ISO 8601 with a UTC offset, e.g. 2026-11-29T14:05:00+00:00 or ...Z",
        )
    return moment


def _print(doc: dict, as_json: bool, *, brief: bool = True) -> None:
    if as_json:
        emit_json(doc)
    else:
        typer.echo(render_incident(doc, brief=brief))


def _act(ctx: typer.Context, ref: str, path: str, body: dict, local, as_json: bool) -> None:
    """Run one use case, on the local store or on the server, and show where the incident now stands."""
    cli = state(ctx)
    if cli.client:
        doc = cli.client.post(f"/api/v1/incidents/{ref}/{path}", body)
    else:
        local(cli.runtime, cli.who)
        doc = view_json(service.get(cli.runtime, ref=ref, with_log=False), with_log=False)
    _print(doc, as_json)


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
    detected, aware = _when(detected_at, "--detected-at"), _when(aware_at, "--aware-at")
    system = AISystem(feature, model, model_version, prompt_version, vendor)
    jurisdictions = sorted({j.upper() for j in jurisdiction})
    if cli.client:
        doc = cli.client.post(
            "/api/v1/incidents",
            {
                "title": title,
                "category": category,
                "source": source.value,
                "summary": summary,
                "severity": severity,
                "detected_at": detected and detected.isoformat(),
                "became_aware_at": aware and aware.isoformat(),
                "ai_system": vars(system),
                "customers_affected": customers_affected,
                "personal_data_involved": personal_data,
                "jurisdictions": jurisdictions,
            },
        )
    else:
        incident = service.declare(
            cli.runtime,
            title=title,
            category=category,
            source=source.value,
            summary=summary,
            severity=severity,
            **cli.who,
            detected_at=detected,
            became_aware_at=aware,
            ai_system=system,
            facts=Facts(
                customers_affected=customers_affected,
                personal_data_involved=personal_data,
                jurisdictions=jurisdictions,
            ),
        )
        doc = view_json(service.get(cli.runtime, ref=incident.ref, with_log=False), with_log=False)
    _print(doc, as_json)


def list_(
    ctx: typer.Context,
    status: str = typer.Option(None, "--status", help="open, resolved or closed."),
    category: str = typer.Option(None, "--category"),
    severity: str = typer.Option(None, "--severity"),
    stage: str = typer.Option(None, "--stage"),
    limit: int = typer.Option(100, "--limit", min=1, max=500),
    as_json: bool = JSON,
) -> None:
    """List incidents, newest first."""
    cli = state(ctx)
    filters: dict[str, Any] = {"status": status, "category": category, "severity": severity, "stage": stage}
    if cli.client:
        docs = cli.client.get("/api/v1/incidents", limit=limit, **filters)["items"]
    else:
        docs = [view_json(v, with_log=False) for v in service.list_incidents(cli.runtime, limit=limit, **filters)]
    if as_json:
        emit_json(docs)
    else:
        typer.echo(render_list(docs))


def show(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """Show an incident: facts, roles, what the stage still needs, every deadline and the log."""
    cli = state(ctx)
    if cli.client:
        doc = cli.client.get(f"/api/v1/incidents/{ref}", log="true")
    else:
        doc = view_json(service.get(cli.runtime, ref=ref))
    _print(doc, as_json, brief=False)


def triage(
    ctx: typer.Context,
    ref: str,
    severity: str = typer.Option(None, "--severity", help="Severity id, e.g. SEV-2."),
    commander: str = typer.Option(None, "--commander", help="The Incident Commander."),
    reason: str = typer.Option("", "--reason"),
    as_json: bool = JSON,
) -> None:
    """Triage: assign the severity and the Incident Commander."""
    if not severity and not commander:
        raise InvalidInput("triage needs --severity, --commander or both")
    _act(
        ctx,
        ref,
        "triage",
        {"severity": severity, "commander": commander, "reason": reason},
        lambda rt, who: service.triage(rt, ref=ref, **who, severity=severity, commander=commander, reason=reason),
        as_json,
    )


def assign(
    ctx: typer.Context,
    ref: str,
    role: str = typer.Argument(..., help="A role id of the plan."),
    person: str = typer.Argument(...),
    as_json: bool = JSON,
) -> None:
    """Assign a person to a role (the previous holder is relieved, and both are logged)."""
    _act(
        ctx,
        ref,
        "roles",
        {"role": role, "person": person},
        lambda rt, who: service.assign(rt, ref=ref, role=role, person=person, **who),
        as_json,
    )


def advance(
    ctx: typer.Context,
    ref: str,
    to: str = typer.Option(None, "--to", help="A stage id; default: the next stage."),
    reason: str = typer.Option("", "--reason", help="Needed to go back to an earlier stage."),
    as_json: bool = JSON,
) -> None:
    """Move to the next stage once its guards are satisfied (or back, with a reason)."""
    _act(
        ctx,
        ref,
        "advance",
        {"to": to, "reason": reason},
        lambda rt, who: service.advance(rt, ref=ref, **who, to=to, reason=reason),
        as_json,
    )


def _severity_command(direction: str):
    def command(
        ctx: typer.Context,
        ref: str,
        severity: str,
        reason: str = typer.Option(..., "--reason", help="Why the severity changes."),
        as_json: bool = JSON,
    ) -> None:
        _act(
            ctx,
            ref,
            "severity",
            {"severity": severity, "reason": reason, "direction": direction},
            lambda rt, who: service.set_severity(
                rt, ref=ref, severity=severity, **who, reason=reason, expect=direction + "d"
            ),
            as_json,
        )

    return command


def facts(
    ctx: typer.Context,
    ref: str,
    customers_affected: int = typer.Option(None, "--customers-affected", min=0),
    personal_data: bool = typer.Option(None, "--personal-data/--no-personal-data"),
    material: bool = typer.Option(None, "--material/--not-material", help="Record the materiality determination."),
    jurisdiction: list[str] = typer.Option(None, "--jurisdiction", help="Replaces the list; repeatable."),
    flag: list[str] = typer.Option(
        None,
        "--fact",
        help="A fact that is now true, e.g. high_risk, serious_incident, death, significant_incident; repeatable.",
    ),
    not_flag: list[str] = typer.Option(None, "--not-fact", help="A fact that is not true; repeatable."),
    customer_summary: str = typer.Option(
        None, "--customer-summary", help="What happened, in plain words for customers (their notices say it)."
    ),
    customer_impact: str = typer.Option(None, "--customer-impact", help="How it affects customers, plainly."),
    reason: str = typer.Option("", "--reason"),
    as_json: bool = JSON,
) -> None:
    """Record facts the plan's conditions and regulatory clocks depend on, and what customers are told."""
    changes: dict[str, Any] = {
        "customers_affected": customers_affected,
        "personal_data_involved": personal_data,
        "material": material,
        "jurisdictions": jurisdiction or None,
        "customer_summary": customer_summary,
        "customer_impact": customer_impact,
    }
    changes.update({name: True for name in flag or []})
    changes.update({name: False for name in not_flag or []})
    _act(
        ctx,
        ref,
        "facts",
        {**changes, "reason": reason},
        lambda rt, who: service.set_facts(rt, ref=ref, **who, reason=reason, **changes),
        as_json,
    )


def contain(
    ctx: typer.Context,
    ref: str,
    action: str = typer.Argument(None, help="What was done, e.g. 'rolled back to prompt v41'."),
    none_needed: str = typer.Option(None, "--none-needed", help="Reason no containment is needed."),
    as_json: bool = JSON,
) -> None:
    """Record a containment action, or that none is needed and why."""
    if (action is None) == (none_needed is None):
        raise InvalidInput("give either an ACTION or --none-needed REASON")
    _act(
        ctx,
        ref,
        "containment",
        {"action": action, "none_needed": none_needed},
        lambda rt, who: service.contain(rt, ref=ref, **who, action=action, none_needed=none_needed),
        as_json,
    )


def diagnose(
    ctx: typer.Context,
    ref: str,
    layer: str = typer.Argument(..., help="model, prompt, data or integration."),
    description: str = typer.Argument(...),
    as_json: bool = JSON,
) -> None:
    """Record the root cause and the layer it sits in."""
    _act(
        ctx,
        ref,
        "root-cause",
        {"layer": layer, "description": description},
        lambda rt, who: service.diagnose(rt, ref=ref, layer=layer, description=description, **who),
        as_json,
    )


def resolve(
    ctx: typer.Context,
    ref: str,
    summary: str = typer.Argument(..., help="What was fixed and re-tested."),
    as_json: bool = JSON,
) -> None:
    """Mark the incident resolved (service restored); the report and review clocks start."""
    _act(
        ctx,
        ref,
        "resolve",
        {"summary": summary},
        lambda rt, who: service.resolve(rt, ref=ref, summary=summary, **who),
        as_json,
    )


def communicate(
    ctx: typer.Context,
    ref: str,
    audience: str = typer.Argument(..., help="An audience of the matrix, e.g. customers."),
    summary: str = typer.Argument(None, help="What was said, to whom."),
    waive: str = typer.Option(None, "--waive", help="Waive this communication, with the reason."),
    channel: str = typer.Option("", "--channel", help="e.g. email, status page."),
    as_json: bool = JSON,
) -> None:
    """Record a communication to an audience, or waive it with a reason."""
    if (summary is None) == (waive is None):
        raise InvalidInput("give either a SUMMARY of what was communicated or --waive REASON")
    _act(
        ctx,
        ref,
        "communications",
        {"audience": audience, "summary": summary or "", "waive": waive, "channel": channel},
        lambda rt, who: service.communicate(
            rt, ref=ref, audience=audience, **who, summary=summary or "", waive=waive, channel=channel
        ),
        as_json,
    )


def log(
    ctx: typer.Context,
    ref: str,
    text: str,
    type: str = typer.Option("note", "--type", "-t", help="note, evidence or action_item."),
    owner: str = typer.Option(None, "--owner", help="Owner of an action item."),
    due: str = typer.Option(None, "--due", help="Due date of an action item (YYYY-MM-DD)."),
    link: str = typer.Option(None, "--link", help="Where the evidence is kept."),
    section: str = typer.Option(
        None, "--section", help="went_well or went_wrong: a note the report lists under What Went Well/Wrong."
    ),
    as_json: bool = JSON,
) -> None:
    """Add a note, a piece of evidence or an action item to the incident log."""
    if due is not None:
        try:
            datetime.strptime(due, "%Y-%m-%d")
        except ValueError:
            raise InvalidInput(f"--due {due!r} is not a date", allowed="YYYY-MM-DD") from None
    _act(
        ctx,
        ref,
        "log",
        {"type": type, "text": text, "owner": owner, "due": due, "link": link, "section": section},
        lambda rt, who: service.add_entry(
            rt, ref=ref, type=type, text=text, **who, owner=owner, due=due, link=link, section=section
        ),
        as_json,
    )


def document(
    ctx: typer.Context,
    ref: str,
    link: str = typer.Option(None, "--link", help="Where the finished report lives, if elsewhere."),
    as_json: bool = JSON,
) -> None:
    """Record the post-incident report (generated from the log unless --link names where it lives)."""
    _act(
        ctx,
        ref,
        "report",
        {"link": link},
        lambda rt, who: service.document(rt, ref=ref, **who, location=link),
        as_json,
    )


def close(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """Close the incident from the last stage, once the review is held and communications are done."""
    _act(ctx, ref, "close", {}, lambda rt, who: service.close(rt, ref=ref, **who), as_json)


def reopen(
    ctx: typer.Context,
    ref: str,
    reason: str = typer.Option(..., "--reason"),
    stage: str = typer.Option(None, "--stage", help="Stage to reopen in (default: triage)."),
    as_json: bool = JSON,
) -> None:
    """Reopen a resolved or closed incident."""
    _act(
        ctx,
        ref,
        "reopen",
        {"reason": reason, "stage": stage},
        lambda rt, who: service.reopen(rt, ref=ref, reason=reason, **who, stage=stage),
        as_json,
    )


def demo(ctx: typer.Context) -> None:
    """Run a scripted prompt-injection incident through every stage to close, then show it."""
    cli = state(ctx)
    if cli.client:
        raise InvalidInput("the demo writes to the local store", allowed="run it without --server")
    ref = run_demo(cli.runtime, principal=cli.principal)
    typer.echo(render_incident(view_json(service.get(cli.runtime, ref=ref)), brief=False))
    typer.echo("")
    typer.echo(f"Demo incident {ref} is stored in {cli.runtime.settings.database_url}.")
    typer.echo(
        f"Next: `aicident list`, `aicident show {ref}`, `aicident report show {ref}`, `aicident verify`, "
        "or declare your own with `aicident declare TITLE --category prompt_injection`."
    )


def verify(
    ctx: typer.Context,
    checkpoints: Path = typer.Option(
        None,
        "--checkpoints",
        dir_okay=False,
        exists=True,
        help="Compare with this copy of the signed checkpoints (e.g. the witness's) instead of the local file.",
    ),
    as_json: bool = JSON,
) -> None:
    """Prove that no log entry was edited, inserted or removed, and none lost since the last signed checkpoint."""
    cli = state(ctx)
    if cli.client and checkpoints is not None:
        # The server compares with its own checkpoint file; a witness's copy is compared where it is.
        raise InvalidInput(
            "--checkpoints names a file on this machine, and with --server the server checks against its own file",
            allowed="`aicident verify --checkpoints FILE` without --server, where the database and its key are",
        )
    if cli.client:
        result = cli.client.post("/api/v1/verify")
    else:
        checked, breaks = service.verify(cli.runtime, principal=cli.principal, checkpoint_file=checkpoints)
        result = {
            "incidents_checked": checked,
            "ok": not breaks,
            "breaks": [{"incident": b.ref, "entry": b.seq, "reason": b.reason} for b in breaks],
        }
    if as_json:
        emit_json(result)
    else:
        for b in result["breaks"]:
            typer.echo(f"{b['incident']} entry {b['entry']}: {b['reason']}", err=True)
        typer.echo(
            f"{result['incidents_checked']} incident log(s) checked: "
            + ("all verify" if result["ok"] else f"{len(result['breaks'])} broken")
        )
    if not result["ok"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """The incident commands, on the top-level app."""
    app.command()(declare)
    app.command("list")(list_)
    app.command()(show)
    app.command()(triage)
    app.command()(assign)
    app.command()(advance)
    app.command("escalate", help="Raise the severity (the old and new value, who and why go in the log).")(
        _severity_command("escalate")
    )
    app.command("deescalate", help="Lower the severity (the old and new value, who and why go in the log).")(
        _severity_command("deescalate")
    )
    app.command()(facts)
    app.command()(contain)
    app.command()(diagnose)
    app.command()(resolve)
    app.command()(communicate)
    app.command()(log)
    app.command()(document)
    app.command()(close)
    app.command()(reopen)
    app.command()(demo)
    app.command()(verify)
