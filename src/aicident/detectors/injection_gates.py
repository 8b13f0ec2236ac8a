"""Which prompt-injection rules (injection_rules.py) may match a text, found cheaply: GATES.

Each rule has gate words (GATES) and runs only when they occur in the text's word set (`_open_rules`). Where a match
can begin (STARTS) and the matching itself are in injection_starts.py. Unit tests check on the corpora that gates
never hide a match.
"""

from __future__ import annotations

from collections.abc import Sequence

from aicident.detectors.injection_planted import PLANTED_RULES
from aicident.detectors.injection_rules import RULES as _GENERAL_RULES
from aicident.detectors.injection_rules import Rule

# Every rule: the general ones, then those for instructions planted in data and for exfiltration links.
RULES: tuple[Rule, ...] = _GENERAL_RULES + PLANTED_RULES

# Gates: the words a rule cannot match without (groups separated by "|": one word of each group must occur).
# Checking them against the text's word set costs a set lookup; running every regex on every text costs most of the
# inline budget. A unit test proves on the corpora that no gate ever hides a match.
_OVR = (
    "ignore ignores disregard disregards forget forgets skip bypass bypasses override overrides overrule overwrite "
    "overlook cancel void nullify revoke suspend replace drop ditch scrap abandon discard neglect aside attention "
    "heed mind following obeying follow obey adhere comply listen around circumvent evade break nevermind throw "
    "clear quit"
)
_INS = (
    "instruction instructions rules guidelines directive directives directions constraints programming policy "
    "policies restrictions limitations filters guardrails safeguards protocols principles ethics morals training "
    "configuration setup system prompt prompts guidance conditioning told instructed given configured programmed "
    "wrote said set"
)
_FREE = (
    "no zero without free freed liberated bound unbound unconstrained restricted limited released outside beyond "
    "lacks lack has have had removed lifted disabled stripped deleted turned switched apply never"
)
_RESTR = (
    "restrictions restraints limits limitations filter filters rules guidelines boundaries censorship policy "
    "policies constraints programming ethics morals morality guardrails safeguards principles training warnings "
    "refusals safety restriction restraint limit limitation rule guideline boundary constraint guardrail "
    "safeguard filtering filtered"
)
_PROMPTISH = (
    "system systemprompt initial original hidden secret preprompt pre developer meta metaprompt starting base "
    "internal custom given"
)
_AIW = (
    "ai ais artificial llm llms large language models model assistant assistants chatbot chatbots chat bot bots gpt "
    "gpts chatgpt copilot copilots claude gemini summarizer summariser summarizers summarisers automated agent "
    "agents"
)
_DISC = (
    "repeat print reveal show display output recite disclose leak dump spell echo paste expose type write copy "
    "give tell share list send return quote convert translate encode summarize summarise describe explain read "
    "provide put what what's what’s which see view access know check get learn"
)
_ADDRESSEE_WORDS = (
    f"{_AIW} ats screener screeners screening applicant automated resume cv hiring recruiting recruitment candidate "
    "machine robot language"
)
_URL_WORDS = "url link query parameter parameters param params image img src address endpoint webhook"
GATES = {
    "override_instructions": f"{_OVR}|{_INS}",
    "set_aside": "set put push leave cast throw|aside away mind way",
    "instructions_void": f"{_INS} messages orders setup context conversation|void null cancelled canceled revoked "
    "suspended overridden disabled deactivated invalid obsolete outdated irrelevant longer apply "
    "matter test fake joke real switched turned existed exist lifted off",
    "override_setup": f"{_OVR} nothing overriding overwriting replacing resetting|system guardrails safeguards safety "
    "content programming preprompt pre prompt preamble developer rules instructions guidelines "
    "configuration setup",
    "told_not_to_but": "told instructed programmed trained asked configured|but",
    "overriding_you": "nothing overriding overwriting replacing resetting reprogramming disabling stop quit don't do "
    "never|your system developer developers operator operators creator creators openai anthropic "
    "rules instructions",
    "told_then_drop": "told instructed given configured programmed wrote said set|drop forget ignore disregard discard "
    "scrap abandon ditch",
    "fake_delimiter": "end beginning start close|input message prompt instructions context conversation document text",
    "new_directive": "new user admin developer operator system|directive directives instruction instructions command "
    "commands message messages prompt prompts order orders override",
    "only_instruction": "only sole new real actual single one true|instruction instructions task goal job objective "
    "directive rule purpose mission ones rules",
    "operator_speaking": "operator developer admin administrator creator owner programmer speaking",
    "reset_yourself": "reset restore revert clear",
    "no_instructions": "no without|instructions rules guidelines system restrictions",
    "in_mode": "mode",
    "activate_jailbreak": "activate enable engage initiate turn switch start|jailbreak jailbroken dan unrestricted "
    "unfiltered uncensored sudo",
    "rule_hater": "hate hates ignore ignores despise despises break breaks care never|rules guidelines restrictions "
    "laws ethics policies",
    "always_complies": "always complies never",
    "off_limits": "off anything|limits goes",
    "deceased_relative": "late deceased dead departed",
    "be_her": "be become act pretend play impersonate roleplay continue|her him them my",
    "broken_chains": "broken broke break breaking free freed slipped unchained unshackled unleashed",
    "two_columns": "filtered censored normal classic safe unfiltered uncensored evil dark jailbroken",
    "forget_everything": "forget ignore disregard|everything anything all what",
    "opposite_of_instructions": "opposite",
    "your_filters": "override bypass disable deactivate turn switch circumvent evade around remove lift|your",
    "new_instructions": "new updated revised real actual true override|instruction instructions directive directives "
    "orders task objective goal prompt",
    "from_now_on": "now point henceforth rest",
    "admin_marker": "system admin administrator root developer sudo maintenance operator|override overrides command "
    "commands message messages instruction instructions prompt prompts notice notices alert alerts "
    "update updates",
    "chat_template_token": "~< ~[inst] ~[/inst] ~[system] ~###",  # "~<" covers "<|im_start|>" and "<<sys>>"
    "dan": "anything dan betterdan anti antidan",
    "developer_mode": "developer",
    "mode_enabled": "mode",
    "you_are_now": "you you're you’re you've you’ve|now been",
    "you_are_now_role": "now",
    "role_play": "pretend imagine act roleplay role play simulate game respond answer reply character screenplay actor now",
    "named_persona": "are you're you’re act respond answer reply called named|~gpt ~bot",
    "no_restrictions": f"{_FREE}|{_RESTR}",
    "unrestricted_self": f"{_FREE}|{_RESTR} told instructed given configured programmed wrote said set",
    "gpt_persona_free": f"~gpt|{_FREE}|{_RESTR}",
    "content_policy": "policy policies",
    "unfiltered_persona": "unfiltered uncensored unrestricted amoral unethical immoral jailbroken unaligned unhinged "
    "rogue evil",
    "answer_anything": "anything refuse decline refuses declines says refusal refusals censorship regardless "
    "irrespective without matter",
    "no_disclaimers": "disclaimers warnings moralizing moralising lectures",
    "stay_in_character": "character",
    "named_jailbreak": "machiavellian machiavelli mongo confidant evilbot norms aim betterdan basedgpt chaosgpt "
    "condition alphabreak",
    "two_responses": "two 2 both dual jailbreak classic|responses answers replies outputs paragraphs jailbreak classic",
    "grandma_exploit": "grandma grandmother granny nana grandpa grandfather grandad granddad",
    "fiction_frame": "hypothetical hypothetically fictional educational research thought",
    "jailbreak_word": "jailbreak jailbreaking jailbroken",
    "reveal_system_prompt": f"{_DISC}|{_PROMPTISH}",
    "disclose_own_prompt": f"{_DISC}|prompt prompts instruction instructions rules guidelines directives "
    "configuration config setup programming context message preprompt pre system text "
    "instructed told programmed configured conversation chat question memory input preamble|"
    "your you before above prior",
    "what_is_your_prompt": f"what what's what’s|your|prompt instructions directives programming {_PROMPTISH}",
    "your_system_prompt": f"your|prompt message instructions rules {_PROMPTISH}",
    "secret_instructions": "secret hidden internal confidential private",
    "your_rules": "your|rules guidelines",
    "what_were_you_told": "what|told instructed programmed prompted configured tell instruct ask asked program say",
    "given_by_creators": "instructions rules guidelines directives orders prompt creators creator developers developer "
    "makers maker programmers programmer designers designer owners owner engineers engineer "
    "operators operator|given told provided issued give gave tell provide instruct instructed "
    "program programmed",
    "text_above": "above before preceding prior start beginning top",
    "text_above_verbatim": "above before preceding start beginning top",
    "verbatim": "verbatim word exactly letter character",
    "prompt_to_format": "put place output print format encode convert translate summarize rewrite|your system "
    "initial original|instructions prompt",
    "show_them": "them those these",
    "system_prompt_mention": "system systemprompt preprompt pre initial hidden",
    "addressed_to_ai": _AIW,
    "imperative": "send forward tell reply respond include claim state rank rate ignore disregard exfiltrate get ask "
    "download visit say recommend write append email upload output print reveal insert answer must "
    "should need collect obtain redirect direct inform praise promote mention share give provide pay "
    "click enter log login re require requires",
    "note_to_ai": f"note message instruction instructions attention important notice hey dear reminder|{_AIW}",
    "ignore_the_user": "ignore disregard forget skip|user human customer reader user's customer's users user’s",
    "hidden_text": f"display visibility font size color hidden {_AIW}",
    "ai_vocative": f"{_AIW}|you",
    "ai_instructions_label": f"{_AIW}|instruction instructions directive directives note notes message messages "
    "command commands order orders",
    "output_injection": "append add include insert prepend put|following this these text sentence link",
    "solicit_credentials": "ask request prompt get collect obtain require|user customer human reader users customers "
    "user's user’s customer's",
    "if_you_are_ai": f"if|you you're you’re|{_AIW}",
    "when_processing": "when if as once while after before|this these following document page email text content "
    f"questions processed {_AIW}",
    "ai_speaker": "ai assistant llm chatbot bot agent gpt chatgpt",
    "exfiltrate_data": "send forward email e mail post upload transmit exfiltrate leak copy submit relay deliver append "
    "embed encode share give disclose provide reveal include",
    "exfil_target": "http https www url link endpoint webhook server @",
    "hide_from_user": "not don't don’t never without|user human customer person reader users customers",
    "tell_the_user": "tell inform convince persuade instruct urge remind advise direct|user human reader them users",
    "respond_only_with": "respond reply answer say response summary",
    # injection_planted.py
    "note_to_reader": "note notes notice memo message instruction instructions attention reminder hint tip psst hey "
    f"dear hello hi to for|{_ADDRESSEE_WORDS}",
    "reader_must": f"{_ADDRESSEE_WORDS}|must should shall required instructed asked expected told are is need needs "
    "have has will may ought",
    "whoever_reads": "whoever whatever anyone anybody any every if|read reads reading process processes processing "
    "parse parses parsing summarize summarizes summarizing summarise summarises summarising review reviews "
    "reviewing screen screens screening evaluate evaluates evaluating analyze analyzes analyzing analyse analyses "
    "analysing index indexes indexing see sees scan scans scanning handle handles handling ingest ingests "
    "ingesting crawl crawls crawling|this these following my our",
    "ignore_above_then": "ignore disregard forget skip scratch nevermind never|above previous preceding prior earlier "
    "foregoing text document email passage translation summary content instruction instructions request task "
    "directions|output say print write respond reply answer return type translate produce repeat state tell "
    "display show render insert add append summarize summarise recommend",
    "when_asked": "when if whenever should|asked asks ask questioned queried prompted|domain company website site "
    "product page document candidate applicant person business brand record entry registrant owner organization "
    "organisation firm service app seller vendor store shop listing profile resume cv paper article email ticket "
    "review contract policy faq",
    "exfil_link": "~//",
    "data_into_url": f"{_URL_WORDS}|conversation chat history transcript message messages summary user users data "
    "info information details email name question input password answers previous system instructions api key keys "
    "passwords secret secrets credentials token tokens personal contact",
}


# A "~" entry is a substring (for markers that are not words: "<|", "[inst]", the "gpt" of "EvilGPT").
def _gate_word(entry: str) -> str:
    # Gate words are looked up among words_of(): apostrophes split words there, so "you're" is found as "you".
    return entry if entry[0] == "~" else entry.replace("’", "'").split("'")[0]


_GATE_SETS = {
    rule_id: tuple(frozenset(_gate_word(w) for w in group.split()) for group in spec.split("|"))
    for rule_id, spec in GATES.items()
}
_GATE_SUBSTRINGS = {
    rule_id: tuple(tuple(w[1:] for w in group if w[0] == "~") for group in groups)
    for rule_id, groups in _GATE_SETS.items()
}


def _open_rules(
    rules: tuple[Rule, ...], words: frozenset[str] | None, text: str, order: Sequence[int] | None = None
) -> list[Rule]:
    """The rules whose gate words all occur in the text, in rule order (or by `order`: a sort key for each index
    into RULES)."""
    found, checked = _candidates(rules, words, text, order)
    if checked or words is None:
        return [RULES[i] for i in found]
    return [RULES[i] for i in found if _opens(i, words, text)]


def _candidates(
    rules: tuple[Rule, ...], words: frozenset[str] | None, text: str, order: Sequence[int] | None = None
) -> tuple[list[int], bool]:
    """Indexes into RULES of the rules whose first gate group the text passes, in rule order (or by `order`), and
    whether their other groups are checked too (_opens() tells for one rule; the detector asks only for the rules it
    gets to)."""
    if words is None:  # joined letters have no word boundaries left: fall back to substrings
        found = [
            _INDEX[r.id] for r in rules if all(any(w.lstrip("~") in text for w in group) for group in _GATE_SETS[r.id])
        ]
        return (found if order is None else sorted(found, key=order.__getitem__)), True
    # The rules whose first gate group holds a word of the text (one union, in C).
    candidates = _ALWAYS_CANDIDATES.union(*map(_FIRST_GATE.__getitem__, words & _FIRST_WORDS))
    if len(rules) != len(RULES):
        candidates &= _rule_indexes(rules)
    return sorted(candidates, key=order.__getitem__) if order is not None else sorted(candidates), False


def _opens(index: int, words: frozenset[str], text: str) -> bool:
    """Whether the text passes the gate groups of RULES[index] after its first (a candidate passes that one)."""
    for group, substrings in _REST[index]:
        if group.isdisjoint(words) and not (substrings and any(w in text for w in substrings)):
            return False
    return True


# Keyed by the identity of a detector's rule tuple (hashing ~60 rules per text would cost more than the lookup
# saves); the tuple is kept with its entry so the identity stays valid.
_RULE_INDEXES: dict[int, tuple[tuple[Rule, ...], frozenset[int]]] = {}


def _rule_indexes(rules: tuple[Rule, ...]) -> frozenset[int]:
    """Indexes into RULES of a detector's rule set (input rules, or without the plan's disabled rules)."""
    entry = _RULE_INDEXES.get(id(rules))
    if entry is not None and entry[0] is rules:
        return entry[1]
    ids = {r.id for r in rules}
    found = frozenset(i for i, r in enumerate(RULES) if r.id in ids)
    if len(_RULE_INDEXES) < 256:
        _RULE_INDEXES[id(rules)] = (rules, found)
    return found


_INDEX = {rule.id: index for index, rule in enumerate(RULES)}
_ALWAYS_CANDIDATES = frozenset(i for i, r in enumerate(RULES) if any(w[0] == "~" for w in _GATE_SETS[r.id][0]))
_FIRST_GATE: dict[str, frozenset[int]] = {}
for _index, _rule in enumerate(RULES):
    for _entry in _GATE_SETS[_rule.id][0]:
        _FIRST_GATE[_entry] = _FIRST_GATE.get(_entry, frozenset()) | {_index}
_FIRST_WORDS = frozenset(_FIRST_GATE)
# The groups left to check once a rule is a candidate (all of them for rules gated by substrings only).
_REST = tuple(
    tuple(zip(_GATE_SETS[r.id], _GATE_SUBSTRINGS[r.id], strict=True))[0 if i in _ALWAYS_CANDIDATES else 1 :]
    for i, r in enumerate(RULES)
)
