"""The stage guards of an incident: what leaving a stage still needs, in the plan's words, each with the steps that
would satisfy it, and the check that refuses a move while any is unmet. Pure rules, no I/O.

`GuardsMixin` is a part of `aicident.incidents.model.Incident`; it adds no fields, and declares what it reads of the
incident for the type checker only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aicident.errors import GuardFailed, Step
from aicident.incidents.vocabulary import ROOT_CAUSE_LAYERS, Status
from aicident.plan.schema import Plan


@dataclass(frozen=True)
class UnmetGuard:
    """A stage guard that does not hold yet: what it needs, in the plan's words, and the steps that satisfy it."""

    guard: str
    needs: str
    steps: tuple[Step, ...] = ()


class GuardsMixin:
    """The guards a stage's `exit_requires` names, other than `controls` (see `ContainmentMixin`)."""

    if TYPE_CHECKING:
        ref: str
        stage: str
        status: Status
        severity: str | None
        containment: list[dict[str, Any]]
        no_containment_reason: str | None
        root_cause: dict[str, Any] | None
        report: dict[str, Any] | None
        review: dict[str, Any] | None

        def current_roles(self) -> dict[str, str]: ...
        def missing_communications(self, plan: Plan) -> list[str]: ...
        def _unmet_controls(self) -> UnmetGuard | None: ...

    def unmet_guards(self, plan: Plan, stage_id: str | None = None) -> list[UnmetGuard]:
        """What leaving the stage still needs, in the plan's words, each with the steps that would satisfy it."""
        stage = next(s for s in plan.stages if s.id == (stage_id or self.stage))
        found = (
            self._unmet_controls() if guard == "controls" else self._unmet(plan, guard) for guard in stage.exit_requires
        )
        return [unmet for unmet in found if unmet is not None]

    def _unmet(self, plan: Plan, guard: str) -> UnmetGuard | None:
        if guard.startswith("role:"):
            return self._unmet_role(plan, guard)
        check = _GUARD_CHECKS.get(guard)
        if check is None:
            raise AssertionError(f"plan validation lets no unknown guard through: {guard}")
        return check(self, plan)

    def _unmet_role(self, plan: Plan, guard: str) -> UnmetGuard | None:
        role = guard.removeprefix("role:")
        if role in self.current_roles():
            return None
        need = f"assign the {plan.role(role).name}"
        return UnmetGuard(guard, need, (Step("assign", need, {"ref": self.ref, "role": role}),))

    def _unmet_severity(self, plan: Plan) -> UnmetGuard | None:
        if self.severity:
            return None
        return UnmetGuard("severity", "set a severity", (Step("triage", "set a severity", {"ref": self.ref}),))

    def _unmet_containment(self, plan: Plan) -> UnmetGuard | None:
        if self.containment or self.no_containment_reason:
            return None
        ref = {"ref": self.ref}
        return UnmetGuard(
            "containment",
            "record a containment action or decide that none is needed with a reason",
            (
                Step("contain", "record a containment action", ref),
                Step("decide_no_containment", "decide that no containment is needed", ref),
            ),
        )

    def _unmet_root_cause(self, plan: Plan) -> UnmetGuard | None:
        if self.root_cause:
            return None
        need = f"record a root cause in {'/'.join(ROOT_CAUSE_LAYERS)}"
        return UnmetGuard("root_cause", need, (Step("diagnose", "record the root cause", {"ref": self.ref}),))

    def _unmet_resolved(self, plan: Plan) -> UnmetGuard | None:
        if self.status != Status.OPEN:
            return None
        return UnmetGuard(
            "resolved", "resolve the incident", (Step("resolve", "resolve the incident", {"ref": self.ref}),)
        )

    def _unmet_communications(self, plan: Plan) -> UnmetGuard | None:
        missing = self.missing_communications(plan)
        if not missing:
            return None
        ref = {"ref": self.ref}
        steps = [Step("communicate", f"meet {key}", {**ref, "obligation": key}) for key in missing]
        steps += [Step("waive", f"waive {key} with a reason", {**ref, "obligation": key}) for key in missing]
        need = f"meet the obligations {', '.join(missing)} or waive them with a reason"
        return UnmetGuard("communications", need, tuple(steps))

    def _unmet_report(self, plan: Plan) -> UnmetGuard | None:
        if self.report:
            return None
        need = "record the post-incident report"
        return UnmetGuard("report", need, (Step("document", need, {"ref": self.ref}),))

    def _unmet_review(self, plan: Plan) -> UnmetGuard | None:
        if self.review:
            return None
        need = "hold the post-incident review"
        return UnmetGuard("review", need, (Step("review", need, {"ref": self.ref}),))

    def _check_exit(self, plan: Plan, move: str) -> None:
        unmet = self.unmet_guards(plan)
        if unmet:
            raise GuardFailed(
                f"cannot {move}: " + "; ".join(u.needs for u in unmet),
                guard=unmet[0].guard,
                details={"unmet": [{"guard": u.guard, "needs": u.needs} for u in unmet]},
                next=[step for u in unmet for step in u.steps],
            )


# What each stage guard other than role:<id> still needs, if anything (plan validation admits only these names).
_GUARD_CHECKS: dict[str, Callable[[GuardsMixin, Plan], UnmetGuard | None]] = {
    "severity": GuardsMixin._unmet_severity,
    "containment": GuardsMixin._unmet_containment,
    "root_cause": GuardsMixin._unmet_root_cause,
    "resolved": GuardsMixin._unmet_resolved,
    "communications": GuardsMixin._unmet_communications,
    "report": GuardsMixin._unmet_report,
    "review": GuardsMixin._unmet_review,
}
