"""`aicident serve`: the HTTP service on the embedded store (or PostgreSQL), with its workers in-process."""

from __future__ import annotations

import gc
import importlib.util
import signal
import threading
from pathlib import Path

import typer

from aicident.auth import service as auth
from aicident.console import state
from aicident.errors import InvalidInput
from aicident.logs import configure_logging
from aicident.workers import run_workers


def event_loop_and_parser() -> tuple[str, str]:
    """uvicorn's `loop` and `http`: uvloop and httptools (C extensions, less CPU per request) when they import,
    asyncio and h11 (pure Python) otherwise. Both pairs serve HTTPS alike."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return loop, http


def uvicorn_options(
    *,
    host: str,
    port: int,
    log_level: str = "info",
    ssl_certfile: Path | None = None,
    ssl_keyfile: Path | None = None,
    forwarded_allow_ips: str | None = None,
) -> dict:
    """How `aicident serve` runs uvicorn (the benchmarks run their yardstick app the same way)."""
    loop, http = event_loop_and_parser()
    return {
        "host": host,
        "port": port,
        "loop": loop,
        "http": http,
        "log_config": None,
        "access_log": False,  # RequestLog logs each request, with hook secrets masked
        "log_level": log_level.lower(),
        "timeout_graceful_shutdown": 3,  # controls streams never end by themselves; SDKs reconnect elsewhere
        "ssl_certfile": str(ssl_certfile) if ssl_certfile else None,
        "ssl_keyfile": str(ssl_keyfile) if ssl_keyfile else None,
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise: any local process could then pick the
        # client address that rate limits key on. Trust only the proxies named.
        "proxy_headers": bool(forwarded_allow_ips),
        "forwarded_allow_ips": forwarded_allow_ips or "",
    }


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        ctx: typer.Context,
        interval: float = typer.Option(2.0, "--interval", min=0.1, help="Seconds between polls."),
        log_level: str = typer.Option("info", "--log-level"),
    ) -> None:
        """Run the background workers alone (several may run at once against PostgreSQL)."""
        runtime = state(ctx).runtime
        configure_logging(log_level.upper())
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        typer.echo(f"aicident worker polling {runtime.settings.database_url} every {interval} s; stop with Ctrl-C")
        run_workers(runtime, stop, interval=interval)

    @app.command()
    def serve(
        ctx: typer.Context,
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535),
        log_level: str = typer.Option("info", "--log-level"),
        workers: bool = typer.Option(
            True,
            "--workers/--no-workers",
            help="Run the background workers in this process (default) or not, "
            "when separate `aicident worker` processes do it.",
        ),
        ssl_certfile: Path = typer.Option(
            None, "--ssl-certfile", help="Serve HTTPS with this PEM certificate (chain) file.", dir_okay=False
        ),
        ssl_keyfile: Path = typer.Option(None, "--ssl-keyfile", help="The certificate's PEM key file.", dir_okay=False),
        forwarded_allow_ips: str = typer.Option(
            None,
            "--forwarded-allow-ips",
            help="Comma-separated addresses or networks of the reverse proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto to trust (as uvicorn's option of the name; '*' trusts any peer). Default: none, so "
            "the client address is the connection's peer.",
        ),
    ) -> None:
        """Start the HTTP service (migrates the database first)."""
        if (ssl_certfile is None) != (ssl_keyfile is None):
            raise InvalidInput("HTTPS needs both --ssl-certfile and --ssl-keyfile", allowed="both, or neither")
        for given in (ssl_certfile, ssl_keyfile):
            if given is not None and not given.is_file():
                raise InvalidInput(f"{str(given)!r} is not a file", allowed="a PEM file")
        runtime = state(ctx).runtime
        configure_logging(log_level.upper())
        first = auth.ensure_first_admin(runtime)
        base = f"{'https' if ssl_certfile else 'http'}://{host}:{port}"
        typer.echo(f"aicident is serving {runtime.settings.database_url}")
        typer.echo(f"  web UI:   {base}/   (sign in with a personal token)")
        typer.echo(f"  API:      {base}/api/v1   (OpenAPI: {base}/openapi.json, docs: {base}/docs)")
        typer.echo(f"  health:   {base}/healthz  {base}/readyz  {base}/metrics")
        if first is not None:
            typer.echo("")
            typer.echo("First start: created the administrator 'admin' (holds every plan role). Its token, shown once:")
            typer.echo(f"  {first.token}")
            typer.echo(f'  In the browser: open {base}/ and paste it into "Personal token".')
            typer.echo(f"  export AICIDENT_TOKEN={first.token}")
            typer.echo(f'  curl -H "Authorization: Bearer $AICIDENT_TOKEN" {base}/api/v1/incidents')
            typer.echo("Add people with `aicident people add HANDLE --role ROLE` and `aicident token create HANDLE`.")
        typer.echo("Sample data: `./scripts/start demo` (or `aicident demo`) in another terminal. Stop with Ctrl-C.")
        # The web stack is imported only by the command that serves: every other command starts twice as fast.
        import uvicorn

        from aicident.app import create_app

        app = create_app(runtime, workers=workers)
        # What is loaded by now (modules, the plan, the app) lives as long as the process: out of the collector's
        # sight, a full collection no longer walks it (each took tens of milliseconds on the ingest path).
        gc.collect()
        gc.freeze()
        uvicorn.run(
            app,
            **uvicorn_options(
                host=host,
                port=port,
                log_level=log_level,
                ssl_certfile=ssl_certfile,
                ssl_keyfile=ssl_keyfile,
                forwarded_allow_ips=forwarded_allow_ips,
            ),
        )
