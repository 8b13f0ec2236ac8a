"""The outbox over HTTP: delivery state for display, and an operator's retry of a failed or dead message."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from aicident.api.deps import principal, runtime
from aicident.auth.model import Principal
from aicident.doctor import Doctor
from aicident.errors import Forbidden
from aicident.notify import service
from aicident.runtime import Runtime

router = APIRouter(tags=["outbox"])


@router.get("/api/v1/outbox", summary="Outbound messages, newest first, with their delivery state")
def list_messages(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    state: Literal["queued", "sending", "sent", "failed", "dead"] | None = None,
    incident: str | None = None,
    obligation: str | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
) -> dict:
    found = service.messages(
        rt, state=state, incident_ref=incident, obligation_id=obligation, limit=limit + 1, offset=offset
    )
    return {
        "items": found[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(found) > limit else None,
    }


@router.get("/api/v1/outbox/failures", summary="Failing messages grouped by channel and reason")
def failures(rt: Runtime = Depends(runtime), _who: Principal = Depends(principal), incident: str | None = None) -> dict:
    """Each group: its channel, reason, how many messages, since when, a one-line summary and the ids of some of
    its messages (their attempts: GET /api/v1/outbox/{id})."""
    return {"groups": service.failures(rt, incident_ref=incident)}


@router.get("/api/v1/outbox/{message_id}", summary="One outbound message with every delivery attempt")
def get_message(message_id: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return service.message(rt, message_id=message_id)


@router.post("/api/v1/outbox/{message_id}/retry", summary="Queue a failed or dead message again")
def retry_message(message_id: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    """Needs the plan's `communicate` permission."""
    return service.retry(rt, message_id=message_id, actor=who.handle, principal=who)


def _admin(who: Principal) -> None:
    if not who.admin:
        raise Forbidden(f"{who.handle} may not run the channel checks", allowed="an administrator may")


@router.get("/api/v1/doctor", summary="The last check of every delivery channel (administrators)")
def last_checkup(request: Request, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    """Taken when the service started (or on the last POST); each channel with what passed, or its problem and
    what to fix."""
    _admin(who)
    doctor: Doctor = request.app.state.doctor
    return (doctor.last or doctor.run(rt.plan, rt.clock())).as_dict()


@router.post("/api/v1/doctor", summary="Check every delivery channel now, sending nothing (administrators)")
def run_checkup(request: Request, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    _admin(who)
    return request.app.state.doctor.run(rt.plan, rt.clock()).as_dict()
