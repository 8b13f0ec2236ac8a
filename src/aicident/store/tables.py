"""The tables. Migrations create them; this module only describes them for queries."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, text

from aicident.store.types import UTCDateTime

metadata = MetaData()

plans = Table(
    "plans",
    metadata,
    Column("version", String(80), primary_key=True),
    Column("document", JSON, nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
)

incident_counters = Table(
    "incident_counters",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("ref", String(32), nullable=False, unique=True),
    Column("plan_version", String(80), ForeignKey("plans.version"), nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("category", String(64), nullable=False),
    Column("severity", String(32)),
    Column("stage", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("source", String(32), nullable=False),
    Column("declared_at", UTCDateTime, nullable=False),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("became_aware_at", UTCDateTime, nullable=False),
    Column("triaged_at", UTCDateTime),
    Column("contained_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("closed_at", UTCDateTime),
    Column("ai_system", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("record", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("log_count", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_incidents_status", "status"),
    Index("ix_incidents_category", "category"),
    Index("ix_incidents_severity", "severity"),
    Index("ix_incidents_stage", "stage"),
)

# Append-only: the code has no update or delete path for this table (DESIGN.md rule 4).
incident_log = Table(
    "incident_log",
    metadata,
    Column("incident_id", String(36), ForeignKey("incidents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("type", String(40), nullable=False),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("key_id", String(16)),  # the log key of `hash`; none for entries from before the logs were keyed
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("incident_id", String(36), ForeignKey("incidents.id"), primary_key=True),
    Column("kind", String(64), primary_key=True),
    Column("label", Text, nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("met_at", UTCDateTime),
    Column("waived", Boolean, nullable=False),
    Column("breach_logged_at", UTCDateTime),
    Column("reminded_fraction", Float),  # the last reminder sent (0.5, 0.9 of the window); reset when due moves
    Index("ix_deadlines_due_open", "due_at"),
)

people = Table(
    "people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("handle", String(100), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("email", String(320), nullable=False),
    Column("chat", String(200), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("admin", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime),
    Column("slack_id", String(32), unique=True),  # the person's Slack user id (U...), for the Slack app
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("person_id", String(36), ForeignKey("people.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

integrations = Table(
    "integrations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("format", String(32), nullable=False),
    Column("secret", String(200), nullable=False, unique=True),
    Column("rate_per_minute", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime),
    # After a rotation the old secret stays valid until previous_secret_until (a grace period for senders).
    Column("previous_secret", String(200)),
    Column("previous_secret_until", UTCDateTime),
    Index("ix_integrations_previous_secret", "previous_secret"),
)

# One row per distinct signal: repeats add occurrences; `open_key` is unique while the signal is not resolved,
# and NULL after, so the same dedup key opens a new signal once the old one resolved.
signals = Table(
    "signals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("integration", String(100), nullable=False),
    Column("format", String(32), nullable=False),
    Column("dedup_key", String(600), nullable=False),
    Column("open_key", String(700), unique=True),
    Column("status", String(16), nullable=False),
    Column("inbox", String(16), nullable=False),
    Column("incident_id", String(36), ForeignKey("incidents.id")),
    Column("title", Text, nullable=False),
    Column("severity", String(64)),
    Column("labels", JSON, nullable=False),
    Column("annotations", JSON, nullable=False),
    Column("group_key", Text),
    Column("links", JSON, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("envelope", JSON, nullable=False),
    Column("rule", Text),
    Column("occurrences", Integer, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
    Column("dismissed_reason", Text),
    # The incident log holds occurrences 1 to summarized_occurrences; the rest await the next summary entry, due
    # once summarized_at (the signal's last entry) is a summary interval old.
    Column("summarized_occurrences", Integer, nullable=False, server_default="1"),
    Column("summarized_at", UTCDateTime),
    Index("ix_signals_inbox", "inbox"),
    Index("ix_signals_incident", "incident_id"),
    Index("ix_signals_dedup", "integration", "dedup_key"),
    Index(
        "ix_signals_summary_due",
        "summarized_at",
        sqlite_where=text("open_key IS NOT NULL"),
        postgresql_where=text("open_key IS NOT NULL"),
    ),
    Index(
        "ix_signals_open_group",
        "integration",
        "group_key",
        sqlite_where=text("open_key IS NOT NULL"),
        postgresql_where=text("open_key IS NOT NULL"),
    ),
)

# The CloudEvents (source, id) of every event an integration delivered: a redelivery is recognised and changes nothing.
signal_events = Table(
    "signal_events",
    metadata,
    Column("integration", String(100), primary_key=True),
    Column("event_id", String(700), primary_key=True),
    Column("received_at", UTCDateTime, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("principal", String(36), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("response_status", Integer),
    Column("response_body", JSON),
    Column("created_at", UTCDateTime, nullable=False),
)

# Only what idempotency needs: the text of an interaction is evidence, kept by the application, not here.
interaction_events = Table(
    "interaction_events",
    metadata,
    Column("integration", String(100), primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("feature", String(200), nullable=False),
    Column("time", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
)

# --- reports: versions of the post-incident report, and follow-ups (action items and lessons learned) ----------

# Append-only like the log: an edit is a new version; publishing stamps the version it published.
report_versions = Table(
    "report_versions",
    metadata,
    Column("incident_id", String(36), ForeignKey("incidents.id"), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("markdown", Text, nullable=False),
    Column("change", String(200), nullable=False),
    Column("edited_sections", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("published_at", UTCDateTime),
    Column("published_by", String(200)),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", String(48), primary_key=True),
    Column("incident_id", String(36), ForeignKey("incidents.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("owner", String(200)),
    Column("due_on", String(10)),
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("change_ref", String(300)),
    Column("origin", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("updated_at", UTCDateTime),
    Column("updated_by", String(200)),
    Column("version", Integer, nullable=False),
    Column("reminded_on", String(10)),
    Index("ix_follow_ups_incident", "incident_id", "number", unique=True),
    Index("ix_follow_ups_open_due", "status", "due_on"),
    Index("ix_follow_ups_owner", "owner"),
)


# --- notify: the transactional outbox ----------------------------------------------------------------------------
# A row is written in the transaction of the change that caused it; workers claim due rows with a conditional
# update and a lease, so any number of them is safe and a worker that dies mid-send loses nothing.
outbox = Table(
    "outbox",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("channel", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("incident_id", String(36)),
    Column("incident_ref", String(32)),
    Column("obligation_id", String(100)),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("window_started_at", UTCDateTime, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("claim", String(36)),
    Column("leased_by", String(200)),
    Column("lease_until", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("finished_at", UTCDateTime),
    Column("last_error", Text),
    Column("last_status", Integer),
    Column("retried_by", String(200)),
    Column("retried_at", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_outbox_state_due", "state", "next_attempt_at"),
    Index("ix_outbox_incident", "incident_id"),
    Index("ix_outbox_obligation", "obligation_id"),
    Index("ix_outbox_created", "created_at"),
)

outbox_attempts = Table(
    "outbox_attempts",
    metadata,
    Column("message_id", String(200), ForeignKey("outbox.id"), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("worker", String(200), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("reason", Text),
    Column("http_status", Integer),
)


# --- comms: drafts of communications, their versions and approvals, and the affected customers -------------------
# A draft meets one obligation; every edit is a new, immutable version; an approval is for the exact text of one
# version (its hash), so editing after approval needs approving again; the version sent is kept.
comm_drafts = Table(
    "comm_drafts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("incident_id", String(36), ForeignKey("incidents.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("obligation", String(100), nullable=False),
    Column("audience", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("sent_version", Integer),
    Column("sent_at", UTCDateTime),
    Column("sent_by", String(200)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Index("ix_comm_drafts_incident", "incident_id", "number", unique=True),
)

comm_draft_versions = Table(
    "comm_draft_versions",
    metadata,
    Column("draft_id", String(40), ForeignKey("comm_drafts.id"), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("edited_at", UTCDateTime, nullable=False),
    Column("edited_by", String(200), nullable=False),
)

comm_approvals = Table(
    "comm_approvals",
    metadata,
    Column("draft_id", String(40), ForeignKey("comm_drafts.id"), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("role", String(100), primary_key=True),
    Column("person", String(200), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("approved_at", UTCDateTime, nullable=False),
)

affected_customers = Table(
    "affected_customers",
    metadata,
    Column("incident_id", String(36), ForeignKey("incidents.id"), primary_key=True),
    Column("email", String(320), primary_key=True),
    Column("name", Text, nullable=False),
    Column("customer_id", String(200), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("added_by", String(200), nullable=False),
)

# --- web sessions and passwords ------------------------------------------------------------------------------
# `id` is the SHA-256 of the cookie's secret: a copy of the table does not sign anyone in. A session made from a
# personal token ends when that token is revoked or expires.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("person_id", String(36), ForeignKey("people.id"), nullable=False),
    Column("token_id", String(36), ForeignKey("api_tokens.id")),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Index("ix_web_sessions_person", "person_id"),
)

# Optional: people may also sign in to the web UI with a password, kept as an scrypt hash with its parameters.
web_passwords = Table(
    "web_passwords",
    metadata,
    Column("person_id", String(36), ForeignKey("people.id"), primary_key=True),
    Column("hash", String(300), nullable=False),
    Column("set_at", UTCDateTime, nullable=False),
)

# --- containment: feature controls, their changes, and the audit log ----------------------------------------------

# One row per feature whose controls were ever set (features named only in the plan are at their plan defaults).
feature_controls = Table(
    "feature_controls",
    metadata,
    Column("feature", String(100), primary_key=True),
    Column("controls", JSON, nullable=False),
    Column("registered", Boolean, nullable=False),  # registered through the API or CLI rather than the plan
    Column("updated_at", UTCDateTime, nullable=False),
)

# A single row whose number goes up with every change of any feature's controls: the ETag of GET /controls, what
# streams poll, and the row lock that puts concurrent control changes in order.
controls_version = Table(
    "controls_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

control_changes = Table(
    "control_changes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("feature", String(100), nullable=False),
    Column("state", String(16), nullable=False),
    Column("actions", JSON, nullable=False),
    Column("changes", JSON, nullable=False),
    Column("before", JSON, nullable=False),
    Column("after", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("incident_ref", String(32)),
    Column("requested_by", String(200), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", UTCDateTime),
    Column("applied_at", UTCDateTime),
    Column("expires_at", UTCDateTime),
    Column("reverted_at", UTCDateTime),  # set once by whoever reverts it (an expiry claim or a restore)
    Column("revert_of", String(36)),
    Index("ix_control_changes_feature", "feature", "requested_at"),
    Index("ix_control_changes_incident", "incident_ref"),
    Index("ix_control_changes_expiry", "expires_at"),
)

# Append-only and hash chained like the incident log; `audit_head` keeps the count and the last hash for verify.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(80), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("key_id", String(16)),
    Index("ix_audit_log_subject", "subject"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

# The key the logs are keyed with (its id and public half; the secret lives outside the database).
log_keys = Table(
    "log_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
)

# --- the Slack app ---------------------------------------------------------------------------------------------

# One row per incident that has a Slack channel: what the handler queued (header_hash) and what Slack answered
# (channel_id, header_ts, header_seq: the log entry the header shown reflects), and a permanent failure, if any.
slack_channels = Table(
    "slack_channels",
    metadata,
    Column("incident_id", String(36), ForeignKey("incidents.id"), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("channel_id", String(32), unique=True),
    Column("topic_set", Boolean, nullable=False),
    Column("header_ts", String(32)),
    Column("header_seq", Integer),
    Column("header_hash", String(64), nullable=False),
    Column("pinned", Boolean, nullable=False),
    Column("archived_at", UTCDateTime),
    Column("last_error", Text),
    Column("last_error_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Messages posted with chat.postMessage, by outbox message id: a retry after a post whose answer was lost finds
# the message by its metadata instead of posting it again.
slack_posts = Table(
    "slack_posts",
    metadata,
    Column("message_id", String(200), primary_key=True),
    Column("channel_id", String(32), nullable=False),
    Column("ts", String(32)),
    Column("started_at", UTCDateTime, nullable=False),
    Column("posted_at", UTCDateTime),
)

# Inbound events already acted on (Events API event_id): Slack's retries (X-Slack-Retry-Num) have no second effect.
slack_events = Table(
    "slack_events",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("received_at", UTCDateTime, nullable=False),
    Index("ix_slack_events_received", "received_at"),
)
