"""`aicident serve` runs uvicorn on uvloop and httptools, which the package installs (asyncio and h11 otherwise)."""

from __future__ import annotations

import importlib.util

from aicident.serve import event_loop_and_parser


def test_serve_takes_uvloop_and_httptools_when_they_import():
    assert importlib.util.find_spec("uvloop") and importlib.util.find_spec("httptools")  # pinned in pyproject
    assert event_loop_and_parser() == ("uvloop", "httptools")


def test_serve_falls_back_to_asyncio_and_h11_without_them(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert event_loop_and_parser() == ("asyncio", "h11")
