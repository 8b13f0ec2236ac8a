"""Finding incidents: the full-text index of what an incident says, and the orders and cursors of the list.

The index is one table, `incident_search`: a row for the incident's own words (reference, title, summary, category,
the affected feature and model; seq 0) and a row per log entry that carries text (notes, evidence, root cause,
resolution, communications, the first occurrence of a signal...; seq = the entry's). The repository writes them in
the same transaction as the incident and its log (`IncidentRepository.save`, which the change path calls), so the
index is always in step; the migration `incident_search` indexed the incidents that existed before it.

SQLite keeps it in an FTS5 table, PostgreSQL in a table with a generated tsvector column and a GIN index. Text is
split into words here (letters and digits, lower case, accents removed) before either database sees it, so both
answer the same query with the same incidents. Every word of a query must occur somewhere in the incident; the last
one may be the start of a word.

The list's pages are keyset pages: a cursor carries the sort keys of the last row and the moment the first page was
drawn (what "overdue" was measured against), so a page never repeats or skips a row while deadlines pass.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy import column as sql_column
from sqlalchemy.sql.elements import ColumnElement

from aicident.errors import InvalidInput
from aicident.store.tables import deadlines, incidents

# Not part of `store.tables.metadata`: its shape differs by database (an FTS5 virtual table on SQLite).
search_index = MetaData()
incident_search = Table(
    "incident_search",
    search_index,
    Column("incident_id", String(36)),
    Column("seq", Integer),
    Column("body", Text),
)

MAX_TERMS = 8
MAX_QUERY = 200
_WORD = re.compile(r"[^\W_]+")
_SKIP_KEYS = re.compile(r"(^at|hash|_at)$")  # digests and moments are not words anyone searches for


def words(text: str) -> list[str]:
    """The words of a text as the index keeps them: letters and digits, lower case, without accents."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def _strings(value: object, key: str = "") -> Iterable[str]:
    if isinstance(value, str):
        if not _SKIP_KEYS.search(key):
            yield value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _strings(item, str(name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item, key)


def entry_body(entry_type: str, data: Mapping) -> str:
    """What a log entry says, as indexed words ('' when it says nothing worth finding). A repeated signal is found
    through its first occurrence."""
    if entry_type == "signal" and int(data.get("occurrence") or 1) > 1:
        return ""
    return " ".join(words(" ".join(_strings(data))))


def incident_body(incident) -> str:
    """The incident's own words: reference, title, summary, category and the affected AI system."""
    system = vars(incident.ai_system)
    parts = [incident.ref, incident.title, incident.summary, incident.category, *(v for v in system.values() if v)]
    return " ".join(words(" ".join(str(p) for p in parts if p)))


def rows_for(incident, entries: Sequence, *, declared: bool) -> list[dict]:
    """Index rows for the incident's new log entries (and its own words when it was just declared)."""
    rows = [{"incident_id": incident.id, "seq": 0, "body": incident_body(incident)}] if declared else []
    for entry in entries:
        body = entry_body(str(entry.type), entry.data)
        if body:
            rows.append({"incident_id": incident.id, "seq": entry.seq, "body": body})
    return rows


def query_terms(text: str | None) -> list[str]:
    """The words of a search, at most MAX_TERMS of them; refuses a query longer than MAX_QUERY characters."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY:
        raise InvalidInput(f"a search of {len(text)} characters is too long", allowed=f"up to {MAX_QUERY} characters")
    return words(text)[:MAX_TERMS]


def _term_matches(dialect: str, term: str, prefix: bool):
    """The ids of incidents with a row containing the word (or a word starting with it)."""
    if dialect == "postgresql":
        found = table("incident_search", sql_column("incident_id"), sql_column("document"))
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), literal(f"{term}:*" if prefix else term))
        return select(found.c.incident_id).where(found.c.document.op("@@")(tsquery))
    # FTS5: a quoted string is one token whatever it holds; '*' after it makes it a prefix query.
    fts = table("incident_search", sql_column("incident_id"))
    pattern = f'"{term}"' + ("*" if prefix else "")
    return select(fts.c.incident_id).where(literal_column("incident_search").op("MATCH")(literal(pattern)))


def text_filter(dialect: str, text: str | None) -> ColumnElement | None:
    """Incidents whose words contain every word of `text` (the last as a prefix); None when it has no words."""
    terms = query_terms(text)
    if not terms:
        return None
    return and_(
        *(
            incidents.c.id.in_(_term_matches(dialect, term, prefix=index == len(terms) - 1))
            for index, term in enumerate(terms)
        )
    )


def holder_filter(dialect: str, person: str) -> ColumnElement:
    """Incidents on which `person` holds a role now."""
    if dialect == "postgresql":
        element = func.json_array_elements(incidents.c.roles).table_valued("value").alias("held")
        value = element.c.value
        return exists(
            select(literal(1))
            .select_from(element)
            .where(
                value.op("->>")(literal_column("'person'")) == person,
                value.op("->>")(literal_column("'ended_at'")).is_(None),
            )
        )
    element = func.json_each(incidents.c.roles).table_valued("value").alias("held")
    value = element.c.value
    return exists(
        select(literal(1))
        .select_from(element)
        .where(
            func.json_extract(value, literal_column("'$.person'")) == person,
            func.json_extract(value, literal_column("'$.ended_at'")).is_(None),
        )
    )


# --- the orders of the list ---------------------------------------------------------------------------------------

SORTS = {
    "urgency": "overdue first, then open before closed, then the most severe, then the newest",
    "declared": "by the time of declaration (newest first)",
    "severity": "by severity (most severe first), then the newest",
    "stage": "by stage in the plan's order, then the newest",
    "title": "by title",
    "ref": "by reference (highest first)",
}
_NATURAL_DESCENDING = {"urgency": False, "declared": True, "severity": False, "stage": False, "title": False}
NO_RANK = 1_000_000  # a severity or stage the plan in force does not know sorts after the known ones


@dataclass(frozen=True)
class Order:
    """How the list is ordered: a sort of SORTS, its direction (None: the sort's natural one), and what the keys
    need: the moment overdue is measured against and the plan's ranks of severities and stages."""

    sort: str
    now: datetime
    severity_ranks: Mapping[str, int]
    stage_ranks: Mapping[str, int]
    descending: bool | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise InvalidInput(f"unknown sort {self.sort!r}", allowed=f"one of: {', '.join(SORTS)}")

    @property
    def is_descending(self) -> bool:
        return _NATURAL_DESCENDING.get(self.sort, True) if self.descending is None else self.descending


def _rank(column, ranks: Mapping[str, int]) -> ColumnElement:
    if not ranks:
        return literal(NO_RANK)
    return case(dict(ranks), value=column, else_=NO_RANK)


def overdue(now: datetime) -> ColumnElement:
    """1 for an incident that is not closed and has a deadline past due, neither met nor waived; else 0."""
    late = exists(
        select(literal(1)).where(
            deadlines.c.incident_id == incidents.c.id,
            deadlines.c.met_at.is_(None),
            deadlines.c.waived.is_(False),
            deadlines.c.due_at <= now,
        )
    )
    return case((and_(incidents.c.status != "closed", late), 1), else_=0)


def sort_keys(order: Order) -> list[tuple[ColumnElement, bool, str]]:
    """The ORDER BY of a sort as (expression, descending, kind of value); the last key is unique (the reference)."""
    down = order.is_descending
    newest = [(incidents.c.declared_at, True, "time"), (incidents.c.ref, True, "text")]
    if order.sort == "urgency":
        closed = case((incidents.c.status == "closed", 1), else_=0)
        return [
            (overdue(order.now), True, "int"),
            (closed, False, "int"),
            (_rank(incidents.c.severity, order.severity_ranks), False, "int"),
            *newest,
        ]
    if order.sort == "declared":
        return [(incidents.c.declared_at, down, "time"), (incidents.c.ref, down, "text")]
    if order.sort == "severity":
        return [(_rank(incidents.c.severity, order.severity_ranks), down, "int"), *newest]
    if order.sort == "stage":
        return [(_rank(incidents.c.stage, order.stage_ranks), down, "int"), *newest]
    if order.sort == "title":
        return [(incidents.c.title, down, "text"), (incidents.c.ref, down, "text")]
    return [(incidents.c.ref, down, "text")]


def after(keys: Sequence[tuple[ColumnElement, bool, str]], values: Sequence[object]) -> ColumnElement:
    """Rows that come after the row whose keys are `values`, in the order of `keys`."""
    clauses = []
    for index, (expression, descending, _kind) in enumerate(keys):
        same = [keys[i][0] == values[i] for i in range(index)]
        beyond = expression < values[index] if descending else expression > values[index]
        clauses.append(and_(*same, beyond))
    return or_(*clauses)


# --- cursors ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the sort it belongs to and the keys of the last row shown."""

    sort: str
    descending: bool
    as_of: datetime
    values: tuple

    def encode(self) -> str:
        def plain(value: object) -> object:
            return {"t": value.isoformat()} if isinstance(value, datetime) else value

        document = {
            "s": self.sort,
            "d": self.descending,
            "a": self.as_of.isoformat(),
            "v": [plain(v) for v in self.values],
        }
        raw = json.dumps(document, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_BAD_CURSOR = "the `next` value of the page before, unchanged"


def decode_cursor(text: str, keys: Sequence[tuple[ColumnElement, bool, str]], order: Order) -> Cursor:
    """A cursor read back and checked against the sort it is used with: a cursor is only good for its own sort."""
    try:
        document = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        sort, descending = document["s"], bool(document["d"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise InvalidInput("the cursor is not one this list gave", allowed=_BAD_CURSOR) from None
    if sort != order.sort or descending != order.is_descending:
        raise InvalidInput(
            f"the cursor belongs to the sort {sort!r}, not {order.sort!r}",
            allowed="the same sort and direction as the page it came from",
        )
    try:
        values = [_typed(v, kind) for v, (_e, _d, kind) in zip(document["v"], keys, strict=True)]
        cursor = Cursor(sort, descending, _aware(document["a"]), tuple(values))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInput("the cursor is not one this list gave", allowed=_BAD_CURSOR) from None
    return cursor


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a cursor's moments carry their offset")
    return moment


def _typed(value: object, kind: str) -> object:
    if kind == "time":
        if not isinstance(value, dict):
            raise TypeError(kind)
        return _aware(value["t"])
    expected = {"int": int, "text": str}[kind]
    if not isinstance(value, expected) or isinstance(value, bool):
        raise TypeError(kind)
    return value
