"""`aicident integration ...` and `aicident signals ...` (the inbox)."""

from __future__ import annotations

import typer

from aicident.console import emit_json, state
from aicident.signals import service

integrations = typer.Typer(no_args_is_help=True, help="Monitoring integrations that deliver signals.")
signals = typer.Typer(no_args_is_help=True, help="Signals and the inbox of signals held for triage.")


@integrations.command("add")
def add(
    ctx: typer.Context,
    name: str,
    format: str = typer.Option(..., "--format", help="alertmanager, grafana, pagerduty or cloudevents."),
    rate_per_minute: int = typer.Option(service.DEFAULT_RATE_PER_MINUTE, "--rate-per-minute", min=1),
) -> None:
    """Add an integration and print its secret (once)."""
    cli = state(ctx)
    secret = service.add_integration(
        cli.runtime, name=name, format=format, rate_per_minute=rate_per_minute, principal=cli.principal
    )
    typer.echo(secret)
    if format == "pagerduty":
        hint = "use it as the routing_key of events POSTed to /v2/enqueue"
    else:
        hint = (
            f"POST to /api/v1/integrations/{name.lower()}/signals with `Authorization: Bearer <secret>`, "
            "or to /api/v1/hooks/<secret>"
        )
    typer.echo(f"secret of integration {name.lower()} ({format}); {hint}. It is not shown again.", err=True)


@integrations.command("rotate")
def rotate(
    ctx: typer.Context,
    name: str,
    grace: str = typer.Option("24 hours", "--grace", help="How long the current secret keeps working."),
) -> None:
    """Give an integration a new secret (printed once); the old one keeps working for the grace period."""
    cli = state(ctx)
    done = service.rotate_integration(cli.runtime, name=name, grace=service.grace_of(grace), principal=cli.principal)
    typer.echo(done["secret"])
    until = done["previous_secret_until"]
    typer.echo(
        f"new secret of integration {done['name']}; the old one "
        + (f"works until {until}." if until else "stopped working.")
        + " It is not shown again.",
        err=True,
    )


@integrations.command("disable")
def disable(ctx: typer.Context, name: str) -> None:
    """Refuse an integration's deliveries (401) until it is enabled again."""
    cli = state(ctx)
    service.set_integration_enabled(cli.runtime, name=name, enabled=False, principal=cli.principal)
    typer.echo(f"disabled integration {name.strip().lower()}")


@integrations.command("enable")
def enable(ctx: typer.Context, name: str) -> None:
    """Take an integration's deliveries again."""
    cli = state(ctx)
    service.set_integration_enabled(cli.runtime, name=name, enabled=True, principal=cli.principal)
    typer.echo(f"enabled integration {name.strip().lower()}")


@integrations.command("delete")
def delete(ctx: typer.Context, name: str) -> None:
    """Delete an integration: its secrets stop working at once; its signals stay."""
    cli = state(ctx)
    service.delete_integration(cli.runtime, name=name, principal=cli.principal)
    typer.echo(f"deleted integration {name.strip().lower()}")


@integrations.command("list")
def list_integrations(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List integrations."""
    found = service.list_integrations(state(ctx).runtime)
    if as_json:
        emit_json(found)
        return
    for i in found:
        notes = [note for note in ("disabled" if i["disabled"] else "",) if note]
        if i["previous_secret_until"]:
            notes.append(f"old secret works until {i['previous_secret_until']}")
        typer.echo(
            f"{i['name']:<24} {i['format']:<14} {i['rate_per_minute']}/min"
            + (f" ({'; '.join(notes)})" if notes else "")
        )


@signals.command("list")
def list_signals(
    ctx: typer.Context,
    inbox: str = typer.Option(None, "--inbox", help="held, attached, dismissed."),
    incident: str = typer.Option(None, "--incident"),
    status: str = typer.Option(None, "--status"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List signals, newest first (`--inbox held` for the ones waiting for a person)."""
    cli = state(ctx)
    if cli.client:
        found = cli.client.get("/api/v1/signals", inbox=inbox, incident=incident, status=status, limit=500)["items"]
    else:
        found = service.list_signals(cli.runtime, inbox=inbox, ref=incident, status=status)
    if as_json:
        emit_json(found)
        return
    if not found:
        typer.echo("No signals.")
    for s in found:
        typer.echo(
            f"{s['id']}  {s['inbox']:<9} {s['status']:<12} x{s['occurrences']:<4} {s['integration']:<16} "
            f"{s['incident'] or '-':<14} {s['title']}"
        )


@signals.command("attach")
def attach(ctx: typer.Context, signal_id: str, ref: str) -> None:
    """Attach a held signal to an incident."""
    cli = state(ctx)
    if cli.client:
        ref = cli.client.post(f"/api/v1/signals/{signal_id}/attach", {"incident": ref})["incident"]
    else:
        ref = service.attach(cli.runtime, signal_id=signal_id, ref=ref, **cli.who)
    typer.echo(f"attached to {ref}")


@signals.command("declare")
def declare(
    ctx: typer.Context,
    signal_id: str,
    category: str = typer.Option(..., "--category"),
    severity: str = typer.Option(None, "--severity"),
    title: str = typer.Option(None, "--title"),
) -> None:
    """Declare an incident from a held signal."""
    cli = state(ctx)
    if cli.client:
        ref = cli.client.post(
            f"/api/v1/signals/{signal_id}/declare", {"category": category, "severity": severity, "title": title}
        )["incident"]
    else:
        ref = service.declare_from(
            cli.runtime, signal_id=signal_id, category=category, severity=severity, title=title, **cli.who
        )
    typer.echo(f"declared {ref}")


@signals.command("dismiss")
def dismiss(ctx: typer.Context, signal_id: str, reason: str = typer.Option(..., "--reason")) -> None:
    """Dismiss a held signal, with the reason."""
    cli = state(ctx)
    if cli.client:
        cli.client.post(f"/api/v1/signals/{signal_id}/dismiss", {"reason": reason})
    else:
        service.dismiss(cli.runtime, signal_id=signal_id, reason=reason, **cli.who)
    typer.echo(f"dismissed {signal_id}")
