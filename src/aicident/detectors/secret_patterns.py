"""The formats of vendor secrets the leak scanner knows (redact.py): each pattern with its entity, rule, confidence and
the literal prefixes it needs, so it runs only on text holding one of them. Pure data.
"""

from __future__ import annotations

import re

_AWS_PREFIXES = ("AKIA", "ASIA", "ABIA", "ACCA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA")
# (entity, rule, pattern, confidence, literal prefixes: the pattern only runs when one of them is in the text)
_SECRET_PATTERNS: tuple[tuple[str, str, re.Pattern[str], float, tuple[str, ...]], ...] = (
    (
        "aws_access_key",
        "aws_key_id",
        re.compile(r"\b(?:" + "|".join(_AWS_PREFIXES) + r")[A-Z0-9]{16}\b"),
        0.97,
        _AWS_PREFIXES,
    ),
    (
        "github_token",
        "github_classic",
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b"),
        0.97,
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    ),
    (
        "github_token",
        "github_fine_grained",
        re.compile(r"\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b"),
        0.97,
        ("github_pat_",),
    ),
    (
        "slack_token",
        "slack_token",
        re.compile(r"\bxox[abposre]-(?:[A-Za-z0-9]+-){1,4}[A-Za-z0-9]{6,}\b"),
        0.95,
        ("xox",),
    ),
    (
        "slack_token",
        "slack_webhook",
        re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}"),
        0.95,
        ("hooks.slack.com",),
    ),
    ("stripe_key", "stripe_live", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,247}\b"), 0.97, ("k_live_",)),
    ("google_api_key", "google_api_key", re.compile(r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), 0.95, ("AIza",)),
    (
        "private_key",
        "pem_private_key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
            r"(?:[\s\S]{0,8192}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?"
        ),
        0.99,
        ("PRIVATE KEY",),
    ),
)
_SECRET_PREFIX = re.compile("|".join(re.escape(p) for *_, prefixes in _SECRET_PATTERNS for p in prefixes))
