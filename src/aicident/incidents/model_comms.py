"""Communications of an incident: what went out and which obligation it meets (a cell of the communications matrix
or a regulatory clock), the delivery of what was sent through the outbox, waivers, and the obligations still owed.
Pure rules, no I/O, `now` passed in.

`CommsMixin` is a part of `aicident.incidents.model.Incident`; it adds no fields, and declares what it reads of the
incident for the type checker only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from aicident.audit.chain import timestamp
from aicident.comms import model as obligations
from aicident.errors import Conflict, InvalidInput
from aicident.incidents.entries import Communication, CommunicationWaived, Delivery
from aicident.incidents.model_log import LogMixin, _atomic, _choice, _text
from aicident.plan.schema import Plan

if TYPE_CHECKING:
    from aicident.incidents.model import Incident


class CommsMixin(LogMixin):
    """Communications recorded, delivered and waived, against the obligations the plan and the law set."""

    if TYPE_CHECKING:
        communications: list[dict[str, Any]]
        waivers: dict[str, str]

    def missing_communications(self, plan: Plan) -> list[str]:
        """Obligations owed now (neither met nor waived), by key."""
        return [o.key for o in obligations.outstanding(cast("Incident", self), plan)]

    @_atomic
    def record_communication(
        self,
        plan: Plan,
        *,
        audience: str,
        summary: str,
        actor: str,
        now: datetime,
        channel: str = "",
        obligation: str | None = None,
        message: str | None = None,
        messages: int | None = None,
    ) -> None:
        """Record that a communication went out; it meets `obligation` (by default the audience's matrix cell): at
        once when recorded by hand, or, when sent as `messages` outbox messages, once they are all delivered."""
        self._require_not_closed("record a communication")
        key = self._obligation_key(plan, audience, obligation)
        summary = _text(summary, "communication summary")
        record: dict[str, Any] = {
            "audience": audience,
            "obligation": key,
            "summary": summary,
            "channel": channel,
            "at": timestamp(now),
            "by": actor,
        }
        if message:
            record["message"] = message
        if messages:
            record["messages"] = messages
        self.communications.append(record)
        self._log(actor, now, Communication(**{k: v for k, v in record.items() if k not in ("at", "by")}))
        if messages:
            record["delivery"] = "sending"

    @_atomic
    def record_delivery(
        self,
        *,
        draft: str,
        outcome: str,
        delivered: Callable[[], int],
        actor: str,
        now: datetime,
        message: str | None = None,
        reason: str | None = None,
    ) -> bool:
        """What the receiving servers did with the messages of the communication sent as `draft`: all accepted
        (`delivered`: met at `now`), or one `failed` for good or went `dead` (at risk; said once). `delivered` counts
        the messages delivered, asked only when there is something to say. Recorded on a closed incident too, since
        it happened whatever the incident's state. False when there was nothing to say."""
        _choice(outcome, ["delivered", "failed", "dead"], "delivery outcome")
        record = next((r for r in reversed(self.communications) if r.get("message") == draft and "messages" in r), None)
        if record is None or record.get("delivery") == "delivered":
            return False
        if outcome != "delivered" and record.get("delivery") == "at_risk":
            return False  # only the first failure is news
        count = delivered()
        if outcome == "delivered":
            if count < record["messages"]:
                return False
            record.update(delivery="delivered", delivered_at=timestamp(now))
            record.pop("failed", None)
        else:
            record.update(delivery="at_risk", failed={"message": message, "reason": reason, "at": timestamp(now)})
        self._log(
            actor,
            now,
            Delivery(
                draft=draft,
                obligation=record["obligation"],
                outcome=outcome,
                messages=record["messages"],
                delivered=count,
                message=message if outcome != "delivered" else None,
                reason=reason if outcome != "delivered" else None,
            ),
        )
        return True

    @_atomic
    def waive_communication(self, plan: Plan, *, audience: str, reason: str, actor: str, now: datetime) -> None:
        """Waive an obligation (an audience's matrix cell, or clock:<id>) with a reason."""
        self._require_not_closed("waive a communication")
        key = self._obligation_key(plan, audience, None)
        self.waivers[key] = _text(reason, "waiver reason")
        self._log(actor, now, CommunicationWaived(audience=key, reason=self.waivers[key]))

    def _obligation_key(self, plan: Plan, audience: str, obligation: str | None) -> str:
        """An audience names its matrix cell; clock:<id> names a regulatory obligation."""
        current = obligations.obligations(cast("Incident", self), plan)
        known = [o.key for o in current]
        if audience.startswith("clock:") and obligation is None:
            obligation = audience
        if obligation is None:
            _choice(audience, plan.audiences(), "audience")
            if any(o.key == audience and o.outstanding for o in current):
                return audience
            # The audience's cell defers to the law: meet the open regulatory obligation of that audience due first.
            owed = sorted(
                (o for o in current if o.audience == audience and o.outstanding),
                key=lambda o: (o.due_at is None, o.due_at.timestamp() if o.due_at else 0.0),
            )
            if owed:
                return owed[0].key
            return audience
        if obligation not in known and obligation not in plan.audiences():
            of_the_plan = obligation in {f"clock:{clock.id}" for clock in plan.regulatory}
            raise (Conflict if of_the_plan else InvalidInput)(  # a clock of the plan that does not run for it yet
                f"{self.ref} has no obligation {obligation!r}",
                allowed=f"one of: {', '.join(known) or '(none yet: set a severity and the facts)'}",
            )
        return obligation
