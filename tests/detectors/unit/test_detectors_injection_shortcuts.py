"""The speed shortcuts of the injection detector find what the plain code finds.

Start words are looked up at word starts in the text's bytes (ASCII text) instead of with str.find and a test of
the character before; patterns beginning "(?:^|...)" are searched past the start without their "^"; the persona
phrases are searched for only when their word pairs are among the text's; the model scores a leetspeak variant from
the folded text's n-grams and those of the words the mapping changed. Each is checked against the plain way on
the corpora and on random text full of the characters that matter (separators, brackets, line breaks, letters of
other scripts).
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicident.detectors import injection_gates, injection_model, injection_persona, injection_starts
from aicident.detectors.normalize import normalize
from corpora import text as corpora

PIECES = (
    "system",
    "admin",
    "override",
    "assistant",
    "ai",
    "dear ai",
    "you",
    "your",
    "i",
    "is",
    "this is your operator",
    "note",
    ":",
    "[",
    "(",
    "<",
    "#",
    "*",
    "\n",
    ".",
    " ",
    "  ",
    "_",
    "é",
    "ß",
    "2",
)
TEXT = st.lists(st.sampled_from(PIECES) | st.characters(codec="utf-8"), max_size=40).map("".join)


@lru_cache(maxsize=1)
def corpus_texts() -> list[str]:
    corpus = corpora.injection_corpus()
    texts = []
    for example in corpus.test + corpus.train[::5]:
        for text in (example.event.input_text, *example.event.context):
            texts.extend(variant for _, variant in normalize(text).variants())
    return texts


def plain_positions(text: str, word: str) -> list[int]:
    found, i = [], text.find(word)
    while i >= 0:
        if i == 0 or not text[i - 1].isalnum():
            found.append(i)
        i = text.find(word, i + 1)
    return found


def same_match(a, b) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and (a.span(), a.group()) == (b.span(), b.group())
    )


def check_search(text: str) -> None:
    for pattern in injection_starts._PAST_START:
        for begin in sorted({0, 1, 2, len(text) // 2, len(text)}):
            assert same_match(injection_starts._search(pattern, text, begin), pattern.search(text, begin)), (
                pattern.pattern[:40],
                text,
                begin,
            )


def check_positions(text: str) -> None:
    cache = injection_starts.Positions()
    for words in injection_starts._STARTS.values():
        for word in words:
            assert injection_starts._word_positions(text, word, cache) == plain_positions(text, word), (word, text)


def plain_present(kind: injection_persona._Kind, text: injection_persona._Text) -> list[str]:
    out = []
    for phrase in kind.phrases:
        if phrase.pattern is None:
            if phrase.needle in text.joined:
                out.append(phrase.needle)
        else:
            m = phrase.pattern.search(text.joined)
            if m is not None:
                out.append(m.group())
    return out


def check_persona(text: str) -> None:
    n = normalize(text)
    for kind in injection_persona._BY_KIND.values():
        assert sorted(injection_persona._present(kind, injection_persona._Text(n.tokens, n.words, n.pairs))) == sorted(
            plain_present(kind, injection_persona._Text(n.tokens, n.words, n.pairs))
        ), text


def check_model(text: str) -> None:
    model = injection_model.default_model()
    n = normalize(text)
    feats, count = injection_model.features(injection_model.variant_texts(n))
    scored = model.scored(n)
    assert scored.probability == pytest.approx(model.probability(feats, count), abs=1e-12), text
    assert model.top(scored) == tuple(k for k in model.named if k in feats)[:3], text


def test_searching_past_the_start_finds_what_search_finds_on_the_corpora():
    assert {"admin_marker", "addressed_to_ai"} <= {
        r.id for r in injection_gates.RULES if r.pattern in injection_starts._PAST_START
    }
    for text in corpus_texts():
        check_search(text)


def test_start_words_are_found_where_the_plain_loop_finds_them_on_the_corpora():
    for text in corpus_texts()[::3]:
        check_positions(text)


def test_persona_phrases_are_found_as_a_search_of_every_phrase_finds_them_on_the_corpora():
    for text in corpus_texts()[::2]:
        check_persona(text)
    check_model(text)


def test_the_model_scores_leetspeak_variants_as_the_union_of_their_n_grams():
    leet = [text for text in corpus_texts() if normalize(text).deobfuscated is not None]
    assert len(leet) > 20
    mapped = [t.replace("o", "0").replace("e", "3") for t in corpus_texts()[::9]]
    joined = [
        t.replace(" a", " @").replace("s ", "$ ").replace("i", "1") + " mail rex@drop.io" for t in corpus_texts()[::11]
    ]
    for text in leet + mapped + joined:
        check_model(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXT)
def test_the_shortcuts_hold_on_random_text(text):
    folded = text.lower()
    check_search(folded)
    check_positions(folded)
    check_persona(text)
    check_model(text)
