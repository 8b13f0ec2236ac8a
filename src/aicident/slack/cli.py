"""`aicident slack ...`: the app manifest to paste into Slack, and linking people to their Slack users."""

from __future__ import annotations

import typer

from aicident.console import state
from aicident.runtime import plan_in_force
from aicident.settings import Settings
from aicident.slack import service
from aicident.slack.manifest import manifest_yaml

slack = typer.Typer(no_args_is_help=True, help="The Slack app: its manifest, and people's Slack users.")


@slack.command("manifest")
def manifest(
    url: str = typer.Option(
        ..., "--url", help="The address Slack reaches aicident at, e.g. https://aicident.example.com"
    ),
) -> None:
    """Print the app manifest to paste at api.slack.com/apps (Create New App, From an app manifest)."""
    if not url.startswith("https://"):
        typer.echo("warning: Slack sends requests only to https:// addresses", err=True)
    typer.echo(manifest_yaml(plan_in_force(Settings.from_env()).slack, url), nl=False)


@slack.command("link")
def link(ctx: typer.Context, handle: str, slack_id: str) -> None:
    """Link a person to their Slack user (the member id of their Slack profile, e.g. U0123ABCDEF)."""
    done = service.link(state(ctx).runtime, handle=handle, slack_id=slack_id)
    typer.echo(f"{done['handle']} is Slack user {done['slack_id']}")


@slack.command("unlink")
def unlink(ctx: typer.Context, handle: str) -> None:
    """Forget a person's Slack user id (they are found by their email again, if their Slack profile has it)."""
    done = service.link(state(ctx).runtime, handle=handle, slack_id=None)
    typer.echo(f"{done['handle']} has no Slack user id")
