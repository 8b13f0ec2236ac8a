"""`aicident controls ...`: the kill switch, rollback, throttle and the rest, from the terminal."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import typer

from aicident.console import emit_json, state
from aicident.containment import service
from aicident.errors import InvalidInput
from aicident.plan.schema import Feature

controls = typer.Typer(
    no_args_is_help=True,
    help="Controls of AI features: kill switch, pinned model, throttle, "
    "fallback routes, guard modes, tools; approvals and history.",
)


def _outcome(result: dict) -> None:
    change = result.get("change")
    if change is None:
        typer.echo("unchanged: the controls were already so")
    elif change["state"] == "pending":
        typer.echo(f"pending approval by a second person: change {change['id']}")
    else:
        typer.echo(f"{change['state']}: change {change['id']}")


def _change(
    ctx: typer.Context, feature: str, changes: dict, reason: str, incident: str | None, expires: int | None
) -> None:
    cli = state(ctx)
    if cli.client:
        body = {"changes": changes, "reason": reason, "incident": incident, "expires_in_seconds": expires}
        result = cli.client.post(f"/api/v1/controls/{feature}/changes", body)
    else:
        result = service.change(
            cli.runtime,
            feature=feature,
            changes=changes,
            reason=reason,
            incident=incident,
            **cli.who,
            expires_in=timedelta(seconds=expires) if expires else None,
        ).to_json()
    _outcome(result)


REASON = typer.Option(..., "--reason", help="Why: recorded in the audit log and the incident log.")
INCIDENT = typer.Option(None, "--incident", help="The incident this change is made from (logged there).")
EXPIRES = typer.Option(None, "--expires", min=1, help="Revert by itself after this many seconds.")


@controls.command("list")
def list_controls(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Every feature's controls."""
    cli = state(ctx)
    found = cli.client.get("/api/v1/controls") if cli.client else service.snapshot(cli.runtime).to_json()
    if as_json:
        emit_json(found)
        return
    if not found["features"]:
        typer.echo("No AI features. Add one to the plan's [[features]] or with `aicident controls register`.")
    for name, c in found["features"].items():
        typer.echo(
            f"{name:<24} {'ON ' if c['enabled'] else 'OFF'} model={c['model'] or '-'} "
            f"rate={c['rate_per_second'] or '-'}/s user_rate={c['user_rate_per_second'] or '-'}/s "
            f"guard={c['guard_input']}/{c['guard_output']} fail={c['fail_mode']}"
            + (f" tools_off={','.join(c['disabled_tools'])}" if c["disabled_tools"] else "")
        )


@controls.command("register")
def register(
    ctx: typer.Context,
    name: str,
    customer_facing: bool = typer.Option(False, "--customer-facing"),
    fail_mode: str = typer.Option("open", "--fail-mode", help="open or closed"),
    fallback: str = typer.Option("", "--fallback", help="The response served while the feature is off."),
    model: str = typer.Option(None, "--model", help="The model it uses by default."),
) -> None:
    """Register an AI feature (an existing one is left as it is)."""
    cli = state(ctx)
    feature = Feature.model_validate(  # validated as the plan's features are: fail_mode is open or closed
        {
            "name": name,
            "customer_facing": customer_facing,
            "fail_mode": fail_mode,
            "fallback_response": fallback,
            "default_model": model,
        }
    )
    if cli.client:
        cli.client.post("/api/v1/features", feature.model_dump())
    else:
        service.register_feature(cli.runtime, feature=feature, **cli.who)
    typer.echo(f"registered {name}")


@controls.command("disable")
def disable(
    ctx: typer.Context, feature: str, reason: str = REASON, incident: str = INCIDENT, expires: int = EXPIRES
) -> None:
    """Switch a feature off (the kill switch): its application serves the fallback response."""
    _change(ctx, feature, {"enabled": False}, reason, incident, expires)


@controls.command("enable")
def enable(ctx: typer.Context, feature: str, reason: str = REASON, incident: str = INCIDENT) -> None:
    """Switch a feature back on."""
    _change(ctx, feature, {"enabled": True}, reason, incident, None)


@controls.command("set")
def set_controls(
    ctx: typer.Context,
    feature: str,
    values: list[str] = typer.Argument(
        ..., help='FIELD=VALUE, VALUE as JSON (null, 5, ["a"]) or text: model=vendor/model-1 rate_per_second=5'
    ),
    reason: str = REASON,
    incident: str = INCIDENT,
    expires: int = EXPIRES,
) -> None:
    """Set controls: model, model_version, rate_per_second, user_rate_per_second, routes, guard_input,
    guard_output, disabled_tools, fallback_response, fail_mode, enabled."""
    changes: dict[str, object] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep:
            raise InvalidInput(f"{item!r} is not FIELD=VALUE", allowed="e.g. rate_per_second=5")
        try:
            changes[name.strip()] = json.loads(raw)
        except ValueError:
            changes[name.strip()] = raw
    _change(ctx, feature, changes, reason, incident, expires)


@controls.command("restore")
def restore(
    ctx: typer.Context,
    feature: str,
    incident: str = typer.Option(..., "--incident", help="The incident that changed the feature (logged there)."),
    reason: str = typer.Option("", "--reason"),
    from_incident: str = typer.Option(None, "--from", help="The incident you restore it from, if another one."),
) -> None:
    """Return a feature to its controls before the incident (also after the incident is closed)."""
    cli = state(ctx)
    if cli.client:
        body = {"incident": incident, "reason": reason, "from_incident": from_incident}
        result = cli.client.post(f"/api/v1/controls/{feature}/restore", body)
    else:
        result = service.restore(
            cli.runtime, feature=feature, incident=incident, reason=reason, from_incident=from_incident, **cli.who
        ).to_json()
    typer.echo("restored" if result["change"] else "already as before the incident")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--review {value!r} is not a date", allowed="YYYY-MM-DD, e.g. 2027-01-15") from None


@controls.command("keep")
def keep(
    ctx: typer.Context,
    feature: str,
    incident: str = typer.Option(..., "--incident", help="The incident that changed the feature."),
    reason: str = typer.Option(..., "--reason", help="Why it stays in force after the incident."),
    owner: str = typer.Option(..., "--owner", help="The registered person who owns it from now on."),
    review: str = typer.Option(..., "--review", help="When to look at it again (YYYY-MM-DD, after today)."),
) -> None:
    """Keep a control changed from an incident in force after it (the incident may then resolve and close)."""
    cli = state(ctx)
    if cli.client:
        body = {"incident": incident, "reason": reason, "owner": owner, "review_on": review}
        result = cli.client.post(f"/api/v1/controls/{feature}/keep", body)
    else:
        result = service.keep(
            cli.runtime,
            feature=feature,
            incident=incident,
            reason=reason,
            owner=owner,
            review_on=_day(review),
            **cli.who,
        ).to_json()
    kept = result["kept"]
    typer.echo(f"kept in force: {result['described']} (owner {kept['owner']}, review on {kept['review_on']})")


@controls.command("in-force")
def in_force(
    ctx: typer.Context,
    incident: str = typer.Option(None, "--incident", help="Only what this incident changed."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Control changes in force now, with the incident that made each (and whether it was kept on purpose)."""
    cli = state(ctx)
    if cli.client:
        found = cli.client.get("/api/v1/controls-in-force", incident=incident)
    else:
        found = [f.to_json() for f in service.in_force(cli.runtime, incident=incident)]
    if as_json:
        emit_json(found)
        return
    if not found:
        typer.echo("No control change is in force.")
    for f in found:
        kept = f["kept"]
        how = (
            f"kept: owner {kept['owner']}, review on {kept['review_on']}"
            if kept
            else ("to restore or keep" if f["unsettled"] else "")
        )
        origin = f"{f['incident']} ({f['incident_status']})" if f["incident"] else "no incident"
        typer.echo(f"{f['since'][:16]} {origin:<24} {f['described']}" + (f"  [{how}]" if how else ""))


@controls.command("approve")
def approve(ctx: typer.Context, change_id: str) -> None:
    """Approve a pending change (as a second person)."""
    cli = state(ctx)
    if cli.client:
        result = cli.client.post(f"/api/v1/control-changes/{change_id}/approve")
    else:
        result = service.decide(cli.runtime, change_id=change_id, approve=True, **cli.who).to_json()
    _outcome(result)


@controls.command("reject")
def reject(ctx: typer.Context, change_id: str) -> None:
    """Reject a pending change."""
    cli = state(ctx)
    if cli.client:
        result = cli.client.post(f"/api/v1/control-changes/{change_id}/reject")
    else:
        result = service.decide(cli.runtime, change_id=change_id, approve=False, **cli.who).to_json()
    _outcome(result)


@controls.command("history")
def history(
    ctx: typer.Context,
    feature: str = typer.Option(None, "--feature"),
    incident: str = typer.Option(None, "--incident"),
    state_: str = typer.Option(None, "--state"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Control changes, newest first."""
    cli = state(ctx)
    if cli.client:
        found = cli.client.get("/api/v1/control-changes", feature=feature, incident=incident, state=state_)
    else:
        found = [c.to_json() for c in service.history(cli.runtime, feature=feature, incident=incident, state=state_)]
    if as_json:
        emit_json(found)
        return
    if not found:
        typer.echo("No control changes.")
    for c in found:
        typer.echo(
            f"{c['requested_at'][:19]} {c['id']} {c['state']:<8} {c['feature']:<20} "
            f"{','.join(c['actions']):<16} by {c['requested_by']} ({c['incident'] or '-'}): {c['reason']}"
        )


@controls.command("export-flagd")
def export_flagd(ctx: typer.Context, output: Path = typer.Option(None, "--output", "-o")) -> None:
    """Write the controls as a flagd flag definition file (stdout without --output)."""
    cli = state(ctx)
    document = cli.client.get("/api/v1/controls/flagd") if cli.client else service.flagd(cli.runtime)
    text = json.dumps(document, indent=2)
    if output:
        output.write_text(text + "\n")
        typer.echo(f"wrote {output}", err=True)
    else:
        typer.echo(text)


@controls.command("audit")
def audit(
    ctx: typer.Context,
    verify: bool = typer.Option(False, "--verify", help="Check the hash chain."),
    subject: str = typer.Option(None, "--subject"),
) -> None:
    """The audit log (every control change), or with --verify whether its hash chain is intact."""
    cli = state(ctx)
    with cli.runtime.uow(read_only=True) as uow:
        if verify:
            broken = uow.audit.verify()
            if broken is not None:
                typer.echo(f"audit log broken at entry {broken.seq}: {broken.reason}", err=True)
                raise typer.Exit(1)
            typer.echo("audit log verified")
            return
        for e in uow.audit.entries(subject=subject):
            typer.echo(
                f"{e.seq:>6} {e.at.isoformat()[:19]} {e.actor:<16} {e.action:<18} {e.subject} "
                f"{json.dumps(e.data, sort_keys=True)}"
            )
