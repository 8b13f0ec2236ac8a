"""`aicident plan show` and `aicident plan check` (outside plan/, which stays pure)."""

from __future__ import annotations

from pathlib import Path

import typer

from aicident.console import state
from aicident.errors import PlanInvalid
from aicident.plan.loader import FORMATS, dump_plan, load_plan_file, plan_version
from aicident.plan.schema import Plan
from aicident.runtime import plan_in_force
from aicident.settings import Settings

app = typer.Typer(no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context, format: str = typer.Option("toml", "--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
) -> None:
    """Print the plan in force (the default plan, $AICIDENT_PLAN, or the server's with --server)."""
    if format not in FORMATS:
        raise typer.BadParameter(
            f"{format!r} is not a plan format; allowed: {', '.join(FORMATS)}", param_hint="--format"
        )
    client = state(ctx).client
    plan = Plan.model_validate(client.get("/api/v1/plan")["plan"]) if client else plan_in_force(Settings.from_env())
    typer.echo(dump_plan(plan, format), nl=False)


@app.command("check")
def check(file: Path = typer.Argument(..., help="A plan file: .toml, .yaml, .yml or .json.")) -> None:
    """Validate a plan file; print every problem with its key path and line, exit 1 if there are any."""
    try:
        plan = load_plan_file(file)
    except PlanInvalid as error:
        for problem in error.problems:
            typer.echo(problem.render(str(file)), err=True)
        typer.echo(f"{file}: {len(error.problems)} problem(s); the plan is not valid", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{file}: valid ({len(plan.roles)} roles, {len(plan.categories)} categories, "
        f"{len(plan.severities)} severities, {len(plan.stages)} stages; version {plan_version(plan)})"
    )
