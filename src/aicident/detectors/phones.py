"""Phone numbers found and validated by libphonenumber (the `phonenumbers` package: Google's library, kept up to date
with every numbering plan), for the national formats a pattern cannot know: area codes in parentheses or before a
slash (`(089) 1234567`, `089/1234567`), Spanish nine-digit numbers without a trunk 0, subscriber numbers of 7-8
digits after a dash, `+33 (0)1 ...`.

It runs behind redact.scan's cheap gates: only on runs of at least seven digits and separators, and only on those
shaped like a phone number (not a date, an IPv4 address or a version), so most text never reaches it. Its
PhoneNumberMatcher is given a short window around each run and the plan's regions as hints (a national number is
tried in each region whose numbering plan it fits, the first valid reading wins); a number written with its country
code is valid whatever the region. A run of bare digits without any separator counts only after a phone word: order
numbers and ids are bare digits too. Pure: no I/O, no clock; the library is imported on first use (it takes a
fifth of a second to load).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

# The regions tried, in order, when the plan names none: the United States and the six European countries whose
# national formats the corpora cover.
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL")

# Words that introduce a phone number, in the languages of DEFAULT_REGIONS (lower case; looked for as substrings).
PHONE_WORDS = (
    "phone",
    "mobile",
    "cell",
    "tel",
    "call",
    "fax",
    "whatsapp",
    "sms",
    "text me",
    "reach",
    "contact",
    "handy",
    "mobil",
    "ruf",
    "anruf",
    "móvil",
    "movil",
    "llam",
    "portable",
    "appel",
    "cellulare",
    "chiama",
    "bel ",
)
_WORD_REACH = 30  # a phone word this many characters before a bare run

_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}(?![\d])")
_IPV4_SHAPE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_VERSION_SHAPE = re.compile(r"\d+(?:\.\d+){2,}")
_SEPARATED = re.compile(r"\d[ \-./()]+\d")


def _library() -> Any:
    import phonenumbers  # noqa: PLC0415 - loaded on first use, not at import

    return phonenumbers


@cache
def _plans(regions: tuple[str, ...]) -> tuple[tuple[str, str, int, int], ...]:
    """(region, trunk prefix, shortest, longest national number) of each region libphonenumber knows."""
    library = _library()
    plans = []
    for region in regions:
        metadata = library.PhoneMetadata.metadata_for_region(region.upper())
        if metadata is None:
            continue
        lengths = [n for n in metadata.general_desc.possible_length if n > 0]
        plans.append((region.upper(), metadata.national_prefix or "", min(lengths), max(lengths)))
    return tuple(plans)


def known_region(region: str) -> bool:
    return bool(_plans((region.upper(),)))


def _fitting(digits: str, plans: Sequence[tuple[str, str, int, int]]) -> list[str]:
    """The regions whose national numbers `digits` (a run without a country code) could be."""
    out = []
    for region, trunk, shortest, longest in plans:
        national = digits[len(trunk) :] if trunk and digits.startswith(trunk) else digits
        if shortest <= len(national) <= longest:
            out.append(region)
    return out


def phone_shaped(run: str) -> bool:
    """Not a date, an IPv4 address or a version number (the matcher would be asked for nothing)."""
    core = run.strip(" -./()")
    return not (_DATE.match(core) or _IPV4_SHAPE.fullmatch(core) or _VERSION_SHAPE.fullmatch(core))


def find(
    text: str, start: int, end: int, regions: tuple[str, ...], lowered: str = ""
) -> Iterator[tuple[int, int, str]]:
    """(start, end, rule) of each valid phone number libphonenumber finds in the run text[start:end]."""
    run = text[start:end]
    if not phone_shaped(run):
        return
    digits = "".join(c for c in run if c.isdigit())
    international = run.lstrip("( ").startswith("+") or digits.startswith("00")
    if not _SEPARATED.search(run) and not international:
        window = (lowered or text.lower())[max(0, start - _WORD_REACH) : start]
        if not any(w in window for w in PHONE_WORDS):
            return
    plans = _plans(regions)
    tried: Sequence[tuple[str, str, int, int]]
    if international:
        tried = plans[:1]
    else:
        fitting = _fitting(digits, plans)
        tried = [p for p in plans if p[0] in fitting]
    if not tried:
        return
    library = _library()
    lo, hi = max(0, start - 2), min(len(text), end + 2)
    snippet = text[lo:hi]
    for region, *_ in tried:
        found = [
            (lo + m.start, lo + m.end)
            for m in library.PhoneNumberMatcher(snippet, region, leniency=library.Leniency.VALID, max_tries=8)
        ]
        if found:
            rule = "phone_libphonenumber_international" if international else f"phone_libphonenumber:{region}"
            for first, last in found:
                yield first, last, rule
            return
