"""Validators of sensitive values (redact.py's scanners call them): Luhn and card brands, IBAN mod-97 with
per-country length, SSN ranges, NINO prefixes, DNI/NIE check letter, JWT header, Shannon entropy. They keep random
digit strings out. Pure: no I/O, no clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import math


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
