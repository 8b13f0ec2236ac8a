"""Finding incidents in the browser and the habits people have: an overdue SEV-1 is the first row of the list, search
finds an incident by a word only its log holds, 150 incidents come 50 a page in the list and in the API, filters
live in the address, a half-typed note survives a reload, times read in the browser's zone, and an idle incident
page makes no request besides its open event stream."""

from __future__ import annotations

import re
import time

from browsing import DESKTOP, PHONE, in_viewport, sign_in
from playwright.sync_api import expect
from sqlalchemy import create_engine, text


def declare(client, title: str, **extra) -> str:
    body = {"title": title, "category": "hallucination_harm", "source": "monitoring_alert", **extra}
    answer = client.post("/api/v1/incidents", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["ref"]


def backdate(service, ref: str, hours: int) -> None:
    """Declared `hours` ago: the database is the server's, so the test moves the incident's times back."""
    url = service.env.get("AICIDENT_DATABASE_URL") or f"sqlite:///{service.data_dir / 'aicident.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        shift = {"ref": ref, "hours": hours}
        if engine.dialect.name == "sqlite":
            for column in ("declared_at", "detected_at", "became_aware_at"):
                connection.execute(
                    text(
                        f"UPDATE incidents SET {column} = datetime({column}, '-' || :hours || ' hours') WHERE ref = :ref"
                    ),
                    shift,
                )
            connection.execute(
                text(
                    "UPDATE deadlines SET due_at = datetime(due_at, '-' || :hours || ' hours'), "
                    "starts_at = datetime(starts_at, '-' || :hours || ' hours') "
                    "WHERE incident_id = (SELECT id FROM incidents WHERE ref = :ref)"
                ),
                shift,
            )
        else:
            for column in ("declared_at", "detected_at", "became_aware_at"):
                connection.execute(
                    text(f"UPDATE incidents SET {column} = {column} - make_interval(hours => :hours) WHERE ref = :ref"),
                    shift,
                )
            connection.execute(
                text(
                    "UPDATE deadlines SET due_at = due_at - make_interval(hours => :hours), "
                    "starts_at = starts_at - make_interval(hours => :hours) "
                    "WHERE incident_id = (SELECT id FROM incidents WHERE ref = :ref)"
                ),
                shift,
            )
    engine.dispose()


def test_an_overdue_sev1_is_the_first_row_and_search_finds_a_word_only_its_log_holds(any_service, browsing):
    service = any_service
    with service.client(headers=service.admin) as client:
        overdue = declare(client, "Assistant leaks order lines", category="data_leak", severity="SEV-1")
        for number in range(12):  # newer incidents, several of them severe, none overdue
            declare(client, f"Newer incident {number}", severity="SEV-2" if number % 2 else "SEV-3")
        quiet = declare(client, "Odd refusal wording", severity="SEV-4")
        note = {"type": "note", "text": "The Quokkaflux transcript shows the invented rule"}
        assert client.post(f"/api/v1/incidents/{quiet}/log", json=note).status_code == 200
    backdate(service, overdue, hours=2)  # its 15-minute response deadline has long passed

    for viewport in (DESKTOP, PHONE):
        page = browsing.page(viewport=viewport)
        sign_in(page, service.token)
        first = page.locator("#incident-rows tr").first
        expect(first).to_contain_text(overdue)
        expect(first).to_contain_text("SEV-1")
        expect(first.locator("time.countdown")).to_have_text(re.compile(r"^overdue by "))
        assert in_viewport(first.locator("time.countdown"))
        expect(first).to_have_class(re.compile(r"\boverdue\b"))

    page.get_by_label("Search", exact=True).fill("quokkaflux")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"[?&]q=quokkaflux"))  # the search lives in the address
    expect(page.locator("#incident-rows tr")).to_have_count(1)
    expect(page.locator("#incident-rows")).to_contain_text(quiet)
    page.reload()
    expect(page.get_by_label("Search", exact=True)).to_have_value("quokkaflux")
    expect(page.locator("#incident-rows tr")).to_have_count(1)


def test_a_hundred_and_fifty_incidents_come_fifty_a_page_in_the_list_and_the_api(service, browsing):
    with service.client(headers=service.admin) as client:
        declared = [declare(client, f"Incident {number:03d}") for number in range(150)]
        api_pages, cursor = [], None
        while True:
            page_of = client.get("/api/v1/incidents", params={"limit": 50, **({"cursor": cursor} if cursor else {})})
            api_pages.append([item["ref"] for item in page_of.json()["items"]])
            cursor = page_of.json()["next"]
            if not cursor:
                break
    assert [len(p) for p in api_pages] == [50, 50, 50]
    assert sum(api_pages, []) == list(reversed(declared))

    page = browsing.page()
    sign_in(page, service.token, "/incidents?sort=declared")
    expect(page.locator("#list-count")).to_contain_text("150 incidents")
    shown = []
    for number in range(3):
        rows = page.locator("#incident-rows tr")
        expect(rows).to_have_count(50)
        shown += [re.search(r"INC-\d{4}-\d{4}", t).group(0) for t in rows.locator("th").all_text_contents()]
        following = page.get_by_role("link", name="Next 50")
        if number < 2:
            following.click()
            expect(page).to_have_url(re.compile(r"cursor="))
        else:
            expect(following).to_have_count(0)
    assert shown == list(reversed(declared))
    page.get_by_role("link", name="First page").click()
    expect(page.locator("#incident-rows tr").first).to_contain_text(declared[-1])


def test_a_half_typed_note_survives_a_reload_and_times_read_in_the_browsers_zone(service, browsing):
    with service.client(headers=service.admin) as client:
        ref = declare(client, "Assistant invents refund rules", severity="SEV-3")
    page = browsing.page(timezone_id="America/Los_Angeles")
    sign_in(page, service.token, f"/incidents/{ref}")
    page.locator("#log-text").fill("Support saw the first complaint at 09:12, then")
    page.reload()
    expect(page.locator("#log-text")).to_have_value("Support saw the first complaint at 09:12, then")
    page.locator("#log-text").fill("Support saw the first complaint at 09:12, then two more.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.locator(".timeline")).to_contain_text("then two more.")
    page.reload()
    expect(page.locator("#log-text")).to_have_value("")  # sent: the draft is gone

    with service.client(headers=service.admin) as client:
        declared_at = client.get(f"/api/v1/incidents/{ref}/log").json()[0]["at"]
    entry = page.locator(".timeline .entry time").last
    expect(entry).to_have_text(re.compile(r" P[SD]T$"))
    expect(entry).to_have_attribute("title", re.compile(r" UTC$"))
    utc_hour = int(re.search(r"T(\d{2}):", declared_at).group(1))
    local_hour = int(re.search(r" (\d{2}):\d{2} P[SD]T$", entry.text_content()).group(1))
    assert (utc_hour - local_hour) % 24 in (7, 8)  # Pacific time is UTC-8 (UTC-7 in summer)


def test_an_idle_incident_page_makes_no_request_but_its_open_event_stream(service, browsing):
    with service.client(headers=service.admin) as client:
        ref = declare(client, "Assistant invents refund rules", severity="SEV-3")
    page = browsing.page()
    sign_in(page, service.token)
    requests, finished = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfinished", lambda request: finished.append(request.url))
    page.goto(f"/incidents/{ref}")
    expect(page.locator("#command time.countdown")).to_have_text(re.compile(r"^due in "))
    time.sleep(1)  # the page has loaded and opened its stream
    stream = f"/incidents/{ref}/events"
    assert [url for url in requests if url.endswith(stream)] != []
    loaded = len(requests)
    first = page.locator("#command time.countdown").text_content()
    time.sleep(6)  # three of the old two-second polls
    assert requests[loaded:] == [], requests[loaded:]
    assert not [url for url in finished if url.endswith(stream)]  # still open
    assert page.locator("#command time.countdown").text_content() != first  # the countdown runs on its own
