"""Checks of a request body that parsers and databases would otherwise trip over, before anything parses it: JSON
nested deeper than `MAX_DEPTH` (the parser recurses), text that is not UTF-8, and NUL characters (PostgreSQL text
cannot hold them, SQLite can: both must answer alike). A refusal names the field, in the path notation of the signal
formats (`alerts[0].labels.team`), a form field, or a line and column of text, and says what is allowed. Pure: the
HTTP middleware (api/limits.py) runs them on every body, and the signal formats on every JSON delivery whatever its
Content-Type says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from urllib.parse import parse_qsl

from aicident.errors import InvalidInput

MAX_DEPTH = 64
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


def check_text(body: bytes, media: str | None) -> None:
    """A text body (CSV, plain text): UTF-8, and no NUL, named by line (and by column for CSV)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        raise InvalidInput(
            f"the body is not valid UTF-8 (line {line}, byte {error.start})",
            allowed="UTF-8 text",
            details={"path": f"line {line}"},
        ) from None
    at = text.find("\x00")
    if at < 0:
        return
    line = text.count("\n", 0, at) + 1
    where = f"line {line}"
    if media == "text/csv":
        header = text.split("\n", 1)[0].rstrip("\r").split(",")
        start = text.rfind("\n", 0, at) + 1
        column = text.count(",", start, at)  # a field's commas inside quotes would shift it: good enough to point
        name = header[column].strip().strip('"') if column < len(header) and line > 1 else ""
        where += f", column {name}" if name else f", field {column + 1}"
    raise InvalidInput(f"{where} of the body contains a NUL character", allowed=_NO_NUL, details={"path": where})


def check_body(body: bytes, media: str | None) -> None:
    """What the middleware checks of every body: JSON (by its media type, or by its look when the type says nothing
    or says text: the signal endpoints read JSON whatever the header says), forms, and other text."""
    if media in ("application/json", "application/x-ndjson") or (media or "").endswith("+json"):
        check_json(body, media)
    elif media == "application/x-www-form-urlencoded":
        check_form(body)
    elif (media is None or media.startswith("text/")) and body.lstrip()[:1] in (b"{", b"["):
        check_json(body, media)
    elif media is not None and media.startswith("text/"):
        check_text(body, media)
