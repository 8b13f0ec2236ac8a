"""Who may do what: the plan grants actions to roles; a person acts in a role held on the incident or in their
profile. Pure: no I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from aicident.errors import Forbidden
from aicident.plan.schema import CONTAINMENT_PERMISSIONS, Plan

TOKEN_PREFIX = "aic_"

# aicident's own steps (signals, reminders, expiries, deadline breaches) are logged as this actor. It is not a
# person: nobody may register the handle, be assigned a role under it, or act as it.
SYSTEM_ACTOR = "aicident"

ACTION_PHRASES = {
    "stage": "move the incident between stages",
    "severity": "change the severity",
    "assign": "assign roles",
    "facts": "record incident facts",
    "contain": "record containment",
    "diagnose": "record the root cause",
    "log": "add to the incident log",
    "signals": "triage signals",
    "document": "record the report",
    "review": "record the review",
    "verify": "verify the logs",
    "control": "change the controls of AI features",
    "approve_control": "approve control changes",
}


@dataclass(frozen=True)
class Principal:
    """A signed-in person."""

    person_id: str
    handle: str
    name: str
    roles: frozenset[str]
    admin: bool = False


def require_admin(principal: Principal | None, what: str = "manage people and tokens") -> None:
    """Only an administrator may; `None` is aicident itself."""
    if principal is not None and not principal.admin:
        raise Forbidden(f"{principal.handle} may not {what}", allowed="an administrator may")


def token_hash(token: str) -> str:
    # Tokens are 256-bit random strings, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def granted_roles(plan: Plan, action: str) -> list[str]:
    return list(plan.permissions.get(action, CONTAINMENT_PERMISSIONS.get(action, [])))


def may(plan: Plan, principal: Principal, action: str, incident_roles: dict[str, str] | None = None) -> bool:
    granted = granted_roles(plan, action)
    if "*" in granted:
        return True
    held = set(principal.roles)
    held.update(role for role, person in (incident_roles or {}).items() if person == principal.handle)
    return bool(held.intersection(granted))


def authorize(
    plan: Plan, principal: Principal | None, action: str, incident_roles: dict[str, str] | None = None
) -> None:
    """Raise Forbidden naming the roles the plan requires; `None` is the local operator, who may do anything."""
    if principal is None or may(plan, principal, action, incident_roles):
        return
    names = [plan.role(r).name for r in granted_roles(plan, action)]
    raise Forbidden(
        f"{principal.handle} may not {ACTION_PHRASES.get(action, action.replace('_', ' '))}: the plan grants it to "
        f"{' or '.join(names) if names else 'no role'}",
        allowed="hold that role on the incident (assign) or in your profile (people roles)",
        details={"action": action, "required_roles": granted_roles(plan, action)},
    )
