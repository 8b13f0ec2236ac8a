"""The report as Markdown, HTML (raw HTML in the text is escaped, never passed through) and PDF (optional extra)."""

from __future__ import annotations

import html
import unicodedata

from markdown_it import MarkdownIt

from aicident.errors import InvalidInput

FORMATS = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #ddd}"
)


def _markdown() -> MarkdownIt:
    # "js-default": CommonMark plus tables and strikethrough with html=False, so a <script> in the text is shown as
    # text; link targets like javascript: are refused by markdown-it's own link check.
    return MarkdownIt("js-default")


def to_html(markdown: str, *, title: str) -> str:
    body = _markdown().render(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<article>\n{body}</article>\n</body>\n</html>\n"
    )


# The PDF core fonts cover Latin-1 only; common typographic characters get their plain equivalents.
_PLAIN = {
    "\u2014": "-",
    "\u2013": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2192": "->",
    "\u2022": "-",
    "\u00a0": " ",
}


def _latin1(text: str) -> str:
    text = "".join(_PLAIN.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKC", text)
    return text.encode("latin-1", "replace").decode("latin-1")


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def to_pdf(markdown: str, *, title: str) -> bytes:
    """A plain, printable PDF: headings, paragraphs, lists and code as text (needs the `pdf` extra: fpdf2)."""
    try:
        from fpdf import FPDF  # an optional extra: imported only when a PDF is asked for
    except ImportError:
        raise InvalidInput(
            "PDF export needs the optional PDF extra, which is not installed",
            allowed="install it with `pip install 'aicident[pdf]'`, or export as md or html",
        ) from None
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("aicident")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    sizes = {"h1": 16, "h2": 13, "h3": 11}
    heading = None
    bullet = []
    for token in _markdown().parse(markdown):
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            bullet.append(0 if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullet.pop()
        elif token.type == "list_item_open" and bullet and bullet[-1] is not None:
            bullet[-1] += 1
        elif token.type == "inline":
            text = _latin1(_inline_text(token))
            if heading:
                pdf.ln(2)
                pdf.set_font("Helvetica", "B", sizes.get(heading, 11))
                pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("Helvetica", "", 10)
                marker = ""
                if bullet:
                    marker = "- " if bullet[-1] is None else f"{bullet[-1]}. "
                pdf.set_x(pdf.l_margin + 5 * len(bullet))
                pdf.multi_cell(0, 5, marker + text, new_x="LMARGIN", new_y="NEXT")
        elif token.type in ("fence", "code_block"):
            pdf.set_font("Courier", "", 9)
            pdf.multi_cell(0, 4.5, _latin1(token.content), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def export(markdown: str, *, title: str, format: str) -> bytes | str:
    if format not in FORMATS:
        raise InvalidInput(f"unknown report format {format!r}", allowed=f"one of: {', '.join(FORMATS)}")
    if format == "md":
        return markdown
    if format == "html":
        return to_html(markdown, title=title)
    return to_pdf(markdown, title=title)
