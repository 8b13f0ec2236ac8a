"""Idempotency-Key on POST: the same key and body replays the stored response; the same key with another body is
422; a request still in flight with the same key is 409. Keys are per client (the hash of its credentials)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

from aicident.api.problems import problem
from aicident.store.tables import idempotency_keys

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
        now = rt.clock()

        replay = await run_in_threadpool(_claim, rt, principal, key, request_hash, now)
        if replay is not None:
            return replay
        try:
            response = await call_next(request)
        except BaseException:
            await run_in_threadpool(_release, rt, principal, key)
            raise
        chunks = [chunk async for chunk in response.body_iterator]
        content = b"".join(chunks)
        if response.status_code >= 500:
            await run_in_threadpool(_release, rt, principal, key)  # transient: the client may retry with the key
        else:
            kept = ("etag", "location", "content-type")
            stored = {
                "body": content.decode("utf-8", "replace"),
                "headers": {k: v for k, v in response.headers.items() if k.lower() in kept},
            }
            await run_in_threadpool(_store, rt, principal, key, response.status_code, stored)
        return Response(content, status_code=response.status_code, headers=dict(response.headers))


def _claim(rt, principal: str, key: str, request_hash: str, now) -> Response | None:
    """Record the key as in flight, or answer from what an earlier request with the key left."""
    where = and_(idempotency_keys.c.principal == principal, idempotency_keys.c.key == key)
    with rt.engine.begin() as connection:
        row = connection.execute(select(idempotency_keys).where(where)).first()
        if row is not None and row.state == "in_flight" and now - row.created_at > IN_FLIGHT_EXPIRY:
            connection.execute(delete(idempotency_keys).where(where))
            row = None
        if row is None:
            try:
                with connection.begin_nested():
                    connection.execute(
                        insert(idempotency_keys).values(
                            principal=principal, key=key, request_hash=request_hash, state="in_flight", created_at=now
                        )
                    )
                return None
            except IntegrityError:
                row = connection.execute(select(idempotency_keys).where(where)).first()
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


def _store(rt, principal: str, key: str, status: int, stored: dict) -> None:
    with rt.engine.begin() as connection:
        connection.execute(
            update(idempotency_keys)
            .where(and_(idempotency_keys.c.principal == principal, idempotency_keys.c.key == key))
            .values(state="done", response_status=status, response_body=stored)
        )


def _release(rt, principal: str, key: str) -> None:
    with rt.engine.begin() as connection:
        connection.execute(
            delete(idempotency_keys).where(
                and_(idempotency_keys.c.principal == principal, idempotency_keys.c.key == key)
            )
        )
