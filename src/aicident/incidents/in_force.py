"""Controls changed from an incident that are still in force (pure: no I/O, times passed in).

The incident keeps, per AI feature, the ids of the control changes it made that nothing has undone yet: a restore
(the feature back to its controls before the incident) takes the feature out, the expiry of one change takes that
change out, and a person may decide that what is left stays in force after the incident ("kept", with a reason, an
owner and a review date). Leaving remediation, resolving and closing need every feature restored or kept, so that
nothing switched off during the response is forgotten.
"""

from __future__ import annotations

from datetime import date

from aicident.errors import InvalidInput, Step

KEEP_NEEDS = "a reason, an owner and a review date"


def record_change(
    held: dict[str, dict],
    *,
    feature: str,
    change_id: str,
    text: str,
    at: str,
    by: str,
    applied: bool,
    restored: bool,
    reverts: str | None,
) -> None:
    """Follow one control change logged on the incident (`at` as stored: ISO 8601)."""
    current = held.get(feature)
    if restored:
        held.pop(feature, None)
    elif reverts is not None:
        if current is not None and reverts in current["changes"]:
            current["changes"] = [c for c in current["changes"] if c != reverts]
            if not current["changes"]:
                held.pop(feature)
    elif applied:
        if current is None:
            current = held[feature] = {"changes": [], "since": at, "by": by}
        current["changes"] = [*current["changes"], change_id]
        current["text"] = text
        current.pop("kept", None)  # a new change is a new decision: keeping the earlier state does not cover it


def keep(
    held: dict[str, dict], *, ref: str, feature: str, reason: str, owner: str, review_on: date, today: date
) -> dict:
    """Check a decision to keep a feature's controls in force after the incident; what to record for it."""
    if feature not in held:
        raise InvalidInput(
            f"{ref} has no control of {feature!r} in force",
            allowed=f"one of: {', '.join(sorted(held)) or '(none)'}",
        )
    reason, owner = (reason or "").strip(), (owner or "").strip()
    if not reason or not owner:
        raise InvalidInput(f"keeping {feature} in force needs {KEEP_NEEDS}", allowed="say why, who owns it, and when")
    if review_on <= today:
        raise InvalidInput(f"the review date {review_on.isoformat()} is not after today", allowed="a date after today")
    return {"reason": reason[:2000], "owner": owner, "review_on": review_on.isoformat()}


def unsettled(held: dict[str, dict]) -> dict[str, dict]:
    """The features still in force that nobody decided to keep, by name."""
    return {feature: current for feature, current in sorted(held.items()) if not current.get("kept")}


def needs(ref: str, open_ones: dict[str, dict]) -> str:
    named = ", ".join(f"{feature} ({current.get('text', 'changed')})" for feature, current in open_ones.items())
    return f"restore the controls changed from {ref} that are still in force, or keep them with {KEEP_NEEDS}: {named}"


def steps(ref: str, open_ones: dict[str, dict]) -> list[Step]:
    found = []
    for feature in open_ones:
        args = {"ref": ref, "feature": feature}
        found.append(Step("restore_control", f"restore {feature}", args))
        found.append(Step("keep_control", f"keep {feature} in force with {KEEP_NEEDS}", args))
    return found
