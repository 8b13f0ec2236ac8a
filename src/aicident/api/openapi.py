"""The OpenAPI document is the contract: FastAPI writes what each route declares, this module completes it.

What else an operation can answer follows from what the route depends on and from what every request passes through
on its way to it, so it is derived here, in one place, rather than written by hand in every decorator:

- every operation: 400 (a malformed URL, query, header or body); 503 (the database is unreachable, with
  Retry-After) unless it never touches storage;
- a method with a body (POST, PUT, PATCH, DELETE): 413 (the body is read up to a limit before anything parses it);
  a declared request body: 415 for a media type the operation does not take;
- credentials (a person's token, an integration's secret): 401 with WWW-Authenticate; a person's change: 403 when
  the plan does not grant it to the person's roles;
- a path parameter: 404 (it names an incident, a signal, a person...);
- If-Match: 412 when stale, 428 where the operation requires it;
- a POST under /api/ takes an Idempotency-Key: 409 while the first request with it is in flight, 422 when it comes
  back with another body;
- and what only the use case knows (`REFUSALS`): a guard or a state that refuses (409), a body or a query naming a
  thing that does not exist (404), a rate limit (429), another success (202, 304).

Every refusal is an RFC 9457 problem (`Problem`). Parameters a client cannot send as null (query, header) are
documented without null; values the plan defines (categories, severities, stages, roles, audiences) are enums of the
plan in force (`vocabulary` marks them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from aicident.plan.schema import Plan

PROBLEM = "application/problem+json"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
VOCABULARY = "x-aicident-vocabulary"

# The dependencies (by function name) that say what a route authenticates and checks.
PERSON = "principal"
READER = "reader"
IF_MATCH = "if_match"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem: what was wrong (`detail`), what is accepted (`allowed`) and, as data, what "
    "would satisfy the refusal (`next`).",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "pattern": "^urn:aicident:problem:[a-z_]+$"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "pattern": "^[a-z_]+$", "description": "Stable and machine-readable."},
        "detail": {"type": "string"},
        "allowed": {"type": "string", "description": "What would have been accepted."},
        "next": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["action", "label", "args"],
                "properties": {
                    "action": {"type": "string"},
                    "label": {"type": "string"},
                    "args": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
        "errors": {
            "type": "array",
            "description": "Each field that is not valid, by its path.",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "guard": {"type": "string", "description": "The stage guard that does not hold (guard_failed)."},
        "path": {"type": "string", "description": "Where in the request the bad value is."},
    },
}

SECURITY_SCHEMES: dict[str, Any] = {
    "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "A person's API token (`aic_...`): `aicident token create`, or POST /api/v1/people/{handle}/tokens.",
    },
    "integrationSecret": {
        "type": "http",
        "scheme": "bearer",
        "description": "The secret of an integration (`ais_...`), shown once when it is added or rotated.",
    },
    "integrationToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Aicident-Token",
        "description": "The secret of an integration, for senders that cannot set Authorization.",
    },
    "integrationSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Aicident-Signature",
        "description": "`sha256=` and the hex HMAC-SHA256 of the body with the integration's secret.",
    },
}

REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    304: "Not Modified: the If-None-Match ETag is current",
    400: "The request is malformed or breaks a rule of the plan (`invalid_input`)",
    401: "No valid credentials (`unauthorized`)",
    403: "The plan does not grant this to the person's roles (`forbidden`)",
    404: "What the request names does not exist (`not_found`)",
    409: "A guard, the state of what it changes, or a request with the same Idempotency-Key still in flight, "
    "refuses it",
    412: "If-Match names a version that is no longer current (`precondition_failed`)",
    413: "The body is larger than the operation accepts (`payload_too_large`)",
    415: "The body's media type is not one the operation takes (`unsupported_media_type`)",
    422: "The Idempotency-Key was used with another request (`idempotency_conflict`)",
    428: "If-Match is required (`precondition_required`)",
    429: "Over a rate limit (`rate_limited`); Retry-After says when to try again",
    503: "The database cannot be reached (`storage_unavailable`, `not_ready`); Retry-After says when to try again",
}

RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
HEADERS = {
    401: {"WWW-Authenticate": {"description": "How to sign in.", "required": True, "schema": {"type": "string"}}},
    429: {"Retry-After": {**RETRY_AFTER, "required": True}},
    503: {"Retry-After": {**RETRY_AFTER, "required": True}},
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "The same key and body replays the first answer (Idempotent-Replayed: true); the same key with "
    "another body is 422; while the first request with the key is in flight, 409. Kept per credential.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"\S"},
}
IF_MATCH_SCHEMA = {
    "type": "string",
    "pattern": r'^(?:W/)?"[0-9]+"$|^[0-9]+$|^\*$',
    "description": 'The ETag of the version the change expects, e.g. "7" (or 7; or *: any version).',
}

# Operations whose credentials are not a dependency of the route: they read them from the request themselves.
INTEGRATION = [{"integrationSecret": []}, {"integrationToken": []}]
CREDENTIALS: dict[str, list[dict[str, list]]] = {
    "POST /api/v1/integrations/{name}/signals": [*INTEGRATION, {"integrationSignature": []}],
    "POST /api/v1/events": INTEGRATION,
}
# Operations that never touch storage.
NO_STORAGE = {"GET /healthz", "GET /report"}
# Operations that answer 428 without If-Match.
IF_MATCH_REQUIRED = {"PUT /api/v1/incidents/{ref}/report", "POST /api/v1/incidents/{ref}/report/regenerate"}

# What only the use case knows: the statuses it refuses (or succeeds) with beyond the rules above.
REFUSALS: dict[str, set[int]] = {}


def vocabulary(name: str) -> dict[str, str]:
    """The json_schema_extra of a field whose values the plan defines (see `VOCABULARIES`)."""
    return {VOCABULARY: name}


def _clock_obligations(plan: Plan) -> list[str]:
    return [f"clock:{clock.id}" for clock in plan.regulatory]


# Values the plan defines, by name; a schema marked with `vocabulary(name)` gets them as its enum.
VOCABULARIES: dict[str, Callable[[Plan], list[str]]] = {
    "category": lambda plan: plan.category_ids(),
    "severity": lambda plan: plan.severity_ids(),
    "stage": lambda plan: plan.stage_ids(),
    "role": lambda plan: plan.role_ids(),
    "audience": lambda plan: [*plan.audiences(), *_clock_obligations(plan)],
    "obligation": lambda plan: [*plan.audiences(), *_clock_obligations(plan)],
}


# --- the route table ----------------------------------------------------------------------------------------------


def _route_contexts(app: FastAPI) -> Iterator[Any]:
    """Every route of the app, included routers flattened (FastAPI >= 0.13x keeps them nested)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # an older FastAPI: its routes are flat already
        yield from app.routes
        return
    yield from iter_route_contexts(app.routes)


def api_routes(app: FastAPI) -> Iterator[Any]:
    for route in _route_contexts(app):
        if isinstance(getattr(route, "original_route", route), APIRoute):
            yield route


def allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method some route serves at `path` (what a 405 answer's Allow lists)."""
    methods: set[str] = set()
    for route in _route_contexts(app):
        regex = getattr(route, "path_regex", None)
        if regex is not None and route.methods and regex.match(path):
            methods |= set(route.methods)
    return methods


def _dependencies(dependant: Any, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    for dependency in dependant.dependencies:
        found.add(getattr(dependency.call, "__name__", ""))
        _dependencies(dependency, found)
    return found


# --- the document -------------------------------------------------------------------------------------------------


def install(app: FastAPI, plan: Callable[[], Plan]) -> None:
    """Serve the completed document at the app's openapi_url (built once: the plan of a process does not change)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app, plan())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document(app: FastAPI, plan: Plan) -> dict[str, Any]:
    doc = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        depends = _dependencies(route.dependant)
        for method in route.methods:
            operation = doc["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _complete(operation, f"{method} {route.path_format}", method, depends)
    _fill_vocabularies(doc, plan)
    return doc


def _complete(operation: dict[str, Any], key: str, method: str, depends: set[str]) -> None:
    parameters = operation.setdefault("parameters", [])
    for parameter in parameters:
        if parameter["in"] in ("query", "header", "path"):
            parameter["schema"] = _without_null(parameter.get("schema", {}))
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            parameter["schema"] = dict(IF_MATCH_SCHEMA)
            parameter["required"] = key in IF_MATCH_REQUIRED
    if method == "POST" and key.split(" ", 1)[1].startswith("/api/"):
        parameters.append(dict(IDEMPOTENCY_KEY))
    if not parameters:
        operation.pop("parameters")

    security = CREDENTIALS.get(key)
    if PERSON in depends:
        security = [{"token": []}]
    elif READER in depends:
        security = [{"token": []}, *INTEGRATION]
    if security is not None:
        operation["security"] = security

    statuses = {400} | REFUSALS.get(key, set())
    if key not in NO_STORAGE:
        statuses.add(503)
    if method in BODY_METHODS:
        statuses.add(413)
    if "requestBody" in operation:
        statuses.add(415)
    if security is not None:
        statuses.add(401)
    if PERSON in depends and method != "GET":
        statuses.add(403)
    if any(p["in"] == "path" for p in parameters):
        statuses.add(404)
    if IF_MATCH in depends:
        statuses.add(412)
        if key in IF_MATCH_REQUIRED:
            statuses.add(428)
    if any(p["name"] == IDEMPOTENCY_KEY["name"] for p in parameters):
        statuses |= {409, 422}

    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    for status in sorted(statuses):
        _add_response(responses, status)


def _add_response(responses: dict[str, Any], status: int) -> None:
    if status < 400:
        responses.setdefault(str(status), {"description": REASONS[status]})
        return
    response = responses.setdefault(str(status), {"description": REASONS[status]})
    content = response.setdefault("content", {})
    if not content.get("application/json", {}).get("schema"):  # what FastAPI adds to a response it knows nothing of
        content.pop("application/json", None)
    content.setdefault(PROBLEM, {"schema": {"$ref": "#/components/schemas/Problem"}})
    if status in HEADERS:
        response.setdefault("headers", {}).update(copy.deepcopy(HEADERS[status]))


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query or header parameter is absent or a string: `null` is not a value it can take."""
    branches = schema.get("anyOf")
    if not branches:
        return schema
    kept = [b for b in branches if b.get("type") != "null"]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(kept) == 1:
        return {**kept[0], **rest}
    return {**rest, "anyOf": kept}


def _fill_vocabularies(node: Any, plan: Plan) -> None:
    """Every schema marked with `vocabulary(name)` takes the plan's values as its enum (inside a nullable anyOf, the
    string branch does; in an array, its items do)."""
    if isinstance(node, list):
        for item in node:
            _fill_vocabularies(item, plan)
        return
    if not isinstance(node, dict):
        return
    name = node.get(VOCABULARY)
    if name is not None:
        _set_enum(node, VOCABULARIES[name](plan))
    for value in node.values():
        _fill_vocabularies(value, plan)


def _set_enum(schema: dict[str, Any], values: list[str]) -> None:
    if schema.get("type") == "array":
        _set_enum(schema.setdefault("items", {}), values)
    elif "anyOf" in schema:
        for branch in schema["anyOf"]:
            if branch.get("type") in ("string", "array"):
                _set_enum(branch, values)
    else:
        for keyword in ("minLength", "maxLength", "pattern"):
            schema.pop(keyword, None)
        schema["enum"] = list(values)

