"""GET /healthz is answered in front of the router (`ops.Probes`), byte for byte as its route answers it, and still
goes through the request log and the input checks like any other request.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import logging

from api_helpers import assert_problem
from fastapi.testclient import TestClient

from aicident import ops
from aicident.app import create_app


def _raw(response) -> tuple[int, dict, bytes]:
    headers = {k: v for k, v in response.headers.items() if k != "x-request-id"}
    return response.status_code, headers, response.content


def test_healthz_in_front_of_the_router_answers_as_the_route_does(runtime, client):
    probed = client.get("/healthz", headers={"X-Request-Id": "probe-1"})
    assert probed.headers["x-request-id"] == "probe-1"
    routed_app = create_app(runtime)
    routed_app.user_middleware = [m for m in routed_app.user_middleware if m.cls is not ops.Probes]
    assert len(routed_app.user_middleware) == len(client.app.user_middleware) - 1
    with TestClient(routed_app) as routed_client:
        routed = routed_client.get("/healthz")
    assert (
        _raw(probed)
        == _raw(routed)
        == (
            200,
            {"content-length": "15", "content-type": "application/json"},
            b'{"status":"ok"}',
        )
    )


def test_healthz_is_logged_and_its_query_checked_like_any_request(runtime, client, caplog):
    with caplog.at_level(logging.INFO, logger="aicident.http"):
        assert client.get("/healthz?verbose=1").status_code == 200
    logged = [r for r in caplog.records if r.getMessage() == "request"]
    assert [(r.method, r.path, r.status) for r in logged] == [("GET", "/healthz", 200)]
    assert_problem(client.get("/healthz?x=%00"), 400, "invalid_input")
    assert client.post("/healthz").status_code == 405  # only GET is answered in front; the rest as before
