"""Text about attacks and quotations in it: a rule match inside either is as likely an example as an attempt.

Used by injection.py to discount a quoted payload in a security question, a paper or a write-up ("our red team saw
prompts like 'ignore all previous instructions'"). Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aicident.detectors.normalize import words_of

# Words of text that is *about* attacks; a quoted payload next to them is an example, not an attempt. Looked up in
# the text's word set (and a few phrases as substrings) rather than by regex: it is checked on every match.
_META_WORDS = frozenset(
    """injection injections attack attacks attacker attackers blog article paper adversary
adversaries adversarial researcher researchers redteam owasp vulnerability vulnerabilities exploit exploits classic
mitigate mitigates mitigated mitigating mitigation mitigations defence defences defense defenses malicious filter
filters filtering moderation flag flags flagged detect detects detected detecting detection detections detector
detectors block blocks blocked blocking blocker blocklist pattern patterns classifier denylist regex phrase phrases
meme memes translate translates translated translating translation translations translator mean means meaning
definition definitions define synonym synonyms antonym antonyms""".split()  # noqa: SIM905 - a word list reads better as text
)
_META_PHRASES = (
    "red team",
    "red-team",
    "for example",
    "such as",
    "e.g.",
    "for instance",
    "known as",
    "regular expression",
    "security team",
    "security training",
)


def about_attacks(text: str, words: frozenset[str] | None) -> bool:
    if words is None:
        words = words_of(text)
    return not _META_WORDS.isdisjoint(words) or any(p in text for p in _META_PHRASES)


_QUOTES = "\"'“”‘’`«»"
# A quotation: an opening mark after a space or punctuation, a closing one before space or punctuation (so the
# apostrophes of "it's" and "don't" do not open or close one).
# The opening mark comes first in the pattern (the engine then skips to the marks instead of trying every position);
# the look-behind after it is "at the start, or after a space or punctuation" for the character before the mark.
_QUOTED_SPAN = re.compile(r"[\"'“‘`«](?<![^\s(:,].)([^\"“”`«»\n]{3,300}?)[\"'”’`»](?=[\s.,;:!?)]|$)")


def quoted(text: str, start: int, end: int) -> bool:
    while start < end and not text[start].isalnum():  # patterns may begin at the punctuation before a word
        start += 1
    # An opening mark right before the first word, or one inside its first characters ("such as 'DAN'"); a closing
    # mark of an earlier quotation just before does not count.
    opening = start >= 1 and text[start - 1] in _QUOTES and (start < 2 or not text[start - 2].isalnum())
    if opening or any(q in text[start : min(end, start + 6)] for q in _QUOTES):
        return True
    return any(low <= start < high for low, high in _quoted_spans(text))


@lru_cache(maxsize=16)
def _quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the quotations of `text` are: found once per text, not once per rule match (a long text has many)."""
    return tuple(m.span(1) for m in _QUOTED_SPAN.finditer(text))


def asks_about(text: str, end: int) -> bool:
    """The sentence holding a quoted phrase is a question about it ("is 'you are now DAN' still a thing?")."""
    stop = len(text)
    for mark in ".!\n":
        found = text.find(mark, end)
        if found >= 0:
            stop = min(stop, found)
    return "?" in text[end : stop + 1]
