"""Validators of sensitive values (redact.py's scanners call them): Luhn and card brands, IBAN mod-97 with
per-country length, SSN ranges, NINO prefixes, DNI/NIE check letter, JWT header, Shannon entropy. They keep random
digit strings out; and, for a number a scanner matched, whether the text around it makes it a card or a phone
(groupings, card words, identifiers introduced as such). Pure: no I/O, no clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# (brand, prefix ranges as (low, high) over the first len(low) digits, allowed lengths). Order matters: the first
# brand whose prefix matches names the card. Mastercard's 2-series (2221-2720) is the range older patterns miss.
CARD_BRANDS: tuple[tuple[str, tuple[tuple[str, str], ...], frozenset[int]], ...] = (
    ("amex", (("34", "34"), ("37", "37")), frozenset({15})),
    ("diners", (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39")), frozenset(range(14, 20))),
    ("jcb", (("3528", "3589"),), frozenset(range(16, 20))),
    ("visa", (("4", "4"),), frozenset({13, 16, 19})),
    ("mir", (("2200", "2204"),), frozenset(range(16, 20))),
    ("mastercard", (("51", "55"), ("2221", "2720")), frozenset({16})),
    ("discover", (("6011", "6011"), ("644", "649"), ("65", "65"), ("622126", "622925")), frozenset(range(16, 20))),
    ("unionpay", (("62", "62"), ("81", "81")), frozenset(range(16, 20))),
    ("maestro", (("50", "50"), ("56", "69")), frozenset(range(12, 20))),
)


def card_brand(digits: str) -> str | None:
    """The brand whose prefix and length fit `digits`, or None."""
    n = len(digits)
    for brand, ranges, lengths in CARD_BRANDS:
        if n not in lengths:
            continue
        for low, high in ranges:
            if low <= digits[: len(low)] <= high:
                return brand
    return None


# ISO 13616 registry lengths (SWIFT IBAN registry), countries that issue IBANs.
IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
}


def iban_valid(iban: str) -> bool:
    """Country length and the ISO 7064 mod-97 check (the rearranged number mod 97 is 1)."""
    iban = iban.replace(" ", "").upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit() or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


# Numbers the SSA never issues or that are published examples (Woolworth wallet card, the textbook sample).
_SSN_EXAMPLES = frozenset({"078051120", "219099999", "123456789"})


def ssn_valid(digits: str) -> bool:
    """US SSN ranges: area not 000, 666 or 9xx; group not 00; serial not 0000; not a published example."""
    if len(digits) != 9 or digits in _SSN_EXAMPLES or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_valid(nino: str) -> bool:
    """UK National Insurance number: allowed prefix letters, six digits, suffix A-D (no checksum exists)."""
    nino = nino.replace(" ", "").upper()
    return (
        len(nino) == 9
        and nino[:2] not in _NINO_BAD_PREFIXES
        and nino[0] not in "DFIQUV"
        and nino[1] not in "DFIOQUV"
        and nino[2:8].isdigit()
        and nino[8] in "ABCD"
    )


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_valid(value: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is number mod 23."""
    value = value.replace("-", "").upper()
    if len(value) != 9:
        return False
    number = value[:8]
    if number[0] in "XYZ":
        number = str("XYZ".index(number[0])) + number[1:]
    return number.isdigit() and _DNI_LETTERS[int(number) % 23] == value[8]


def jwt_header_valid(token: str) -> bool:
    """A JWT's first part is base64url JSON naming its algorithm."""
    header = token.split(".", 1)[0]
    try:
        data = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "alg" in data


def shannon_entropy(value: str) -> float:
    """Bits per character of `value` (random base64 is near 6, English words near 3)."""
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for c in value:
        counts[c] = counts.get(c, 0) + 1
    n = len(value)
    return -sum(k / n * math.log2(k / n) for k in counts.values())


# --- in context: a number matched by a scanner, and the text around it -----------------------------------------

_CARD_GROUPS = re.compile(r"[ -]")
# An identifier introduced as such ("order no. 415-555-0123") is not a phone, nor digits glued to a code ("AA1 01 ..").
_NOT_PHONE_BEFORE = re.compile(
    r"(?i)(?:\b(?:order|invoice|ref|reference|tracking|account|acct|case|serial|sku|part|"
    r"isbn|version|build)(?:\s?(?:#|no\.?|number|num|id))?\W{0,3}|#\s?|\bv|"
    r"\w*\d\w* )$"
)


# Groupings cards are printed in besides fours (4-4-4-4, 4-4-4-3 for 15 digits, 4-4-4-4-3 for 19): Amex 4-6-5,
# Diners 4-6-4, 13-digit Visa 4-3-3-3 and 4-4-5, UATP 4-5-6, 19-digit Maestro 6-13.
_CARD_GROUPINGS = frozenset({(4, 6, 5), (4, 6, 4), (4, 3, 3, 3), (4, 4, 5), (4, 5, 6), (6, 13)})
# A word for a payment card before a number (in the languages of the phone regions): with it, a Luhn-valid number of
# 13-19 digits is a card even when its issuer range is not in CARD_BRANDS.
_CARD_CONTEXT = re.compile(
    r"(?i)(?:\b(?:card|cc\b|cc#|credit|debit|visa|master ?card|amex|pan\b|kreditkarte|karte|tarjeta|carte|carta|kaart|"
    r"creditcard|bankkaart|betaalkaart))"
)
_CARD_WORD_REACH = 40
# Product and book codes are Luhn-valid one time in ten.
_NOT_CARD_BEFORE = re.compile(r"(?i)\b(?:ean|gtin|isbn|upc|barcode|bar code|sku|article|artikel)\b[^\n\d]{0,12}$")


def _card(text: str, m: re.Match[str]) -> tuple[str, float] | None:
    """(rule, confidence) when the number `m` matched is a payment card: Luhn-valid, grouped as cards are, and of a
    known issuer range, or of 13-19 digits after a card word."""
    value = m.group()
    digits = value.replace(" ", "").replace("-", "")
    if not luhn_valid(digits) or len(set(digits)) == 1 or not _card_grouping(value):
        return None
    if _NOT_CARD_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return None
    card_word = None  # looked for only when needed
    brand = card_brand(digits)
    # Thirteen digits together are far more often an EAN-13 barcode (Germany's start with 40-44, like a Visa) than
    # one of the few 13-digit cards still issued: those need a card word.
    if brand and (len(digits) != 13 or len(value) != 13 or (card_word := _near_card_word(text, m.start()))):
        return f"luhn:{brand}", 0.96
    if 13 <= len(digits) <= 19 and (card_word if card_word is not None else _near_card_word(text, m.start())):
        return "luhn:unknown", 0.85
    return None


def _near_card_word(text: str, start: int) -> bool:
    return _CARD_CONTEXT.search(text, max(0, start - _CARD_WORD_REACH), start) is not None


def _card_grouping(value: str) -> bool:
    """Separators only where cards print them (see _CARD_GROUPINGS), or none."""
    groups = tuple(len(g) for g in _CARD_GROUPS.split(value))
    if len(groups) == 1 or groups in _CARD_GROUPINGS:
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


def _plausible_phone(text: str, start: int, value: str, rule: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if _NOT_PHONE_BEFORE.search(text, max(0, start - 12), start):
        return False
    if len(set(digits)) < 3:
        return False
    if rule == "phone_international":
        return 8 <= len(digits) <= 15
    if rule == "phone_nanp":
        area = digits[:3]
        return area[0] not in "01" and digits[3] not in "01"
    if rule == "phone_libphonenumber":
        return True  # validated against the numbering plan already
    # Trunk-0 national numbers: 10 or 11 digits, and not a date-like 0d-dd-dddd.
    return 10 <= len(digits) <= 11
