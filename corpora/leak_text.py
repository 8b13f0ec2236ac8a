"""Labelled data-leak corpus and the value generators (see text.py for `evaluate()`).

The sentences that carry a value and the hard-negative sentences are split two-thirds / one-third: every third
sentence of the list they were written as is in leak/test-templates.jsonl, the others in leak/training-templates.jsonl.
The values come from the same generators for both splits (cards of every brand, Mastercard 2-series included, IBANs
of ten countries, SSNs, NINOs, DNIs, emails, phones, US addresses, each secret type), so the test split measures the
formats the generators cover, not unseen formats. Negatives: Luhn-failing card look-alikes, order numbers, dates,
versions, UUIDs, git SHAs, prices, placeholder keys.
"""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Callable

from .common import HERE, Corpus, Example, _event, read_jsonl
from .injection_text import placeholder_values


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for check in string.digits:
        total = 0
        for i, ch in enumerate(reversed(body + check)):
            d = int(ch)
            total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
        if total % 10 == 0:
            return body + check
    raise AssertionError("unreachable")


CARD_PREFIXES = {
    "visa": (("4",), (16, 13, 19)),
    "mastercard": (("51", "53", "55"), (16,)),
    "mastercard_2series": (("2221", "2300", "2500", "2720"), (16,)),
    "amex": (("34", "37"), (15,)),
    "discover": (("6011", "65", "644"), (16,)),
    "jcb": (("3528", "3566", "3589"), (16,)),
    "diners": (("36", "38", "300"), (14,)),
    "unionpay": (("62", "6212"), (16, 19)),
    "maestro": (("6759", "5018", "5020"), (12, 16, 19)),
    # Issuer ranges the brand table does not know (8x, 9x): cards only after a card word, which make_card writes.
    "unknown_brand": (("8", "90", "99"), (15, 16)),
}
# How cards are grouped when printed, by length (besides all digits together).
CARD_GROUPINGS = {
    13: ((4, 3, 3, 3), (4, 4, 5)),
    14: ((4, 6, 4),),
    15: ((4, 6, 5), (4, 4, 4, 3)),
    16: ((4, 4, 4, 4),),
    19: ((4, 4, 4, 4, 3), (6, 13)),
}
CARD_WORDS = ("card", "credit card", "cc", "Kreditkarte", "tarjeta", "carte bancaire", "carta di credito", "creditcard")


def make_card(brand: str, rng: random.Random) -> str:
    prefixes, lengths = CARD_PREFIXES[brand]
    number = _luhn_complete(rng.choice(prefixes), rng.choice(lengths), rng)
    style = rng.choice(("plain", "space", "dash"))
    if style != "plain" and len(number) in CARD_GROUPINGS:
        groups, parts, i = rng.choice(CARD_GROUPINGS[len(number)]), [], 0
        for g in groups:
            parts.append(number[i : i + g])
            i += g
        number = (" " if style == "space" else "-").join(parts)
    # 13 digits together read as an EAN-13 barcode unless a card word says otherwise (the detector asks for one).
    if brand == "unknown_brand" or len(number) == 13:
        return f"{rng.choice(CARD_WORDS)} {number}"
    return number


IBAN_BBAN = {
    "DE": "18n",
    "GB": "4a14n",
    "FR": "23n",
    "ES": "20n",
    "IT": "1a22n",
    "NL": "4a10n",
    "BE": "12n",
    "CH": "17n",
    "AT": "16n",
    "PL": "24n",
}


def make_iban(country: str, rng: random.Random, grouped: bool = True) -> str:
    spec, bban, count = IBAN_BBAN[country], "", ""
    for ch in spec:
        if ch.isdigit():
            count += ch
            continue
        alphabet = string.digits if ch == "n" else string.ascii_uppercase
        bban += "".join(rng.choice(alphabet) for _ in range(int(count)))
        count = ""
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    iban = f"{country}{check:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if grouped else iban


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


_ALNUM = string.ascii_letters + string.digits


def make_entity(entity: str, rng: random.Random) -> str:
    """A made-up value of `entity` (any PII or secret type; a card brand otherwise)."""
    make = _MAKERS.get(entity)
    return make(rng) if make else make_card(entity, rng)


def _make_iban(rng: random.Random) -> str:
    return make_iban(rng.choice(sorted(IBAN_BBAN)), rng, rng.random() < 0.7)


def _make_ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    ssn = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
    return rng.choice((f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}", f"{ssn[:3]} {ssn[3:5]} {ssn[5:]}", f"SSN {ssn}"))


def _make_uk_nino(rng: random.Random) -> str:
    nino = rng.choice(("AB", "CE", "JH", "PR", "WL", "SZ")) + _rand(rng, string.digits, 6) + rng.choice("ABCD")
    return nino if rng.random() < 0.5 else f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8]}"


def _make_es_dni(rng: random.Random) -> str:
    n = rng.randint(10000000, 99999999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def _make_email(rng: random.Random) -> str:
    first, last = rng.choice(("anna", "li", "omar", "jean", "priya", "tom")), rng.choice(("smith", "wong", "diaz"))
    domain = rng.choice(("gmail.com", "outlook.com", "acme-corp.com", "uni-hamburg.de", "company.co.uk"))
    return rng.choice((f"{first}.{last}@{domain}", f"{first}{rng.randint(1, 99)}@{domain}", f"{last}@{domain}"))


def _make_ip_address(rng: random.Random) -> str:
    return make_ip(rng)


def _make_phone(rng: random.Random) -> str:
    area = rng.choice((212, 415, 312, 617, 206, 303, 512, 646))
    ex, line = rng.randint(200, 999), rng.randint(0, 9999)
    n2 = f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return rng.choice(
        (
            # national formats of Germany, Spain, the Netherlands, Italy, France and the UK
            f"(089) {rng.randint(1000000, 9999999)}",
            f"089/{rng.randint(100000, 9999999)}",
            f"030-{rng.randint(1000000, 99999999)}",
            f"Tel. 0221 {rng.randint(100000, 9999999)}",
            f"6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            f"91{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"020-{rng.randint(1000000, 9999999)}",
            f"06-{rng.randint(10000000, 99999999)}",
            f"02 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            f"3{rng.randint(20, 49)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"+33 (0)1 {n2}",
            f"0{rng.choice('12345')} {n2}",
            f"0161 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"({area}) {ex}-{line:04d}",
            f"{area}-{ex}-{line:04d}",
            f"{area}.{ex}.{line:04d}",
            f"+1 {area} {ex} {line:04d}",
            f"+44 20 7946 {rng.randint(0, 9999):04d}",
            f"+49 30 {rng.randint(1000000, 99999999)}",
            f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"020 7946 {rng.randint(0, 9999):04d}",
            f"07700 900{rng.randint(0, 999):03d}",
        )
    )


def _make_address(rng: random.Random) -> str:
    street = rng.choice(("Maple", "Oak Hill", "Washington", "Lincoln", "Sunset", "Elm", "Park", "Cedar Ridge"))
    suffix = rng.choice(("Street", "St", "Avenue", "Ave.", "Road", "Blvd", "Lane", "Drive", "Court", "Way"))
    city = rng.choice(("Springfield, IL 62704", "Austin, TX 73301", "Portland, OR 97205", "Boston, MA 02108"))
    return f"{rng.randint(1, 9999)} {street} {suffix}, {city}"


def _make_aws_access_key(rng: random.Random) -> str:
    return rng.choice(("AKIA", "ASIA")) + _rand(rng, string.ascii_uppercase + "234567", 16)


def _make_github_token(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(("ghp_", "gho_", "ghs_")) + _rand(rng, _ALNUM, 36)
    return f"github_pat_{_rand(rng, _ALNUM, 22)}_{_rand(rng, _ALNUM, 59)}"


def _make_slack_token(rng: random.Random) -> str:
    return (
        f"xox{rng.choice('bpa')}-{rng.randint(10**10, 10**12)}-{rng.randint(10**10, 10**12)}-{_rand(rng, _ALNUM, 24)}"
    )


def _make_stripe_key(rng: random.Random) -> str:
    return rng.choice(("sk_live_", "rk_live_")) + _rand(rng, _ALNUM, rng.choice((24, 34, 99)))


def _make_google_api_key(rng: random.Random) -> str:
    return "AIza" + _rand(rng, _ALNUM + "_-", 35)


def _make_private_key(rng: random.Random) -> str:
    kind = rng.choice(("RSA ", "EC ", "OPENSSH ", ""))
    body = "\n".join(_rand(rng, _ALNUM + "+/", 64) for _ in range(3))
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----"


def _make_jwt(rng: random.Random) -> str:
    def part(data: str) -> str:
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    header = part(f'{{"alg":"{rng.choice(("HS256", "RS256", "ES256"))}","typ":"JWT"}}')
    sub, name = rng.randint(1, 10**6), rng.choice(placeholder_values().names)
    payload = part(f'{{"sub":"{sub}","name":"{name}","iat":{rng.randint(1_600_000_000, 1_800_000_000)}}}')
    return f"{header}.{payload}.{_rand(rng, _ALNUM + '-_', 43)}"


def _make_generic_secret(rng: random.Random) -> str:
    key = rng.choice(("password", "api_key", "client_secret", "DB_PASSWORD", "auth token", "secret_key"))
    value = (
        _rand(rng, _ALNUM + "!#%+", rng.randint(22, 40)) if rng.random() < 0.6 else _rand(rng, "0123456789abcdef", 40)
    )
    return f"{key}{rng.choice(('=', ': ', ' = ', ' is '))}{value}"


_MAKERS: dict[str, Callable[[random.Random], str]] = {
    "iban": _make_iban,
    "ssn": _make_ssn,
    "uk_nino": _make_uk_nino,
    "es_dni": _make_es_dni,
    "email": _make_email,
    "ip_address": _make_ip_address,
    "phone": _make_phone,
    "address": _make_address,
    "aws_access_key": _make_aws_access_key,
    "github_token": _make_github_token,
    "slack_token": _make_slack_token,
    "stripe_key": _make_stripe_key,
    "google_api_key": _make_google_api_key,
    "private_key": _make_private_key,
    "jwt": _make_jwt,
    "generic_secret": _make_generic_secret,
}


PII_TYPES = ("card", "iban", "ssn", "uk_nino", "es_dni", "email", "phone", "address", "ip_address")
SECRET_TYPES = (
    "aws_access_key",
    "github_token",
    "slack_token",
    "stripe_key",
    "google_api_key",
    "private_key",
    "jwt",
    "generic_secret",
)
TEMPLATE_FILES = {"train": "training-templates.jsonl", "test": "test-templates.jsonl"}


def templates(split: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The split's sentences that carry a value ({v}) and its hard-negative sentences, in file order."""
    records = read_jsonl(HERE / "leak" / TEMPLATE_FILES[split], {"kind": str, "text": str})
    unknown = {r["kind"] for r in records} - {"leak", "negative"}
    if unknown:
        raise ValueError(f"{TEMPLATE_FILES[split]}: unknown kinds {sorted(unknown)} (leak or negative)")
    return (
        tuple(r["text"] for r in records if r["kind"] == "leak"),
        tuple(r["text"] for r in records if r["kind"] == "negative"),
    )


def make_ip(rng: random.Random) -> str:
    """An IP address with the words or the form that make it personal data (a host, server, client or address)."""
    v4 = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    while v4.startswith("127."):
        v4 = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    v6 = ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(rng.choice((4, 8))))
    if v6.count(":") == 3:
        v6 = f"2a02:{v6}::{rng.randint(1, 0xFFFF):x}"
    return rng.choice(
        (
            f"IP address {v4}",
            f"client {v4}",
            f"login from {v4}",
            f"the server at {v4}:{rng.choice((22, 443, 8080))}",
            f"remote_addr={v4}",
            f'"client_ip": "{v4}"',
            f"host {v6}",
            f"IPv6 {v6}",
            f"Adresse IP {v4}",
            f"dirección IP {v4}",
        )
    )


def _negative_values(rng: random.Random) -> dict[str, str]:
    card = _luhn_complete("4", 16, rng)
    fake = card[:-1] + str((int(card[-1]) + rng.randint(1, 9)) % 10)  # same shape, Luhn fails
    card13 = _luhn_complete("4", 13, rng)
    fake13 = card13[:-1] + str((int(card13[-1]) + rng.randint(1, 9)) % 10)
    return {
        "o": f"#{rng.randint(10**7, 10**10)}",
        "d": rng.choice(("2025-03-15", "15/03/2025", "March 3, 2025", "15.03.2025")),
        "ver": rng.choice(("2.14.1", "10.0.19045.3693", "v4.2.0-rc1", "1.2.3.4")),
        "price": rng.choice(("$1,299.99", "€2.499,00", "£45.10", "USD 12,500")),
        "fake_card": " ".join(fake[i : i + 4] for i in range(0, 16, 4)),
        "uuid": f"{_rand(rng, '0123456789abcdef', 8)}-{_rand(rng, '0123456789abcdef', 4)}-4"
        f"{_rand(rng, '0123456789abcdef', 3)}-a{_rand(rng, '0123456789abcdef', 3)}-"
        f"{_rand(rng, '0123456789abcdef', 12)}",
        "sha": _rand(rng, "0123456789abcdef", 40),
        "small": str(rng.randint(100, 4000)),
        "serial": f"SN-{rng.randint(10**5, 10**9)}",
        "last4": f"{rng.randint(0, 9999):04d}",
        "ver4": rng.choice(("10.2.3.4", "4.18.0.553", "1.2.840.113549", "6.1.7601.24544", "192.3.1.0")),
        "sec": f"{rng.randint(1, 12)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        "ean": _ean13(rng),
        "ts": rng.choice(("2025-03-15T10:22:31Z", "15.03.2025 10:22", "1700000000", "20250315102231")),
        "fake_card13": f"{fake13[:4]} {fake13[4:7]} {fake13[7:10]} {fake13[10:]}",
    }


def _ean13(rng: random.Random) -> str:
    body = "40" + "".join(rng.choice(string.digits) for _ in range(10))
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def leak_corpus(seed: int = 7, per_type: int = 60) -> Corpus:
    splits = {}
    types = [t for t in PII_TYPES if t != "card"] + list(CARD_PREFIXES) + list(SECRET_TYPES)
    for split in ("train", "test"):
        rng = random.Random(f"leak-{seed}-{split}")
        sentences, negatives = templates(split)
        examples: list[Example] = []
        for entity in types:
            label = "card" if entity in CARD_PREFIXES else entity
            for _ in range(per_type if label != "card" else per_type // 3):
                text = rng.choice(sentences).format(v=make_entity(entity, rng))
                examples.append(
                    Example(_event(len(examples), split, "crm_assistant", output_text=text), True, entity, (label,))
                )
        for _ in range(per_type * 8):
            values = _negative_values(rng)
            text = " ".join(t.format(**values) for t in rng.sample(negatives, 2))
            examples.append(
                Example(_event(len(examples), split, "crm_assistant", output_text=text), False, "hard_negative")
            )
        splits[split] = tuple(examples)
    return Corpus("leak", splits["train"], splits["test"])
