"""/api/v1: the post-incident report (versions, edits, publishing, export), follow-ups and metrics."""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from aicident.api import openapi
from aicident.api.deps import etag, if_match, principal, runtime
from aicident.api.types import Day, Instant
from aicident.auth.model import Principal
from aicident.errors import NotFound
from aicident.reports import service
from aicident.reports.followups import FollowUp, FollowUpStatus, Kind
from aicident.reports.model import ReportVersion, sections_of
from aicident.runtime import Runtime

router = APIRouter(prefix="/api/v1", tags=["reports"])


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportEditIn(_Request):
    markdown: str | None = Field(default=None, description="The whole report; or `section` and `text`.")
    section: str | None = Field(default=None, description="A section key, e.g. went_well, lessons_learned.")
    text: str | None = None


class PublishIn(_Request):
    version: int | None = Field(default=None, ge=1, description="The version to publish (default: the latest).")


class ActionItemIn(_Request):
    text: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1, max_length=200)
    due: Day


class LessonIn(_Request):
    kind: Literal["policy_update", "monitoring_update"]
    text: str = Field(min_length=1, max_length=2000)
    change: str | None = Field(
        default=None,
        max_length=300,
        description="The plan or detector change that carries it out (plan version, commit, detector id).",
    )
    owner: str | None = None
    due: Day | None = None


class DoneIn(_Request):
    change: str | None = Field(default=None, max_length=300)


class DropIn(_Request):
    reason: str = Field(min_length=1, max_length=2000)


def version_json(version: ReportVersion, *, with_text: bool = True) -> dict:
    doc = {
        "version": version.version,
        "created_at": version.created_at.isoformat(),
        "created_by": version.created_by,
        "change": version.change,
        "edited_sections": list(version.edited_sections),
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "published_by": version.published_by,
    }
    if with_text:
        doc.update(markdown=version.markdown, sections=sections_of(version.markdown))
    return doc


def follow_up_json(item: FollowUp) -> dict:
    return {
        "id": item.id,
        "incident": item.incident_ref,
        "kind": str(item.kind),
        "text": item.text,
        "owner": item.owner,
        "due": item.due_on.isoformat() if item.due_on else None,
        "status": str(item.status),
        "reason": item.reason,
        "change": item.change_ref,
        "origin": item.origin,
        "created_at": item.created_at.isoformat(),
        "created_by": item.created_by,
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
        "updated_by": item.updated_by,
    }


def report_json(view: service.ReportView) -> dict:
    state = view.state
    return {
        "incident": view.incident.ref,
        "version": state.version,
        "markdown": state.markdown,
        "sections": sections_of(state.markdown),
        "missing_sections": view.missing_sections,
        "published": view.incident.report,
        "versions": [version_json(v, with_text=False) for v in state.versions],
    }


@router.get(
    "/incidents/{ref}/report",
    summary="The report: md (default), html or pdf; or a version's JSON",
    responses={200: {"content": {"text/markdown": {}, "text/html": {}, "application/pdf": {}, "application/json": {}}}},
)
def get_report(
    ref: str,
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    format: Literal["md", "html", "pdf", "json"] = "md",
    version: int | None = Query(None, ge=1),
) -> Response:
    if format == "json":
        view = service.get_report(rt, ref=ref)
        return Response(
            _dumps(report_json(view)), media_type="application/json", headers={"ETag": etag(view.state.version)}
        )
    content, media_type, filename = service.export_report(rt, ref=ref, format=format, version=version)
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)


def _dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, default=str)


@router.get("/incidents/{ref}/report/versions", summary="Every saved version of the report, oldest first")
def list_versions(
    ref: str, response: Response, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)
) -> dict:
    view = service.get_report(rt, ref=ref)
    response.headers["ETag"] = etag(view.state.version)
    return report_json(view)


@router.get("/incidents/{ref}/report/versions/{version}", summary="One version of the report (0: the draft)")
def get_version(ref: str, version: int, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    view = service.get_report(rt, ref=ref)
    if version == 0:
        return {
            "version": 0,
            "change": "generated from the log (not saved)",
            "markdown": view.state.draft,
            "sections": sections_of(view.state.draft),
        }
    found = {v.version: v for v in view.state.versions}
    if version not in found:
        raise NotFound(
            f"the report of {view.incident.ref} has no version {version}",
            allowed=f"0 (the draft) or one of: {', '.join(map(str, found)) or '(none saved yet)'}",
        )
    return version_json(found[version])


@router.put("/incidents/{ref}/report", summary="Save a new version (If-Match: the version it changes)")
def edit_report(
    ref: str,
    body: ReportEditIn,
    response: Response,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    saved = service.edit_report(
        rt,
        ref=ref,
        actor=who.handle,
        principal=who,
        base_version=version,
        markdown=body.markdown,
        section=body.section,
        text=body.text,
    )
    response.headers["ETag"] = etag(saved.version)
    return version_json(saved)


@router.post(
    "/incidents/{ref}/report/regenerate",
    summary="A new version from the log, keeping the sections people edited (If-Match required)",
)
def regenerate_report(
    ref: str,
    response: Response,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    saved = service.regenerate_report(rt, ref=ref, actor=who.handle, principal=who, base_version=version)
    response.headers["ETag"] = etag(saved.version)
    return version_json(saved)


@router.post("/incidents/{ref}/report/publish", summary="Record a version as the incident's report")
def publish_report(
    ref: str, body: PublishIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    incident, published = service.publish_report(rt, ref=ref, actor=who.handle, principal=who, version=body.version)
    return {
        "incident": incident.ref,
        "report": (incident.report or {}) | {"summary": None},
        "published": version_json(published, with_text=False),
    }


# --- follow-ups -----------------------------------------------------------------------------------------------


@router.get("/incidents/{ref}/action-items", summary="The incident's action items")
def incident_action_items(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list:
    return [follow_up_json(i) for i in service.list_follow_ups(rt, ref=ref, kind="action")]


@router.post("/incidents/{ref}/action-items", status_code=201, summary="Add an action item (owner, due date)")
def add_action_item(
    ref: str, body: ActionItemIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    return follow_up_json(
        service.add_follow_up(
            rt, ref=ref, text=body.text, owner=body.owner, due=body.due, actor=who.handle, principal=who
        )
    )


@router.get("/incidents/{ref}/lessons", summary="The incident's lessons learned")
def incident_lessons(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list:
    return [follow_up_json(i) for i in service.list_follow_ups(rt, ref=ref, kind="lesson")]


@router.post(
    "/incidents/{ref}/lessons",
    status_code=201,
    summary="Add a lesson learned: a policy or monitoring update, with the change that carries it out",
)
def add_lesson(ref: str, body: LessonIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    return follow_up_json(
        service.add_follow_up(
            rt,
            ref=ref,
            kind=body.kind,
            text=body.text,
            owner=body.owner,
            due=body.due,
            change_ref=body.change,
            actor=who.handle,
            principal=who,
        )
    )


@router.get("/action-items", summary="Action items across incidents (overdue first by due date)")
def list_action_items(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    owner: str | None = None,
    status: str | None = Query(None, json_schema_extra=openapi.one_of(FollowUpStatus)),
    overdue: bool = False,
    kind: str = Query("action", json_schema_extra=openapi.one_of(["action", "lesson", *Kind])),
    limit: int = Query(500, ge=1, le=5000),
) -> list:
    return [
        follow_up_json(i)
        for i in service.list_follow_ups(rt, kind=kind, owner=owner, status=status, overdue=overdue, limit=limit)
    ]


def mark_done(item_id: str, body: DoneIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    return follow_up_json(
        service.complete_follow_up(rt, item_id=item_id, change_ref=body.change, actor=who.handle, principal=who)
    )


def mark_dropped(
    item_id: str, body: DropIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    return follow_up_json(
        service.drop_follow_up(rt, item_id=item_id, reason=body.reason, actor=who.handle, principal=who)
    )


for _collection, _what in (("action-items", "an action item"), ("lessons", "a lesson (naming its change)")):
    router.add_api_route(
        f"/{_collection}/{{item_id}}/done",
        mark_done,
        methods=["POST"],
        name=f"{_collection}_done",
        summary=f"Mark {_what} done",
    )
    router.add_api_route(
        f"/{_collection}/{{item_id}}/drop",
        mark_dropped,
        methods=["POST"],
        name=f"{_collection}_drop",
        summary="Drop it, with the reason",
    )


# --- metrics --------------------------------------------------------------------------------------------------


@router.get("/insights", summary="Time to acknowledge, contain, resolve; deadline compliance, over a period")
def get_insights(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    since: Instant | None = None,
    until: Instant | None = None,
    by: Literal["severity", "category"] | None = None,
) -> dict:
    return service.insights(rt, since=since, until=until, by=by)
