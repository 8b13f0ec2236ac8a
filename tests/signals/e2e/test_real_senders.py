"""Real senders against a running `aicident serve`, routed by the default plan: Debian's Prometheus Alertmanager
(webhook_configs and pagerduty_configs: firing, repeat, resolve, re-fire), the `pdpyras` and `pagerduty` PagerDuty
clients over TLS (the server's self-signed certificate, made here with `cryptography`), the CloudEvents SDK's
structured, binary and batch modes (declare, deduplicate, resolve with a fresh id), and a Grafana delivery of two
features whose alerts each attach to their own incident after a re-fire.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pagerduty
import pdpyras
import pytest
from cloudevents.core.bindings import http as ce_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ALERTMANAGER = shutil.which("prometheus-alertmanager") or "/usr/bin/prometheus-alertmanager"


# --- helpers ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], object], timeout: float = 30.0):
    """Poll `check` until it returns something true; its last value explains a timeout."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last seen: {value!r}")


def signals(service, **params) -> list[dict]:
    with service.client(headers=service.admin) as client:
        response = client.get("/api/v1/signals", params={**params, "limit": 500})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def incidents(service) -> list[dict]:
    with service.client(headers=service.admin) as client:
        response = client.get("/api/v1/incidents", params={"limit": 500})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def signal_log(service, ref: str) -> list[tuple[str, str, str, int]]:
    """(integration, signal id, action, occurrence) of the incident log's signal entries, oldest first."""
    with service.client(headers=service.admin) as client:
        response = client.get(f"/api/v1/incidents/{ref}/log")
    assert response.status_code == 200, response.text
    return [
        (e["data"]["integration"], e["data"]["signal"], e["data"]["action"], e["data"]["occurrence"])
        for e in response.json()
        if e["type"] == "signal"
    ]


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, signed by its own key: the files `aicident serve` is given."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aicident test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


# --- Prometheus Alertmanager, the real binary --------------------------------------------------------------------

AM_LABELS = {
    "alertname": "PromptInjectionRate",
    "aicident_category": "prompt_injection",
    "severity": "critical",
    "feature": "chat",
}

AM_CONFIG = """
route:
  receiver: aicident
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: aicident
    webhook_configs:
      - url: {base}/api/v1/integrations/am/signals
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {webhook_secret}
    pagerduty_configs:
      - url: {base}/v2/enqueue
        routing_key: {routing_key}
        send_resolved: true
        severity: critical
        details:
          aicident_category: '{{{{ .CommonLabels.aicident_category }}}}'
          feature: '{{{{ .CommonLabels.feature }}}}'
"""


class Alertmanager:
    """`prometheus-alertmanager` on loopback with a config pointing at aicident; alerts are posted to its API v2 as
    Prometheus would."""

    def __init__(self, directory: Path, config: str):
        self.directory = directory
        self.port = free_port()
        (directory / "alertmanager.yml").write_text(config)
        self.log_path = directory / "alertmanager.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    ALERTMANAGER,
                    f"--config.file={directory / 'alertmanager.yml'}",
                    f"--storage.path={directory / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--cluster.listen-address=",  # one instance: no gossip port
                    "--log.level=debug",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for("Alertmanager to be ready", self._ready, timeout=30)

    def _ready(self) -> bool:
        assert self.process.poll() is None, self.log_path.read_text()
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/-/ready", timeout=1, trust_env=False).status_code == 200
        except httpx.TransportError:
            return False

    def post(self, labels: dict, *, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
        alert = {
            "labels": labels,
            "annotations": {"summary": "Prompt injection rate above 5% in chat"},
            "startsAt": rfc3339(starts_at),
            "endsAt": rfc3339(ends_at),
            "generatorURL": "http://prometheus.example.com/graph",
        }
        response = httpx.post(f"http://127.0.0.1:{self.port}/api/v2/alerts", json=[alert], timeout=5, trust_env=False)
        assert response.status_code == 200, response.text

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def alertmanager_binary():
    if not os.path.exists(ALERTMANAGER):
        message = "Debian's prometheus-alertmanager is not installed (./scripts/test installs it as root)"
        if os.environ.get("AICIDENT_REQUIRE_ALERTMANAGER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return ALERTMANAGER


def test_alertmanager_webhook_and_pagerduty_receivers_fire_repeat_resolve_and_refire(
    alertmanager_binary, service, tmp_path
):
    webhook_secret = service.add_integration("am", "alertmanager")
    routing_key = service.add_integration("am-pd", "pagerduty")
    config = AM_CONFIG.format(base=service.base_url, webhook_secret=webhook_secret, routing_key=routing_key)
    (tmp_path / "am").mkdir()
    manager = Alertmanager(tmp_path / "am", config)
    try:
        started = dt.datetime.now(dt.UTC)
        manager.post(AM_LABELS, starts_at=started, ends_at=started + dt.timedelta(hours=1))

        def by_integration(status: str, minimum: int = 1) -> dict[str, dict]:
            found = {s["integration"]: s for s in signals(service) if s["status"] == status}
            both = set(found) == {"am", "am-pd"}
            return found if both and all(s["occurrences"] >= minimum for s in found.values()) else {}

        # Firing, then repeated (repeat_interval): one signal per receiver, both on one incident of the plan's
        # category (the webhook's label, PagerDuty's custom_details.aicident_category).
        fired = wait_for("both receivers' signals to repeat", lambda: by_integration("firing", minimum=2))
        [incident] = incidents(service)
        assert (incident["category"], incident["severity"], incident["ai_system"]["feature"]) == (
            "prompt_injection",
            "SEV-1",
            "chat",
        )
        assert {s["incident"] for s in fired.values()} == {incident["ref"]}
        assert fired["am"]["dedup_key"] == fired["am"]["raw"]["fingerprint"]
        assert fired["am-pd"]["format"] == "pagerduty"

        # Resolved: Alertmanager sends the resolution to both.
        manager.post(AM_LABELS, starts_at=started, ends_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        resolved = wait_for("both resolutions", lambda: by_integration("resolved"))
        assert {name: s["id"] for name, s in resolved.items()} == {name: s["id"] for name, s in fired.items()}

        # Fires again: a new signal for each, attached to the same incident and logged as firing again.
        again = dt.datetime.now(dt.UTC)
        manager.post(AM_LABELS, starts_at=again, ends_at=again + dt.timedelta(hours=1))
        refired = wait_for("both re-fires", lambda: by_integration("firing"))
        assert {s["id"] for s in refired.values()}.isdisjoint(s["id"] for s in fired.values())
        assert [i["ref"] for i in incidents(service)] == [incident["ref"]]
        log = signal_log(service, incident["ref"])
        for name in ("am", "am-pd"):
            first, new = fired[name]["id"], refired[name]["id"]
            assert [(a, n) for i, s, a, n in log if s == first][:1] == [("trigger", 1)]
            assert [a for i, s, a, n in log if s == first][-1] == "resolve"
            assert [(a, n) for i, s, a, n in log if s == new] == [("refire", 1)]
            assert all(a != "trigger" or n == 1 for i, s, a, n in log if i == name)  # repeats: counted, not logged
    finally:
        manager.stop()


# --- PagerDuty clients over TLS -------------------------------------------------------------------------------


@pytest.fixture
def tls_service(start_service, tmp_path):
    cert_file, key_file = self_signed(tmp_path)
    return start_service(args=("--ssl-certfile", str(cert_file), "--ssl-keyfile", str(key_file)), verify=str(cert_file))


def test_pdpyras_and_the_pagerduty_client_open_an_incident_under_the_default_plan_over_tls(tls_service):
    service = tls_service
    assert service.base_url.startswith("https://")
    key = service.add_integration("pd", "pagerduty")

    # pdpyras: custom_details name the category and the feature.
    session = pdpyras.EventsAPISession(key)
    session.url = service.base_url
    session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would replace the certificate given here
    session.verify = service.verify
    dedup = session.trigger(
        "Customer PII in model output",
        "support-bot-prod",
        dedup_key="support-bot/pii",
        severity="critical",
        custom_details={"aicident_category": "data_leak", "feature": "support-chat", "rate": 0.02},
    )
    assert dedup == "support-bot/pii"
    assert session.trigger("Customer PII in model output", "support-bot-prod", dedup_key=dedup) == dedup
    [signal] = signals(service)
    [incident] = incidents(service)
    assert (incident["category"], incident["severity"], incident["ai_system"]["feature"]) == (
        "data_leak",
        "SEV-1",
        "support-chat",
    )
    assert (signal["incident"], signal["occurrences"], signal["status"]) == (incident["ref"], 2, "firing")
    session.acknowledge(dedup)
    assert signals(service)[0]["status"] == "acknowledged"
    session.resolve(dedup)
    assert signals(service)[0]["status"] == "resolved"

    # The maintained `pagerduty` client refuses any base URL but https: here it is, verified against our
    # certificate. Its payload's class names the category.
    with pytest.raises(pagerduty.UrlError):
        pagerduty.EventsApiV2Client(key, base_url=service.base_url.replace("https://", "http://"))
    client = pagerduty.EventsApiV2Client(  # an httpx client: its keyword arguments pass through
        key, base_url=service.base_url, verify=ssl.create_default_context(cafile=service.verify), trust_env=False
    )
    second = client.send_event(
        "trigger",
        dedup_key="vendor/llm-errors",
        payload={
            "summary": "Upstream LLM error rate 30%",
            "source": "gateway",
            "severity": "error",
            "class": "vendor_outage",
            "component": "llm-gateway",
        },
    )
    assert second == "vendor/llm-errors"
    found = {i["category"]: i for i in incidents(service)}
    assert set(found) == {"data_leak", "vendor_outage"}
    assert found["vendor_outage"]["severity"] == "SEV-2"
    client.resolve(second)
    assert {s["dedup_key"]: s["status"] for s in signals(service)} == {
        "support-bot/pii": "resolved",
        "vendor/llm-errors": "resolved",
    }


# --- the CloudEvents SDK ------------------------------------------------------------------------------------------

CE_TYPE = "com.example.guardrails.prompt_injection"


def ce_event(subject: str, *, kind: str = CE_TYPE, **extensions) -> CloudEvent:
    return CloudEvent(
        attributes={
            "type": kind,
            "source": "/guardrails/chat",
            "subject": subject,
            "datacontenttype": "application/json",
            **extensions,
        },
        data={"severity": "critical", "score": 0.97},
    )


def test_the_cloudevents_sdk_in_structured_binary_and_batch_mode_declares_deduplicates_and_resolves(service):
    # The SDK refuses the attribute name with an underscore: the extension is aicidentcategory.
    with pytest.raises(Exception, match="aicident_category"):
        ce_event("conversation 1", aicident_category="prompt_injection")
    secret = service.add_integration("guardrails", "cloudevents")
    url = "/api/v1/integrations/guardrails/signals"
    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:

        def send(message) -> list[dict]:
            response = client.post(url, content=message.body, headers=message.headers)
            assert response.status_code == 202, response.text
            return response.json()["signals"]

        first = ce_event("conversation 1", aicidentcategory="prompt_injection")
        [declared] = send(ce_http.to_structured_event(first))
        assert declared["result"] == "new" and declared["incident"]
        [redelivered] = send(ce_http.to_structured_event(first))  # the same event again: nothing changes
        assert (redelivered["result"], redelivered["signal"]) == ("duplicate", declared["signal"])

        # Binary mode, a new event about the same subject (routed by the type's suffix alone): a repeat.
        [repeat] = send(ce_http.to_binary_event(ce_event("conversation 1")))
        assert (repeat["result"], repeat["signal"]) == ("deduplicated", declared["signal"])

        # Batch mode (the JSON event format, in an array): another subject, and the first event once more.
        other = ce_event("conversation 2")
        batch = [json.loads(JSONFormat().write(e)) for e in (other, first)]
        answer = send(
            ce_http.HTTPMessage(
                headers={"Content-Type": "application/cloudevents-batch+json"}, body=json.dumps(batch).encode()
            )
        )
        assert [a["result"] for a in answer] == ["new", "duplicate"]
        assert {a["incident"] for a in answer} == {declared["incident"]}

        # Resolved by a fresh event (new id) of the same subject whose type ends in .resolved, in binary mode.
        [resolved] = send(ce_http.to_binary_event(ce_event("conversation 1", kind=CE_TYPE + ".resolved")))
        assert (resolved["result"], resolved["signal"]) == ("resolved", declared["signal"])

    found = {s["labels"]["subject"]: (s["status"], s["occurrences"]) for s in signals(service)}
    assert found == {"conversation 1": ("resolved", 2), "conversation 2": ("firing", 1)}
    assert [(i["category"], i["severity"]) for i in incidents(service)] == [("prompt_injection", "SEV-1")]


# --- Grafana: one delivery, two features ------------------------------------------------------------------------


def grafana_delivery(status_by_feature: dict[str, str]) -> dict:
    """A Grafana alerting webhook (version "1") as Grafana documents it: the alerts of two features share the
    notification's group key, "{}:{}" when the policy groups by nothing."""
    alerts = []
    for feature, status in status_by_feature.items():
        labels = {
            "alertname": "HallucinatedCitations",
            "aicident_category": "hallucination_harm",
            "severity": "error",
            "feature": feature,
            "grafana_folder": "AI quality",
        }
        alerts.append(
            {
                "status": status,
                "labels": labels,
                "annotations": {"summary": f"Hallucinated citations in {feature}"},
                "startsAt": "2026-11-23T13:00:00Z",
                "endsAt": "2026-11-23T13:30:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
                "generatorURL": "https://grafana.example.com/alerting/grafana/cit/view",
                "fingerprint": f"c17a7{len(alerts)}0000000000",
                "silenceURL": "https://grafana.example.com/alerting/silence/new",
                "dashboardURL": "https://grafana.example.com/d/quality",
                "panelURL": "https://grafana.example.com/d/quality?viewPanel=2",
                "values": {"B": 0.12, "C": 1},
                "valueString": "[ var='B' labels={} value=0.12 ], [ var='C' labels={} value=1 ]",
            }
        )
    firing = sum(s == "firing" for s in status_by_feature.values())
    return {
        "receiver": "aicident",
        "status": "firing" if firing else "resolved",
        "orgId": 1,
        "alerts": alerts,
        "groupLabels": {},
        "commonLabels": {"alertname": "HallucinatedCitations", "aicident_category": "hallucination_harm"},
        "commonAnnotations": {},
        "externalURL": "https://grafana.example.com/",
        "version": "1",
        "groupKey": "{}:{}",
        "truncatedAlerts": 0,
        "title": f"[FIRING:{firing}] HallucinatedCitations" if firing else "[RESOLVED] HallucinatedCitations",
        "state": "alerting" if firing else "ok",
        "message": "Hallucinated citations",
    }


def test_a_grafana_delivery_of_two_features_attaches_each_to_its_own_incident_even_after_a_refire(service):
    secret = service.add_integration("grafana", "grafana")
    features = ("search", "support-chat")
    with service.client(headers={"Authorization": f"Bearer {secret}"}) as client:

        def deliver(status: str) -> dict[str, dict]:
            response = client.post(
                "/api/v1/integrations/grafana/signals", json=grafana_delivery(dict.fromkeys(features, status))
            )
            assert response.status_code == 202, response.text
            return dict(zip(features, response.json()["signals"], strict=True))

        first = deliver("firing")
        assert [first[f]["result"] for f in features] == ["new", "new"]
        own = {f: first[f]["incident"] for f in features}
        assert own["search"] != own["support-chat"]
        assert {i["ref"]: i["ai_system"]["feature"] for i in incidents(service)} == {v: k for k, v in own.items()}

        resolved = deliver("resolved")
        assert [resolved[f]["result"] for f in features] == ["resolved", "resolved"]
        refired = deliver("firing")
        assert {f: (refired[f]["result"], refired[f]["incident"]) for f in features} == {
            f: ("new", own[f]) for f in features
        }
    assert len(incidents(service)) == 2
