"""The pages: each parses a form, calls one service function as the signed-in person, and renders or redirects."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from aicident.auth import service as people
from aicident.containment import service as containment
from aicident.errors import AicidentError, InvalidInput, NotFound
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem, Facts, Source, Status
from aicident.reports import service as reports
from aicident.signals import service as signals
from aicident.web import charts, command, present, service
from aicident.web.incident_views import Route, incident_page
from aicident.web.incident_views import router as incident_router
from aicident.web.pages import (
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    STATIC,
    STATIC_NAMES,
    Form,
    Page,
    page,
    posted,
    posted_sign_in,
    public_page,
    sign_in_token,
)
from aicident.web.streams import router as streams_router

SIGN_INS_PER_MINUTE = 20  # per client address: enough for people, too few to guess passwords
STATIC_FILES = STATIC_NAMES


router = APIRouter(route_class=Route, include_in_schema=False)


# --- the frame ----------------------------------------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    if name not in STATIC_FILES:
        raise NotFound(f"no static file {name!r}")
    # Pages link to them with a hash of their content (?v=), so a browser may keep them for a day.
    return FileResponse(STATIC / STATIC_FILES[name], headers={"Cache-Control": "public, max-age=86400"})


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect to another host."""
    parsed = urlparse(target or "")
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/incidents"
    return target


@router.get("/sign-in")
def sign_in_form(next: str = "/incidents", current: Page = Depends(public_page)) -> Response:
    token = sign_in_token()
    current.cookies[PRE_SESSION_COOKIE] = token
    return current.render("sign_in.html", csrf_sign_in=token, next=_safe_next(next), handle="")


@router.post("/sign-in")
def sign_in(request: Request, submitted=Depends(posted_sign_in)) -> Response:
    current, form = submitted
    client = request.client.host if request.client else "unknown"
    try:
        request.app.state.limiter.take(f"sign-in from {client}", per_minute=SIGN_INS_PER_MINUTE, burst=10)
        if form.get("handle"):
            session = service.sign_in_with_password(
                current.runtime, handle=form.get("handle"), password=form.fields.get("password", [""])[-1]
            )
        else:
            session = service.sign_in(current.runtime, token=form.get("token"))
    except AicidentError as error:  # the sign-in form again, with what was wrong
        current.error = str(error)
        token = sign_in_token()
        current.cookies[PRE_SESSION_COOKIE] = token
        return current.render(
            "sign_in.html",
            status=error.status,
            csrf_sign_in=token,
            next=_safe_next(form.get("next")),
            handle=form.get("handle"),
        )
    service.sign_out(current.runtime, secret=request.cookies.get(SESSION_COOKIE))  # a new session, never the old
    current.cookies[SESSION_COOKIE] = session.secret
    current.cookies[PRE_SESSION_COOKIE] = None
    return current.redirect(_safe_next(form.get("next")), flash=f"Signed in as {session.principal.handle}.")


@router.post("/sign-out")
def sign_out(request: Request, submitted=Depends(posted)) -> Response:
    current, _form = submitted
    service.sign_out(current.runtime, secret=request.cookies.get(SESSION_COOKIE))
    current.cookies[SESSION_COOKIE] = None
    return current.redirect("/sign-in", flash="Signed out.")


# --- incidents ----------------------------------------------------------------------------------------------


# The list's sorts as people choose them: (sort, order) -> words.
SORT_CHOICES = {
    ("urgency", ""): "most urgent first",
    ("declared", ""): "newest first",
    ("declared", "asc"): "oldest first",
    ("severity", ""): "most severe first",
    ("stage", ""): "by stage",
    ("title", ""): "by title",
}
LIST_PAGE = 50
FILTERS = ("q", "status", "category", "severity", "stage", "person", "mine", "sort", "order")


def _list_filters(request: Request, current: Page) -> dict[str, str]:
    """The list's filters from the address (so that a filtered list can be bookmarked and shared)."""
    query = request.query_params
    filters = {name: query.get(name, "").strip() for name in FILTERS}
    filters["person"] = filters["person"] or query.get("owner", "").strip()  # older bookmarks said owner
    filters["sort"] = filters["sort"] or "urgency"
    if ":" in filters["sort"]:  # the order picker says both at once: "declared:asc"
        filters["sort"], filters["order"] = filters["sort"].split(":", 1)
    if filters["order"] not in ("", "asc", "desc"):
        raise InvalidInput(f"unknown order {filters['order']!r}", allowed="asc or desc")
    return filters


def _listed(current: Page, filters: dict[str, str], cursor: str) -> tuple[list[dict], incidents.Found]:
    rt = current.runtime
    found = incidents.find_incidents(
        rt,
        status=filters["status"] or None,
        category=filters["category"] or None,
        severity=filters["severity"] or None,
        stage=filters["stage"] or None,
        text=filters["q"] or None,
        person=current.person.handle if filters["mine"] else (filters["person"] or None),
        sort=filters["sort"],
        descending=None if not filters["order"] else filters["order"] == "desc",
        cursor=cursor or None,
        limit=LIST_PAGE,
        count=True,
    )
    rows = []
    for facts, view in zip(command.commands(rt, found.views), found.views, strict=True):
        plan = view.plan
        rows.append({"cmd": facts, "incident": view.incident, "category": plan.category(view.incident.category).name})
    return rows, found


def _list_context(current: Page, request: Request) -> dict:
    filters = _list_filters(request, current)
    cursor = request.query_params.get("cursor", "")
    rows, found = _listed(current, filters, cursor)
    kept = {k: v for k, v in filters.items() if v and not (k == "sort" and v == "urgency")}
    return {
        "rows": rows,
        "filters": filters,
        "kept": kept,
        "query": urlencode(kept),
        "cursor": cursor,
        "next_cursor": found.next,
        "total": found.total,
        "sort_choices": SORT_CHOICES,
        "filtered": any(v for k, v in kept.items() if k not in ("sort", "order")),
    }


@router.get("/incidents")
def incident_list(request: Request, current: Page = Depends(page)) -> Response:
    return current.render(
        "incidents.html",
        statuses=[s.value for s in Status],
        people=people.list_people(current.runtime),
        may=present.permissions(current.runtime.plan, current.person),
        in_force=containment.in_force(current.runtime),
        form_id=service.new_form_id,
        **_list_context(current, request),
    )


@router.get("/incidents/rows")
def incident_rows(request: Request, current: Page = Depends(page)) -> Response:
    """The list's rows alone: redrawn when the list's event stream says an incident changed."""
    return current.render("_incident_rows.html", **_list_context(current, request))


@router.get("/incidents/new")
def declare_form(current: Page = Depends(page)) -> Response:
    return current.render(
        "declare.html", sources=[s.value for s in Source], form_id=service.new_form_id, values=Form({})
    )


@router.post("/incidents/new")
def declare(submitted=Depends(posted)) -> Response:
    current, form = submitted
    who, rt = current.principal, current.runtime

    def run() -> str:
        incident = incidents.declare(
            rt,
            title=form.get("title"),
            category=form.get("category"),
            source=form.get("source") or Source.INTERNAL_OBSERVATION.value,
            summary=form.get("summary"),
            severity=form.get("severity") or None,
            actor=who.handle,
            principal=who,
            ai_system=AISystem(feature=form.get("feature") or None, model=form.get("model") or None),
            facts=Facts(
                customers_affected=_count(form.get("customers_affected")),
                personal_data_involved=form.flag("personal_data_involved"),
                jurisdictions=[j for j in re.split(r"[,\s]+", form.get("jurisdictions")) if j],
            ),
        )
        return f"/incidents/{incident.ref}"

    try:
        location = service.once(rt, person_id=who.person_id, form_id=form.get("form_id"), run=run)
    except AicidentError as error:  # the form again, as it was filled in, with what was wrong
        current.refused(error)
        return current.render(
            "declare.html",
            status=error.status,
            sources=[s.value for s in Source],
            form_id=service.new_form_id,
            values=form,
        )
    return current.redirect(location, flash=f"Declared {location.rsplit('/', 1)[-1]}.")


def _count(value: str) -> int:
    if not value:
        return 0
    if not value.isdigit():
        raise InvalidInput(f"customers affected {value!r} is not a whole number", allowed="0 or more")
    return int(value)


# --- the signal inbox ---------------------------------------------------------------------------------------


@router.get("/signals")
def inbox(current: Page = Depends(page)) -> Response:
    rt = current.runtime
    held = signals.list_signals(rt, inbox="held", limit=200)
    open_incidents = [v.incident for v in incidents.list_incidents(rt, status="open", limit=500)]
    for signal in held:
        signal["suggested"] = _suggestion(rt.plan, signal)
        signal["candidates"] = _candidates(open_incidents, signal["suggested"])
    return current.render("signals.html", held=held, may=present.permissions(rt.plan, current.person))


def _suggestion(plan, signal: dict) -> dict:
    """The category and feature the routing rule that held the signal names, if any."""
    rule = next((r for r in plan.routing if r.name == signal.get("rule")), None)
    feature_label = rule.feature_label if rule else "feature"
    return {
        "category": rule.category if rule else None,
        "feature": (signal.get("labels") or {}).get(feature_label),
    }


def _candidates(open_incidents: list, suggested: dict) -> list[tuple[object, bool]]:
    """The open incidents to attach a signal to: those of the same category and feature first (suggested)."""

    def closeness(incident) -> int:
        same_category = suggested["category"] is not None and incident.category == suggested["category"]
        same_feature = suggested["feature"] is not None and incident.ai_system.feature == suggested["feature"]
        return 2 * same_category + same_feature

    ranked = sorted(open_incidents, key=lambda i: -closeness(i))
    return [(i, closeness(i) > 0) for i in ranked]


@router.post("/signals/{signal_id}/{action}")
def triage_signal(signal_id: str, action: str, submitted=Depends(posted)) -> Response:
    current, form = submitted
    rt, who = current.runtime, current.principal
    if action == "attach":
        chosen = form.get("incident").split(" ", 1)[0]  # the picker's text starts with the reference
        if not chosen:
            raise InvalidInput("choose the incident to attach the signal to", allowed="an open incident's reference")
        ref = signals.attach(rt, signal_id=signal_id, ref=chosen, actor=who.handle, principal=who)
        return current.redirect("/signals", flash=f"Attached the signal to {ref}.")
    if action == "declare":
        if not form.get("category"):
            raise InvalidInput("choose the category of the incident", allowed=", ".join(rt.plan.category_ids()))
        ref = signals.declare_from(
            rt,
            signal_id=signal_id,
            category=form.get("category"),
            severity=form.get("severity") or None,
            title=form.get("title") or None,
            actor=who.handle,
            principal=who,
        )
        return current.redirect(f"/incidents/{ref}", flash=f"Declared {ref} from the signal.")
    if action == "dismiss":
        signals.dismiss(rt, signal_id=signal_id, reason=form.get("reason"), actor=who.handle, principal=who)
        return current.redirect("/signals", flash="Dismissed the signal.")
    raise NotFound(f"no signal action {action!r}", allowed="attach, declare, dismiss")


# --- insights -----------------------------------------------------------------------------------------------

INSIGHT_PERIODS = {"30": 30, "90": 90, "365": 365}


@router.get("/insights")
def insights_view(current: Page = Depends(page), by: str = "severity", days: str = "90") -> Response:
    rt = current.runtime
    if days not in INSIGHT_PERIODS:
        raise InvalidInput(f"a period of {days!r} days is not offered", allowed=", ".join(INSIGHT_PERIODS))
    now = rt.clock()
    found = reports.insights(rt, since=now - timedelta(days=INSIGHT_PERIODS[days]), by=by)
    months = []
    for back in range(5, -1, -1):  # the last six months, oldest first
        start = _month_start(now, back)
        end = _month_start(now, back - 1)
        months.append((start.strftime("%Y-%m"), reports.insights(rt, since=start, until=end)["overall"]))
    return current.render(
        "insights.html", found=found, by=by, days=days, periods=INSIGHT_PERIODS, charts=insight_charts(found, months)
    )


def _month_start(now, back: int):
    """The first instant (UTC) of the month `back` months before now's (-1: the next month)."""
    index = now.year * 12 + now.month - 1 - back
    return now.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0)


def insight_charts(found: dict, months: list[tuple[str, dict]]) -> dict:
    groups = found["groups"]

    def compliance(group: dict) -> charts.Bar:
        due, met = group["deadlines"]["due"], group["deadlines"]["met_on_time"]
        value = group["deadlines"]["compliance"]
        return charts.Bar(
            group["key"],
            None if value is None else value * 100,
            "—" if value is None else f"{value:.0%} ({met} of {due})",
        )

    def median(group: dict, measure: str, label: str | None = None) -> charts.Bar:
        seconds = group[measure]["median_seconds"]
        return charts.Bar(label or group["key"], seconds, charts.duration(seconds))

    return {
        "count": charts.bar_chart(
            "Incidents by " + found["by"], [charts.Bar(g["key"], g["incidents"], str(g["incidents"])) for g in groups]
        ),
        **{
            measure: charts.bar_chart(
                f"Median time to {measure} by {found['by']}", [median(g, measure) for g in groups]
            )
            for measure in ("acknowledge", "contain", "resolve")
        },
        "compliance": charts.bar_chart(f"Deadlines met on time by {found['by']}", [compliance(g) for g in groups]),
        "monthly_resolve": charts.bar_chart(
            "Median time to resolve, by month of declaration", [median(m, "resolve", key) for key, m in months]
        ),
        "monthly_count": charts.bar_chart(
            "Incidents declared, by month", [charts.Bar(key, m["incidents"], str(m["incidents"])) for key, m in months]
        ),
    }


# --- the plan -----------------------------------------------------------------------------------------------


@router.get("/plan")
def plan_view(current: Page = Depends(page)) -> Response:
    return current.render("plan.html", version=current.runtime.plan_version)


router.include_router(streams_router)
router.include_router(incident_router)


@router.get("/incidents/{ref}", name="incident")
def incident(
    ref: str, current: Page = Depends(page), type: list[str] = Query(default=[]), feature: str = ""
) -> Response:
    """The incident page; `feature` picks the AI feature whose controls it shows (default: the affected one)."""
    return incident_page(current, ref, types=type, feature=feature)
