"""The outbox over HTTP: delivery state for display, and an operator's retry of a failed or dead message."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from aicident.api.deps import principal, runtime
from aicident.auth.model import Principal
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


@router.get("/api/v1/outbox/{message_id}", summary="One outbound message with every delivery attempt")
def get_message(message_id: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return service.message(rt, message_id=message_id)


@router.post("/api/v1/outbox/{message_id}/retry", summary="Queue a failed or dead message again")
def retry_message(message_id: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    """Needs the plan's `communicate` permission."""
    return service.retry(rt, message_id=message_id, actor=who.handle, principal=who)
