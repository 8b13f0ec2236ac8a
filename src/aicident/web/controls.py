"""The incident page's containment controls: the affected AI feature's kill switch, pinned model and throttle, a
confirmation step before each change, second-person approvals, and the control history of the incident.

Each action calls one containment service function as the signed-in person, so the service checks permissions and
the plan's approval rules; the page only hides what the person may not use."""

from __future__ import annotations

import math
from datetime import date
from urllib.parse import quote

from pydantic import ValidationError

from aicident.auth.model import Principal, authorize
from aicident.containment import service as containment
from aicident.containment.model import (
    ChangeState,
    Controls,
    apply,
    approval_rule,
    change_actions,
    check_changes,
    diff,
)
from aicident.errors import InvalidInput
from aicident.incidents.model import Incident
from aicident.plan.schema import Feature
from aicident.runtime import Runtime
from aicident.web.pages import Form
from aicident.web.present import control_change_words

# Actions that change a feature's controls: each is shown for confirmation before it runs. A restore returns the
# feature to its controls before the incident, the state it was known to be good in, so it needs no second click.
CONFIRMED = ("control-disable", "control-model", "control-throttle")


def context(rt: Runtime, incident: Incident, principal: Principal, chosen: str = "") -> dict:
    """What the controls panel shows: the chosen (or affected) feature, its controls, pending changes, history."""
    features = containment.snapshot(rt).features
    feature = chosen or incident.ai_system.feature or ""
    controls = features.get(feature)
    history = containment.history(rt, incident=incident.ref, limit=200)
    pending = [
        c
        for c in containment.history(rt, state=ChangeState.PENDING, limit=200)
        if c.incident_ref == incident.ref or c.feature == feature
    ]
    first = next(
        (
            c
            for c in reversed(history)
            if c.feature == feature and c.state == ChangeState.APPLIED and c.revert_of is None
        ),
        None,
    )
    return {
        "in_force": containment.in_force(rt),
        "control_feature": feature,
        "controls": controls,
        "feature_names": sorted({*features, *([feature] if feature else [])}),
        "control_history": history,
        "pending_changes": pending,
        "restorable": controls is not None and first is not None and bool(diff(controls, first.before)),
        "approver": principal.handle,
        "describe_change": lambda c: control_change_words(c.feature, c.changes),
    }


def location(ref: str, form: Form) -> str:
    """Back to the incident, still showing the feature the person was working on."""
    feature = form.get("feature")
    return f"/incidents/{ref}" + (f"?feature={quote(feature)}" if feature else "")


# --- reading the forms --------------------------------------------------------------------------------------------


def _rate(form: Form, name: str, label: str) -> float | None:
    text = form.get(name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(
            f"{label} {text!r} is not a positive number",
            allowed="requests per second, e.g. 5 or 0.5; leave it empty for no limit",
        )
    return value


def _changes(action: str, form: Form) -> dict[str, object]:
    if action == "control-disable":
        changes: dict[str, object] = {"enabled": False}
        if form.get("fallback_response"):
            changes["fallback_response"] = form.fields.get("fallback_response", [""])[-1].strip()
        return changes
    if action == "control-model":
        return {"model": form.get("model") or None, "model_version": form.get("model_version") or None}
    return {
        "rate_per_second": _rate(form, "rate_per_second", "the rate for the whole feature"),
        "user_rate_per_second": _rate(form, "user_rate_per_second", "the rate per user"),
    }


def _reason(form: Form) -> str:
    reason = form.get("reason")
    if not reason:
        raise InvalidInput("a control change needs a reason", allowed="say why, e.g. 'leaking account numbers'")
    return reason


# --- the confirmation step ----------------------------------------------------------------------------------------


def confirmation(rt: Runtime, incident: Incident, action: str, form: Form, principal: Principal) -> dict:
    """What a control change will do, in words, for the person to confirm; nothing is changed yet."""
    authorize(rt.plan, principal, "control", incident.current_roles())
    feature = form.get("feature")
    features = containment.snapshot(rt).features
    if feature not in features:
        raise InvalidInput(f"no AI feature {feature!r}", allowed=", ".join(features) or "register one first")
    current = features[feature]
    reason = _reason(form)
    after = apply(current, check_changes(_changes(action, form)))
    changed = diff(current, after)
    if not changed:
        raise InvalidInput(f"{feature} is already like that", allowed="a change to at least one of its controls")
    said = control_change_words(feature, changed)
    needs_approval = (
        approval_rule(
            rt.plan.containment.approvals,
            actions=change_actions(current, after),
            customer_facing=current.customer_facing,
            severity=incident.severity,
        )
        is not None
    )
    verb = {"control-disable": "Disable", "control-model": "Pin the model of", "control-throttle": "Throttle"}[action]
    fields = [
        (name, form.fields.get(name, [""])[-1])
        for name in (
            "feature",
            "reason",
            "fallback_response",
            "model",
            "model_version",
            "rate_per_second",
            "user_rate_per_second",
            "advance_from",
        )
        if name in form.fields
    ]
    return {
        "action": action,
        "title": f"{verb} {feature}",
        "button": f"Confirm: {verb} {feature}",
        "said": said,
        "reason": reason,
        "needs_approval": needs_approval,
        "fields": fields,
        "serves": _serves(action, current, form),
    }


def _serves(action: str, current: Controls, form: Form) -> str:
    if action != "control-disable":
        return ""
    fallback = form.get("fallback_response") or current.fallback_response
    return fallback or "an empty answer (no fallback response is set)"


# --- actions ------------------------------------------------------------------------------------------------------


def _register(rt, ref, form, who) -> str:
    try:
        feature = Feature(
            name=form.get("feature"),
            customer_facing=form.flag("customer_facing"),
            fallback_response=form.fields.get("fallback_response", [""])[-1].strip(),
        )
    except ValidationError as error:
        problem = error.errors()[0]
        raise InvalidInput(
            f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}",
            allowed="a feature name of lower-case letters, digits, '.', '_' or '-'",
        ) from None
    containment.register_feature(rt, feature=feature, actor=who.handle, principal=who)
    return f"Registered {feature.name}."


def _confirmed(form: Form) -> None:
    if form.get("confirmed") != "yes":
        raise InvalidInput("a control change must be confirmed", allowed="submit it from its confirmation step")


def _said(outcome: containment.Outcome, feature: str) -> str:
    if outcome.change is None:
        return f"{feature} was already like that; nothing changed."
    if outcome.change.state == ChangeState.PENDING:
        said = control_change_words(feature, outcome.change.changes)
        return f"Requested: {said}. It waits for a second person's approval."
    return f"Done: {control_change_words(feature, outcome.change.changes)}."


def _change(rt, ref, form, who, action: str) -> str:
    _confirmed(form)
    outcome = containment.change(
        rt,
        feature=form.get("feature"),
        changes=_changes(action, form),
        actor=who.handle,
        reason=_reason(form),
        incident=ref,
        principal=who,
    )
    return _said(outcome, form.get("feature"))


def _restore(rt, ref, form, who) -> str:
    """Restore what incident `ref` changed; from another incident's page the form names that one (`from_incident`),
    whose roles then count."""
    outcome = containment.restore(
        rt,
        feature=form.get("feature"),
        incident=ref,
        reason=_reason(form),
        from_incident=form.get("from_incident") or None,
        actor=who.handle,
        principal=who,
    )
    if outcome.change is None:
        return f"{form.get('feature')} was already as before {ref}; nothing changed."
    return f"Restored {form.get('feature')} to its controls before {ref}."


def _keep(rt, ref, form, who) -> str:
    """Keep a control changed from this incident in force after it: reason, owner and review date."""
    try:
        review_on = date.fromisoformat(form.get("review_on"))
    except ValueError:
        raise InvalidInput("the review date is not a date", allowed="YYYY-MM-DD, after today") from None
    kept = containment.keep(
        rt,
        feature=form.get("feature"),
        incident=ref,
        reason=form.get("reason"),
        owner=form.get("owner"),
        review_on=review_on,
        actor=who.handle,
        principal=who,
    )
    record = kept.kept or {}  # what keep() just recorded
    return f"Kept in force: {kept.described} (owner {record.get('owner')}, review on {record.get('review_on')})."


def _decide(approve: bool):
    def decide(rt, ref, form, who) -> str:
        outcome = containment.decide(rt, change_id=form.get("change"), approve=approve, actor=who.handle, principal=who)
        if outcome.change is None:
            raise AssertionError("a decision always names the change it decided")
        return (
            f"{'Approved and applied' if approve else 'Rejected'}: "
            f"{control_change_words(outcome.change.feature, outcome.change.changes)}."
        )

    return decide


ACTIONS = {
    "control-register": _register,
    "control-disable": lambda rt, ref, form, who: _change(rt, ref, form, who, "control-disable"),
    "control-model": lambda rt, ref, form, who: _change(rt, ref, form, who, "control-model"),
    "control-throttle": lambda rt, ref, form, who: _change(rt, ref, form, who, "control-throttle"),
    "control-restore": _restore,
    "control-keep": _keep,
    "control-approve": _decide(True),
    "control-reject": _decide(False),
}
