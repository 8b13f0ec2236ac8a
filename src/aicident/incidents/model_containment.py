"""Containment of an incident: the actions recorded, the control changes made from it (kill switch, rollback,
throttle...) and which of them are still in force, the decision that none is needed, and the `controls` guard that
leaving remediation, resolving and closing need. Pure rules, no I/O, `now` passed in.

`ContainmentMixin` is a part of `aicident.incidents.model.Incident`; it adds no fields, and declares what it reads of
the incident for the type checker only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from aicident.audit.chain import timestamp
from aicident.errors import GuardFailed
from aicident.incidents import in_force
from aicident.incidents.entries import ContainmentAction, ControlKept
from aicident.incidents.model_guards import UnmetGuard
from aicident.incidents.model_log import LogMixin, _atomic, _text


class ContainmentMixin(LogMixin):
    """What was done to contain the damage, and the controls it left in force."""

    if TYPE_CHECKING:
        contained_at: datetime | None
        containment: list[dict[str, Any]]
        controls_in_force: dict[str, dict[str, Any]]
        no_containment_reason: str | None

    def unsettled_controls(self) -> dict[str, dict[str, Any]]:
        """Controls changed from this incident that are still in force and that nobody decided to keep."""
        return in_force.unsettled(self.controls_in_force)

    def _require_controls_settled(self, move: str) -> None:
        unmet = self._unmet_controls()
        if unmet is not None:
            raise GuardFailed(
                f"cannot {move}: {unmet.needs}",
                guard="controls",
                details={
                    "controls": [
                        {"feature": feature, **current} for feature, current in self.unsettled_controls().items()
                    ]
                },
                next=list(unmet.steps),
            )

    def _unmet_controls(self) -> UnmetGuard | None:
        open_ones = self.unsettled_controls()
        if not open_ones:
            return None
        return UnmetGuard("controls", in_force.needs(self.ref, open_ones), tuple(in_force.steps(self.ref, open_ones)))

    @_atomic
    def record_containment(self, *, action: str, actor: str, now: datetime, kind: str = "manual") -> None:
        self._require_not_closed("record containment")
        action = _text(action, "containment action")
        self.containment.append({"action": action, "kind": kind, "at": timestamp(now), "by": actor})
        if self.contained_at is None:
            self.contained_at = now
        self._log(actor, now, ContainmentAction(action=action, kind=kind))

    @_atomic
    def record_control(
        self,
        *,
        feature: str,
        action: str,
        text: str,
        reason: str,
        change_id: str,
        actor: str,
        now: datetime,
        contains: bool,
        applied: bool = True,
        restored: bool = False,
        reverts: str | None = None,
    ) -> None:
        """A change to an AI feature's controls made from this incident (kill switch, rollback, throttle...).

        A change that contains (disable, pin, throttle) counts as containment. An applied change stays in force
        until a restore (the feature back to its controls before the incident: `restored`) or the expiry of that
        change (`reverts` its id) takes it out; those two are logged even on a closed incident, since they happened
        whatever the incident's state."""
        undoing = restored or reverts is not None
        if not undoing:
            self._require_not_closed("change controls from it")
        if contains and not undoing:
            self.containment.append({"action": text, "kind": "control", "at": timestamp(now), "by": actor})
            if self.contained_at is None:
                self.contained_at = now
        in_force.record_change(
            self.controls_in_force,
            feature=feature,
            change_id=change_id,
            text=text,
            at=timestamp(now),
            by=actor,
            applied=applied,
            restored=restored,
            reverts=reverts,
        )
        self._log(
            actor,
            now,
            ContainmentAction(
                action=text,
                kind="control",
                feature=feature,
                control=action,
                reason=reason,
                change=change_id,
                restored=True if restored else None,
                reverts=reverts,
            ),
        )

    @_atomic
    def keep_control(
        self, *, feature: str, reason: str, owner: str, review_on: date, actor: str, now: datetime
    ) -> None:
        """Decide that a control changed from this incident stays in force after it: why, who owns it (a person
        the caller has checked is registered) and when to review it."""
        self._require_not_closed("keep its controls")
        kept = in_force.keep(
            self.controls_in_force,
            ref=self.ref,
            feature=feature,
            reason=reason,
            owner=owner,
            review_on=review_on,
            today=now.date(),
        )
        held = self.controls_in_force[feature]
        held["kept"] = {**kept, "by": actor, "at": timestamp(now)}
        self._log(
            actor,
            now,
            ControlKept(feature=feature, changes=held["changes"], **kept),
        )

    @_atomic
    def decide_no_containment(self, *, reason: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record containment")
        self.no_containment_reason = _text(reason, "the reason no containment is needed")
        if self.contained_at is None:
            self.contained_at = now
        self._log(actor, now, ContainmentAction(action=None, none_needed=self.no_containment_reason))
