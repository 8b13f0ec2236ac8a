"""Hostile input refused before any endpoint parses it: the same 400 (or 413) on every endpoint and database.

A pure ASGI middleware reads a request's body once, up to a size limit, and checks what a parser or a database would
otherwise trip over: JSON nested deeper than `MAX_DEPTH` (the parser recurses), text that is not UTF-8, and NUL
characters (PostgreSQL text cannot hold them, SQLite can: both must answer alike). A refusal names the field, in the
path notation of the signal formats (`alerts[0].labels.team`), and says what is allowed. The body is then handed on
unchanged. Bytes that are not text (a CloudEvent's binary data) are not read as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from urllib.parse import parse_qsl

from aicident.api.problems import error_response
from aicident.errors import InvalidInput, PayloadTooLarge

MAX_BODY = 1024 * 1024
MAX_DEPTH = 64
# Endpoints that take more in one request (batches of interaction events).
BODY_LIMITS = {"/api/v1/events": 8 * MAX_BODY}
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NO_NUL = "text without NUL (U+0000) characters"


def _has_nul(text: str) -> bool:
    return "\x00" in text


def _not_utf8(text: str) -> bool:
    # What `surrogateescape` made of bytes that are not UTF-8.
    return any("\udc80" <= c <= "\udcff" for c in text)


def _member(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _find(value: object, bad: Callable[[str], bool]) -> str | None:
    """The path of the first string (name or value) in a parsed document that `bad` says is bad."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if bad(item):
                return path
        elif isinstance(item, dict):
            for key in reversed(list(item)):
                if bad(key):
                    return _member(path, key)
                stack.append((item[key], _member(path, key)))
        elif isinstance(item, list):
            stack.extend((element, f"{path}[{index}]") for index, element in reversed(list(enumerate(item))))
    return None


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON (or NDJSON) body nest, brackets inside strings not counted."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return 0  # cannot be too deep: no need to look closer
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _json_documents(text: str, media: str | None) -> list[tuple[str, object]]:
    """The parsed documents of a body, each with the prefix of its paths; none when it does not parse (the endpoint
    then refuses it as malformed, as it would have anyway)."""
    lines = text.splitlines() if media == "application/x-ndjson" else [text]
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except ValueError:
            continue
        found.append((f"line {number}: " if len(lines) > 1 else "", document))
    return found


def _refuse_in_json(text: str, media: str | None, bad: Callable[[str], bool], what: str, allowed: str) -> None:
    for prefix, document in _json_documents(text, media):
        path = _find(document, bad)
        if path is not None:
            raise InvalidInput(f"{prefix}{path or 'the body'} {what}", allowed=allowed, details={"path": path})


def check_json(body: bytes, media: str | None) -> None:
    depth = json_depth(body)
    if depth > MAX_DEPTH:
        raise InvalidInput(
            f"the body nests arrays and objects {depth} levels deep",
            allowed=f"at most {MAX_DEPTH} levels",
            details={"path": ""},
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        loose = body.decode("utf-8", "surrogateescape")
        _refuse_in_json(loose, media, _not_utf8, "is not valid UTF-8", "UTF-8 text")
        raise InvalidInput(
            f"the body is not valid UTF-8 (byte {error.start})", allowed="a UTF-8 JSON document", details={"path": ""}
        ) from None
    if "\\u0000" in text:  # the only way a NUL gets into valid JSON
        _refuse_in_json(text, media, _has_nul, "contains a NUL character", _NO_NUL)


def _check_pairs(query: str, where: str) -> None:
    """Form fields or query parameters: each UTF-8 once percent-decoded, and without NUL."""
    for name, value in parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"):
        name_is_bad = _not_utf8(name) or _has_nul(name)
        field, path = (f"a {where} name", "") if name_is_bad else (f"{where} {name}", name)
        for text in (name, value):
            if _not_utf8(text):
                raise InvalidInput(f"{field} is not valid UTF-8", allowed="UTF-8 text", details={"path": path})
            if _has_nul(text):
                raise InvalidInput(f"{field} contains a NUL character", allowed=_NO_NUL, details={"path": path})


def check_form(body: bytes) -> None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"the form is not valid UTF-8 (byte {error.start})", allowed="a UTF-8 form", details={"path": ""}
        ) from None
    if "%" in text or "\x00" in text:
        _check_pairs(text, "form field")


def check_target(path: str, query: bytes) -> None:
    """The URL: a NUL in the path or in a query parameter is refused like one in a body."""
    if "\x00" in path:
        raise InvalidInput("the URL's path contains a NUL character", allowed=_NO_NUL, details={"path": "path"})
    if b"%" in query or b"\x00" in query:
        _check_pairs(query.decode("latin-1"), "query parameter")


def _media(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower() or None
    return None


def check_body(body: bytes, media: str | None) -> None:
    if media in ("application/json", "application/x-ndjson") or (media or "").endswith("+json"):
        check_json(body, media)
    elif media == "application/x-www-form-urlencoded":
        check_form(body)
    elif media is None and body.lstrip()[:1] in (b"{", b"["):  # read as JSON by endpoints that default to it
        check_json(body, media)


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
