"""/api/v1/plan: the plan in force, and any plan version an incident ran under."""

from fastapi import APIRouter, Depends

from aicident.api.deps import principal, runtime
from aicident.auth.model import Principal
from aicident.plan.loader import plan_document
from aicident.runtime import Runtime

router = APIRouter(prefix="/api/v1", tags=["plan"])


@router.get("/plan", summary="The plan in force, with its version")
def plan(rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    return {"version": rt.plan_version, "plan": rt.plan_document}


@router.get("/plan/{version}", summary="A plan version that incidents ran under")
def plan_version(version: str, rt: Runtime = Depends(runtime), _who: Principal = Depends(principal)) -> dict:
    with rt.uow() as uow:
        return {"version": version, "plan": plan_document(rt.plan_of(version, uow))}
