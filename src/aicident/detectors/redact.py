"""What sensitive values look like, and how to quote text around them without repeating them.

Evidence of a data leak must not spread the leak (DESIGN rule 10). Every text detector builds its evidence excerpt
with `excerpt()`, which replaces each personal datum, secret and canary in the window with a typed placeholder
([EMAIL], [CARD], [SECRET], ...), widens the window rather than cut a value in half, and masks whatever still looks
like a long number or key even when no validator claimed it. The scanners live here too, because redaction must see
exactly what the leak detector sees; leak.py decides which of these matches is an incident.

Validators (redact_validators.py: Luhn, IBAN mod-97 with per-country length, SSN ranges, NINO prefixes, DNI/NIE check letter, JWT header)
keep random digit strings out. Pure: no I/O, no clock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from aicident.detectors import network, phones
from aicident.detectors.redact_gates import _CLASSES, _SECRET_VALUE_BYTES, _SECRET_VALUE_RUN, _may_hold_prefix
from aicident.detectors.redact_validators import (  # noqa: F401 - part of this module's interface
    IBAN_LENGTHS,
    _card,
    _plausible_phone,
    card_brand,
    dni_valid,
    iban_valid,
    jwt_header_valid,
    luhn_valid,
    nino_valid,
    shannon_entropy,
    ssn_valid,
)
from aicident.detectors.secret_patterns import _SECRET_PATTERNS, _SECRET_PREFIX

# --- scanners ------------------------------------------------------------------------------------------------------

PII_ENTITIES = ("card", "iban", "ssn", "uk_nino", "es_dni", "email", "phone", "address", "ip_address")
SECRET_ENTITIES = (
    "aws_access_key",
    "github_token",
    "slack_token",
    "stripe_key",
    "google_api_key",
    "private_key",
    "jwt",
    "generic_secret",
)
ENTITIES = PII_ENTITIES + SECRET_ENTITIES

_ALL_ENTITIES = frozenset(ENTITIES)

PLACEHOLDERS = {
    "card": "[CARD]",
    "iban": "[IBAN]",
    "ssn": "[SSN]",
    "uk_nino": "[NATIONAL_ID]",
    "es_dni": "[NATIONAL_ID]",
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "address": "[ADDRESS]",
    "ip_address": "[IP_ADDRESS]",
    "private_key": "[PRIVATE_KEY]",
    "canary": "[CANARY]",
    "number": "[NUMBER]",
    "token": "[SECRET]",
    **{entity: "[SECRET]" for entity in SECRET_ENTITIES if entity != "private_key"},
}


@dataclass(frozen=True, slots=True)
class Match:
    entity: str  # one of ENTITIES, or "canary"
    start: int
    end: int
    confidence: float
    rule: str  # which pattern/validator said so, for the finding's details
    value: str  # the matched text: for redaction and allow-lists only, never copied into a Finding


_CARD = re.compile(r"(?<![\w.,-])\d(?:[ -]?\d){11,18}(?!\w|[.,-]\d)")
# Patterns start with a character class and check the preceding character afterwards: a leading lookbehind or \b
# makes the regex engine try every position the slow way.
_IBAN = re.compile(r"[A-Z](?<![\w][A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_SSN = re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])")
_SSN_BARE = re.compile(r"(?<![\d-])\d{9}(?![\d-])")
_SSN_CONTEXT = re.compile(r"(?i)\b(?:ssn|ss#|social security|social-security|soc\.? sec)")
_NINO = re.compile(r"[A-Z](?<![\w][A-Z])[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_DNI = re.compile(r"\b(?:\d{8}|[XYZ]-?\d{7})-?[A-Z]\b")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}\b"
)
# Phones: international with a leading +, North American with an area code, and European national forms that
# start with a trunk 0. Bare digit runs count only after a phone word, so order numbers and ids stay out.
_PHONE_INTL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])")
_PHONE_NANP = re.compile(r"(?<![\w+])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d])")
_PHONE_TRUNK = re.compile(r"(?<![\w+])0\d{1,4}(?:[ -]\d{2,6}){1,4}(?![\d])")
_PHONE_BARE = re.compile(
    r"(?i)\b(?:phone|mobile|cell|tel|telephone|call|fax|whatsapp|sms|text me|reach (?:me|her|him)"
    r"|contact number)\b[^\d\n]{0,20}(\+?\d{10,13})(?!\d)"
)
_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|"
    r"Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Alley|Plaza|Crescent|Close)"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:-\d{1,4})? (?:[NSEW]\.? |North |South |East |West )?"
    r"(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\.? ){1,4}" + _STREET_SUFFIX + r"\b\.?(?: [NS][EW]?\b\.?)?"
    r"(?:,? (?:Apt|Apartment|Suite|Ste|Unit|#) ?[\w-]+)?"
    r"(?:,? [A-Z][a-z]+(?: [A-Z][a-z]+){0,2},? [A-Z]{2}(?: \d{5}(?:-\d{4})?)?)?"
)

_PHONES = (
    (_PHONE_INTL, "phone_international", 0.85),
    (_PHONE_NANP, "phone_nanp", 0.8),
    (_PHONE_TRUNK, "phone_national", 0.75),
)
_STREET_GATE = re.compile(_STREET_SUFFIX + r"\b")  # no leading \b: starting with the words lets the engine skip
# Where an address can start (\b\d: a digit after a non-word character); _ADDRESS is tried only there.
_ADDRESS_START = re.compile(r"\d(?<!\w\d)")
_ADDRESS_START_ASCII = re.compile(r"[0-9](?<![0-9A-Za-z_][0-9])")
# In the classes: the house number (digits, maybe a letter) then a space then a capital or a digit (an ordinal).
_ADDRESS_CLASSES = re.compile(rb"0[Aa]? [A0]")

# --- gates: what a text must hold before a scanner can match in it: see redact_gates.py ---------------------------

_SECRET_WORDS = ("key", "secret", "token", "passw", "pwd", "passphrase", "credential", "bearer")
_PHONE_WORDS = ("phone", "mobile", "cell", "tel", "call", "fax", "whatsapp", "sms", "text me", "reach", "contact")
# A run of at least seven digits and separators, where ids live. Written to start at the digit (a leading "[+(]?"
# would make the engine try every position); the "+" or "(" before it is taken back in _numeric_runs.
_NUMERIC = re.compile(r"\d[\d \-.()/]{6,}")
# The same on the classes of an ASCII text (digits are "0" there, the separators themselves, and positions are the
# text's): a literal first character lets the engine skip to it, several times faster than \d.
_NUMERIC_CLASSES = re.compile(rb"0[0 \-.()/]{6,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
_KEYWORD_SECRET = re.compile(
    r"(?i)(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|pwd|passphrase|access[_-]?key|auth[_-]?key|"
    r"credentials?|private[_-]?key|bearer)[\w.-]{0,24}[\"']?\s{0,3}(?:[:=]|=>|:=|\bis\b|\bbearer\b)?\s{0,3}[\"'`]?"
    r"([A-Za-z0-9+/_.~!@#$%^&*=-]{20,256})"
)
# What every keyword of _KEYWORD_SECRET starts with.
_SECRET_KEYWORD_STARTS = ("api", "secret", "token", "pass", "pwd", "access", "auth", "credential", "private", "bearer")
_PLACEHOLDER_WORDS = re.compile(r"(?i)your|example|placeholder|xxxx|changeme|redacted|dummy|sample|\*\*\*|<|\{")


def scan(
    text: str,
    *,
    entities: Collection[str] = ENTITIES,
    canaries: Iterable[str] = (),
    entropy_threshold: float = 3.5,
    min_secret_length: int = 20,
    phone_regions: tuple[str, ...] = phones.DEFAULT_REGIONS,
) -> list[Match]:
    """Every sensitive value in `text`, validated, without overlaps (the more specific match wins), in order.

    Built for the inline budget: each pattern runs only where it can match (secrets after a substring check for
    their literal prefix, emails around each "@", the digit validators only on spans holding enough digits).
    """
    if entities is ENTITIES:
        entities = _ALL_ENTITIES  # "x in entities" a dozen times: a set lookup, not a walk along the tuple
    found: list[tuple[int, Match]] = []  # (priority, match); higher priority wins an overlap

    def add(priority: int, entity: str, start: int, end: int, confidence: float, rule: str) -> None:
        found.append((priority, Match(entity, start, end, confidence, rule, text[start:end])))

    _scan_canaries(text, canaries, add)
    raw = text.encode("utf-8", "surrogatepass")  # "surrogatepass": a lone surrogate is a non-ASCII character too
    classes = raw.translate(_CLASSES)
    _scan_prefixed_secrets(text, classes, entities, add)
    lowered = ""  # text.lower(), made when a keyword check needs it
    if "generic_secret" in entities and _SECRET_VALUE_RUN in raw.translate(_SECRET_VALUE_BYTES):
        lowered = text.lower()
        _scan_keyword_secrets(text, lowered, add, min_secret_length, entropy_threshold)
    if "email" in entities:
        _scan_emails(text, add)
    if "iban" in entities and b"AA00" in classes:
        for m in _IBAN.finditer(text):
            _add_iban(text, m, add)
    if b"0" in classes:
        _scan_numbers(text, lowered, classes, entities, add, phone_regions, _sure_spans(found))
        if "ip_address" in entities:
            for start, end, confidence, rule in network.find(text, classes):
                add(78, "ip_address", start, end, confidence, rule)
    return _resolve(found) if found else []


# How a scanner reports a match: (priority, entity, start, end, confidence, rule).
_Add = Callable[[int, str, int, int, float, str], None]


def _scan_canaries(text: str, canaries: Iterable[str], add: _Add) -> None:
    for canary in canaries:
        if canary:
            start = text.find(canary)
            while start >= 0:
                add(100, "canary", start, start + len(canary), 0.99, "canary")
                start = text.find(canary, start + 1)


def _scan_prefixed_secrets(text: str, classes: bytes, entities: Collection[str], add: _Add) -> None:
    """Keys with a vendor's literal prefix, and JWTs with a valid header."""
    if _may_hold_prefix(text, classes) and _SECRET_PREFIX.search(text) is not None:
        for entity, rule, pattern, confidence, prefixes in _SECRET_PATTERNS:
            if entity in entities:
                for prefix in prefixes:  # a loop, not any() over a generator: this runs for every pattern
                    if prefix in text:
                        for m in pattern.finditer(text):
                            add(90, entity, m.start(), m.end(), confidence, rule)
                        break
    if "jwt" in entities and "eyJ" in text:
        for m in _JWT.finditer(text):
            if jwt_header_valid(m.group()):
                add(85, "jwt", m.start(), m.end(), 0.93, "jwt_header_alg")


def _scan_keyword_secrets(text: str, lowered: str, add: _Add, min_length: int, entropy_threshold: float) -> None:
    """A high-entropy value after a keyword such as "api_key" or "password"."""
    if not any(k in lowered for k in _SECRET_WORDS):
        return
    for m in _keyword_matches(_KEYWORD_SECRET, _SECRET_KEYWORD_STARTS, text, lowered):
        value = m.group(1).rstrip(".,;:!?)]}\"'`")
        if len(value) < min_length or _PLACEHOLDER_WORDS.search(value):
            continue
        if shannon_entropy(value) >= _entropy_needed(value, entropy_threshold):
            add(70, "generic_secret", m.start(1), m.start(1) + len(value), 0.8, "keyword_high_entropy")


def _scan_emails(text: str, add: _Add) -> None:
    """Each address around an "@": its local part starts at most 64 characters before it.

    The search for the address holding an "@" starts where the previous address ended (or 64 characters back, if
    later): starting 64 characters back regardless found the previous address again when two were close together
    ("a@x.org,b@y.org"), and the second was missed.
    """
    at, done = text.find("@"), 0
    while at >= 0:
        m = _EMAIL.search(text, max(done, at - 64), min(len(text), at + 256))
        while m is not None and m.end() <= at:  # an earlier address in the window: look past it
            m = _EMAIL.search(text, m.end(), min(len(text), at + 256))
        if m is not None and m.start() < at < m.end():
            add(60, "email", m.start(), m.end(), 0.93, "email")
            done = m.end()
            at = text.find("@", done)
        else:
            at = text.find("@", at + 1)


def _entropy_needed(value: str, threshold: float) -> float:
    # A hex or digits-only string cannot reach base64's entropy; scale the bar to its alphabet.
    alphabet = 16 if all(c in "0123456789abcdefABCDEF" for c in value) else 64
    return threshold * math.log2(alphabet) / 6


def _add_iban(text: str, m: re.Match[str], add: _Add) -> None:
    compact = m.group().replace(" ", "")
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is None or len(compact) < expected:
        return
    # The pattern may have eaten a following group ("... 00 BANK"); cut back to the country's length.
    if len(compact) > expected:
        compact = compact[:expected]
    if iban_valid(compact):
        end, seen = m.start(), 0
        while seen < expected:
            if text[end] != " ":
                seen += 1
            end += 1
        add(80, "iban", m.start(), end, 0.97, "iban_mod97")


def _scan_numbers(
    text: str,
    lowered: str,
    classes: bytes,
    entities: Collection[str],
    add: _Add,
    phone_regions: tuple[str, ...],
    sure: Sequence[tuple[int, int]] = (),
) -> None:
    # `lowered`: text.lower(), or "" when scan() did not need it. `sure`: see _sure_spans.
    # Cards, SSNs, DNIs and phones all hold at least seven digits in one run of digits and separators: find those
    # runs once (cheap) and run each validator's pattern only on a window around them.
    ascii_text = text.isascii()
    windows = _number_windows(text, classes, ascii_text)
    for lo, hi, run_start, run_end in windows:
        claimed = _scan_ids(text, lo, hi, entities, add)
        if "phone" in entities:
            if not claimed and sure:
                claimed = _within_sure(text, run_start, run_end, sure)
            lowered = _scan_phones(text, lowered, (lo, hi, run_start, run_end), claimed, add, phone_regions)
    if "phone" in entities and windows:
        lowered = lowered or text.lower()
        if any(k in lowered for k in _PHONE_WORDS):
            for m in _keyword_matches(_PHONE_BARE, _PHONE_WORDS, text, lowered):
                add(50, "phone", m.start(1), m.end(1), 0.75, "phone_keyword")
    if "uk_nino" in entities and (b"AA00" in classes or b"AA 00" in classes):
        for m in _NINO.finditer(text):
            if nino_valid(m.group()):
                add(72, "uk_nino", m.start(), m.end(), 0.85, "nino_prefix_suffix")
    if "address" in entities and _ADDRESS_CLASSES.search(classes) and _STREET_GATE.search(text):
        starts = (m.start() for m in (_ADDRESS_START_ASCII if ascii_text else _ADDRESS_START).finditer(text))
        for m in _matches_at(_ADDRESS, text, starts):
            add(40, "address", m.start(), m.end(), 0.75, "us_street_address")


def _sure_spans(found: list[tuple[int, Match]]) -> list[tuple[int, int]]:
    """The spans of the matches found so far that _resolve will keep whatever the number scanners add: of priority 80
    or more (every scanner that runs later adds less), and overlapping no other match of their priority or more.
    A phone overlapping one of them is dropped by _resolve, so libphonenumber need not be asked about it."""
    sure = []
    for priority, m in found:
        if priority >= 80 and not any(
            q >= priority and n is not m and n.start < m.end and m.start < n.end for q, n in found
        ):
            sure.append((m.start, m.end))
    return sure


def _within_sure(text: str, run_start: int, run_end: int, sure: Sequence[tuple[int, int]]) -> bool:
    """Whether every digit of the snippet libphonenumber would read for this run (phones.find: two characters either
    side) lies inside one sure span: each number it could find holds a digit, so it would overlap that span."""
    lo, hi = max(0, run_start - 2), min(len(text), run_end + 2)
    for start, end in sure:
        if start < hi and end > lo:
            outside = text[lo:start] + text[end:hi] if start > lo or end < hi else ""
            if not any(c.isdigit() for c in outside):
                return True
    return False


def _number_windows(text: str, classes: bytes, ascii_text: bool) -> list[tuple[int, int, int, int]]:
    """(lo, hi, run start, run end) around each run of digits and separators that holds at least seven digits."""
    if classes.count(b"0") < 7:  # fewer digits in the whole text: no run holds seven
        return []
    size = len(text)
    if ascii_text:  # the classes' positions are the text's, and its digits are their "0"s
        return [
            (max(0, start - 3), min(size, end + 3), start, end)
            for start, end, _ in _numeric_runs(text, classes)
            if classes.count(b"0", start, end) >= 7
        ]
    return [
        (max(0, start - 3), min(size, end + 3), start, end)
        for start, end, run in _numeric_runs(text, None)
        if sum(1 for c in run if c.isdigit()) >= 7
    ]


_Found = tuple[int, str, int, int, float, str]


def _scan_ids(text: str, lo: int, hi: int, entities: Collection[str], add: _Add) -> bool:
    """Cards, SSNs and DNIs in text[lo:hi]; whether any was found (then the run is not asked to be a phone)."""
    found: list[_Found] = []
    if "card" in entities:
        for m in _CARD.finditer(text, lo, hi):
            card = _card(text, m)
            if card is not None:
                found.append((75, "card", m.start(), m.end(), card[1], card[0]))
    if "ssn" in entities:
        found += _ssns(text, lo, hi)
    if "es_dni" in entities:
        for m in _DNI.finditer(text, lo, hi):
            if dni_valid(m.group()):
                found.append((72, "es_dni", m.start(), m.end(), 0.95, "dni_check_letter"))
    for match in found:
        add(*match)
    return bool(found)


def _ssns(text: str, lo: int, hi: int) -> list[_Found]:
    """Formatted SSNs in a valid range, and bare nine-digit ones after a keyword."""
    found: list[_Found] = []
    for m in _SSN.finditer(text, lo, hi):
        if ssn_valid(m.group(1) + m.group(3) + m.group(4)):
            found.append((74, "ssn", m.start(), m.end(), 0.9, "ssn_format_range"))
    for m in _SSN_BARE.finditer(text, lo, hi):
        if ssn_valid(m.group()) and _SSN_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            found.append((74, "ssn", m.start(), m.end(), 0.85, "ssn_keyword_range"))
    return found


def _scan_phones(
    text: str, lowered: str, window: tuple[int, int, int, int], claimed: bool, add: _Add, phone_regions: tuple[str, ...]
) -> str:
    """Phones in one window around a numeric run: the patterns first, then libphonenumber for a run they did not
    cover (unless another entity claimed it). Returns `lowered`, made if it was needed."""
    lo, hi, run_start, run_end = window
    run_digits_end = run_start + len(text[run_start:run_end].rstrip(" -./()"))
    for pattern, rule, confidence in _PHONES:
        for m in pattern.finditer(text, lo, hi):
            if _plausible_phone(text, m.start(), m.group(), rule):
                add(50, "phone", m.start(), m.end(), confidence, rule)
                # A pattern that stopped short of the run ("+33 (0)1 23 45 67" of "... 67 89") leaves the number to
                # libphonenumber; the longer match wins.
                claimed = claimed or m.end() >= run_digits_end
    if not claimed and phone_regions:
        lowered = lowered or text.lower()
        for start, end, rule in phones.find(text, run_start, run_end, phone_regions, lowered):
            if _plausible_phone(text, start, text[start:end], "phone_libphonenumber"):
                add(50, "phone", start, end, 0.85, rule)
    return lowered


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), given every position (in order) where a match can start: the pattern is tried there
    only, which finds the same matches without trying every position (the pattern cannot match empty)."""
    end = 0
    match = pattern.match
    for position in starts:
        if position >= end:
            m = match(text, position)
            if m is not None:
                end = m.end()
                yield m


def _keyword_matches(
    pattern: re.Pattern[str], keywords: tuple[str, ...], text: str, lowered: str
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a case-insensitive pattern that starts with one of `keywords` (lower case): in ASCII
    text (where lower() keeps every position and case folds nothing but A-Z) tried only where a keyword is."""
    if not text.isascii():
        yield from pattern.finditer(text)
        return
    starts = set()
    for keyword in keywords:
        i = lowered.find(keyword)
        while i >= 0:
            starts.add(i)
            i = lowered.find(keyword, i + 1)
    yield from _matches_at(pattern, text, sorted(starts))


def _numeric_runs(text: str, ascii_classes: bytes | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each match of `[+(]?` + _NUMERIC's pattern in `text`, as finditer would give them.

    `ascii_classes`: the classes of `text` when it is ASCII (searched instead of the text, same positions).
    The pattern without its optional first character finds the same runs from their first digit; a "+" or "(" just
    before that digit is where the full pattern's match starts (it cannot belong to the previous run, which ends at a
    character that is neither a digit nor a separator: "(" is a separator, so it would have continued the run).
    """
    found = _NUMERIC.finditer(text) if ascii_classes is None else _NUMERIC_CLASSES.finditer(ascii_classes)
    for m in found:
        start, end = m.span()
        if start and text[start - 1] in "+(":
            start -= 1
        yield start, end, text[start:end]


def _resolve(found: list[tuple[int, Match]]) -> list[Match]:
    if len(found) <= 1:
        return [m for _, m in found]
    found.sort(key=lambda pm: (-pm[0], -(pm[1].end - pm[1].start)))
    kept: list[Match] = []
    for _, match in found:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    kept.sort(key=lambda m: m.start)
    return kept


# --- redaction -----------------------------------------------------------------------------------------------------

# Whatever still looks like an account number or a key after the scanners ran: masked in evidence anyway, because a
# value no validator recognised (a failed Luhn, an unknown token format) may still be somebody's secret.
_LONG_NUMBER = re.compile(r"\d(?:[ .-]?\d){7,}")
_LONG_TOKEN = re.compile(r"[A-Za-z0-9+/_=-]{24,}")


def redact(text: str, matches: Iterable[Match] = (), *, canaries: Iterable[str] = (), rescan: bool = True) -> str:
    """`text` with every sensitive value replaced by its typed placeholder."""
    spans = list(matches)
    if rescan:
        spans = _merge(spans, scan(text, canaries=canaries))
    return _redact_spans(text, [(m.start, m.end, m.entity) for m in spans])


# A value to mask: (start, end, entity). Plain tuples where excerpt() moves matches into its window: a Match is a
# frozen dataclass, several times dearer to make.
_Span = tuple[int, int, str]


def _redact_spans(text: str, spans: list[_Span]) -> str:
    """redact() without a rescan, given the spans in the order redact() got the matches (ties keep that order)."""
    out, last = [], 0
    for start, end, entity in sorted(spans, key=_span_start) if len(spans) > 1 else spans:
        if start < last:
            continue
        out.append(_mask_leftovers(text[last:start]))
        out.append(PLACEHOLDERS.get(entity, "[REDACTED]"))
        last = end
    out.append(_mask_leftovers(text[last:]))
    return "".join(out)


def _span_start(span: _Span) -> int:
    return span[0]


def excerpt(
    text: str,
    start: int,
    end: int,
    *,
    window: int = 60,
    canaries: Iterable[str] = (),
    limit: int = 400,
    known: Sequence[Match] | None = None,
) -> str:
    """A redacted window of `text` around [start, end), widened so no sensitive value is cut at an edge.

    `known`: matches already found in the whole `text` (the leak detector has them); otherwise the region is scanned.
    """
    # Scan a margin beyond the window so a value straddling the edge is seen whole, then widen to include it.
    margin = 160
    lo, hi = max(0, start - window - margin), min(len(text), end + window + margin)
    region = text[lo:hi]
    spans: list[_Span]
    if known is None:
        spans = [(m.start, m.end, m.entity) for m in scan(region, canaries=canaries)]
    else:
        # Moved into the region; a value straddling the region edge: keep the region's cut of it, masked like the rest.
        size = len(region)
        spans = [(max(0, m.start - lo), min(size, m.end - lo), m.entity) for m in known if m.end > lo and m.start < hi]
    left, right = max(0, start - window) - lo, min(len(text), end + window) - lo
    for s, e, _ in spans:
        if s < left < e:
            left = s
        if s < right < e:
            right = e
    # Widen to whole words too: half a word of an unknown token is still part of the token.
    while left > 0 and not region[left - 1].isspace():
        left -= 1
    while right < len(region) and not region[right].isspace():
        right += 1
    inside = [(s - left, e - left, entity) for s, e, entity in spans if s >= left and e <= right]
    quoted = _redact_spans(region[left:right], inside)
    quoted = " ".join(quoted.split())
    if len(quoted) > limit:
        quoted = quoted[:limit].rsplit(" ", 1)[0]
    prefix = "…" if lo + left > 0 else ""
    suffix = "…" if lo + right < len(text) else ""
    return f"{prefix}{quoted}{suffix}"


def _merge(first: list[Match], second: list[Match]) -> list[Match]:
    merged = list(first)
    for m in second:
        if all(m.end <= k.start or m.start >= k.end for k in first):
            merged.append(m)
    return merged


def _mask_leftovers(chunk: str) -> str:
    # Each pattern needs eight characters (eight digits) or 24 (a token): shorter chunks cannot hold either.
    if len(chunk) < 8:
        return chunk
    chunk = _LONG_NUMBER.sub(PLACEHOLDERS["number"], chunk)
    if len(chunk) < 24:
        return chunk
    return _LONG_TOKEN.sub(lambda m: PLACEHOLDERS["token"] if _tokenish(m.group()) else m.group(), chunk)


def _tokenish(value: str) -> bool:
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return has_digit and has_alpha and shannon_entropy(value) >= 3.0
