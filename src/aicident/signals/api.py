"""Signal ingestion (Alertmanager, Grafana, PagerDuty Events v2, CloudEvents, customer reports) and the inbox.

Every delivery is acknowledged only after its transaction committed; a malformed one is 400 (senders do not retry),
a transient fault 503 with Retry-After (senders retry), an oversized one 413.
"""

import asyncio
import html
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool

from aicident.api import openapi
from aicident.api.deps import bearer_token, principal, runtime
from aicident.api.ratelimit import client_address
from aicident.auth.model import Principal
from aicident.errors import AicidentError, InvalidInput, PayloadTooLarge, RateLimited
from aicident.runtime import Runtime
from aicident.signals import service
from aicident.signals.formats import FORMATS
from aicident.signals.integrations import CUSTOMER_REPORTS, DETECTORS, INTEGRATION_FORMATS
from aicident.signals.model import Delivery

router = APIRouter(tags=["signals"])

MAX_DELIVERY_BYTES = 1024 * 1024
MAX_REPORT_BYTES = 64 * 1024
CUSTOMER_REPORTS_PER_MINUTE = 10


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the body is {declared} bytes; at most {limit} are accepted")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"the body is larger than {limit} bytes, the most accepted")
    return bytes(body)


def _accept_now(request: Request, integration: service.Integration, body: bytes) -> service.Outcome:
    """Check, parse and ingest a delivery from an authenticated sender (in a worker thread: it waits for the commit)."""
    rt: Runtime = request.app.state.runtime
    return service.ingest(rt, integration=integration, delivery=_parsed(request, integration, body))


def _parsed(request: Request, integration: service.Integration, body: bytes) -> Delivery:
    """A delivery from an authenticated sender, checked (format, rate) and parsed."""
    rt: Runtime = request.app.state.runtime
    if integration.format not in FORMATS:
        raise InvalidInput(
            f"integration {integration.name!r} takes {integration.format}, not signals",
            allowed="POST interaction events to /api/v1/events",
        )
    if integration.rate_per_minute:
        request.app.state.limiter.take(f"integration {integration.name}", per_minute=integration.rate_per_minute)
    try:
        return service.signal_format(rt, integration.format).parse(body, request.headers)
    except InvalidInput:
        rt.counters.inc("aicident_signals_rejected_total", source=integration.format)
        raise


Authenticate = Callable[[Connection], service.Integration]


async def _take(request: Request, authenticate: Authenticate, body: bytes) -> service.Outcome:
    """Authenticate, check, parse and ingest a delivery, the sender's integration read in the transaction that writes
    it. All of it runs on the writer's thread (SQLite's group committer, PostgreSQL's merging writer), merged with the
    deliveries waiting with it, and the request awaits the commit holding no worker thread."""
    rt: Runtime = request.app.state.runtime

    def prepare(connection: Connection) -> tuple[service.Integration, Delivery]:
        integration = authenticate(connection)
        return integration, _parsed(request, integration, body)

    return await asyncio.wrap_future(service.ingest_later(rt, service.Prepared(prepare)))


async def _accept(request: Request, integration: service.Integration, body: bytes) -> service.Outcome:
    return await run_in_threadpool(_accept_now, request, integration, body)


def _sender(request: Request, name: str, body: bytes) -> Authenticate:
    """How the sender of a delivery to /integrations/{name}/signals is authenticated: its signature or its secret."""
    rt: Runtime = request.app.state.runtime
    signature = request.headers.get("x-aicident-signature")
    if signature:
        return lambda c: service.integration_for_signature(rt, name=name, body=body, signature=signature, connection=c)
    secret = bearer_token(request.headers.get("authorization")) or request.headers.get("x-aicident-token")
    return lambda c: service.integration_for_secret(rt, secret=secret, name=name, connection=c)


def _accepted(outcome: service.Outcome) -> JSONResponse:
    return JSONResponse({"status": "accepted", "signals": outcome.signals}, status_code=202)


@router.post(
    "/api/v1/integrations/{name}/signals",
    status_code=202,
    summary="Deliver a monitoring payload",
    openapi_extra=openapi.request_body(
        {"application/json": {"type": "object", "description": "The payload in the integration's format"}}
    ),
)
async def deliver(name: str, request: Request) -> JSONResponse:
    """Authenticated by the integration's secret (Authorization: Bearer, X-Aicident-Token) or an HMAC-SHA256
    signature of the body (X-Aicident-Signature: sha256=<hex>)."""
    body = await read_body(request, MAX_DELIVERY_BYTES)
    return _accepted(await _take(request, _sender(request, name, body), body))


@router.post(
    "/api/v1/hooks/{secret}",
    status_code=202,
    summary="Deliver with the secret in the URL",
    openapi_extra=openapi.request_body(
        {"application/json": {"type": "object", "description": "The payload in the integration's format"}}
    ),
)
async def deliver_to_hook(secret: str, request: Request) -> JSONResponse:
    """For senders that cannot set headers: the URL itself is the credential, so keep it secret."""
    body = await read_body(request, MAX_DELIVERY_BYTES)
    rt: Runtime = request.app.state.runtime
    return _accepted(
        await _take(request, lambda c: service.integration_for_secret(rt, secret=secret, connection=c), body)
    )


def _pagerduty_error(status: int, message: str, errors: list[str], headers: dict | None = None) -> JSONResponse:
    return JSONResponse(
        {"status": "invalid event" if status == 400 else "error", "message": message, "errors": errors},
        status_code=status,
        headers=headers,
    )


@router.post("/v2/enqueue", status_code=202, summary="PagerDuty Events API v2")
async def pagerduty_enqueue(request: Request) -> JSONResponse:
    """PagerDuty-compatible: routing_key selects the integration; answers as PagerDuty does."""
    rt: Runtime = request.app.state.runtime
    body = await read_body(request, MAX_DELIVERY_BYTES)
    try:
        delivery = FORMATS["pagerduty"].parse(body, request.headers)
    except InvalidInput as error:
        rt.counters.inc("aicident_signals_rejected_total", source="pagerduty")
        return _pagerduty_error(400, "Event object is invalid", [str(error)])
    routing_key = delivery.envelope.get("routing_key")
    try:
        integration = await run_in_threadpool(service.integration_for_secret, rt, secret=routing_key)
        if integration.format != "pagerduty":
            raise InvalidInput(
                f"routing_key belongs to the {integration.format} integration {integration.name!r}, "
                "not to a pagerduty one"
            )
        if integration.rate_per_minute:
            request.app.state.limiter.take(f"integration {integration.name}", per_minute=integration.rate_per_minute)
    except RateLimited as error:
        return _pagerduty_error(
            429,
            "Requests for this service are arriving too quickly. Please retry later.",
            [str(error)],
            headers={"Retry-After": str(error.retry_after)},
        )
    except AicidentError as error:
        return _pagerduty_error(400, "Event object is invalid", [str(error)])
    outcome = await run_in_threadpool(service.ingest, rt, integration=integration, delivery=delivery)
    dedup_key = outcome.signals[0]["dedup_key"] if outcome.signals else None
    if dedup_key is None and outcome.signals:  # a trigger without a key: tell the sender the one we made
        dedup_key = await run_in_threadpool(_dedup_key_of, rt, outcome.signals[0]["signal"])
    return JSONResponse({"status": "success", "message": "Event processed", "dedup_key": dedup_key}, status_code=202)


def _dedup_key_of(rt: Runtime, signal_id: str) -> str | None:
    with rt.uow() as uow:
        row = uow.signals.get(signal_id)
    return row.dedup_key if row else None


# --- customer reports (public) -----------------------------------------------------------------------------

_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report a problem with our AI</title><link rel="stylesheet" href="/static/aicident.css"></head>
<body><main>
<h1>Report a problem with our AI</h1>
<p>Tell us what our AI assistant or AI feature did wrong. A person reads every report.</p>
<form method="post" action="/api/v1/customer-reports">
<p><label for="what_happened">What happened (required)</label><br>
<textarea id="what_happened" name="what_happened" rows="6" cols="60" required maxlength="5000"></textarea></p>
<p><label for="when">When did it happen</label><br><input id="when" name="when" size="40"></p>
<p><label for="feature">Which product or feature</label><br><input id="feature" name="feature" size="40"></p>
<p><label for="contact">How we can reach you (email or phone)</label><br>
<input id="contact" name="contact" size="40" maxlength="320"></p>
<p><button type="submit">Send report</button></p>
</form></main></body></html>"""


CUSTOMER_REPORT = {
    "type": "object",
    "required": ["what_happened"],
    "properties": {
        "what_happened": {"type": "string", "maxLength": 5000, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"},
        "when": {"type": "string", "maxLength": 500},
        "feature": {"type": "string", "maxLength": 200},
        "contact": {"type": "string", "maxLength": 320},
    },
}


@router.get("/report", response_class=HTMLResponse, summary="The public customer report form")
def report_form() -> str:
    return _FORM


@router.post(
    "/api/v1/customer-reports",
    status_code=202,
    summary="File a customer report (no sign-in)",
    openapi_extra=openapi.request_body(
        {"application/json": CUSTOMER_REPORT, "application/x-www-form-urlencoded": CUSTOMER_REPORT}
    ),
    responses={202: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def customer_report(request: Request):
    rt: Runtime = request.app.state.runtime
    client = client_address(request)
    request.app.state.limiter.take(
        f"customer reports from {client}", per_minute=CUSTOMER_REPORTS_PER_MINUTE, burst=CUSTOMER_REPORTS_PER_MINUTE
    )
    body = await read_body(request, MAX_REPORT_BYTES)
    outcome = await _accept(request, service.customer_reports(rt), body)
    reference = "CR-" + outcome.signals[0]["signal"][:8].upper()
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report received'
            f'</title><link rel="stylesheet" href="/static/aicident.css"></head><body><main>'
            f"<h1>Thank you: we received your report</h1><p>Your "
            f"reference is <strong>{html.escape(reference)}</strong>. Quote it if you contact us."
            f"</p></main></body></html>",
            status_code=202,
        )
    return JSONResponse(
        {"status": "received", "reference": reference, "message": "Thank you. A person will read your report."},
        status_code=202,
    )


# --- the inbox and integrations ----------------------------------------------------------------------------


class AttachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    incident: str


class DeclareFromIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str
    severity: str | None = None
    title: str | None = Field(default=None, max_length=300)


class DismissIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1)


class IntegrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        json_schema_extra={"pattern": r"^\s*[A-Za-z0-9_-]{1,100}\s*$", "not": {"enum": [CUSTOMER_REPORTS, DETECTORS]}},
        description="Letters, digits, '-' and '_' (kept in lower case).",
    )
    format: str = Field(max_length=32, json_schema_extra=openapi.one_of(INTEGRATION_FORMATS))
    rate_per_minute: int = Field(default=service.DEFAULT_RATE_PER_MINUTE, ge=1)


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grace: str = Field(
        default="24 hours",
        max_length=40,
        json_schema_extra={"pattern": r"^\s*\d+\s*(seconds?|minutes?|hours?|days?)\s*$"},
        description="How long the current secret keeps working, e.g. '24 hours', '30 minutes', '0 seconds'.",
    )


@router.get("/api/v1/signals", summary="Signals, newest first: the inbox (inbox=held), or those of an incident")
def list_signals(
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
    inbox: Literal["held", "attached", "dismissed"] | None = None,
    status: Literal["firing", "acknowledged", "resolved"] | None = None,
    incident: str | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
) -> dict:
    found = service.list_signals(rt, inbox=inbox, status=status, ref=incident, limit=limit + 1, offset=offset)
    return {
        "items": found[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(found) > limit else None,
    }


@router.post("/api/v1/signals/{signal_id}/attach", summary="Attach a held signal to an incident")
def attach(signal_id: str, body: AttachIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)):
    return {"incident": service.attach(rt, signal_id=signal_id, ref=body.incident, actor=who.handle, principal=who)}


@router.post("/api/v1/signals/{signal_id}/declare", status_code=201, summary="Declare an incident from a signal")
def declare_from(
    signal_id: str, body: DeclareFromIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
):
    ref = service.declare_from(
        rt,
        signal_id=signal_id,
        category=body.category,
        severity=body.severity,
        title=body.title,
        actor=who.handle,
        principal=who,
    )
    return {"incident": ref}


@router.post("/api/v1/signals/{signal_id}/dismiss", summary="Dismiss a held signal, with a reason")
def dismiss(signal_id: str, body: DismissIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)):
    service.dismiss(rt, signal_id=signal_id, reason=body.reason, actor=who.handle, principal=who)
    return {"dismissed": signal_id}


@router.get("/api/v1/integrations", summary="Monitoring integrations (never their secrets)")
def integrations(rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)):
    return service.list_integrations(rt)


@router.post("/api/v1/integrations", status_code=201, summary="Add an integration; its secret is shown once")
def add_integration(body: IntegrationIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)):
    secret = service.add_integration(
        rt, name=body.name, format=body.format, rate_per_minute=body.rate_per_minute, principal=who
    )
    return {"name": body.name.strip().lower(), "format": body.format, "secret": secret}


@router.post(
    "/api/v1/integrations/{name}/rotate",
    summary="A new secret (shown once); the old one keeps working for the grace period (default 24 hours)",
)
def rotate_integration(
    name: str, body: RotateIn | None = None, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
):
    grace = service.grace_of((body or RotateIn()).grace)
    return service.rotate_integration(rt, name=name, grace=grace, principal=who)


@router.post("/api/v1/integrations/{name}/disable", summary="Refuse the integration's deliveries until enabled")
def disable_integration(name: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)):
    service.set_integration_enabled(rt, name=name, enabled=False, principal=who)
    return {"name": name.strip().lower(), "disabled": True}


@router.post("/api/v1/integrations/{name}/enable", summary="Take the integration's deliveries again")
def enable_integration(name: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)):
    service.set_integration_enabled(rt, name=name, enabled=True, principal=who)
    return {"name": name.strip().lower(), "disabled": False}


@router.delete("/api/v1/integrations/{name}", status_code=204, summary="Delete an integration (its signals stay)")
def delete_integration(name: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> Response:
    service.delete_integration(rt, name=name, principal=who)
    return Response(status_code=204)
