"""Hostile input refused before any endpoint parses it: the same 400 (or 413) on every endpoint and database.

A pure ASGI middleware reads a request's body once, up to a size limit, and runs the checks of input_checks.py on it
(nesting, UTF-8, NUL; a refusal names the field and says what is allowed). The body is then handed on unchanged.
Bytes that are not text (a CloudEvent's binary data) are not read as text.
"""

from __future__ import annotations

from aicident.api.problems import error_response
from aicident.errors import InvalidInput, PayloadTooLarge
from aicident.input_checks import check_body, check_target

MAX_BODY = 1024 * 1024
# Endpoints that take more in one request (batches of interaction events).
BODY_LIMITS = {"/api/v1/events": 8 * MAX_BODY}
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _media(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower() or None
    return None


class InputLimits:
    """The middleware: the body read once (at most its path's limit), checked, and handed on."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        try:
            check_target(scope["path"], scope.get("query_string", b""))
            if scope["method"] not in _BODY_METHODS:
                return await self.app(scope, receive, send)
            body, more = await self._read(scope, receive)
            check_body(body, _media(scope["headers"]))
        except (InvalidInput, PayloadTooLarge) as error:
            return await error_response(error)(scope, receive, send)
        return await self.app(scope, self._replay(body, more, receive), send)

    @staticmethod
    async def _read(scope, receive) -> tuple[bytes, bool]:
        limit = BODY_LIMITS.get(scope["path"], MAX_BODY)
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                raise PayloadTooLarge(f"the body is {int(value)} bytes; at most {limit} are accepted")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: let the endpoint see it
                return b"".join(chunks), False
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"the body is larger than {limit} bytes, the most accepted")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), True

    @staticmethod
    def _replay(body: bytes, complete: bool, receive):
        sent = False

        async def replay():
            nonlocal sent
            if not sent and complete:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay
