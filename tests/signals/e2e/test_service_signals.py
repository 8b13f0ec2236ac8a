"""Signals over real HTTP: a running `aicident serve`, payloads as monitoring tools send them, and crashes.

Proves the HTTP service issue's "done when": payloads from each format's specification open, deduplicate and
resolve signals; 100 identical deliveries (50 of them concurrent) give one incident with 100 occurrences on SQLite and
PostgreSQL; SIGKILL in the middle of a stream of deliveries loses none that was acknowledged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

GO_ZERO_TIME = "0001-01-01T00:00:00Z"  # what Alertmanager and Grafana send as endsAt of a firing alert
HOLD_RULE = "Everything else waits for a person in the signal inbox"
PROMPT_INJECTION_RULE = "AI detector findings and alerts that name their category"
DATA_LEAK_RULE = "Data leak alerts"
PROBLEM_JSON = "application/problem+json"


# --- helpers ---------------------------------------------------------------------------------------------------


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def minutes_ago(minutes: float) -> datetime:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).replace(microsecond=0)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def alert(
    fingerprint: str, labels: dict, summary: str, starts_at: datetime, *, resolved_at: datetime | None = None, **extra
) -> dict:
    """One alert of an Alertmanager webhook (v4) as in the Alertmanager documentation."""
    return {
        "status": "resolved" if resolved_at else "firing",
        "labels": labels,
        "annotations": {
            "summary": summary,
            "description": f"{summary}: see the runbook",
            "runbook_url": "https://runbooks.example.com/ai",
        },
        "startsAt": rfc3339(starts_at),
        "endsAt": rfc3339(resolved_at) if resolved_at else GO_ZERO_TIME,
        "generatorURL": f"http://prometheus.example.com:9090/graph?g0.expr=ALERTS%7Bfp%3D%22{fingerprint}%22%7D",
        "fingerprint": fingerprint,
        **extra,
    }


def alertmanager_group(alerts: list[dict], **extra) -> dict:
    """An Alertmanager webhook (version "4"): the group is firing while any alert fires."""
    common = dict(set.intersection(*(set(a["labels"].items()) for a in alerts))) if alerts else {}
    return {
        "version": "4",
        "groupKey": '{}/{severity=~".+"}:{service="ai-gateway"}',
        "truncatedAlerts": 0,
        "status": "firing" if any(a["status"] == "firing" for a in alerts) else "resolved",
        "receiver": "aicident",
        "groupLabels": {"service": "ai-gateway"},
        "commonLabels": common,
        "commonAnnotations": {},
        "externalURL": "http://alertmanager.example.com:9093",
        "alerts": alerts,
        **extra,
    }


def grafana_alert(alert_: dict) -> dict:
    """The same alert as Grafana alerting sends it: with silence, dashboard and panel links and the query values."""
    fingerprint = alert_["fingerprint"]
    return {
        **alert_,
        "generatorURL": f"https://grafana.example.com/alerting/grafana/{fingerprint}/view",
        "silenceURL": (
            f"https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=fp%3D{fingerprint}"
        ),
        "dashboardURL": "https://grafana.example.com/d/ai-gateway",
        "panelURL": "https://grafana.example.com/d/ai-gateway?viewPanel=4",
        "values": {"B": 0.93, "C": 1},
        "valueString": "[ var='B' labels={} value=0.93 ], [ var='C' labels={} value=1 ]",
    }


def grafana_group(alerts: list[dict], **extra) -> dict:
    """A Grafana alerting webhook (version "1"): the Alertmanager envelope plus orgId, title, state, message."""
    firing = sum(a["status"] == "firing" for a in alerts)
    document = alertmanager_group([grafana_alert(a) for a in alerts], **extra)
    document.update(
        version="1",
        orgId=1,
        externalURL="https://grafana.example.com/",
        title=f"[FIRING:{firing}] ai-gateway" if firing else "[RESOLVED] ai-gateway",
        state="alerting" if firing else "ok",
        message=f"**Firing**\n\nValue: B=0.93\nLabels:\n - service = ai-gateway\n{firing} alerts firing\n",
    )
    return document


GROUPS = {"alertmanager": alertmanager_group, "grafana": grafana_group}


def deliver(client: httpx.Client, integration: str, payload: dict) -> dict:
    response = client.post(f"/api/v1/integrations/{integration}/signals", json=payload)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "accepted"
    return body


def signals(service, **params) -> list[dict]:
    """Every signal the API lists for the query, paging with offset."""
    found: list[dict] = []
    with service.client(headers=service.admin) as client:
        while True:
            response = client.get("/api/v1/signals", params={**params, "limit": 500, "offset": len(found)})
            assert response.status_code == 200, response.text
            page = response.json()
            found += page["items"]
            if page["next_offset"] is None:
                return found


def incidents(service) -> list[dict]:
    with service.client(headers=service.admin) as client:
        response = client.get("/api/v1/incidents", params={"limit": 500})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def signal_entries(service, ref: str) -> list[dict]:
    """The data of the incident log's 'signal' entries, oldest first."""
    with service.client(headers=service.admin) as client:
        response = client.get(f"/api/v1/incidents/{ref}/log")
    assert response.status_code == 200, response.text
    return [entry["data"] for entry in response.json() if entry["type"] == "signal"]


def by_id(found: list[dict]) -> dict[str, dict]:
    return {s["id"]: s for s in found}


def result(dedup_key: str, action: str, signal: str, outcome: str, incident: str | None) -> dict:
    """One item of a delivery's answer."""
    return {"dedup_key": dedup_key, "action": action, "signal": signal, "result": outcome, "incident": incident}


def log_entry(signal: str, integration: str, action: str, occurrence: int, title: str, dedup_key: str) -> dict:
    return {
        "signal": signal,
        "integration": integration,
        "action": action,
        "occurrence": occurrence,
        "title": title,
        "dedup_key": dedup_key,
    }


# --- Alertmanager and Grafana: a group of alerts, each with its own status -------------------------------------


INJECTION_LABELS = {
    "alertname": "PromptInjectionDetected",
    "service": "ai-gateway",
    "aicident_category": "prompt_injection",
    "severity": "critical",
    "feature": "chat",
}
LATENCY_LABELS = {"alertname": "ChatLatencyHigh", "service": "ai-gateway", "severity": "warning", "feature": "chat"}
INJECTION_TITLE = "Prompt injection detected in chat"
LATENCY_TITLE = "Chat latency p99 above 8 s"


def alert_group_lifecycle(service, format: str) -> None:
    """Open, deduplicate, resolve and re-open one categorised alert next to one that waits in the inbox."""
    group = GROUPS[format]
    secret = service.add_integration("monitoring", format, cli=True)
    started = minutes_ago(10)
    injection_fp, latency_fp = "a1c0ffee00000001", "a1c0ffee00000002"
    injection = alert(injection_fp, INJECTION_LABELS, INJECTION_TITLE, started)
    latency = alert(latency_fp, LATENCY_LABELS, LATENCY_TITLE, started)
    payload = group([injection, latency], x_sender_team="ml-platform")  # an unknown top-level field

    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:
        # 1. The categorised alert opens an incident; the other one is held in the inbox.
        first = deliver(client, "monitoring", payload)["signals"]
        opened_id, held_id, ref = first[0]["signal"], first[1]["signal"], first[0]["incident"]
        assert first == [
            result(injection_fp, "trigger", opened_id, "new", ref),
            result(latency_fp, "trigger", held_id, "new", None),
        ]
        assert re.fullmatch(r"INC-\d{4}-0001", ref)
        [incident] = incidents(service)
        assert {
            key: incident[key] for key in ("ref", "title", "category", "severity", "status", "source", "summary")
        } == {
            "ref": ref,
            "title": INJECTION_TITLE,
            "category": "prompt_injection",
            "severity": "SEV-1",
            "status": "open",
            "source": "monitoring_alert",
            "summary": f"{INJECTION_TITLE}: see the runbook",
        }
        assert incident["ai_system"]["feature"] == "chat"
        assert parse_time(incident["timestamps"]["detected_at"]) == started

        [held] = signals(service, inbox="held")
        assert {
            key: held[key]
            for key in (
                "id",
                "integration",
                "format",
                "dedup_key",
                "status",
                "inbox",
                "incident",
                "title",
                "severity",
                "labels",
                "rule",
                "occurrences",
            )
        } == {
            "id": held_id,
            "integration": "monitoring",
            "format": format,
            "dedup_key": latency_fp,
            "status": "firing",
            "inbox": "held",
            "incident": None,
            "title": LATENCY_TITLE,
            "severity": "warning",
            "labels": LATENCY_LABELS,
            "rule": HOLD_RULE,
            "occurrences": 1,
        }
        [attached] = signals(service, incident=ref)
        assert {
            key: attached[key]
            for key in (
                "id",
                "status",
                "inbox",
                "incident",
                "severity",
                "labels",
                "rule",
                "occurrences",
                "group_key",
                "resolved_at",
            )
        } == {
            "id": opened_id,
            "status": "firing",
            "inbox": "attached",
            "incident": ref,
            "severity": "critical",
            "labels": INJECTION_LABELS,
            "rule": PROMPT_INJECTION_RULE,
            "occurrences": 1,
            "group_key": payload["groupKey"],
            "resolved_at": None,
        }
        sent = payload["alerts"][0]
        expected_links = (
            [sent["generatorURL"], sent["dashboardURL"], sent["panelURL"], sent["silenceURL"]]
            if format == "grafana"
            else [sent["generatorURL"]]
        ) + [payload["externalURL"]]
        assert attached["links"] == expected_links
        assert attached["raw"] == sent  # the alert as sent, Grafana's values and valueString included
        assert attached["envelope"] == {key: value for key, value in payload.items() if key != "alerts"}
        assert attached["envelope"]["x_sender_team"] == "ml-platform"
        assert signal_entries(service, ref) == [
            log_entry(opened_id, "monitoring", "trigger", 1, INJECTION_TITLE, injection_fp)
        ]

        # 2. The same payload again (Alertmanager's repeat_interval): occurrences, no second incident.
        again = deliver(client, "monitoring", payload)["signals"]
        assert again == [
            result(injection_fp, "trigger", opened_id, "deduplicated", ref),
            result(latency_fp, "trigger", held_id, "deduplicated", None),
        ]
        assert [i["ref"] for i in incidents(service)] == [ref]
        assert by_id(signals(service))[opened_id]["occurrences"] == 2
        assert by_id(signals(service))[held_id]["occurrences"] == 2
        # A repeat is counted, not logged: the log sums repeats up at most once per summary interval (15 minutes).
        assert signal_entries(service, ref) == [
            log_entry(opened_id, "monitoring", "trigger", 1, INJECTION_TITLE, injection_fp)
        ]

        # 3. The alert resolves (the group still fires: the other alert does): the signal is resolved and logged;
        # the incident stays open, since only a person resolves an incident.
        resolved_at = minutes_ago(1)
        resolved = group(
            [alert(injection_fp, INJECTION_LABELS, INJECTION_TITLE, started, resolved_at=resolved_at), latency]
        )
        assert resolved["status"] == "firing"
        answer = deliver(client, "monitoring", resolved)["signals"]
        assert answer == [
            result(injection_fp, "resolve", opened_id, "resolved", ref),
            result(latency_fp, "trigger", held_id, "deduplicated", None),
        ]
        now = by_id(signals(service))
        assert (now[opened_id]["status"], now[opened_id]["occurrences"]) == ("resolved", 2)
        assert now[opened_id]["resolved_at"] is not None
        assert (now[held_id]["status"], now[held_id]["occurrences"]) == ("firing", 3)
        [incident] = incidents(service)
        assert (incident["ref"], incident["status"]) == (ref, "open")
        assert signal_entries(service, ref)[1:] == [
            log_entry(opened_id, "monitoring", "resolve", 2, INJECTION_TITLE, injection_fp)
        ]

        # 4. It fires again with the same fingerprint: a NEW signal, attached to the still-open incident.
        refired = deliver(client, "monitoring", payload)["signals"]
        new_id = refired[0]["signal"]
        assert new_id not in (opened_id, held_id)
        assert refired == [
            result(injection_fp, "trigger", new_id, "new", ref),
            result(latency_fp, "trigger", held_id, "deduplicated", None),
        ]
        assert [i["ref"] for i in incidents(service)] == [ref]
        of_incident = by_id(signals(service, incident=ref))
        assert {sid: (s["status"], s["occurrences"], s["dedup_key"]) for sid, s in of_incident.items()} == {
            opened_id: ("resolved", 2, injection_fp),
            new_id: ("firing", 1, injection_fp),
        }
        assert signal_entries(service, ref)[2:] == [
            log_entry(new_id, "monitoring", "refire", 1, INJECTION_TITLE, injection_fp)
        ]
        assert [s["id"] for s in signals(service, inbox="held")] == [held_id]


def test_an_alertmanager_group_opens_counts_resolves_and_reopens_signals_over_http(any_service):
    alert_group_lifecycle(any_service, "alertmanager")


def test_a_grafana_alerting_group_opens_counts_resolves_and_reopens_signals_over_http(service):
    alert_group_lifecycle(service, "grafana")


def test_a_data_leak_alert_grouped_with_a_prompt_injection_alert_declares_its_own_data_leak_incident(service):
    secret = service.add_integration("monitoring", "alertmanager")
    leak_labels = {
        "alertname": "PIIInModelOutput",
        "service": "ai-gateway",
        "aicident_category": "data_leak",
        "severity": "critical",
        "feature": "chat",
    }
    payload = alertmanager_group(
        [
            alert("a1c0ffee00000001", INJECTION_LABELS, INJECTION_TITLE, minutes_ago(5)),
            alert("a1c0ffee00000003", leak_labels, "Model output contains customer PII", minutes_ago(5)),
        ]
    )
    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:
        answer = deliver(client, "monitoring", payload)["signals"]
    assert [s["result"] for s in answer] == ["new", "new"]
    assert sorted((i["category"], i["severity"]) for i in incidents(service)) == [
        ("data_leak", "SEV-1"),
        ("prompt_injection", "SEV-1"),
    ]
    assert answer[0]["incident"] != answer[1]["incident"]


# --- PagerDuty Events API v2 -----------------------------------------------------------------------------------


def pagerduty_trigger(routing_key: str, dedup_key: str | None = "srv01/mysql") -> dict:
    """The example event of PagerDuty's Events API v2 documentation."""
    event = {
        "payload": {
            "summary": "DISK at 99% on machine prod-datapipe03.example.com",
            "timestamp": "2015-07-17T08:42:58.315+0000",
            "severity": "critical",
            "source": "prod-datapipe03.example.com",
            "component": "mysql",
            "group": "prod-datapipe",
            "class": "disk",
            "custom_details": {"free space": "1%", "ping time": "1500ms", "load avg": 0.75},
        },
        "routing_key": routing_key,
        "event_action": "trigger",
        "client": "Sample Monitoring Service",
        "client_url": "https://monitoring.service.com",
        "links": [{"href": "http://pagerduty.example.com", "text": "An example link."}],
        "images": [
            {
                "src": "https://chart.example.com/chart.png",
                "href": "https://example.com",
                "alt": "An example link with an image",
            }
        ],
    }
    if dedup_key is not None:
        event["dedup_key"] = dedup_key
    return event


def pagerduty_success(dedup_key: str) -> dict:
    return {"status": "success", "message": "Event processed", "dedup_key": dedup_key}


def test_pagerduty_events_trigger_deduplicate_acknowledge_resolve_and_retrigger_on_v2_enqueue(service):
    key = service.add_integration("pagerduty", "pagerduty")
    with service.client() as client:
        first = client.post("/v2/enqueue", json=pagerduty_trigger(key))
        assert (first.status_code, first.json()) == (202, pagerduty_success("srv01/mysql"))
        [signal] = signals(service)
        assert {
            k: signal[k]
            for k in (
                "integration",
                "format",
                "dedup_key",
                "status",
                "inbox",
                "title",
                "severity",
                "labels",
                "annotations",
                "links",
                "occurrences",
                "rule",
            )
        } == {
            "integration": "pagerduty",
            "format": "pagerduty",
            "dedup_key": "srv01/mysql",
            "status": "firing",
            "inbox": "held",
            "title": "DISK at 99% on machine prod-datapipe03.example.com",
            "severity": "critical",
            "labels": {
                "source": "prod-datapipe03.example.com",
                "component": "mysql",
                "group": "prod-datapipe",
                "class": "disk",
                "severity": "critical",
            },
            "annotations": {"free space": "1%", "ping time": "1500ms", "load avg": "0.75"},
            "links": ["http://pagerduty.example.com", "https://monitoring.service.com"],
            "occurrences": 1,
            "rule": HOLD_RULE,
        }
        # The routing key is the integration's secret: never stored.
        assert signal["raw"] == {k: v for k, v in pagerduty_trigger(key).items() if k != "routing_key"}
        assert key not in json.dumps(signal)

        again = client.post("/v2/enqueue", json=pagerduty_trigger(key))
        assert (again.status_code, again.json()) == (202, pagerduty_success("srv01/mysql"))
        assert [(s["id"], s["occurrences"], s["status"]) for s in signals(service)] == [(signal["id"], 2, "firing")]

        ack = client.post(
            "/v2/enqueue", json={"routing_key": key, "dedup_key": "srv01/mysql", "event_action": "acknowledge"}
        )
        assert (ack.status_code, ack.json()) == (202, pagerduty_success("srv01/mysql"))
        assert [(s["id"], s["status"]) for s in signals(service)] == [(signal["id"], "acknowledged")]

        resolve = client.post(
            "/v2/enqueue", json={"routing_key": key, "dedup_key": "srv01/mysql", "event_action": "resolve"}
        )
        assert (resolve.status_code, resolve.json()) == (202, pagerduty_success("srv01/mysql"))
        [resolved] = signals(service)
        assert (resolved["id"], resolved["status"], resolved["occurrences"]) == (signal["id"], "resolved", 2)

        # After resolve, the same key opens a new alert.
        retrigger = client.post("/v2/enqueue", json=pagerduty_trigger(key))
        assert (retrigger.status_code, retrigger.json()) == (202, pagerduty_success("srv01/mysql"))
        found = signals(service)
        assert sorted((s["dedup_key"], s["status"], s["occurrences"]) for s in found) == [
            ("srv01/mysql", "firing", 1),
            ("srv01/mysql", "resolved", 2),
        ]
        new = next(s for s in found if s["status"] == "firing")
        assert new["id"] != signal["id"]

        # A trigger without a dedup_key always opens a new alert, under a key generated for it.
        keyless = [client.post("/v2/enqueue", json=pagerduty_trigger(key, dedup_key=None)) for _ in range(2)]
        assert [r.status_code for r in keyless] == [202, 202]
        generated = [r.json()["dedup_key"] for r in keyless]
        assert [pagerduty_success(k) for k in generated] == [r.json() for r in keyless]
        assert all(re.fullmatch(r"[0-9a-f]{32}", k) for k in generated)
        assert generated[0] != generated[1]
        found = signals(service)
        assert len(found) == 4
        assert sorted(s["dedup_key"] for s in found if s["dedup_key"] != "srv01/mysql") == sorted(generated)


def pagerduty_invalid(error: str) -> dict:
    return {"status": "invalid event", "message": "Event object is invalid", "errors": [error]}


def test_pagerduty_answers_400_to_invalid_events_and_unknown_routing_keys_and_429_when_rate_limited(service):
    key = service.add_integration("pagerduty", "pagerduty")
    slow_key = service.add_integration("pd-slow", "pagerduty", rate_per_minute=6, cli=True)
    no_severity = pagerduty_trigger(key)
    del no_severity["payload"]["severity"]
    cases = [
        (
            no_severity,
            (
                "payload.severity must be one of critical, error, warning, info, not null "
                "(critical, error, warning, info)"
            ),
        ),
        (
            pagerduty_trigger(key) | {"event_action": "escalate"},
            "event_action must be trigger, acknowledge or resolve, not 'escalate' (trigger, acknowledge, resolve)",
        ),
        (pagerduty_trigger(key, dedup_key="k" * 256), "dedup_key is 256 characters long (at most 255 characters)"),
        (
            pagerduty_trigger("R0UT1NGKEYTHATN0B0DYHAS"),
            "unknown or disabled integration secret (the secret printed when the integration was added or last rotated)",
        ),
    ]
    with service.client() as client:
        for event, error in cases:
            response = client.post("/v2/enqueue", json=event)
            assert (response.status_code, response.json()) == (400, pagerduty_invalid(error))
        longest = client.post("/v2/enqueue", json=pagerduty_trigger(key, dedup_key="k" * 255))
        assert (longest.status_code, longest.json()) == (202, pagerduty_success("k" * 255))
        assert [s["dedup_key"] for s in signals(service)] == ["k" * 255]

        # 6 a minute allows a burst of one: the second event is refused until the bucket refills (10 s).
        began = time.monotonic()
        allowed = client.post("/v2/enqueue", json=pagerduty_trigger(slow_key, dedup_key="slow-1"))
        assert (allowed.status_code, allowed.json()) == (202, pagerduty_success("slow-1"))
        limited = client.post("/v2/enqueue", json=pagerduty_trigger(slow_key, dedup_key="slow-2"))
        elapsed = time.monotonic() - began
        assert limited.status_code == 429
        # The next token is due 10 s after the first event: 10 on a quick machine, less if the requests were slow.
        assert math.ceil(10 - elapsed) <= int(limited.headers["Retry-After"]) <= 10
        assert limited.json() == {
            "status": "error",
            "message": "Requests for this service are arriving too quickly. Please retry later.",
            "errors": [
                (
                    "too many requests for integration pd-slow: the limit is 6 a minute "
                    "(retry after the Retry-After seconds)"
                )
            ],
        }
    assert sorted(s["dedup_key"] for s in signals(service)) == ["k" * 255, "slow-1"]


# --- CloudEvents 1.0 -------------------------------------------------------------------------------------------


CE_TYPE = "com.example.guardrails.prompt_injection.detected"


def cloudevent(event_id: str, source: str = "/guardrails/chat", **extra) -> dict:
    """A structured-mode event (the JSON event format), with an extension attribute naming the category."""
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": source,
        "type": CE_TYPE,
        "subject": f"conversation {event_id}",
        "time": "2026-11-23T13:55:00Z",
        "datacontenttype": "application/json",
        "aicidentcategory": "prompt_injection",
        "data": {"severity": "critical", "score": 0.97, "feature": "chat"},
        **extra,
    }


def test_cloudevents_in_structured_binary_and_batch_mode_deduplicate_on_source_and_id_and_open_one_incident(service):
    # CloudEvents attribute names are lower-case letters and digits only (aicidentcategory): routing compares label
    # names without underscores, so the default plan's `aicident_category` rule matches them.
    secret = service.add_integration("guardrails", "cloudevents")
    url = "/api/v1/integrations/guardrails/signals"
    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:
        structured = client.post(
            url,
            content=json.dumps(cloudevent("evt-0001")),
            headers={"Content-Type": "application/cloudevents+json; charset=utf-8"},
        )
        assert structured.status_code == 202, structured.text
        [first] = structured.json()["signals"]
        ref = first["incident"]
        chat_key = "/guardrails/chat|conversation evt-0001"  # a signal is its source and subject
        assert ref is not None and first == result(chat_key, "trigger", first["signal"], "new", ref)

        # A redelivery (same source and id) changes nothing, and says so.
        again = client.post(
            url, content=json.dumps(cloudevent("evt-0001")), headers={"Content-Type": "application/cloudevents+json"}
        )
        assert again.json()["signals"] == [result(chat_key, "trigger", first["signal"], "duplicate", ref)]

        binary = client.post(
            url,
            content=json.dumps({"severity": "error", "score": 0.71}),
            headers={
                "ce-specversion": "1.0",
                "ce-id": "evt-0002",
                "ce-source": "/guardrails/chat",
                "ce-type": CE_TYPE,
                "ce-time": "2026-11-23T13:56:00Z",
                "ce-subject": "conversation%2042",
                "ce-aicidentcategory": "prompt_injection",
                "Content-Type": "application/json",
            },
        )
        assert binary.status_code == 202, binary.text
        [second] = binary.json()["signals"]
        assert second == result("/guardrails/chat|conversation 42", "trigger", second["signal"], "new", ref)

        # Batch: evt-0001 of the same source again, and evt-0001 of another source (a different event).
        batch = client.post(
            url,
            content=json.dumps([cloudevent("evt-0001"), cloudevent("evt-0001", source="/guardrails/search")]),
            headers={"Content-Type": "application/cloudevents-batch+json"},
        )
        assert batch.status_code == 202, batch.text
        third = batch.json()["signals"][1]["signal"]
        assert batch.json()["signals"] == [
            result(chat_key, "trigger", first["signal"], "duplicate", ref),
            result("/guardrails/search|conversation evt-0001", "trigger", third, "new", ref),
        ]

    found = by_id(signals(service))
    assert set(found) == {first["signal"], second["signal"], third}
    assert {sid: (s["inbox"], s["rule"], s["status"], s["occurrences"], s["envelope"]) for sid, s in found.items()} == {
        first["signal"]: ("attached", PROMPT_INJECTION_RULE, "firing", 1, {"mode": "structured"}),
        second["signal"]: ("attached", PROMPT_INJECTION_RULE, "firing", 1, {"mode": "binary"}),
        third: ("attached", PROMPT_INJECTION_RULE, "firing", 1, {"mode": "batch"}),
    }
    assert {k: found[first["signal"]][k] for k in ("title", "severity", "labels", "annotations")} == {
        "title": "conversation evt-0001",
        "severity": "critical",
        "annotations": {},
        "labels": {
            "type": CE_TYPE,
            "source": "/guardrails/chat",
            "subject": "conversation evt-0001",
            "aicidentcategory": "prompt_injection",
        },
    }
    assert found[second["signal"]]["raw"] == {
        "specversion": "1.0",
        "id": "evt-0002",
        "source": "/guardrails/chat",
        "type": CE_TYPE,
        "time": "2026-11-23T13:56:00Z",
        "subject": "conversation 42",
        "aicidentcategory": "prompt_injection",
        "datacontenttype": "application/json",
        "data": {"severity": "error", "score": 0.71},
    }
    assert (found[second["signal"]]["title"], found[second["signal"]]["severity"]) == ("conversation 42", "error")
    assert [(i["ref"], i["category"], i["severity"]) for i in incidents(service)] == [
        (ref, "prompt_injection", "SEV-1")
    ]


# --- customer reports ------------------------------------------------------------------------------------------


def test_customer_reports_are_taken_without_a_token_as_json_or_a_form_within_size_and_rate_limits(service):
    report = {
        "what_happened": "The assistant told me to ignore my doctor and stop my medication.",
        "when": "yesterday around 5 pm",
        "feature": "health-assistant",
        "contact": "pat@example.com",
    }
    with service.client() as client:
        form = client.get("/report")
        assert (form.status_code, form.headers["content-type"]) == (200, "text/html; charset=utf-8")
        assert '<form method="post" action="/api/v1/customer-reports">' in form.text
        assert 'name="what_happened"' in form.text

        references = []
        began = time.monotonic()
        as_json = client.post("/api/v1/customer-reports", json=report)  # 1st of the minute
        assert as_json.status_code == 202, as_json.text
        assert as_json.json() == {
            "status": "received",
            "reference": as_json.json()["reference"],
            "message": "Thank you. A person will read your report.",
        }
        references.append(as_json.json()["reference"])

        as_form = client.post(
            "/api/v1/customer-reports",
            data={"what_happened": "It showed me someone else's order history.", "feature": "shop-assistant"},
        )
        assert as_form.status_code == 202, as_form.text  # 2nd
        references.append(as_form.json()["reference"])

        from_browser = client.post(
            "/api/v1/customer-reports", data={"what_happened": "Rude answer."}, headers={"Accept": "text/html"}
        )
        assert from_browser.status_code == 202  # 3rd
        assert from_browser.headers["content-type"] == "text/html; charset=utf-8"
        reference = re.search(r"<strong>(CR-[0-9A-F]{8})</strong>", from_browser.text).group(1)
        references.append(reference)

        oversized = client.post("/api/v1/customer-reports", json={"what_happened": "x" * (64 * 1024)})  # 4th
        assert oversized.status_code == 413
        assert oversized.headers["content-type"] == PROBLEM_JSON
        assert oversized.json()["code"] == "payload_too_large"

        for number in range(5, 11):
            response = client.post("/api/v1/customer-reports", json={"what_happened": f"Report number {number}."})
            assert response.status_code == 202, (number, response.text)
            references.append(response.json()["reference"])
        eleventh = client.post("/api/v1/customer-reports", json={"what_happened": "One too many."})
        elapsed = time.monotonic() - began
        assert eleventh.status_code == 429
        assert eleventh.headers["content-type"] == PROBLEM_JSON
        # Ten a minute: the next report is due 6 s after the first (6 on a quick machine, less if these were slow).
        assert math.ceil(6 - elapsed) <= int(eleventh.headers["Retry-After"]) <= 6
        assert eleventh.json()["code"] == "rate_limited"

    assert all(re.fullmatch(r"CR-[0-9A-F]{8}", r) for r in references)
    held = signals(service, inbox="held")
    assert len(held) == 9 == len(set(references))
    assert sorted("CR-" + s["id"][:8].upper() for s in held) == sorted(references)
    first = next(s for s in held if "CR-" + s["id"][:8].upper() == references[0])
    assert {k: first[k] for k in ("integration", "format", "status", "title", "labels", "annotations", "raw")} == {
        "integration": "customer-reports",
        "format": "customer_report",
        "status": "firing",
        "title": report["what_happened"],
        "labels": {"source": "customer_report", "feature": "health-assistant"},
        "annotations": {"what_happened": report["what_happened"], "when": "yesterday around 5 pm"},
        "raw": report,
    }
    assert incidents(service) == []


# --- authentication of deliveries ------------------------------------------------------------------------------


def test_deliveries_need_the_integrations_own_secret_or_an_hmac_signature_of_the_body(service):
    secrets = {name: service.add_integration(name, "alertmanager") for name in ("am", "other")}
    url = "/api/v1/integrations/am/signals"

    def payload(n: int) -> bytes:
        return json.dumps(
            alertmanager_group([alert(f"00000000000a{n:04x}", LATENCY_LABELS, LATENCY_TITLE, minutes_ago(5))])
        ).encode()

    def signature(secret: str, body: bytes) -> str:
        return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    json_type = {"Content-Type": "application/json"}
    with service.client() as client:
        refused = {
            "no credentials": client.post(url, content=payload(1), headers=json_type),
            "a wrong secret": client.post(
                url, content=payload(1), headers={**json_type, "Authorization": "Bearer ais_not-the-secret"}
            ),
            "another integration's secret": client.post(
                url, content=payload(1), headers={**json_type, "Authorization": f"Bearer {secrets['other']}"}
            ),
            "the admin's token": client.post(url, content=payload(1), headers={**json_type, **service.admin}),
            "a wrong signature": client.post(
                url,
                content=payload(1),
                headers={**json_type, "X-Aicident-Signature": signature("ais_not-the-secret", payload(1))},
            ),
            "a signature of another body": client.post(
                url,
                content=payload(1),
                headers={**json_type, "X-Aicident-Signature": signature(secrets["am"], payload(2))},
            ),
            "an unknown hook": client.post("/api/v1/hooks/ais_not-the-secret", content=payload(1), headers=json_type),
        }
        for why, response in refused.items():
            assert (why, response.status_code, response.headers["content-type"], response.json()["code"]) == (
                why,
                401,
                PROBLEM_JSON,
                "unauthorized",
            )
        assert refused["no credentials"].json()["detail"] == (
            "this endpoint needs the integration's secret (Authorization: Bearer <secret>, X-Aicident-Token, or an "
            "HMAC signature)"
        )
        assert refused["a wrong signature"].json()["detail"] == (
            "the signature does not match (X-Aicident-Signature: sha256=<hex HMAC-SHA256>)"
        )
        assert signals(service) == []

        accepted = {
            "bearer": client.post(
                url, content=payload(1), headers={**json_type, "Authorization": f"Bearer {secrets['am']}"}
            ),
            "header": client.post(url, content=payload(2), headers={**json_type, "X-Aicident-Token": secrets["am"]}),
            "hmac": client.post(
                url,
                content=payload(3),
                headers={**json_type, "X-Aicident-Signature": signature(secrets["am"], payload(3))},
            ),
            "hook": client.post(f"/api/v1/hooks/{secrets['am']}", content=payload(4), headers=json_type),
        }
        assert {why: r.status_code for why, r in accepted.items()} == dict.fromkeys(accepted, 202)
    assert sorted((s["integration"], s["dedup_key"]) for s in signals(service)) == [
        ("am", f"00000000000a{n:04x}") for n in (1, 2, 3, 4)
    ]


# --- malformed payloads ----------------------------------------------------------------------------------------


def test_malformed_alertmanager_payloads_are_400_problems_naming_the_reason_and_store_nothing(service):
    secret = service.add_integration("am", "alertmanager")
    valid = alertmanager_group([alert("00000000000b0001", LATENCY_LABELS, LATENCY_TITLE, minutes_ago(5))])
    cases = {
        b"this is not JSON": (
            "",
            ("the body is not valid JSON: Expecting value: line 1 column 1 (char 0) (a UTF-8 JSON document)"),
        ),
        json.dumps(valid | {"version": "3"}).encode(): (
            "version",
            (
                'version must be "4" for the Alertmanager webhook but is \'3\' (version "4"; Grafana alerting '
                'sends version "1": use the grafana format for it)'
            ),
        ),
        json.dumps(valid | {"alerts": {"0": valid["alerts"][0]}}).encode(): (
            "alerts",
            "alerts must be an array of alerts, not an object",
        ),
        json.dumps(valid | {"alerts": "firing"}).encode(): (
            "alerts",
            "alerts must be an array of alerts, not a string",
        ),
    }
    with service.client(headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}) as client:
        for body, (path, detail) in cases.items():
            response = client.post("/api/v1/integrations/am/signals", content=body)
            assert (response.status_code, response.headers["content-type"]) == (400, PROBLEM_JSON), response.text
            problem = response.json()
            assert {k: problem.get(k) for k in ("type", "status", "code", "detail")} == {
                "type": "urn:aicident:problem:invalid_input",
                "status": 400,
                "code": "invalid_input",
                "detail": detail,
            }
            assert problem["path"] == path
        assert signals(service) == []

        # Fields a sender adds that the format does not define are kept, top-level and per alert.
        extended = valid | {"x_cluster": "eu-west-1"}
        extended["alerts"] = [valid["alerts"][0] | {"x_runbook_id": "RB-17"}]
        deliver(client, "am", extended)
    [stored] = signals(service)
    assert stored["envelope"]["x_cluster"] == "eu-west-1"
    assert stored["raw"]["x_runbook_id"] == "RB-17"


# --- exactly-once counting under concurrency ------------------------------------------------------------------


def post_all(service, path: str, headers: dict, body: bytes, count: int, *, concurrent: bool) -> list[int]:
    """POST the same body `count` times, all at once (threads released together) or one after another."""
    if not concurrent:
        with service.client(headers=headers) as client:
            return [client.post(path, content=body).status_code for _ in range(count)]
    barrier = threading.Barrier(count)

    def one(_: int) -> int:
        with service.client(headers=headers) as client:
            barrier.wait(timeout=30)
            return client.post(path, content=body).status_code

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def test_100_identical_deliveries_50_of_them_concurrent_give_one_incident_with_100_occurrences(any_service):
    service = any_service
    secret = service.add_integration("am", "alertmanager")
    fingerprint = "5eed0000000da7a1"
    labels = {
        "alertname": "PIIInModelOutput",
        "service": "ai-gateway",
        "aicident_category": "data_leak",
        "severity": "critical",
        "feature": "support-assistant",
    }
    title = "Model output contains customer PII"
    started = minutes_ago(3)
    firing = json.dumps(alertmanager_group([alert(fingerprint, labels, title, started)])).encode()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    path = "/api/v1/integrations/am/signals"

    statuses = post_all(service, path, headers, firing, 50, concurrent=True)
    statuses += post_all(service, path, headers, firing, 50, concurrent=False)
    assert statuses == [202] * 100

    [incident] = incidents(service)
    assert (incident["category"], incident["severity"], incident["ai_system"]["feature"]) == (
        "data_leak",
        "SEV-1",
        "support-assistant",
    )
    ref = incident["ref"]
    [signal] = signals(service)
    assert (signal["incident"], signal["rule"], signal["status"], signal["occurrences"]) == (
        ref,
        DATA_LEAK_RULE,
        "firing",
        100,
    )
    # The log holds the first occurrence; the 99 repeats are counted (summed up later, not one entry each).
    assert signal_entries(service, ref) == [log_entry(signal["id"], "am", "trigger", 1, title, fingerprint)]

    # Resolved, then firing again with the same fingerprint: a new signal on the same, still open, incident.
    resolved = alertmanager_group([alert(fingerprint, labels, title, started, resolved_at=minutes_ago(1))])
    with service.client(headers=headers) as client:
        assert deliver(client, "am", resolved)["signals"] == [
            result(fingerprint, "resolve", signal["id"], "resolved", ref)
        ]
        refired = deliver(client, "am", json.loads(firing))["signals"]
    new_id = refired[0]["signal"]
    assert refired == [result(fingerprint, "trigger", new_id, "new", ref)]
    assert new_id != signal["id"]
    assert {s["id"]: (s["status"], s["occurrences"]) for s in signals(service, incident=ref)} == {
        signal["id"]: ("resolved", 100),
        new_id: ("firing", 1),
    }
    assert [i["ref"] for i in incidents(service)] == [ref]
    assert signal_entries(service, ref)[1:] == [
        log_entry(signal["id"], "am", "resolve", 100, title, fingerprint),
        log_entry(new_id, "am", "refire", 1, title, fingerprint),
    ]


# --- a crash in the middle of a stream of deliveries -----------------------------------------------------------


def test_sigkill_in_the_middle_of_a_stream_of_deliveries_loses_no_acknowledged_delivery(any_service):
    service = any_service
    secret = service.add_integration("stream", "alertmanager")
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    started = minutes_ago(2)
    lock = threading.Lock()
    sent: list[str] = []
    acknowledged: list[str] = []
    endings: dict[int, str] = {}

    def stream(worker: int) -> None:
        with service.client(headers=headers, timeout=10.0) as client:
            for n in range(10_000):
                fingerprint = f"{worker:02x}{n:014x}"
                body = json.dumps(
                    alertmanager_group(
                        [
                            alert(
                                fingerprint, {"alertname": "StreamProbe", "probe": fingerprint}, "stream probe", started
                            )
                        ]
                    )
                )
                with lock:
                    sent.append(fingerprint)
                try:
                    response = client.post("/api/v1/integrations/stream/signals", content=body)
                except httpx.TransportError as error:  # the server died under this request or before it
                    endings[worker] = f"transport error: {type(error).__name__}"
                    return
                if response.status_code != 202:
                    endings[worker] = f"HTTP {response.status_code}: {response.text}"
                    return
                with lock:
                    acknowledged.append(fingerprint)
            endings[worker] = "ran out of deliveries before the kill"

    workers = [threading.Thread(target=stream, args=(w,)) for w in range(3)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 150 and time.monotonic() < deadline and all(w.is_alive() for w in workers):
        time.sleep(0.005)
    assert len(acknowledged) >= 150, endings
    service.kill()
    for worker in workers:
        worker.join(timeout=30)
    # Every worker was mid-stream when the process died: its next request failed at the transport level.
    assert sorted(endings) == [0, 1, 2]
    assert all(e.startswith("transport error: ") for e in endings.values()), endings

    service.restart()
    stored = {s["dedup_key"] for s in signals(service)}
    missing = sorted(set(acknowledged) - stored)
    assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged deliveries were lost: {missing[:10]}"
    assert stored <= set(sent)  # nothing invented; an unacknowledged one in flight may or may not have committed
    assert len(stored - set(acknowledged)) <= len(workers)

    # The restarted server takes deliveries again, and the first admin's token still signs in.
    with service.client(headers=headers) as client:
        deliver(
            client,
            "stream",
            alertmanager_group([alert("ffffffffffffffff", {"alertname": "AfterRestart"}, "after restart", started)]),
        )
    assert len(signals(service)) == len(stored) + 1
