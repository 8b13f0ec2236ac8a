"""Many rows in one PostgreSQL statement: sent as one JSON document that `json_to_recordset` turns back into rows, so
the statement's text is the same whatever their number (it stays prepared) and the driver sends one parameter, not
one execution per row or an array per column."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def pg_json_rows(rows: list[dict]) -> str:
    """Rows as one JSON document for `json_to_recordset`: a JSON column's value nested as it is (the text extracted
    is what the column type would have stored: the same serializer), a moment as ISO 8601 in UTC."""
    return json.dumps(
        [{k: v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for k, v in row.items()} for row in rows]
    )
