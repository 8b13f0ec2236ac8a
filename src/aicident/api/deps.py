"""Request dependencies: the runtime, the signed-in person, the If-Match precondition."""

from __future__ import annotations

import re

from fastapi import Depends, Header, Request

from aicident.auth import service as auth
from aicident.auth.model import Principal
from aicident.errors import InvalidInput
from aicident.runtime import Runtime


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def principal(request: Request, rt: Runtime = Depends(runtime)) -> Principal:
    """The person behind the request's bearer token (or the web session, once it exists)."""
    return auth.authenticate(rt, token=bearer_token(request.headers.get("authorization")))


_ETAG = re.compile(r'^\s*(?:(?:W/)?"(\d+)"|(\d+))\s*$')  # a bare version number is taken too


def etag(version: int) -> str:
    return f'"{version}"'


def if_match(value: str | None = Header(None, alias="If-Match")) -> int | None:
    """The incident version an update expects; a stale one is refused with 412 by the use case."""
    if value is None or value.strip() == "*":
        return None
    match = _ETAG.match(value)
    if not match:
        raise InvalidInput(
            f"If-Match {value!r} is not an ETag of this API", allowed='the ETag header of a GET, e.g. "7"'
        )
    return int(match.group(1) or match.group(2))
