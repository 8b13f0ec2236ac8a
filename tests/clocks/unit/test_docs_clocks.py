"""The worked examples of docs/clocks.md hold: each row's legal deadline and target are what the default plan gives,
and the SEC rows give the same legal deadline under a Berlin calendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clock_cases import BERLIN_PLAN, NEW_YORK_PLAN, clock, declare

from aicident.incidents.model import Incident
from aicident.plan.schema import Plan

DOC = Path(__file__).resolve().parents[3] / "docs" / "clocks.md"
FACTS = {
    "gdpr": {"personal_data_involved": True},
    "eu_ai_act_art73_2": {"serious_incident": True},
    "eu_ai_act_art73_4": {"serious_incident": True, "death": True},
    "eu_ai_act_art73_3_widespread": {"serious_incident": True, "widespread_infringement": True},
    "nis2": {"significant_incident": True},
    "dora": {"major_ict_incident": True},
    "sec": {"material": True},
    "us_fl": {"personal_data_involved": True},
}
STARTED_BY = {"notification sent": "clock:nis2_notification", "intermediate report sent": "clock:dora_intermediate"}


def worked_examples() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Worked examples", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    names = ("clock", "jurisdiction", "starts", "at", "legal", "target", "how")
    return [
        dict(zip(names, (cell.strip().strip("`") for cell in row.strip("|").split("|")), strict=True)) for row in rows
    ]


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def counted(plan: Plan, row: dict):
    rule = next(c for c in plan.regulatory if c.id == row["clock"])
    facts = next(f for prefix, f in FACTS.items() if row["clock"].startswith(prefix))
    at = utc(row["at"])
    incident: Incident
    if row["starts"] in STARTED_BY:
        incident = declare(plan, aware=at - timedelta(days=1), jurisdictions=[row["jurisdiction"]], **facts)
        incident.record_communication(
            plan, audience="regulators", obligation=STARTED_BY[row["starts"]], summary="filed", actor="lee", now=at
        )
    else:
        incident = declare(plan, aware=at, jurisdictions=[row["jurisdiction"]], **facts)
    found = clock(incident, plan, f"clock:{rule.group or rule.id}")
    assert found.clock == rule.id
    assert found.starts_at == at
    return found


def test_the_page_has_worked_examples_for_the_kinds_of_clock():
    clocks = {row["clock"] for row in worked_examples()}
    assert {"eu_ai_act_art73_2", "nis2_final_report", "dora_final", "gdpr_art33", "sec_8k_item_105"} <= clocks


@pytest.mark.parametrize("row", worked_examples(), ids=lambda row: f"{row['clock']}-{row['at']}")
def test_a_worked_example_of_the_docs_is_what_the_default_plan_counts(row):
    found = counted(NEW_YORK_PLAN, row)

    assert (found.due_at, found.target_at) == (utc(row["legal"]), utc(row["target"]))
    assert counted(BERLIN_PLAN, row).due_at == found.due_at


def test_the_berlin_target_of_the_first_sec_example_is_as_the_page_says():
    row = next(r for r in worked_examples() if r["clock"] == "sec_8k_item_105")
    said = re.search(r"only the\s+target moves \(for the first SEC row to .*?, (\d\d:\d\d) UTC\)", DOC.read_text())

    assert said is not None
    assert counted(BERLIN_PLAN, row).target_at == utc(row["target"][:11] + said[1])
