"""Health, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from sqlalchemy import func, select, text

from aicident.api.deps import runtime
from aicident.api.problems import problem
from aicident.metrics import prometheus_labels
from aicident.runtime import Runtime
from aicident.store.engine import migrations_current
from aicident.store.tables import deadlines, incidents

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="The database is reachable and its schema current")
def readyz(rt: Runtime = Depends(runtime)):
    try:
        with rt.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
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


@router.get("/metrics", summary="Prometheus text exposition")
def metrics(rt: Runtime = Depends(runtime)) -> Response:
    now = rt.clock()
    with rt.engine.connect() as connection:
        open_rows = connection.execute(
            select(incidents.c.severity, incidents.c.stage, func.count())
            .where(incidents.c.status == "open")
            .group_by(incidents.c.severity, incidents.c.stage)
        ).all()
        overdue = connection.execute(
            select(func.count())
            .select_from(deadlines)
            .where(deadlines.c.met_at.is_(None), deadlines.c.waived.is_(False), deadlines.c.due_at < now)
        ).scalar()
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
