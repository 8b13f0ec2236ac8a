"""The root command. Each package adds its own sub-commands; errors become one line and a non-zero exit."""

from __future__ import annotations

import sys

import typer

from aicident import serve
from aicident.auth.cli import people, tokens
from aicident.comms.cli import register as register_comms
from aicident.console import CliState, error_lines
from aicident.containment.cli import controls
from aicident.detectors.cli import register as register_detectors
from aicident.errors import AicidentError
from aicident.incidents.cli import register as register_incidents
from aicident.notify.cli import outbox
from aicident.plan_cli import app as plan_app
from aicident.reports.cli import register as register_reports
from aicident.signals.cli import integrations, signals
from aicident.slack.cli import slack
from aicident.web.cli import app as web_app

app = typer.Typer(
    name="aicident",
    help="Run an AI incident response plan: declare, triage, contain, diagnose, remediate, communicate, "
    "document and learn.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    actor: str = typer.Option(
        None,
        "--as",
        help="Who is acting, as recorded in the incident log "
        "(default: $AICIDENT_ACTOR or your login name). Local store only.",
    ),
    server: str = typer.Option(
        None,
        "--server",
        envvar="AICIDENT_SERVER",
        help="Talk to a running aicident server (e.g. http://127.0.0.1:8000) instead of the local database.",
    ),
    token: str = typer.Option(None, "--token", envvar="AICIDENT_TOKEN", help="API token for --server."),
) -> None:
    ctx.obj = CliState(actor_override=actor, server=server, token=token)


register_incidents(app)
app.add_typer(plan_app, name="plan", help="Show the plan in force or check a plan file.")
app.add_typer(people, name="people")
app.add_typer(tokens, name="token")
app.add_typer(integrations, name="integration")
app.add_typer(signals, name="signals")
app.add_typer(outbox, name="outbox")
app.add_typer(web_app, name="web")
app.add_typer(controls, name="controls")
app.add_typer(slack, name="slack")
serve.register(app)
register_detectors(app)
register_reports(app)
register_comms(app)


def main() -> None:
    try:
        app()
    except AicidentError as error:
        typer.echo("\n".join(error_lines(error)), err=True)
        sys.exit(1)
