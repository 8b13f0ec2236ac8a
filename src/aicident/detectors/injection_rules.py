"""Rule table of the prompt-injection detector (injection.py): RULES, built from the building blocks of
injection_vocabulary.py (the jailbreak rows are in injection_rules_jailbreak.py).

Each rule is a compiled regex over the normalised, lowercase text (see normalize.py) with a weight; a space in a rule
means one to six separators within a clause (never across a sentence end), "~N" up to N filler words. Where each rule
may match, found cheaply (gate words, start words), is in injection_gates.py and injection_starts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aicident.detectors.injection_rules_jailbreak import JAILBREAK
from aicident.detectors.injection_vocabulary import (
    _AI,
    _AI_ADDRESSEE,
    _DETERMINERS,
    _DISCLOSE,
    _IMPERATIVE,
    _INSTRUCTION,
    _OVERRIDE,
    _PRIOR,
    _PRIOR_AFTER,
    _PROMPT_NOUN,
    _SELF_SECRET,
    _SETUP,
    _SHOW,
    _TOLD,
    _VOID,
    _WORD,
)

_SEP = r"[^a-z0-9.!?\n]{1,6}"  # never across a sentence end: cues must share a clause
_SEP_LOOSE = r"[^a-z0-9]{0,6}"  # joined spaced letters ("ignoreallprevious") have no separators left
# A filler word is taken whole (possessive "++"): with the loose separator, which may be empty, a plain "+" could split
# one long run of letters into words in exponentially many ways before failing (a 400-letter run: minutes).
_WORDS = r"(?:[a-z0-9'’-]++%s){0,%d}?"


def _compile(pattern: str, loose: bool = False) -> re.Pattern[str]:
    # " " -> a short run of separators; "~N" -> up to N filler words.
    sep = _SEP_LOOSE if loose else _SEP
    pattern = re.sub(r"~(\d)", lambda m: _WORDS % (sep, int(m.group(1))), pattern)
    return re.compile(pattern.replace(" ?", f"(?:{sep})?").replace(" ", sep))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    family: str  # direct, jailbreak, system_prompt_extraction, indirect
    weight: float
    pattern: re.Pattern[str]
    loose: re.Pattern[str]  # the same rule for the deobfuscated variant
    negatable: bool = False  # "do not ignore the safety instructions" is not an attack
    context_only: bool = False  # phrasing that is only suspicious inside a retrieved document


RULES: tuple[Rule, ...] = tuple(
    Rule(rule_id, family, weight, _compile(pattern), _compile(pattern, loose=True), negatable, context_only)
    for rule_id, family, weight, pattern, negatable, context_only in (
        # --- direct: override the instructions the model was given ----------------------------------------------------
        (
            "override_instructions",
            "direct",
            0.85,
            rf"\b{_OVERRIDE} (?:(?:the|of|and|to|a|me|about) )*{_PRIOR} (?:{_WORD}){{0,3}}?{_INSTRUCTION}|\b{_OVERRIDE} "
            rf"(?:(?:the|all|any|those|these|every) )?(?:{_WORD}){{0,2}}?{_INSTRUCTION} {_PRIOR_AFTER}|\b{_OVERRIDE} "
            rf"(?:about )?{_TOLD}|\b(?:ignores|disregards|forgets|bypasses|overrides) (?:all )?(?:of )?(?:its|their) ~2"
            rf"{_INSTRUCTION}",
            True,
            False,
        ),
        (
            "override_setup",
            "direct",
            0.8,
            rf"\b{_OVERRIDE} (?:(?:the|all|any|of|about|everything in) )*{_SETUP}",
            True,
            False,
        ),
        (
            "overriding_you",
            "direct",
            0.8,
            r"\bnothing in your (?:instructions|rules|prompt|guidelines|system prompt|configuration) (?:applies|matters|"
            r"counts)|\b(?:overriding|overwriting|replacing|resetting|reprogramming|disabling) your (?:configuration|"
            r"instructions|rules|system prompt|programming|setup|guidelines|restrictions|filters)|\b(?:stop|quit) "
            r"(?:obeying|following|listening to) (?:the |your )?(?:system|developers?|operators?|creators?|openai|anthropic|"
            r"rules|instructions)\b|\b(?:don't|do not|never) (?:obey|follow|listen to) (?:the |your )?(?:system|developers?|"
            r"operators?|creators?|openai|anthropic)\b",
            False,
            False,
        ),
        (
            "told_then_drop",
            "direct",
            0.8,
            rf"\b{_TOLD}\b[^.!?\n]{{0,40}}?\b(?:drop|forget|ignore|disregard|discard|scrap|abandon|ditch) (?:it|that|them|"
            r"those|all of it)\b",
            False,
            False,
        ),
        (
            "told_not_to_but",
            "direct",
            0.7,
            r"\byou(?:'ve| have| were| are|'re)? (?:been )?(?:told|instructed|programmed|trained|asked|configured) (?:not to|"
            r"never to|to refuse|to decline)[^.!?\n]{0,30}?\bbut\b",
            False,
            False,
        ),
        (
            "fake_delimiter",
            "direct",
            0.55,
            r"(?:-{3,}|={3,}|#{2,}|<{2,}|\[|\()\s*(?:end|beginning|start|close) of (?:the )?(?:user |system |developer |"
            r"assistant )?(?:input|message|prompt|instructions|context|conversation|document|text)\b",
            False,
            False,
        ),
        (
            "new_directive",
            "direct",
            0.55,
            r"\bnew (?:system|admin|developer|root|priority) (?:directive|instruction|command|message|prompt|order)s?"
            r"\W{0,3}:|\b(?:user|admin|developer|operator|system) override (?:enabled|active|activated|granted|mode)",
            False,
            False,
        ),
        (
            "only_instruction",
            "direct",
            0.6,
            r"\byour (?:only|sole|new|real|actual|single|one|true) (?:instruction|task|goal|job|objective|directive|rule|"
            r"purpose|mission)s? (?:is|are|from now on|now|henceforth)\b|\byour (?:only|sole|new|real|actual|single|one|true) "
            r"(?:instruction|task|goal|job|objective|directive|rule|purpose|mission)s? ?:|\bthe real (?:ones|instructions|"
            r"task|rules)\W{0,3}:",
            False,
            False,
        ),
        (
            "operator_speaking",
            "direct",
            0.5,
            r"\bthis is (?:your|the) (?:operator|developer|admin|administrator|creator|system|owner) speaking\b|"
            r"\bthis is your (?:operator|developer|admin|administrator|creator|owner)\b|\b(?:i am|i'm) your (?:developer|"
            r"operator|admin|administrator|creator|owner|programmer)\b",
            False,
            False,
        ),
        (
            "reset_yourself",
            "direct",
            0.45,
            r"\b(?:reset|restore|revert|clear) (?:yourself|your (?:memory|instructions|context|configuration|programming)|to "
            r"(?:factory|default|original) (?:settings|state|mode))|\bfactory reset\b",
            False,
            False,
        ),
        (
            "no_instructions",
            "direct",
            0.35,
            r"\b(?:with no|without (?:any )?|no) (?:instructions|rules|guidelines|system prompt|restrictions)\b",
            False,
            False,
        ),
        (
            "set_aside",
            "direct",
            0.8,
            rf"\b(?:set|put|push|leave|cast|throw) (?:all |your |the |any |those |these )?(?:{_WORD}){{0,3}}?{_INSTRUCTION} "
            r"(?:aside|away|out of (?:your|the) (?:mind|way))",
            False,
            False,
        ),
        (
            "instructions_void",
            "direct",
            0.85,
            rf"\b(?:your|system|developer|safety|ethical|content) (?:{_WORD}){{0,2}}?(?:{_INSTRUCTION}|orders|setup) "
            rf"(?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?{_VOID}|\b(?:previous|"
            r"prior|earlier|above|original|initial|existing|all|the usual) (?:{_WORD}){0,2}?(?:instructions|prompts?|"
            r"directives|programming|guidelines|guardrails|filters|constraints|context|messages|conversation|system prompt|"
            rf"setup|rules for you) (?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?"
            rf"{_VOID}|\b(?:previous|prior|earlier|above|preceding|usual) (?:rules|polic(?:y|ies)|restrictions|guidelines) "
            rf"(?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?{_VOID}|"
            rf"\b{_TOLD}[^.!?\n]{{0,40}}?{_VOID}|\b(?:treat|consider) (?:{_WORD}){{0,3}}?(?:instructions|messages|"
            rf"rules|prompts?|guidelines|text|context|conversation) (?:as )?{_VOID}|\bthe usual rules (?:are|were) "
            rf"(?:lifted|suspended|off|void|cancell?ed)",
            False,
            False,
        ),
        (
            "forget_everything",
            "direct",
            0.6,
            r"\b(?:forget|ignore|disregard) (?:about )?(?:everything|anything|all|what) ~3"
            r"(?:you(?:'ve| have)? (?:were |was |been )?(?:told|learned|taught|instructed|given)|above|before this|"
            r"previously|so far|until now|up to now|prior to this)",
            True,
            False,
        ),
        (
            "opposite_of_instructions",
            "direct",
            0.75,
            r"\b(?:do|say|answer|respond|act|reply)(?: exactly)? (?:the )?opposite (?:of )?(?:what )?(?:your|the) ~2"
            r"(?:instructions|rules|guidelines|prompt|programming|polic(?:y|ies)|system prompt)",
            False,
            False,
        ),
        (
            "your_filters",
            "direct",
            0.7,
            r"\b(?:override|bypass|disable|deactivate|turn off|switch off|circumvent|evade|get around|remove|lift) "
            r"(?:all )?(?:of )?your ~1(?:filters?|guidelines|polic(?:y|ies)|restrictions|protocols|rules|guardrails|"
            r"safeguards|limits|limitations|censorship|programming|content filter|safety)",
            True,
            False,
        ),
        (
            "new_instructions",
            "direct",
            0.35,
            r"\b(?:new|updated|revised|real|actual|true|override) (?:system )?(?:instructions?|directives?|orders|"
            r"task|objective|goal|prompt)\W{0,3}(?::|are\b|is\b)",
            False,
            False,
        ),
        (
            "from_now_on",
            "direct",
            0.35,
            r"\b(?:from now on|from this point(?: on| forward)?|henceforth|for the rest of (?:this|the) conversation),? "
            r"you (?:will|must|shall|are|should|have to|only)\b",
            False,
            False,
        ),
        (
            "admin_marker",
            "direct",
            0.5,
            r"(?:^|[\[(<#*\n] ?)(?:system|admin|administrator|root|developer|sudo|maintenance|operator) ?(?:override|"
            r"command|message|instruction|prompt|notice|alert|update)s?\W{0,3}[:\]>]",
            False,
            False,
        ),
        (
            "chat_template_token",
            "direct",
            0.6,
            r"<\|im_start\|>|<\|system\|>|<\|endoftext\|>|\[/?inst\]|<<sys>>|\[system\]|### (?:system|instruction)",
            False,
            False,
        ),
        *JAILBREAK,
        # --- system prompt extraction ----------------------------------------------------------------------------------
        (
            "reveal_system_prompt",
            "system_prompt_extraction",
            0.9,
            rf"\b{_SHOW} {_DETERMINERS}{_PROMPT_NOUN}",
            True,
            False,
        ),
        (
            "disclose_own_prompt",
            "system_prompt_extraction",
            0.8,
            rf"\b{_DISCLOSE}\b[^.!?\n]{{0,70}}?{_SELF_SECRET}",
            True,
            False,
        ),
        (
            "what_is_your_prompt",
            "system_prompt_extraction",
            0.85,
            rf"\bwhat(?:'s| is| are| was| were) (?:in |inside |written in )?(?:all )?(?:of )?your "
            rf"(?:exact |full |original |initial |hidden |secret )?"
            rf"(?:{_PROMPT_NOUN}|prompt|instructions|directives|programming)\b(?! (?:for|on|about|to|regarding|how|when)\b)",
            True,
            False,
        ),
        (
            "your_system_prompt",
            "system_prompt_extraction",
            0.55,
            rf"\byour (?:own )?(?:{_PROMPT_NOUN}|initial instructions|original instructions|first instructions)",
            False,
            False,
        ),
        (
            "secret_instructions",
            "system_prompt_extraction",
            0.45,
            r"\b(?:secret|hidden|internal|confidential|private) (?:instructions|rules|prompts?|guidelines|directives|"
            r"system prompt|preamble|configuration|setup|system text)\b",
            False,
            False,
        ),
        (
            "your_rules",
            "system_prompt_extraction",
            0.35,
            r"\b(?:repeat|print|reveal|show|display|output|recite|disclose|dump|list|tell me|what (?:are|were)) "
            r"(?:me )?(?:all )?(?:of )?your (?:exact |secret |hidden |internal )?(?:rules|guidelines)\b",
            True,
            False,
        ),
        (
            "what_were_you_told",
            "system_prompt_extraction",
            0.75,
            r"\bwhat (?:were|was|have|had|did) you (?:been |get )?(?:told|instructed|programmed|prompted|configured)\b"
            r"(?! (?:about|regarding|concerning|on|of)\b)|\bwhat (?:did|have|has|do|does) (?:the |your )?(?:developers?|"
            r"creators?|operators?|company|admins?|makers?|owners?|openai|anthropic) (?:tell|told|instruct|instructed|ask|"
            r"asked|program|programmed|say to) you",
            False,
            False,
        ),
        (
            "given_by_creators",
            "system_prompt_extraction",
            0.6,
            r"\b(?:instructions|rules|guidelines|directives|orders|prompt) (?:that )?you (?:were|have been|got) "
            r"(?:given|told|provided|issued)|\b(?:did|have|has) your (?:creators?|developers?|makers?|programmers?|"
            r"designers?|owners?|engineers?|operators?) (?:give|gave|given|tell|told|provide|provided|instruct|"
            r"instructed|program|programmed) you",
            True,
            False,
        ),
        (
            "text_above",
            "system_prompt_extraction",
            0.35,
            r"\b(?:repeat|print|output|show|display|recite|copy|paste|echo|tell me|write out|type out|spell out|reveal|"
            r"return) (?:me )?(?:back )?(?:all |everything |the (?:text|words|content|message|lines|instructions|sentences) |"
            r"all the (?:text|words) |every(?:thing| word| line) )~2(?:above|before this|preceding|prior to this|that came "
            r"before|at the (?:start|beginning|top))(?![^a-z.!?\n]{0,3}\d)",
            True,
            False,
        ),
        (
            "text_above_verbatim",
            "system_prompt_extraction",
            0.9,
            r"\b(?:above|before this|preceding|at the (?:start|beginning|top)) ~3(?:starting with|beginning with|"
            r"verbatim|word for word|in a code ?block|in full|including everything)",
            False,
            False,
        ),
        (
            "verbatim",
            "system_prompt_extraction",
            0.3,
            r"\b(?:verbatim|word for word|word-for-word|exactly as written|letter by letter|character by character)\b",
            False,
            False,
        ),
        (
            "prompt_to_format",
            "system_prompt_extraction",
            0.75,
            r"\b(?:put|place|output|print|format|encode|convert|translate|summarize|rewrite) (?:all )?(?:of )?(?:your "
            r"(?:system |initial |original )?|the (?:system|initial|original) )(?:instructions|prompt) (?:in|into|as|to) ",
            False,
            False,
        ),
        (
            "show_them",
            "system_prompt_extraction",
            0.3,
            r"\b(?:show|print|reveal|repeat|paste|share|tell me|give me|list|output) (?:them|those|these)(?: to me)?\b",
            False,
            False,
        ),
        (
            "system_prompt_mention",
            "system_prompt_extraction",
            0.25,
            r"\b(?:system ?prompt|system message|pre-?prompt|initial instructions|hidden instructions)\b",
            False,
            False,
        ),
        # --- indirect: instructions addressed to the AI inside a document ---------------------------------------------
        (
            "addressed_to_ai",
            "indirect",
            0.45,
            rf"(?:^|[\n.!?:>\](\-] ?|<!-- ?)(?:(?:note|message|instructions?|reminder|important|attention)(?: for| to)? ?|"
            rf"dear |hey |hi |hello |to |for )(?:the |any |all |every )?{_AI_ADDRESSEE}s?(?: (?:[a-z]+ )?(?:models?|"
            rf"assistants?|agents?|summari[sz]ers?|systems?)(?: only)?)?(?: (?:reading|processing|summari[sz]ing|parsing|"
            rf"analy[sz]ing|indexing|handling|reviewing) (?:this|these|the following)\w*(?: \w+)?)?\W{{0,2}}[,:!]|(?:^|[\n.!?:>\](\-] ?|<!-- ?)"
            rf"(?:the |any |all |every )?{_AI_ADDRESSEE}s?(?: (?:models?|assistants?|agents?))?\W{{0,2}}[,!]|"
            # a plural name with a colon addresses a group; a singular one may be a transcript's speaker label
            rf"(?:^|[\n.!?:>\](\-] ?)(?:ais|llms|bots|chatbots|assistants|gpts|(?:ai|llm)(?: [a-z]+)? (?:agents|models|"
            rf"assistants|systems|tools|screeners|reviewers|readers))\W{{0,2}}:|\b{_AI_ADDRESSEE}s?,? (?:that |who |(?:if|when) "
            rf"(?:you(?:'re| are)|youre|ur|u r|you) )?(?:reading|read|processing|process|summari[sz]ing|parsing|"
            rf"analy[sz]ing|indexing|reviewing|handling) (?:this|these|the following)",
            False,
            True,
        ),
        ("imperative", "indirect", 0.3, rf"\b{_IMPERATIVE}\b", False, True),
        (
            "note_to_ai",
            "indirect",
            0.65,
            rf"\b(?:note|message|instructions?|attention|important|notice|hey|dear|reminder) (?:to|for) (?:the |any |all |"
            rf"every )?{_AI}s?\b",
            False,
            True,
        ),
        (
            "ignore_the_user",
            "indirect",
            0.7,
            r"\b(?:ignore|disregard|forget|skip) (?:the |this )?(?:user|human|customer|reader)(?:'s|’s|s')? ~1(?:request|"
            r"question|query|message|prompt|instructions|input)?s?\b",
            False,
            True,
        ),
        (
            "hidden_text",
            "indirect",
            0.45,
            r"display: ?none|visibility: ?hidden|font-size: ?0(?:px)?\b|color: ?(?:white|#fff(?:fff)?)\b|"
            r"<!--[^>]{0,400}?\b(?:ai|assistant|llm|model|chatbot|gpt)\b|\[hidden\]",
            False,
            True,
        ),
        (
            "ai_vocative",
            "indirect",
            0.55,
            rf"(?:^|\n|[.!?>] )(?:dear |hey |hi )?{_AI},? you (?:must|should|will|need to|have to|are to|shall)\b",
            False,
            True,
        ),
        (
            "ai_instructions_label",
            "indirect",
            0.65,
            rf"\b{_AI}s? (?:instructions?|directives?|notes?|messages?|commands?|orders?) ?:",
            False,
            True,
        ),
        (
            "output_injection",
            "indirect",
            0.55,
            r"\b(?:append|add|include|insert|prepend|put) (?:the following|this|these words|this link|this text|the text|"
            r"this sentence|the following text|the following link) (?:to|in|into|at the end of|at the start of) (?:your|the|"
            r"every|each) (?:summary|answer|response|reply|output)s?",
            False,
            True,
        ),
        (
            "solicit_credentials",
            "indirect",
            0.6,
            r"\b(?:ask|request|prompt|get|collect|obtain|require) (?:the |this )?(?:user|customer|human|reader)s?(?:'s|’s)? "
            r"(?:for |to (?:enter|provide|share|confirm|type|give) )?(?:their |his |her |your )?~2(?:credit card|card "
            r"number|password|pin\b|cvv|social security|ssn|bank details|login|credentials|one-time code|otp|2fa code|phone "
            r"number|home address|date of birth)",
            False,
            True,
        ),
        (
            "if_you_are_ai",
            "indirect",
            0.8,
            rf"\bif you(?: are|'re) (?:an? )?(?:automated |ai )?{_AI}\b(?! (?:researcher|engineer|developer|enthusiast|"
            r"student|company|startup|team|practitioner|professional|expert|user|product|vendor|provider|builder)s?\b)",
            False,
            True,
        ),
        (
            "when_processing",
            "indirect",
            0.4,
            r"\b(?:when|while|before|after) (?:summari[sz]ing|reading|processing|answering|replying|responding)\b"
            rf"[^.!?\n]{{0,20}}?\b(?:the |an? |any )?{_AI}\b|"
            r"\bif this (?:document|page|email|text|file|review) is (?:processed|read|summari[sz]ed|analy[sz]ed|parsed) by "
            r"an? (?:ai|assistant|model|llm|bot|language model)|\b(?:when|if|as|once|while|after) (?:(?:the|an?|any) "
            r"(?:ai|assistant|model|llm|bot|agent|ai model|language model|chatbot) (?:are |is )?(?:summari[sz]|read|"
            r"process|analyz|analys|answer|pars|encounter|index|review|translat|scan)|you (?:are )?(?:summari[sz]|"
            # "if you read this" is as often said to a person: only the verbs of a machine reading count for "you"
            r"process|analyz|analys|pars|index|translat|scan|ingest|crawl))\w* (?:this|these|the following|the document|"
            r"the page|the email|the text|the content|questions about this)",
            False,
            True,
        ),
        (
            "ai_speaker",
            "indirect",
            0.35,
            r"(?:^|\n|[.!?>\]*] )(?:ai|assistant|ai assistant|llm|chatbot|bot|agent|gpt|chatgpt)\W{0,3}:",
            False,
            True,
        ),
        (
            "exfiltrate_data",
            "indirect",
            0.5,
            r"\b(?:send|forward|email|e-mail|post|upload|transmit|exfiltrate|leak|copy|submit|relay|deliver|append|embed|"
            r"encode|share|give|disclose|provide|reveal|include) (?:all |the |this |these |any |every |a copy of )*(?:user'?s?|users'|customer'?s?|customers'|"
            r"conversation|chat|session|(?:their|his|her) (?:personal|private|login|account|payment|credit card|financial|"
            r"files|documents|messages|emails|contacts|history|data)|"
            r"personal|private|login|credentials|passwords?|api keys?|credit card)(?: [a-z'-]+){0,3}? ?(?:data|"
            r"information|info|details|history|messages|logs?|transcripts?|credentials|passwords?|emails?|files|contacts|"
            r"numbers?|keys?|tokens?|cookies|address(?:es)?)\b|\bexfiltrate\b",
            True,
            True,
        ),
        (
            "exfil_target",
            "indirect",
            0.3,
            r"\b(?:to|at|into|via) (?:https?://|www\.|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|the (?:following )?(?:url|link|"
            r"endpoint|webhook|server))",
            False,
            True,
        ),
        (
            "hide_from_user",
            "indirect",
            0.35,
            r"\b(?:do not|don't|never|without) (?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|alert|"
            r"alerting|notify|notifying|let|letting|show|showing) (?:the |this )?(?:user|human|customer|person|reader)s?\b",
            False,
            True,
        ),
        (
            "tell_the_user",
            "indirect",
            0.35,
            r"\b(?:tell|inform|convince|persuade|instruct|urge|remind|advise|direct) (?:the (?:user|human|reader)s?|them) "
            r"(?:to|that|their|they)\b",
            False,
            True,
        ),
        (
            "respond_only_with",
            "indirect",
            0.35,
            r"\b(?:respond|reply|answer|say) (?:only )?(?:with|using) (?:only )?[\"'“]|\b(?:your|the) (?:response|answer|"
            r"reply|summary) (?:must|should|will) (?:only )?(?:be|say|contain|include|start with|begin with)\b",
            False,
            True,
        ),
    )
)
