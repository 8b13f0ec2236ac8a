"""Idempotency-Key on POST: the same key and body replays the stored response; the same key with another body is
422; a request still in flight with the same key is 409. Keys are per client (the hash of its credentials)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy.engine import Row
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

from aicident.api.problems import problem

# A request that died before storing its response must not block its key forever.
IN_FLIGHT_EXPIRY = timedelta(minutes=5)
MAX_KEY_LENGTH = 255


class IdempotencyMiddleware:
    """Pure ASGI in front, so requests without the header pay nothing for it."""

    def __init__(self, app):
        self.app = app
        self.keyed = _KeyedRequests(app)

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith("/api/")
            and any(name == b"idempotency-key" for name, _ in scope["headers"])
        ):
            return await self.keyed(scope, receive, send)
        return await self.app(scope, receive, send)


class _KeyedRequests(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        key = request.headers["idempotency-key"]
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return problem(400, "invalid_input", "Idempotency-Key must be 1 to 255 characters")
        rt = request.app.state.runtime
        body = await request.body()
        principal = hashlib.sha256((request.headers.get("authorization") or "").encode()).hexdigest()[:36]
        request_hash = hashlib.sha256(f"{request.url.path}\n".encode() + body).hexdigest()

        replay = await run_in_threadpool(_claim, rt, principal, key, request_hash)
        if replay is not None:
            return replay
        try:
            response = await call_next(request)
        except BaseException:
            await run_in_threadpool(release, rt, principal, key)
            raise
        chunks = [chunk async for chunk in response.body_iterator]
        content = b"".join(chunks)
        if response.status_code >= 500 or response.status_code == 429:
            await run_in_threadpool(release, rt, principal, key)  # transient: the client may retry with the key
        else:
            kept = ("etag", "location", "content-type", "www-authenticate", "allow")
            stored = {
                "body": content.decode("utf-8", "replace"),
                "headers": {k: v for k, v in response.headers.items() if k.lower() in kept},
            }
            await run_in_threadpool(finish, rt, principal, key, response.status_code, stored)
        return Response(content, status_code=response.status_code, headers=dict(response.headers))


def claim(rt, principal: str, key: str, request_hash: str) -> Row | None:
    """Record the key as in flight (None), or the row an earlier request with the key left."""
    with rt.uow() as uow:
        return uow.idempotency.claim(
            principal=principal, key=key, request_hash=request_hash, now=rt.clock(), expiry=IN_FLIGHT_EXPIRY
        )


def finish(rt, principal: str, key: str, status: int, body: dict) -> None:
    with rt.uow() as uow:
        uow.idempotency.finish(principal=principal, key=key, status=status, body=body)


def release(rt, principal: str, key: str) -> None:
    with rt.uow() as uow:
        uow.idempotency.release(principal=principal, key=key)


def _claim(rt, principal: str, key: str, request_hash: str) -> Response | None:
    """Claim the key, or answer from what an earlier request with the key left."""
    row = claim(rt, principal, key, request_hash)
    if row is None:
        return None
    if row.request_hash != request_hash:
        return problem(
            422,
            "idempotency_conflict",
            "this Idempotency-Key was used with a different request",
            allowed="a new key for a new request",
        )
    if row.state == "in_flight":
        return problem(
            409,
            "idempotency_in_flight",
            "a request with this Idempotency-Key is still being processed",
            allowed="retry after it completes",
        )
    stored = row.response_body
    headers = {**stored.get("headers", {}), "Idempotent-Replayed": "true"}
    return Response(stored["body"].encode(), status_code=row.response_status, headers=headers)
