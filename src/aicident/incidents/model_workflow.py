"""The workflow of an incident: moving between the plan's stages, the records its guards ask for (root cause,
report, review), resolving, closing and reopening. Pure rules, no I/O, `now` passed in.

`WorkflowMixin` is a part of `aicident.incidents.model.Incident`; it adds no fields, and declares what it reads of the
incident for the type checker only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from aicident.audit.chain import timestamp
from aicident.errors import Conflict, GuardFailed, InvalidInput, Step
from aicident.incidents.entries import Closed, Reopened, Report, Resolution, Review, RootCause, StageChange
from aicident.incidents.model_log import LogMixin, _atomic, _choice, _text
from aicident.incidents.vocabulary import ROOT_CAUSE_LAYERS, Status
from aicident.plan.schema import Plan

if TYPE_CHECKING:
    from aicident.incidents.model_guards import UnmetGuard


class WorkflowMixin(LogMixin):
    """Stage changes, checked against the stage guards, and the moves that end or resume the response."""

    if TYPE_CHECKING:
        stage: str
        resolved_at: datetime | None
        closed_at: datetime | None
        root_cause: dict[str, Any] | None
        resolution: str | None
        report: dict[str, Any] | None
        review: dict[str, Any] | None

        def unmet_guards(self, plan: Plan, stage_id: str | None = None) -> list[UnmetGuard]: ...
        def _check_exit(self, plan: Plan, move: str) -> None: ...
        def missing_communications(self, plan: Plan) -> list[str]: ...
        def _require_controls_settled(self, move: str) -> None: ...

    # --- the workflow ---------------------------------------------------------------------------------------

    @_atomic
    def advance(self, plan: Plan, *, actor: str, now: datetime, to: str | None = None, reason: str = "") -> None:
        """Move to the next stage (guards checked) or back to an earlier one (a reason required)."""
        self._require_not_closed("change stage")
        order = plan.stage_ids()
        here = order.index(self.stage)
        if to is None:
            if here == len(order) - 1:
                raise InvalidInput(
                    f"{self.ref} is in the last stage ({self.stage}); close it",
                    next=[Step("close", "close the incident", {"ref": self.ref})],
                )
            to = order[here + 1]
        _choice(to, order, "stage")
        there = order.index(to)
        if there == here:
            raise Conflict(f"{self.ref} is already in stage {to}")
        if there > here + 1:
            raise GuardFailed(
                f"cannot skip from {self.stage} to {to}; stages go one at a time",
                allowed=f"next stage: {order[here + 1]}",
                guard="order",
                next=[Step("advance", f"move to {order[here + 1]}", {"ref": self.ref})],
            )
        if there > here:
            self._check_exit(plan, f"leave {self.stage} for {to}")
        elif not reason.strip():
            raise InvalidInput(f"going back from {self.stage} to {to} needs a reason", allowed="say why it goes back")
        self._log(actor, now, StageChange(old=self.stage, new=to, reason=reason.strip()))
        self.stage = to

    @_atomic
    def record_root_cause(self, *, layer: str, description: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record a root cause")
        _choice(layer, ROOT_CAUSE_LAYERS, "root-cause layer")
        self.root_cause = {
            "layer": layer,
            "description": _text(description, "root cause description"),
            "at": timestamp(now),
            "by": actor,
        }
        self._log(actor, now, RootCause(layer=layer, description=self.root_cause["description"]))

    @_atomic
    def resolve(self, *, summary: str, actor: str, now: datetime) -> None:
        if self.status != Status.OPEN:
            raise Conflict(f"{self.ref} is {self.status}, only an open incident can be resolved")
        self._require_controls_settled(f"resolve {self.ref}")
        self.resolution = _text(summary, "resolution summary (what was fixed and re-tested)")
        self.status = Status.RESOLVED
        self.resolved_at = now
        self._log(actor, now, Resolution(summary=self.resolution))

    @_atomic
    def record_report(
        self, *, location: str, actor: str, now: datetime, summary: str = "", version: int | None = None
    ) -> None:
        """Record the report; `version` is the published version of the report kept in aicident."""
        self._require_not_closed("record the report")
        self.report = {
            "location": _text(location, "report location or text"),
            "summary": summary.strip(),
            "at": timestamp(now),
            "by": actor,
        }
        extra = {} if version is None else {"version": version}
        self.report.update(extra)
        self._log(actor, now, Report(location=self.report["location"], summary=self.report["summary"], **extra))

    @_atomic
    def record_review(
        self,
        *,
        attendees: list[str],
        summary: str,
        actor: str,
        now: datetime,
        decisions: list[str] | None = None,
        follow_ups: list[str] | None = None,
    ) -> None:
        """Record the review: who attended, what it found, what it decided and the follow-ups it created."""
        self._require_not_closed("record the review")
        attendees = [a.strip() for a in attendees if a.strip()]
        if not attendees:
            raise InvalidInput("a review needs its attendees", allowed="one or more people who attended")
        self.review = {
            "attendees": attendees,
            "summary": _text(summary, "review summary"),
            "at": timestamp(now),
            "by": actor,
        }
        extra = {"decisions": [d.strip() for d in decisions or [] if d.strip()], "follow_ups": list(follow_ups or [])}
        extra = {k: v for k, v in extra.items() if v}
        self.review.update(extra)
        self._log(actor, now, Review(attendees=attendees, summary=self.review["summary"], **extra))

    @_atomic
    def close(self, plan: Plan, *, actor: str, now: datetime) -> None:
        self._require_not_closed("close")
        last = plan.stage_ids()[-1]
        if self.stage != last:
            raise GuardFailed(
                f"cannot close {self.ref} from stage {self.stage}",
                allowed=f"close from the last stage, {last}",
                guard="order",
                next=[Step("advance", "move to the next stage", {"ref": self.ref})],
            )
        self._check_exit(plan, f"close {self.ref}")
        missing = self.missing_communications(plan)
        if missing:
            raise GuardFailed(
                f"cannot close {self.ref}: the obligations {', '.join(missing)} are neither met nor waived",
                guard="communications",
                next=[Step("communicate", f"meet {key}", {"ref": self.ref, "obligation": key}) for key in missing],
            )
        self._require_controls_settled(f"close {self.ref}")
        self.status = Status.CLOSED
        self.closed_at = now
        self._log(actor, now, Closed())

    @_atomic
    def reopen(self, plan: Plan, *, reason: str, actor: str, now: datetime, stage: str | None = None) -> None:
        """Open a resolved or closed incident again, in a stage no later than remediation whose earlier stages'
        guards all still hold."""
        if self.status == Status.OPEN:
            raise Conflict(f"{self.ref} is already open")
        reason = _text(reason, "reason to reopen")
        order = plan.stage_ids()
        old = {"status": str(self.status), "stage": self.stage}
        self.status = Status.OPEN
        resolving = next((i for i, s in enumerate(plan.stages) if "resolved" in s.exit_requires), len(order) - 1)
        allowed = [
            s
            for i, s in enumerate(order)
            if 1 <= i <= resolving and all(not self.unmet_guards(plan, earlier) for earlier in order[:i])
        ]
        stage = _choice(stage or order[1], allowed, "stage to reopen in")
        self.stage = stage
        self.resolved_at = self.closed_at = None
        self.resolution = None
        self._log(actor, now, Reopened(reason=reason, old=old, stage=stage))
