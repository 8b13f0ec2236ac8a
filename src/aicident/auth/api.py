"""/api/v1/me, /api/v1/people and tokens."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from aicident.api.deps import principal, runtime
from aicident.api.types import Flag
from aicident.auth import service
from aicident.auth.model import Principal
from aicident.runtime import Runtime

router = APIRouter(prefix="/api/v1", tags=["people"])


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handle: str = Field(
        json_schema_extra={"pattern": r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,99}\s*$"},
        description="Letters, digits, '.', '_' and '-', starting with a letter or digit (kept in lower case).",
    )
    name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    chat: str = Field(default="", max_length=200)
    roles: list[str] = Field(default=[], max_length=20)
    admin: Flag = False


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", max_length=200)
    expires_in_days: int | None = Field(default=90, ge=1, le=3650)


class RolesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str]


@router.get("/me", summary="Who the token belongs to")
def me(who: Principal = Depends(principal)) -> dict:
    return {"handle": who.handle, "name": who.name, "roles": sorted(who.roles), "admin": who.admin}


@router.get("/people", summary="People and the plan roles they hold")
def people(rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> list[dict]:
    return service.list_people(rt)


@router.post("/people", status_code=201, summary="Add a person (administrators)")
def add_person(body: PersonIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    service.add_person(rt, **body.model_dump(), principal=who)
    return next(p for p in service.list_people(rt) if p["handle"] == body.handle.strip().lower())


@router.put("/people/{handle}/roles", summary="Set the plan roles a person holds (administrators)")
def set_roles(handle: str, body: RolesIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> dict:
    stored = service.set_roles(rt, handle=handle, roles=body.roles, principal=who)
    return next(p for p in service.list_people(rt) if p["handle"] == stored)


@router.post("/people/{handle}/tokens", status_code=201, summary="Issue a token; it is shown only in this answer")
def create_token(
    handle: str, body: TokenIn, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)
) -> dict:
    issued = service.create_token(
        rt, handle=handle, name=body.name, expires_in_days=body.expires_in_days, principal=who
    )
    return {
        "id": issued.id,
        "handle": issued.handle,
        "token": issued.token,
        "expires_at": issued.expires_at.isoformat() if issued.expires_at else None,
    }


@router.get("/tokens", summary="Tokens (yours; all of them for administrators)")
def tokens(rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> list[dict]:
    return service.list_tokens(rt, principal=who)


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke a token")
def revoke(token_id: str, rt: Runtime = Depends(runtime), who: Principal = Depends(principal)) -> None:
    service.revoke_token(rt, token_id=token_id, principal=who)
