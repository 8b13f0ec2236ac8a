"""Incidents as terminal text."""

from __future__ import annotations

from datetime import datetime

from aicident.incidents.deadlines import DeadlineState
from aicident.incidents.model import Incident, LogEntry
from aicident.incidents.service import IncidentView


def _t(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


def _next_deadline(view: IncidentView) -> str:
    open_ = [d for d in view.deadlines if d.state(view.now) in (DeadlineState.PENDING, DeadlineState.OVERDUE)]
    if not open_:
        return "-"
    first = min(open_, key=lambda d: d.due_at)
    return f"{first.kind} {first.describe(view.now)}"


def render_list(views: list[IncidentView]) -> str:
    if not views:
        return "No incidents. Declare one with `aicident declare TITLE --category CATEGORY`, or run `aicident demo`."
    rows = [("REF", "SEV", "STATUS", "STAGE", "CATEGORY", "NEXT DEADLINE", "TITLE")]
    for v in views:
        i = v.incident
        rows.append((i.ref, i.severity or "-", str(i.status), i.stage, i.category, _next_deadline(v), i.title))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1] for r in rows)


def _short(value: object, limit: int = 90) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_text(entry: LogEntry) -> str:
    data = {k: _short(v) if isinstance(v, str) else v for k, v in entry.data.items()}
    if "text" in data:
        extra = ", ".join(f"{k}={v}" for k, v in data.items() if k != "text")
        return data["text"] + (f" ({extra})" if extra else "")
    if {"old", "new"} <= set(data):
        reason = f" - {data['reason']}" if data.get("reason") else ""
        what = data.get("role") or data.get("direction") or ""
        return f"{what + ': ' if what else ''}{data['old'] or '(none)'} -> {data['new']}{reason}"
    return _short("; ".join(f"{k}: {v}" for k, v in data.items() if v not in (None, "", [], {})), 160)


def render_incident(view: IncidentView, *, brief: bool = False) -> str:
    i: Incident = view.incident
    plan = view.plan
    category = plan.category(i.category)
    lines = [f"{i.ref}  {i.title}",
             f"  status {i.status} · stage {i.stage} · severity {i.severity or 'not set'} · "
             f"category {category.name} · source {i.source.replace('_', ' ')}"]
    unmet = i.unmet_guards(plan)
    if i.status != "closed":
        if unmet:
            lines.append(f"  to leave {i.stage}: " + "; ".join(u.needs for u in unmet))
        else:
            lines.append(f"  {i.stage}: nothing blocks the next move")
    if brief:
        lines.append(f"  next deadline: {_next_deadline(view)}")
        return "\n".join(lines)

    if i.summary:
        lines.append(f"  summary: {i.summary}")
    system = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(i.ai_system).items() if v)
    lines.append(f"  AI system: {system or 'not recorded'}")
    facts = i.facts
    lines.append(f"  facts: {facts.customers_affected} customer(s) affected · personal data "
                 f"{'involved' if facts.personal_data_involved else 'not involved'} · "
                 f"{'material' if facts.material else 'not determined material'} · jurisdictions "
                 f"{', '.join(facts.jurisdictions) or 'none recorded'}")
    lines.append(f"  plan version: {i.plan_version[:19]}")
    lines.append("")
    lines.append("Roles")
    roles = i.current_roles()
    for role in plan.roles:
        lines.append(f"  {role.name:<20} {roles.get(role.id, '-')}")
    lines.append("")
    lines.append("Times")
    for name in ("detected_at", "became_aware_at", "declared_at", "triaged_at", "contained_at", "resolved_at",
                 "closed_at"):
        lines.append(f"  {name.removesuffix('_at').replace('_', ' '):<15} {_t(getattr(i, name))}")
    lines.append("")
    lines.append("Deadlines")
    for d in sorted(view.deadlines, key=lambda d: d.due_at):
        lines.append(f"  {d.label:<55} due {_t(d.due_at)}  {d.describe(view.now)}")
    required = i.required_communications(plan)
    if required:
        lines.append("")
        lines.append("Communications required by the matrix")
        for audience, cell in required.items():
            done = "done" if audience in i.communicated_audiences() else (
                f"waived: {i.waivers[audience]}" if audience in i.waivers else "not yet")
            lines.append(f"  {audience:<12} {cell.label:<35} {done}")
    lines.append("")
    lines.append(f"Log ({len(view.log)} entries)")
    for e in view.log:
        lines.append(f"  #{e.seq:<3} {_t(e.at)}  {e.actor:<12} {e.type:<22} {_entry_text(e)}")
    return "\n".join(lines)
