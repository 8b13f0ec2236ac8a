"""A real headless Chromium (Debian's package) driven by Playwright against a real `aicident serve`: the pages a
test opens, signing in, counting clicks (the `browser` and `browsing` fixtures of tests/conftest.py).

Playwright's own browser download does not work here, so the tests launch /usr/bin/chromium (override with
AICIDENT_CHROMIUM). Without it the browser tests are skipped, unless AICIDENT_REQUIRE_BROWSER=1 (as in .ci/run),
which fails them instead. A failed test leaves a screenshot in test-results/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("AICIDENT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
FAILURE_SHOTS = ROOT / "test-results" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def missing(message: str):
    if os.environ.get("AICIDENT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


class Browsing:
    """Pages opened by a test, so that each can be photographed if the test fails."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url, self.contexts = browser, base_url, []

    def page(self, viewport: dict | None = None, **options):
        """A page in a context of its own (its own cookies); `options` as Browser.new_context takes them
        (timezone_id, color_scheme...)."""
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport or DESKTOP, **options)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        return context.new_page()

    def close(self, name: str, failed: bool) -> None:
        for index, context in enumerate(self.contexts):
            if failed:
                FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
                for number, page in enumerate(context.pages):
                    page.screenshot(path=str(FAILURE_SHOTS / f"{name}-{index}-{number}.png"), full_page=True)
            context.close()


def sign_in(page, token: str, path: str = "/incidents") -> None:
    """Sign in and land on `path` (its #fragment too, which opens the folded panel it names)."""
    address, _hash, fragment = path.partition("#")
    page.goto(address)
    page.get_by_label("Personal token", exact=True).fill(token)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(re.escape(address) + r"$"))
    if fragment:
        page.goto(path)


def add_person(service, handle: str, roles: list[str] = ()) -> str:
    """A person with these profile roles, and a token for them (over the API, as the administrator)."""
    with service.client(headers=service.admin) as client:
        assert client.post("/api/v1/people", json={"handle": handle, "roles": list(roles)}).status_code == 201
        created = client.post(f"/api/v1/people/{handle}/tokens", json={"name": "web test"})
    assert created.status_code == 201, created.text
    return created.json()["token"]


class Clicks:
    """Clicks counted: what the journeys' budgets are measured in (filling a field or choosing an option is typing,
    not a click)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def in_viewport(locator) -> bool:
    """Whether the element is on the screen as it is, without scrolling."""
    box = locator.bounding_box()
    size = locator.page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


def full_loads(page) -> list[str]:
    """The address of every full page load from now on (in-place updates load nothing)."""
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    return loads
