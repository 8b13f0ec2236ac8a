"""`aicident comms ...`: obligations, drafts, approvals and sending; `aicident customers ...`; `aicident clock`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from aicident.comms import service
from aicident.console import emit_json, state
from aicident.errors import InvalidInput
from aicident.plan.schema import CLOCK_EVENTS

comms = typer.Typer(no_args_is_help=True, help="Communications: obligations, drafts, approvals, sending.")
customers = typer.Typer(no_args_is_help=True, help="Customers affected by an incident (recipients of notices).")
JSON = typer.Option(False, "--json", help="Print JSON.")


def _print_draft(draft: dict, as_json: bool) -> None:
    if as_json:
        emit_json(draft)
        return
    approvals = ", ".join(f"{a['role']} by {a['person']} (v{a['version']})" for a in draft["approvals"]) or "none"
    typer.echo(f"{draft['id']}  {draft['obligation']}  v{draft['version']}  {draft['state']}  approvals: {approvals}")
    for slot in draft.get("slots") or []:
        where = {"person": "by a person", "organisation": f"[organisation] {slot['key']}"}.get(
            slot["source"], f"incident {slot['key']}"
        )
        typer.echo(f"  slot {slot['name']:<18} {slot['state']:<9} {slot['prompt']}  ({where})")
    unfinished = draft.get("unfinished")
    if unfinished and unfinished["prompts"]:
        typer.echo("  other prompts left: " + ", ".join(unfinished["prompts"]))
    typer.echo(f"Subject: {draft['subject']}\n\n{draft['body']}")


@comms.command("obligations")
def obligations(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """What must be told to whom by when, with drafts and delivery state."""
    cli = state(ctx)
    view = (
        cli.client.get(f"/api/v1/incidents/{ref}/obligations")
        if cli.client
        else service.obligations_view(cli.runtime, ref=ref)
    )
    if as_json:
        emit_json(view)
        return
    if not view["obligations"]:
        typer.echo(f"{ref} owes no communication yet (set a severity and the facts).")
    for o in view["obligations"]:
        due = f"due {o['due_at']}" if o["due_at"] else o["label"]
        approvers = f" approvers: {', '.join(o['approvers'])}" if o["approvers"] else ""
        typer.echo(f"{o['key']:<34} {o.get('status') or o['state']:<8} {due}  {o['title']}{approvers}")
        if o.get("target") and o.get("target_at"):
            typer.echo(f"    our target {o['target_at']} ({o['target']})")
        if o.get("basis"):
            typer.echo(f"    basis: {o['basis']}")
        for d in o["drafts"]:
            typer.echo(f"    draft {d['id']} v{d['version']} {d['state']}: {d['subject']}")
        for m in o["deliveries"]:
            typer.echo(f"    message {m['id']} {m['state']} via {m['channel']}")


@comms.command("draft")
def draft(
    ctx: typer.Context,
    ref: str,
    obligation: str = typer.Argument(..., help="e.g. customers, clock:gdpr_art33"),
    as_json: bool = JSON,
) -> None:
    """Draft a communication for an obligation from the plan's template."""
    cli = state(ctx)
    found = (
        cli.client.post(f"/api/v1/incidents/{ref}/drafts", {"obligation": obligation})
        if cli.client
        else service.create_draft(cli.runtime, ref=ref, obligation=obligation, **cli.who)
    )
    _print_draft(found, as_json)


@comms.command("show")
def show(ctx: typer.Context, ref: str, draft_id: str, as_json: bool = JSON) -> None:
    """Show a draft's current text and approvals."""
    cli = state(ctx)
    found = (
        cli.client.get(f"/api/v1/incidents/{ref}/drafts/{draft_id}")
        if cli.client
        else service.get_draft(cli.runtime, ref=ref, draft_id=draft_id)
    )
    _print_draft(found, as_json)


@comms.command("edit")
def edit(
    ctx: typer.Context,
    ref: str,
    draft_id: str,
    version: int = typer.Option(..., "--version", help="The version you edited (see `comms show`)."),
    subject: str = typer.Option(None, "--subject"),
    body_file: Path = typer.Option(None, "--body-file", help="A file with the new body ('-': stdin)."),
    as_json: bool = JSON,
) -> None:
    """Save a new version of a draft."""
    cli = state(ctx)
    current = (
        cli.client.get(f"/api/v1/incidents/{ref}/drafts/{draft_id}")
        if cli.client
        else service.get_draft(cli.runtime, ref=ref, draft_id=draft_id)
    )
    if body_file is not None:
        body = typer.get_text_stream("stdin").read() if str(body_file) == "-" else body_file.read_text("utf-8")
    else:
        body = current["body"]
    if subject is None and body_file is None:
        raise InvalidInput("nothing to change", allowed="--subject and/or --body-file")
    changes: dict[str, Any] = {"version": version, "subject": subject or current["subject"], "body": body}
    found = (
        cli.client.request("PUT", f"/api/v1/incidents/{ref}/drafts/{draft_id}", changes)
        if cli.client
        else service.edit_draft(cli.runtime, ref=ref, draft_id=draft_id, **cli.who, **changes)
    )
    _print_draft(found, as_json)


@comms.command("fill")
def fill(
    ctx: typer.Context,
    ref: str,
    draft_id: str,
    version: int = typer.Option(..., "--version", help="The version you filled (see `comms show`)."),
    slot: list[str] = typer.Option(
        [], "--slot", help="NAME=TEXT, e.g. customer_actions='No action is needed.'; repeatable."
    ),
    as_json: bool = JSON,
) -> None:
    """Fill slots of a draft (a new version); without --slot, fill it again from the incident and the plan."""
    values = {}
    for item in slot:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--slot {item!r} names no slot", allowed="--slot NAME=TEXT")
        values[name.strip()] = text
    cli = state(ctx)
    found = (
        cli.client.post(f"/api/v1/incidents/{ref}/drafts/{draft_id}/slots", {"version": version, "values": values})
        if cli.client
        else service.fill_draft(
            cli.runtime, ref=ref, draft_id=draft_id, version=version, values=values, actor=cli.actor
        )
    )
    _print_draft(found, as_json)


@comms.command("preview")
def preview(ctx: typer.Context, ref: str, draft_id: str, as_json: bool = JSON) -> None:
    """Show exactly what each recipient would get if the draft were sent now."""
    cli = state(ctx)
    found = (
        cli.client.get(f"/api/v1/incidents/{ref}/drafts/{draft_id}/preview")
        if cli.client
        else service.preview(cli.runtime, ref=ref, draft_id=draft_id)
    )
    if as_json:
        emit_json(found)
        return
    if not found["finished"]:
        left = [s["name"] for s in found["unfinished"]["slots"]] + found["unfinished"]["prompts"]
        typer.echo(f"{draft_id} v{found['version']} is not finished, and cannot be sent: {', '.join(left)}")
    shown = len(found["messages"])
    typer.echo(f"{found['total']} message(s)" + (f"; the first {shown}:" if shown < found["total"] else ":"))
    for message in found["messages"]:
        typer.echo(f"\n--- {message['channel']} ({message['type']}) {message['id']}")
        if message["from"]:
            typer.echo(f"From: {message['from']}")
        if message["to"]:
            typer.echo(f"To: {', '.join(message['to'])}")
        typer.echo(f"Subject: {message['subject']}\n\n{message['text']}")


@comms.command("approve")
def approve(
    ctx: typer.Context,
    ref: str,
    draft_id: str,
    version: int = typer.Option(..., "--version", help="The version whose text you approve."),
    role: str = typer.Option(None, "--role", help="The approver role, if you hold several."),
    as_json: bool = JSON,
) -> None:
    """Approve the exact text of one version of a draft."""
    cli = state(ctx)
    found = (
        cli.client.post(f"/api/v1/incidents/{ref}/drafts/{draft_id}/approvals", {"version": version, "role": role})
        if cli.client
        else service.approve(cli.runtime, ref=ref, draft_id=draft_id, version=version, role=role, **cli.who)
    )
    _print_draft(found, as_json)


@comms.command("send")
def send(ctx: typer.Context, ref: str, draft_id: str, as_json: bool = JSON) -> None:
    """Send an approved draft through the outbox."""
    cli = state(ctx)
    found = (
        cli.client.post(f"/api/v1/incidents/{ref}/drafts/{draft_id}/send")
        if cli.client
        else service.send(cli.runtime, ref=ref, draft_id=draft_id, **cli.who)
    )
    if as_json:
        emit_json(found)
        return
    typer.echo(
        f"{found['id']} v{found['sent_version']} sent: {len(found['queued'])} message(s) queued; "
        "its obligation is met once every one is delivered"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(comms, name="comms")
    app.add_typer(customers, name="customers")

    @app.command("clock")
    def clock(
        ctx: typer.Context,
        ref: str,
        event: str = typer.Argument(..., help="One of: " + ", ".join(CLOCK_EVENTS)),
        at: str = typer.Option(None, "--at", help="ISO time it happened (default: now)."),
        reason: str = typer.Option("", "--reason"),
        as_json: bool = JSON,
    ) -> None:
        """Record when an event that starts regulatory clocks happened."""
        cli = state(ctx)
        when = datetime.fromisoformat(at) if at else None
        if when is not None and when.tzinfo is None:
            raise InvalidInput(f"--at {at!r} has no time zone", allowed="an ISO time with offset, e.g. ...T09:00+01:00")
        if cli.client:
            view = cli.client.post(
                f"/api/v1/incidents/{ref}/clock-events",
                {"event": event, "at": when.isoformat() if when else None, "reason": reason},
            )
        else:
            service.record_clock_event(cli.runtime, ref=ref, event=event, at=when, reason=reason, **cli.who)
            view = service.obligations_view(cli.runtime, ref=ref)
        if as_json:
            emit_json(view)
        else:
            typer.echo(f"{ref}: {event} recorded; {len(view['obligations'])} obligation(s)")


@customers.command("import")
def import_(
    ctx: typer.Context,
    ref: str,
    csv_file: Path = typer.Argument(..., help="CSV with an email column (and name, id)"),
    as_json: bool = JSON,
) -> None:
    """Record the customers an incident affected (idempotent by email)."""
    cli = state(ctx)
    rows = service.parse_customers_csv(csv_file.read_text("utf-8-sig"))
    found = (
        cli.client.post(
            f"/api/v1/incidents/{ref}/customers",
            {
                "customers": [
                    {"email": r.get("email", ""), "name": r.get("name", ""), "id": r.get("id", "")} for r in rows
                ]
            },
        )
        if cli.client
        else service.import_customers(cli.runtime, ref=ref, rows=rows, **cli.who)
    )
    if as_json:
        emit_json(found)
    else:
        typer.echo(f"{ref}: {found['added']} customer(s) added, {found['total']} in all")


@customers.command("list")
def list_(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """The customers recorded as affected."""
    cli = state(ctx)
    found = (
        cli.client.get(f"/api/v1/incidents/{ref}/customers")
        if cli.client
        else service.list_customers(cli.runtime, ref=ref)
    )
    if as_json:
        emit_json(found)
        return
    for c in found:
        typer.echo(f"{c['email']:<40} {c['name']:<30} {c['id']}")
