"""`aicident people ...` and `aicident token ...`."""

from __future__ import annotations

import typer

from aicident.auth import service
from aicident.console import emit_json, state

people = typer.Typer(no_args_is_help=True, help="People who respond, and the plan roles they hold.")
tokens = typer.Typer(no_args_is_help=True, help="API tokens: shown once, stored hashed, revocable, with an expiry.")


@people.command("add")
def add(
    ctx: typer.Context,
    handle: str,
    name: str = typer.Option("", "--name"),
    email: str = typer.Option("", "--email"),
    chat: str = typer.Option("", "--chat", help="Chat handle, e.g. @dana."),
    role: list[str] = typer.Option([], "--role", help="A plan role id; repeatable."),
    admin: bool = typer.Option(False, "--admin", help="May manage people and tokens."),
) -> None:
    """Add a person."""
    cli = state(ctx)
    service.add_person(
        cli.runtime, handle=handle, name=name, email=email, chat=chat, roles=role, admin=admin, principal=cli.principal
    )
    typer.echo(f"added {handle.lower()}" + (f" with roles {', '.join(role)}" if role else ""))


@people.command("roles")
def roles(ctx: typer.Context, handle: str, role: list[str] = typer.Option([], "--role", help="Repeatable.")) -> None:
    """Replace the plan roles a person holds."""
    cli = state(ctx)
    service.set_roles(cli.runtime, handle=handle, roles=role, principal=cli.principal)
    typer.echo(f"{handle.lower()}: {', '.join(role) or 'no roles'}")


@people.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List people."""
    found = service.list_people(state(ctx).runtime)
    if as_json:
        emit_json(found)
        return
    for p in found:
        flags = " (admin)" if p["admin"] else ""
        typer.echo(f"{p['handle']:<20} {p['name']:<24} {', '.join(p['roles']) or '-'}{flags}")


@tokens.command("create")
def create(
    ctx: typer.Context,
    handle: str,
    name: str = typer.Option("", "--name"),
    expires_in_days: int = typer.Option(90, "--expires-in-days", min=1, max=3650),
) -> None:
    """Issue a token for a person; it is printed once."""
    cli = state(ctx)
    issued = service.create_token(
        cli.runtime, handle=handle, name=name, expires_in_days=expires_in_days, principal=cli.principal
    )
    typer.echo(issued.token)
    typer.echo(
        f"token {issued.id} for {issued.handle}, expires {issued.expires_at:%Y-%m-%d}; it is not shown again", err=True
    )


@tokens.command("list")
def list_tokens(
    ctx: typer.Context, handle: str = typer.Option(None, "--handle"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """List tokens (never their secret)."""
    cli = state(ctx)
    found = service.list_tokens(cli.runtime, handle=handle, principal=cli.principal)
    if as_json:
        emit_json(found)
        return
    for t in found:
        typer.echo(f"{t['id']}  {t['handle']:<16} {t['name']:<20} {t['state']:<8} expires {t['expires_at'] or 'never'}")


@tokens.command("revoke")
def revoke(ctx: typer.Context, token_id: str) -> None:
    """Revoke a token."""
    cli = state(ctx)
    service.revoke_token(cli.runtime, token_id=token_id, principal=cli.principal)
    typer.echo(f"revoked {token_id}")
