"""/api/v1/incidents/{ref}/obligations, drafts, approvals, sending, clock events and affected customers."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from aicident.api import openapi
from aicident.api.deps import if_match, principal, runtime
from aicident.api.types import AwareInstant
from aicident.auth.model import Principal
from aicident.comms import service
from aicident.errors import InvalidInput
from aicident.plan.schema import CLOCK_EVENTS
from aicident.runtime import Runtime

router = APIRouter(prefix="/api/v1", tags=["communications"])
MAX_CSV = 20 * 1024 * 1024


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClockEventIn(_Request):
    event: str = Field(description="One of: " + ", ".join(CLOCK_EVENTS), json_schema_extra=openapi.one_of(CLOCK_EVENTS))
    at: AwareInstant | None = Field(default=None, description="When it happened (default: now).")
    reason: str = ""


class DraftIn(_Request):
    obligation: str = Field(
        min_length=1, max_length=100, description="An obligation key, e.g. customers or clock:gdpr_art33"
    )


class DraftEditIn(_Request):
    version: int = Field(ge=1, description="The version being edited (a stale one is refused with 412).")
    subject: str = Field(min_length=1, max_length=1000)
    body: str = Field(min_length=1, max_length=200_000)


class FillIn(_Request):
    version: int = Field(ge=1, description="The version being filled (a stale one is refused with 412).")
    values: dict[str, str] = Field(
        default_factory=dict,
        max_length=100,
        description="Slot name -> its text. Empty: fill again from the incident and the plan (a draft not edited "
        "by hand).",
    )


class ApprovalIn(_Request):
    version: int = Field(ge=1, description="The version whose exact text is approved.")
    role: str | None = Field(default=None, description="The approver role, when the person holds several.")


class CustomerIn(_Request):
    email: str = Field(min_length=3, max_length=320)
    name: str = Field(default="", max_length=200)
    id: str = Field(default="", max_length=200)


class CustomersIn(_Request):
    customers: list[CustomerIn] = Field(max_length=service.MAX_CUSTOMERS)


@router.get("/incidents/{ref}/obligations", summary="Obligations with their drafts and delivery state")
def obligations(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return service.obligations_view(rt, ref=ref)


@router.post("/incidents/{ref}/clock-events", summary="Record an event that starts regulatory clocks")
def clock_event(
    ref: str,
    body: ClockEventIn,
    rt: Runtime = Depends(runtime),
    who: Principal = Depends(principal),
    version: int | None = Depends(if_match),
) -> dict:
    service.record_clock_event(
        rt, ref=ref, event=body.event, at=body.at, reason=body.reason, actor=who.handle, principal=who, if_match=version
    )
    return service.obligations_view(rt, ref=ref)


@router.get("/incidents/{ref}/drafts", summary="Drafts of communications")
def drafts(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list[dict]:
    return service.list_drafts(rt, ref=ref)


@router.post("/incidents/{ref}/drafts", status_code=201, summary="Draft a communication from its template")
def create_draft(ref: str, body: DraftIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    return service.create_draft(rt, ref=ref, obligation=body.obligation, actor=who.handle, principal=who)


@router.get("/incidents/{ref}/drafts/{draft_id}", summary="A draft with every version and approval")
def get_draft(ref: str, draft_id: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return service.get_draft(rt, ref=ref, draft_id=draft_id)


@router.put("/incidents/{ref}/drafts/{draft_id}", summary="Edit a draft: a new version")
def edit_draft(
    ref: str, draft_id: str, body: DraftEditIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    return service.edit_draft(
        rt,
        ref=ref,
        draft_id=draft_id,
        subject=body.subject,
        body=body.body,
        version=body.version,
        actor=who.handle,
        principal=who,
    )


@router.post("/incidents/{ref}/drafts/{draft_id}/slots", summary="Fill slots of a draft: a new version")
def fill_draft(
    ref: str, draft_id: str, body: FillIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    return service.fill_draft(
        rt, ref=ref, draft_id=draft_id, version=body.version, values=body.values, actor=who.handle, principal=who
    )


@router.get(
    "/incidents/{ref}/drafts/{draft_id}/preview",
    summary="Exactly what each recipient would get if the draft were sent now",
)
def preview_draft(
    ref: str,
    draft_id: str,
    limit: int = Query(service.PREVIEW_LIMIT, ge=1, le=1000),
    rt: Runtime = Depends(runtime),
    _who: Principal = Depends(principal),
) -> dict:
    return service.preview(rt, ref=ref, draft_id=draft_id, limit=limit)


@router.post("/incidents/{ref}/drafts/{draft_id}/approvals", summary="Approve the exact text of a version")
def approve(
    ref: str, draft_id: str, body: ApprovalIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    return service.approve(
        rt, ref=ref, draft_id=draft_id, version=body.version, role=body.role, actor=who.handle, principal=who
    )


@router.post("/incidents/{ref}/drafts/{draft_id}/send", summary="Send an approved draft (through the outbox)")
def send(ref: str, draft_id: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    return service.send(rt, ref=ref, draft_id=draft_id, actor=who.handle, principal=who)


@router.get("/incidents/{ref}/customers", summary="Customers affected by the incident")
def customers(ref: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list[dict]:
    return service.list_customers(rt, ref=ref)


@router.post(
    "/incidents/{ref}/customers",
    summary="Import affected customers (JSON, or text/csv with an email column); idempotent by email",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": CustomersIn.model_json_schema()},
                "text/csv": {"schema": {"type": "string"}},
            },
            "required": True,
        }
    },
)
async def import_customers(
    ref: str, request: Request, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    raw = await request.body()
    if len(raw) > MAX_CSV:
        raise InvalidInput(f"{len(raw)} bytes", allowed=f"at most {MAX_CSV} bytes per import")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the body is not UTF-8 text", allowed="UTF-8 JSON or CSV") from None
    if kind == "text/csv":
        rows = service.parse_customers_csv(text)
    elif kind in ("application/json", ""):
        try:
            parsed = CustomersIn.model_validate_json(text or "{}")
        except ValueError as error:
            raise InvalidInput(
                f"not a customer list: {str(error).splitlines()[0]}",
                allowed='{"customers": [{"email": "...", "name": "...", "id": "..."}]}',
            ) from None
        rows = [c.model_dump() for c in parsed.customers]
    else:
        raise InvalidInput(f"content type {kind!r}", allowed="application/json or text/csv")

    return await run_in_threadpool(service.import_customers, rt, ref=ref, rows=rows, actor=who.handle, principal=who)
