"""Health and metrics over HTTP: /readyz on a migrated, an unmigrated and an unreachable database; /metrics as Prometheus text.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import socket

import pytest
from api_helpers import alert_group, assert_problem, bearer, declare
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.runtime import build_runtime
from aicident.settings import Settings
from aicident.signals import service as signals


def test_readyz_answers_200_when_the_database_is_reachable_and_migrated(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})


def test_readyz_answers_503_when_the_schema_is_not_migrated(database_url, tmp_path, clock):
    settings = Settings(data_dir=tmp_path, database_url=database_url, plan_file=None, actor="tester")
    rt = build_runtime(settings, clock=clock, run_migrations=False)
    try:
        with TestClient(create_app(rt)) as unmigrated:
            response = unmigrated.get("/readyz")
    finally:
        rt.engine.dispose()
    assert_problem(response, 503, "not_ready", "restart the service: it migrates the database when it starts")
    assert response.json()["title"] == "the database schema is not at the newest migration"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path, clock, kind):
    url = (
        f"sqlite:///{tmp_path}"
        if kind == "sqlite"  # a directory is no database file
        else f"postgresql+psycopg://aicident@127.0.0.1:{_closed_port()}/aicident"
    )
    rt = build_runtime(
        Settings(data_dir=tmp_path, database_url=url, plan_file=None, actor="tester"), clock=clock, run_migrations=False
    )
    try:
        with TestClient(create_app(rt)) as unreachable:
            response = unreachable.get("/readyz")
    finally:
        rt.engine.dispose()
    assert_problem(response, 503, "not_ready")
    assert response.json()["title"] == "the database is unreachable"


def _samples(text: str) -> dict[str, str]:
    """Prometheus text exposition -> {metric{labels}: value} for every sample line."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = value
    return samples


def test_metrics_are_prometheus_text_with_open_incidents_overdue_deadlines_and_signal_counters(runtime, client, clock):
    declare(runtime, severity="SEV-2")  # the SEV-2 response is due within the hour
    declare(runtime, category="data_leak")
    secret = signals.add_integration(runtime, name="prom", format="alertmanager")
    delivered = client.post(
        "/api/v1/integrations/prom/signals", json=alert_group("LatencyHigh", "ErrorsHigh"), headers=bearer(secret)
    )
    assert delivered.status_code == 202
    assert (
        client.post(
            "/api/v1/integrations/prom/signals", json=alert_group("LatencyHigh"), headers=bearer(secret)
        ).status_code
        == 202
    )
    malformed = client.post("/api/v1/integrations/prom/signals", json={"version": "3"}, headers=bearer(secret))
    assert malformed.status_code == 400
    clock.advance(hours=2)

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE aicident_open_incidents gauge" in response.text.splitlines()
    assert "# TYPE aicident_overdue_deadlines gauge" in response.text.splitlines()
    assert "# TYPE aicident_signals_total counter" in response.text.splitlines()
    families = ("aicident_open_incidents", "aicident_overdue_deadlines", "aicident_signals_")
    assert {name: value for name, value in _samples(response.text).items() if name.startswith(families)} == {
        'aicident_open_incidents{severity="SEV-2",stage="detect"}': "1",
        'aicident_open_incidents{severity="none",stage="detect"}': "1",
        "aicident_overdue_deadlines": "2",
        'aicident_signals_total{result="new",source="alertmanager"}': "2",
        'aicident_signals_total{result="deduplicated",source="alertmanager"}': "1",
        'aicident_signals_rejected_total{source="alertmanager"}': "1",
    }
