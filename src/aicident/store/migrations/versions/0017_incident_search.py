"""The full-text index of incidents (aicident.incidents.search), filled with the incidents that exist already.

SQLite: an FTS5 table. PostgreSQL: a table with a generated tsvector column ('simple' configuration: the words are
prepared in Python, the same for both) and a GIN index. The words are split here exactly as
`aicident.incidents.search.words` splits them; this file keeps its own copy so that it reads the same in a year.

Revision ID: incident_search
Revises: controls_in_force
Create Date: 2026-12-01
"""

import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "incident_search"
down_revision = "controls_in_force"
branch_labels = None
depends_on = None

_WORD = re.compile(r"[^\W_]+")
_SKIP_KEYS = re.compile(r"(^at|hash|_at)$")
BATCH = 2000


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return " ".join(_WORD.findall("".join(c for c in folded if not unicodedata.combining(c))))


def _strings(value, key=""):
    if isinstance(value, str):
        if not _SKIP_KEYS.search(key):
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, str(name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item, key)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE incident_search (incident_id VARCHAR(36) NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, "
            "document tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED, "
            "PRIMARY KEY (incident_id, seq))"
        )
        op.execute("CREATE INDEX ix_incident_search_document ON incident_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE incident_search USING fts5(incident_id UNINDEXED, seq UNINDEXED, body, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    search = sa.table("incident_search", sa.column("incident_id"), sa.column("seq"), sa.column("body"))
    incidents = bind.execute(
        sa.text("SELECT id, ref, title, summary, category, ai_system FROM incidents ORDER BY id")
    ).all()
    for incident in incidents:
        system = [str(v) for v in (_json(incident.ai_system) or {}).values() if v]
        parts = [incident.ref, incident.title, incident.summary, incident.category, *system]
        rows = [{"incident_id": incident.id, "seq": 0, "body": _words(" ".join(p for p in parts if p))}]
        entries = bind.execute(
            sa.text("SELECT seq, type, data FROM incident_log WHERE incident_id = :id ORDER BY seq"),
            {"id": incident.id},
        ).all()
        for entry in entries:
            data = _json(entry.data) or {}
            if entry.type == "signal" and int(data.get("occurrence") or 1) > 1:
                continue
            body = _words(" ".join(_strings(data)))
            if body:
                rows.append({"incident_id": incident.id, "seq": entry.seq, "body": body})
            if len(rows) >= BATCH:
                op.bulk_insert(search, rows)
                rows = []
        if rows:
            op.bulk_insert(search, rows)


def downgrade() -> None:
    op.execute("DROP TABLE incident_search")
