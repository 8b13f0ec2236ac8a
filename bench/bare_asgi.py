#!/usr/bin/env python
"""The yardstick of the HTTP benchmarks: a bare ASGI app answering GET /healthz as aicident does (the same status,
body, Content-Type and Content-Length; no X-Request-Id), served by uvicorn with the options of `aicident serve` (the same event loop, HTTP parser,
logging and proxy settings). What it serves is what uvicorn alone can serve on this machine: aicident's /healthz as a
share of it is the cost of the framework and the middleware.

    .venv/bin/python bench/bare_asgi.py --port 8001
"""

from __future__ import annotations

import argparse

BODY = b'{"status":"ok"}'
START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-length", str(len(BODY)).encode()), (b"content-type", b"application/json")],
}
NOT_FOUND = {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]}


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    if scope["method"] == "GET" and scope["path"] == "/healthz":
        await send(START)
        await send({"type": "http.response.body", "body": BODY})
    else:
        await send(NOT_FOUND)
        await send({"type": "http.response.body", "body": b""})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    import uvicorn

    from aicident.serve import uvicorn_options

    uvicorn.run(app, **uvicorn_options(host=args.host, port=args.port, log_level=args.log_level))


if __name__ == "__main__":
    main()
