"""Detector findings as signals: they enter through the same routing, dedup and incident log as monitoring alerts."""

from __future__ import annotations

from aicident.detectors.model import Finding, FindingAction
from aicident.signals.model import Delivery, SignalAction, SignalEvent

FORMAT = "detector"


def finding_to_signal(finding: Finding) -> SignalEvent:
    evidence = {"event_ids": list(finding.evidence.event_ids), "excerpt": finding.evidence.excerpt}
    labels = {"aicident_category": finding.category, "detector": finding.detector, "feature": finding.feature}
    if finding.provider:  # routing rules can match a vendor finding on its provider and model
        labels["provider"] = finding.provider
    if finding.model:
        labels["model"] = finding.model
    return SignalEvent(
        format=FORMAT,
        dedup_key=finding.dedup_key,
        action=SignalAction.RESOLVE if finding.action == FindingAction.RESOLVE else SignalAction.TRIGGER,
        title=finding.title,
        severity=finding.severity,
        labels=labels,
        annotations={
            "description": finding.title,
            "confidence": f"{finding.confidence:.2f}",
            "excerpt": finding.evidence.excerpt,
        },
        occurred_at=finding.time,
        raw={
            "detector": finding.detector,
            "category": finding.category,
            "confidence": finding.confidence,
            "evidence": evidence,
            "details": _plain(finding.details),
        },
    )


def findings_delivery(findings: list[Finding]) -> Delivery:
    return Delivery(format=FORMAT, events=[finding_to_signal(f) for f in findings], envelope={})


def _plain(value: object) -> object:
    """Details as JSON: mappings, sequences and scalars only."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
