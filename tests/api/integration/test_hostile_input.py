"""Hostile input is a 400 (or a 413), never a 500, and the same on SQLite and PostgreSQL: JSON nested too deeply,
text that is not UTF-8 and NUL characters, in bodies of every kind, form fields, query parameters and paths, each
refused with a problem that names the field. And a 500, when one happens, leaves the keep-alive connection usable for
the client's next request (a real uvicorn server).
"""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.signals import service as signals

PROBLEM = "application/problem+json"


@pytest.fixture
def app(runtime):
    return create_app(runtime)


@pytest.fixture
def setup(runtime, app):
    admin = auth.add_person(runtime, handle="root", admin=True)
    token = auth.create_token(runtime, handle="root").token
    del admin
    return {
        "admin": {"Authorization": f"Bearer {token}"},
        "am": {"Authorization": f"Bearer {signals.add_integration(runtime, name='am', format='alertmanager')}"},
        "events": {"Authorization": f"Bearer {signals.add_integration(runtime, name='app', format='events')}"},
    }


def answer(response) -> tuple[int, str, str, str | None]:
    assert response.headers["content-type"] == PROBLEM, response.text
    problem = response.json()
    return response.status_code, problem["code"], problem["detail"], problem.get("path")


ALERT = {"status": "firing", "labels": {"alertname": "X", "team": "ml"}, "annotations": {}}


def test_json_nested_too_deeply_is_refused_before_any_endpoint_parses_it(app, setup):
    deep_array, deep_object = b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000
    expected = (400, "invalid_input", "the body nests arrays and objects {} levels deep (at most 64 levels)", "")
    with TestClient(app) as client:
        for path, headers in (
            ("/api/v1/events", setup["events"]),
            ("/api/v1/integrations/am/signals", setup["am"]),
            ("/api/v1/incidents", setup["admin"]),
            ("/v2/enqueue", {}),
        ):
            for body, depth in ((deep_array, 5000), (deep_object, 3000)):
                response = client.post(path, content=body, headers={**headers, "Content-Type": "application/json"})
                got = answer(response)
                assert got == (expected[0], expected[1], expected[2].format(depth), expected[3]), path
        # Brackets inside strings are text, not nesting.
        text = json.dumps({"version": "4", "status": "firing", "alerts": [{**ALERT, "annotations": {"x": "[" * 500}}]})
        response = client.post("/api/v1/integrations/am/signals", content=text, headers=setup["am"])
        assert response.status_code == 202, response.text


def test_invalid_utf8_is_refused_naming_the_field(app, setup):
    body = b'{"version": "4", "status": "firing", "alerts": [{"status": "firing", "labels": {"team": "\xff\xfe"}}]}'
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/integrations/am/signals", content=body, headers={**setup["am"], "Content-Type": "application/json"}
        )
        assert answer(response) == (
            400,
            "invalid_input",
            "alerts[0].labels.team is not valid UTF-8 (UTF-8 text)",
            "alerts[0].labels.team",
        )
        events = client.post(
            "/api/v1/events",
            content=b'{"id": "e1", "input": "\xc3"}\n',
            headers={**setup["events"], "Content-Type": "application/x-ndjson"},
        )
        assert answer(events) == (400, "invalid_input", "input is not valid UTF-8 (UTF-8 text)", "input")
        form = client.post(
            "/api/v1/customer-reports",
            content=b"what_happened=%ff%fe",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert answer(form) == (
            400,
            "invalid_input",
            "form field what_happened is not valid UTF-8 (UTF-8 text)",
            "what_happened",
        )


def test_nul_characters_are_refused_naming_the_field_everywhere(app, setup):
    nul = "text without NUL (U+0000) characters"
    with TestClient(app) as client:
        title = client.post(
            "/api/v1/incidents", json={"title": "a\u0000b", "category": "data_leak"}, headers=setup["admin"]
        )
        assert answer(title) == (400, "invalid_input", f"title contains a NUL character ({nul})", "title")
        label = client.post(
            "/api/v1/integrations/am/signals",
            json={"version": "4", "status": "firing", "alerts": [{**ALERT, "labels": {"team": "m\u0000l"}}]},
            headers=setup["am"],
        )
        assert answer(label) == (
            400,
            "invalid_input",
            f"alerts[0].labels.team contains a NUL character ({nul})",
            "alerts[0].labels.team",
        )
        report = client.post("/api/v1/customer-reports", json={"what_happened": "It said \u0000"})
        assert answer(report) == (
            400,
            "invalid_input",
            f"what_happened contains a NUL character ({nul})",
            "what_happened",
        )
        form = client.post(
            "/api/v1/customer-reports",
            content=b"what_happened=It+said+%00",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert answer(form) == (
            400,
            "invalid_input",
            f"form field what_happened contains a NUL character ({nul})",
            "what_happened",
        )
        query = client.get("/api/v1/incidents?status=open%00", headers=setup["admin"])
        assert answer(query) == (
            400,
            "invalid_input",
            f"query parameter status contains a NUL character ({nul})",
            "status",
        )
        path = client.get("/api/v1/incidents/INC-2026-0001%00", headers=setup["admin"])
        assert answer(path) == (400, "invalid_input", f"the URL's path contains a NUL character ({nul})", "path")
        header = client.post(
            "/api/v1/integrations/am/signals",
            content=b"{}",
            headers={**setup["am"], "ce-specversion": "1.0"},
        )
        assert header.status_code == 400  # an alertmanager integration: CloudEvent headers are not its business
        listed = client.get("/api/v1/incidents", headers=setup["admin"])
        assert (listed.status_code, listed.json()["items"]) == (200, [])


def test_a_body_labelled_as_something_else_is_checked_as_what_it_is(app, setup, runtime):
    # Senders label JSON as text/plain or octet-stream (or not at all), and the signal endpoints read it as JSON
    # whatever the label: the same refusal as for application/json, on both databases; CSV and other text are checked
    # as text, named by line (and column).
    nul = "text without NUL (U+0000) characters"
    secret = setup["am"]["Authorization"].removeprefix("Bearer ")
    with_nul = json.dumps({"version": "4", "status": "firing", "alerts": [{**ALERT, "labels": {"team": "m\u0000l"}}]})
    not_utf8 = b'{"version": "4", "status": "firing", "alerts": [{"status": "firing", "labels": {"team": "\xff"}}]}'
    with TestClient(app) as client:
        for media in ("text/plain", "application/octet-stream", None):
            for path, headers in (("/api/v1/integrations/am/signals", setup["am"]), (f"/api/v1/hooks/{secret}", {})):
                labelled = {**headers, "Content-Type": media} if media else headers
                refused = client.post(path, content=with_nul, headers=labelled)
                assert answer(refused) == (
                    400,
                    "invalid_input",
                    f"alerts[0].labels.team contains a NUL character ({nul})",
                    "alerts[0].labels.team",
                ), (path, media)
                refused = client.post(path, content=not_utf8, headers=labelled)
                assert answer(refused) == (
                    400,
                    "invalid_input",
                    "alerts[0].labels.team is not valid UTF-8 (UTF-8 text)",
                    "alerts[0].labels.team",
                ), (path, media)
        assert signals.list_signals(runtime) == []
        declared = client.post(
            "/api/v1/incidents", json={"title": "Leak", "category": "data_leak"}, headers=setup["admin"]
        )
        ref = declared.json()["ref"]
        csv_headers = {**setup["admin"], "Content-Type": "text/csv"}
        csv = client.post(
            f"/api/v1/incidents/{ref}/customers",
            content="email,name\nana@example.com,Ana\nbo@example.com,B\u0000o\n",
            headers=csv_headers,
        )
        assert answer(csv) == (
            400,
            "invalid_input",
            f"line 3, column name of the body contains a NUL character ({nul})",
            "line 3, column name",
        )
        csv = client.post(
            f"/api/v1/incidents/{ref}/customers", content=b"email,name\nana@example.com,An\xe1\n", headers=csv_headers
        )
        assert answer(csv) == (
            400,
            "invalid_input",
            "the body is not valid UTF-8 (line 2, byte 29) (UTF-8 text)",
            "line 2",
        )
        assert client.get(f"/api/v1/incidents/{ref}/customers", headers=setup["admin"]).json() == []


def test_a_body_over_the_limit_is_413_before_it_is_read(app, setup):
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/integrations/am/signals",
            content=b"[" + b" " * (1024 * 1024) + b"]",
            headers={**setup["am"], "Content-Type": "application/json"},
        )
        assert answer(response)[:2] == (413, "payload_too_large")


def test_a_500_leaves_the_keep_alive_connection_usable_for_the_next_request(app):
    @app.get("/test-only/boom", include_in_schema=False)
    def boom():
        raise RuntimeError("an unexpected failure")

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/test-only/boom")
        failed = connection.getresponse()
        assert (failed.status, failed.getheader("content-type")) == (500, PROBLEM)
        assert json.loads(failed.read())["code"] == "internal_error"
        assert failed.getheader("connection") != "close"
        connection.request("GET", "/healthz")  # the same connection
        after = connection.getresponse()
        assert after.status == 200, after.read()
        after.read()
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
