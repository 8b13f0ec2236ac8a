"""Server-sent events for open pages: an incident page hears its incident's version, the list hears that some
incident changed. The page then fetches its fragment as it always did; an idle page costs one open stream.

Within a process a committed change wakes the streams at once (`web.live`); between wake-ups each stream polls the
version (one indexed read) every POLL_SECONDS, which is how the changes made on other replicas arrive. A stream
checks its session every SESSION_CHECK_SECONDS and ends when the session has.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from aicident.errors import AicidentError, NotFound
from aicident.web import service
from aicident.web.live import EVERY_INCIDENT, WAKEUPS
from aicident.web.pages import SESSION_COOKIE, Page, WebRoute, page

POLL_SECONDS = 2.0
KEEP_ALIVE_SECONDS = 20.0
SESSION_CHECK_SECONDS = 60.0
RETRY_MS = 3000  # how long a browser waits before it reconnects a dropped stream

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {data}\n\n".encode()


async def _stream(
    request: Request, key: str, name: str, read: Callable[[], object], alive: Callable[[], bool]
) -> AsyncIterator[bytes]:
    """`name` events with what `read` answers, once on connect and again each time it changes."""
    wake = WAKEUPS.watch(key)
    try:
        last = await run_in_threadpool(read)
        yield f"retry: {RETRY_MS}\n".encode() + _event(name, str(last))
        quiet_since = checked = time.monotonic()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), POLL_SECONDS)
            wake.clear()
            now = time.monotonic()
            if now - checked >= SESSION_CHECK_SECONDS:
                checked = now
                if not await run_in_threadpool(alive):
                    yield _event("signed-out", "")
                    return
            try:
                current = await run_in_threadpool(read)
            except AicidentError:
                continue  # the database is busy or restarting: the next poll tries again
            if current != last:
                last, quiet_since = current, now
                yield _event(name, str(current))
            elif now - quiet_since >= KEEP_ALIVE_SECONDS:
                quiet_since = now
                yield b": keep-alive\n\n"
    finally:
        WAKEUPS.forget(key, wake)


def _streaming(events: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _session_alive(current: Page, request: Request) -> Callable[[], bool]:
    secret = request.cookies.get(SESSION_COOKIE)
    return lambda: service.current(current.runtime, secret=secret) is not None


@router.get("/incidents/events")
def list_events(request: Request, current: Page = Depends(page)) -> StreamingResponse:
    """`changed` whenever an incident was declared or changed (the list redraws its rows)."""
    rt = current.runtime
    return _streaming(
        _stream(request, EVERY_INCIDENT, "changed", lambda: service.list_mark(rt), _session_alive(current, request))
    )


@router.get("/incidents/{ref}/events")
def incident_events(ref: str, request: Request, current: Page = Depends(page)) -> StreamingResponse:
    """`version` with the incident's version on connect and whenever it moves."""
    rt = current.runtime
    ref = ref.upper()
    if service.version_of(rt, ref=ref) is None:
        raise NotFound(f"no incident {ref!r}", allowed="an incident reference such as INC-2026-0001")
    return _streaming(
        _stream(request, ref, "version", lambda: service.version_of(rt, ref=ref), _session_alive(current, request))
    )
