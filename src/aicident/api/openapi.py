"""The OpenAPI document is the contract: FastAPI writes what each route declares, this module completes it.

What else an operation can answer follows from what the route depends on and from what every request passes through
on its way to it, so it is derived here, in one place (`RULES`), rather than written by hand in every decorator:

- every operation: 400 (a malformed URL, query, header or body); 503 (the database is unreachable, with
  Retry-After) unless it never touches storage;
- a method with a body (POST, PUT, PATCH, DELETE): 413 (the body is read up to a limit before anything parses it);
  a declared request body: 415 for a media type the operation does not take;
- credentials (a person's token, an integration's secret): 401 with WWW-Authenticate; a person's change: 403 when
  the plan does not grant it to the person's roles;
- a path parameter, or a query parameter that names a thing (`NAMING_QUERIES`): 404;
- If-Match: 412 when stale, 428 where the operation requires it;
- a POST under /api/ takes an Idempotency-Key: 409 while the first request with it is in flight (and when a state
  refuses the change), 422 when it comes back with another body;
- and what only the use case knows (`REFUSALS`): a rate limit (429), a version carried in the body (412), a state
  that refuses a read (409), another success (304).

Every refusal is an RFC 9457 problem (`Problem`), except where a sender's own protocol defines the error
(`SENDER_ERRORS`). Parameters a client cannot send as null (query, header) are documented without null; values the
plan defines (categories, severities, stages, roles, audiences) are enums of the plan in force (`vocabulary` and
`NAMED_VOCABULARIES`), fixed sets are enums (`one_of`); text never contains NUL, and required text is not blank, as
the server checks. A route whose success is not JSON says so (`text_response`); one that reads its body itself
declares it (`request_body`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic.json_schema import JsonDict

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
IF_MATCH_NAMED = {
    "type": "string",
    "pattern": r'^(?:W/)?"[0-9]+"$|^[0-9]+$',
    "description": 'The ETag of the version the change is made on, e.g. "7" (or 7).',
}
IF_MATCH_SCHEMA = {
    "type": "string",
    "pattern": r'^(?:W/)?"[0-9]+"$|^[0-9]+$|^\*$',
    "description": 'The ETag of the version the change expects, e.g. "7" (or 7; or *: any version).',
}

# Operations whose credentials are not a dependency of the route: they read them from the request themselves.
INTEGRATION: list[dict[str, list]] = [{"integrationSecret": []}, {"integrationToken": []}]
CREDENTIALS: dict[str, list[dict[str, list]]] = {
    "POST /api/v1/integrations/{name}/signals": [*INTEGRATION, {"integrationSignature": []}],
    "POST /api/v1/events": INTEGRATION,
}
# Operations that never touch storage.
NO_STORAGE = {"GET /healthz", "GET /report"}
# Operations that answer 428 without If-Match.
IF_MATCH_REQUIRED = {"PUT /api/v1/incidents/{ref}/report", "POST /api/v1/incidents/{ref}/report/regenerate"}

# Query parameters that name a thing (an incident): an unknown one is 404, as in a path.
NAMING_QUERIES = {"incident"}
# Operations that answer errors in their sender's own format (PagerDuty's Events API v2), not as problems.
SENDER_ERRORS: dict[str, dict[str, Any]] = {
    "POST /v2/enqueue": {
        "type": "object",
        "required": ["status", "message", "errors"],
        "properties": {
            "status": {"type": "string"},
            "message": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "string"}},
        },
    }
}

# What only the use case knows: the statuses it refuses (or succeeds) with beyond the rules above.
REFUSALS: dict[str, set[int]] = {
    "GET /api/v1/controls": {304},  # If-None-Match names the current snapshot
    "POST /v2/enqueue": {429},  # an integration's rate limit, told in PagerDuty's words
    "POST /api/v1/integrations/{name}/signals": {429},
    "POST /api/v1/hooks/{secret}": {401, 429},  # the path is the credential
    "POST /api/v1/customer-reports": {429},  # per client address
    "POST /api/v1/events": {429},
    # The version a draft change was made on is in the body.
    "PUT /api/v1/incidents/{ref}/drafts/{draft_id}": {409, 412},
    "POST /api/v1/incidents/{ref}/drafts/{draft_id}/slots": {412},
    "POST /api/v1/incidents/{ref}/drafts/{draft_id}/approvals": {412},
    "GET /api/v1/incidents/{ref}/drafts/{draft_id}/preview": {409},  # nobody to send it to yet
}


def request_body(content: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The openapi_extra of a route that reads its body itself: the media types it takes, each with its schema."""
    return {"requestBody": {"required": True, "content": {media: {"schema": s} for media, s in content.items()}}}


def text_response(media: str, description: str) -> dict[Any, Any]:
    """The `responses` of a route whose success is text in `media` (it sets the body's media type itself)."""
    return {200: {"description": description, "content": {media: {"schema": {"type": "string"}}}}}


def one_of(values: Iterable[str]) -> JsonDict:
    """The json_schema_extra of a field or parameter that takes one of a fixed set of values (the use case checks it
    and refuses anything else in its own words; the document states the set)."""
    return {"enum": [str(v) for v in values]}


def vocabulary(name: str) -> JsonDict:
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

# Fields and query parameters that carry a value of the plan, by name: the same name means the same thing across
# the API, so they are marked here once rather than in every model.
NAMED_VOCABULARIES = {
    "category": "category",
    "severity": "severity",
    "stage": "stage",
    "role": "role",
    "roles": "role",
    "audience": "audience",
    "obligation": "obligation",
}

# Query filters that take any value (an unknown one matches nothing).
FREE_QUERIES = {"obligation"}


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
    _no_nul([schema for name, schema in schemas.items() if name != "Problem"])  # a problem quotes what it refuses
    for item in doc["paths"].values():
        for operation in item.values():
            _no_nul([p.get("schema") for p in operation.get("parameters", []) if p["in"] != "header"])
            _no_nul(operation.get("requestBody", {}))
    return doc


NO_NUL = "^[^\\u0000]*$"
# Text the API requires (minLength 1) is stripped before it is checked: it needs a character that is not a space.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def _no_nul(node: Any) -> None:
    """The API refuses a NUL character anywhere in a request (api/limits.py): free text says so in its pattern, and
    so do the names of free-form objects' members."""
    if isinstance(node, list):
        for item in node:
            _no_nul(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not {"pattern", "enum", "format", "const"} & node.keys():
        node["pattern"] = NOT_BLANK if node.get("minLength", 0) >= 1 else NO_NUL
    if node.get("type") == "object" and node.get("additionalProperties") not in (None, False):
        node.setdefault("propertyNames", {"pattern": NO_NUL})
    for value in node.values():
        _no_nul(value)


def _complete(operation: dict[str, Any], key: str, method: str, depends: set[str]) -> None:
    parameters = _parameters(operation, key, method)
    security = _security(key, depends)
    if security is not None:
        operation["security"] = security
    facts = _Facts(key, method, depends, parameters, "requestBody" in operation, security is not None)
    statuses = {400} | REFUSALS.get(key, set())
    for granted, applies in RULES:
        if applies(facts):
            statuses |= granted
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's validation error: refusals are 400 problems here
    for status in sorted(statuses):
        _add_response(responses, status, SENDER_ERRORS.get(key))


def _parameters(operation: dict[str, Any], key: str, method: str) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
    for parameter in parameters:
        if parameter["in"] in ("query", "header", "path"):
            parameter["schema"] = _without_null(parameter.get("schema", {}))
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            required = key in IF_MATCH_REQUIRED
            parameter["schema"] = dict(IF_MATCH_NAMED if required else IF_MATCH_SCHEMA)
            parameter["required"] = required
    if method == "POST" and key.split(" ", 1)[1].startswith("/api/"):
        parameters.append(dict(IDEMPOTENCY_KEY))
    if not parameters:
        operation.pop("parameters")
    return parameters


def _security(key: str, depends: set[str]) -> list[dict[str, list]] | None:
    if PERSON in depends:
        return [{"token": []}]
    if READER in depends:
        return [{"token": []}, *INTEGRATION]
    return CREDENTIALS.get(key)


@dataclass(frozen=True)
class _Facts:
    """What the route table says about one operation."""

    key: str
    method: str
    depends: set[str]
    parameters: list[dict[str, Any]]
    has_body: bool
    authenticated: bool

    def names_a_thing(self) -> bool:
        return any(p["in"] == "path" or (p["in"] == "query" and p["name"] in NAMING_QUERIES) for p in self.parameters)


# The statuses an operation can answer, by what it has: one rule each.
RULES: list[tuple[set[int], Callable[[_Facts], bool]]] = [
    ({503}, lambda f: f.key not in NO_STORAGE),
    ({413}, lambda f: f.method in BODY_METHODS),
    ({415}, lambda f: f.has_body),
    ({401}, lambda f: f.authenticated),
    ({403}, lambda f: PERSON in f.depends and f.method != "GET"),
    ({404}, _Facts.names_a_thing),
    ({412}, lambda f: IF_MATCH in f.depends),
    ({428}, lambda f: IF_MATCH in f.depends and f.key in IF_MATCH_REQUIRED),
    ({409, 422}, lambda f: any(p["name"] == IDEMPOTENCY_KEY["name"] for p in f.parameters)),
]


def _add_response(responses: dict[str, Any], status: int, sender_error: dict[str, Any] | None = None) -> None:
    if status < 400:
        responses.setdefault(str(status), {"description": REASONS[status]})
        return
    response = responses.setdefault(str(status), {"description": REASONS[status]})
    content = response.setdefault("content", {})
    if not content.get("application/json", {}).get("schema"):  # what FastAPI adds to a response it knows nothing of
        content.pop("application/json", None)
    if sender_error is not None:
        content.setdefault("application/json", {"schema": sender_error})
    else:
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
    """Every schema marked with `vocabulary(name)`, and every property or query parameter named as in
    `NAMED_VOCABULARIES`, takes the plan's values as its enum (inside a nullable anyOf, the string branch does; in an
    array, its items do)."""
    if isinstance(node, list):
        for item in node:
            _fill_vocabularies(item, plan)
        return
    if not isinstance(node, dict):
        return
    for field, schema in node.get("properties", {}).items():
        if field in NAMED_VOCABULARIES and isinstance(schema, dict):
            schema.setdefault(VOCABULARY, NAMED_VOCABULARIES[field])
    if node.get("in") == "query" and node.get("name") in NAMED_VOCABULARIES.keys() - FREE_QUERIES:
        node.setdefault("schema", {}).setdefault(VOCABULARY, NAMED_VOCABULARIES[node["name"]])
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
