"""Finding incidents through the API, on SQLite (FTS5) and PostgreSQL (tsvector): full-text search over the title,
summary, reference, feature, model and the log's text, kept in step by the change path; keyset pages with a `next`
cursor (and `offset` still working); sorts, "mine", and the migration that indexes incidents already stored."""

from __future__ import annotations

from datetime import timedelta

import factories
from alembic import command
from sqlalchemy import text

from aicident.auth import service as auth
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem
from aicident.store.engine import _alembic_config


def headers_of(rt, handle: str = "ana", roles=("incident_commander",)) -> dict[str, str]:
    auth.add_person(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle, name='test').token}"}


def declare(rt, title: str, *, category: str = "hallucination_harm", **extra) -> str:
    return factories.declare(rt, title=title, category=category, source="monitoring_alert", **extra)


def refs(answer) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["ref"] for item in answer.json()["items"]]


def test_search_finds_an_incident_by_a_word_that_only_its_log_holds(runtime, client):
    headers = headers_of(runtime)
    first = declare(runtime, "Assistant quotes a refund policy", ai_system=AISystem(feature="support-assistant"))
    second = declare(
        runtime,
        "Order lines of other accounts",
        category="data_leak",
        summary="Seen in the chat widget.",
        ai_system=AISystem(model="acme/gpt-large"),
    )
    incidents.add_entry(runtime, ref=first, type="note", text="The Zebrafish café transcript shows it", actor="ana")
    incidents.diagnose(runtime, ref=second, layer="data", description="Stale retrieval index", actor="ana")

    def found(q: str) -> list[str]:
        return refs(client.get("/api/v1/incidents", params={"q": q}, headers=headers))

    assert found("zebrafish") == [first]  # a note's word
    assert found("cafe") == found("CAFÉ") == [first]  # case and accents do not matter
    assert found("retrieval") == [second]  # a root cause's words
    assert found("zebra") == [first]  # the last word may be the start of one
    assert found("refund zebrafish") == [first]  # every word, anywhere in the incident
    assert found("refund retrieval") == []
    assert found("support-assistant") == [first]  # the feature
    assert found("gpt large") == [second]  # the model
    assert found("widget") == [second]  # the summary
    assert found(second) == [second]  # the reference
    assert found("nothing-like-this") == []
    assert set(found("?!")) == {first, second}  # no words: no text filter
    too_long = client.get("/api/v1/incidents", params={"q": "x" * 201}, headers=headers)
    assert too_long.status_code == 400


def test_a_hundred_and_fifty_incidents_come_fifty_a_page_with_a_next_cursor_and_offsets_still_work(
    runtime, client, clock
):
    headers = headers_of(runtime)
    declared = []
    for number in range(150):
        declared.append(declare(runtime, f"Incident number {number}"))
        clock.advance(seconds=1)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/incidents", params=params, headers=headers).json()
        pages += 1
        assert len(page["items"]) == 50
        seen += [item["ref"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == 3 and seen == list(reversed(declared))  # newest first, each once

    # A new incident declared while paging does not shift the pages that follow.
    first = client.get("/api/v1/incidents", params={"limit": 50}, headers=headers).json()
    declare(runtime, "Declared between two pages")
    second = client.get("/api/v1/incidents", params={"limit": 50, "cursor": first["next"]}, headers=headers).json()
    assert [i["ref"] for i in second["items"]] == seen[50:100]

    by_offset = client.get("/api/v1/incidents", params={"limit": 50, "offset": 100}, headers=headers).json()
    assert by_offset["next_offset"] == 150 and len(by_offset["items"]) == 50

    mixed = client.get("/api/v1/incidents", params={"cursor": first["next"], "offset": 50}, headers=headers)
    assert mixed.status_code == 400 and "cursor or offset" in mixed.json()["allowed"]
    forged = client.get("/api/v1/incidents", params={"cursor": "eyJzIjoiZGVjbGFyZWQifQ"}, headers=headers)
    assert forged.status_code == 400 and "cursor" in forged.json()["detail"]
    other_sort = client.get("/api/v1/incidents", params={"cursor": first["next"], "sort": "title"}, headers=headers)
    assert other_sort.status_code == 400 and "belongs to the sort 'declared'" in other_sort.json()["detail"]


def test_by_urgency_an_overdue_sev1_comes_first_then_the_most_severe_and_closed_ones_last(runtime, client, clock):
    headers = headers_of(runtime)
    overdue = declare(runtime, "Leak of order lines", category="data_leak", severity="SEV-1")
    clock.advance(hours=2)  # its response deadline has passed
    minor = declare(runtime, "Typo in a refusal", severity="SEV-4")
    major = declare(runtime, "Wrong loan rates", severity="SEV-2")
    untriaged = declare(runtime, "Odd answers")
    order = refs(client.get("/api/v1/incidents", params={"sort": "urgency"}, headers=headers))
    assert order == [overdue, major, minor, untriaged]
    newest = refs(client.get("/api/v1/incidents", headers=headers))
    assert newest == [untriaged, major, minor, overdue]
    by_severity = refs(client.get("/api/v1/incidents", params={"sort": "severity", "order": "desc"}, headers=headers))
    assert by_severity == [untriaged, minor, major, overdue]
    page = client.get("/api/v1/incidents", params={"sort": "urgency", "limit": 2}, headers=headers).json()
    rest = client.get("/api/v1/incidents", params={"sort": "urgency", "cursor": page["next"]}, headers=headers)
    assert [i["ref"] for i in page["items"]] + refs(rest) == order
    unknown = client.get("/api/v1/incidents", params={"sort": "mood"}, headers=headers)
    assert unknown.status_code == 400 and "urgency" in unknown.json()["allowed"]


def test_mine_lists_the_incidents_where_the_caller_holds_a_role_now(runtime, client):
    ana = headers_of(runtime, "ana")
    headers_of(runtime, "bo", ())
    held = declare(runtime, "Ana commands this one")
    handed_over = declare(runtime, "Ana held this one")
    declare(runtime, "Nobody's yet")
    incidents.triage(runtime, ref=held, commander="ana", actor="setup")
    incidents.assign(runtime, ref=handed_over, role="ai_lead", person="ana", actor="setup")
    incidents.assign(runtime, ref=handed_over, role="ai_lead", person="bo", actor="setup")
    assert refs(client.get("/api/v1/incidents", params={"mine": "true"}, headers=ana)) == [held]
    assert refs(client.get("/api/v1/incidents", params={"person": "bo"}, headers=ana)) == [handed_over]


def test_the_migration_indexes_the_incidents_stored_before_it(runtime, clock):
    ref = declare(runtime, "Assistant invents shipping times", ai_system=AISystem(feature="shipping-bot"))
    incidents.add_entry(runtime, ref=ref, type="evidence", text="Transcript 5521 (redacted)", actor="setup")
    config = _alembic_config()
    with runtime.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "signals_lifecycle")
        assert "incident_search" not in runtime.engine.dialect.get_table_names(connection)
        command.upgrade(config, "head")
        indexed = connection.execute(text("SELECT count(*) FROM incident_search")).scalar()
    assert indexed == 3  # the incident's own words, its declaration, the evidence
    assert [v.incident.ref for v in incidents.find_incidents(runtime, text="5521").views] == [ref]
    assert [v.incident.ref for v in incidents.find_incidents(runtime, text="shipping bot").views] == [ref]
    clock.advance(minutes=1)
    incidents.add_entry(runtime, ref=ref, type="note", text="Quokka", actor="setup")  # and the change path goes on
    assert [v.incident.ref for v in incidents.find_incidents(runtime, text="quokka").views] == [ref]


def test_a_repeated_signal_is_found_through_its_first_occurrence_only(runtime):
    ref = declare(runtime, "Injection attempts")
    with runtime.changing(ref, action=None) as change:
        for occurrence in (1, 2, 3):
            change.incident.record_signal(
                actor="alertmanager",
                now=change.now + timedelta(seconds=occurrence),
                signal_id="s-1",
                integration="alertmanager",
                action="trigger",
                occurrence=occurrence,
                title="PromptInjectionRate above 5%",
                dedup_key="fp-1",
            )
    with runtime.engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM incident_search WHERE seq > 1")).scalar()
    assert rows == 1
    assert [v.incident.ref for v in incidents.find_incidents(runtime, text="PromptInjectionRate").views] == [ref]
