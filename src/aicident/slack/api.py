"""/api/v1/slack/{events,commands,interactions}: Slack's requests, handed to Bolt as its FastAPI adapter does; and
what the API shows of an incident's Slack channel, and the link between a person and their Slack user."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from aicident.api.deps import principal, runtime
from aicident.auth.model import Principal
from aicident.errors import Forbidden, NotFound
from aicident.runtime import Runtime
from aicident.slack import service

router = APIRouter(prefix="/api/v1", tags=["slack"])
_lock = threading.Lock()


def _bolt(request: Request):
    """The Bolt app, built on the first request from Slack (it reads the secrets from the environment)."""
    state = request.app.state
    with _lock:
        if getattr(state, "slack_bolt", None) is None:
            from aicident.slack.bolt import build  # Bolt and slack_sdk load only when Slack calls

            state.slack_bolt = build(state.runtime) or False
    if state.slack_bolt is False:
        slack = state.runtime.plan.slack
        raise NotFound(
            "the Slack app is off",
            allowed=f"set {slack.bot_token_env} and {slack.signing_secret_env} in the service's environment",
        )
    return state.slack_bolt


async def _dispatch(request: Request) -> Response:
    from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response

    bolt = _bolt(request)
    body = await request.body()
    # Bolt's dispatch blocks until the listener acknowledges; run it off the event loop.
    answer = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
    return to_starlette_response(answer)


@router.post("/slack/events", summary="Slack's Events API (signed by Slack)", include_in_schema=False)
async def events(request: Request) -> Response:
    return await _dispatch(request)


@router.post("/slack/commands", summary="Slack's slash commands (signed by Slack)", include_in_schema=False)
async def commands(request: Request) -> Response:
    return await _dispatch(request)


@router.post(
    "/slack/interactions", summary="Slack's buttons, shortcuts and forms (signed by Slack)", include_in_schema=False
)
async def interactions(request: Request) -> Response:
    return await _dispatch(request)


@router.get("/incidents/{ref}/slack", summary="The incident's Slack channel and its last permanent failure")
def channel(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return service.channel_status(rt, ref=ref)


class SlackIdIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slack_id: str | None = Field(
        max_length=32,
        json_schema_extra={"pattern": r"^\s*[UWuw][A-Za-z0-9]{2,30}\s*$"},
        description="The member id of the person's Slack profile; null clears it.",
    )


@router.put("/people/{handle}/slack", summary="Link a person to their Slack user (administrators)")
def link(handle: str, body: SlackIdIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    if not who.admin:
        raise Forbidden(f"{who.handle} may not manage people and tokens", allowed="an administrator may")
    return service.link(rt, handle=handle, slack_id=body.slack_id)
