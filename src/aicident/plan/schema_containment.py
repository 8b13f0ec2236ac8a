"""The response plan as data: the AI features whose controls aicident keeps ([[features]]) and the rules for
changing their controls ([containment]). Part of ``aicident.plan.schema``, which re-exports it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool

from aicident.plan.schema_base import _Strict

FEATURE_NAME_PATTERN = r"^[a-z][a-z0-9_.-]{0,99}$"
# Kinds of control change, as a plan's approval rules name them (aicident.containment.model.change_actions).
CONTROL_ACTIONS = ("disable", "enable", "pin_model", "throttle", "routes", "guard", "tools", "fallback", "fail_mode")
# Permission actions added with containment; a plan that predates them gets these grants.
CONTAINMENT_PERMISSIONS = {
    "control": ["incident_commander", "ai_lead"],
    "approve_control": ["incident_commander", "executive_sponsor"],
}


class Feature(_Strict):
    """An AI feature of an application: what its kill switch serves and how its SDK behaves unreachable."""

    name: str = Field(pattern=FEATURE_NAME_PATTERN)
    description: str = ""
    customer_facing: StrictBool = False
    fail_mode: Literal["open", "closed"] = Field(
        default="open",
        description="open: serve the model when aicident is unreachable and nothing is cached; "
        "closed: serve the fallback response",
    )
    fallback_response: str = Field(default="", description="What the application serves while the feature is off.")
    default_model: str | None = None
    routes: list[str] = Field(default_factory=list, description="Ordered providers/models to fall back to.")


class ApprovalRule(_Strict):
    """A control change that needs a second person's approval before it takes effect."""

    action: Literal[CONTROL_ACTIONS]  # type: ignore[valid-type]
    severities: list[str] = Field(
        default_factory=list, description="Severities of the named incident it applies at; empty: any change."
    )
    customer_facing: StrictBool | None = Field(
        default=None, description="Only for customer-facing features (true), only for internal ones (false), or both."
    )


class Containment(_Strict):
    approvals: list[ApprovalRule] = Field(default_factory=list)
