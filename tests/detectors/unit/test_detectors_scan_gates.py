"""The shortcuts of the leak and hallucination scanners never hide a finding.

redact.scan skips a scanner when a cheap necessary condition fails (no digit, no "_", ...), finds number runs and
addresses from where they can start instead of trying every position; hallucination finds numbers the same way and
remembers what each retrieved passage holds. Each shortcut is checked here against the plain pattern it replaces,
on every text of the corpora and on random text full of the characters that matter (digits of other scripts, letters
that match ASCII ones case-insensitively, lone surrogates).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicident.detectors import hallucination, redact
from corpora import text as corpora
from corpora.leak_text import make_entity

# The patterns as they were before the shortcuts: the reference.
NUMERIC = re.compile(r"[+(]?\d[\d \-.()/]{6,}")
DIGIT = re.compile(r"\d")

TRICKY = (
    "0123456789",
    "١٢٣٤٥٦٧",
    "１２３４５６７",
    "०१२३",
    "ſ",
    "\u212a",
    "İ",
    "ı",
    "\ud800",
    "é",
    "€",
    "£",
    "—",
    "’",
    " ",
    "-",
    ".",
    "(",
    ")",
    "+",
    "/",
    "_",
    "@",
    "$",
    "AKIA",
    "AIza",
    "xox",
    "ghp_",
    "PRIVATE KEY",
    "GB",
    "AB",
    "Street",
    "St",
    "Dr",
    "Ave",
    " 12 ",
    "Main",
    "North ",
    "Apt 4",
    "key=",
    "token: ",
    "secret ",
    "SSN ",
    "API_KEY=",
    "Password is ",
    "bearer ",
    "credentials: ",
    "Phone: ",
    "call me at ",
    "TEXT ME ",
    "reach her on ",
    "4155550123",
    "+447700900123",
    "sk9Xq2LmN4pR7tV1wY3zA5bC",
)


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[str, ...]:
    texts: list[str] = []
    for corpus in (corpora.leak_corpus(), corpora.hallucination_corpus(), corpora.injection_corpus()):
        for example in corpus.train + corpus.test:
            e = example.event
            texts += [e.input_text, e.output_text, *e.context]
    rng = random.Random(5)
    entities = [e for e in redact.ENTITIES if e != "card"] + sorted(corpora.CARD_PREFIXES)  # cards by brand
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 12)):
            r = rng.random()
            if r < 0.4:
                parts.append(rng.choice(TRICKY))
            elif r < 0.6:
                parts.append(make_entity(rng.choice(entities), rng))
            else:
                parts.append("".join(rng.choice("0123456789٣１ -.()/+ſAZaz_") for _ in range(rng.randint(1, 20))))
        texts.append("".join(parts))
    return tuple(dict.fromkeys(texts))


def classes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").translate(redact._CLASSES)


def check_gates(text: str) -> None:
    c = classes(text)
    if redact._SECRET_PREFIX.search(text):
        assert redact._may_hold_prefix(text, c), text
    if redact._KEYWORD_SECRET.search(text):
        assert redact._SECRET_VALUE_RUN in text.encode("utf-8", "surrogatepass").translate(redact._SECRET_VALUE_BYTES)
    if redact._IBAN.search(text):
        assert b"AA00" in c, text
    if redact._NINO.search(text):
        assert b"AA00" in c or b"AA 00" in c, text
    if DIGIT.search(text):
        assert b"0" in c, text
    runs = [(m.start(), m.end(), m.group()) for m in NUMERIC.finditer(text)]
    if any(sum(ch.isdigit() for ch in run) >= 7 for *_, run in runs):
        assert c.count(b"0") >= 7, text
    assert list(redact._numeric_runs(text, None)) == runs, text
    if text.isascii():
        assert list(redact._numeric_runs(text, c)) == runs, text
    if redact._ADDRESS.search(text):
        assert redact._ADDRESS_CLASSES.search(c), text
    for pattern, keywords in (
        (redact._KEYWORD_SECRET, redact._SECRET_KEYWORD_STARTS),
        (redact._PHONE_BARE, redact._PHONE_WORDS),
    ):
        found = redact._keyword_matches(pattern, keywords, text, text.lower())
        assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], text


def addresses(text: str) -> list[tuple[int, int]]:
    """The address spans scan() reports, from a scan of addresses alone."""
    return [(m.start, m.end) for m in redact.scan(text, entities=("address",))]


def check_addresses(text: str) -> None:
    expected = [m.span() for m in redact._ADDRESS.finditer(text)] if redact._STREET_GATE.search(text) else []
    assert addresses(text) == expected, text


def test_the_gates_pass_every_corpus_text_in_which_the_full_pattern_matches():
    for text in corpus_texts():
        check_gates(text)


def test_addresses_found_from_their_possible_starts_are_the_ones_finditer_finds():
    for text in corpus_texts():
        check_addresses(text)
    assert addresses("Send it to 221 Baker Street, London and 1600 Pennsylvania Avenue NW")


def test_keyword_patterns_are_tried_at_each_of_their_keywords():
    secrets = (
        "api_key",
        "apikey",
        "API-KEY",
        "Secret",
        "token",
        "password",
        "passwd",
        "PWD",
        "passphrase",
        "access_key",
        "auth-key",
        "credentials",
        "private_key",
        "Bearer",
    )
    phones = (
        "phone",
        "Mobile",
        "cell",
        "tel",
        "Telephone",
        "call",
        "fax",
        "WhatsApp",
        "sms",
        "text me",
        "reach me",
        "reach her",
        "reach him",
        "contact number",
    )
    for pattern, keywords, words, template in (
        (redact._KEYWORD_SECRET, redact._SECRET_KEYWORD_STARTS, secrets, "the {}: sk9Xq2LmN4pR7tV1wY3zA5bC ok"),
        (redact._PHONE_BARE, redact._PHONE_WORDS, phones, "My {} is 4155550123, thanks"),
    ):
        for word in words:
            text = template.format(word)
            expected = [m.span() for m in pattern.finditer(text)]
            assert expected, text
            assert [m.span() for m in redact._keyword_matches(pattern, keywords, text, text.lower())] == expected


def test_every_secret_prefix_passes_its_own_gate():
    for *_, prefixes in redact._SECRET_PATTERNS:
        for prefix in prefixes:
            assert redact._may_hold_prefix(prefix, classes(prefix)), prefix


TEXT = st.lists(
    st.sampled_from(TRICKY) | st.characters(codec="utf-8") | st.sampled_from("0123456789 -"), max_size=40
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXT)
def test_the_gates_hold_on_random_text(text):
    check_gates(text)
    check_addresses(text)


# --- hallucination -------------------------------------------------------------------------------------------------

# _ENTITY before its runs were made possessive: the reference.
ENTITY = re.compile(
    r"[A-Z](?<![\w][A-Z])(?:[a-zA-Z'’-]+(?:\s+(?:of|the|de|van|von|for|and|&)?\s*[A-Z][a-zA-Z'’-]+)+"
    r"|[A-Z]{1,5}s?\b|(?<=[a-z,;:] [A-Z])[a-z][a-zA-Z'’-]+)"
)
NAMES = (
    "The ",
    "Bank of America",
    "World Health Organization",
    "Dr. ",
    "NASA",
    "FDAs ",
    "van der Berg",
    "O’Neil",
    "Smith-Jones",
    " of ",
    " the ",
    "$",
    "$$",
    "£",
    "€",
    "1,000",
    "2.5",
    ".5",
    "_7",
    "a9",
    "\t",
    "\n",
    "  ",
    "\x1c",
    "\x1f",
    "\x85",
    " van ",
    " & ",
    " and ",
    "Dept",
    "A",
    "B",
    "a",
    "z",
    ", ",
    "; ",
    ": ",
    "'",
    "-",
)


def check_hallucination_patterns(text: str) -> None:
    assert hallucination._number_starts(text) == [m.start() for m in hallucination._NUMBER_START.finditer(text)], text
    expected = [m.span() for m in ENTITY.finditer(text)]
    assert [m.span() for m in hallucination._ENTITY.finditer(text)] == expected, text
    assert [m.span() for m in hallucination._entities(text)] == expected, text


def test_number_starts_and_entities_are_found_as_the_plain_patterns_find_them():
    for text in corpus_texts():
        check_hallucination_patterns(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.lists(st.sampled_from(TRICKY + NAMES) | st.characters(codec="utf-8"), max_size=40).map("".join))
def test_number_starts_and_entities_hold_on_random_text(text):
    check_hallucination_patterns(text)


def unsupported_numbers(output: str, context: tuple[str, ...], given: str) -> list[hallucination.Claim]:
    """The number claims no figure of the passages or the input supports, every figure read up front."""
    values = hallucination._values(given)
    for passage in context:
        values |= hallucination._values(passage)
    lowered = "\n".join((*context, given)).lower()
    values |= {hallucination._key(hallucination._NUMBER_WORDS[w]) for w in hallucination._NUMBER_WORD.findall(lowered)}
    claims = hallucination.HallucinationDetector()._claims(output)
    return [c for c in claims if c.kind == "number" and c.values.isdisjoint(values)]


def test_figures_looked_up_lazily_and_remembered_support_the_same_claims():
    examples = corpora.hallucination_corpus()
    events = [e.event for e in examples.train + examples.test]
    rng = random.Random(3)
    words = ("twelve", "twenty", "half", "a dozen", "3", "12", "0.5", "50%", "1.2 million", "1,200,000", "$12")
    for e in list(events):  # the same answers against passages and inputs that say their figures otherwise
        extra = " ".join(rng.choice(words) for _ in range(4))
        events.append(
            e.__class__(
                **{
                    **{f: getattr(e, f) for f in e.__dataclass_fields__},
                    "input_text": e.input_text + " " + extra,
                    "context": (*e.context, extra) if rng.random() < 0.5 else e.context,
                }
            )
        )
    remembering = hallucination.HallucinationDetector(hallucination.Config(passage_cache_size=3))
    fresh = hallucination.HallucinationDetector(hallucination.Config(passage_cache_size=0))
    for e in events * 2:
        expected = unsupported_numbers(e.output_text, e.context, e.input_text)
        for detector in (remembering, fresh):
            grounding = detector.ground(e.output_text, e.context, e.input_text)
            assert [c for c in grounding.ungrounded if c.kind == "number"] == expected, e.output_text
    assert len(remembering._passage_values) == 3


def test_the_harm_domain_from_the_lexicon_words_alone_is_the_one_every_word_gives():
    detector = hallucination.HallucinationDetector()
    rng = random.Random(9)
    terms = [*hallucination.MEDICAL_TERMS, *hallucination.FINANCIAL_TERMS, *hallucination.LEGAL_TERMS]
    texts = [t.lower() for t in corpus_texts()]
    texts += [
        " ".join(rng.choice(terms) + rng.choice(("", "s", "ing", "ed", "é")) for _ in range(3)) for _ in range(500)
    ]
    for text in texts:
        words = set(hallucination._words(text))
        best, weight = "general", 1.0
        for name, domain_weight, single, phrases in detector._domains:
            if domain_weight > weight and (not single.isdisjoint(words) or any(p in text for p in phrases)):
                best, weight = name, domain_weight
        assert detector._domain(text) == (best, weight), text


def test_the_key_of_a_whole_number_below_1000_is_the_number_itself():
    for value in [*map(float, range(1000)), 999.5, 1000.0, 1234.0, 0.25, 1e300, float("inf")]:
        assert repr(hallucination._key(value)) == repr(float(f"{value:.3g}")), value


def test_leftovers_too_short_for_a_long_number_or_token_are_left_as_they_are():
    def masked(chunk: str) -> str:
        chunk = redact._LONG_NUMBER.sub(redact.PLACEHOLDERS["number"], chunk)
        return redact._LONG_TOKEN.sub(
            lambda m: redact.PLACEHOLDERS["token"] if redact._tokenish(m.group()) else m.group(), chunk
        )

    rng = random.Random(4)
    for _ in range(3000):
        chunk = "".join(rng.choice("0123456789 .-aZ+/_=") for _ in range(rng.randint(0, 40)))
        assert redact._mask_leftovers(chunk) == masked(chunk), chunk
