"""Errors as RFC 9457 application/problem+json, mapped in this one place."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from aicident.api import openapi
from aicident.errors import (
    AicidentError,
    GuardFailed,
    RateLimited,
    StorageUnavailable,
    Unauthorized,
    UnsupportedMediaType,
)

PROBLEM = "application/problem+json"
log = logging.getLogger("aicident.http")


def problem(status: int, code: str, title: str, detail: str = "", **extra) -> JSONResponse:
    body = {"type": f"urn:aicident:problem:{code}", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v not in (None, {}, [])})
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _for_error(error: AicidentError) -> JSONResponse:
    extra = dict(error.details or {})
    if isinstance(error, GuardFailed) and error.guard:
        extra["guard"] = error.guard
    title = error.code.replace("_", " ").capitalize()
    extra["next"] = [step.to_json() for step in error.next]
    response = problem(error.status, error.code, title, str(error), allowed=error.allowed, **extra)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    elif isinstance(error, StorageUnavailable):
        response.headers["Retry-After"] = "1"
    elif isinstance(error, Unauthorized):
        response.headers["WWW-Authenticate"] = 'Bearer realm="aicident"'  # RFC 9110: a 401 says how to sign in
    return response


def error_response(error: AicidentError) -> JSONResponse:
    """The problem+json answer to an error raised outside an endpoint (in a middleware)."""
    return _for_error(error)


class ServerErrors:
    """The last resort, inside Starlette's own: an unexpected error is logged and answered with a 500 problem, and
    the connection stays usable for the client's next request (re-raised, the server would close it). Pure ASGI."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:  # half an answer is out: only closing the connection can say it failed
                raise
            log.exception("unexpected error", extra={"method": scope["method"], "status": 500})
            response = problem(500, "internal_error", "Internal error", "an unexpected error; it was logged")
            await response(scope, receive, send)


def install(app: FastAPI) -> None:
    @app.exception_handler(AicidentError)
    async def _aicident_error(_request: Request, error: AicidentError):
        return _for_error(error)

    @app.exception_handler(DataError)
    async def _data_error(_request: Request, error: DataError):
        # Input checks refuse what a database cannot hold before it gets there; this is the net under them.
        return problem(400, "invalid_input", "the request is not valid", f"the database refused a value: {error.orig}")

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, error: RequestValidationError):
        unsupported = _unsupported_media(request, error)
        if unsupported is not None:
            return _for_error(unsupported)
        problems = [
            {"path": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]} for e in error.errors()
        ]
        summary = "; ".join(f"{p['path'] or 'body'}: {p['message']}" for p in problems[:3])
        return problem(400, "invalid_input", "the request is not valid", summary, errors=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        response = problem(error.status_code, code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if error.status_code == 405:  # Starlette names the methods of the first route it matched, not of the path
            methods = openapi.allowed_methods(request.app, request.url.path)
            response.headers["Allow"] = ", ".join(sorted(methods))
        return response


def _unsupported_media(request: Request, error: RequestValidationError) -> UnsupportedMediaType | None:
    """A body the route could not read because it is not JSON: the media type is refused, not the fields."""
    if not any(e["loc"] and e["loc"][0] == "body" for e in error.errors()):
        return None
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return None
    if not media and not request.headers.get("content-length", "0").strip("0"):
        return None  # no body at all: a missing body, refused as such
    return UnsupportedMediaType(
        f"the body is {media or 'of no declared media type'}", allowed="Content-Type: application/json"
    )
