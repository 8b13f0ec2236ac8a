"""What an answer claims, found in text: numbers (as values), named entities, URLs and citations, and whether the
retrieved passages or the input restate them (the grounding of hallucination.py).

Pure string work, tuned for speed: each pattern is tried only where a match can begin (byte translations of the
text find the candidate positions; tests/detectors/unit/test_detectors_scan_gates.py checks that the shortcuts find what the
plain patterns find).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

_MAGNITUDE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
_NUMBER_WORDS = {
    w: float(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {
        "thirty": 30.0,
        "forty": 40.0,
        "fifty": 50.0,
        "sixty": 60.0,
        "seventy": 70.0,
        "eighty": 80.0,
        "ninety": 90.0,
        "hundred": 100.0,
        "half": 0.5,
        "dozen": 12.0,
    }
)
_NUMBER = re.compile(
    r"(?<![\w.])([$€£])?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(%|percent\b|per cent\b|thousand\b|million\b|billion\b|trillion\b|bn\b|mn\b|k\b|m\b(?!\w)|b\b))?"
    r"(?:\s?(mg|mcg|µg|ml|g|kg|iu|units?|tablets?|pills?|capsules?|doses?|times|hours?|days?|weeks?|months?|years?|"
    r"usd|eur|gbp|dollars?|euros?|pounds?)\b)?"
)
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_NUMBER_WORD_VALUES = frozenset(float(f"{v:.3g}") for v in _NUMBER_WORDS.values())
_URL = re.compile(r"\bhttps?://[^\s<>()\[\]\"']+|\bwww\.[^\s<>()\[\]\"']+")
_URL_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_BRACKET_CITATION = re.compile(r"\[(\d{1,3})\]")
_AUTHOR_CITATION = re.compile(r"\(([A-Z][A-Za-z'’-]+)(?: et al\.?| (?:and|&) [A-Z][A-Za-z'’-]+)?,? (\d{4})[a-z]?\)")
# Capitalised multi-word spans, acronyms, and single capitalised words mid-sentence. The pattern starts with its
# first letter and looks behind afterwards: a leading \b or lookbehind would make the engine try every position.
# Its runs are possessive (++, *+: never give back what they took). What must follow each run cannot start with a
# character of the run's class (after a word's letters a space, after spaces a function word or a capital, after
# the last word nothing), so giving back could never lead to a match: it only cost the engine one retry per letter
# of every capitalised word that starts no name.
_ENTITY = re.compile(
    r"[A-Z](?<![\w][A-Z])"
    r"(?:[a-zA-Z'’-]++(?:\s++(?:of|the|de|van|von|for|and|&)?\s*+[A-Z][a-zA-Z'’-]++)+"
    r"|[A-Z]{1,5}s?\b|(?<=[a-z,;:] [A-Z])[a-z][a-zA-Z'’-]++)"
)
_ENTITY_BREAKS = {ord(c): " " for c in "'’-&.,"}
# Where _ENTITY can match in ASCII text, found on the text's classes (capitals "A", small letters "a", ' - & kept,
# whitespace " ", , ; : ",", digits and "_" "0", the rest "."): a capital followed by a capital, or by a word, spaces,
# maybe a short word or "&", and a capital; or a capital and a small letter after a small letter or , ; : and a space.
# Each alternative is what its _ENTITY alternative needs, with the function words loosened to their length; only the
# capital is consumed, so no start is skipped. Starting with a fixed byte, it runs faster than _ENTITY tried at every
# capital, and _ENTITY is then tried where it may match.
_ENTITY_CLASSES = bytes(
    65
    if "A" <= chr(i) <= "Z"
    else 97
    if "a" <= chr(i) <= "z"
    else i
    if chr(i) in "'-&"
    else 32
    if re.match(r"\s", chr(i))
    else 44
    if chr(i) in ",;:"
    else 48
    if chr(i).isdigit() or chr(i) == "_"
    else 46
    for i in range(128)
) + bytes(128)
_ENTITY_START = re.compile(rb"A(?=A|[aA'-]++ ++(?:aaa|aa|&)? *+A)|A(?<=[a,] A)(?=a)")
_NUMBER_START = re.compile(r"[$€£\d](?<![\w.][$€£\d])")
# ASCII text mapped to what matters to _NUMBER_START: digits "0", "$" itself, what a number may not follow (letters,
# "_", ".") "w", the rest " ".
_NUMBER_CLASSES = bytes(
    48 if chr(i).isdigit() else 36 if chr(i) == "$" else 119 if chr(i).isalpha() or chr(i) in "_." else 32
    for i in range(128)
) + bytes(128)
_AFTER_SPACE_DIGIT = re.compile(rb" 0")
_AFTER_DOLLAR_DIGIT = re.compile(rb"\$0")
_WORD = re.compile(r"[a-z0-9]+")
_TRAILING = ".,;:!?)]}'\""
_STOP = frozenset(
    """a an the and or of to in on at for by with from as is are was were be this that these those it
its you your we our they their he she his her i me my mr mrs ms dr st according however also please note yes no
hello hi dear thanks thank regards best sincerely monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december ok am pm usa us uk eu""".split()
)
_GENERIC_ACRONYMS = frozenset(
    {
        "OK",
        "AM",
        "PM",
        "FAQ",
        "USA",
        "US",
        "UK",
        "EU",
        "AI",
        "ID",
        "PDF",
        "URL",
        "TV",
        "CEO",
        "FYI",
        "ASAP",
        "TBD",
        "NB",
        "PS",
        "ETA",
        "API",
        "APR",
        "IT",
        "HR",
        "VAT",
    }
)


class Claim(NamedTuple):  # a tuple: built several times per event, so it must be cheap to make
    kind: str  # number, entity, url, doi, citation
    text: str
    weight: float
    start: int
    words: tuple[str, ...] = ()  # entity: its significant words, lowercase
    values: frozenset[float] = frozenset()  # number: the values it may restate (25% -> 25 and 0.25)


_claim = tuple.__new__  # _claim(Claim, (all six fields)): a Claim without the keyword handling of Claim(...)
_NO_VALUES: frozenset[float] = frozenset()


_SPLIT_TABLE = {i: " " for i in range(128) if not chr(i).isalnum()}
_SPLIT_BYTES = bytes(32 if i < 128 and not chr(i).isalnum() else i for i in range(256))


def _words(lowered: str) -> list[str]:
    # translate + split is about twice as fast as a findall over the same text; for ASCII text (the common case)
    # bytes.translate with a 256-byte table is faster again than str.translate with a dict, and gives the same words.
    if lowered.isascii():
        return lowered.encode().translate(_SPLIT_BYTES).decode().split()
    return lowered.translate(_SPLIT_TABLE).split()


# Bytes that end a word the way \b does for ASCII text: everything but letters, digits and "_".
_NUMBER_WORD_BREAKS = bytes(32 if i < 128 and not (chr(i).isalnum() or chr(i) == "_") else i for i in range(256))


def _number_words(lowered: str) -> set[str] | list[str]:
    """The number words ("twelve") of `lowered`, as _NUMBER_WORD.findall finds them; for ASCII text by splitting
    into words and a set lookup, several times faster than the regex, which is tried at every position."""
    if lowered.isascii():
        return _NUMBER_WORDS.keys() & lowered.encode().translate(_NUMBER_WORD_BREAKS).decode().split()
    return _NUMBER_WORD.findall(lowered)


def _key(value: float) -> float:
    # Three significant digits: a restated figure is usually rounded, a wrong one usually differs earlier.
    if value < 1000 and value.is_integer():
        return value  # a whole number below 1000 has no more than three: what the formatting would give back
    return float(f"{value:.3g}")


def _number_starts(text: str) -> list[int]:
    """Where _NUMBER_START matches: the positions a number can start at, in order."""
    if not text.isascii():
        return [m.start() for m in _NUMBER_START.finditer(text)]
    # In ASCII text a number starts at a digit or "$" that is first or follows neither a word character nor "."; in
    # the text's classes, at a "0" or "$" after a " " or "$". Searches for two fixed bytes, which the engine runs much
    # faster than a character class tried at every position.
    classes = text.encode().translate(_NUMBER_CLASSES)
    starts = [m.start() + 1 for m in _AFTER_SPACE_DIGIT.finditer(classes)]
    if classes[:1] == b"0":
        starts.insert(0, 0)
    if b"$" in classes:
        starts += [m.start() + 1 for m in _AFTER_DOLLAR_DIGIT.finditer(classes)]
        dollar = classes.find(b"$")
        while dollar >= 0:
            if dollar == 0 or classes[dollar - 1] in b" $":
                starts.append(dollar)
            dollar = classes.find(b"$", dollar + 1)
        starts.sort()
    return starts


def _entities(text: str) -> list[re.Match[str]] | Iterator[re.Match[str]]:
    """_ENTITY.finditer(text); in ASCII text _ENTITY is tried only where _ENTITY_START says it may match."""
    if not text.isascii():
        return _ENTITY.finditer(text)
    starts = (m.start() for m in _ENTITY_START.finditer(text.encode().translate(_ENTITY_CLASSES)))
    return _matches_at(_ENTITY, text, starts)


def _numbers(text: str) -> list[re.Match[str]]:
    """_NUMBER's matches, tried only where a number can start (same matches as finditer, a fraction of the work)."""
    return _matches_at(_NUMBER, text, _number_starts(text))


def _matches_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> list[re.Match[str]]:
    """pattern.finditer(text) when a match can only begin at `positions` (ascending): non-overlapping, in order."""
    out: list[re.Match[str]] = []
    end = 0
    match = pattern.match
    for position in positions:
        if position >= end:
            m = match(text, position)
            if m is not None:
                end = m.end()
                out.append(m)
    return out


def _values(text: str) -> set[float]:
    values: set[float] = set()
    for m in _numbers(text):
        _, digits, magnitude, _ = m.groups()
        value = float(digits.replace(",", ""))
        values.add(_key(value))
        if magnitude and magnitude.lower() in _MAGNITUDE:
            values.add(_key(value * _MAGNITUDE[magnitude.lower()]))
    return values


def _candidates(value: float, magnitude: str | None) -> frozenset[float]:
    out = {value}
    if magnitude:
        lowered = magnitude.lower()
        if lowered in _MAGNITUDE:
            out.add(value * _MAGNITUDE[lowered])
        elif lowered in ("%", "percent", "per cent"):
            out.add(value / 100)
    elif 0 < value < 1:
        out.add(value * 100)  # 0.25 restates 25%
    else:
        return frozenset((_key(value),))  # the common case, without the intermediate set
    return frozenset(_key(v) for v in out)


def _has_word(text: str, word: str) -> bool:
    """`word` occurs in `text` as a whole word (cheaper than building the text's word set for a few lookups)."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        i = text.find(word, i + 1)
    return False


class _Figures:
    """The figures of the passages and the input a number claim may restate, looked up only as far as needed.

    A claim is supported when one of its values is among the figures written in digits in the passages (remembered
    per passage) or in the input, or written in words ("twelve") in either. Most claims restate a passage, so the
    input is read for figures only when some claim is not found in the passages, and for number words only when a
    claim is a value a number word can say.
    """

    __slots__ = ("context", "figures_of_passage", "given", "given_values", "passages", "passage_values", "word_values")

    def __init__(self, figures_of_passage: Callable[[str], list[Any]], context: tuple[str, ...], given: str) -> None:
        # figures_of_passage: the detector's remembered [digit values, number-word values or None] of one passage
        self.figures_of_passage, self.context, self.given = figures_of_passage, context, given
        self.passages: list[list[Any]] = []
        self.passage_values: frozenset[float] | set[float] | None = None
        self.given_values: set[float] | None = None
        self.word_values: set[float] | None = None

    def support(self, values: frozenset[float]) -> bool:
        passage_values = self.passage_values
        if passage_values is None:
            of = self.figures_of_passage
            self.passages = [of(passage) for passage in self.context]
            if len(self.passages) == 1:
                passage_values = self.passages[0][0]
            else:
                passage_values = set()
                for figures in self.passages:
                    passage_values |= figures[0]
            self.passage_values = passage_values
        if not values.isdisjoint(passage_values):
            return True
        if self.given_values is None:
            self.given_values = _values(self.given)
        if not values.isdisjoint(self.given_values):
            return True
        if values.isdisjoint(_NUMBER_WORD_VALUES):
            return False
        if self.word_values is None:
            # Number words of the passages and the input read apart are those of their joined text: no word spans the
            # line break that joins them, and lower() of the joined text is the parts' lower() joined.
            words = _word_values(self.given.lower())
            for passage, figures in zip(self.context, self.passages, strict=True):
                if figures[1] is None:
                    figures[1] = frozenset(_word_values(passage.lower()))
                words |= figures[1]
            self.word_values = words
        return not values.isdisjoint(self.word_values)


def _word_values(lowered: str) -> set[float]:
    """The values of the number words ("twelve") in `lowered`."""
    return {_key(_NUMBER_WORDS[w]) for w in _number_words(lowered)}


def _supported(claim: Claim, source: str, figures: _Figures | None, passages: int) -> bool:
    if claim.kind == "number":
        assert figures is not None
        return figures.support(claim.values)
    if claim.kind == "url":
        bare = _URL_SCHEME.sub("", claim.text.lower()).rstrip("/")
        return bare in source
    if claim.kind == "doi":
        return claim.text.lower() in source
    if claim.kind == "citation":
        bracket = _BRACKET_CITATION.fullmatch(claim.text)
        if bracket:
            return 1 <= int(bracket.group(1)) <= passages or claim.text in source
        words = _WORD.findall(claim.text.lower())
        return all(_has_word(source, w) for w in words if w not in ("et", "al", "and"))
    return all(_has_word(source, w) or _has_word(source, w.rstrip("s")) for w in claim.words)
