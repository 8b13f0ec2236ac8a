"""/api/v1/controls and /api/v1/features: what AI applications obey, and how people change it.

Applications read with their events integration secret (or a person's token): GET /controls with ETag and 304, or
the server-sent event stream, which pushes the whole snapshot on connect and after every change. Each process polls
the controls version (one indexed row) every 100 ms for all its streams together, so a change made through another
replica reaches this one's streams too; a change made here wakes them at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import timedelta

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from aicident.api import openapi
from aicident.api.deps import bearer_token, if_match, principal, runtime
from aicident.api.types import Day
from aicident.auth import service as auth
from aicident.auth.model import TOKEN_PREFIX, Principal
from aicident.containment import service
from aicident.errors import AicidentError, NotFound, Step, Unauthorized
from aicident.plan.schema import Feature
from aicident.runtime import Runtime
from aicident.signals import service as signals

router = APIRouter(prefix="/api/v1", tags=["containment"])
POLL_SECONDS = 0.1
KEEP_ALIVE_SECONDS = 15.0


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChangeIn(_Request):
    changes: dict[str, object] = Field(
        description="Control fields to set: enabled, fallback_response, fail_mode, "
        "model, model_version, rate_per_second, user_rate_per_second, "
        "routes, guard_input, guard_output, disabled_tools"
    )
    reason: str = Field(min_length=1, max_length=2000)
    incident: str | None = Field(default=None, max_length=32, description="The incident this change is made from")
    expires_in_seconds: int | None = Field(
        default=None, ge=1, le=90 * 86400, description="Revert by itself after this long"
    )


class RestoreIn(_Request):
    incident: str = Field(min_length=1, max_length=32, description="The incident that changed the feature")
    reason: str = Field(default="", max_length=2000)
    from_incident: str | None = Field(
        default=None, max_length=32, description="The incident the person restores it from, if another one"
    )


class KeepIn(_Request):
    incident: str = Field(min_length=1, max_length=32, description="The incident that changed the feature")
    reason: str = Field(min_length=1, max_length=2000, description="Why it stays in force after the incident")
    owner: str = Field(min_length=1, max_length=100, description="A registered person's handle")
    review_on: Day = Field(description="When to look at it again (after today)")


def reader(request: Request, rt: Runtime = Depends(runtime)) -> None:
    """An application with its events integration secret, or a signed-in person."""
    token = bearer_token(request.headers.get("authorization")) or request.headers.get("x-aicident-token")
    if not token:
        raise Unauthorized(
            "reading controls needs an events integration's secret or a person's token",
            allowed="Authorization: Bearer with the secret of an integration of format events (ais_...) or a "
            "personal token (aic_...)",
            next=[Step("add_integration", "add an integration of format events", {"format": "events"})],
        )
    if token.startswith(TOKEN_PREFIX):
        auth.authenticate(rt, token=token)
    else:
        signals.integration_for_secret(rt, secret=token)


class Watcher:
    """One poller per process for all its streams; each stream gets the newest snapshot (older ones are dropped)."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.subscribers: set[asyncio.Queue] = set()
        self._task: asyncio.Task | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=1)
        self.subscribers.add(queue)
        if self._task is None or self._task.done():
            self._loop = asyncio.get_running_loop()
            self._wake = wake = asyncio.Event()
            self._task = asyncio.create_task(self._run(wake))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self.subscribers.discard(queue)

    def poke(self) -> None:
        """Look now rather than at the next poll (called from worker threads after a change committed)."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    async def _run(self, wake: asyncio.Event) -> None:
        tag = None
        while self.subscribers:
            try:
                current = await run_in_threadpool(service.version_tag, self.rt)
                if current != tag:
                    snapshot = await run_in_threadpool(service.snapshot, self.rt)
                    tag = snapshot.tag
                    for queue in list(self.subscribers):
                        if queue.full():
                            queue.get_nowait()
                        queue.put_nowait(snapshot)
            except AicidentError:
                pass  # the database is busy or restarting: streams keep their last snapshot, the next poll retries
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), POLL_SECONDS)
            wake.clear()


def watcher(request: Request) -> Watcher:
    state = request.app.state
    if getattr(state, "controls_watcher", None) is None:
        state.controls_watcher = Watcher(state.runtime)
    return state.controls_watcher


def _changed(request: Request) -> None:
    watcher(request).poke()


def _sse(snapshot: service.Snapshot) -> bytes:
    return f"id: {snapshot.tag}\nevent: controls\ndata: {json.dumps(snapshot.to_json())}\n\n".encode()


@router.get("/controls", summary="Every AI feature's controls (ETag; 304 when unchanged)")
def get_controls(request: Request, rt: Runtime = Depends(runtime), _reader: None = Depends(reader)) -> Response:
    snapshot = service.snapshot(rt)
    tag = f'"{snapshot.tag}"'
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers={"ETag": tag})
    return Response(json.dumps(snapshot.to_json()), media_type="application/json", headers={"ETag": tag})


@router.get(
    "/controls/stream",
    summary="Server-sent events: the controls on connect and after every change",
    response_class=StreamingResponse,
    responses=openapi.text_response("text/event-stream", "An `event: controls` with the controls, then one per change"),
)
async def stream_controls(request: Request, _reader: None = Depends(reader)) -> StreamingResponse:
    rt: Runtime = request.app.state.runtime
    feed = watcher(request)

    async def events():
        queue = feed.subscribe()
        try:
            snapshot = await run_in_threadpool(service.snapshot, rt)
            sent = snapshot.tag
            yield _sse(snapshot)
            while True:
                try:
                    snapshot = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if snapshot.tag != sent:
                    sent = snapshot.tag
                    yield _sse(snapshot)
        finally:
            feed.unsubscribe(queue)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.get("/controls/flagd", summary="The controls as a flagd flag definition file")
def flagd_export(rt: Runtime = Depends(runtime), _reader: None = Depends(reader)) -> dict:
    return service.flagd(rt)


@router.get("/controls/{feature}", summary="One feature's controls")
def get_feature_controls(feature: str, rt: Runtime = Depends(runtime), _reader: None = Depends(reader)) -> dict:
    snapshot = service.snapshot(rt)
    if feature not in snapshot.features:
        raise NotFound(f"no AI feature {feature!r}", allowed=", ".join(snapshot.features) or "register one first")
    return snapshot.features[feature].to_json()


@router.post("/features", status_code=201, summary="Register an AI feature (idempotent: an existing one is kept)")
def register(
    body: Feature, request: Request, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    controls = service.register_feature(rt, feature=body, actor=who.handle, principal=who)
    _changed(request)
    return controls.to_json()


@router.post(
    "/controls/{feature}/changes",
    status_code=201,
    summary="Change a feature's controls (202 when it waits for a second person's approval)",
)
def change(
    feature: str,
    body: ChangeIn,
    request: Request,
    response: Response,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    """If-Match, when sent, is the ETag of the incident the change names (as for every incident update)."""
    outcome = service.change(
        rt,
        feature=feature,
        changes=body.changes,
        reason=body.reason,
        incident=body.incident,
        actor=who.handle,
        principal=who,
        expires_in=timedelta(seconds=body.expires_in_seconds) if body.expires_in_seconds else None,
        if_match=version,
    )
    if outcome.change is None:
        response.status_code = 200
    elif outcome.change.state == "pending":
        response.status_code = 202
    _changed(request)
    return outcome.to_json()


@router.post("/controls/{feature}/restore", summary="Return a feature to its controls before an incident")
def restore(
    feature: str,
    body: RestoreIn,
    request: Request,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    """Allowed after the incident closed, and from another incident (`from_incident`): it is logged on the incident
    that made the change. If-Match, when sent, is that incident's ETag."""
    outcome = service.restore(
        rt,
        feature=feature,
        incident=body.incident,
        reason=body.reason,
        from_incident=body.from_incident,
        actor=who.handle,
        principal=who,
        if_match=version,
    )
    _changed(request)
    return outcome.to_json()


@router.post(
    "/controls/{feature}/keep",
    summary="Keep a control changed from an incident in force after it (reason, owner, review date)",
)
def keep(
    feature: str,
    body: KeepIn,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    kept = service.keep(
        rt,
        feature=feature,
        incident=body.incident,
        reason=body.reason,
        owner=body.owner,
        review_on=body.review_on,
        actor=who.handle,
        principal=who,
        if_match=version,
    )
    return kept.to_json()


@router.get("/controls-in-force", summary="Control changes in force now, each with the incident that made it")
def controls_in_force(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    incident: str | None = Query(None, max_length=32, description="Only what this incident changed"),
    feature: str | None = Query(None, max_length=100),
) -> list[dict]:
    return [f.to_json() for f in service.in_force(rt, incident=incident, feature=feature)]


@router.post("/control-changes/{change_id}/approve", summary="Approve (and apply) a pending control change")
def approve(
    change_id: str,
    request: Request,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    outcome = service.decide(rt, change_id=change_id, approve=True, actor=who.handle, principal=who, if_match=version)
    _changed(request)
    return outcome.to_json()


@router.post("/control-changes/{change_id}/reject", summary="Reject a pending control change")
def reject(
    change_id: str,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    return service.decide(
        rt, change_id=change_id, approve=False, actor=who.handle, principal=who, if_match=version
    ).to_json()


@router.get("/control-changes", summary="Control changes, newest first")
def list_changes(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    feature: str | None = None,
    incident: str | None = None,
    state: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict]:
    return [c.to_json() for c in service.history(rt, feature=feature, incident=incident, state=state, limit=limit)]
