"""The incident's vocabulary: statuses, what triggered it, the types of log entry, root-cause layers (pure)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Source(StrEnum):
    CUSTOMER_REPORT = "customer_report"
    MONITORING_ALERT = "monitoring_alert"
    INTERNAL_OBSERVATION = "internal_observation"


class EntryType(StrEnum):
    DECLARED = "declared"
    NOTE = "note"
    STAGE_CHANGE = "stage_change"
    SEVERITY_CHANGE = "severity_change"
    ROLE_CHANGE = "role_change"
    FACT_CHANGE = "fact_change"
    CONTAINMENT_ACTION = "containment_action"
    ROOT_CAUSE = "root_cause"
    RESOLUTION = "resolution"
    COMMUNICATION = "communication"
    COMMUNICATION_WAIVED = "communication_waived"
    EVIDENCE = "evidence"
    ACTION_ITEM = "action_item"
    REPORT = "report"
    REVIEW = "review"
    CLOSED = "closed"
    REOPENED = "reopened"
    SIGNAL = "signal"
    SIGNAL_SUMMARY = "signal_summary"
    DEADLINE_BREACHED = "deadline_breached"
    CLOCK_EVENT = "clock_event"
    DRAFT = "draft"
    APPROVAL = "approval"
    REMINDER = "reminder"


ROOT_CAUSE_LAYERS = ("model", "prompt", "data", "integration")
