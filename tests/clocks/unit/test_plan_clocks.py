"""A plan check refuses a regulatory clock whose counting rule or calendar is unknown or does not fit its deadline,
and every clock of the default plan names how it is counted, where, and the provision it comes from."""

from __future__ import annotations

from importlib import resources

import pytest

from aicident.errors import PlanInvalid
from aicident.plan.loader import default_plan, parse_plan

PLAN = default_plan()
DEFAULT_TOML = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
SEC_CLOCK = 'counting = "sec_8k"\ncalendar = "us_federal"'


def problems_of(text: str) -> dict[str, str]:
    with pytest.raises(PlanInvalid) as refused:
        parse_plan(text, "toml", source="plan.toml")
    return {p.path: p.message for p in refused.value.problems}


def edited(old: str, new: str) -> str:
    assert DEFAULT_TOML.count(old) == 1, old
    return DEFAULT_TOML.replace(old, new)


def sec_index() -> int:
    return [c.id for c in PLAN.regulatory].index("sec_8k_item_105")


def test_every_default_clock_names_its_provision_a_known_counting_rule_and_a_regulators_calendar():
    counted = {c.id: (c.counting, c.calendar) for c in PLAN.regulatory}

    assert counted == {
        "gdpr_art33": ("moment", "eu_member_state"),
        "gdpr_art34": ("organisation", "organisation"),  # no deadline: only the plan's target, on its own calendar
        "eu_ai_act_art73_2": ("eu_1182_71", "eu_member_state"),
        "eu_ai_act_art73_4": ("eu_1182_71", "eu_member_state"),
        "eu_ai_act_art73_3_widespread": ("eu_1182_71", "eu_member_state"),
        "eu_ai_act_art73_3_infrastructure": ("eu_1182_71", "eu_member_state"),
        "nis2_early_warning": ("moment", "eu_member_state"),
        "nis2_notification": ("moment", "eu_member_state"),
        "nis2_final_report": ("eu_1182_71", "eu_member_state"),
        "dora_initial_after_classification": ("moment", "eu_member_state"),
        "dora_initial_after_awareness": ("moment", "eu_member_state"),
        "dora_intermediate": ("moment", "eu_member_state"),
        "dora_final": ("dora_rts", "eu_member_state"),
        "sec_8k_item_105": ("sec_8k", "us_federal"),
        "us_fl_501171": ("moment", "us_state:FL"),
    }
    assert all(c.article for c in PLAN.regulatory)
    assert all(c.target_before for c in PLAN.regulatory if c.deadline)
    assert [c.id for c in PLAN.regulatory if not c.deadline] == ["gdpr_art34"]
    assert PLAN.regulatory[1].target_after == "72 hours"


def test_an_unknown_counting_rule_is_refused_with_the_rules_there_are():
    problems = problems_of(edited(SEC_CLOCK, 'counting = "sec_8k_fast"\ncalendar = "us_federal"'))

    assert problems == {
        f"regulatory[{sec_index()}].counting": "'sec_8k_fast': unknown counting rule; allowed: organisation, moment, "
        "eu_1182_71, eu_1182_71_hours, sec_8k, dora_rts"
    }


@pytest.mark.parametrize("calendar", ["sec", "eu_member_state:XX", "eu_member_state:DE-ZZ", "us_state:ZZ", ""])
def test_an_unknown_calendar_is_refused_with_the_forms_a_calendar_takes(calendar):
    problems = problems_of(edited(SEC_CLOCK, f'counting = "sec_8k"\ncalendar = "{calendar}"'))

    message = problems[f"regulatory[{sec_index()}].calendar"]
    assert "allowed:" in message
    assert "us_federal" in message or "one of AT" in message or "one of AK" in message or "region of BB, BE" in message


def test_a_rule_for_days_cannot_count_a_clock_in_hours():
    text = edited(
        'deadline = "72 hours"\ncounting = "moment"\ncalendar = "eu_member_state"\ntarget_before = "24 hours"\n'
        'label = "Without undue delay and not later than 72 hours after becoming aware"',
        'deadline = "72 hours"\ncounting = "eu_1182_71"\ncalendar = "eu_member_state"\ntarget_before = "24 hours"\n'
        'label = "Without undue delay and not later than 72 hours after becoming aware"',
    )

    assert problems_of(text) == {
        "regulatory[0].counting": "counting rule 'eu_1182_71' counts days, not hours: a period in hours starts at the "
        "moment or the next hour, ends after that many hours and never rolls (the deadline is '72 hours')"
    }


def test_a_target_must_fit_the_deadline():
    text = edited('target_after = "72 hours"', 'target_before = "72 hours"')
    text = text.replace('deadline = "4 business days"\ncounting = "sec_8k"\ncalendar = "us_federal"\n'
                        'target_before = "1 business day"',
                        'deadline = "4 business days"\ncounting = "sec_8k"\ncalendar = "us_federal"\n'
                        'target_after = "1 business day"')  # fmt: skip

    problems = problems_of(text)

    assert set(problems) == {"regulatory[1].target_before", f"regulatory[{sec_index()}].target_after"}
    assert "use target_before" in problems[f"regulatory[{sec_index()}].target_after"]


def test_a_plans_own_counting_rule_is_checked_and_cannot_take_a_built_in_name():
    text = edited('[counting.dora_rts]\nname = "', '[counting.moment]\nname = "')
    text = text.replace('counting = "dora_rts"', 'counting = "moment"')
    text += '\n[counting.cut_off]\nname = "a cut-off with no time"\nstart = "next_day"\nend = "cutoff"\n'

    problems = problems_of(text)

    assert problems["counting.moment"] == "'moment' is a built-in counting rule; give the plan's own another id"
    assert problems["counting.cut_off"].startswith("counting rule 'cut_off': a cutoff time goes with end = 'cutoff'")


def test_a_member_state_mapping_must_name_a_member_state():
    text = edited("[member_states]\n", '[member_states]\nEU = "IE"\nCH = "CH"\n')

    assert problems_of(text) == {
        "member_states.CH": "'CH' is not an EU Member State or EEA EFTA state; allowed: one of AT, BE, BG, CY, CZ, DE, "
        "DK, EE, ES, FI, FR, GR, HR, HU, IE, IS, IT, LI, LT, LU, LV, MT, NL, NO, PL, PT, RO, SE, SI, SK, optionally "
        "with a region (e.g. DE-BE)"
    }


def test_a_plan_written_before_counting_rules_keeps_the_organisations_arithmetic():
    """A stored plan (or an old plan file) whose clocks name no rule or calendar still loads: each clock counts on
    the organisation's calendar as before, with no target."""
    old = "\n".join(
        line
        for line in DEFAULT_TOML.splitlines()
        if not line.startswith(("counting = ", "calendar = ", "target_before = ", "target_after = ", "article = "))
    )

    plan = parse_plan(old, "toml")

    assert {(c.counting, c.calendar, c.target_before) for c in plan.regulatory} == {
        ("organisation", "organisation", None)
    }
