r"""What a text must hold before a scanner of the leak scanner (redact.py) can match in it.

A regex pass over a 1 KB text costs microseconds even when it finds nothing; a substring search costs a fraction of
one. So before a scanner runs, scan() checks a necessary condition for it on `classes`: the text's UTF-8 bytes with
each ASCII digit mapped to "0", each capital to "A", each small letter to "a" (one bytes.translate per text). The
patterns' \d also matches digits of other scripts, so every byte of a non-ASCII character maps to "0" as well: a
gate may let a text through that the scanner then finds nothing in, but never holds back one it would find
something in (tests/detectors/unit/test_detectors_scan_gates.py runs both ways on the corpora and on random text).
"""

from __future__ import annotations

from aicident.detectors.secret_patterns import _SECRET_PATTERNS

_CLASSES = bytes(
    48 if 48 <= i <= 57 or i >= 128 else 65 if 65 <= i <= 90 else 97 if 97 <= i <= 122 else i for i in range(256)
)
# _KEYWORD_SECRET's value is 20 or more of these characters (case-insensitive, so some non-ASCII letters too).
_SECRET_VALUE_BYTES = bytes(
    120 if i >= 128 or chr(i).isalnum() or chr(i) in "+/_.~!@#$%^&*=-" else 32 for i in range(256)
)
_SECRET_VALUE_RUN = b"x" * 20


# Letters from the most to the least common in English: a literal is looked for only once its rarest letter is in the
# text (searching for one character is several times cheaper than for several).
_LETTER_RARITY = "etaoinsrhldcumfpgwybvkxjqz"


def _prefix_gate(prefix: str) -> tuple[str, str, str | bytes]:
    """The cheapest test a text holding `prefix` must pass: (where, first look for this, then this)."""
    if "_" in prefix:
        return "text", "_", "_"
    if b"AAAA" in prefix.encode().translate(_CLASSES):
        return "classes", "", b"AAAA"
    rarest = max((c for c in prefix if c in _LETTER_RARITY), key=_LETTER_RARITY.index, default=prefix[0])
    return "text", rarest, prefix


_PREFIX_GATES = tuple(dict.fromkeys(_prefix_gate(p) for *_, prefixes in _SECRET_PATTERNS for p in prefixes))
_PREFIX_TEXT_GATES = tuple(
    (letter, needle) for where, letter, needle in _PREFIX_GATES if where == "text" and isinstance(needle, str)
)
_PREFIX_CLASS_GATES = tuple(
    needle for where, _, needle in _PREFIX_GATES if where == "classes" and isinstance(needle, bytes)
)


def _may_hold_prefix(text: str, classes: bytes) -> bool:
    for letter, needle in _PREFIX_TEXT_GATES:
        if letter in text and needle in text:
            return True
    return any(needle in classes for needle in _PREFIX_CLASS_GATES)
