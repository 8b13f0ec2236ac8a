"""Idempotency-Key on POST: the same key and body replays the stored response; the same key with another body is
422; a request still in flight with the same key is 409. Keys are per client (the hash of its credentials)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy.engine import Row
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from aicident.api.problems import problem

# A request that died before storing its response must not block its key forever.
IN_FLIGHT_EXPIRY = timedelta(minutes=5)
MAX_KEY_LENGTH = 255


class IdempotencyMiddleware:
    """Pure ASGI: a request without the header (and any GET) is handed on untouched and pays one header scan; a keyed
    POST is answered from the store or run with its response held back until it is stored."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith("/api/")
            and any(name == b"idempotency-key" for name, _ in scope["headers"])
        ):
            return await self._keyed(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _keyed(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        key = request.headers["idempotency-key"]
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return await problem(400, "invalid_input", "Idempotency-Key must be 1 to 255 characters")(
                scope, receive, send
            )
        rt = request.app.state.runtime
        body = await request.body()
        principal = hashlib.sha256((request.headers.get("authorization") or "").encode()).hexdigest()[:36]
        request_hash = hashlib.sha256(f"{request.url.path}\n".encode() + body).hexdigest()

        replay = await run_in_threadpool(_claim, rt, principal, key, request_hash)
        if replay is not None:
            return await replay(scope, receive, send)
        held = _HeldResponse()
        try:
            await self.app(scope, _replaying(body, receive), held.send)
        except BaseException:
            await run_in_threadpool(release, rt, principal, key)
            raise
        if held.status >= 500 or held.status == 429:
            await run_in_threadpool(release, rt, principal, key)  # transient: the client may retry with the key
        else:
            await run_in_threadpool(finish, rt, principal, key, held.status, held.stored())
        await held.replay(send)


def _replaying(body: bytes, receive):
    """The request's body (read here once) for the app, then whatever the client sends next (a disconnect)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class _HeldResponse:
    """The app's response, held until it is stored: its start and its whole body."""

    KEPT = (b"etag", b"location", b"content-type", b"www-authenticate", b"allow")

    def __init__(self) -> None:
        self.start: dict | None = None
        self.chunks: list[bytes] = []

    @property
    def status(self) -> int:
        return self.start["status"] if self.start else 500

    async def send(self, message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    def stored(self) -> dict:
        headers = self.start.get("headers", []) if self.start else []
        return {
            "body": b"".join(self.chunks).decode("utf-8", "replace"),
            "headers": {
                name.decode("latin-1"): value.decode("latin-1")
                for name, value in ((n.lower(), v) for n, v in headers)
                if name in self.KEPT
            },
        }

    async def replay(self, send) -> None:
        if self.start is None:
            raise RuntimeError("the app answered a keyed request without a response")
        await send(self.start)
        await send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": False})


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
