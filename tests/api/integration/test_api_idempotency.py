"""Idempotency-Key: a replay answers the stored response and declares once; another body, a key in flight, a key of another client.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json

import pytest
from api_helpers import PROBLEM, admin, assert_problem, count_rows, signed_in
from fastapi import Response
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from aicident.app import create_app
from aicident.store.tables import idempotency_keys
from aicident.store.tables import incidents as incidents_table

DECLARATION = json.dumps({"title": "Chatbot promised refunds", "category": "hallucination_harm"}).encode()


def _post_declaration(client, headers, key: str, body: bytes = DECLARATION):
    return client.post(
        "/api/v1/incidents",
        content=body,
        headers={**headers, "Content-Type": "application/json", "Idempotency-Key": key},
    )


def test_the_same_key_and_body_replay_the_stored_response_and_declare_once(runtime, client):
    headers = admin(runtime)
    first = _post_declaration(client, headers, "declare-refunds-1")
    again = _post_declaration(client, headers, "declare-refunds-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (again.headers["Location"], again.headers["ETag"]) == ("/api/v1/incidents/INC-2026-0001", '"1"')
    assert count_rows(runtime, incidents_table) == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (DECLARATION, "application/json"),
        (json.dumps({"title": "Refunds", "category": "gremlins"}).encode(), PROBLEM),
    ],
    ids=["created", "refused"],
)
def test_a_replayed_response_keeps_its_content_type(runtime, client, body, content_type):
    headers = admin(runtime)
    first = _post_declaration(client, headers, "k", body)
    again = _post_declaration(client, headers, "k", body)
    assert first.headers["content-type"] == content_type
    assert again.headers.get("content-type") == content_type


def test_the_same_key_with_another_body_is_refused_with_422(runtime, client):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "declare-refunds-1").status_code == 201
    other = json.dumps({"title": "Chatbot leaked a prompt", "category": "data_leak"}).encode()
    refused = assert_problem(
        _post_declaration(client, headers, "declare-refunds-1", other), 422, "idempotency_conflict"
    )
    assert (refused["title"], refused["allowed"]) == (
        "this Idempotency-Key was used with a different request",
        "a new key for a new request",
    )
    assert count_rows(runtime, incidents_table) == 1


def test_a_key_still_in_flight_is_refused_with_409_until_it_expires_after_five_minutes(runtime, client, clock):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "learn-the-hashes").status_code == 201
    with runtime.engine.begin() as connection:
        done = connection.execute(select(idempotency_keys)).one()
        connection.execute(
            insert(idempotency_keys).values(
                principal=done.principal,
                key="in-flight",
                request_hash=done.request_hash,
                state="in_flight",
                created_at=clock(),
            )
        )
    refused = assert_problem(_post_declaration(client, headers, "in-flight"), 409, "idempotency_in_flight")
    assert refused["title"] == "a request with this Idempotency-Key is still being processed"
    clock.advance(minutes=5)
    assert _post_declaration(client, headers, "in-flight").status_code == 409
    assert count_rows(runtime, incidents_table) == 1
    clock.advance(seconds=1)  # a request that died before storing its answer must not block its key forever
    retried = _post_declaration(client, headers, "in-flight")
    assert (retried.status_code, retried.json()["ref"]) == (201, "INC-2026-0002")


def test_keys_belong_to_one_client_and_a_refusal_is_replayed_too(runtime, client):
    headers = admin(runtime)
    assert _post_declaration(client, headers, "k").status_code == 201
    other_person = signed_in(runtime, "pat", [])
    assert _post_declaration(client, other_person, "k").json()["ref"] == "INC-2026-0002"
    bad = json.dumps({"title": "Refunds", "category": "gremlins"}).encode()
    first = _post_declaration(client, headers, "bad", bad)
    again = _post_declaration(client, headers, "bad", bad)
    assert (first.status_code, again.status_code) == (400, 400)
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"


def test_an_idempotency_key_longer_than_255_characters_is_refused_with_400(runtime, client):
    assert_problem(_post_declaration(client, admin(runtime), "k" * 256), 400, "invalid_input")
    assert count_rows(runtime, incidents_table) == 0


def test_an_unexpected_error_frees_the_key_and_a_retry_with_it_runs_again(runtime):
    app = create_app(runtime)
    calls = []

    @app.post("/api/test-only/flaky", include_in_schema=False, status_code=201)
    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("an unexpected failure")
        return {"call": len(calls)}

    with TestClient(app, raise_server_exceptions=False) as client:
        headers = {**admin(runtime), "Idempotency-Key": "flaky-1"}
        failed = client.post("/api/test-only/flaky", headers=headers)
        assert (failed.status_code, failed.headers["content-type"]) == (500, PROBLEM)
        retried = client.post("/api/test-only/flaky", headers=headers)
        again = client.post("/api/test-only/flaky", headers=headers)
    assert (retried.status_code, retried.json()) == (201, {"call": 2})
    assert (again.status_code, again.json(), again.headers["Idempotent-Replayed"]) == (201, {"call": 2}, "true")
    assert len(calls) == 2


def test_a_keyed_response_keeps_every_header_the_endpoint_set(runtime):
    app = create_app(runtime)

    @app.post("/api/test-only/cookies", include_in_schema=False)
    def cookies(response: Response):
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return {}

    with TestClient(app) as client:
        answered = client.post("/api/test-only/cookies", headers={**admin(runtime), "Idempotency-Key": "c"})
    assert answered.status_code == 200
    assert [v.split(";")[0] for v in answered.headers.get_list("set-cookie")] == ["a=1", "b=2"]
    assert "x-request-id" in answered.headers
