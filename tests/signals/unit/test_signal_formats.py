"""Inbound signal formats: the payloads from each tool's documentation, their errors, and fuzzing for crashes."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicident.errors import InvalidInput, NotFound
from aicident.plan.loader import default_plan
from aicident.signals.formats import FORMATS, CloudEventsFormat, header, signal_format
from aicident.signals.model import Delivery, SignalAction, SignalEvent
from aicident.signals.routing import route, view

JSON = {"Content-Type": "application/json"}

# Prometheus Alertmanager webhook_config payload (version "4"), fields as documented at
# prometheus.io/docs/alerting/latest/configuration/#webhook_config; one alert still firing, one resolved, so the
# group reports "firing" while the second alert is over.
ALERTMANAGER = {
    "receiver": "aicident",
    "status": "firing",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "ProbeFailure",
                "instance": "https://server.example.org",
                "job": "http_checks",
                "monitor": "master",
                "severity": "critical",
            },
            "annotations": {
                "description": "Instance https://server.example.org has been down for over 5m. Job: http_checks",
                "summary": "BlackBox Probe Failure: https://server.example.org",
            },
            "startsAt": "2023-02-06T13:08:45.828Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
            "fingerprint": "1a30ba71cca2921f",
        },
        {
            "status": "resolved",
            "labels": {
                "alertname": "ProbeFailure",
                "instance": "https://api.example.org",
                "job": "http_checks",
                "monitor": "master",
                "severity": "critical",
            },
            "annotations": {
                "description": "Instance https://api.example.org has been down for over 5m. Job: http_checks"
            },
            "startsAt": "2023-02-06T12:58:45.828Z",
            "endsAt": "2023-02-06T13:10:45.828Z",
            "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
            "fingerprint": "5c8e2ba7f0a8b1d3",
        },
    ],
    "groupLabels": {"alertname": "ProbeFailure"},
    "commonLabels": {"alertname": "ProbeFailure", "job": "http_checks", "monitor": "master", "severity": "critical"},
    "commonAnnotations": {},
    "externalURL": "http://prometheus.example.org:9093",
    "version": "4",
    "groupKey": '{}/{severity="critical"}:{alertname="ProbeFailure"}',
    "truncatedAlerts": 0,
}

# Grafana alerting webhook notifier, the example JSON body of grafana.com/docs (configure the webhook notifier).
GRAFANA = {
    "receiver": "My Super Webhook",
    "status": "firing",
    "orgId": 1,
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
            "annotations": {
                "description": "The system has high memory usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone us-1",
            },
            "startsAt": "2021-10-12T09:51:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
            "fingerprint": "c6eadffa33fcdf37",
            "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2"
            "%2Cteam%3Dblue%2Czone%3Dus-1",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        },
        {
            "status": "firing",
            "labels": {"alertname": "High CPU usage", "team": "blue", "zone": "eu-1"},
            "annotations": {
                "description": "The system has high CPU usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone eu-1",
            },
            "startsAt": "2021-10-12T09:56:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/d1rdpdv7k/edit",
            "fingerprint": "bc97ff14869b13e3",
            "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT1"
            "%2Cteam%3Dblue%2Czone%3Deu-1",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        },
    ],
    "groupLabels": {},
    "commonLabels": {"team": "blue"},
    "commonAnnotations": {},
    "externalURL": "https://play.grafana.org/",
    "version": "1",
    "groupKey": "{}:{}",
    "truncatedAlerts": 0,
    "title": "[FIRING:2]  (blue)",
    "state": "alerting",
    "message": "**Firing**\n\nLabels:\n - alertname = T2\n - team = blue\n - zone = us-1\nAnnotations:\n - "
    "description = This is the alert rule checking the second system\n - runbook_url = "
    "https://myrunbook.com\n - summary = This is my summary\nSource: "
    "https://play.grafana.org/alerting/1afz29v7z/edit\nSilence: https://play.grafana.org/alerting/silence/"
    "new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1\n",
}

# PagerDuty Events API v2: the example event of PagerDuty's OpenAPI description, then acknowledge and resolve.
PAGERDUTY_TRIGGER = {
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
    "routing_key": "e93facc04764012d7bfb002500d5d1a6",
    "dedup_key": "srv01/mysql",
    "event_action": "trigger",
    "client": "Sample Monitoring Service",
    "client_url": "https://monitoring.service.com",
    "links": [{"href": "http://pagerduty.example.com", "text": "An example link."}],
    "images": [
        {
            "src": "https://chart.googleapis.com/chart?chs=600x400&chd=t:6,2,9,5,2,5,7,4,8,2,1&cht=lc&chds=a"
            "&chxt=y&chm=D,0033FF,0,0,5,1",
            "href": "https://google.com",
            "alt": "An example link with an image",
        }
    ],
}
PAGERDUTY_ACKNOWLEDGE = {"routing_key": "samplekeyhere", "dedup_key": "samplekeyhere", "event_action": "acknowledge"}
PAGERDUTY_RESOLVE = {"routing_key": "samplekeyhere", "dedup_key": "samplekeyhere", "event_action": "resolve"}

# CloudEvents: the JSON event format examples (sections 3.2 and 4.3) and the HTTP binding's binary-mode example.
CLOUDEVENT = {
    "specversion": "1.0",
    "type": "com.example.someevent",
    "source": "/mycontext",
    "subject": None,
    "id": "C234-1234-1234",
    "time": "2018-04-05T17:31:00Z",
    "comexampleextension1": "value",
    "comexampleothervalue": 5,
    "datacontenttype": "application/json",
    "data": {"appinfoA": "abc", "appinfoB": 123, "appinfoC": True},
}
CLOUDEVENTS_BATCH = [
    {
        "specversion": "1.0",
        "type": "com.example.someevent",
        "source": "/mycontext/4",
        "id": "B234-1234-1234",
        "time": "2018-04-05T17:31:00Z",
        "comexampleextension1": "value",
        "comexampleothervalue": 5,
        "datacontenttype": "application/vnd.apache.thrift.binary",
        "data_base64": "... base64 encoded string ...",
    },
    {
        "specversion": "1.0",
        "type": "com.example.someotherevent",
        "source": "/mycontext/9",
        "id": "C234-1234-1234",
        "time": "2018-04-05T17:31:05Z",
        "comexampleextension1": "value",
        "comexampleothervalue": 5,
        "datacontenttype": "application/json",
        "data": {"appinfoA": "abc", "appinfoB": 123, "appinfoC": True},
    },
]
BINARY_HEADERS = {
    "Host": "webhook.example.com",
    "ce-specversion": "1.0",
    "ce-type": "com.example.someevent",
    "ce-time": "2018-04-05T03:56:24Z",
    "ce-id": "1234-1234-1234",
    "ce-source": "/mycontext/subcontext",
    "Content-Type": "application/json; charset=utf-8",
}


def parse(name: str, payload: object, headers: dict | None = None) -> Delivery:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return signal_format(name).parse(body, JSON if headers is None else headers)


def rejected(name: str, payload: object, headers: dict | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(name, payload, headers)
    assert caught.value.status == 400
    return caught.value


def changed(document: dict, path: tuple, value: object) -> dict:
    result = copy.deepcopy(document)
    target = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return result


# --- Alertmanager and Grafana --------------------------------------------------------------------------------


def test_alertmanager_reads_each_alert_with_its_own_status_not_the_groups():
    delivery = parse("alertmanager", ALERTMANAGER)
    firing, resolved = delivery.events
    assert firing == SignalEvent(
        format="alertmanager",
        dedup_key="1a30ba71cca2921f",
        action=SignalAction.TRIGGER,
        title="BlackBox Probe Failure: https://server.example.org",
        severity="critical",
        labels=ALERTMANAGER["alerts"][0]["labels"],
        annotations=ALERTMANAGER["alerts"][0]["annotations"],
        occurred_at=datetime(2023, 2, 6, 13, 8, 45, 828000, tzinfo=UTC),
        group_key='{}/{severity="critical"}:{alertname="ProbeFailure"}',
        links=[
            "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
            "http://prometheus.example.org:9093",
        ],
        raw=ALERTMANAGER["alerts"][0],
    )
    assert resolved.action is SignalAction.RESOLVE
    assert resolved.dedup_key == "5c8e2ba7f0a8b1d3"
    assert resolved.title == "ProbeFailure"  # no summary annotation: the alert name
    assert resolved.occurred_at == datetime(2023, 2, 6, 13, 10, 45, 828000, tzinfo=UTC)  # endsAt
    assert delivery.envelope == {key: value for key, value in ALERTMANAGER.items() if key != "alerts"}


def test_alertmanager_common_labels_fill_in_but_never_override_an_alerts_own():
    payload = changed(changed(ALERTMANAGER, ("commonLabels", "team"), "sre"), ("commonLabels", "severity"), "info")
    event = parse("alertmanager", payload).events[0]
    assert event.labels["team"] == "sre" and event.labels["severity"] == "critical"


def test_an_alert_without_fingerprint_gets_a_stable_hash_of_its_sorted_labels():
    alert = {"status": "firing", "labels": {"b": "2", "a": "1"}, "startsAt": "2023-02-06T13:08:45Z"}
    reordered = dict(alert, labels={"a": "1", "b": "2"})
    first, second = parse("alertmanager", changed(ALERTMANAGER, ("alerts",), [alert, reordered])).events
    expected = hashlib.sha256(b'{"a":"1","b":"2"}').hexdigest()
    assert first.dedup_key == second.dedup_key == expected
    assert first.title == "ProbeFailure"  # from commonLabels.alertname
    assert first.annotations == {} and first.occurred_at == datetime(2023, 2, 6, 13, 8, 45, tzinfo=UTC)


def test_an_empty_group_and_go_null_maps_are_accepted():
    assert parse("alertmanager", changed(ALERTMANAGER, ("alerts",), [])).events == []
    event = parse("alertmanager", changed(ALERTMANAGER, ("alerts", 0, "annotations"), None)).events[0]
    assert event.annotations == {} and event.title == "ProbeFailure"


def test_grafana_keeps_values_and_links_to_silence_and_source():
    delivery = parse("grafana", GRAFANA)
    memory, cpu = delivery.events
    assert memory.format == "grafana" and memory.action is SignalAction.TRIGGER
    assert memory.dedup_key == "c6eadffa33fcdf37" and memory.group_key == "{}:{}"
    assert memory.title == "This alert was triggered for zone us-1"
    assert memory.severity is None
    assert memory.labels == {"alertname": "High memory usage", "team": "blue", "zone": "us-1"}
    assert memory.occurred_at == datetime(2021, 10, 12, 7, 51, 3, 157076, tzinfo=UTC)
    assert memory.links == [
        GRAFANA["alerts"][0]["generatorURL"],
        GRAFANA["alerts"][0]["silenceURL"],
        "https://play.grafana.org/",
    ]  # empty dashboardURL and panelURL are no links
    assert memory.raw["values"] == {"B": 44.23943737541908, "C": 1}
    assert cpu.dedup_key == "bc97ff14869b13e3"
    assert delivery.envelope["orgId"] == 1 and delivery.envelope["state"] == "alerting"
    assert delivery.envelope["title"] == "[FIRING:2]  (blue)" and "message" in delivery.envelope


def test_grafana_dashboard_and_panel_links_come_in_a_fixed_order():
    payload = changed(GRAFANA, ("alerts", 0, "dashboardURL"), "https://play.grafana.org/d/abc")
    payload = changed(payload, ("alerts", 0, "panelURL"), "https://play.grafana.org/d/abc?viewPanel=2")
    assert parse("grafana", payload).events[0].links == [
        "https://play.grafana.org/alerting/1afz29v7z/edit",
        "https://play.grafana.org/d/abc",
        "https://play.grafana.org/d/abc?viewPanel=2",
        GRAFANA["alerts"][0]["silenceURL"],
        "https://play.grafana.org/",
    ]


@pytest.mark.parametrize(
    ("name", "payload", "message", "allowed"),
    [
        ("alertmanager", GRAFANA, "version must be \"4\" for the Alertmanager webhook but is '1'", "grafana format"),
        ("grafana", ALERTMANAGER, "version must be \"1\" for the Grafana alerting webhook but is '4'", "alertmanager"),
        ("grafana", {"ruleName": "legacy", "state": "alerting"}, 'version must be "1"', "legacy"),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts", 1, "labels", "port"), 443),
            "alerts[1].labels must be an object of strings, but 'port' is a number",
            "string names and string values",
        ),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts", 0, "status"), "pending"),
            "alerts[0].status must be firing or resolved, not 'pending'",
            "firing, resolved",
        ),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts", 0, "startsAt"), "yesterday"),
            "alerts[0].startsAt is not a valid timestamp: 'yesterday'",
            "RFC 3339",
        ),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts", 1, "endsAt"), "2023-02-06T13:10:45"),
            "alerts[1].endsAt has no UTC offset",
            "UTC offset",
        ),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts",), {"0": {}}),
            "alerts must be an array of alerts, not an object",
            None,
        ),
        (
            "alertmanager",
            changed(ALERTMANAGER, ("alerts", 0), "firing"),
            "alerts[0] must be a JSON object, not a string",
            None,
        ),
        ("grafana", changed(GRAFANA, ("orgId",), "1"), "orgId must be a whole number, 0 or more, not '1'", None),
    ],
)
def test_alert_group_errors_name_the_path_and_what_is_allowed(name, payload, message, allowed):
    error = rejected(name, payload)
    assert message in error.message
    assert allowed is None or allowed in error.allowed


def test_malformed_json_and_wrong_top_level_types_are_bad_input():
    assert "not valid JSON" in rejected("alertmanager", b'{"version": "4",').message
    assert "not valid JSON" in rejected("alertmanager", b'{"version": NaN}').message
    assert rejected("grafana", b"\xff\xfe\x00garbage").message == "the body is not valid UTF-8 (byte 0)"
    assert rejected("alertmanager", [ALERTMANAGER]).message == "the body must be a JSON object, not an array"


# --- PagerDuty Events API v2 ---------------------------------------------------------------------------------


def test_pagerduty_trigger_from_the_documentation():
    delivery = parse("pagerduty", PAGERDUTY_TRIGGER)
    assert delivery.envelope == {"routing_key": "e93facc04764012d7bfb002500d5d1a6"}
    assert delivery.events == [
        SignalEvent(
            format="pagerduty",
            dedup_key="srv01/mysql",
            action=SignalAction.TRIGGER,
            title="DISK at 99% on machine prod-datapipe03.example.com",
            severity="critical",
            labels={
                "source": "prod-datapipe03.example.com",
                "component": "mysql",
                "group": "prod-datapipe",
                "class": "disk",
                "severity": "critical",
            },
            annotations={"free space": "1%", "ping time": "1500ms", "load avg": "0.75"},
            occurred_at=datetime(2015, 7, 17, 8, 42, 58, 315000, tzinfo=UTC),
            group_key=None,
            links=["http://pagerduty.example.com", "https://monitoring.service.com"],
            raw=PAGERDUTY_TRIGGER,
            details={
                "custom_details.free space": "1%",
                "custom_details.ping time": "1500ms",
                "custom_details.load avg": "0.75",
            },
        )
    ]


@pytest.mark.parametrize(
    ("payload", "action"),
    [(PAGERDUTY_ACKNOWLEDGE, SignalAction.ACKNOWLEDGE), (PAGERDUTY_RESOLVE, SignalAction.RESOLVE)],
)
def test_pagerduty_acknowledge_and_resolve_need_only_the_key(payload, action):
    (event,) = parse("pagerduty", payload).events
    assert (event.action, event.dedup_key, event.title) == (action, "samplekeyhere", f"{action} samplekeyhere")
    assert (event.severity, event.labels, event.occurred_at, event.links) == (None, {}, None, [])


def test_a_pagerduty_trigger_without_a_key_leaves_the_key_to_the_caller():
    payload = {key: value for key, value in PAGERDUTY_TRIGGER.items() if key != "dedup_key"}
    assert parse("pagerduty", payload).events[0].dedup_key is None
    assert parse("pagerduty", dict(payload, dedup_key="")).events[0].dedup_key is None


@pytest.mark.parametrize(
    ("payload", "message", "allowed"),
    [
        ({"event_action": "trigger"}, "routing_key is required", "integration key"),
        (
            dict(PAGERDUTY_TRIGGER, event_action="escalate"),
            "event_action must be trigger, acknowledge or resolve, not 'escalate'",
            "trigger, acknowledge, resolve",
        ),
        (dict(PAGERDUTY_TRIGGER, dedup_key="k" * 256), "dedup_key is 256 characters long", "at most 255 characters"),
        ({"routing_key": "r", "event_action": "resolve"}, "dedup_key is required to resolve an alert", "1 to 255"),
        ({"routing_key": "r", "event_action": "trigger"}, "payload is required for a trigger event", "summary"),
        (
            changed(PAGERDUTY_TRIGGER, ("payload", "summary"), "x" * 1025),
            "payload.summary is 1025 characters long",
            "at most 1024 characters",
        ),
        (
            changed(PAGERDUTY_TRIGGER, ("payload", "severity"), "high"),
            "payload.severity must be one of critical, error, warning, info, not 'high'",
            "critical, error, warning, info",
        ),
        (changed(PAGERDUTY_TRIGGER, ("payload", "source"), None), "payload.source is required", None),
        (
            changed(PAGERDUTY_TRIGGER, ("payload", "timestamp"), "17/07/2015"),
            "payload.timestamp is not a valid timestamp",
            "ISO 8601",
        ),
        (changed(PAGERDUTY_TRIGGER, ("links",), [{"text": "no href"}]), "links[0].href is required", None),
        (changed(PAGERDUTY_TRIGGER, ("payload",), "DISK at 99%"), "payload must be a JSON object, not a string", None),
    ],
)
def test_pagerduty_errors(payload, message, allowed):
    error = rejected("pagerduty", payload)
    assert message in error.message
    assert allowed is None or allowed in error.allowed


# --- CloudEvents ---------------------------------------------------------------------------------------------


def test_a_structured_cloudevent_from_the_json_format_spec():
    delivery = parse("cloudevents", CLOUDEVENT, {"content-type": "application/cloudevents+json; charset=utf-8"})
    assert delivery.envelope == {"mode": "structured"}
    assert delivery.events == [
        SignalEvent(
            format="cloudevents",
            dedup_key="/mycontext|C234-1234-1234",
            action=SignalAction.TRIGGER,
            title="com.example.someevent",
            severity=None,
            labels={"type": "com.example.someevent", "source": "/mycontext", "comexampleextension1": "value"},
            annotations={},
            occurred_at=datetime(2018, 4, 5, 17, 31, tzinfo=UTC),
            group_key=None,
            links=[],
            raw=CLOUDEVENT,
            event_id="/mycontext|C234-1234-1234",
        )
    ]


def test_a_binary_cloudevent_from_the_http_binding_spec():
    body = json.dumps({"appinfoA": "abc", "appinfoB": 123}).encode()
    (event,) = signal_format("cloudevents").parse(body, BINARY_HEADERS).events
    assert event.dedup_key == "/mycontext/subcontext|1234-1234-1234"
    assert event.title == "com.example.someevent" and event.action is SignalAction.TRIGGER
    assert event.occurred_at == datetime(2018, 4, 5, 3, 56, 24, tzinfo=UTC)
    assert event.labels == {"type": "com.example.someevent", "source": "/mycontext/subcontext"}
    assert event.raw["data"] == {"appinfoA": "abc", "appinfoB": 123}
    assert event.raw["datacontenttype"] == "application/json; charset=utf-8"


def test_binary_mode_keeps_non_json_data_as_text_and_decodes_percent_encoded_headers():
    headers = {
        "CE-SpecVersion": "1.0",
        "ce-type": "com.example.someevent",
        "ce-source": "/mycontext",
        "ce-id": "B234-1234-1234",
        "ce-comexampleextension1": "value",
        "ce-subject": "Euro%20%E2%82%AC%20%F0%9F%98%80",
        "content-type": "application/xml",
    }
    (event,) = signal_format("cloudevents").parse(b'<much wow="xml"/>', headers).events
    assert event.raw["data"] == '<much wow="xml"/>'
    assert event.title == event.labels["subject"] == "Euro \u20ac \U0001f600"
    assert event.labels["comexampleextension1"] == "value"


def test_a_batch_of_cloudevents_and_an_empty_batch():
    batch = {"Content-Type": "application/cloudevents-batch+json"}
    first, second = parse("cloudevents", CLOUDEVENTS_BATCH, batch).events
    assert first.dedup_key == "/mycontext/4|B234-1234-1234" and second.dedup_key == "/mycontext/9|C234-1234-1234"
    assert second.occurred_at == datetime(2018, 4, 5, 17, 31, 5, tzinfo=UTC)
    assert first.raw["data_base64"] == "... base64 encoded string ..."
    assert parse("cloudevents", [], batch) == Delivery(format="cloudevents", events=[], envelope={"mode": "batch"})


def test_a_cloudevents_signal_is_its_subject_or_key_extension_and_each_event_is_its_source_and_id():
    structured = {"content-type": "application/cloudevents+json"}
    firing = dict(CLOUDEVENT, type="com.example.guardrails.prompt_injection", subject="conversation 42")
    resolved = dict(firing, id="C234-9999", type="com.example.guardrails.prompt_injection.resolved")
    keyed = dict(firing, id="C234-5555", aicidentdedupkey="chat-guard")
    events = [parse("cloudevents", e, structured).events[0] for e in (firing, resolved, keyed)]
    assert [(e.dedup_key, e.event_id, e.action) for e in events] == [
        ("/mycontext|conversation 42", "/mycontext|C234-1234-1234", SignalAction.TRIGGER),
        ("/mycontext|conversation 42", "/mycontext|C234-9999", SignalAction.RESOLVE),
        ("/mycontext|chat-guard", "/mycontext|C234-5555", SignalAction.TRIGGER),
    ]


def test_the_types_that_resolve_are_configurable():
    structured = {"content-type": "application/cloudevents+json"}
    closed = json.dumps(dict(CLOUDEVENT, type="com.example.drift.closed")).encode()
    assert CloudEventsFormat().parse(closed, structured).events[0].action is SignalAction.TRIGGER
    assert CloudEventsFormat((".closed",)).parse(closed, structured).events[0].action is SignalAction.RESOLVE


def test_a_nul_character_in_a_binary_mode_header_is_refused_naming_the_header():
    caught = rejected("cloudevents", b"{}", dict(BINARY_HEADERS, **{"ce-subject": "conversation%0042"}))
    assert caught.message == "ce-subject contains a NUL character"
    assert caught.details == {"path": "ce-subject"}


def test_a_resolved_type_or_data_status_resolves():
    structured = {"content-type": "application/cloudevents+json"}
    by_type = dict(CLOUDEVENT, type="com.example.model.drift.resolved", subject="model/gpt-x")
    by_data = dict(CLOUDEVENT, data={"status": "resolved", "severity": "high"})
    assert parse("cloudevents", by_type, structured).events[0].action is SignalAction.RESOLVE
    assert parse("cloudevents", by_type, structured).events[0].title == "model/gpt-x"
    resolved = parse("cloudevents", by_data, structured).events[0]
    assert (resolved.action, resolved.severity) == (SignalAction.RESOLVE, "high")


@pytest.mark.parametrize(
    ("payload", "headers", "message"),
    [
        (
            dict(CLOUDEVENT, specversion="0.3"),
            {"content-type": "application/cloudevents+json"},
            "specversion must be \"1.0\" but is '0.3'",
        ),
        (
            {key: value for key, value in CLOUDEVENT.items() if key != "id"},
            {"content-type": "application/cloudevents+json"},
            "id is required",
        ),
        (
            [CLOUDEVENT, dict(CLOUDEVENT, source="")],
            {"content-type": "application/cloudevents-batch+json"},
            "[1].source must not be empty",
        ),
        (CLOUDEVENT, {"content-type": "application/cloudevents-batch+json"}, "must be a JSON array of events"),
        (CLOUDEVENT, JSON, "not a CloudEvent: no ce-specversion header and Content-Type is application/json"),
        (
            dict(CLOUDEVENT, data_base64="AQID"),
            {"content-type": "application/cloudevents+json"},
            "has both data and data_base64",
        ),
        (
            dict(CLOUDEVENT, time="5 April"),
            {"content-type": "application/cloudevents+json"},
            "time is not a valid timestamp",
        ),
        (b"{}", dict(BINARY_HEADERS, **{"ce-id": "%C0%A0"}), "ce-id is not valid percent-encoded UTF-8"),
        (b"{}", {"ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s"}, "type is required"),
    ],
)
def test_cloudevents_errors(payload, headers, message):
    assert message in rejected("cloudevents", payload, headers).message


# --- customer reports ----------------------------------------------------------------------------------------


def test_a_customer_report_from_a_web_form():
    body = (
        "what_happened=The+assistant+told+me+my+order+was+refunded%2C+it+was+not.+"
        + "x" * 200
        + "&when=yesterday+around+5pm&contact=ana%40example.com&feature=support-chat"
    ).encode()
    (event,) = (
        signal_format("customer_report").parse(body, {"Content-Type": "application/x-www-form-urlencoded"}).events
    )
    what = "The assistant told me my order was refunded, it was not. " + "x" * 200
    assert event == SignalEvent(
        format="customer_report",
        dedup_key=None,
        action=SignalAction.TRIGGER,
        title=what[:120],
        severity=None,
        labels={"source": "customer_report", "feature": "support-chat"},
        annotations={"what_happened": what, "when": "yesterday around 5pm"},
        occurred_at=None,
        group_key=None,
        links=[],
        raw={
            "what_happened": what,
            "when": "yesterday around 5pm",
            "contact": "ana@example.com",
            "feature": "support-chat",
        },
    )


def test_a_customer_report_as_json_gets_a_one_line_title():
    (event,) = parse("customer_report", {"what_happened": "  It answered\nin French.  "}).events
    assert event.title == "It answered in French." and event.labels == {"source": "customer_report"}
    assert event.annotations == {"what_happened": "It answered\nin French."}


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b'{"when": "today"}', "application/json", "what_happened is required"),
        (b"what_happened=+++", "application/x-www-form-urlencoded", "what_happened must not be empty"),
        (b"what_happened=" + b"x" * 5001, "application/x-www-form-urlencoded", "what_happened is 5001 characters long"),
        (
            b"what_happened=hi&contact=" + b"a" * 321,
            "application/x-www-form-urlencoded",
            "contact is 321 characters long",
        ),
        (
            b"what_happened=a&what_happened=b",
            "application/x-www-form-urlencoded",
            "what_happened is given more than once",
        ),
        (b"what_happened=%FF", "application/x-www-form-urlencoded", "not a UTF-8 form"),
        (b'{"what_happened": ["a"]}', "application/json", "what_happened must be a string, not an array"),
        (b"what_happened=hi", "text/plain", "Content-Type 'text/plain' is not accepted"),
    ],
)
def test_customer_report_errors(body, content_type, message):
    assert message in rejected("customer_report", body, {"Content-Type": content_type}).message


# --- the registry and headers ----------------------------------------------------------------------------------


def test_the_registry_knows_every_format_and_names_them_when_asked_for_another():
    assert sorted(FORMATS) == ["alertmanager", "cloudevents", "customer_report", "grafana", "pagerduty"]
    assert all(format.name == name for name, format in FORMATS.items())
    with pytest.raises(NotFound) as caught:
        signal_format("nagios")
    assert caught.value.allowed == "one of: alertmanager, cloudevents, customer_report, grafana, pagerduty"


def test_header_lookup_ignores_case():
    assert header({"Content-TYPE": "application/json"}, "content-type") == "application/json"
    assert header({}, "content-type") is None


# --- fuzzing: any input gives a Delivery or InvalidInput, nothing else ----------------------------------------

EXAMPLES = {
    "alertmanager": (ALERTMANAGER, JSON),
    "grafana": (GRAFANA, JSON),
    "pagerduty": (PAGERDUTY_TRIGGER, JSON),
    "cloudevents": (CLOUDEVENTS_BATCH, {"content-type": "application/cloudevents-batch+json"}),
    "customer_report": ({"what_happened": "wrong answer", "when": "now", "contact": "a@b.c", "feature": "f"}, JSON),
}
CONTENT_TYPES = st.sampled_from(
    [
        None,
        "application/json",
        "application/cloudevents+json",
        "text/plain",
        "application/cloudevents-batch+json",
        "application/x-www-form-urlencoded",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, item in items:
        found += paths(item, prefix + (key,))
    return found


def outcome(name: str, body: bytes, headers: dict) -> None:
    try:
        delivery = FORMATS[name].parse(body, headers)
    except InvalidInput as error:
        assert error.message and error.status == 400
        return
    assert isinstance(delivery, Delivery) and delivery.format == name
    for event in delivery.events:
        assert isinstance(event.title, str) and len(event.title) <= 1024
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in event.labels.items())
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in event.annotations.items())
        assert event.occurred_at is None or event.occurred_at.utcoffset().total_seconds() == 0
        assert all(isinstance(link, str) and link for link in event.links)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(FORMATS)), body=st.binary(max_size=300), content_type=CONTENT_TYPES)
def test_arbitrary_bytes_never_crash_a_parser(name, body, content_type):
    outcome(name, body, {} if content_type is None else {"Content-Type": content_type})


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(FORMATS)), value=JSON_VALUES, content_type=CONTENT_TYPES)
def test_arbitrary_json_never_crashes_a_parser(name, value, content_type):
    outcome(name, json.dumps(value).encode(), {} if content_type is None else {"Content-Type": content_type})


@settings(max_examples=500, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLES)), value=JSON_VALUES)
def test_a_documented_payload_with_any_one_value_replaced_never_crashes_a_parser(data, name, value):
    example, headers = EXAMPLES[name]
    path = data.draw(st.sampled_from(paths(example)))
    outcome(name, json.dumps(changed(example, path, value)).encode(), headers)


@settings(max_examples=300, deadline=None)
@given(
    extra=st.dictionaries(
        st.sampled_from(
            ["ce-id", "ce-source", "ce-type", "ce-time", "ce-subject", "ce-x", "ce-specversion", "content-type", "ce-"]
        ),
        st.text(max_size=20),
    ),
    body=st.binary(max_size=100),
)
def test_arbitrary_binary_mode_headers_never_crash_the_cloudevents_parser(extra, body):
    outcome("cloudevents", body, dict(BINARY_HEADERS, **extra))


# --- routing on the normalised view of every format -----------------------------------------------------------


def _routed(name: str, payload: object, headers: dict | None = None):
    (event,) = parse(name, payload, headers).events
    return route(default_plan(), event, "monitoring")


def test_the_default_plan_routes_each_sender_by_the_field_it_documents():
    structured = {"content-type": "application/cloudevents+json"}
    pd = copy.deepcopy(PAGERDUTY_TRIGGER)
    pd["payload"]["custom_details"] = {"aicident_category": "data_leak", "feature": "support-chat"}
    pd_class = copy.deepcopy(PAGERDUTY_TRIGGER)
    pd_class["payload"]["class"] = "vendor_outage"
    cases = {
        "pagerduty custom_details": _routed("pagerduty", pd),
        "pagerduty class": _routed("pagerduty", pd_class),
        "pagerduty with neither": _routed("pagerduty", PAGERDUTY_TRIGGER),
        "cloudevents extension": _routed("cloudevents", dict(CLOUDEVENT, aicidentcategory="bias_incident"), structured),
        "cloudevents type suffix": _routed(
            "cloudevents", dict(CLOUDEVENT, type="com.example.guardrails.prompt_injection"), structured
        ),
        "cloudevents type suffix and state": _routed(
            "cloudevents", dict(CLOUDEVENT, type="com.example.guardrails.hallucination_harm.detected"), structured
        ),
        "cloudevents with neither": _routed("cloudevents", CLOUDEVENT, structured),
    }
    assert {why: (d.action, d.category, d.feature) for why, d in cases.items()} == {
        "pagerduty custom_details": ("declare", "data_leak", "support-chat"),
        "pagerduty class": ("declare", "vendor_outage", None),
        "pagerduty with neither": ("hold", None, None),
        "cloudevents extension": ("declare", "bias_incident", None),
        "cloudevents type suffix": ("declare", "prompt_injection", None),
        "cloudevents type suffix and state": ("declare", "hallucination_harm", None),
        "cloudevents with neither": ("hold", None, None),
    }
    assert cases["pagerduty custom_details"].severity == "SEV-1"  # critical, by the rule's severity_map


def test_the_normalised_view_names_labels_annotations_details_and_fields():
    pd = copy.deepcopy(PAGERDUTY_TRIGGER)
    pd["payload"]["custom_details"] = {"model": {"name": "gpt-x", "tags": ["a", "b"]}, "n": 3}
    (event,) = parse("pagerduty", pd).events
    names = view(event, "pd")
    assert {k: v for k, v in names.items() if k.startswith("custom_details.")} == {
        "custom_details.model.name": "gpt-x",
        "custom_details.model.tags.0": "a",
        "custom_details.model.tags.1": "b",
        "custom_details.n": "3",
    }
    assert (names["class"], names["labels.component"], names["format"], names["integration"]) == (
        "disk",
        "mysql",
        "pagerduty",
        "pd",
    )
    alert = parse("alertmanager", ALERTMANAGER).events[0]
    assert view(alert, "am")["annotations.summary"] == alert.annotations["summary"]
