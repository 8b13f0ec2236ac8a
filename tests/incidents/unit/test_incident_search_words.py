"""How the search index reads incidents and queries (the same words for SQLite and PostgreSQL), and the list's
cursors: they carry their sort and the moment overdue was measured against, and a tampered one is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aicident.errors import InvalidInput
from aicident.incidents import search

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def order(sort: str = "urgency", descending: bool | None = None) -> search.Order:
    return search.Order(sort, NOW, {"SEV-1": 1, "SEV-2": 2}, {"detect": 0, "triage": 1}, descending)


def test_words_are_letters_and_digits_in_lower_case_without_accents():
    assert search.words("Café-Bar: INC-2026-0001, support_assistant (GPT-4o)!") == [
        "cafe",
        "bar",
        "inc",
        "2026",
        "0001",
        "support",
        "assistant",
        "gpt",
        "4o",
    ]


def test_an_entry_is_indexed_by_what_people_wrote_not_by_its_digests_or_moments():
    data = {"draft": "INC-1-D1", "text_hash": "ab" * 32, "at": "2026-11-23T14:00:00+00:00", "to": ["dana@example.com"]}
    assert search.entry_body("approval", data) == "inc 1 d1 dana example com"
    repeat = {"occurrence": 7, "title": "PromptInjectionRate above 5%"}
    assert search.entry_body("signal", repeat) == ""
    assert search.entry_body("signal", {**repeat, "occurrence": 1}) == "promptinjectionrate above 5"


def test_a_query_keeps_its_first_eight_words_and_refuses_a_very_long_one():
    assert search.query_terms("  one two three four five six seven eight nine ") == [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
    ]
    assert search.query_terms("?!") == []
    with pytest.raises(InvalidInput, match="too long"):
        search.query_terms("x" * 201)


def test_a_cursor_reads_back_for_its_own_sort_only():
    keys = search.sort_keys(order())
    cursor = search.Cursor("urgency", False, NOW, (1, 0, 2, NOW, "INC-2026-0007"))
    again = search.decode_cursor(cursor.encode(), keys, order())
    assert again == cursor
    with pytest.raises(InvalidInput, match="belongs to the sort 'urgency'"):
        search.decode_cursor(cursor.encode(), search.sort_keys(order("title")), order("title"))
    with pytest.raises(InvalidInput, match="belongs to the sort"):
        search.decode_cursor(cursor.encode(), keys, order(descending=True))
    tampered = search.Cursor("urgency", False, NOW, ("one", 0, 2, NOW, "INC-2026-0007"))
    with pytest.raises(InvalidInput, match="not one this list gave"):
        search.decode_cursor(tampered.encode(), keys, order())
    with pytest.raises(InvalidInput, match="not one this list gave"):
        search.decode_cursor("not base64 at all!", keys, order())


def test_an_unknown_sort_is_refused_with_the_sorts_there_are():
    with pytest.raises(InvalidInput) as refused:
        order("mood")
    assert "urgency" in refused.value.allowed
