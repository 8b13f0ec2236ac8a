"""Health, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from aicident.api import openapi
from aicident.api.deps import runtime
from aicident.api.problems import problem
from aicident.metrics import prometheus_labels
from aicident.runtime import Runtime
from aicident.store.engine import migrations_current, ping

router = APIRouter(tags=["operations"])


_UP = b'{"status":"ok"}'
_UP_HEADERS = [(b"content-length", str(len(_UP)).encode()), (b"content-type", b"application/json")]


@router.get("/healthz", summary="The process is up", response_model=dict)
async def healthz() -> Response:
    # On the event loop and already rendered: no worker thread, no serialisation. `Probes` answers it the same way.
    return Response(_UP, media_type="application/json")


class Probes:
    """GET /healthz answered in front of the router, byte for byte as the route above answers it: liveness probes
    and load balancers poll it, and the router and the endpoint machinery cost several times what uvicorn does. It is
    the innermost middleware, so the request is still logged with its id and its query checked like any other.
    Pure ASGI; any other request is handed on untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] == "http"
            and scope["path"] == "/healthz"
            and scope["method"] == "GET"
            and not scope.get("root_path")
        ):
            await send({"type": "http.response.start", "status": 200, "headers": list(_UP_HEADERS)})
            await send({"type": "http.response.body", "body": _UP})
            return
        await self.app(scope, receive, send)


@router.get("/readyz", summary="The database is reachable and its schema current")
def readyz(rt: Runtime = Depends(runtime)):
    try:
        ping(rt.engine)
        current = migrations_current(rt.engine)
    except Exception as error:  # any database fault means: not ready, say which
        return problem(503, "not_ready", "the database is unreachable", str(error).splitlines()[0])
    if not current:
        return problem(
            503,
            "not_ready",
            "the database schema is not at the newest migration",
            "restart the service: it migrates the database when it starts",
        )
    return {"status": "ready"}


@router.get(
    "/metrics",
    summary="Prometheus text exposition",
    response_class=Response,
    responses=openapi.text_response("text/plain", "The metrics in Prometheus text format 0.0.4"),
)
def metrics(rt: Runtime = Depends(runtime)) -> Response:
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        open_rows = uow.incidents.open_counts()
        overdue = uow.incidents.overdue_count(now)
    lines = rt.counters.render()
    lines += [
        "# HELP aicident_open_incidents Open incidents by severity and stage",
        "# TYPE aicident_open_incidents gauge",
    ]
    lines += [
        f"aicident_open_incidents{prometheus_labels({'severity': s or 'none', 'stage': st})} {n}"
        for s, st, n in open_rows
    ]
    lines += [
        "# HELP aicident_overdue_deadlines Deadlines past due and neither met nor waived",
        "# TYPE aicident_overdue_deadlines gauge",
        f"aicident_overdue_deadlines {overdue}",
    ]
    return Response("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4; charset=utf-8")
