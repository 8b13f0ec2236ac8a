"""A running `aicident serve` under pressure: two replicas on one PostgreSQL database counting racing deliveries
exactly (200 fingerprints x 4 concurrent deliveries, 2 per replica: 4 occurrences each, no occurrence number stated
twice in the log); rate limits that a forged X-Forwarded-For cannot escape unless the proxy is trusted; hook secrets
masked in the log; and the integration commands, whose name clash fails a script loudly.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

FINGERPRINTS = 200


def alert_body(n: int) -> bytes:
    """One alert: the even ones name a category (and attach to one incident), the odd ones wait in the inbox."""
    labels = {"alertname": f"Probe{n}", "instance": f"pod-{n}", "feature": "chat"}
    if n % 2 == 0:
        labels |= {"aicident_category": "prompt_injection", "severity": "warning"}
    alert = {"status": "firing", "labels": labels, "annotations": {}, "fingerprint": f"{n:016x}"}
    return json.dumps({"version": "4", "status": "firing", "alerts": [alert]}).encode()


def post_until_accepted(replica, secret: str, body: bytes) -> int:
    """Deliver as Alertmanager does: a 5xx is retried (nothing was acknowledged), anything else is final."""
    with replica.client(headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}) as client:
        for _attempt in range(10):
            response = client.post("/api/v1/integrations/am/signals", content=body)
            if response.status_code < 500:
                return response.status_code
            time.sleep(0.2)
    return response.status_code


def fast_summaries_plan(directory: Path) -> Path:
    """The default plan with repeats summed up every second, so that summaries race too."""
    text = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
    assert 'summary_interval = "15 minutes"' in text
    plan = directory / "plan.toml"
    plan.write_text(text.replace('summary_interval = "15 minutes"', 'summary_interval = "1 seconds"'))
    return plan


def occurrence_numbers(replica, ref: str) -> list[tuple[str, int]]:
    """(signal, occurrence) for every number the incident log states: first occurrences and summaries."""
    with replica.client(headers=replica.admin) as client:
        log = client.get(f"/api/v1/incidents/{ref}/log").json()
    stated = []
    for entry in log:
        data = entry["data"]
        if entry["type"] == "signal" and data["action"] in ("trigger", "refire"):
            stated.append((data["signal"], data["occurrence"]))
        elif entry["type"] == "signal_summary":
            stated += [(data["signal"], n) for n in range(data["first"], data["last"] + 1)]
    return stated


@pytest.mark.postgres
def test_two_replicas_count_racing_deliveries_exactly_and_state_no_occurrence_twice(
    start_service, postgres_url, tmp_path
):
    plan = fast_summaries_plan(tmp_path)
    first = start_service(database_url=postgres_url, plan_file=plan)
    shared_key = {"AICIDENT_LOG_KEY_FILE": str(first.data_dir / "log-keys.json")}  # replicas read one log key
    second = start_service(database_url=postgres_url, plan_file=plan, token=first.token, environment=shared_key)
    secret = first.add_integration("am", "alertmanager")
    jobs = [(replica, n) for n in range(FINGERPRINTS) for replica in (first, first, second, second)]
    random.Random(15).shuffle(jobs)
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda job: post_until_accepted(job[0], secret, alert_body(job[1])), jobs))
    assert Counter(statuses) == {202: 4 * FINGERPRINTS}

    with first.client(headers=first.admin) as client:
        found = []
        while len(found) % 500 == 0:
            page = client.get("/api/v1/signals", params={"limit": 500, "offset": len(found)}).json()["items"]
            found += page
            if not page:
                break
        incidents = client.get("/api/v1/incidents").json()["items"]
    assert len(found) == FINGERPRINTS
    assert {s["dedup_key"]: s["occurrences"] for s in found} == {f"{n:016x}": 4 for n in range(FINGERPRINTS)}
    [incident] = incidents  # the racing replicas declared one incident, not two
    attached = {s["id"] for s in found if s["incident"] == incident["ref"]}
    assert len(attached) == FINGERPRINTS // 2

    def complete() -> list[tuple[str, int]] | None:
        stated = occurrence_numbers(first, incident["ref"])
        duplicates = [pair for pair, count in Counter(stated).items() if count > 1]
        assert duplicates == [], f"occurrence numbers stated twice: {duplicates[:10]}"
        return stated if len(stated) == 4 * len(attached) else None

    deadline = time.monotonic() + 60  # the workers sum up the rest a second after each signal's last entry
    while (stated := complete()) is None and time.monotonic() < deadline:
        time.sleep(1)
    assert stated is not None, "the workers did not sum up every repeat within a minute"
    assert sorted(stated) == sorted((signal, n) for signal in attached for n in range(1, 5))


def _sign_in_attempts(client, forwarded_for: list[str]) -> list[int]:
    """Sign-ins with a wrong token through the web form (each with the form's fresh CSRF token), one per address."""
    page = client.get("/sign-in")
    statuses = []
    for address in forwarded_for:
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None, page.text
        page = client.post(
            "/sign-in",
            data={"csrf": csrf.group(1), "next": "/incidents", "token": "aic_not-a-token"},
            headers={"X-Forwarded-For": address},
        )
        statuses.append(page.status_code)
    return statuses


@pytest.mark.parametrize("on_postgres", [False, pytest.param(True, marks=pytest.mark.postgres)], ids=["sqlite", "pg"])
def test_a_forged_x_forwarded_for_does_not_escape_the_per_client_limit_unless_the_proxy_is_trusted(
    start_service, request, on_postgres
):
    url = request.getfixturevalue("postgres_url") if on_postgres else None
    direct = start_service(database_url=url)
    with direct.client() as client:  # sign-in: ten at once from one address, whatever the header says
        assert _sign_in_attempts(client, [f"192.0.2.{n}" for n in range(12)]) == [401] * 10 + [429, 429]
    with direct.client() as client:
        answers = [
            client.post(
                "/api/v1/customer-reports",
                json={"what_happened": f"Report {n}"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            ).status_code
            for n in range(12)
        ]
    assert answers == [202] * 10 + [429, 429]  # ten a minute from this one client, whatever the header says
    assert '"client": "203.0.113.' not in direct.log()

    direct.stop()  # the same installation restarted behind a proxy (its key file: the one of this database)
    behind_proxy = start_service(
        database_url=url, data_dir=direct.data_dir, args=("--forwarded-allow-ips", "127.0.0.1")
    )
    with behind_proxy.client() as client:
        rotating = [
            client.post(
                "/api/v1/customer-reports",
                json={"what_happened": f"Report {n}"},
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n in range(12)
        ]
        one_client = [
            client.post(
                "/api/v1/customer-reports",
                json={"what_happened": f"Again {n}"},
                headers={"X-Forwarded-For": "198.51.100.200, 127.0.0.1"},
            ).status_code
            for n in range(11)
        ]
    assert rotating == [202] * 12  # the trusted proxy says these are twelve clients
    assert one_client == [202] * 10 + [429]
    assert '"client": "198.51.100.200"' in behind_proxy.log()


def test_hook_urls_are_logged_with_the_secret_masked(any_service):
    service = any_service
    secret = service.add_integration("am", "alertmanager")
    body = json.dumps({"version": "4", "status": "firing", "alerts": []})
    with service.client() as client:
        assert client.post(f"/api/v1/hooks/{secret}", content=body).status_code == 202
        assert client.post(f"/api/v1/hooks/{secret}x", content=body).status_code == 401
    with service.client(headers=service.admin) as client:
        rotated = client.post("/api/v1/integrations/am/rotate", json={"grace": "1 hours"}).json()["secret"]
        assert client.post(f"/api/v1/hooks/{rotated}", content=body).status_code == 202
    deadline = time.monotonic() + 10  # a request's log line is written once its response has gone out
    while (log := service.log()).count('"path": "/api/v1/hooks/') < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    for value in (secret, rotated, secret[4:12], rotated[4:12]):
        assert value not in log
    assert log.count('"path": "/api/v1/hooks/ais_****"') == 3


def test_integration_commands_and_a_name_clash_that_fails_loudly(service):
    added = service.cli("integration", "add", "monitoring", "--format", "alertmanager")
    assert added.returncode == 0 and re.fullmatch(r"ais_\S+\n", added.stdout)
    clash = service.cli("integration", "add", "Monitoring", "--format", "alertmanager")
    assert (clash.returncode, clash.stdout) == (1, "")  # so that SECRET=$(...) in a script fails, not goes on empty
    assert clash.stderr == (
        "error: an integration named 'monitoring' exists already (another name, or rotate the existing "
        "integration's secret)\n  next: aicident integration rotate monitoring\n"
    )
    rotated = service.cli("integration", "rotate", "monitoring", "--grace", "2 hours")
    assert rotated.returncode == 0, rotated.stderr
    new = rotated.stdout.strip()
    assert new != added.stdout.strip() and "the old one works until" in rotated.stderr
    listed = service.cli("integration", "list")
    assert "old secret works until" in listed.stdout
    assert service.cli("integration", "disable", "monitoring").stdout == "disabled integration monitoring\n"
    assert "(disabled;" in service.cli("integration", "list").stdout
    with service.client(headers={"Authorization": f"Bearer {new}"}) as client:
        body = {"version": "4", "status": "firing", "alerts": []}
        assert client.post("/api/v1/integrations/monitoring/signals", json=body).status_code == 401
        assert service.cli("integration", "enable", "monitoring").returncode == 0
        assert client.post("/api/v1/integrations/monitoring/signals", json=body).status_code == 202
        assert service.cli("integration", "delete", "monitoring").stdout == "deleted integration monitoring\n"
        assert client.post("/api/v1/integrations/monitoring/signals", json=body).status_code == 401
    missing = service.cli("integration", "rotate", "monitoring")
    assert (missing.returncode, missing.stderr.splitlines()[0]) == (
        1,
        "error: no integration named 'monitoring' (the name of an integration)",
    )


def test_the_integrations_api_is_for_administrators(service):
    with service.client(headers=service.admin) as client:
        assert client.post("/api/v1/people", json={"handle": "dana", "roles": []}).status_code == 201
        token = client.post("/api/v1/people/dana/tokens", json={"name": "t"}).json()["token"]
        assert client.post("/api/v1/integrations", json={"name": "am", "format": "alertmanager"}).status_code == 201
        clash = client.post("/api/v1/integrations", json={"name": "am", "format": "alertmanager"})
        assert (clash.status_code, clash.json()["next"]) == (
            409,
            [{"action": "rotate_integration", "label": "rotate its secret", "args": {"name": "am"}}],
        )
    with service.client(headers={"Authorization": f"Bearer {token}"}) as client:
        for method, path in (
            ("POST", "/api/v1/integrations/am/rotate"),
            ("POST", "/api/v1/integrations/am/disable"),
            ("POST", "/api/v1/integrations/am/enable"),
            ("DELETE", "/api/v1/integrations/am"),
            ("POST", "/api/v1/integrations"),
        ):
            body = {"name": "x", "format": "alertmanager"} if path.endswith("integrations") else None
            response = client.request(method, path, json=body)
            assert (response.status_code, response.json()["code"]) == (403, "forbidden"), path
    for command, what in (
        ("rotate", "rotate integration secrets"),
        ("disable", "disable or enable integrations"),
        ("enable", "disable or enable integrations"),
        ("delete", "delete integrations"),
    ):  # the CLI as the same person: the same rule (it does not go round the API's check on the database)
        refused = service.cli("--as", "dana", "integration", command, "am")
        assert (refused.returncode, refused.stdout, refused.stderr.splitlines()[0]) == (
            1,
            "",
            f"error: dana may not {what} (an administrator may)",
        ), command
    with service.client(headers=service.admin) as client:
        assert client.post("/api/v1/integrations/am/disable").json() == {"name": "am", "disabled": True}
        assert client.post("/api/v1/integrations/am/disable").status_code == 409
        assert client.post("/api/v1/integrations/am/enable").json() == {"name": "am", "disabled": False}
        assert client.post("/api/v1/integrations/am/rotate", json={"grace": "soon"}).status_code == 400
        assert client.delete("/api/v1/integrations/am").status_code == 204
        assert client.get("/api/v1/integrations").json() == []
        assert client.delete("/api/v1/integrations/am").status_code == 404
