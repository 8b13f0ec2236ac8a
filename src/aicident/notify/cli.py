"""`aicident outbox ...`: what was sent, what waits, what failed, and retrying it."""

from __future__ import annotations

import typer

from aicident.console import emit_json, state
from aicident.notify import service

outbox = typer.Typer(no_args_is_help=True, help="Outbound messages (email, chat, webhooks, pages) and their delivery.")


@outbox.command("list")
def list_messages(
    ctx: typer.Context,
    state_: str = typer.Option(None, "--state", help="queued, sending, sent, failed or dead."),
    incident: str = typer.Option(None, "--incident"),
    limit: int = typer.Option(100, "--limit", min=1, max=500),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List outbound messages, newest first."""
    cli = state(ctx)
    if cli.client:
        found = cli.client.get("/api/v1/outbox", state=state_, incident=incident, limit=limit)["items"]
    else:
        found = service.messages(cli.runtime, state=state_, incident_ref=incident, limit=limit)
    if as_json:
        emit_json(found)
        return
    if not found:
        typer.echo("No messages.")
    for m in found:
        line = (
            f"{m['id']}  {m['state']:<8} x{m['attempts']:<3} {m['channel']:<12} {m['kind']:<22} "
            f"{m['incident'] or '-':<14} {m['subject']}"
        )
        typer.echo(line + (f"\n    last error: {m['last_error']}" if m["state"] != "sent" and m["last_error"] else ""))


@outbox.command("failures")
def failures(
    ctx: typer.Context,
    incident: str = typer.Option(None, "--incident"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Failing messages grouped by channel and reason, with the ids whose attempts `outbox show` lists."""
    cli = state(ctx)
    groups = (
        cli.client.get("/api/v1/outbox/failures", incident=incident)["groups"]
        if cli.client
        else service.failures(cli.runtime, incident_ref=incident)
    )
    if as_json:
        emit_json(groups)
        return
    if not groups:
        typer.echo("No message is failing.")
    for group in groups:
        typer.echo(group["summary"])
        for message_id in group["message_ids"][:3]:
            typer.echo(f"    aicident outbox show {message_id}")
        if group["messages"] > 3:
            states = " / ".join(f"--state {state}" for state in group["states"])
            typer.echo(f"    and {group['messages'] - 3} more: aicident outbox list {states}")


@outbox.command("show")
def show(ctx: typer.Context, message_id: str) -> None:
    """Show one message with every delivery attempt (JSON)."""
    cli = state(ctx)
    if cli.client:
        emit_json(cli.client.get(f"/api/v1/outbox/{message_id}"))
    else:
        emit_json(service.message(cli.runtime, message_id=message_id))


@outbox.command("retry")
def retry(ctx: typer.Context, message_id: str) -> None:
    """Queue a failed or dead message again (after fixing its channel)."""
    cli = state(ctx)
    if cli.client:
        cli.client.post(f"/api/v1/outbox/{message_id}/retry", {})
    else:
        service.retry(cli.runtime, message_id=message_id, **cli.who)
    typer.echo(f"queued {message_id} again")
