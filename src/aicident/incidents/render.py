"""Incidents as terminal text, rendered from their JSON view (the same for the local store and a server)."""

from __future__ import annotations

from datetime import datetime

from aicident.console import command_for
from aicident.errors import Step


def _t(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


def _next_deadline(doc: dict) -> str:
    open_ = [d for d in doc["deadlines"] if d["state"] in ("pending", "overdue")]
    if not open_:
        return "-"
    first = min(open_, key=lambda d: d["due_at"])
    return f"{first['kind']} {first['description']}"


def render_list(docs: list[dict]) -> str:
    if not docs:
        return "No incidents. Declare one with `aicident declare TITLE --category CATEGORY`, or run `aicident demo`."
    rows = [("REF", "SEV", "STATUS", "STAGE", "CATEGORY", "NEXT DEADLINE", "TITLE")]
    for d in docs:
        rows.append(
            (d["ref"], d["severity"] or "-", d["status"], d["stage"], d["category"], _next_deadline(d), d["title"])
        )
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows)


def _short(value: object, limit: int = 160) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _obligation_lines(o: dict) -> list[str]:
    """An obligation, and for a regulatory clock its legal deadline with its basis and the plan's target."""
    state = f"waived: {o['waiver']}" if o["state"] == "waived" else o["state"]
    due = f"due {_t(o['due_at'])}" if o["due_at"] else o["label"]
    lines = [f"  {o['key']:<34} {state:<8} {due:<28} {o['title']}"]
    if o.get("source") != "regulatory":
        return lines
    indent = " " * 4
    if o.get("legal_due_at") and o.get("reckoning"):
        lines.append(f"{indent}legal deadline, counted: {o['reckoning']}")
    if o.get("target_at") and o.get("target"):
        lines.append(f"{indent}our target {_t(o['target_at'])} ({o['target']})")
    if o.get("basis"):
        lines.append(f"{indent}basis: {o['basis']}")
    return lines


def render_incident(doc: dict, *, brief: bool = False) -> str:
    lines = [
        f"{doc['ref']}  {doc['title']}",
        f"  status {doc['status']} · stage {doc['stage']} · severity {doc['severity'] or 'not set'} · "
        f"category {doc['category_name']} · source {doc['source'].replace('_', ' ')}",
    ]
    if doc["status"] != "closed":
        lines += _next_stage_lines(doc)
    if brief:
        lines.append(f"  next deadline: {_next_deadline(doc)}")
        return "\n".join(lines)
    lines += _summary_lines(doc)
    lines += _table_lines(doc)
    if doc["obligations"]:
        lines += ["", "Obligations (communications matrix and regulatory clocks)"]
        for o in doc["obligations"]:
            lines += _obligation_lines(o)
    if "log" in doc:
        lines += ["", f"Log ({len(doc['log'])} entries)"]
        for e in doc["log"]:
            lines.append(f"  #{e['seq']:<3} {_t(e['at'])}  {e['actor']:<13} {e['type']:<22} {_short(e['text'])}")
    return "\n".join(lines)


def _next_stage_lines(doc: dict) -> list[str]:
    """What leaving the current stage needs, and the commands that would do it."""
    needs = doc["next_stage_needs"]
    if not needs:
        return [f"  {doc['stage']}: nothing blocks the next move"]
    lines = [f"  to leave {doc['stage']}: " + "; ".join(n["needs"] for n in needs)]
    steps = [Step.from_json(step) for n in needs for step in n.get("next", [])]
    commands = [command for step in steps if (command := command_for(step))]
    return lines + [f"    {command}" for command in dict.fromkeys(commands)]


def _summary_lines(doc: dict) -> list[str]:
    lines = [f"  summary: {doc['summary']}"] if doc["summary"] else []
    system = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in doc["ai_system"].items() if v)
    lines.append(f"  AI system: {system or 'not recorded'}")
    facts = doc["facts"]
    lines.append(
        f"  facts: {facts['customers_affected']} customer(s) affected · personal data "
        f"{'involved' if facts['personal_data_involved'] else 'not involved'} · "
        f"{'material' if facts['material'] else 'not determined material'} · jurisdictions "
        f"{', '.join(facts['jurisdictions']) or 'none recorded'}"
    )
    lines.append(f"  plan version: {doc['plan_version'][:19]}")
    return lines


def _table_lines(doc: dict) -> list[str]:
    """Roles, times and deadlines."""
    lines = ["", "Roles"]
    for role_id, name in doc["role_names"].items():
        lines.append(f"  {name:<20} {doc['roles'].get(role_id, '-')}")
    lines += ["", "Times"]
    for name, value in doc["timestamps"].items():
        lines.append(f"  {name.removesuffix('_at').replace('_', ' '):<15} {_t(value)}")
    return lines + _deadline_lines(doc)


def _deadline_lines(doc: dict) -> list[str]:
    lines = ["", "Deadlines"]
    for d in sorted(doc["deadlines"], key=lambda d: d["due_at"]):
        lines.append(f"  {d['label']:<55} due {_t(d['due_at'])}  {d['description']}")
        if d.get("legal_due_at") and d["legal_due_at"] != d["due_at"]:
            lines.append(f"  {'':<55} legal deadline {_t(d['legal_due_at'])} (the due time above is our target)")
    return lines

    if doc["summary"]:
        lines.append(f"  summary: {doc['summary']}")
    system = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in doc["ai_system"].items() if v)
    lines.append(f"  AI system: {system or 'not recorded'}")
    facts = doc["facts"]
    lines.append(
        f"  facts: {facts['customers_affected']} customer(s) affected · personal data "
        f"{'involved' if facts['personal_data_involved'] else 'not involved'} · "
        f"{'material' if facts['material'] else 'not determined material'} · jurisdictions "
        f"{', '.join(facts['jurisdictions']) or 'none recorded'}"
    )
    lines.append(f"  plan version: {doc['plan_version'][:19]}")
    lines += ["", "Roles"]
    for role_id, name in doc["role_names"].items():
        lines.append(f"  {name:<20} {doc['roles'].get(role_id, '-')}")
    lines += ["", "Times"]
    for name, value in doc["timestamps"].items():
        lines.append(f"  {name.removesuffix('_at').replace('_', ' '):<15} {_t(value)}")
    lines += ["", "Deadlines"]
    for d in sorted(doc["deadlines"], key=lambda d: d["due_at"]):
        lines.append(f"  {d['label']:<55} due {_t(d['due_at'])}  {d['description']}")
        if d.get("legal_due_at") and d["legal_due_at"] != d["due_at"]:
            lines.append(f"  {'':<55} legal deadline {_t(d['legal_due_at'])} (the due time above is our target)")
    if doc["obligations"]:
        lines += ["", "Obligations (communications matrix and regulatory clocks)"]
        for o in doc["obligations"]:
            lines += _obligation_lines(o)
    if "log" in doc:
        lines += ["", f"Log ({len(doc['log'])} entries)"]
        for e in doc["log"]:
            lines.append(f"  #{e['seq']:<3} {_t(e['at'])}  {e['actor']:<13} {e['type']:<22} {_short(e['text'])}")
    return "\n".join(lines)
