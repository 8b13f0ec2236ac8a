"""The presenters of log entries: one per medium (plain text, HTML, Markdown), each rendering the phrase an entry
record says it reads as (pure). The CLI, emails and the API's `text` use plain text; the web UI HTML; the
post-incident report Markdown."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from markupsafe import Markup, escape

from aicident.incidents.entries import Entry, Phrase, Term, Words
from aicident.plan.schema import Plan


def words_of(plan: Plan) -> Words:
    """The plan's names for roles, stages and categories."""
    return Words(
        roles={r.id: r.name for r in plan.roles},
        stages={s.id: s.name for s in plan.stages},
        categories={c.id: c.name for c in plan.categories},
    )


def moment(iso: str) -> str:
    """A stored ISO 8601 moment as people read it, in UTC to the minute (one format everywhere)."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


def _shorten(text: str, limit: int | None) -> str:
    if limit is None:
        return text
    stripped = text.strip()
    first = stripped.splitlines()[0] if stripped else ""
    if len(first) > limit:
        return first[: limit - 1] + "…"
    return first + ("…" if first != stripped else "")


def _text_term(term: Term, quote_limit: int | None) -> str:
    if term.kind == "time":
        return moment(term.text)
    return _shorten(term.text, quote_limit if term.kind == "quote" else None)


def text(phrase: Phrase, *, quote_limit: int | None = None) -> str:
    return "".join(part if isinstance(part, str) else _text_term(part, quote_limit) for part in phrase)


def as_text(record: Entry, words: Words, *, quote_limit: int | None = None) -> str:
    """One line of plain text; `quote_limit` shortens what people wrote to its first line and that many characters."""
    return text(record.phrase(words), quote_limit=quote_limit)


def _html_term(term: Term) -> Markup:
    if term.kind == "value":
        return Markup("<strong>%s</strong>") % term.text
    if term.kind == "person":
        return Markup('<span class="person">%s</span>') % term.text
    if term.kind == "time":
        return Markup('<time datetime="%s">%s</time>') % (term.text, moment(term.text))
    if term.kind == "link" and re.match(r"https?://", term.text):
        return Markup('<a href="%s" rel="noopener noreferrer nofollow">%s</a>') % (term.text, term.text)
    return escape(term.text)


def as_html(record: Entry, words: Words) -> Markup:
    """HTML, escaped: values set in bold, people marked, links that are web addresses made links."""
    return Markup("").join(escape(part) if isinstance(part, str) else _html_term(part) for part in record.phrase(words))


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>#|])")


def _markdown_term(term: Term) -> str:
    if term.kind == "time":
        return moment(term.text)
    if term.kind == "quote":
        return " ".join(term.text.split())  # what people wrote, as they wrote it, on one line
    if term.kind == "link":
        return f"<{term.text}>" if re.match(r"https?://\S+$", term.text) else _MARKDOWN_ACTIVE.sub(r"\\\1", term.text)
    escaped = _MARKDOWN_ACTIVE.sub(r"\\\1", term.text)
    return f"**{escaped}**" if term.kind == "value" else escaped


def as_markdown(record: Entry, words: Words) -> str:
    """One line of Markdown: values in bold, what people wrote kept as written."""
    return "".join(part if isinstance(part, str) else _markdown_term(part) for part in record.phrase(words))
