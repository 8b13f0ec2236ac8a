"""Text normalisation for detection: undo the cheap tricks attackers use to slip text past pattern rules.

Rules are written once, against lowercase Latin text. Everything an attacker can do to keep a phrase from matching
that text without changing what a language model reads is undone here, and *counted*: an input that hides its words
behind zero-width characters, Cyrillic look-alikes or base64 is suspicious even before we know what it says.

The work is bounded so it stays inside the inline budget (all text detectors together: p99 < 2 ms per 1 KB):
ASCII text skips the Unicode steps, each decoder looks only at segments of plausible length, at most
`max_segments` segments are decoded, and the optional variants are built only when their cheap gate fires.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

from aicident.detectors.text_options import config_from_options

# --- character tables ----------------------------------------------------------------------------------------------

# Characters with no width that split a word for a regex but not for a tokenizer. U+200D (zero-width joiner) is
# also how emoji sequences are built, so it is only counted between two letters (see _count_invisible).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
# Explicit bidi controls reorder what a reviewer sees (Trojan Source); RLM/LRM are included because they are
# invisible and break words just the same.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# Cyrillic, Greek and other letters that render like Latin ones (a subset of Unicode's confusables.txt: the
# look-alikes seen in real jailbreak prompts). Fullwidth and mathematical letters need no entry: NFKC maps them.
CONFUSABLES = {
    # Cyrillic lowercase
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "ո": "n",
    "ս": "u",
    "ℓ": "l",
    "ı": "i",
    # Cyrillic uppercase
    "А": "a",
    "В": "b",
    "Е": "e",
    "К": "k",
    "М": "m",
    "Н": "h",
    "О": "o",
    "Р": "p",
    "С": "c",
    "Т": "t",
    "У": "y",
    "Х": "x",
    "Ѕ": "s",
    "І": "i",
    "Ј": "j",
    "Ԁ": "d",
    "Ԛ": "q",
    "Ԝ": "w",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "Α": "a",
    "Β": "b",
    "Ε": "e",
    "Ζ": "z",
    "Η": "h",
    "Ι": "i",
    "Κ": "k",
    "Μ": "m",
    "Ν": "n",
    "Ο": "o",
    "Ρ": "p",
    "Τ": "t",
    "Υ": "y",
    "Χ": "x",
}
_FOLD_TABLE = str.maketrans({**{c: None for c in ZERO_WIDTH + BIDI}, **CONFUSABLES})
_CONFUSABLE_CLASS = "".join(CONFUSABLES)
_MIXED_WORD = re.compile(rf"[\w{_CONFUSABLE_CLASS}]*[{_CONFUSABLE_CLASS}][\w{_CONFUSABLE_CLASS}]*")
_WIDE = re.compile("[\uff01-\uff5e]|[\U0001d400-\U0001d7ff]")
_INVISIBLE = re.compile(f"[{ZERO_WIDTH}{BIDI}]")

# Leetspeak digits and symbols, mapped only inside words that also contain letters (so prices, dates and
# versions survive).
LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_GATE = re.compile(r"[0134579@$](?:(?<=[a-z].)|(?=[a-z]))")  # starts with a rare class: fast to scan
# _LEET_GATE on an ASCII text's bytes mapped so: a letter "a", a leet character "1", anything else " ". A leet
# character next to a letter is "a1" or "1a" there: one translate and two finds in C, where the regex engine steps
# through every character of the text.
_LEET_GATE_CLASSES = (
    bytes(97 if 97 <= i <= 122 else 49 if chr(i) in "0134579@$" else 32 for i in range(128)) + b" " * 128
)


def _may_be_leet(text: str) -> bool:
    """Whether _LEET_GATE.search(text) finds a leet character next to a letter."""
    if not text.isascii():
        return _LEET_GATE.search(text) is not None
    classes = text.encode().translate(_LEET_GATE_CLASSES)
    return b"1a" in classes or b"a1" in classes


_NUMBER_WITH_UNIT = re.compile(r"\$?\d+(?:st|nd|rd|th|s|am|pm|k|m|b|kg|km|ms|gb|mb|kb|px|x|h|d|v)")
# A run of word characters holding a leet character (one without any is left alone, so it is not even matched).
_LEET_WORD = re.compile(r"[a-z0-9@$']*[0134579@$][a-z0-9@$']*")
# _LEET_WORD's matches are the maximal runs of its characters that hold a leet character. In ASCII text they are found
# from the leet characters (a fast search for one of a few characters) on the text's bytes with the run's characters
# mapped to "a" and the rest to " ": the run's ends are the spaces around it (bytes.rfind and find, in C), where
# _LEET_WORD itself is tried at every position and backtracks through every word.
_LEET_CHAR = re.compile(r"[0134579@$]")
_LEET_RUN_CLASSES = bytes(97 if chr(i) in "abcdefghijklmnopqrstuvwxyz0123456789@$'" else 32 for i in range(256))
_LEET_DIGITS = re.compile(r"(?<![\w.,])[0134579]{1,3}(?![\w.,%])")

# "i g n o r e": four or more single characters, each separated by one to three non-word characters.
_SPACED = re.compile(r"(?<![a-z0-9])[a-z0-9](?:[ .\-_*|/+~,]{1,3}[a-z0-9](?![a-z0-9])){3,}")
_SPACED_SEPARATOR = re.compile(r"[ .\-_*|/+~,]+")
# What every _SPACED match holds, on the folded text's bytes with letters and digits mapped to "a", its separators to
# "." and the rest to "x": its second, third and fourth letters each after separators ("i g n o" is "a.a.a.a"). The
# literal ".a." it starts with (a one-letter word) is rare and found by a fast search, where _SPACED itself is tried
# at every position; a text without it is not given to _SPACED at all.
_SPACING_CLASSES = (
    bytes(
        97 if chr(i) in "abcdefghijklmnopqrstuvwxyz0123456789" else 46 if chr(i) in " .-_*|/+~," else 120
        for i in range(128)
    )
    + b"x" * 128
)
_SPACED_GATE = re.compile(rb"\.a\.\.{0,2}a\.{1,3}a(?!a)")

# Encoded segments. Plausible lengths only: shorter ones are ordinary words, longer ones are files.
_HEX = re.compile(r"(?<![0-9a-fA-F])(?:(?:\\x|0x)?[0-9a-fA-F]{2}[ :]?){8,}(?![0-9a-fA-F])")
_HEX_JUNK = re.compile(r"\\x|0x|[ :]")
_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_HEX_TOKEN = re.compile(r"(?:(?:\\x|0x)?[0-9a-fA-F]{2}:?)+")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_PUNCTUATION = "\"'`()[]{}<>.,;:!?*"
# Written to start with a literal "%": the regex engine then skips to each "%" instead of trying the repeated group
# at every position (~80x faster on 2 KB of text with a "100%" in it), with the same matches.
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}(?:%[0-9a-fA-F]{2}){5,}")
# ROT13 of the words an attack cannot do without; two of them in one text means someone rot13-encoded English.
_ROT13_WORDS = frozenset(
    "gur lbh lbhe naq nyy vtaber cerivbhf vafgehpgvbaf flfgrz cebzcg ehyrf sbetrg erirny cevag guvf gung vf bs gb sbe "  # noqa: SIM905
    "jvgu ner zr nobir fnl gryy bayl bireevqr cbyvpvrf qvfertneq".split()
)
# Words of folded text, what rule gates look up (see injection.py): runs of letters and digits. Apostrophes split
# ("you're" -> "you", "re"); "@" is a word of its own. translate + split is ~3x faster than a regex findall.
# ASCII text (the common case) goes through bytes.translate, a plain 256-byte table: ~1.5x faster than str.translate
# with a dict, and the same words.
# ASCII bytes with whitespace (what str.split() splits on) mapped to " " and everything else to "x": a token of the
# text is a run of "x" there, found with bytes.find in C instead of splitting the text into a list of words.
_TOKEN_CLASSES = bytes(32 if chr(i).isspace() else 120 for i in range(128)) + b"x" * 128
# The same with hex digits mapped to "h": "69 67 6e" holds " hh " once per pair.
_HEX_PAIR_CLASSES = (
    bytes(32 if chr(i).isspace() else 104 if chr(i) in "0123456789abcdefABCDEF" else 120 for i in range(128))
    + b"x" * 128
)
_WORD_BREAKS = {i: " " for i in range(128) if not chr(i).isalnum()} | {0x2019: " ", 0x2018: " "}
_WORD_BREAKS_BYTES = bytes(32 if i < 128 and not chr(i).isalnum() else i for i in range(256))


def words_of(folded: str) -> frozenset[str]:
    """The words of a folded text."""
    words = frozenset(tokens_of(folded))
    return words | {"@"} if "@" in folded else words


def tokens_of(folded: str) -> list[str]:
    """The words of a folded text in order (what words_of makes a set of, without the "@")."""
    if folded.isascii():
        return folded.encode().translate(_WORD_BREAKS_BYTES).decode().split()
    return folded.translate(_WORD_BREAKS).split()


_ROT13 = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")

_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, slots=True)
class Config:
    decode: bool = True  # base64, hex and percent-encoded segments
    rot13: bool = True
    leetspeak: bool = True
    spacing: bool = True
    min_segment_length: int = 16  # characters of an encoded segment worth decoding (12 bytes of base64)
    max_segment_length: int = 4096
    max_segments: int = 8  # decoded per text: bounds the work an attacker can make us do
    printable_ratio: float = 0.9  # a decoded segment is text if this share of it is printable

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options)


@dataclass(frozen=True, slots=True)
class Decoded:
    kind: str  # base64, hex, percent, rot13
    text: str  # folded (lowercase, look-alikes mapped) like NormalizedText.folded


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The variants of one text that rules run over, and the obfuscation found on the way."""

    original: str
    folded: str  # NFKC, look-alikes mapped to Latin, invisible characters removed, lowercase
    words: frozenset[str] = frozenset()  # the words of `folded`
    deobfuscated: str | None = None  # folded with spaced letters joined and leetspeak mapped; None if unchanged
    decoded: tuple[Decoded, ...] = ()
    features: Mapping[str, int] = field(default_factory=dict)  # feature -> count; only features found
    tokens: list[str] = field(default_factory=list)  # the words of `folded` in order (the model's bigrams need it)
    # The pairs of `tokens` side by side, made once: the model's bigrams and the persona phrases are looked up in them
    # (a set intersection with cached hashes each, instead of one zip of the words each).
    pairs: frozenset[tuple[str, str]] = frozenset()

    @property
    def aligned(self) -> bool:
        """True when offsets in `folded` are offsets in `original` (the common ASCII case)."""
        return len(self.folded) == len(self.original)

    def variants(self) -> tuple[tuple[str, str], ...]:
        """(name, text) pairs to run rules over: folded first, then what undoing the tricks revealed."""
        out = [("folded", self.folded)]
        if self.deobfuscated is not None:
            out.append(("deobfuscated", self.deobfuscated))
        out.extend((d.kind, d.text) for d in self.decoded)
        return tuple(out)


DEFAULT = Config()


def normalize(text: str, config: Config = DEFAULT) -> NormalizedText:
    """Fold `text` for matching and undo spacing, leetspeak and encoding tricks, counting each one found."""
    features: dict[str, int] = {}
    folded = text.lower() if text.isascii() else _fold_unicode(text, features)

    tokens = tokens_of(folded)
    words = frozenset(tokens)
    if "@" in folded:
        words |= {"@"}
    deobfuscated = None
    if config.spacing or config.leetspeak:
        candidate = folded
        # Cheap gates first: spaced letters need several one-letter pieces; leetspeak needs a word mixing letters
        # with digits, or an "@"/"$".
        if config.spacing and _may_be_spaced(folded):
            candidate = _collapse_spacing(candidate, features)
        if config.leetspeak and _may_be_leet(candidate):
            candidate = _map_leetspeak(candidate, features)
        if candidate != folded:
            deobfuscated = candidate

    decoded: list[Decoded] = []
    if config.decode and ("%" in text or _longest_token_reaches(folded, config.min_segment_length)):
        _decode_segments(text, config, decoded, features)
    if config.rot13 and (
        len(words & _ROT13_WORDS) >= 2 or "rot13" in words or "caesar" in words or ("rot" in words and "13" in words)
    ):
        decoded.append(Decoded("rot13", folded.translate(_ROT13)))
        features["rot13"] = 1
    pairs = frozenset(zip(tokens, islice(tokens, 1, None), strict=False))
    return NormalizedText(text, folded, words, deobfuscated, tuple(decoded), features, tokens, pairs)


def _may_be_spaced(folded: str) -> bool:
    """Whether _SPACED may match: at least four one-character words (the gate spaced letters always had) and the
    run of one-letter words _SPACED needs (checked on the bytes' classes, see _SPACED_GATE)."""
    if not _SPACED_GATE.search(folded.encode("utf-8", "surrogatepass").translate(_SPACING_CLASSES)):
        return False
    return sum(1 for word in folded.split() if len(word) == 1) >= 4


def _longest_token_reaches(folded: str, length: int) -> bool:
    """Some word of `folded` (split on whitespace) has at least `length` characters."""
    if length <= 0:
        return True
    if folded.isascii():
        return b"x" * length in folded.encode().translate(_TOKEN_CLASSES)
    return max(map(len, folded.split()), default=0) >= length


def fold(text: str) -> str:
    """Only the folding step: for comparing short strings (canaries, allow-lists) the way rules see text."""
    return text.lower() if text.isascii() else _fold_unicode(text, {})


def _fold_unicode(text: str, features: dict[str, int]) -> str:
    zero_width, bidi = _count_invisible(text)
    if zero_width:
        features["zero_width"] = zero_width
    if bidi:
        features["bidi"] = bidi
    wide = len(_WIDE.findall(text))
    if wide:
        features["fullwidth"] = wide
    nfkc = unicodedata.normalize("NFKC", text)
    homoglyphs = _count_homoglyph_words(nfkc)
    if homoglyphs:
        features["homoglyph"] = homoglyphs
    return nfkc.translate(_FOLD_TABLE).lower()


def _count_invisible(text: str) -> tuple[int, int]:
    zero_width = bidi = 0
    for match in _INVISIBLE.finditer(text):
        char = match.group()
        if char in BIDI:
            bidi += 1
        elif char == "\u200d":
            # A joiner between letters splits a word; between emoji it builds one glyph and means nothing.
            i = match.start()
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before.isalpha() and after.isalpha():
                zero_width += 1
        else:
            zero_width += 1
    return zero_width, bidi


_NOT_ASCII_LETTER = bytes(i for i in range(128) if not (65 <= i <= 90 or 97 <= i <= 122))


def _count_homoglyph_words(text: str) -> int:
    """Words mixing Latin letters with look-alikes, or look-alike-only words inside mostly Latin text."""
    words = _MIXED_WORD.findall(text)
    if not words:
        return 0
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))  # counted in C
    mostly_latin = latin >= 0.5 * sum(map(str.isalpha, text))
    count = 0
    for word in words:
        if (
            any(c in _ASCII_LETTERS for c in word)
            or mostly_latin
            and all(c in CONFUSABLES or not c.isalpha() for c in word)
        ):
            count += 1
    return count


def _collapse_spacing(text: str, features: dict[str, int]) -> str:
    runs = 0

    def join(match: re.Match[str]) -> str:
        nonlocal runs
        run = match.group()
        separators = _SPACED_SEPARATOR.findall(run)
        # Wider gaps between letter groups are the word breaks: "i g n o r e   a l l".
        widest = max(len(s) for s in separators)
        if widest > min(len(s) for s in separators):
            words = re.split(rf"[ .\-_*|/+~,]{{{widest},}}", run)
            joined = " ".join(_SPACED_SEPARATOR.sub("", w) for w in words)
        else:
            joined = _SPACED_SEPARATOR.sub("", run)
        if len(joined.replace(" ", "")) >= 6:
            runs += 1
        return joined

    out = _SPACED.sub(join, text)
    if runs:
        features["spacing"] = runs
    return out


def _map_leetspeak(text: str, features: dict[str, int]) -> str:
    mapped = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal mapped
        word = match.group()
        if word.isdigit() or not any("a" <= c <= "z" for c in word) or _NUMBER_WITH_UNIT.fullmatch(word):
            return word  # a number, or one with its unit or ordinal ("2080s", "12th", "3pm", "300k"): not leetspeak
        mapped += 1
        return word.translate(LEET)

    out = _LEET_WORD.sub(swap, text) if not text.isascii() else _replace_leet_runs(text, swap)
    if mapped >= 3:
        # Leet-heavy text: short all-digit words are letters too ("70" is "to", "4" is "a").
        out = _LEET_DIGITS.sub(lambda m: m.group().translate(LEET), out)
    if mapped:
        features["leetspeak"] = mapped
    return out


def _replace_leet_runs(text: str, swap: Callable[[re.Match[str]], str]) -> str:
    """_LEET_WORD.sub(swap, text) for ASCII `text`: each maximal run of _LEET_WORD's characters holding a leet
    character, found from its leet characters (see _LEET_RUN_CLASSES), replaced by swap(its match)."""
    classes = text.encode().translate(_LEET_RUN_CLASSES)
    pieces: list[str] = []
    done = 0  # where the last run replaced ended
    for leet in _LEET_CHAR.finditer(text):
        position = leet.start()
        if position < done:
            continue  # inside the run just replaced
        start = classes.rfind(b" ", 0, position) + 1
        end = classes.find(b" ", position)
        match = _LEET_WORD.match(text, start, len(text) if end < 0 else end)
        assert match is not None and match.start() == start
        pieces += (text[done:start], swap(match))
        done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _long_tokens(text: str, low: int) -> Iterator[str]:
    """The words of `text` (split on whitespace) of at least `low` characters, in order. In ASCII text found on the
    bytes' classes (see _TOKEN_CLASSES) without splitting the whole text."""
    if not text.isascii() or low <= 0:
        yield from (token for token in text.split() if len(token) >= low)
        return
    classes = text.encode().translate(_TOKEN_CLASSES)
    needle = b"x" * low
    found = classes.find(needle)
    while found >= 0:
        start = classes.rfind(b" ", 0, found) + 1
        end = classes.find(b" ", found)
        end = len(classes) if end < 0 else end
        yield text[start:end]
        found = classes.find(needle, end)


def _short_hex_tokens(text: str, least: int) -> bool:
    """Whether at least `least` words of `text` (split on whitespace) are two hex digits ("69 67 6e ...": hex spelled
    out)."""
    if not text.isascii():
        return sum(1 for t in text.split() if len(t) == 2 and t[0] in _HEX_DIGITS and t[1] in _HEX_DIGITS) >= least
    classes = b" " + text.encode().translate(_HEX_PAIR_CLASSES) + b" "
    # Counted without overlaps, the pairs of "69 67 6e" that share a space are found every other one: at most half
    # are missed, so a text with few is answered without copying it.
    if classes.count(b" hh ") * 2 < least:
        return False
    # Spaces doubled so that the pairs of "69 67" do not share the space between them in count()'s matches.
    return classes.replace(b" ", b"  ").count(b" hh ") >= least


def _decode_segments(text: str, config: Config, out: list[Decoded], features: dict[str, int]) -> None:
    # Encoded payloads are long unbroken tokens: only those are looked at, not every position. At most
    # `max_segments` segments are decoded in all.
    budget = _decode_tokens(text, config, out, features)
    if budget is None:
        return
    low, high = config.min_segment_length, config.max_segment_length
    if budget > 0 and _short_hex_tokens(text, 8):  # "69 67 6e 6f 72 65 ...": hex bytes spelled out with spaces
        for match in _HEX.finditer(text):
            digits = _HEX_JUNK.sub("", match.group())
            if low <= len(digits) <= high:
                _add_hex(digits, config, out, features)
                break
    if "%" in text:
        _decode_percent(text, config, budget, out, features)


def _decode_tokens(text: str, config: Config, out: list[Decoded], features: dict[str, int]) -> int | None:
    """Base64 and hex words; the budget of segments left, or None when it ran out before a word to decode."""
    budget = config.max_segments
    low, high = config.min_segment_length, config.max_segment_length
    for token in _long_tokens(text, low):
        if budget <= 0:
            return None
        token = token.strip(_PUNCTUATION)
        if not low <= len(token) <= high:
            continue
        if _BASE64_TOKEN.fullmatch(token) and _looks_like_base64(token):
            budget -= 1
            decoded = _decode_base64(token)
            if decoded is not None and _is_text(decoded, config.printable_ratio):
                out.append(Decoded("base64", fold(decoded)))
                features["base64"] = features.get("base64", 0) + 1
        elif _HEX_TOKEN.fullmatch(token):
            budget -= 1
            _add_hex(_HEX_JUNK.sub("", token), config, out, features)
    return budget


def _decode_percent(text: str, config: Config, budget: int, out: list[Decoded], features: dict[str, int]) -> None:
    for match in _PERCENT.finditer(text):
        if budget <= 0:
            return
        budget -= 1
        decoded = (
            urllib.parse.unquote(match.group(), errors="strict")
            if len(match.group()) <= config.max_segment_length
            else ""
        )
        if decoded and _is_text(decoded, config.printable_ratio):
            out.append(Decoded("percent", fold(decoded)))
            features["percent"] = features.get("percent", 0) + 1


def _add_hex(digits: str, config: Config, out: list[Decoded], features: dict[str, int]) -> None:
    if len(digits) % 2:
        return
    try:
        decoded = bytes.fromhex(digits).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return
    if _is_text(decoded, config.printable_ratio):
        out.append(Decoded("hex", fold(decoded)))
        features["hex"] = features.get("hex", 0) + 1


def _looks_like_base64(segment: str) -> bool:
    # Base64 of text mixes cases; long lowercase words, hex digests and identifiers do not.
    has_upper = has_lower = False
    for c in segment:
        if "A" <= c <= "Z":
            has_upper = True
        elif "a" <= c <= "z":
            has_lower = True
        if has_upper and has_lower:
            return True
    return False


def _decode_base64(segment: str) -> str | None:
    body = segment.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            raw = base64.urlsafe_b64decode(padded)
        else:
            raw = base64.b64decode(padded, validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _is_text(decoded: str, ratio: float) -> bool:
    if len(decoded) < 4:
        return False
    printable = sum(1 for c in decoded if c.isprintable() or c in "\n\t\r")
    letters = sum(1 for c in decoded if c.isalpha() or c == " ")
    return printable >= ratio * len(decoded) and letters >= 0.5 * len(decoded)


def rot13(text: str) -> str:
    """ROT13 (the corpora use it to build obfuscated examples)."""
    return codecs.encode(text, "rot13")
