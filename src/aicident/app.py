"""create_app(runtime): the one place that wires the HTTP service together."""

from __future__ import annotations

import logging
import random
import time
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI

from aicident import ops
from aicident.api import openapi, problems
from aicident.api import plan as plan_api
from aicident.api.idempotency import IdempotencyMiddleware
from aicident.api.limits import InputLimits
from aicident.api.ratelimit import RateLimiter
from aicident.auth import api as people_api
from aicident.comms import api as comms_api
from aicident.containment import api as containment_api
from aicident.detectors import api as detectors_api
from aicident.detectors import service as detectors_service
from aicident.doctor import Doctor
from aicident.incidents import api as incidents_api
from aicident.notify import api as notify_api
from aicident.reports import api as reports_api
from aicident.runtime import Runtime
from aicident.signals import api as signals_api
from aicident.signals import views as signals_views
from aicident.signals.integrations import mask_secrets
from aicident.slack import api as slack_api
from aicident.web import views as web_views
from aicident.workers import start_in_background

log = logging.getLogger("aicident.http")


def _new_request_id() -> str:
    """A random (version 4) UUID in hex, as uuid4() makes, from the random module's generator (seeded from the OS
    and reseeded in a forked child) rather than a system call per request: a request id is no secret."""
    return uuid.UUID(int=random.getrandbits(128), version=4).hex


class RequestLog:
    """One JSON log line per request with its id (X-Request-Id, echoed back), status and duration; pure ASGI."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:100] or _new_request_id()
        started = time.perf_counter()
        status = 500

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if log.isEnabledFor(logging.INFO):
                path = mask_secrets(scope["path"])  # a hook URL holds its integration's secret
                parts = path.split("/")
                extra = {
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "client": scope["client"][0] if scope.get("client") else None,
                }
                if path.startswith("/api/v1/incidents/") and len(parts) > 4:
                    extra["incident"] = parts[4]
                log.info("request", extra=extra)


def create_app(runtime: Runtime, *, workers: bool = False, worker_interval: float = 2.0) -> FastAPI:
    """The service; with `workers`, the background workers run in this process while it serves."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        stop = None
        app.state.doctor.start(runtime.plan, runtime.clock())  # every delivery channel checked at start
        if workers:
            thread, stop = start_in_background(runtime, interval=worker_interval)
        yield
        if stop is not None:
            stop.set()
            thread.join(timeout=10)
        detectors_service.stop_background(runtime)

    app = FastAPI(
        lifespan=lifespan,
        title="aicident",
        version="0.1.0",
        summary="Run an AI incident response plan: incidents, roles, stages, deadlines, signals.",
        openapi_url="/openapi.json",
    )
    app.state.runtime = runtime
    app.state.limiter = RateLimiter()
    app.state.doctor = Doctor()
    runtime.counters.describe(
        "aicident_signals_total",
        "Signal events received, by source and result (new, deduplicated, duplicate, acknowledged, resolved, "
        "ignored_unknown)",
    )
    runtime.counters.describe("aicident_signals_rejected_total", "Deliveries refused as malformed, by source")
    problems.install(app)
    openapi.install(app, lambda: runtime.plan)
    app.add_middleware(ops.Probes)  # the innermost: GET /healthz needs no router
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(InputLimits)  # before anything reads a body
    app.add_middleware(problems.ServerErrors)
    app.add_middleware(RequestLog)

    app.include_router(ops.router)
    app.include_router(incidents_api.router)
    app.include_router(people_api.router)
    app.include_router(plan_api.router)
    app.include_router(signals_api.router)
    app.include_router(detectors_api.router)
    app.include_router(reports_api.router)
    app.include_router(notify_api.router)
    app.include_router(comms_api.router)
    app.include_router(web_views.router)
    app.include_router(containment_api.router)
    app.include_router(slack_api.router)
    app.include_router(signals_views.router)
    return app
