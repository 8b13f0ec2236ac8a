"""`aicident report ...`, `action ...`, `lesson ...`, `review` and `metrics`: parse, call one use case, render."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

import typer

from aicident.console import emit_json, state
from aicident.errors import InvalidInput
from aicident.incidents.deadlines import humanize
from aicident.reports import service
from aicident.reports.api import follow_up_json, report_json, version_json
from aicident.reports.insights import MEASURES

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")

report = typer.Typer(
    help="The post-incident report: show, edit, publish, export (every edit is a new version).", no_args_is_help=True
)
action = typer.Typer(help="Action items: owner, due date, status; tracked across incidents.", no_args_is_help=True)
lesson = typer.Typer(
    help="Lessons learned: policy or monitoring updates, each carried out by a named change.", no_args_is_help=True
)


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{option} {value!r} is not a date and time",
            allowed="ISO 8601 with a UTC offset, e.g. 2026-11-01T00:00:00+00:00",
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(f"{option} {value!r} has no UTC offset", allowed="e.g. 2026-11-01T00:00:00+00:00 or ...Z")
    return moment


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}", allowed="a readable UTF-8 text file or -") from None


# --- report ---------------------------------------------------------------------------------------------------


def _report_doc(ctx: typer.Context, ref: str) -> dict:
    cli = state(ctx)
    if cli.client:
        return cli.client.get(f"/api/v1/incidents/{ref}/report", format="json")
    return report_json(service.get_report(cli.runtime, ref=ref))


@report.command("show")
def show(
    ctx: typer.Context,
    ref: str,
    version: int = typer.Option(None, "--version", help="An earlier version."),
    as_json: bool = JSON,
) -> None:
    """Print the report: its latest version, or the draft generated from the log when none is saved (version 0)."""
    if version is not None or not as_json:
        cli = state(ctx)
        if cli.client:
            text = cli.client.get(f"/api/v1/incidents/{ref}/report", format="md", version=version)
        else:
            text, _media, _name = service.export_report(cli.runtime, ref=ref, format="md", version=version)
        if as_json:
            emit_json({"incident": ref.upper(), "version": version, "markdown": text})
        else:
            typer.echo(text, nl=False)
        return
    emit_json(_report_doc(ctx, ref))


@report.command("versions")
def versions(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """Every saved version: who changed what, when, and which one was published."""
    doc = _report_doc(ctx, ref)
    if as_json:
        emit_json(doc["versions"])
        return
    if not doc["versions"]:
        typer.echo(f"No saved version yet; `aicident report show {doc['incident']}` prints the draft from the log.")
    for v in doc["versions"]:
        published = f"  published {v['published_at'][:16]} by {v['published_by']}" if v["published_at"] else ""
        typer.echo(f"v{v['version']}  {v['created_at'][:16]}  {v['created_by']}: {v['change']}{published}")
    if doc["missing_sections"]:
        typer.echo(f"missing sections: {', '.join(doc['missing_sections'])}")


@report.command("edit")
def edit(
    ctx: typer.Context,
    ref: str,
    section: str = typer.Option(
        None,
        "--section",
        help="A section key, e.g. went_well, lessons_learned; without it the file replaces the whole report.",
    ),
    text: str = typer.Option(None, "--text", help="The section's new text."),
    file: str = typer.Option(None, "--file", help="Read the text (or whole Markdown) from a file, - for stdin."),
    version: int = typer.Option(
        None, "--version", help="The version you changed (default: the current one); a stale one is refused."
    ),
    as_json: bool = JSON,
) -> None:
    """Save a new version of the report with one section (or the whole Markdown) changed."""
    if (text is None) == (file is None):
        raise InvalidInput("give the new text once", allowed="--text TEXT or --file FILE")
    body = text if text is not None else _read(file)
    if section is None and text is not None:
        raise InvalidInput("--text changes one section", allowed="--section KEY --text TEXT, or --file FILE")
    cli = state(ctx)
    base = version if version is not None else _report_doc(ctx, ref)["version"]
    if cli.client:
        payload = {"section": section, "text": body} if section else {"markdown": body}
        saved = cli.client.request("PUT", f"/api/v1/incidents/{ref}/report", payload, headers={"If-Match": f'"{base}"'})
    else:
        saved = version_json(
            service.edit_report(
                cli.runtime,
                ref=ref,
                **cli.who,
                base_version=base,
                markdown=None if section else body,
                section=section,
                text=body if section else None,
            )
        )
    if as_json:
        emit_json(saved)
    else:
        typer.echo(f"{ref.upper()} report version {saved['version']} saved: {saved['change']}")


@report.command("regenerate")
def regenerate(
    ctx: typer.Context, ref: str, version: int = typer.Option(None, "--version"), as_json: bool = JSON
) -> None:
    """Save a new version generated from the log as it is now, keeping the sections people edited."""
    cli = state(ctx)
    base = version if version is not None else _report_doc(ctx, ref)["version"]
    if cli.client:
        saved = cli.client.request(
            "POST", f"/api/v1/incidents/{ref}/report/regenerate", headers={"If-Match": f'"{base}"'}
        )
    else:
        saved = version_json(service.regenerate_report(cli.runtime, ref=ref, **cli.who, base_version=base))
    if as_json:
        emit_json(saved)
    else:
        typer.echo(f"{ref.upper()} report version {saved['version']} saved: {saved['change']}")


@report.command("publish")
def publish(
    ctx: typer.Context,
    ref: str,
    version: int = typer.Option(None, "--version", help="The version to publish (default: the latest)."),
    as_json: bool = JSON,
) -> None:
    """Record a version as the incident's report (a log entry; the report deadline is met)."""
    cli = state(ctx)
    if cli.client:
        doc = cli.client.post(f"/api/v1/incidents/{ref}/report/publish", {"version": version})
    else:
        incident, published = service.publish_report(cli.runtime, ref=ref, **cli.who, version=version)
        doc = {
            "incident": incident.ref,
            "report": (incident.report or {}) | {"summary": None},
            "published": version_json(published, with_text=False),
        }
    if as_json:
        emit_json(doc)
    else:
        typer.echo(f"{doc['incident']}: report version {doc['published']['version']} published")


@report.command("export")
def export_(
    ctx: typer.Context,
    ref: str,
    format: str = typer.Option("md", "--format", "-f", help="md, html or pdf (pdf needs aicident[pdf])."),
    output: str = typer.Option(
        None, "--output", "-o", help="Write to this file (default: stdout; a PDF needs a file)."
    ),
    version: int = typer.Option(None, "--version", help="An earlier version (default: the latest)."),
) -> None:
    """Export the report as Markdown, HTML (user text escaped) or PDF."""
    cli = state(ctx)
    if format == "pdf" and output is None:
        raise InvalidInput("a PDF is written to a file", allowed="--output FILE.pdf")
    if cli.client:
        content = cli.client.get(f"/api/v1/incidents/{ref}/report", format=format, version=version)
    else:
        content, _media, _name = service.export_report(cli.runtime, ref=ref, format=format, version=version)
    if output is None:
        typer.echo(content, nl=False)
        return
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    Path(output).write_bytes(data)
    typer.echo(f"wrote {output} ({len(data)} bytes)")


# --- action items and lessons ---------------------------------------------------------------------------------


def _print_items(items: list[dict], as_json: bool) -> None:
    if as_json:
        emit_json(items)
        return
    if not items:
        typer.echo("No follow-ups match.")
    for i in items:
        who = f" owner {i['owner']}" if i["owner"] else ""
        due = f" due {i['due']}" if i["due"] else ""
        extra = f" ({i['reason']})" if i["reason"] else (f" [change {i['change']}]" if i["change"] else "")
        typer.echo(f"{i['id']}  {i['status']}{who}{due}  {i['text']}{extra}")


def _post_item(ctx: typer.Context, path: str, body: dict, local) -> dict:
    cli = state(ctx)
    if cli.client:
        return cli.client.post(path, body)
    return follow_up_json(local(cli.runtime, cli.who))


@action.command("add")
def action_add(
    ctx: typer.Context,
    ref: str,
    text: str,
    owner: str = typer.Option(..., "--owner", help="Who carries it out."),
    due: str = typer.Option(..., "--due", help="Due date, YYYY-MM-DD."),
    as_json: bool = JSON,
) -> None:
    """Add an action item to an incident (a log entry)."""
    doc = _post_item(
        ctx,
        f"/api/v1/incidents/{ref}/action-items",
        {"text": text, "owner": owner, "due": due},
        lambda rt, who: service.add_follow_up(rt, ref=ref, text=text, owner=owner, due=due, **who),
    )
    _print_items([doc], as_json)


def _done(ctx: typer.Context, collection: str, item_id: str, change: str | None, as_json: bool) -> None:
    doc = _post_item(
        ctx,
        f"/api/v1/{collection}/{item_id}/done",
        {"change": change},
        lambda rt, who: service.complete_follow_up(rt, item_id=item_id, change_ref=change, **who),
    )
    _print_items([doc], as_json)


def _drop(ctx: typer.Context, collection: str, item_id: str, reason: str, as_json: bool) -> None:
    doc = _post_item(
        ctx,
        f"/api/v1/{collection}/{item_id}/drop",
        {"reason": reason},
        lambda rt, who: service.drop_follow_up(rt, item_id=item_id, reason=reason, **who),
    )
    _print_items([doc], as_json)


@action.command("done")
def action_done(ctx: typer.Context, item_id: str, as_json: bool = JSON) -> None:
    """Mark an action item done (a log entry)."""
    _done(ctx, "action-items", item_id, None, as_json)


@action.command("drop")
def action_drop(
    ctx: typer.Context, item_id: str, reason: str = typer.Option(..., "--reason"), as_json: bool = JSON
) -> None:
    """Drop an action item, with the reason (a log entry)."""
    _drop(ctx, "action-items", item_id, reason, as_json)


def _list(
    ctx: typer.Context,
    kind: str,
    incident: str | None,
    owner: str | None,
    status: str | None,
    overdue: bool,
    as_json: bool,
) -> None:
    cli = state(ctx)
    if cli.client:
        path = (
            f"/api/v1/incidents/{incident}/{'action-items' if kind == 'action' else 'lessons'}"
            if incident
            else "/api/v1/action-items"
        )
        items = cli.client.get(
            path, **({} if incident else {"kind": kind, "owner": owner, "status": status, "overdue": overdue})
        )
    else:
        items = [
            follow_up_json(i)
            for i in service.list_follow_ups(
                cli.runtime, ref=incident, kind=kind, owner=owner, status=status, overdue=overdue
            )
        ]
    _print_items(items, as_json)


@action.command("list")
def action_list(
    ctx: typer.Context,
    incident: str = typer.Option(None, "--incident", help="One incident only."),
    owner: str = typer.Option(None, "--owner"),
    status: str = typer.Option(None, "--status", help="open, done or dropped."),
    overdue: bool = typer.Option(False, "--overdue", help="Open items past their due date."),
    as_json: bool = JSON,
) -> None:
    """Action items across incidents, earliest due first."""
    _list(ctx, "action", incident, owner, status, overdue, as_json)


@lesson.command("add")
def lesson_add(
    ctx: typer.Context,
    ref: str,
    text: str,
    kind: str = typer.Option(..., "--kind", help="policy_update or monitoring_update."),
    change: str = typer.Option(None, "--change", help="The plan or detector change that carries it out."),
    as_json: bool = JSON,
) -> None:
    """Add a lesson learned to an incident (a log entry)."""
    doc = _post_item(
        ctx,
        f"/api/v1/incidents/{ref}/lessons",
        {"kind": kind, "text": text, "change": change},
        lambda rt, who: service.add_follow_up(rt, ref=ref, kind=kind, text=text, change_ref=change, **who),
    )
    _print_items([doc], as_json)


@lesson.command("done")
def lesson_done(
    ctx: typer.Context,
    item_id: str,
    change: str = typer.Option(None, "--change", help="Plan version hash, commit or detector id."),
    as_json: bool = JSON,
) -> None:
    """Mark a lesson carried out, naming the change that did it."""
    _done(ctx, "lessons", item_id, change, as_json)


@lesson.command("drop")
def lesson_drop(
    ctx: typer.Context, item_id: str, reason: str = typer.Option(..., "--reason"), as_json: bool = JSON
) -> None:
    """Drop a lesson, with the reason."""
    _drop(ctx, "lessons", item_id, reason, as_json)


@lesson.command("list")
def lesson_list(
    ctx: typer.Context,
    incident: str = typer.Option(None, "--incident"),
    status: str = typer.Option(None, "--status"),
    as_json: bool = JSON,
) -> None:
    """Lessons learned across incidents."""
    _list(ctx, "lesson", incident, None, status, False, as_json)


# --- the review and the metrics -------------------------------------------------------------------------------


def _split(value: str, option: str, parts: int, example: str) -> list[str]:
    fields = [f.strip() for f in value.split("|")]
    if len(fields) < parts:
        raise InvalidInput(f"{option} {value!r} has {len(fields)} part(s)", allowed=f"e.g. {option} '{example}'")
    return fields


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return humanize(timedelta(seconds=seconds))


def register(app: typer.Typer) -> None:
    app.add_typer(report, name="report")
    app.add_typer(action, name="action")
    app.add_typer(lesson, name="lesson")

    @app.command()
    def review(
        ctx: typer.Context,
        ref: str,
        summary: str = typer.Argument(..., help="What the review found."),
        attendee: list[str] = typer.Option(..., "--attendee", help="Repeatable."),
        decision: list[str] = typer.Option([], "--decision", help="A decision taken; repeatable."),
        action_item: list[str] = typer.Option(
            [], "--action", help="A follow-up it assigns: 'TEXT|OWNER|YYYY-MM-DD'; repeatable."
        ),
        lesson_item: list[str] = typer.Option(
            [], "--lesson", help="'policy_update|TEXT[|CHANGE]' or 'monitoring_update|TEXT[|CHANGE]'; repeatable."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Record the post-incident review: attendees, decisions and the follow-ups it created."""
        items = [
            dict(zip(("text", "owner", "due"), _split(a, "--action", 3, "Add evals|priya|2026-12-15"), strict=False))
            for a in action_item
        ]
        lessons = [
            dict(
                zip(("kind", "text", "change"), _split(m, "--lesson", 2, "monitoring_update|Alert on X"), strict=False)
            )
            for m in lesson_item
        ]
        body = {
            "attendees": attendee,
            "summary": summary,
            "decisions": decision,
            "action_items": items,
            "lessons": lessons,
        }
        cli = state(ctx)
        if cli.client:
            doc = cli.client.post(f"/api/v1/incidents/{ref}/review", body)
            review_doc = doc["review"]
        else:
            incident, _created = service.review(
                cli.runtime,
                ref=ref,
                **cli.who,
                attendees=attendee,
                summary=summary,
                decisions=decision,
                action_items=items,
                lessons=lessons,
            )
            review_doc = incident.review
        if as_json:
            emit_json(review_doc)
        else:
            created = review_doc.get("follow_ups") or []
            typer.echo(
                f"{ref.upper()}: review recorded ({len(review_doc['attendees'])} attendees, "
                f"{len(review_doc.get('decisions') or [])} decisions"
                + (f", follow-ups {', '.join(created)}" if created else "")
                + ")"
            )

    @app.command()
    def metrics(
        ctx: typer.Context,
        by: str = typer.Option(None, "--by", help="severity or category."),
        since: str = typer.Option(None, "--since", help="Incidents declared at or after (ISO time)."),
        until: str = typer.Option(None, "--until", help="Incidents declared before (ISO time)."),
        as_json: bool = JSON,
    ) -> None:
        """Time to acknowledge, contain and resolve (median, p90, mean) and deadline compliance."""
        cli = state(ctx)
        start, end = _when(since, "--since"), _when(until, "--until")
        if cli.client:
            doc = cli.client.get("/api/v1/insights", by=by, since=since, until=until)
        else:
            doc = service.insights(cli.runtime, since=start, until=end, by=by)
        if as_json:
            emit_json(doc)
            return
        rows = [
            ("GROUP", "INCIDENTS", *[f"{m.upper()} (median/p90/mean, n)" for m, _s, _e in MEASURES], "DEADLINES MET")
        ]
        for group in [doc["overall"], *doc["groups"]]:
            cells = [
                f"{_minutes(group[m]['median_seconds'])} / {_minutes(group[m]['p90_seconds'])} / "
                f"{_minutes(group[m]['mean_seconds'])}, {group[m]['count']}"
                for m, _s, _e in MEASURES
            ]
            deadlines = group["deadlines"]
            share = f"{deadlines['compliance']:.0%}" if deadlines["compliance"] is not None else "-"
            rows.append(
                (
                    group["key"],
                    str(group["incidents"]),
                    *cells,
                    f"{deadlines['met_on_time']}/{deadlines['due']} ({share})",
                )
            )
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        for r in rows:
            typer.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
