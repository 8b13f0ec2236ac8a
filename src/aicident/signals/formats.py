"""Inbound signal formats: one parser per payload that monitoring tools and customers already send.

Every parser is pure: it takes the body bytes and the request headers of one HTTP delivery and returns a ``Delivery``,
or raises ``InvalidInput`` (HTTP 400, which senders do not retry) naming the JSON path of the problem and what is
allowed. No other exception may escape for any input, because a 500 makes Alertmanager and friends retry a payload
that can never succeed; the fuzz tests hold every format to that.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any, Protocol

from aicident.errors import InvalidInput, NotFound
from aicident.signals.model import (
    Delivery,
    SignalAction,
    SignalEvent,
    clip_title,
    compact_json,
    flatten,
    json_type,
    labels_fingerprint,
    load_json,
    member,
    problem,
    read_count,
    read_object,
    read_objects,
    read_string,
    read_string_map,
    read_timestamp,
    show,
)


class SignalFormat(Protocol):
    name: str

    def parse(self, body: bytes, headers: Mapping[str, str]) -> Delivery: ...


# --- headers ----------------------------------------------------------------------------------------------------


def header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` whatever the case of its name: HTTP header names are case-insensitive."""
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted and isinstance(value, str):
            return value
    return None


def media_type(headers: Mapping[str, str]) -> str | None:
    """The Content-Type without its parameters, lower-cased: ``application/json; charset=utf-8`` -> ``application/json``."""
    value = header(headers, "content-type")
    return (value.split(";", 1)[0].strip().lower() or None) if value is not None else None


def _is_json(media: str | None) -> bool:
    return media is not None and (media == "application/json" or media.endswith("+json"))


# --- Prometheus Alertmanager and Grafana alerting: a group of alerts, each with its own status ------------------

_ALERT_STATUS = {"firing": SignalAction.TRIGGER, "resolved": SignalAction.RESOLVE}


class _AlertGroupFormat:
    name: str
    product: str
    version: str
    other_hint: str
    link_fields: tuple[str, ...] = ("generatorURL",)
    envelope_strings: tuple[str, ...] = ("receiver", "status", "groupKey", "externalURL")
    envelope_integers: tuple[str, ...] = ("truncatedAlerts",)

    def parse(self, body: bytes, headers: Mapping[str, str]) -> Delivery:
        document = read_object(load_json(body), "")
        version = document.get("version")
        if version != self.version:
            got = "is missing" if version is None else f"is {show(version)}"
            raise problem(
                "version",
                f'must be "{self.version}" for the {self.product} webhook but {got}',
                f'version "{self.version}"; {self.other_hint}',
            )
        for key in self.envelope_strings:
            read_string(document, key, "")
        for key in self.envelope_integers:
            read_count(document, key, "")
        for key in ("groupLabels", "commonAnnotations"):
            read_string_map(document, key, "")
        common = read_string_map(document, "commonLabels", "")
        alerts = document.get("alerts")
        if not isinstance(alerts, list):
            raise problem("alerts", f"must be an array of alerts, not {json_type(alerts)}")
        group_key = document.get("groupKey") or None
        external = document.get("externalURL") or None
        events = [
            self._event(alert, f"alerts[{index}]", common, group_key, external) for index, alert in enumerate(alerts)
        ]
        envelope = {key: value for key, value in document.items() if key != "alerts"}
        return Delivery(format=self.name, events=events, envelope=envelope)

    def _event(
        self, alert: object, path: str, common: dict[str, str], group_key: str | None, external: str | None
    ) -> SignalEvent:
        alert = read_object(alert, path)
        # A group is "firing" while any of its alerts fires, so only the alert's own status says it is resolved.
        status = alert.get("status")
        if not isinstance(status, str) or status not in _ALERT_STATUS:
            raise problem(member(path, "status"), f"must be firing or resolved, not {show(status)}", "firing, resolved")
        action = _ALERT_STATUS[status]
        own = read_string_map(alert, "labels", path)
        annotations = read_string_map(alert, "annotations", path)
        labels = {**common, **own}
        starts_at = read_timestamp(alert, "startsAt", path, zero_is_unset=True)
        ends_at = read_timestamp(alert, "endsAt", path, zero_is_unset=True)
        # The fingerprint is a hash of the alert's own label set; ours is a stand-in for senders that omit it.
        dedup_key = read_string(alert, "fingerprint", path) or labels_fingerprint(own)
        title = annotations.get("summary") or labels.get("alertname") or _describe(labels)
        links = [read_string(alert, key, path) for key in self.link_fields] + [external]
        return SignalEvent(
            format=self.name,
            dedup_key=dedup_key,
            action=action,
            title=clip_title(title),
            severity=labels.get("severity") or None,
            labels=labels,
            annotations=annotations,
            occurred_at=ends_at if action is SignalAction.RESOLVE else starts_at,
            group_key=group_key,
            links=list(dict.fromkeys(link for link in links if link)),
            raw=alert,
        )


def _describe(labels: dict[str, str]) -> str:
    if not labels:
        return "alert without labels"
    return "{" + ", ".join(f'{name}="{value}"' for name, value in sorted(labels.items())) + "}"


class AlertmanagerFormat(_AlertGroupFormat):
    name = "alertmanager"
    product = "Alertmanager"
    version = "4"
    other_hint = 'Grafana alerting sends version "1": use the grafana format for it'


class GrafanaFormat(_AlertGroupFormat):
    name = "grafana"
    product = "Grafana alerting"
    version = "1"
    other_hint = (
        'Prometheus Alertmanager sends version "4": use the alertmanager format; legacy (pre-unified) '
        "Grafana alert notifications are not supported"
    )
    link_fields = ("generatorURL", "dashboardURL", "panelURL", "silenceURL")
    envelope_strings = _AlertGroupFormat.envelope_strings + ("title", "state", "message")
    envelope_integers = _AlertGroupFormat.envelope_integers + ("orgId",)


# --- PagerDuty Events API v2 (POST /v2/enqueue) ------------------------------------------------------------------

_PAGERDUTY_SEVERITIES = ("critical", "error", "warning", "info")
_PAGERDUTY_ACTIONS = tuple(action.value for action in SignalAction)


class PagerDutyEventsV2Format:
    name = "pagerduty"

    def parse(self, body: bytes, headers: Mapping[str, str]) -> Delivery:
        event = read_object(load_json(body), "")
        routing_key = read_string(
            event,
            "routing_key",
            "",
            required=True,
            allowed="the integration key of this aicident PagerDuty-compatible integration",
        )
        word = event.get("event_action")
        if not isinstance(word, str) or word not in _PAGERDUTY_ACTIONS:
            raise problem(
                "event_action",
                f"must be trigger, acknowledge or resolve, not {show(word)}",
                ", ".join(_PAGERDUTY_ACTIONS),
            )
        action = SignalAction(word)
        trigger = action is SignalAction.TRIGGER
        # An empty key is no key: PagerDuty then generates one, and so does our caller.
        dedup_key = read_string(event, "dedup_key", "", max_length=255) or None
        if dedup_key is None and not trigger:
            raise problem(
                "dedup_key",
                f"is required to {word} an alert",
                "the dedup_key of the triggered alert, 1 to 255 characters",
            )
        if event.get("payload") is None and trigger:
            raise problem("payload", "is required for a trigger event", "an object with summary, source, severity")
        # PagerDuty ignores the payload of acknowledge and resolve; we read it only if one is sent.
        payload = {} if event.get("payload") is None else read_object(event["payload"], "payload")
        summary = read_string(payload, "summary", "payload", required=trigger, max_length=1024)
        source = read_string(payload, "source", "payload", required=trigger)
        severity = payload.get("severity")
        if (severity is not None or trigger) and (
            not isinstance(severity, str) or severity not in _PAGERDUTY_SEVERITIES
        ):
            raise problem(
                "payload.severity",
                f"must be one of critical, error, warning, info, not {show(severity)}",
                ", ".join(_PAGERDUTY_SEVERITIES),
            )
        labels = {"source": source} if source else {}
        for key in ("component", "group", "class"):
            if value := read_string(payload, key, "payload"):
                labels[key] = value
        if severity:
            labels["severity"] = severity
        for key in ("client", "client_url"):
            read_string(event, key, "")
        read_objects(event, "images", "", "src", ("href", "alt"))
        links = [link["href"] for link in read_objects(event, "links", "", "href", ("text",))]
        links.append(event.get("client_url") or "")  # the sending tool's own page, like Alertmanager's externalURL
        return Delivery(
            format=self.name,
            envelope={"routing_key": routing_key},
            events=[
                SignalEvent(
                    format=self.name,
                    dedup_key=dedup_key,
                    action=action,
                    title=clip_title(summary or f"{word} {dedup_key}"),
                    severity=severity,
                    labels=labels,
                    annotations=_details(payload.get("custom_details")),
                    occurred_at=read_timestamp(payload, "timestamp", "payload"),
                    group_key=None,
                    links=list(dict.fromkeys(link for link in links if link)),
                    raw=event,
                    details=flatten(payload.get("custom_details"), "custom_details", {}),
                )
            ],
        )


def _details(details: object) -> dict[str, str]:
    """custom_details as annotations: PagerDuty shows them to responders, so we do too."""
    if details is None:
        return {}
    if isinstance(details, dict):
        return {str(key): compact_json(value) for key, value in details.items()}
    return {"custom_details": compact_json(details)}


# --- CloudEvents 1.0 over HTTP: binary, structured and batched content modes ------------------------------------

_CE_CONTEXT = ("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema")
_CE_ALLOWED = 'specversion "1.0" and non-empty string id, source and type'
_CE_MODES = (
    "binary mode (ce-specversion, ce-id, ce-source, ce-type headers), structured mode (Content-Type: "
    "application/cloudevents+json) or batch mode (Content-Type: application/cloudevents-batch+json)"
)
_QUOTED_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# The extension that names the thing an event is about when `subject` does not (attribute names are lower-case
# letters and digits only): events with the same key from one source are occurrences of one signal.
CE_KEY_EXTENSION = "aicidentdedupkey"
CE_RESOLVED_SUFFIXES = (".resolved",)


class CloudEventsFormat:
    """CloudEvents 1.0. A signal is the thing events are about: `source` plus the `aicidentdedupkey` extension, or
    else `subject` (or else the event's own id). An event whose type ends in one of `resolved_suffixes` resolves that
    signal; any other is an occurrence of it. (`source`, `id`) identifies one event: a redelivery changes nothing."""

    name = "cloudevents"

    def __init__(self, resolved_suffixes: tuple[str, ...] = CE_RESOLVED_SUFFIXES):
        self.resolved_suffixes = resolved_suffixes

    def parse(self, body: bytes, headers: Mapping[str, str]) -> Delivery:
        media = media_type(headers)
        if media == "application/cloudevents-batch+json":
            batch = load_json(body)
            if not isinstance(batch, list):
                raise problem("", f"must be a JSON array of events in batch mode, not {json_type(batch)}", _CE_MODES)
            mode, events = "batch", [self._event(item, f"[{index}]") for index, item in enumerate(batch)]
        elif media is not None and media.startswith("application/cloudevents"):
            if media != "application/cloudevents+json":
                raise InvalidInput(f"the event format {media!r} is not supported", allowed=_CE_MODES)
            mode, events = "structured", [self._event(load_json(body), "")]
        elif header(headers, "ce-specversion") is not None:
            mode, events = "binary", [self._event(_binary_event(body, headers, media), "")]
        else:
            raise InvalidInput(
                f"the request is not a CloudEvent: no ce-specversion header and Content-Type is {media or 'missing'}",
                allowed=_CE_MODES,
            )
        return Delivery(format=self.name, events=events, envelope={"mode": mode})

    def _event(self, event: object, path: str) -> SignalEvent:
        event = read_object(event, path)
        version = event.get("specversion")
        if version != "1.0":
            got = "is missing" if version is None else f"is {show(version)}"
            raise problem(member(path, "specversion"), f'must be "1.0" but {got}', _CE_ALLOWED)
        event_id, source, kind = (
            read_string(event, key, path, required=True, allowed=_CE_ALLOWED) for key in ("id", "source", "type")
        )
        subject = read_string(event, "subject", path)
        key = read_string(event, CE_KEY_EXTENSION, path)
        for name in ("datacontenttype", "dataschema", "data_base64"):
            read_string(event, name, path)
        if event.get("data") is not None and event.get("data_base64") is not None:
            raise problem(path, "has both data and data_base64", "one of data (text or JSON), data_base64 (binary)")
        labels = {"type": kind, "source": source} | ({"subject": subject} if subject else {})
        # Extensions are the sender's routing metadata; a null attribute is an unset one, and labels are strings.
        labels |= {
            name: value
            for name, value in event.items()
            if name not in _CE_CONTEXT and name not in ("data", "data_base64") and isinstance(value, str)
        }
        data = event.get("data")
        data_severity = data.get("severity") if isinstance(data, dict) else None
        resolved = kind.endswith(self.resolved_suffixes) or (
            isinstance(data, dict) and data.get("status") == "resolved"
        )
        return SignalEvent(
            format=self.name,
            dedup_key=f"{source}|{key or subject or event_id}",
            action=SignalAction.RESOLVE if resolved else SignalAction.TRIGGER,
            title=clip_title(subject or kind),
            severity=data_severity if isinstance(data_severity, str) and data_severity else labels.get("severity"),
            labels=labels,
            annotations={},  # data is the application's payload and may hold evidence: it stays in raw only
            occurred_at=read_timestamp(event, "time", path),
            group_key=None,
            links=[],
            raw=event,
            event_id=f"{source}|{event_id}",  # (source, id) is unique per event by the spec
        )


def _binary_event(body: bytes, headers: Mapping[str, str], media: str | None) -> dict:
    """The event a binary-mode request carries, in the shape of the JSON event format."""
    event: dict[str, Any] = {}
    for key, value in headers.items():
        if isinstance(key, str) and key.lower().startswith("ce-") and isinstance(value, str):
            name = key[3:].lower()
            if name and name not in ("data", "data_base64"):
                event[name] = _header_value(value, key.lower())
    content_type = header(headers, "content-type")
    if content_type is not None:
        event["datacontenttype"] = content_type
    if body:
        if _is_json(media):
            event["data"] = load_json(body)
        else:
            try:
                event["data"] = body.decode("utf-8")
            except UnicodeDecodeError:  # binary data: kept the way the JSON format carries it
                event["data_base64"] = base64.b64encode(body).decode("ascii")
    return event


def _header_value(value: str, name: str) -> str:
    """A ce-* header value: quoted-string escaping undone, then one round of percent-decoding (HTTP binding 3.1.3)."""
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = _QUOTED_ESCAPE.sub(r"\1", text[1:-1])
    try:
        decoded = urllib.parse.unquote_to_bytes(text).decode("utf-8")
    except UnicodeError:
        raise problem(name, "is not valid percent-encoded UTF-8", "UTF-8 text with %XX escapes") from None
    if "\x00" in decoded:
        raise problem(name, "contains a NUL character", "text without NUL (U+0000) characters")
    return decoded


# --- customer reports: the form on a status page or in the AI product -------------------------------------------

_REPORT_LIMITS = {"what_happened": 5000, "when": 500, "contact": 320, "feature": 200}
_REPORT_TYPES = "application/json or application/x-www-form-urlencoded"


class CustomerReportFormat:
    name = "customer_report"

    def parse(self, body: bytes, headers: Mapping[str, str]) -> Delivery:
        fields = _report_fields(body, media_type(headers))
        what, when, _contact, feature = (  # contact is only checked: see below
            read_string(
                fields,
                key,
                "",
                required=key == "what_happened",
                max_length=limit,
                allowed=f"text, at most {limit} characters",
            )
            for key, limit in _REPORT_LIMITS.items()
        )
        what = (what or "").strip()  # required: never None
        labels = {"source": "customer_report"} | ({"feature": feature.strip()} if feature and feature.strip() else {})
        # contact is personal data: it stays in raw, read where access is checked, not in notifications.
        annotations = {"what_happened": what} | ({"when": when.strip()} if when and when.strip() else {})
        return Delivery(
            format=self.name,
            envelope={},
            events=[
                SignalEvent(
                    format=self.name,
                    dedup_key=None,
                    action=SignalAction.TRIGGER,
                    title=" ".join(what.split())[:120],  # one line: the report's first words
                    severity=None,
                    labels=labels,
                    annotations=annotations,
                    occurred_at=None,  # "when" is the customer's own words ("yesterday around 5"), not a timestamp
                    group_key=None,
                    links=[],
                    raw=fields,
                )
            ],
        )


def _report_fields(body: bytes, media: str | None) -> dict:
    # Without a Content-Type, a body that opens like a JSON object is read as one, anything else as a form.
    if _is_json(media) or (media is None and body.lstrip().startswith(b"{")):
        return read_object(load_json(body), "")
    if media not in (None, "application/x-www-form-urlencoded"):
        raise InvalidInput(f"Content-Type {media[:80]!r} is not accepted for a customer report", allowed=_REPORT_TYPES)
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=50)
    except ValueError:  # bad UTF-8 (also inside %XX escapes) or too many fields
        raise InvalidInput(
            "the body is not a UTF-8 form of at most 50 fields", allowed=_REPORT_TYPES, details={"path": ""}
        ) from None
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:
            raise problem(key, "is given more than once", "each field once")
        fields[key] = value
    return fields


# --- the registry -------------------------------------------------------------------------------------------------

FORMATS: dict[str, SignalFormat] = {
    format.name: format
    for format in (
        AlertmanagerFormat(),
        GrafanaFormat(),
        PagerDutyEventsV2Format(),
        CloudEventsFormat(),
        CustomerReportFormat(),
    )
}


def signal_format(name: str) -> SignalFormat:
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        raise NotFound(
            f"no signal format named {str(name)[:80]!r}", allowed="one of: " + ", ".join(sorted(FORMATS))
        ) from None
