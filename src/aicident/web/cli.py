"""`aicident web ...`: what the web UI needs from the command line."""

from __future__ import annotations

import typer

from aicident.auth.model import require_admin
from aicident.console import state
from aicident.web import service

app = typer.Typer(no_args_is_help=True, help="The web UI: optional passwords for signing in.")


@app.command("password")
def password(
    ctx: typer.Context,
    handle: str,
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="Asked for when not given (12 to 1024 characters).",
    ),
) -> None:
    """Set a person's web password (stored as an scrypt hash); their sessions opened with the old one end."""
    cli = state(ctx)
    if handle.strip().lower() != cli.principal.handle:
        require_admin(cli.principal, "set other people's passwords")
    service.set_password(cli.runtime, handle=handle, password=password)
    typer.echo(f"set the web password of {handle.strip().lower()}")
