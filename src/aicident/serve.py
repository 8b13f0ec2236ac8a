"""`aicident serve`: the HTTP service on the embedded store (or PostgreSQL), with its workers in-process."""

from __future__ import annotations

import typer
import uvicorn

from aicident.app import configure_logging, create_app
from aicident.auth import service as auth
from aicident.console import state


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(ctx: typer.Context,
              host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
              port: int = typer.Option(8000, "--port", min=1, max=65535),
              log_level: str = typer.Option("info", "--log-level")) -> None:
        """Start the HTTP service (migrates the database first)."""
        runtime = state(ctx).runtime
        configure_logging(log_level.upper())
        first = auth.ensure_first_admin(runtime)
        base = f"http://{host}:{port}"
        typer.echo(f"aicident is serving {runtime.settings.database_url}")
        typer.echo(f"  API:      {base}/api/v1   (OpenAPI: {base}/openapi.json, docs: {base}/docs)")
        typer.echo(f"  health:   {base}/healthz  {base}/readyz  {base}/metrics")
        if first is not None:
            typer.echo("")
            typer.echo("First start: created the administrator 'admin' (holds every plan role). Its token, shown once:")
            typer.echo(f"  {first.token}")
            typer.echo(f"  export AICIDENT_TOKEN={first.token}")
            typer.echo(f'  curl -H "Authorization: Bearer $AICIDENT_TOKEN" {base}/api/v1/incidents')
            typer.echo("Add people with `aicident people add HANDLE --role ROLE` and `aicident token create HANDLE`.")
        typer.echo("Sample data: `aicident demo` (in another terminal). Stop with Ctrl-C.")
        uvicorn.run(create_app(runtime), host=host, port=port, log_config=None, access_log=False,
                    log_level=log_level.lower())
