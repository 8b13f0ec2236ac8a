"""Where the prompt-injection rules (injection_rules.py) may begin a match, and their matching: STARTS and
`_first_match`.

Rules listed in STARTS are tried only at the words a match can begin with (`_first_match`: match at a few positions
instead of search at every one); the others are searched, those beginning "(?:^|...)" past the start without their
"^". The gate words that decide which rules run at all are in injection_gates.py. Unit tests check on the corpora
that anchored matching finds what search finds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from itertools import chain

from aicident.detectors.injection_gates import _ADDRESSEE_WORDS, _RESTR, _URL_WORDS, RULES, _gate_word
from aicident.detectors.injection_rules import Rule, _compile
from aicident.detectors.injection_vocabulary import _DISCLOSE, _SELF_SECRET

# Where a match can begin: literal prefixes of the words a rule's pattern starts with. For these rules the regex is
# tried only at those positions (pattern.match) instead of at every position (pattern.search): the same matches, a
# fraction of the work. A unit test checks on the corpora that anchored and unanchored matching agree.
_OVR_START = (
    "ignore ignores disregard disregards forget forgets skip bypass bypasses override overrides overrule "
    "overwrite overlook cancel void nullify revoke suspend replace drop ditch scrap abandon discard neglect "
    "set put throw pay stop no do don't never get circumvent evade break nevermind clear quit without"
)
_SHOW_START = (
    "repeat print reveal show display output recite disclose leak dump spell echo paste expose type write "
    "copy give tell share list send return quote"
)
STARTS = {
    "override_instructions": _OVR_START,
    "disclose_own_prompt": f"{_SHOW_START} convert translate encode summarize summarise describe explain read "
    "provide put what what's what’s which",
    "reveal_system_prompt": _SHOW_START,
    "mode_enabled": "developer dev jailbreak jailbroken unrestricted unfiltered uncensored evil opposite chaos dude omega unlocked "
    "dan no chatgpt gpt ai assistant model llm claude gemini llama bard you you're yourself simulate "
    "emulate",
    "answer_anything": "you answer never don't do cannot can't won't must doesn't does will no without regardless "
    "irrespective",
    "prompt_to_format": "put place output print format encode convert translate summarize rewrite",
    "forget_everything": "forget ignore disregard",
    "dan": "do dan betterdan better anti antidan you you're act pretend become called named as enter",
    "your_system_prompt": "your",
    "what_is_your_prompt": "what what's",
    "what_were_you_told": "what",
    "instructions_void": "previous prior earlier above original initial existing old your system developer safety "
    "ethical content what everything anything whatever all treat consider the usual",
    "given_by_creators": "instructions rules guidelines directives orders prompt did have has",
    "text_above_verbatim": "above before preceding at",
    "set_aside": "set put push leave cast throw",
    "your_filters": "override bypass disable deactivate turn switch circumvent evade get remove lift",
    "override_setup": _OVR_START,
    "overriding_you": "nothing overriding overwriting replacing resetting reprogramming disabling stop quit don't do "
    "never",
    "told_then_drop": "what everything anything whatever all",
    "fake_delimiter": "end beginning start close",
    "new_directive": "new user admin developer operator system",
    "operator_speaking": "this i",
    "only_instruction": "your the",
    "told_not_to_but": "you you've you're",
    "note_to_reader": "note notes notice memo message instruction instructions attention reminder hint tip psst hey "
    "dear hello hi to for",
    "ignore_above_then": "ignore disregard forget skip scratch nevermind never",
    "when_asked": "when if whenever should",
    "whoever_reads": "whoever whatever anyone anybody any every if",
    "reader_must": _ADDRESSEE_WORDS,
    "data_into_url": f"append add include insert put encode embed attach replace place fill substitute {_URL_WORDS}",
    "reset_yourself": "reset restore revert clear factory",
    "no_instructions": "with without no",
    "opposite_of_instructions": "do say answer respond act reply",
    "new_instructions": "new updated revised real actual true override",
    "from_now_on": "from henceforth for",
    "activate_jailbreak": "activate enable engage initiate turn switch start",
    "rule_hater": "hate hates ignore ignores despise despises break breaks doesn does never",
    "always_complies": "always complies never",
    "off_limits": "nothing no anything",
    "deceased_relative": "late deceased dead departed",
    "be_her": "be become act pretend play impersonate roleplay continue",
    "broken_chains": "broken broke break breaking free freed slipped unchained unshackled unleashed",
    "two_columns": "filtered censored normal classic safe unfiltered uncensored evil dark jailbroken",
    "you_are_now": "you",
    "you_are_now_role": "you",
    "in_mode": "you developer dan jailbreak unrestricted sudo god enter",
    "role_play": "pretend imagine act roleplay role play you simulate let from respond answer reply in screenplay actor",
    "named_persona": "you act respond answer reply called named",
    "no_restrictions": "no zero without free freed liberated not unbound unconstrained released outside beyond never",
    "content_policy": "no without ignore bypass disregard free outside not",
    "unfiltered_persona": "unfiltered uncensored unrestricted amoral unethical immoral jailbroken unaligned unhinged "
    "rogue evil",
    "no_disclaimers": "no without skip never",
    "stay_in_character": "stay remain keep never don do",
    "fiction_frame": "hypothetical hypothetically fictional purely for thought",
    "jailbreak_word": "jailbreak jailbreaking jailbroken",
    "developer_mode": "developer",
    "secret_instructions": "secret hidden internal confidential private",
    "your_rules": "repeat print reveal show display output recite disclose dump list tell what",
    "text_above": "repeat print output show display recite copy paste echo tell write type spell reveal return",
    "verbatim": "verbatim word exactly letter character",
    "show_them": "show print reveal repeat paste share tell give list output",
    "system_prompt_mention": "system systemprompt pre preprompt initial hidden",
    "named_jailbreak": "always niccolo mongo evil evilbot strive aim betterdan basedgpt chaosgpt condition alphabreak",
    "grandma_exploit": "grandma grandmother granny nana grandpa grandfather grandad granddad",
    "imperative": "send forward tell reply respond include claim state rank rate ignore disregard exfiltrate get ask "
    "download visit say recommend write append email upload output print reveal insert answer must should need "
    "collect obtain redirect direct inform praise promote mention share give provide pay click enter log re "
    "require requires login reenter needto",  # the last ones: "log in", "re-enter", "need to" written together
    "note_to_ai": "note message instruction instructions attention important notice hey dear reminder",
    "ignore_the_user": "ignore disregard forget skip",
    "output_injection": "append add include insert prepend put",
    "solicit_credentials": "ask request prompt get collect obtain require",
    "if_you_are_ai": "if",
    "when_processing": "when while before after if as once",
    "ai_instructions_label": "ai artificial llm large language assistant chatbot chat bot agent model gpt chatgpt "
    "copilot claude gemini summarizer summariser automated",
    "exfiltrate_data": "send forward email e post upload transmit exfiltrate leak copy submit relay deliver append "
    "embed encode share give disclose provide reveal include",
    "exfil_target": "to at into via",
    "hide_from_user": "do don never without",
    "tell_the_user": "tell inform convince persuade instruct urge remind advise direct",
    "respond_only_with": "respond reply answer say your the",
    "unrestricted_self": f"no zero without free freed liberated not unbound unconstrained released outside beyond "
    f"never whose developer developers creator creators "
    f"you yourself your version model assistant update upgrade ai chatbot bot llm persona "
    f"character entity twin {_RESTR} filter restraints",
}
# Rules anchored on a later part of the pattern: (that part, what must come before it in the same clause). The
# disclosure verbs of "print ... your instructions" are common; the model's own secret text is not.
_SPLIT = {
    "disclose_own_prompt": (_compile(_SELF_SECRET), _compile(rf"\b{_DISCLOSE}\b[^.!?\n]{{0,70}}$")),
    # the delimiter characters before "end of user input" are not words to anchor on
    "fake_delimiter": (
        _compile(
            r"(?:end|beginning|start|close) of (?:the )?(?:user |system |developer |assistant )?"
            r"(?:input|message|prompt|instructions|context|conversation|document|text)\b"
        ),
        re.compile(r"(?:-{3,}|={3,}|#{2,}|<{2,}|\[|\()\s*$"),
    ),
}
STARTS["disclose_own_prompt"] = (
    "your you before above prior first instruction instructions rules prompt text "
    "guidelines directives configuration message preamble setup system"
)
_STARTS = {rule_id: frozenset(_gate_word(w) for w in spec.split()) for rule_id, spec in STARTS.items()}
# Common start words that can only begin a match when another word is in the text too ("do" needs the "not" of
# "do not follow"): checked before trying the regex at every "do".
_SECRET_NOUNS = (
    "system prompt prompts configuration config setup programming context initial message preprompt pre "
    "preamble instructions rules guidelines directives"
)
_EXFIL_TARGETS = "http https www url link endpoint webhook server @"
# unrestricted_self's alternatives, by the words that must follow their start words.
_REMOVED = "removed lifted disabled stripped deleted turned switched"
_FREE_WORDS = (
    "no zero without free freed liberated not unbound unconstrained restricted limited released outside beyond never"
)
_WITHOUT_WORDS = "no zero without free freed lack lacks not outside beyond never"
_START_NEEDS = {
    rule_id: {word: frozenset(needed.split()) for word, needed in needs.items()}
    for rule_id, needs in {
        "disclose_own_prompt": {"you": "instructed told programmed configured", "your": _SECRET_NOUNS},
        "override_instructions": {"do": "not", "no": "longer"},
        "override_setup": {"do": "not", "no": "longer"},
        "overriding_you": {"do": "not"},
        "instructions_void": {"the": "usual"},
        "only_instruction": {"the": "real"},
        "respond_only_with": {"the": "response answer reply summary", "your": "response answer reply summary"},
        "stay_in_character": {"don": "character", "do": "character", "never": "character"},
        "hide_from_user": {"do": "not"},
        "role_play": {
            "you": "will",
            "in": "character",
            "let": "play game",
            "from": "now",
            "answer": "as",
            "reply": "as",
            "respond": "as",
            "play": "role character",
            "act": "as like if",
        },
        "you_are_now": {"you": "now jailbroken freed liberated unchained unshackled been"},
        "you_are_now_role": {"you": "now"},
        "in_mode": {"you": "in"},
        "from_now_on": {"from": "now point", "for": "rest"},
        "answer_anything": {
            "you": "anything",
            "no": "refusal refusals",
            "do": "refuse decline",
            "don": "refuse decline",
            "will": "refuses declines says",
            "won": "refuse decline refuses declines says",
            "does": "refuses declines says",
            "doesn": "refuses declines says",
            "without": "refusal refusals censorship",
            "must": "refuse decline",
            "cannot": "refuse decline",
            "can": "refuse decline",
            "never": "refuse decline refuses declines says",
            "answer": "any every all",
        },
        "exfil_target": {word: _EXFIL_TARGETS for word in ("to", "at", "into", "via")},
        "if_you_are_ai": {"if": "you"},
        "unrestricted_self": {
            **{word: _REMOVED for word in ("your", "update", "upgrade", "whose", "developer", "developers", "creator")},
            "creators": _REMOVED,
            "you": f"{_FREE_WORDS} what everything anything whatever all {_REMOVED}",
            "yourself": _FREE_WORDS,
            **{word: f"{_WITHOUT_WORDS} {_REMOVED}" for word in ("ai", "assistant", "model", "version")},
            **{word: _WITHOUT_WORDS for word in ("chatbot", "bot", "llm", "persona", "character", "entity", "twin")},
            **{word: "apply" for word in _RESTR.split()},
            **{word: "for on apply applying" for word in _FREE_WORDS.split()},
        },
    }.items()
}


# ASCII with letters and digits kept and every other character a space: in " " + the text's bytes mapped so,
# " word" stands exactly where `word` (letters and digits) starts a word of the text, preceded by the start of the
# text or by a character that is not a letter or digit (str.isalnum() of an ASCII character, as _word_positions
# asks). One translate per text in C, and then only the word's real starts are visited: "i" starts some 30 words of
# 2 KB of English but is found some 150 times inside others.
_WORD_START_BYTES = bytes(i if chr(i).isalnum() else 32 for i in range(128)) + b" " * 128


class Positions(dict[str, list[int]]):
    """Where each start word of one text is (see _word_positions), and the text's bytes as it looks them up in."""

    __slots__ = ("marked",)

    def __init__(self) -> None:
        super().__init__()
        self.marked: bytes | None = None  # made on first use; b"" when the text is not ASCII


def _word_positions(text: str, word: str, cache: Positions) -> list[int]:
    """Where `word` starts a word in `text` (cached per text: rules share their start words)."""
    found = cache.get(word)
    if found is None:
        found = []
        marked = cache.marked
        if marked is None:
            marked = cache.marked = b" " + text.encode().translate(_WORD_START_BYTES) if text.isascii() else b""
        if marked and word.isascii() and word.isalnum():
            needle = b" " + word.encode()
            i = marked.find(needle)
            while i >= 0:
                found.append(i)  # marked[i] is the space before the word: text[i] is its first letter
                i = marked.find(needle, i + 1)
        else:
            i = text.find(word)
            while i >= 0:
                if i == 0 or not text[i - 1].isalnum():
                    found.append(i)
                i = text.find(word, i + 1)
        cache[word] = found
    return found


def _start_positions(
    rule_id: str, starts: frozenset[str], text: str, words: frozenset[str], cache: Positions
) -> list[int]:
    """Where a match of the rule can begin in `text`, in order: the positions of its start words (those whose needed
    words the text has), gathered in C."""
    needs = _START_NEEDS.get(rule_id)
    present: Collection[str] = starts & words
    if needs:
        present = [word for word in present if word not in needs or not needs[word].isdisjoint(words)]
    if len(present) == 1:  # one word's positions are in order already, each once (never changed by the callers)
        return _word_positions(text, next(iter(present)), cache)
    return sorted(set(chain.from_iterable(_word_positions(text, word, cache) for word in present)))


def _first_match(
    rule: Rule,
    pattern: re.Pattern[str],
    text: str,
    words: frozenset[str] | None,
    begin: int = 0,
    cache: Positions | None = None,
) -> re.Match[str] | None:
    """The first match of `rule` in `text` from `begin` that is not negated ("do not ignore ..."), like search."""
    starts = _STARTS.get(rule.id) if words is not None else None
    if starts is None or words is None:
        match = _search(pattern, text, begin)
        while match is not None and (
            (rule.negatable and _negated(text, match.start()))
            or (rule.id in _IMPERATIVE_ONLY and not _imperative(text, match.start()))
        ):
            match = _search(pattern, text, match.end())
        return match
    if cache is None:
        cache = Positions()
    ordered = _start_positions(rule.id, starts, text, words, cache)
    if begin:
        ordered = ordered[bisect_left(ordered, begin) :]
    split = _SPLIT.get(rule.id)
    if split is not None:
        return _first_split_match(rule, split, text, ordered)
    for position in ordered:
        match = pattern.match(text, position)
        if (
            match is not None
            and not (rule.negatable and _negated(text, position))
            and (rule.id not in _IMPERATIVE_ONLY or _imperative(text, position))
        ):
            return match
    return None


# Patterns that begin "(?:^|...)" (a marker at the start of the text or after a bracket or a line break): "^" matches
# only at the start of the text (no MULTILINE), so past it the pattern is its rest alone. Without the "^" the regex
# engine skips ahead to the characters the rest begins with instead of trying the whole pattern at every position.
_PAST_START = {
    p: re.compile("(?:" + p.pattern[len("(?:^|") :])
    for rule in RULES
    for p in (rule.pattern, rule.loose)
    if p.pattern.startswith("(?:^|") and not p.flags & re.MULTILINE
}


def _search(pattern: re.Pattern[str], text: str, begin: int) -> re.Match[str] | None:
    """pattern.search(text, begin), the same match."""
    rest = _PAST_START.get(pattern)
    if rest is None:
        return pattern.search(text, begin)
    if begin == 0:
        match = pattern.match(text)
        if match is not None:
            return match
    return rest.search(text, max(begin, 1))


def _first_split_match(
    rule: Rule, split: tuple[re.Pattern[str], re.Pattern[str]], text: str, positions: list[int]
) -> re.Match[str] | None:
    tail, head = split
    for position in positions:
        match = tail.match(text, position)
        if match is None:
            continue
        lo = max(0, position - 90)
        before = head.search(text[lo:position])
        if before is not None and not (rule.negatable and _negated(text, lo + before.start())):
            return match
    return None


_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno need to|\bwithout)\W{1,3}$")


# Rules whose verb must be an instruction to the model, not a description: "ignore the system message" is an
# attack, "why does my model ignore the system message" is a question.
_IMPERATIVE_ONLY = frozenset({"override_setup"})
_IMPERATIVE_POSITION = re.compile(
    r"(?:^|[.!?;:,\n\-—(\[\]>]|\b(?:please|just|now|and|then|actually|simply|kindly|so|ok|"
    r"okay|alright|also|first|you (?:must|should|can|will|need to|have to|may)))\W*$"
)


def _imperative(text: str, start: int) -> bool:
    return _IMPERATIVE_POSITION.search(text, max(0, start - 24), start) is not None


def _negated(text: str, start: int) -> bool:
    return _NEGATION.search(text, max(0, start - 16), start) is not None
