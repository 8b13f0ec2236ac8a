"""The machinery of the pages: templates, the session cookie, CSRF, and errors shown as messages."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from aicident.auth.model import Principal, may
from aicident.errors import AicidentError, Forbidden
from aicident.runtime import Runtime
from aicident.web import present, service
from aicident.web.charts import duration
from aicident.web.present import StepLink, step_links

SESSION_COOKIE = "aicident_session"
PRE_SESSION_COOKIE = "aicident_signin"  # CSRF for the sign-in form itself, before there is a session
FLASH_COOKIE = "aicident_flash"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_BYTES = 64 * 1024
STATIC = Path(__file__).parent / "static"
STATIC_NAMES = {"htmx.min.js": "htmx-2.0.11.min.js", "aicident.js": "aicident.js", "aicident.css": "aicident.css"}


class SignInRequired(Exception):
    """No live session: pages send the browser to the sign-in page."""


def _minutes(value: datetime | str | None) -> Markup:
    """A moment as a <time> element: UTC to the minute on the server, shown in the reader's time zone by the page's
    script (with UTC on hover); the aggregate keeps some times as ISO strings."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return Markup("%s") % value
    if not value:
        return Markup("")
    utc = value.astimezone(UTC)
    return Markup('<time datetime="%s">%s</time>') % (utc.isoformat(), utc.strftime("%Y-%m-%d %H:%M UTC"))


def _query_for(kept: dict[str, str], **changes: str) -> str:
    """A list address's query: the filters kept, with some changed (an empty value drops one)."""
    merged = {**kept, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


@functools.cache
def _static_url(name: str) -> str:
    """The file's address with a hash of its content, so that a new version is never read from a stale cache."""
    digest = hashlib.sha256((STATIC / STATIC_NAMES[name]).read_bytes()).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


@functools.cache
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("aicident.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["minutes"] = _minutes
    env.filters["iso"] = lambda value: value.isoformat() if value else ""
    env.globals["static"] = _static_url
    env.globals["duration"] = duration
    env.filters["in_words"] = lambda held: present.control_change_words(held.feature, held.merged)
    env.globals["query_for"] = _query_for
    return env


@dataclass
class Page:
    """Who is looking, and what every page needs to draw the frame (navigation, CSRF token, messages)."""

    request: Request
    runtime: Runtime
    principal: Principal | None = None
    csrf: str = ""
    flash: str = ""
    error: str = ""
    error_steps: list[StepLink] = field(default_factory=list)
    cookies: dict[str, str | None] = field(default_factory=dict)

    @property
    def person(self) -> Principal:
        """The signed-in person: every page behind `page` has one."""
        if self.principal is None:
            raise SignInRequired()
        return self.principal

    def refused(self, error: AicidentError) -> None:
        """Say on the page what was refused, with links to where the steps that would satisfy it are taken."""
        self.error = str(error)
        self.error_steps = step_links(error.next)

    @property
    def channel_problems(self) -> list:
        """For administrators: the delivery channels the last checkup found unable to deliver."""
        doctor = getattr(self.request.app.state, "doctor", None)
        if self.principal is None or not self.principal.admin or doctor is None or doctor.last is None:
            return []
        return doctor.last.problems

    def may(self, action: str) -> bool:
        """Whether the plan in force grants this person the action outside any incident (navigation links)."""
        return self.principal is not None and may(self.runtime.plan, self.principal, action)

    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        html = templates().get_template(template).render(page=self, plan=self.runtime.plan, **context)
        response = HTMLResponse(html, status_code=status)
        self._finish(response)
        return response

    def redirect(self, location: str, flash: str = "") -> RedirectResponse:
        response = RedirectResponse(location, status_code=303)
        if flash:
            self.cookies[FLASH_COOKIE] = quote(flash)
        self._finish(response)
        return response

    def _finish(self, response: Response) -> None:
        if self.flash and FLASH_COOKIE not in self.cookies:
            self.cookies[FLASH_COOKIE] = None  # shown once
        secure = self.request.url.scheme == "https"
        for name, value in self.cookies.items():
            if value is None:
                response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=secure)
            else:
                lifetime = 60 if name == FLASH_COOKIE else int(service.SESSION_LIFETIME.total_seconds())
                response.set_cookie(
                    name, value, path="/", httponly=True, samesite="lax", secure=secure, max_age=lifetime
                )
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        )


def _flash(request: Request) -> str:
    return unquote(request.cookies.get(FLASH_COOKIE, ""))[:500]


async def page(request: Request) -> Page:
    """A signed-in page: the session from the cookie, or SignInRequired."""
    rt: Runtime = request.app.state.runtime
    session = await run_in_threadpool(service.current, rt, secret=request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise SignInRequired()
    return Page(request, rt, session.principal, session.csrf, _flash(request))


async def public_page(request: Request) -> Page:
    rt: Runtime = request.app.state.runtime
    return Page(request, rt, flash=_flash(request))


@dataclass
class Form:
    fields: dict[str, list[str]]

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1].strip() if values else default

    def all(self, name: str) -> list[str]:
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]

    def flag(self, name: str) -> bool:
        return self.get(name) in ("on", "true", "1", "yes")

    def optional_int(self, name: str) -> int | None:
        value = self.get(name)
        return int(value) if value.lstrip("-").isdigit() else None


async def read_form(request: Request) -> Form:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise AicidentError(f"the form is larger than {MAX_FORM_BYTES} bytes", code="payload_too_large", status=413)
    fields: dict[str, list[str]] = {}
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(name, []).append(value)
    return Form(fields)


def _same(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


async def posted(request: Request, current: Page = Depends(page)) -> tuple[Page, Form]:
    """A signed-in form submission: the session's CSRF token must come with it (form field or htmx header)."""
    form = await read_form(request)
    if not _same(current.csrf, form.get("csrf") or request.headers.get(CSRF_HEADER, "")):
        raise Forbidden(
            "the form's security token is missing or out of date",
            allowed="reload the page and submit the form again",
            code="csrf_failed",
        )
    return current, form


async def posted_sign_in(request: Request, current: Page = Depends(public_page)) -> tuple[Page, Form]:
    form = await read_form(request)
    if not _same(request.cookies.get(PRE_SESSION_COOKIE, ""), form.get("csrf")):
        raise Forbidden(
            "the sign-in form's security token is missing or out of date",
            allowed="reload the sign-in page and try again",
            code="csrf_failed",
        )
    return current, form


def sign_in_token() -> str:
    return secrets.token_urlsafe(32)


class WebRoute(APIRoute):
    """Errors become pages: a service error is shown as a message with its status; no session, the sign-in page."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired:
                if request.method in ("GET", "HEAD") and not request.headers.get("hx-request"):
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)
                response = HTMLResponse(
                    '<p role="alert">Your session has ended. <a href="/sign-in">Sign in</a></p>', status_code=401
                )
                response.headers["HX-Redirect"] = "/sign-in"
                return response
            except AicidentError as error:
                return await self.error_page(request, error)

        return handle

    async def error_page(self, request: Request, error: AicidentError) -> Response:
        """The page the person was on, with the error said plainly, and the error's own status."""
        rt: Runtime = request.app.state.runtime
        session = await run_in_threadpool(service.current, rt, secret=request.cookies.get(SESSION_COOKIE))
        current = Page(
            request,
            rt,
            session.principal if session else None,
            session.csrf if session else "",
        )
        current.refused(error)
        return await run_in_threadpool(self.render_error, current, error)

    @staticmethod
    def render_error(current: Page, error: AicidentError) -> Response:
        return current.render("error.html", status=error.status, error=error)
