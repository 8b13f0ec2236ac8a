"""People and tokens over the HTTP API: added by an administrator, a token shown once and stored as its hash, listed without secrets, revoked.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import re

import pytest
from api_helpers import PLAN, admin, assert_problem, bearer, signed_in
from sqlalchemy import select

from aicident.auth import service as auth
from aicident.auth.model import token_hash
from aicident.store.tables import api_tokens


def test_an_administrator_adds_a_person_and_issues_a_token_shown_once_and_stored_only_as_its_hash(runtime, client):
    headers = admin(runtime)
    added = client.post(
        "/api/v1/people",
        json={"handle": "Dana", "name": "Dana Diaz", "email": "dana@example.com", "roles": ["ai_lead"]},
        headers=headers,
    )
    assert (added.status_code, added.json()) == (
        201,
        {
            "handle": "dana",
            "name": "Dana Diaz",
            "email": "dana@example.com",
            "chat": "",
            "roles": ["ai_lead"],
            "admin": False,
            "disabled": False,
        },
    )

    issued = client.post("/api/v1/people/dana/tokens", json={"name": "laptop", "expires_in_days": 30}, headers=headers)
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert re.fullmatch(r"aic_[A-Za-z0-9_-]{43}", token)
    assert set(issued.json()) == {"id", "handle", "token", "expires_at"}
    assert (issued.json()["handle"], issued.json()["expires_at"]) == ("dana", "2026-12-23T14:00:00+00:00")
    assert client.get("/api/v1/me", headers=bearer(token)).json() == {
        "handle": "dana",
        "name": "Dana Diaz",
        "roles": ["ai_lead"],
        "admin": False,
    }

    with runtime.engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(api_tokens))]
    assert [row["token_hash"] for row in rows if row["id"] == issued.json()["id"]] == [
        hashlib.sha256(token.encode()).hexdigest()
    ]
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert not [value for row in rows for value in row.values() if isinstance(value, str) and token in value]
    assert not [value for row in rows for value in row.values() if isinstance(value, str) and value.startswith("aic_")]


def test_tokens_are_listed_without_their_secrets_and_a_revoked_one_stops_working(runtime, client):
    headers = admin(runtime)
    auth.add_person(runtime, handle="dana", roles=["ai_lead"])
    issued = client.post("/api/v1/people/dana/tokens", json={"name": "laptop"}, headers=headers).json()

    listing = client.get("/api/v1/tokens", headers=headers)
    assert listing.status_code == 200
    assert issued["token"] not in listing.text
    assert issued["token"][4:] not in listing.text
    assert token_hash(issued["token"]) not in listing.text
    dana = [t for t in listing.json() if t["handle"] == "dana"]
    assert dana == [
        {
            "id": issued["id"],
            "handle": "dana",
            "name": "laptop",
            "created_at": "2026-11-23T14:00:00+00:00",
            "expires_at": "2027-02-21T14:00:00+00:00",
            "state": "active",
        }
    ]
    assert {tuple(sorted(t)) for t in listing.json()} == {("created_at", "expires_at", "handle", "id", "name", "state")}
    assert client.get("/api/v1/tokens", headers=bearer(issued["token"])).json() == dana  # her own only

    revoked = client.delete(f"/api/v1/tokens/{issued['id']}", headers=headers)
    assert (revoked.status_code, revoked.content) == (204, b"")
    assert_problem(client.get("/api/v1/me", headers=bearer(issued["token"])), 401, "unauthorized")
    assert [t["state"] for t in client.get("/api/v1/tokens", headers=headers).json() if t["handle"] == "dana"] == [
        "revoked"
    ]
    assert_problem(client.delete(f"/api/v1/tokens/{issued['id']}", headers=headers), 404, "not_found")


def test_a_person_who_is_not_an_administrator_cannot_add_people_or_manage_others_tokens(runtime, client):
    admin_headers = admin(runtime)
    commander = signed_in(runtime, "casey", PLAN.role_ids())  # every plan role, but no administrator
    assert_problem(
        client.post("/api/v1/people", json={"handle": "eve", "roles": ["incident_commander"]}, headers=commander),
        403,
        "forbidden",
        "casey may not manage people and tokens (an administrator may)",
    )
    assert [p["handle"] for p in auth.list_people(runtime)] == ["admin", "casey"]
    assert_problem(
        client.post("/api/v1/people/admin/tokens", json={}, headers=commander),
        403,
        "forbidden",
        "casey may not manage people and tokens (an administrator may)",
    )
    assert_problem(
        client.put("/api/v1/people/casey/roles", json={"roles": ["executive_sponsor"]}, headers=commander),
        403,
        "forbidden",
    )
    assert_problem(
        client.post("/api/v1/integrations", json={"name": "prom", "format": "alertmanager"}, headers=commander),
        403,
        "forbidden",
        "casey may not add integrations (an administrator may)",
    )
    admins_token = auth.list_tokens(runtime, handle="admin")[0]["id"]
    assert_problem(
        client.delete(f"/api/v1/tokens/{admins_token}", headers=commander),
        403,
        "forbidden",
        "you may revoke only your own tokens (an administrator may revoke any)",
    )
    own = client.post("/api/v1/people/casey/tokens", json={"name": "second"}, headers=commander)
    assert (own.status_code, own.json()["handle"]) == (201, "casey")
    assert client.get("/api/v1/me", headers=admin_headers).json()["admin"] is True


def test_setting_roles_for_a_handle_with_a_trailing_space_answers_the_person(runtime, client):
    headers = admin(runtime)
    auth.add_person(runtime, handle="dana", roles=["ai_lead"])
    response = client.put("/api/v1/people/dana%20/roles", json={"roles": ["comms_lead"]}, headers=headers)
    assert (response.status_code, response.json()["roles"]) == (200, ["comms_lead"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/people", {"handle": "dana", "email": "d" * 321}),
        ("/api/v1/people/admin/tokens", {"name": "n" * 201}),
        ("/api/v1/integrations", {"name": "i" * 101, "format": "alertmanager"}),
    ],
    ids=["person email", "token name", "integration name"],
)
def test_a_value_longer_than_its_column_is_refused_with_400(runtime, client, path, body):
    assert_problem(client.post(path, json=body, headers=admin(runtime)), 400, "invalid_input")


def test_a_refused_sign_in_says_how_to_sign_in(runtime, client):
    refused = client.get("/api/v1/incidents")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer realm="aicident"'
