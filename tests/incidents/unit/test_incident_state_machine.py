"""Random command sequences against the incident aggregate: refused commands change nothing, invariants always hold.

The machine keeps its own account of which stages were left with their exit guards satisfied, judged by an oracle
written from the reference plan (Sections 4 and 5), not by the aggregate's own `unmet_guards`. After each command
it saves the new log entries the way the repository does (moves them out of `new_entries`), so the log it checks
is the log as written.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from aicident.audit.chain import first_break
from aicident.errors import AicidentError, GuardFailed
from aicident.incidents.model import INCIDENT_FIELDS, Facts, Incident, LogEntry, Status
from aicident.plan.loader import default_plan, plan_version

PLAN = default_plan()
VERSION = plan_version(PLAN)
STAGES = PLAN.stage_ids()
LAST = STAGES[-1]
SEVERITIES = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
ROLES = PLAN.role_ids()
AUDIENCES = ["customers", "regulators", "public", "internal"]
LAYERS = ["model", "prompt", "data", "integration"]
START = datetime(2026, 3, 6, 21, 0, tzinfo=UTC)


def mostly(valid: list, invalid: list) -> st.SearchStrategy:
    """Valid arguments most of the time, invalid ones often enough to be refused in every state."""
    return st.sampled_from(valid * 3 + invalid)


actors = mostly(["alice", "bob", "carol"], ["", "   "])
severities = mostly(SEVERITIES, ["SEV-0", "SEV-5", "sev-1", ""])
reasons = mostly(["new information", "customer escalation"], ["", "  "])
expectations = st.sampled_from([None, None, "escalated", "deescalated"])
roles = mostly(ROLES + ["incident_commander"] * 3, ["commander", ""])
people = mostly(["alice", "bob", "carol"], ["", "  "])
texts = mostly(["kill switch on", "rolled back prompt v12"], ["", "   "])
layers = mostly(LAYERS, ["network", ""])
audiences = mostly(AUDIENCES, ["press", ""])
moves = st.sampled_from([None, None, None, -2, -1, 0, 1, 2, 2, "investigate", STAGES[0], LAST])
entry_kinds = mostly(["note", "evidence", "action_item"], ["severity_change", ""])
attendees = st.lists(mostly(["alice", "bob"], ["", " "]), max_size=3)
minutes = st.integers(min_value=0, max_value=180)


def required_audiences(severity: str | None, facts: Facts) -> set[str]:
    """Section 5 of the reference plan as the default plan encodes it, written out by hand."""
    if severity == "SEV-1":
        return (
            {"customers", "internal"}
            | ({"regulators"} if facts.personal_data_involved else set())
            | ({"public"} if facts.material else set())
        )
    if severity == "SEV-2":
        return (
            {"internal"}
            | ({"customers"} if facts.customers_affected > 0 else set())
            | ({"regulators"} if facts.personal_data_involved else set())
        )
    if severity in ("SEV-3", "SEV-4"):
        return {"internal"}
    return set()


# GDPR (Art. 33) applies in the EU and EEA, written out by hand.
GDPR_PLACES = {
    "EU",
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
}


def missing_audiences(incident: Incident) -> set[str]:
    """What is still owed: the matrix cells, plus GDPR Art. 33 once personal data and an EU or EEA jurisdiction are
    recorded (it then stands in for the regulators cell, which says "per applicable timeline"). SEV-3's
    end-of-incident summary is owed only once the incident is resolved, and only a summary sent after resolution
    meets it. No fact that another clock reads is ever recorded here."""
    facts = incident.facts
    required = required_audiences(incident.severity, facts)
    if facts.personal_data_involved and any(j.split("-")[0] in GDPR_PLACES for j in facts.jurisdictions):
        regulators_met = any((c.get("obligation") or c["audience"]) == "regulators" for c in incident.communications)
        if not regulators_met and "regulators" not in incident.waivers:
            required.discard("regulators")
        required.add("clock:gdpr_art33")
    if facts.material and any(j.split("-")[0] == "US" for j in facts.jurisdictions):
        required.add("clock:sec_8k_item_105")  # SEC Form 8-K Item 1.05, from the materiality determination
    done = {c.get("obligation") or c["audience"] for c in incident.communications} | set(incident.waivers)
    if incident.severity == "SEV-3" and "internal" not in incident.waivers:
        required.discard("internal")
        done.discard("internal")
        if incident.resolved_at is not None:
            required.add("internal")
            if any(
                c["audience"] == "internal" and datetime.fromisoformat(c["at"]) >= incident.resolved_at
                for c in incident.communications
            ):
                done.add("internal")
    return required - done


GUARDS = {
    "detect": [],
    "triage": ["severity", "role:incident_commander"],
    "contain": ["containment"],
    "diagnose": ["root_cause"],
    "remediate": ["resolved"],
    "communicate": ["communications"],
    "document": ["report"],
    "learn": ["review", "communications"],
}


def unmet(incident: Incident, stage: str) -> list[str]:
    """Which exit guards of `stage` (Section 4 of the reference plan) do not hold right now."""
    holds = {
        "severity": incident.severity is not None,
        "role:incident_commander": any(a.role == "incident_commander" and a.ended_at is None for a in incident.roles),
        "containment": bool(incident.containment) or bool(incident.no_containment_reason),
        "root_cause": incident.root_cause is not None,
        "resolved": incident.status != Status.OPEN,
        "communications": not missing_audiences(incident),
        "report": incident.report is not None,
        "review": incident.review is not None,
    }
    return [guard for guard in GUARDS[stage] if not holds[guard]]


def state_of(incident: Incident) -> bytes:
    """A deep snapshot of every field and unsaved entry, as pickle bytes: far cheaper than deepcopy."""
    return pickle.dumps(({name: getattr(incident, name) for name in INCIDENT_FIELDS}, incident.new_entries))


def changed_fields(before: bytes, incident: Incident) -> list[str]:
    if state_of(incident) == before:
        return []
    fields_before, entries_before = pickle.loads(before)
    changed = [name for name in INCIDENT_FIELDS if getattr(incident, name) != fields_before[name]]
    return changed + (["new_entries"] if incident.new_entries != entries_before else [])


def data_print(entry: LogEntry) -> bytes:
    return pickle.dumps(entry.data)


class IncidentWorkflow(RuleBasedStateMachine):
    """One incident, random commands, a clock that only moves forward."""

    def __init__(self) -> None:
        super().__init__()
        self.incident: Incident | None = None
        self.now = START
        self.left_with_guards_held: dict[str, bool] = {}
        self.log: list[LogEntry] = []  # entries as saved
        self.first_triaged: datetime | None = None  # when severity and commander first both held
        self.first_contained: datetime | None = None  # when containment (or deciding none was needed) was first logged
        self.data_prints: list[bytes] = []  # each saved entry's data, pickled when it was saved
        self.verified: tuple[int, str] | None = None  # (count, head) the chain last verified at
        self.written: list[dict] = []  # each saved entry's payload, copied when it was saved

    # --- plumbing ---------------------------------------------------------------------------------------------

    def tick(self, delta: int) -> datetime:
        self.now += timedelta(minutes=delta)
        return self.now

    def save(self) -> None:
        """What the repository does on commit: write the new entries and forget them."""
        for entry in self.incident.new_entries:
            self.log.append(entry)
            self.written.append(pickle.loads(pickle.dumps(entry.payload(self.incident.id))))  # a deep copy
            self.data_prints.append(data_print(entry))
        self.incident.new_entries.clear()

    def attempt(self, command) -> LogEntry | None:
        """Run a command; a refusal must leave no trace, a success must append exactly one entry, stamped now."""
        incident = self.incident
        before, count = state_of(incident), incident.log_count
        try:
            command()
        except AicidentError:
            changed = changed_fields(before, incident)
            assert not changed, f"a refused command half-wrote the incident: {changed}"
            return None
        assert incident.log_count == count + 1
        [entry] = incident.new_entries
        assert entry.at == self.now and entry.seq == count + 1
        if self.first_triaged is None and incident.severity and "incident_commander" in incident.current_roles():
            self.first_triaged = self.now
        if self.first_contained is None and entry.type == "containment_action":
            self.first_contained = self.now
        self.save()
        return entry

    def note_stage_move(self, old: str, new: str, guards_held_by_stage: dict[str, bool]) -> None:
        """Record, for each stage the incident just moved past, whether its exit guards held when it was left."""
        for stage in STAGES[STAGES.index(old) : STAGES.index(new)]:
            self.left_with_guards_held[stage] = guards_held_by_stage[stage]

    # --- commands, each checked against what the plan says --------------------------------------------------

    def do_advance(self, actor: str, to: str | None, reason: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        old = incident.stage
        guards_held = {stage: not unmet(incident, stage) for stage in STAGES}
        next_stage = STAGES[STAGES.index(old) + 1] if old != LAST else None
        refusal: list[GuardFailed] = []

        def command():
            try:
                incident.advance(PLAN, actor=actor, now=now, to=to, reason=reason)
            except GuardFailed as error:
                refusal.append(error)
                raise

        if self.attempt(command):
            assert incident.status != Status.CLOSED
            self.note_stage_move(old, incident.stage, guards_held)
            if STAGES.index(incident.stage) > STAGES.index(old):
                assert incident.stage == next_stage, "stages go one at a time"
                assert guards_held[old], f"left {old} while {unmet(incident, old)} did not hold"
            else:
                assert reason.strip(), "went back without a reason"
        elif refusal and (to or next_stage) == next_stage and next_stage is not None:
            # A refused next step names a guard that really does not hold.
            assert refusal[0].guard in unmet(incident, old)
        elif (
            to is None
            and next_stage is not None
            and not unmet(incident, old)
            and actor.strip()
            and incident.status != Status.CLOSED
        ):
            raise AssertionError(f"moving on from {old} was refused although its guards hold")

    def do_close(self, actor: str, delta: int) -> None:
        incident = self.incident
        could_close = incident.status != Status.CLOSED and incident.stage == LAST and not unmet(incident, LAST)
        now = self.tick(delta)
        if self.attempt(lambda: incident.close(PLAN, actor=actor, now=now)):
            assert could_close, "closed while the last stage's guards did not hold"
            assert incident.status == Status.CLOSED and incident.closed_at == now
        else:
            assert not (could_close and actor.strip()), "closing was refused although the plan allows it"

    def do_set_severity(self, actor: str, severity: str, reason: str, expect: str | None, delta: int) -> None:
        incident = self.incident
        old = incident.severity
        now = self.tick(delta)
        entry = self.attempt(
            lambda: incident.set_severity(PLAN, severity, actor=actor, now=now, reason=reason, expect=expect)
        )
        if entry:
            assert incident.severity == severity != old
            assert (entry.data["old"], entry.data["new"]) == (old, severity)
            if old is not None:
                direction = "escalated" if SEVERITIES.index(severity) < SEVERITIES.index(old) else "deescalated"
                assert entry.data["reason"] and entry.data["direction"] == direction
                assert expect in (None, direction)

    def do_assign(self, actor: str, role: str, person: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.assign(PLAN, role, person, actor=actor, now=now)):
            assert incident.current_roles()[role] == person.strip()

    def do_contain(self, actor: str, action: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.record_containment(action=action, actor=actor, now=now)):
            assert incident.containment[-1]["action"] == action.strip()
            assert incident.contained_at is not None

    def do_no_containment(self, actor: str, reason: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.decide_no_containment(reason=reason, actor=actor, now=now)):
            assert incident.no_containment_reason == reason.strip()

    def do_diagnose(self, actor: str, layer: str, description: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.record_root_cause(layer=layer, description=description, actor=actor, now=now)):
            assert incident.root_cause["layer"] == layer

    def do_resolve(self, actor: str, summary: str, delta: int) -> None:
        incident = self.incident
        was_open = incident.status == Status.OPEN
        now = self.tick(delta)
        if self.attempt(lambda: incident.resolve(summary=summary, actor=actor, now=now)):
            assert was_open
            assert incident.status == Status.RESOLVED and incident.resolved_at == now

    def do_communicate(self, actor: str, audience: str, summary: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(
            lambda: incident.record_communication(
                PLAN, audience=audience, summary=summary, actor=actor, now=now, channel="email"
            )
        ):
            assert audience in {c["audience"] for c in incident.communications}

    def do_waive(self, actor: str, audience: str, reason: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(
            lambda: incident.waive_communication(PLAN, audience=audience, reason=reason, actor=actor, now=now)
        ):
            # An audience names its matrix cell, or (when the cell defers to the law) its regulatory obligation.
            assert any(
                value == reason.strip() and (key == audience or key.startswith("clock:"))
                for key, value in incident.waivers.items()
            )

    def do_report(self, actor: str, location: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.record_report(location=location, actor=actor, now=now)):
            assert incident.report["location"] == location.strip()

    def do_review(self, actor: str, present: list[str], summary: str, delta: int) -> None:
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(lambda: incident.record_review(attendees=present, summary=summary, actor=actor, now=now)):
            assert incident.review["attendees"] == [a.strip() for a in present if a.strip()]

    # --- rules ------------------------------------------------------------------------------------------------

    @initialize(
        category=st.sampled_from(PLAN.category_ids()),
        source=st.sampled_from(["customer_report", "monitoring_alert", "internal_observation"]),
        severity=st.sampled_from([None, None] + SEVERITIES),
        customers=st.integers(min_value=0, max_value=3),
        personal=st.booleans(),
        material=st.booleans(),
        aware_before=st.integers(min_value=0, max_value=600),
    )
    def declare(self, category, source, severity, customers, personal, material, aware_before):
        self.incident = Incident.declare(
            plan=PLAN,
            plan_version=VERSION,
            id="incident-1",
            ref="AI-2026-0042",
            title="Support bot leaks emails",
            category=category,
            source=source,
            actor="alice",
            now=self.now,
            severity=severity,
            became_aware_at=self.now - timedelta(minutes=aware_before),
            facts=Facts(customers_affected=customers, personal_data_involved=personal, material=material),
        )
        assert self.incident.stage == STAGES[0]
        assert self.incident.log_count == (2 if severity else 1)
        self.save()

    @rule(actor=actors, move=moves, reason=reasons, delta=minutes)
    def advance(self, actor, move, reason, delta):
        if isinstance(move, int):  # relative to the current stage: back, stay, next, or skipping one
            index = STAGES.index(self.incident.stage) + move
            move = STAGES[index] if 0 <= index < len(STAGES) else "investigate"
        self.do_advance(actor, move, reason, delta)

    @precondition(lambda self: self.incident is not None and self.incident.stage != STAGES[0])
    @rule(actor=actors, back=st.integers(min_value=1, max_value=3), reason=reasons, delta=minutes)
    def go_back(self, actor, back, reason, delta):
        self.do_advance(actor, STAGES[max(STAGES.index(self.incident.stage) - back, 0)], reason, delta)

    @rule(actor=actors, severity=severities, reason=reasons, expect=expectations, delta=minutes)
    def set_severity(self, actor, severity, reason, expect, delta):
        self.do_set_severity(actor, severity, reason, expect, delta)

    @rule(actor=actors, role=roles, person=people, delta=minutes)
    def assign(self, actor, role, person, delta):
        self.do_assign(actor, role, person, delta)

    @rule(actor=actors, action=texts, delta=minutes)
    def contain(self, actor, action, delta):
        self.do_contain(actor, action, delta)

    @rule(actor=actors, reason=reasons, delta=minutes)
    def no_containment(self, actor, reason, delta):
        self.do_no_containment(actor, reason, delta)

    @rule(actor=actors, layer=layers, description=texts, delta=minutes)
    def diagnose(self, actor, layer, description, delta):
        self.do_diagnose(actor, layer, description, delta)

    @rule(actor=actors, summary=texts, delta=minutes)
    def resolve(self, actor, summary, delta):
        self.do_resolve(actor, summary, delta)

    @rule(actor=actors, audience=audiences, summary=texts, delta=minutes)
    def communicate(self, actor, audience, summary, delta):
        self.do_communicate(actor, audience, summary, delta)

    @rule(actor=actors, audience=audiences, reason=reasons, delta=minutes)
    def waive(self, actor, audience, reason, delta):
        self.do_waive(actor, audience, reason, delta)

    @rule(actor=actors, location=texts, delta=minutes)
    def report(self, actor, location, delta):
        self.do_report(actor, location, delta)

    # Reviews follow the report in practice; kept out of the early stages so that the last stage is often
    # reached without one, where closing must be refused.
    @precondition(lambda self: self.incident is not None and self.incident.stage in ("document", LAST))
    @rule(actor=actors, present=attendees, summary=texts, delta=minutes)
    def review(self, actor, present, summary, delta):
        self.do_review(actor, present, summary, delta)

    @rule(actor=actors, delta=minutes)
    def close(self, actor, delta):
        self.do_close(actor, delta)

    @precondition(lambda self: self.incident is not None and self.incident.status != Status.OPEN)
    @rule(actor=actors, stage=st.sampled_from([None, None, *STAGES, "investigate"]), reason=reasons, delta=minutes)
    def reopen(self, actor, stage, reason, delta):
        incident = self.incident
        old = incident.stage
        guards_held = {s: not unmet(incident, s) for s in STAGES}
        now = self.tick(delta)
        if self.attempt(lambda: incident.reopen(PLAN, reason=reason, actor=actor, now=now, stage=stage)):
            assert incident.status == Status.OPEN
            assert incident.stage == (stage or STAGES[1])
            assert incident.resolved_at is None and incident.closed_at is None
            self.note_stage_move(old, incident.stage, guards_held)

    @rule(
        actor=actors,
        customers=st.one_of(st.none(), st.integers(min_value=-2, max_value=40)),
        personal=st.one_of(st.none(), st.booleans()),
        material=st.one_of(st.none(), st.booleans()),
        jurisdictions=st.one_of(st.none(), st.lists(st.sampled_from(["eu", "US", " de", ""]), max_size=3)),
        delta=minutes,
    )
    def set_facts(self, actor, customers, personal, material, jurisdictions, delta):
        incident = self.incident
        now = self.tick(delta)
        if self.attempt(
            lambda: incident.set_facts(
                actor=actor,
                now=now,
                customers_affected=customers,
                personal_data_involved=personal,
                material=material,
                jurisdictions=jurisdictions,
            )
        ):
            assert customers is None or incident.facts.customers_affected == customers

    @rule(actor=actors, kind=entry_kinds, text=texts, owner=st.sampled_from([None, "", "bob"]), delta=minutes)
    def add_entry(self, actor, kind, text, owner, delta):
        incident = self.incident
        now = self.tick(delta)
        entry = self.attempt(lambda: incident.add_entry(kind, text=text, actor=actor, now=now, owner=owner))
        if entry:
            assert str(entry.type) == kind
            assert entry.data.get("owner") == (owner or None)

    @rule(data=st.data(), stages=st.integers(min_value=1, max_value=4))
    def work_through_stages(self, data, stages):
        """Do what each stage asks, with valid arguments, then move on: takes runs deep into the workflow."""

        def delta() -> int:
            return data.draw(st.integers(min_value=0, max_value=90), label="delta")

        for _ in range(stages):
            incident = self.incident
            if incident.status == Status.CLOSED:
                return
            if unmet(incident, incident.stage) and data.draw(st.booleans(), label="try to leave too early"):
                if incident.stage == LAST:
                    self.do_close("alice", delta())
                else:
                    self.do_advance("alice", None, "", delta())  # do_advance / do_close check it is refused
            for guard in unmet(incident, incident.stage):
                self.satisfy(guard, data, delta)
            assert not unmet(incident, incident.stage), "valid commands did not satisfy the stage"
            if incident.stage == LAST:
                self.do_close("alice", delta())
                assert incident.status == Status.CLOSED
            else:
                old = incident.stage
                self.do_advance("alice", None, "", delta())
                assert STAGES.index(incident.stage) == STAGES.index(old) + 1

    def satisfy(self, guard, data, delta):
        """Run the command that meets one stage guard, with valid arguments drawn from `data`."""
        incident = self.incident
        if guard == "severity":
            self.do_set_severity("alice", data.draw(st.sampled_from(SEVERITIES), label="severity"), "", None, delta())
        elif guard.startswith("role:"):
            self.do_assign("alice", guard.removeprefix("role:"), "alice", delta())
        elif guard == "containment":
            if data.draw(st.booleans(), label="contain"):
                self.do_contain("alice", "kill switch on", delta())
            else:
                self.do_no_containment("alice", "vendor already disabled it", delta())
        elif guard == "root_cause":
            self.do_diagnose("bob", data.draw(st.sampled_from(LAYERS), label="layer"), "stale index", delta())
        elif guard == "resolved":
            self.do_resolve("bob", "index rebuilt, eval passes", delta())
        elif guard == "communications":
            for audience in sorted(missing_audiences(incident)):
                if data.draw(st.booleans(), label="waive"):
                    self.do_waive("carol", audience, "covered by the status page", delta())
                else:
                    self.do_communicate("carol", audience, "we told them", delta())
        elif guard == "report":
            self.do_report("alice", "https://wiki.example/AI-2026-0042", delta())
        elif guard == "review":
            self.do_review("alice", ["alice", "bob"], "add an eval gate", delta())

    # --- invariants -------------------------------------------------------------------------------------------

    @invariant()
    def the_log_is_contiguous_and_its_chain_verifies(self):
        incident = self.incident
        if incident is None:
            return
        assert incident.new_entries == []
        assert incident.log_count == len(self.log)
        assert [e.seq for e in self.log] == list(range(1, len(self.log) + 1))
        for before, after in pairwise(self.log):
            assert after.prev_hash == before.hash
            assert after.at >= before.at
        assert incident.last_hash == self.log[-1].hash
        if self.verified == (incident.log_count, incident.last_hash):
            return  # nothing written since: first_break would see the very same rows
        self.verified = (incident.log_count, incident.last_hash)
        rows = [(e.seq, e.prev_hash, e.hash, payload) for e, payload in zip(self.log, self.written, strict=True)]
        assert first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash) is None

    @invariant()
    def saved_entries_never_change(self):
        if self.incident is None:
            return
        if [data_print(e) for e in self.log] == self.data_prints:
            return  # fast path; otherwise compare what each entry would hash now with what was written
        assert [e.payload(self.incident.id) for e in self.log] == self.written

    @invariant()
    def the_incident_is_in_a_plan_stage_past_only_stages_left_with_their_guards_held(self):
        incident = self.incident
        if incident is None:
            return
        assert incident.stage in STAGES
        for stage in STAGES[: STAGES.index(incident.stage)]:
            assert self.left_with_guards_held.get(stage), f"{incident.stage} reached past {stage} without its guards"

    @invariant()
    def status_and_times_agree(self):
        incident = self.incident
        if incident is None:
            return
        if incident.status == Status.CLOSED:
            assert incident.stage == LAST
            assert incident.review is not None
            assert not missing_audiences(incident)
            assert incident.closed_at is not None
        else:
            assert incident.closed_at is None
        if incident.status in (Status.RESOLVED, Status.CLOSED):
            assert incident.resolved_at is not None
            assert incident.resolution
        else:
            assert incident.resolved_at is None

    @invariant()
    def each_role_has_at_most_one_open_assignment(self):
        incident = self.incident
        if incident is None:
            return
        open_roles = [a.role for a in incident.roles if a.ended_at is None]
        assert len(open_roles) == len(set(open_roles))
        for assignment in incident.roles:
            assert assignment.ended_at is None or assignment.ended_at >= assignment.assigned_at

    @invariant()
    def triage_is_done_exactly_when_severity_and_commander_first_held(self):
        incident = self.incident
        if incident is None:
            return
        if incident.triaged_at is not None:
            assert incident.severity is not None
        assert incident.triaged_at == self.first_triaged

    @invariant()
    def contained_at_is_the_first_containment(self):
        if self.incident is not None:
            assert self.incident.contained_at == self.first_contained

    @invariant()
    def the_aggregate_agrees_with_the_plan_about_what_is_missing(self):
        incident = self.incident
        if incident is None:
            return
        assert set(incident.missing_communications(PLAN)) == missing_audiences(incident)
        assert [u.guard for u in incident.unmet_guards(PLAN)] == unmet(incident, incident.stage)


# Every access to `.TestCase` builds a new class, so the settings go on the one kept.
TestIncidentWorkflow = IncidentWorkflow.TestCase
TestIncidentWorkflow.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
