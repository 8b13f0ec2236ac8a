"""Containment use cases: register a feature, change its controls (with approval and expiry), restore, expire.

Each is one transaction. A changing one takes, in this order, the incident's row lock (when it names one), the
controls version row lock, then the audit head: the same order everywhere, so concurrent changes never deadlock.
Every applied change bumps the controls version (what streams and ETags follow), writes an audit entry and, when it
names an incident, an entry in that incident's log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aicident.auth.model import SYSTEM_ACTOR, Principal, authorize, may
from aicident.auth.service import require_person
from aicident.containment.distribution import (  # noqa: F401 - read use cases, part of this module's interface
    Snapshot,
    all_controls,
    controls_of,
    flagd,
    snapshot,
    version_tag,
)
from aicident.containment.in_force import InForce, _in_force
from aicident.containment.in_force import in_force as in_force  # a read use case, part of this module's interface
from aicident.containment.model import (
    ChangeState,
    Controls,
    apply,
    approval_rule,
    change_actions,
    check_changes,
    contains,
    describe,
    diff,
    revert_changes,
)
from aicident.containment.repository import ControlChange
from aicident.errors import Conflict, Forbidden, InvalidInput, NotFound, Step
from aicident.incidents.model import Incident
from aicident.plan.schema import Feature
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork

MAX_EXPIRY = timedelta(days=90)


@dataclass(frozen=True)
class Outcome:
    """What a change request did: `change` is None when the controls were already as asked."""

    controls: Controls
    change: ControlChange | None

    def to_json(self) -> dict:
        return {
            "controls": self.controls.to_json(),
            "change": self.change.to_json() if self.change else None,
            "state": self.change.state if self.change else "unchanged",
        }


def register_feature(rt: Runtime, *, feature: Feature, actor: str, principal: Principal | None = None) -> Controls:
    """Add a feature at its defaults; registering one that exists changes nothing (its controls stay as they are)."""
    authorize(rt.plan, principal, "control")
    with rt.uow() as uow:
        uow.controls.lock()
        existing = uow.controls.get(feature.name)
        if existing is not None:
            return existing
        controls = Controls.of_feature(feature)
        now = rt.clock()
        uow.controls.put(controls, now, registered=True)
        uow.controls.bump()
        uow.audit.append(
            actor=actor,
            action="feature.register",
            subject=f"feature:{feature.name}",
            data={"controls": controls.to_json()},
            at=now,
        )
        return controls


def _incident(rt: Runtime, uow: UnitOfWork, ref: str | None, if_match: int | None = None) -> Incident | None:
    """The incident a change names, if any, loaded for change in `uow` (saved when it commits); `if_match` is the
    incident version the caller saw (its ETag)."""
    return _named_incident(rt, uow, ref, if_match) if ref else None


def _named_incident(rt: Runtime, uow: UnitOfWork, ref: str, if_match: int | None = None) -> Incident:
    """The incident that restoring or keeping a control acts on (see _incident)."""
    with rt.changing(ref, action=None, if_match=if_match, uow=uow) as change:
        return change.incident


def _record(
    rt: Runtime,
    uow: UnitOfWork,
    change: ControlChange,
    *,
    actor: str,
    now: datetime,
    incident: Incident | None,
    audit_action: str,
    restored: bool = False,
    reverts: str | None = None,
) -> None:
    """The audit entry and, for a change that names an incident, its log entry (same transaction): `restored` when
    it returns the feature to its controls before the incident, `reverts` the id of the change an expiry undid."""
    text = (
        describe(change.feature, change.changes)
        if change.changes
        else f"{change.feature}: back to its controls before {change.incident_ref} already"
    )
    if change.state == ChangeState.PENDING:
        text = "requested, awaiting a second person's approval: " + text
    uow.audit.append(
        actor=actor,
        action=audit_action,
        subject=f"feature:{change.feature}",
        at=now,
        data={
            "change": change.id,
            "incident": change.incident_ref,
            "changes": change.changes,
            "reason": change.reason,
            "state": change.state,
            "requested_by": change.requested_by,
        },
    )
    if incident is None:
        return
    applied = change.state == ChangeState.APPLIED
    incident.record_control(
        feature=change.feature,
        action=",".join(change.actions) or "restore",
        text=text,
        reason=change.reason,
        change_id=change.id,
        actor=actor,
        now=now,
        contains=applied and change.revert_of is None and contains(change.before, change.after),
        applied=applied,
        restored=restored,
        reverts=reverts,
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a control change needs a reason", allowed="say why, e.g. 'leaking account numbers'")
    return reason[:2000]


def change(
    rt: Runtime,
    *,
    feature: str,
    changes: dict[str, object],
    actor: str,
    reason: str,
    incident: str | None = None,
    expires_in: timedelta | None = None,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Outcome:
    """Set some of a feature's controls; pending instead when the plan asks for a second person's approval."""
    checked = check_changes(changes)
    reason = _reason(reason)
    if expires_in is not None and not timedelta(seconds=1) <= expires_in <= MAX_EXPIRY:
        raise InvalidInput("expiry must be between 1 second and 90 days", allowed="e.g. 3600 (seconds)")
    with rt.uow() as uow:
        inc = _incident(rt, uow, incident, if_match)
        authorize(rt.plan, principal, "control", inc.current_roles() if inc else None)
        uow.controls.lock()
        before = controls_of(rt, uow, feature)
        after = apply(before, checked)
        actions = change_actions(before, after)
        if not actions:
            return Outcome(before, None)
        now = rt.clock()
        rule = approval_rule(
            rt.plan.containment.approvals,
            actions=actions,
            customer_facing=before.customer_facing,
            severity=inc.severity if inc else None,
        )
        state = ChangeState.PENDING if rule else ChangeState.APPLIED
        undone = _restoring(uow, inc, feature, after) if rule is None else None
        if undone is not None:
            uow.controls.mark_reverted(feature=feature, incident_ref=undone.incident_ref or "", now=now)
        record = ControlChange(
            id=str(uuid.uuid4()),
            feature=feature,
            state=state,
            actions=actions,
            changes=diff(before, after),
            before=before,
            after=after,
            reason=reason,
            incident_ref=inc.ref if inc else None,
            requested_by=actor,
            requested_at=now,
            decided_by=None,
            decided_at=None,
            applied_at=now if rule is None else None,
            expires_at=now + expires_in if expires_in and undone is None else None,
            reverted_at=now if undone is not None else None,
            revert_of=undone.id if undone is not None else None,
        )
        uow.controls.add_change(record)
        if rule is None:
            uow.controls.put(after, now)
            uow.controls.bump()
        _record(
            rt,
            uow,
            record,
            actor=actor,
            now=now,
            incident=inc,
            audit_action="control.change" if rule is None else "control.request",
            restored=undone is not None,
        )
        return Outcome(after if rule is None else before, record)


def _target(first: ControlChange, current: Controls) -> Controls:
    """The controls before an incident's first change of a feature (registration's customer_facing stays)."""
    return Controls.from_json({**first.before.to_json(), "customer_facing": current.customer_facing})


def _restoring(uow: UnitOfWork, inc: Incident | None, feature: str, after: Controls) -> ControlChange | None:
    """The incident's first change of the feature, when `after` is the feature as it was before it: a change that
    undoes what the incident put in force is a restore (enabling the feature again settles the kill switch)."""
    if inc is None or feature not in inc.controls_in_force:
        return None
    first = uow.controls.first_applied(feature=feature, incident_ref=inc.ref)
    if first is None or diff(after, _target(first, after)):
        return None
    return first


def decide(
    rt: Runtime,
    *,
    change_id: str,
    approve: bool,
    actor: str,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> Outcome:
    """Approve (apply) or reject a pending change; only someone other than the requester may."""
    with rt.uow(read_only=True) as uow:
        incident_ref = uow.controls.change(change_id).incident_ref
    with rt.uow() as uow:
        inc = _incident(rt, uow, incident_ref, if_match)
        uow.controls.lock()
        pending = uow.controls.change(change_id)
        if pending.state != ChangeState.PENDING:
            by = f" (by {pending.decided_by})" if pending.decided_by else ""
            raise Conflict(
                f"control change {change_id} is {pending.state} already{by}",
                allowed="only a pending change can be approved or rejected",
            )
        if actor == pending.requested_by:
            raise Forbidden(
                f"{actor} requested this change and cannot approve or reject it",
                allowed="a second person with a role the plan grants approve_control",
            )
        authorize(rt.plan, principal, "approve_control", inc.current_roles() if inc else None)
        now = rt.clock()
        if not approve:
            uow.controls.decide(change_id, state=ChangeState.REJECTED, by=actor, now=now)
            uow.audit.append(
                actor=actor,
                action="control.reject",
                subject=f"feature:{pending.feature}",
                at=now,
                data={"change": change_id, "incident": incident_ref},
            )
            if inc is not None:
                inc.add_entry(
                    "note",
                    text=f"control change {change_id} rejected: {describe(pending.feature, pending.changes)}",
                    actor=actor,
                    now=now,
                )
            return Outcome(controls_of(rt, uow, pending.feature), uow.controls.change(change_id))
        before = controls_of(rt, uow, pending.feature)
        after = apply(before, pending.changes)
        uow.controls.decide(change_id, state=ChangeState.APPLIED, by=actor, now=now, before=before, after=after)
        if pending.expires_at is not None:
            uow.controls.set_expiry(change_id, now + (pending.expires_at - pending.requested_at))
        undone = _restoring(uow, inc, pending.feature, after)
        if undone is not None:
            uow.controls.mark_reverted(feature=pending.feature, incident_ref=undone.incident_ref or "", now=now)
            uow.controls.mark_restore(change_id, revert_of=undone.id)
        uow.controls.put(after, now)
        uow.controls.bump()
        applied = uow.controls.change(change_id)
        _record(
            rt,
            uow,
            applied,
            actor=actor,
            now=now,
            incident=inc,
            audit_action="control.approve",
            restored=undone is not None,
        )
        return Outcome(after, applied)


def restore(
    rt: Runtime,
    *,
    feature: str,
    incident: str,
    actor: str,
    reason: str = "",
    principal: Principal | None = None,
    if_match: int | None = None,
    from_incident: str | None = None,
) -> Outcome:
    """Return a feature's controls to what they were before the incident's first change of them, and log it on that
    incident, closed or not. `from_incident` names the incident the person restores it from (their roles there
    count too); the restore is still logged on the incident that made the change."""
    reason = (reason or "").strip() or f"restore the state before {incident.upper()}"
    with rt.uow() as uow:
        inc = _named_incident(rt, uow, incident, if_match)
        other = from_incident.strip().upper() if from_incident and from_incident.strip().upper() != inc.ref else None
        _authorize_control(rt, uow, principal, inc, other)
        uow.controls.lock()
        first = uow.controls.first_applied(feature=feature, incident_ref=inc.ref)
        if first is None:
            raise NotFound(
                f"{inc.ref} made no change to {feature!r}",
                allowed="a feature whose controls were changed from this incident: "
                + (", ".join(sorted(inc.controls_in_force)) or "(none)"),
            )
        current = controls_of(rt, uow, feature)
        target = _target(first, current)
        changes = diff(current, target)
        now = rt.clock()
        uow.controls.mark_reverted(feature=feature, incident_ref=inc.ref, now=now)
        if not changes and feature not in inc.controls_in_force:
            return Outcome(current, None)  # restored already: nothing to do, nothing to log
        record = ControlChange(
            id=str(uuid.uuid4()),
            feature=feature,
            state=ChangeState.APPLIED,
            actions=change_actions(current, target),
            changes=changes,
            before=current,
            after=target,
            reason=reason + (f" (from {other})" if other else ""),
            incident_ref=inc.ref,
            requested_by=actor,
            requested_at=now,
            decided_by=None,
            decided_at=None,
            applied_at=now,
            expires_at=None,
            reverted_at=now,
            revert_of=first.id,
        )
        if changes:
            uow.controls.add_change(record)
            uow.controls.put(target, now)
            uow.controls.bump()
        _record(rt, uow, record, actor=actor, now=now, incident=inc, audit_action="control.restore", restored=True)
        return Outcome(target, record if changes else None)


def authorize_restore(rt: Runtime, *, incident: str, principal: Principal, from_incident: str | None = None) -> None:
    """Refuse (Forbidden) a person who may not restore controls changed from `incident`, acting from
    `from_incident` (for a confirmation step shown before the restore itself)."""
    with rt.uow(read_only=True) as uow:
        inc = uow.incidents.get(incident)
        other = from_incident.strip().upper() if from_incident and from_incident.strip().upper() != inc.ref else None
        _authorize_control(rt, uow, principal, inc, other)


def _authorize_control(
    rt: Runtime, uow: UnitOfWork, principal: Principal | None, inc: Incident, other: str | None
) -> None:
    """May `principal` change controls from `inc`, or from the `other` incident they act from (roles held on either,
    or in their profile, count)?"""
    if principal is None:
        return
    if other is not None and may(rt.plan, principal, "control", uow.incidents.get(other).current_roles()):
        return
    authorize(rt.plan, principal, "control", inc.current_roles())


def keep(
    rt: Runtime,
    *,
    feature: str,
    incident: str,
    reason: str,
    owner: str,
    review_on: date,
    actor: str,
    principal: Principal | None = None,
    if_match: int | None = None,
) -> InForce:
    """Keep a control changed from the incident in force after it, with a reason, an owner (a registered person)
    and a review date: the incident may then be resolved and closed with it in force."""
    with rt.uow() as uow:
        inc = _named_incident(rt, uow, incident, if_match)
        authorize(rt.plan, principal, "control", inc.current_roles())
        owner = require_person(uow, owner)
        now = rt.clock()
        inc.keep_control(feature=feature, reason=reason, owner=owner, review_on=review_on, actor=actor, now=now)
        held = inc.controls_in_force[feature]
        uow.audit.append(
            actor=actor,
            action="control.keep",
            subject=f"feature:{feature}",
            at=now,
            data={"incident": inc.ref, "changes": held["changes"], **held["kept"]},
        )
        found = [f for f in _in_force(rt, uow, incident_ref=inc.ref, known={inc.ref: inc}) if f.feature == feature]
        if not found:  # the incident's own record and the changes table disagree: restoring settles both
            raise Conflict(
                f"no change of {feature!r} made from {inc.ref} is in force in the controls",
                allowed="restore it, which records that it is back to its controls before the incident",
                next=[Step("restore_control", f"restore {feature}", {"ref": inc.ref, "feature": feature})],
            )
    return found[0]


def expire_due(rt: Runtime, *, limit: int = 100) -> int:
    """Revert every applied change whose expiry has passed, once each; returns how many were reverted now."""
    with rt.uow(read_only=True) as uow:
        due = uow.controls.due_expiries(rt.clock(), limit)
    reverted = 0
    for expired in due:
        with rt.uow() as uow:
            inc = _incident(rt, uow, expired.incident_ref)
            uow.controls.lock()
            now = rt.clock()
            if not uow.controls.claim_expiry(expired.id, now):
                continue  # another worker reverted it, or a restore did
            current = controls_of(rt, uow, expired.feature)
            changes = revert_changes(current, expired.before, expired.after)
            if not changes:
                # Someone changed those fields since: theirs stands, and this change is no longer in force.
                if inc is not None:
                    inc.record_control(
                        feature=expired.feature,
                        action="expire",
                        text=f"{expired.feature}: change {expired.id} expired; nothing to revert (changed since)",
                        reason=f"expiry of change {expired.id}",
                        change_id=expired.id,
                        actor=SYSTEM_ACTOR,
                        now=now,
                        contains=False,
                        reverts=expired.id,
                    )
                continue
            after = apply(current, changes)
            record = ControlChange(
                id=str(uuid.uuid4()),
                feature=expired.feature,
                state=ChangeState.APPLIED,
                actions=change_actions(current, after),
                changes=changes,
                before=current,
                after=after,
                reason=f"expiry of change {expired.id}",
                incident_ref=expired.incident_ref,
                requested_by=SYSTEM_ACTOR,
                requested_at=now,
                decided_by=None,
                decided_at=None,
                applied_at=now,
                expires_at=None,
                reverted_at=now,
                revert_of=expired.id,
            )
            uow.controls.add_change(record)
            uow.controls.put(after, now)
            uow.controls.bump()
            _record(
                rt,
                uow,
                record,
                actor=SYSTEM_ACTOR,
                now=now,
                incident=inc,
                audit_action="control.expire",
                reverts=expired.id,
            )
            reverted += 1
    return reverted


def history(
    rt: Runtime, *, feature: str | None = None, incident: str | None = None, state: str | None = None, limit: int = 100
) -> list[ControlChange]:
    with rt.uow(read_only=True) as uow:
        return uow.controls.changes(
            feature=feature, incident_ref=incident.upper() if incident else None, state=state, limit=limit
        )
