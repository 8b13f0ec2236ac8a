"""/api/v1/incidents: everything the CLI does to incidents, over HTTP."""

from collections.abc import Callable

from fastapi import APIRouter, Depends, Query, Response

from aicident.api import openapi
from aicident.api.deps import etag, if_match, principal, runtime
from aicident.auth.model import Principal
from aicident.incidents import search, service
from aicident.incidents.model import AISystem, Facts, Incident
from aicident.incidents.present import words_of
from aicident.incidents.schemas import (
    AdvanceIn,
    AssignIn,
    CommunicateIn,
    ContainIn,
    DeclareIn,
    DiagnoseIn,
    DocumentIn,
    FactsIn,
    LogEntryIn,
    ReopenIn,
    ResolveIn,
    ReviewIn,
    SeverityIn,
    TriageIn,
    deadline_json,
    entry_json,
    view_json,
)
from aicident.incidents.vocabulary import Status
from aicident.reports import service as reports
from aicident.runtime import Runtime

router = APIRouter(prefix="/api/v1", tags=["incidents"])
MAX_OFFSET = 1_000_000_000


def _view(rt: Runtime, ref: str, response: Response, *, with_log: bool = False) -> dict:
    view = service.get(rt, ref=ref, with_log=with_log)
    response.headers["ETag"] = etag(view.incident.version)
    return view_json(view, with_log=with_log)


@router.get("/incidents", summary="List, search and sort incidents, one page at a time")
def list_incidents(
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    status: str | None = Query(None, json_schema_extra=openapi.one_of(Status)),
    category: str | None = None,
    severity: str | None = None,
    stage: str | None = None,
    q: str | None = Query(
        None,
        max_length=search.MAX_QUERY,
        description="Words that must all occur in the incident: title, summary, reference, category, affected "
        "feature and model, or the text of its log (the last word may be the start of one).",
    ),
    person: str | None = Query(None, max_length=100, description="Incidents where this person holds a role now."),
    mine: bool = Query(False, description="Incidents where the caller holds a role now."),
    sort: str = Query(
        "declared",
        json_schema_extra=openapi.one_of(search.SORTS),
        description="One of: " + "; ".join(f"{k}: {v}" for k, v in search.SORTS.items()),
    ),
    order: str | None = Query(None, pattern="^(asc|desc)$", description="Reverse the sort's natural direction."),
    cursor: str | None = Query(None, max_length=2000, description="The `next` of the page before."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Kept for older clients; `cursor` is steadier."),
) -> dict:
    found = service.find_incidents(
        rt,
        status=status,
        category=category,
        severity=severity,
        stage=stage,
        text=q,
        person=who.handle if mine else person,
        sort=sort,
        descending=None if order is None else order == "desc",
        cursor=cursor,
        limit=limit,
        offset=offset,
    )
    return {
        "items": [view_json(v, with_log=False) for v in found.views],
        "limit": limit,
        "offset": offset,
        "next": found.next,
        "next_offset": offset + limit if found.next and not cursor else None,
    }


@router.post("/incidents", status_code=201, summary="Declare an incident")
def declare(
    body: DeclareIn, response: Response, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    incident = service.declare(
        rt,
        title=body.title,
        category=body.category,
        source=body.source.value,
        summary=body.summary,
        severity=body.severity,
        actor=who.handle,
        principal=who,
        detected_at=body.detected_at,
        became_aware_at=body.became_aware_at,
        ai_system=AISystem(**body.ai_system.model_dump()),
        facts=Facts(
            customers_affected=body.customers_affected,
            personal_data_involved=body.personal_data_involved,
            jurisdictions=sorted({j.strip().upper() for j in body.jurisdictions if j.strip()}),
        ),
    )
    response.headers["Location"] = f"/api/v1/incidents/{incident.ref}"
    return _view(rt, incident.ref, response)


@router.get("/incidents/{ref}", summary="An incident with its deadlines and what its stage still needs")
def get_incident(
    ref: str,
    response: Response,
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    log: bool = False,
) -> dict:
    return _view(rt, ref, response, with_log=log)


@router.get("/incidents/{ref}/log", summary="The incident log, oldest first")
def get_log(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list[dict]:
    view = service.get(rt, ref=ref)
    words = words_of(view.plan)
    return [entry_json(e, words) for e in view.log]


@router.get("/incidents/{ref}/deadlines", summary="Every deadline of the incident with its state")
def get_deadlines(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list[dict]:
    view = service.get(rt, ref=ref, with_log=False)
    return [deadline_json(d, view.now) for d in view.deadlines]


def _action(path: str, summary: str, body_type, call: Callable[..., Incident | tuple]) -> None:
    """One POST endpoint per use case: check the precondition, run it as the signed-in person, return the view."""

    def endpoint(
        ref: str,
        body: body_type,
        response: Response,
        rt: Runtime = Depends(runtime),
        who: Principal = Depends(principal),
        version: int | None = Depends(if_match),
    ) -> dict:
        call(rt, ref=ref, body=body, actor=who.handle, principal=who, if_match=version)
        return _view(rt, ref, response)

    endpoint.__name__ = path.strip("/").replace("-", "_")
    router.post(f"/incidents/{{ref}}/{path}", summary=summary)(endpoint)


_action(
    "triage",
    "Triage: severity and Incident Commander",
    TriageIn,
    lambda rt, body, **kw: service.triage(
        rt, severity=body.severity, commander=body.commander, reason=body.reason, **kw
    ),
)
_action(
    "severity",
    "Escalate or de-escalate",
    SeverityIn,
    lambda rt, body, **kw: service.set_severity(
        rt,
        severity=body.severity,
        reason=body.reason,
        expect={"escalate": "escalated", "deescalate": "deescalated"}.get(body.direction or ""),
        **kw,
    ),
)
_action(
    "roles",
    "Assign a person to a role",
    AssignIn,
    lambda rt, body, **kw: service.assign(rt, role=body.role, person=body.person, **kw),
)
_action(
    "advance",
    "Move to the next stage (or back, with a reason)",
    AdvanceIn,
    lambda rt, body, **kw: service.advance(rt, to=body.to, reason=body.reason, **kw),
)
_action(
    "facts",
    "Record facts: customers affected, personal data, materiality, jurisdictions",
    FactsIn,
    lambda rt, body, **kw: service.set_facts(rt, reason=body.reason, **body.model_dump(exclude={"reason"}), **kw),
)
_action(
    "containment",
    "Record a containment action, or that none is needed",
    ContainIn,
    lambda rt, body, **kw: service.contain(rt, action=body.action, none_needed=body.none_needed, **kw),
)
_action(
    "root-cause",
    "Record the root cause",
    DiagnoseIn,
    lambda rt, body, **kw: service.diagnose(rt, layer=body.layer, description=body.description, **kw),
)
_action(
    "resolve",
    "Mark the incident resolved",
    ResolveIn,
    lambda rt, body, **kw: service.resolve(rt, summary=body.summary, **kw),
)
_action(
    "communications",
    "Record a communication, or waive it with a reason",
    CommunicateIn,
    lambda rt, body, **kw: service.communicate(
        rt, audience=body.audience, summary=body.summary, waive=body.waive, channel=body.channel, **kw
    ),
)
_action(
    "report",
    "Record the post-incident report",
    DocumentIn,
    lambda rt, body, **kw: service.document(rt, location=body.link, **kw),
)
_action(
    "review",
    "Record the post-incident review: attendees, decisions, follow-ups",
    ReviewIn,
    lambda rt, body, **kw: reports.review(
        rt,
        attendees=body.attendees,
        summary=body.summary,
        decisions=body.decisions,
        action_items=[i.model_dump() for i in body.action_items],
        lessons=[i.model_dump() for i in body.lessons],
        **kw,
    ),
)
_action(
    "reopen",
    "Reopen a resolved or closed incident",
    ReopenIn,
    lambda rt, body, **kw: service.reopen(rt, reason=body.reason, stage=body.stage, **kw),
)
_action(
    "log",
    "Add a note, evidence or an action item",
    LogEntryIn,
    lambda rt, body, **kw: service.add_entry(
        rt,
        type=body.type,
        text=body.text,
        owner=body.owner,
        due=body.due.isoformat() if body.due else None,
        link=body.link,
        section=body.section,
        **kw,
    ),
)


@router.post("/incidents/{ref}/close", summary="Close the incident")
def close(
    ref: str,
    response: Response,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    service.close(rt, ref=ref, actor=who.handle, principal=who, if_match=version)
    return _view(rt, ref, response)


@router.post("/verify", summary="Check every incident log's hash chain")
def verify(rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    checked, breaks = service.verify(rt, principal=who)
    return {
        "incidents_checked": checked,
        "ok": not breaks,
        "breaks": [{"incident": b.ref, "entry": b.seq, "reason": b.reason} for b in breaks],
    }
