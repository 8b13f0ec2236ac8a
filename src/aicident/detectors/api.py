"""POST /api/v1/events: an AI application's interaction events, for the detectors."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from aicident.api import openapi
from aicident.api.deps import bearer_token
from aicident.detectors import service
from aicident.detectors.events import parse_events
from aicident.errors import InvalidInput
from aicident.runtime import Runtime
from aicident.signals import service as signals
from aicident.signals.api import MAX_DELIVERY_BYTES, read_body

router = APIRouter(tags=["detectors"])
MAX_EVENTS = 5000


@router.post(
    "/api/v1/events",
    status_code=202,
    summary="Report AI interactions (JSON array or NDJSON)",
    openapi_extra=openapi.request_body(
        {
            "application/json": {"type": "array", "items": {"type": "object"}, "description": "Interaction events"},
            "application/x-ndjson": {"type": "string", "description": "One event object a line"},
        }
    ),
)
async def receive(request: Request) -> JSONResponse:
    """Authenticated with the secret of an integration of format `events`; idempotent on event id."""
    rt: Runtime = request.app.state.runtime
    secret = bearer_token(request.headers.get("authorization")) or request.headers.get("x-aicident-token")
    integration = await run_in_threadpool(signals.integration_for_secret, rt, secret=secret)
    if integration.format != signals.EVENTS:
        raise InvalidInput(
            f"integration {integration.name!r} takes {integration.format} payloads, not events",
            allowed="the secret of an integration added with --format events",
        )
    request.app.state.limiter.take(f"integration {integration.name}", per_minute=integration.rate_per_minute)
    body = await read_body(request, MAX_DELIVERY_BYTES * 8)
    events = parse_events(body, request.headers.get("content-type"))
    if len(events) > MAX_EVENTS:
        raise InvalidInput(f"a batch of {len(events)} events is too large", allowed=f"at most {MAX_EVENTS} a request")
    outcome = await run_in_threadpool(service.receive, rt, integration=integration, events=events)
    rt.counters.inc("aicident_events_total", amount=outcome.accepted, integration=integration.name)
    return JSONResponse(
        {
            "accepted": outcome.accepted,
            "duplicates": outcome.duplicates,
            "findings": [
                {
                    "category": f.category,
                    "detector": f.detector,
                    "title": f.title,
                    "severity": f.severity,
                    "dedup_key": f.dedup_key,
                    "action": str(f.action),
                }
                for f in outcome.findings
            ],
            "signals": outcome.signals,
        },
        status_code=202,
    )
