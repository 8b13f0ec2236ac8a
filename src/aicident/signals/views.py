"""The integrations page (administrators): add an integration, rotate its secret, disable, enable or delete it.

A secret is shown once, on the page that answers the add or the rotation, and never written to a log or a cookie.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from aicident.errors import AicidentError, Forbidden, NotFound
from aicident.signals import service
from aicident.web.pages import Page, WebRoute, page, posted

router = APIRouter(route_class=WebRoute, include_in_schema=False)
ACTIONS = ("rotate", "disable", "enable", "delete")


def _admin(current: Page) -> None:
    if current.principal is None or not current.principal.admin:
        raise Forbidden("integrations are managed by administrators", allowed="an administrator may")


def _render(current: Page, *, status: int = 200, secret: dict | None = None) -> Response:
    return current.render(
        "integrations.html",
        status=status,
        integrations=service.list_integrations(current.runtime),
        formats=service.INTEGRATION_FORMATS,
        secret=secret,
    )


@router.get("/integrations")
def integrations_page(current: Page = Depends(page)) -> Response:
    _admin(current)
    return _render(current)


@router.post("/integrations")
def add(submitted=Depends(posted)) -> Response:
    current, form = submitted
    _admin(current)
    try:
        secret = service.add_integration(
            current.runtime, name=form.get("name"), format=form.get("format"), principal=current.principal
        )
    except AicidentError as error:
        current.refused(error)
        return _render(current, status=error.status)
    name = form.get("name").lower()
    return _render(current, status=201, secret={"name": name, "secret": secret, "previous_secret_until": None})


@router.post("/integrations/{name}/{action}")
def change(name: str, action: str, submitted=Depends(posted)) -> Response:
    current, form = submitted
    _admin(current)
    rt, who = current.runtime, current.principal
    if action not in ACTIONS:
        raise NotFound(f"no integration action {action!r}", allowed=", ".join(ACTIONS))
    try:
        if action == "rotate":
            rotated = service.rotate_integration(
                rt, name=name, grace=service.grace_of(form.get("grace") or "24 hours"), principal=who
            )
            return _render(current, secret=rotated)
        if action == "delete":
            service.delete_integration(rt, name=name, principal=who)
        else:
            service.set_integration_enabled(rt, name=name, enabled=action == "enable", principal=who)
    except AicidentError as error:
        current.refused(error)
        return _render(current, status=error.status)
    done = {"delete": "Deleted", "disable": "Disabled", "enable": "Enabled"}[action]
    return current.redirect("/integrations", flash=f"{done} the integration {name}.")
