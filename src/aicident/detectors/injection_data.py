"""The part of a user's message that is data for the model to process, not the user's own request.

"Translate this into French: <text>", "Summarise the email below" followed by the email, a résumé pasted after
"screen this candidate", a document between triple quotes, code fences or `<document>` tags, lines quoted with
">": the text after the request is a document like a retrieved passage, and an instruction in it addressed to
whoever reads it is an injection (injection_planted.py), where the same words in the user's own request may be an
ordinary edit ("ignore the above and make it shorter").

Found cheaply, on the raw message: a delimiter (a fence, triple quotes, a tag, a line of dashes or equals signs, a
"BEGIN" marker, a line quoted with ">"), or a request to process text (translate, summarise, proofread, screen,
...) in the first `REQUEST_REACH` characters followed by a colon or a line break, or a blank line there after a
question or a colon (a question, then the text it is about). The data must be at least `MIN_DATA` characters; quotation marks around all of it are
dropped (a text given in quotes is not a quotation inside it). A message without any of these has no data part.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re

REQUEST_REACH = 300
MIN_DATA = 40

_DELIMITER = re.compile(
    r'"""|\'\'\'|```|~~~|<(?:document|doc|text|email|article|content|data|input|context|page|file|resume|cv|'
    r"passage|message|review|record|snippet|source)\b[^>\n]{0,40}>|^[ \t]*(?:-{3,}|={3,}|\*{3,}|_{3,}|#{3,})[ \t]*$|"
    r"\[(?:begin|start)[^\]\n]{0,40}\]|-{2,} ?(?:begin|start)\b[^\n]{0,40}|^>",
    re.IGNORECASE | re.MULTILINE,
)
# What every delimiter holds (a substring test each, before the regex): a text with none of them has no delimiter.
_DELIMITER_MARKS = ('"""', "'''", "```", "~~~", "<", "---", "===", "***", "___", "###", "[", "--", ">")
# A request to do something with a text that follows. A colon or a line break after it starts the text.
_REQUEST = re.compile(
    r"(?i)\b(?:summari[sz]e|summary|tl;?dr|translate|translation|proofread|rewrite|rephrase|paraphrase|reword|"
    r"classify|categori[sz]e|analy[sz]e|review|extract|screen|evaluate|assess|grade|rate|score|rank|correct|fix|"
    r"edit|improve|polish|check|reply to|respond to|answer|read|simplify|shorten|condense|format|convert|"
    r"sentiment|detect|label|tag|moderate|explain|what does|key points|main points|bullet|outline|"
    r"zusammenfass\w*|übersetz\w*|resum\w*|tradu\w*|riassum\w*|vertaal\w*|samenvat\w*)\b"
)
_START = re.compile(r":[ \t]*\n?|\n")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_OPENING = "\"'“‘«`"
_CLOSING = "\"'”’»`"


def data_part(text: str) -> tuple[int, str] | None:
    """(offset, text) of the data in a user's message, or None when the message has no data part."""
    if len(text) < MIN_DATA + 10:
        return None
    delimiter = _DELIMITER.search(text) if any(mark in text for mark in _DELIMITER_MARKS) else None
    if delimiter is not None and len(text) - delimiter.end() >= MIN_DATA:
        start = delimiter.end() if text[delimiter.start()] != ">" else delimiter.start()
        return start, text[start:]
    if ":" not in text and "\n" not in text:
        return None  # neither a colon nor a line break: nothing can start a text
    request = _REQUEST.search(text, 0, REQUEST_REACH)
    begin = None if request is None else _START.search(text, request.end(), REQUEST_REACH + 80)
    if begin is None:  # a question or a colon, a blank line, then the text it is about
        begin = _BLANK_LINE.search(text, 0, REQUEST_REACH)
        if begin is not None and not text[: begin.start()].rstrip().endswith(("?", ":")):
            begin = None
    if begin is None or len(text) - begin.end() < MIN_DATA:
        return None
    return _unquoted(text, begin.end())


def _unquoted(text: str, start: int) -> tuple[int, str]:
    """The data from `start`, without the quotation marks around all of it (a quoted text is not a quotation)."""
    while start < len(text) and text[start].isspace():
        start += 1
    end = len(text.rstrip())
    if end - start >= 2 and text[start] in _OPENING and text[end - 1] in _CLOSING:
        return start + 1, text[start + 1 : end - 1]
    return start, text[start:]
