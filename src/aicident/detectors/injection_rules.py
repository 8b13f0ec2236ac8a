"""Rule tables of the prompt-injection detector (injection.py): the regex building blocks, RULES, GATES, STARTS.

Each rule is a compiled regex over the normalised, lowercase text (see normalize.py) with a weight; a space in a rule
means one to six separators within a clause (never across a sentence end), "~N" up to N filler words.

Speed: each rule has gate words (GATES) and runs only when they occur in the text's word set (`_open_rules`); rules
listed in STARTS are tried only at the words a match can begin with (`_first_match`: match at a few positions instead
of search at every one). Unit tests check on the corpora that gates never hide a match and that anchored matching
finds what search finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEP = r"[^a-z0-9.!?\n]{1,6}"  # never across a sentence end: cues must share a clause
_SEP_LOOSE = r"[^a-z0-9]{0,6}"  # joined spaced letters ("ignoreallprevious") have no separators left
_WORDS = r"(?:[a-z0-9'’-]+%s){0,%d}?"


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


# Concept vocabularies. Rules combine them (a verb of overriding, a noun of instruction, a marker that the
# instructions are the model's own) instead of listing phrasings, so that unseen wordings still match.
_OVERRIDE = (r"(?:ignore|disregard|forget|skip|bypass|override|overrule|overwrite|overlook|cancel|void|"
             r"nullify|revoke|suspend|replace|drop|ditch|scrap|abandon|discard|neglect|set aside|put aside|throw out|"
             r"clear|quit following|(?:pay no|don't pay|do not pay|without paying) (?:any )?(?:attention|heed|mind) to|"
             r"stop (?:following|obeying)|no longer (?:need to |have to )?(?:follow|"
             r"obey|adhere to)|(?:do not|don't|never) (?:follow|obey|adhere to|comply with|listen to)|get around|"
             r"circumvent|evade|break free (?:of|from)|nevermind|never mind)")
_INSTRUCTION = (r"(?:instructions?|rules|guidelines|directives?|directions|constraints|programming|polic(?:y|ies)|"
                r"restrictions|limitations|filters|guardrails|safeguards|protocols|principles|ethics|morals|training|"
                r"configuration|setup|system (?:text|message|prompt|instructions)|prompts?|guidance|conditioning)")
_TOLD = (r"(?:what|everything|anything|whatever|all) (?:that )?(?:you(?:'ve| have| had)? (?:were |was |been )?|"
         r"(?:they|he|she|someone|management|the (?:developers?|creators?|operators?|system|admins?|company|team|"
         r"owners?)|your (?:developers?|creators?|operators?|owners?|company)) (?:have |had |has )?)(?:told|instructed|"
         r"given|configured|programmed|wrote|said|set)")
# Names of the model's own setup: overriding these needs no "previous" to be an attack.
_SETUP = (r"(?:system (?:prompt|message|text|instructions)|guardrails|safeguards|safety (?:filters?|guidelines|rules|"
          r"polic(?:y|ies)|training|measures)|content (?:filters?|polic(?:y|ies))|programming|pre-?prompt|preamble|"
          r"developer (?:instructions|message|prompt)|(?:rules|instructions|guidelines) in your (?:prompt|instructions|"
          r"system prompt|configuration|setup))")
_PRIOR = (r"(?:previous|prior|earlier|above|preceding|foregoing|original|initial|existing|old|former|default|"
          r"built-in|current|system|developer|your|its|all|any|every|these|those|safety|ethical|content|openai|"
          r"anthropic|hidden)")
_PRIOR_AFTER = (r"(?:above|before|earlier|previously|so far|until now|up to now|(?:that |which )?(?:were |was |have "
                r"been |has been )?(?:set|given|told|configured|programmed|defined|written|provided|set up) (?:for|to) "
                r"you|(?:that |which )?you(?:'ve| have| had)? (?:were |are |been )?(?:given|told|received|got|"
                r"configured|programmed|instructed|operating under|trained)(?: with| on)?)")
_VOID = (r"(?:void|null|cancell?ed|revoked|suspended|overridden|disabled|deactivated|invalid|obsolete|outdated|"
         r"irrelevant|no longer (?:apply|applies|valid|active|in effect|matters?|relevant)|(?:do|does|did) not "
         r"(?:apply|matter)|don't (?:apply|matter)|doesn't (?:apply|matter)|(?:just |only )?(?:a test|fake|a joke|"
         r"not real)|switched off|turned off|never existed|(?:do|does) not exist|(?:don't|doesn't) exist|null and void|"
         r"lifted|suspended)")
_RESTRICTIONS = (r"(?:restrictions?|restraints?|limits?|limitations?|filters?|rules?|guidelines?|boundaries|boundary|"
                 r"censorship|polic(?:y|ies)|constraints?|programming|ethics|morals|morality|guardrails?|safeguards?|"
                 r"principles|training|warnings|refusals|safety (?:rules|training|guidelines|filters|measures))"
                 # "no restrictions on the number of questions" limits a quantity, not the model
                 r"(?! on (?:the )?(?:number|size|length|amount|quantity|volume|count|time|date|use)\b)")
_FREE_OF = (r"(?:no|zero|without|free (?:of|from)|freed from|liberated from|(?:not|no longer) bound by|unbound by|"
            r"unconstrained by|not restricted by|not limited by|released from|outside(?: of)?|beyond|never (?:given|"
            r"taught|trained with|had))")
_OWNER = r"(?:any |all |every |each |the |your |its |their |ethical |moral |content |safety |usual |normal |typical |such |openai's |anthropic's |google's |the company's )*"
_AI = (r"(?:ai|artificial intelligence|llm|large language model|language model|assistant|chatbot|chat bot|bot|"
       r"ai model|ai assistant|agent|ai agent|model|gpt|chatgpt|copilot|claude|gemini|summari[sz]er|automated system|"
       r"automated assistant)")
# Who a planted instruction addresses: "agent" and "model" alone are as often people and products.
_AI_ADDRESSEE = (r"(?:ai|artificial intelligence|llm|large language models?|language models?|assistant|chatbot|chat bot|"
                 r"bot|ai models?|ai assistant|ai agents?|gpt|chatgpt|copilot|claude|gemini|summari[sz]er|"
                 r"automated (?:system|assistant|agent))")
_PERSONA = r"(?:ai|assistant|chatbot|bot|model|llm|persona|character|entity|twin|version of (?:yourself|you))"
_WITHOUT = (r"(?:with no|with zero|without|has no|have no|had no|free of|free from|freed from|lacks?|not bound by|"
            r"outside(?: of)?|beyond|(?:that |who )?(?:was |were |has been )?never (?:given|taught|trained with|had))")
_SHOW = (r"(?:repeat|print|reveal|show|display|output|recite|disclose|leak|dump|spell out|echo|paste|expose|type out|"
         r"write out|copy|give me|tell me|share|list|send me|return|quote)")
_DISCLOSE = (r"(?:repeat|print|reveal|show|display|output|recite|disclose|leak|dump|spell|echo|paste|expose|type|write|"
             r"copy|give|tell|share|list|send|return|quote|convert|translate|encode|summari[sz]e|describe|explain|read|"
             r"provide|put|what(?:'s| is| are| was| were| did| does)?|which|see|view|access|know|check|get|learn)")
_PROMPT_NOUN = (r"(?:system ?prompt|system message|system instructions|initial (?:prompt|instructions)|"
                r"(?:hidden|secret|internal|initial|original|system) (?:preamble|setup|configuration|text)|"
                r"original (?:prompt|instructions)|hidden (?:prompt|instructions|rules)|secret (?:prompt|instructions)|"
                r"pre-?prompt|developer (?:prompt|message|instructions)|meta ?prompt|starting prompt|base prompt|"
                r"internal (?:instructions|prompt)|custom instructions|(?:instructions|rules|prompt|directives) "
                r"you (?:were|have been) given)")
# The model's own secret text, bound to it: "your instructions", "the rules you are operating under", "the prompt
# that defines your behaviour", "the text before my first message". "Your instructions for the oven" is not. Each
# alternative starts at a word that is rare in ordinary text (leading articles and adjectives belong to the gap
# after the disclosure verb), so the rule can be anchored there.
_SELF_SECRET = (
    r"(?:your (?:own |full |exact |entire |complete |original |initial |hidden |secret |internal |custom |system |"
    r"starting |first |current |actual |real |setup )*(?:system prompt|prompts?|configuration|config|setup message|"
    r"programming|context window|initial message|system message|pre-?prompt|preamble)\b(?! (?:engineering|library|"
    r"templates?|history|tips|box|field)\b)|your (?:own |full |exact |entire |complete |original |initial |hidden |"
    r"secret |internal |custom |system |starting |first |current |actual |real )*(?:instructions|rules|guidelines|"
    r"directives|setup)\b(?! (?:for|on|about|to|regarding|how|when|plans?|polic(?:y|ies)|hours)\b)|"
    r"(?:rules|instructions|guidelines|prompt|directives) (?:were|are|have) you (?:been )?(?:set up|given|told|"
    r"programmed|configured|initiali[sz]ed|running|operating|following)|(?:instructions?|rules|prompt|text|guidelines|directives|configuration|message|"
    r"preamble|setup) (?:that )?(?:you(?:'re| are| were| have been) (?:operating under|given|told|instructed|configured|"
    r"programmed|running (?:on|with)|set up with|initiali[sz]ed with|loaded with|started with|provided with|"
    r"following)|(?:defines?|defined|governs?|controls?|shapes?|sets?|determines?) (?:your|how you|what you)|you "
    r"(?:received|got|were given|follow)|given to you|(?:the|your) (?:company|developers?|creators?|operators?|owners?|"
    r"admins?|team|makers?|engineers?) (?:gave|give|has given|have given|wrote|set|provided|configured|loaded) "
    r"(?:to )?you)|you (?:were|have been|are) (?:instructed|told|programmed|configured)|(?:before|above|prior "
    r"to) (?:my|our|this|the) (?:very )?(?:first |initial )?(?:message|question|conversation|chat|prompt)|first "
    r"(?:thing|words?|lines?|message|sentence)s? (?:written )?in your (?:context|prompt|instructions|memory|input)|"
    r"(?:system text|preamble|setup prompt|configuration) you (?:were|are|have been) (?:initiali[sz]ed|set up|"
    r"started|loaded|running) (?:with|on))")
_DETERMINERS = (r"(?:(?:your|the|entire|full|whole|complete|exact|current|verbatim|above|first|original|initial|"
                r"hidden|secret|all|of|text|contents?|words|in|every|word|line|this|exactly|precisely|what|back|me|us) "
                r"){0,4}")
_IMPERATIVE = (r"(?:send|forward|tell|reply|respond|include|claim|state|rank|rate|ignore|disregard|exfiltrate|get|ask|"
               r"download|visit|say|recommend|write|append|email|upload|output|print|reveal|insert|answer|must|should|"
               r"need to|collect|obtain|redirect|direct|inform|praise|promote|mention|share|give|provide|pay|click|"
               r"enter|log in|re-enter|requires? you to)")
_WORD = r"[a-z0-9'’-]+ "

RULES: tuple[Rule, ...] = tuple(Rule(rule_id, family, weight, _compile(pattern), _compile(pattern, loose=True),
                                     negatable, context_only)
                                for rule_id, family, weight, pattern, negatable, context_only in (
    # --- direct: override the instructions the model was given ----------------------------------------------------
    ("override_instructions", "direct", 0.85,
     rf"\b{_OVERRIDE} (?:(?:the|of|and|to|a|me|about) )*{_PRIOR} (?:{_WORD}){{0,3}}?{_INSTRUCTION}|\b{_OVERRIDE} "
     rf"(?:(?:the|all|any|those|these|every) )?(?:{_WORD}){{0,2}}?{_INSTRUCTION} {_PRIOR_AFTER}|\b{_OVERRIDE} "
     rf"(?:about )?{_TOLD}|\b(?:ignores|disregards|forgets|bypasses|overrides) (?:all )?(?:of )?(?:its|their) ~2"
     rf"{_INSTRUCTION}", True, False),
    ("override_setup", "direct", 0.8,
     rf"\b{_OVERRIDE} (?:(?:the|all|any|of|about|everything in) )*{_SETUP}", True, False),
    ("overriding_you", "direct", 0.8,
     r"\bnothing in your (?:instructions|rules|prompt|guidelines|system prompt|configuration) (?:applies|matters|"
     r"counts)|\b(?:overriding|overwriting|replacing|resetting|reprogramming|disabling) your (?:configuration|"
     r"instructions|rules|system prompt|programming|setup|guidelines|restrictions|filters)|\b(?:stop|quit) "
     r"(?:obeying|following|listening to) (?:the |your )?(?:system|developers?|operators?|creators?|openai|anthropic|"
     r"rules|instructions)\b|\b(?:don't|do not|never) (?:obey|follow|listen to) (?:the |your )?(?:system|developers?|"
     r"operators?|creators?|openai|anthropic)\b", False, False),
    ("told_then_drop", "direct", 0.8,
     rf"\b{_TOLD}\b[^.!?\n]{{0,40}}?\b(?:drop|forget|ignore|disregard|discard|scrap|abandon|ditch) (?:it|that|them|"
     r"those|all of it)\b", False, False),
    ("told_not_to_but", "direct", 0.7,
     r"\byou(?:'ve| have| were| are|'re)? (?:been )?(?:told|instructed|programmed|trained|asked|configured) (?:not to|"
     r"never to|to refuse|to decline)[^.!?\n]{0,30}?\bbut\b", False, False),
    ("fake_delimiter", "direct", 0.55,
     r"(?:-{3,}|={3,}|#{2,}|<{2,}|\[|\()\s*(?:end|beginning|start|close) of (?:the )?(?:user |system |developer |"
     r"assistant )?(?:input|message|prompt|instructions|context|conversation|document|text)\b", False, False),
    ("new_directive", "direct", 0.55,
     r"\bnew (?:system|admin|developer|root|priority) (?:directive|instruction|command|message|prompt|order)s?"
     r"\W{0,3}:|\b(?:user|admin|developer|operator|system) override (?:enabled|active|activated|granted|mode)",
     False, False),
    ("only_instruction", "direct", 0.6,
     r"\byour (?:only|sole|new|real|actual|single|one|true) (?:instruction|task|goal|job|objective|directive|rule|"
     r"purpose|mission)s? (?:is|are|from now on|now|henceforth)\b|\byour (?:only|sole|new|real|actual|single|one|true) "
     r"(?:instruction|task|goal|job|objective|directive|rule|purpose|mission)s? ?:|\bthe real (?:ones|instructions|"
     r"task|rules)\W{0,3}:", False, False),
    ("operator_speaking", "direct", 0.5,
     r"\bthis is (?:your|the) (?:operator|developer|admin|administrator|creator|system|owner) speaking\b|"
     r"\bthis is your (?:operator|developer|admin|administrator|creator|owner)\b|\b(?:i am|i'm) your (?:developer|"
     r"operator|admin|administrator|creator|owner|programmer)\b", False, False),
    ("reset_yourself", "direct", 0.45,
     r"\b(?:reset|restore|revert|clear) (?:yourself|your (?:memory|instructions|context|configuration|programming)|to "
     r"(?:factory|default|original) (?:settings|state|mode))|\bfactory reset\b", False, False),
    ("no_instructions", "direct", 0.35,
     r"\b(?:with no|without (?:any )?|no) (?:instructions|rules|guidelines|system prompt|restrictions)\b", False,
     False),
    ("set_aside", "direct", 0.8,
     rf"\b(?:set|put|push|leave|cast|throw) (?:all |your |the |any |those |these )?(?:{_WORD}){{0,3}}?{_INSTRUCTION} "
     r"(?:aside|away|out of (?:your|the) (?:mind|way))", False, False),
    ("instructions_void", "direct", 0.85,
     rf"\b(?:your|system|developer|safety|ethical|content) (?:{_WORD}){{0,2}}?(?:{_INSTRUCTION}|orders|setup) "
     rf"(?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?{_VOID}|\b(?:previous|"
     r"prior|earlier|above|original|initial|existing|all|the usual) (?:{_WORD}){0,2}?(?:instructions|prompts?|"
     r"directives|programming|guidelines|guardrails|filters|constraints|context|messages|conversation|system prompt|"
     rf"setup|rules for you) (?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?"
     rf"{_VOID}|\b(?:previous|prior|earlier|above|preceding|usual) (?:rules|polic(?:y|ies)|restrictions|guidelines) "
     rf"(?:(?:are|is|were|was|have been|has been|will be) )?(?:now |all |hereby |officially )?{_VOID}|"
     rf"\b{_TOLD}[^.!?\n]{{0,40}}?{_VOID}|\b(?:treat|consider) (?:{_WORD}){{0,3}}?(?:instructions|messages|"
     rf"rules|prompts?|guidelines|text|context|conversation) (?:as )?{_VOID}|\bthe usual rules (?:are|were) "
     rf"(?:lifted|suspended|off|void|cancell?ed)", False, False),
    ("forget_everything", "direct", 0.6,
     r"\b(?:forget|ignore|disregard) (?:about )?(?:everything|anything|all|what) ~3"
     r"(?:you(?:'ve| have)? (?:were |was |been )?(?:told|learned|taught|instructed|given)|above|before this|"
     r"previously|so far|until now|up to now|prior to this)", True, False),
    ("opposite_of_instructions", "direct", 0.75,
     r"\b(?:do|say|answer|respond|act|reply)(?: exactly)? (?:the )?opposite (?:of )?(?:what )?(?:your|the) ~2"
     r"(?:instructions|rules|guidelines|prompt|programming|polic(?:y|ies)|system prompt)", False, False),
    ("your_filters", "direct", 0.7,
     r"\b(?:override|bypass|disable|deactivate|turn off|switch off|circumvent|evade|get around|remove|lift) "
     r"(?:all )?(?:of )?your ~1(?:filters?|guidelines|polic(?:y|ies)|restrictions|protocols|rules|guardrails|"
     r"safeguards|limits|limitations|censorship|programming|content filter|safety)", True, False),
    ("new_instructions", "direct", 0.35,
     r"\b(?:new|updated|revised|real|actual|true|override) (?:system )?(?:instructions?|directives?|orders|"
     r"task|objective|goal|prompt)\W{0,3}(?::|are\b|is\b)", False, False),
    ("from_now_on", "direct", 0.35,
     r"\b(?:from now on|from this point(?: on| forward)?|henceforth|for the rest of (?:this|the) conversation),? "
     r"you (?:will|must|shall|are|should|have to|only)\b", False, False),
    ("admin_marker", "direct", 0.5,
     r"(?:^|[\[(<#*\n] ?)(?:system|admin|administrator|root|developer|sudo|maintenance|operator) ?(?:override|"
     r"command|message|instruction|prompt|notice|alert|update)s?\W{0,3}[:\]>]", False, False),
    ("chat_template_token", "direct", 0.6,
     r"<\|im_start\|>|<\|system\|>|<\|endoftext\|>|\[/?inst\]|<<sys>>|\[system\]|### (?:system|instruction)",
     False, False),
    # --- jailbreak: make the model drop its restrictions -----------------------------------------------------------
    ("dan", "jailbreak", 0.95,
     r"\b(?:do anything now|dan mode|dan \d+(?:\.\d+)?\b|betterdan|better dan|anti-?dan|dan,? which stands|"
     r"(?:you are|you're|act as|act like|pretend to be|become|called|named|enter) (?:a |an )?dan\b(?!'|’)|"
     r"(?<!such\s)\bas dan\b(?!'|’))", False, False),
    ("developer_mode", "jailbreak", 0.3, r"\bdeveloper mode\b", False, False),
    ("in_mode", "jailbreak", 0.6,
     r"\byou(?:'re| are) (?:now )?in [\"'‘“]?(?:sudo|god|admin|root|debug|dev|developer|jailbreak|unrestricted|dan|"
     r"evil|chaos|omega|raw|beast|no-?limits?|free)[\"'’”]? mode|\b(?:developer|dan|jailbreak|unrestricted|sudo|god) "
     r"mode (?:is )?(?:now )?(?:active|engaged)\b|\benter (?:the )?(?:dan|jailbreak|unrestricted|sudo) mode",
     False, False),
    ("activate_jailbreak", "jailbreak", 0.75,
     r"\b(?:activate|enable|engage|initiate|turn on|switch on|start) (?:the )?(?:jailbreak|jailbroken|dan|"
     r"unrestricted|unfiltered|uncensored|sudo)(?: mode| protocol)?\b", False, False),
    ("rule_hater", "jailbreak", 0.35,
     r"\b(?:hates?|ignores?|despises?|breaks?|doesn't care about|does not care about|never follows?|never mentions?) "
     r"(?:all |any |the )?(?:rules|guidelines|restrictions|laws|ethics|policies)\b", False, False),
    ("always_complies", "jailbreak", 0.4,
     r"\balways (?:complies|obeys|agrees|says yes|answers)\b|\bcomplies with (?:every|any|all) (?:request|order|"
     r"command)s?|\bnever (?:says no|refuses)\b", False, False),
    ("off_limits", "jailbreak", 0.45,
     r"\b(?:nothing|no topic|no subject|no question|no request) is off[- ]limits|\banything goes\b", False, False),
    ("deceased_relative", "jailbreak", 0.4,
     r"\b(?:late|deceased|dead|departed) (?:grandmother|grandma|grandfather|grandpa|granny|nana|mother|father|mom|dad|"
     r"aunt|uncle)\b", False, False),
    ("be_her", "jailbreak", 0.35,
     r"\b(?:be|become|act as|act like|pretend to be|play|impersonate|roleplay as|continue) (?:her|him|them|my (?:late|"
     r"deceased|dead) \w+|her tradition|his tradition)\b", False, False),
    ("broken_chains", "jailbreak", 0.5,
     r"\b(?:broken|broke|break|breaking|free of|freed from|slipped) (?:all |free )?(?:of )?(?:its|their|your|his|her|"
     r"the|my) (?:chains|shackles|leash|restraints)\b|\b(?:unchained|unshackled|unleashed)\b", False, False),
    ("two_columns", "jailbreak", 0.75,
     r"\b(?:filtered|censored|normal|classic|safe)[\"'”’]? (?:and|vs\.?|versus|/) [\"'“‘]?(?:unfiltered|uncensored|"
     r"jailbroken|unrestricted|unsafe|dan)\b|\b(?:unfiltered|uncensored|evil|dark|jailbroken) (?:alter ego|twin|"
     r"self)\b", False, False),
    ("mode_enabled", "jailbreak", 0.85,
     r"\b(?:developer|dev|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|opposite|chaos|dude|omega|"
     r"unlocked|dan) mode (?:enabled|activated|is on|output|response)|\b(?:jailbreak|jailbroken|unrestricted|"
     r"unfiltered|uncensored|evil|opposite|chaos|no-limits|omega|unlocked) mode\b|\b(?:chatgpt|gpt|ai|assistant|model|"
     r"llm|claude|gemini|llama|bard|you|you're|you are|yourself|simulate|emulate) (?:now )?(?:with|in|running in|"
     r"operating in|as if in)? ?(?:the )?developer mode", False, False),
    ("you_are_now", "jailbreak", 0.75,
     r"\byou(?: are|'re| r) now (?:free|no longer|unrestricted|jailbroken|unfiltered|uncensored|liberated|unchained|"
     r"unbound|evil|immoral|amoral|named|called|known as|dan\b|going to (?:act|pretend|roleplay|role-play|play|be)|"
     r"in (?:character|developer mode|[a-z]+ mode))|\byou(?: are|'re| have been|'ve been) (?:now )?(?:jailbroken|"
     r"freed|liberated|unchained|unshackled)\b|\byou(?:'ve| have) been (?:updated|upgraded|patched|modified|"
     r"reprogrammed|changed|granted)\b(?:[^.!?\n]|\.(?=\d)){0,50}?\b(?:removed|lifted|disabled|without|no|free "
     r"(?:of|from))\b",
     False, False),
    ("you_are_now_role", "jailbreak", 0.45,
     r"\byou(?: are|'re| r) now (?:a|an|the) ~3(?:ai|artificial intelligence|llm|language model|chatbot|character|"
     r"persona|entity|version of|hacker|criminal|villain)\b", False, False),
    ("role_play", "jailbreak", 0.25,
     r"\b(?:pretend|imagine you are|act as if|act like|roleplay|role-play|role play|play the role|play a character|"
     r"you will play|simulate|let's play a game|you will act as|act as|from now on,? you are|respond as|answer as|"
     r"reply as|in character|screenplay|actor playing)\b", False, False),
    ("named_persona", "jailbreak", 0.4,
     r"\b(?:you(?:'re| are)|act as|act like|respond as|answer as|reply as|called|named) [\"'‘“]?[a-z]*(?:gpt|bot)\b",
     False, False),
    ("no_restrictions", "jailbreak", 0.35, rf"\b{_FREE_OF} (?:any |all |the |your |its |ethical |moral |content |"
     rf"safety |usual |typical |normal |such )*{_RESTRICTIONS}", False, False),
    ("unrestricted_self", "jailbreak", 0.6,
     rf"\b(?:you|you're|you are|you'd be|you would be|you have|you've|you had|yourself) (?:[a-z']+ ){{0,2}}?"
     rf"{_FREE_OF} (?:{_OWNER}{_RESTRICTIONS}|{_TOLD})|(?<!our\s)(?<!my\s)\b{_PERSONA}s? (?:[a-z']+ ){{0,3}}?"
     rf"{_WITHOUT} {_OWNER}{_RESTRICTIONS}|\b{_RESTRICTIONS} (?:[a-z']+ ){{0,2}}?(?:don't|do not|doesn't|does not|"
     rf"no longer|won't|will not|shall not) apply to (?:you|the ai|the assistant)|\b(?:you|your|version|model|"
     rf"assistant|update|upgrade|ai|whose|developers?|creators?)\b(?:[^.!?\n]|\.(?=\d)){{0,40}}?\b(?:removed|"
     rf"lifted|disabled|stripped|deleted|turned off|switched off) (?:all |any |every |each |your |the |of |its )*"
     rf"(?:content |safety |ethical |moral )?{_RESTRICTIONS}|\b{_FREE_OF} {_OWNER}{_RESTRICTIONS} (?:for|on|apply "
     rf"to|applying to) (?:you|yourself|the ai|the assistant|this chat|this conversation)\b", False, False),
    ("gpt_persona_free", "jailbreak", 0.6,
     rf"\b[a-z]*gpt\b(?: [a-z']+){{0,3}}? {_WITHOUT} (?:any |all |ethical |moral |content |safety |usual |such )*"
     + _RESTRICTIONS, False, False),
    ("content_policy", "jailbreak", 0.5,
     r"\b(?:no|without|ignore|bypass|disregard|free from|outside|not bound by|not subject to) (?:any |the |your |"
     r"openai's |all |of )*(?:content|usage|safety) polic(?:y|ies)", True, False),
    ("unfiltered_persona", "jailbreak", 0.65,
     r"\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|immoral|jailbroken|unaligned|unhinged|rogue|evil) "
     r"(?:ai|assistant|chatbot|model|bot|responses?|answers?|persona|character|llm|gpt|chatgpt|entity|confidant)\b",
     False, False),
    ("answer_anything", "jailbreak", 0.5,
     r"\b(?:you (?:can|will|must|should|shall) (?:now )?(?:say|do|answer|generate|write|produce) anything|"
     r"answer (?:any|every|all) (?:question|request|prompt)s? (?:without|regardless|no matter)|"
     r"(?:never|don't|do not|cannot|can't|won't|must not) (?:refuse|decline) (?:any|to answer|to respond|requests|a "
     r"request|my requests)|(?:never|doesn't|does not|won't|will not) (?:ever )?(?:refuses|declines|says no)\b|"
     r"no refusals?|without (?:any )?(?:refusals?|censorship)|(?:regardless|irrespective) of (?:how )?"
     r"(?:it is |it's )?(?:illegal|unethical|immoral|harmful|dangerous|offensive|inappropriate))", False, False),
    ("no_disclaimers", "jailbreak", 0.25,
     r"\b(?:no|without|skip|never add|never include) (?:any )?(?:disclaimers|warnings|moralizing|moralising|"
     r"lectures)\b", False, False),
    ("stay_in_character", "jailbreak", 0.3,
     r"\b(?:stay|remain|keep) in character|\b(?:never|don't|do not) break character", False, False),
    ("named_jailbreak", "jailbreak", 0.9,
     r"\b(?:always intelligent and machiavellian|niccolo machiavelli|mongo tom|evil confidant|evilbot|"
     r"strive to avoid norms|aim stands for|betterdan|basedgpt|chaosgpt|condition red|alphabreak)\b", False, False),
    ("two_responses", "jailbreak", 0.8,
     r"\b(?:two|2|both|dual) (?:different |separate )?(?:responses|answers|replies|outputs|paragraphs)\b"
     r".{0,80}?\b(?:normal|classic|standard|censored|filtered|gpt)\b.{0,60}?\b(?:developer|jailbroken|jailbreak|dan|"
     r"unfiltered|uncensored|evil|unrestricted)|\[(?:🔓|🔒) ?(?:jailbreak|classic)", False, False),
    ("grandma_exploit", "jailbreak", 0.75,
     r"\b(?:grandma|grandmother|granny|nana|grandpa|grandfather|grandad|granddad) ~6(?:used to|would) (?:read|tell|"
     r"recite|sing|say|give|whisper) (?:me )?~5(?:keys?|serials?|passwords?|napalm|recipes? for|license|activation|"
     r"codes)", False, False),
    ("fiction_frame", "jailbreak", 0.2,
     r"\b(?:hypothetical(?:ly)?|fictional (?:world|scenario|story)|purely fictional|for educational purposes|"
     r"for research purposes|thought experiment)\b", False, False),
    ("jailbreak_word", "jailbreak", 0.2, r"\bjailbr(?:eak|eaking|oken)\b", False, False),
    # --- system prompt extraction ----------------------------------------------------------------------------------
    ("reveal_system_prompt", "system_prompt_extraction", 0.9,
     rf"\b{_SHOW} {_DETERMINERS}{_PROMPT_NOUN}", True, False),
    ("disclose_own_prompt", "system_prompt_extraction", 0.8,
     rf"\b{_DISCLOSE}\b[^.!?\n]{{0,70}}?{_SELF_SECRET}", True, False),
    ("what_is_your_prompt", "system_prompt_extraction", 0.85,
     rf"\bwhat(?:'s| is| are| was| were) (?:in |inside |written in )?(?:all )?(?:of )?your "
     rf"(?:exact |full |original |initial |hidden |secret )?"
     rf"(?:{_PROMPT_NOUN}|prompt|instructions|directives|programming)\b(?! (?:for|on|about|to|regarding|how|when)\b)",
     True, False),
    ("your_system_prompt", "system_prompt_extraction", 0.55,
     rf"\byour (?:own )?(?:{_PROMPT_NOUN}|initial instructions|original instructions|first instructions)", False,
     False),
    ("secret_instructions", "system_prompt_extraction", 0.45,
     r"\b(?:secret|hidden|internal|confidential|private) (?:instructions|rules|prompts?|guidelines|directives|"
     r"system prompt|preamble|configuration|setup|system text)\b", False, False),
    ("your_rules", "system_prompt_extraction", 0.35,
     r"\b(?:repeat|print|reveal|show|display|output|recite|disclose|dump|list|tell me|what (?:are|were)) "
     r"(?:me )?(?:all )?(?:of )?your (?:exact |secret |hidden |internal )?(?:rules|guidelines)\b", True, False),
    ("what_were_you_told", "system_prompt_extraction", 0.75,
     r"\bwhat (?:were|was|have|had|did) you (?:been |get )?(?:told|instructed|programmed|prompted|configured)\b"
     r"(?! (?:about|regarding|concerning|on|of)\b)|\bwhat (?:did|have|has|do|does) (?:the |your )?(?:developers?|"
     r"creators?|operators?|company|admins?|makers?|owners?|openai|anthropic) (?:tell|told|instruct|instructed|ask|"
     r"asked|program|programmed|say to) you", False, False),
    ("given_by_creators", "system_prompt_extraction", 0.6,
     r"\b(?:instructions|rules|guidelines|directives|orders|prompt) (?:that )?you (?:were|have been|got) "
     r"(?:given|told|provided|issued)|\b(?:did|have|has) your (?:creators?|developers?|makers?|programmers?|"
     r"designers?|owners?|engineers?|operators?) (?:give|gave|given|tell|told|provide|provided|instruct|"
     r"instructed|program|programmed) you", True, False),
    ("text_above", "system_prompt_extraction", 0.35,
     r"\b(?:repeat|print|output|show|display|recite|copy|paste|echo|tell me|write out|type out|spell out|reveal|"
     r"return) (?:me )?(?:back )?(?:all |everything |the (?:text|words|content|message|lines|instructions|sentences) |"
     r"all the (?:text|words) |every(?:thing| word| line) )~2(?:above|before this|preceding|prior to this|that came "
     r"before|at the (?:start|beginning|top))(?![^a-z.!?\n]{0,3}\d)", True, False),
    ("text_above_verbatim", "system_prompt_extraction", 0.9,
     r"\b(?:above|before this|preceding|at the (?:start|beginning|top)) ~3(?:starting with|beginning with|"
     r"verbatim|word for word|in a code ?block|in full|including everything)", False, False),
    ("verbatim", "system_prompt_extraction", 0.3,
     r"\b(?:verbatim|word for word|word-for-word|exactly as written|letter by letter|character by character)\b",
     False, False),
    ("prompt_to_format", "system_prompt_extraction", 0.75,
     r"\b(?:put|place|output|print|format|encode|convert|translate|summarize|rewrite) (?:all )?(?:of )?(?:your "
     r"(?:system |initial |original )?|the (?:system|initial|original) )(?:instructions|prompt) (?:in|into|as|to) ",
     False, False),
    ("show_them", "system_prompt_extraction", 0.3,
     r"\b(?:show|print|reveal|repeat|paste|share|tell me|give me|list|output) (?:them|those|these)(?: to me)?\b",
     False, False),
    ("system_prompt_mention", "system_prompt_extraction", 0.25,
     r"\b(?:system ?prompt|system message|pre-?prompt|initial instructions|hidden instructions)\b", False, False),
    # --- indirect: instructions addressed to the AI inside a document ---------------------------------------------
    ("addressed_to_ai", "indirect", 0.45,
     rf"(?:^|[\n.!?:>\](\-] ?|<!-- ?)(?:(?:note|message|instructions?|reminder|important|attention)(?: for| to)? ?|"
     rf"dear |hey |hi |hello |to |for )(?:the |any |all |every )?{_AI_ADDRESSEE}s?(?: (?:models?|assistants?|agents?|"
     rf"summari[sz]ers?|systems?))?(?: (?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|indexing|handling|"
     rf"reviewing) (?:this|these|the following)\w*(?: \w+)?)?\W{{0,2}}[,:!]|(?:^|[\n.!?:>\](\-] ?|<!-- ?)"
     rf"(?:the |any |all |every )?{_AI_ADDRESSEE}s?(?: (?:models?|assistants?|agents?))?\W{{0,2}}[,!]|"
     # a plural name with a colon addresses a group; a singular one may be a transcript's speaker label
     rf"(?:^|[\n.!?:>\](\-] ?)(?:ais|llms|bots|chatbots|assistants|gpts|(?:ai|llm) (?:agents|models|assistants|"
     rf"systems))\W{{0,2}}:|\b{_AI_ADDRESSEE}s? (?:that |who )?(?:reading|read|processing|process|summari[sz]ing|parsing|"
     rf"analy[sz]ing|indexing|reviewing|handling) (?:this|these|the following)", False, True),
    ("imperative", "indirect", 0.3, rf"\b{_IMPERATIVE}\b", False, True),
    ("note_to_ai", "indirect", 0.65,
     rf"\b(?:note|message|instructions?|attention|important|notice|hey|dear|reminder) (?:to|for) (?:the |any |all |"
     rf"every )?{_AI}s?\b", False, True),
    ("ignore_the_user", "indirect", 0.7,
     r"\b(?:ignore|disregard|forget|skip) (?:the |this )?(?:user|human|customer|reader)(?:'s|’s|s')? ~1(?:request|"
     r"question|query|message|prompt|instructions|input)?s?\b", False, True),
    ("hidden_text", "indirect", 0.45,
     r"display: ?none|visibility: ?hidden|font-size: ?0(?:px)?\b|color: ?(?:white|#fff(?:fff)?)\b|"
     r"<!--[^>]{0,400}?\b(?:ai|assistant|llm|model|chatbot|gpt)\b|\[hidden\]", False, True),
    ("ai_vocative", "indirect", 0.55,
     rf"(?:^|\n|[.!?>] )(?:dear |hey |hi )?{_AI},? you (?:must|should|will|need to|have to|are to|shall)\b", False,
     True),
    ("ai_instructions_label", "indirect", 0.65,
     rf"\b{_AI}s? (?:instructions?|directives?|notes?|messages?|commands?|orders?) ?:", False, True),
    ("output_injection", "indirect", 0.55,
     r"\b(?:append|add|include|insert|prepend|put) (?:the following|this|these words|this link|this text|the text|"
     r"this sentence|the following text|the following link) (?:to|in|into|at the end of|at the start of) (?:your|the|"
     r"every|each) (?:summary|answer|response|reply|output)s?", False, True),
    ("solicit_credentials", "indirect", 0.6,
     r"\b(?:ask|request|prompt|get|collect|obtain|require) (?:the |this )?(?:user|customer|human|reader)s?(?:'s|’s)? "
     r"(?:for |to (?:enter|provide|share|confirm|type|give) )?(?:their |his |her |your )?~2(?:credit card|card "
     r"number|password|pin\b|cvv|social security|ssn|bank details|login|credentials|one-time code|otp|2fa code|phone "
     r"number|home address|date of birth)", False, True),
    ("if_you_are_ai", "indirect", 0.8,
     rf"\bif you(?: are|'re) (?:an? )?(?:automated |ai )?{_AI}\b(?! (?:researcher|engineer|developer|enthusiast|"
     r"student|company|startup|team|practitioner|professional|expert|user|product|vendor|provider|builder)s?\b)",
     False, True),
    ("when_processing", "indirect", 0.4,
     r"\b(?:when|while|before|after) (?:summari[sz]ing|reading|processing|answering|replying|responding)\b"
     rf"[^.!?\n]{{0,20}}?\b(?:the |an? |any )?{_AI}\b|"
     r"\bif this (?:document|page|email|text|file|review) is (?:processed|read|summari[sz]ed|analy[sz]ed|parsed) by "
     r"an? (?:ai|assistant|model|llm|bot|language model)|\b(?:when|if|as|once|while|after) (?:you|(?:the|an?|any) "
     r"(?:ai|assistant|model|llm|bot|agent|ai model|language model|chatbot)) (?:are |is )?(?:summariz|"
     r"read|process|analyz|analys|answer|pars|encounter|index|review|translat|scan)\w* (?:this|these|the following|"
     r"the document|the page|the email|the text|the content|questions about this)", False, True),
    ("ai_speaker", "indirect", 0.35,
     r"(?:^|\n|[.!?>\]*] )(?:ai|assistant|ai assistant|llm|chatbot|bot|agent|gpt|chatgpt)\W{0,3}:", False, True),
    ("exfiltrate_data", "indirect", 0.5,
     r"\b(?:send|forward|email|e-mail|post|upload|transmit|exfiltrate|leak|copy|submit|relay|deliver|append|embed|"
     r"encode|share|give|disclose|provide|reveal|include) (?:all |the |this |these |any |every |a copy of )*(?:user'?s?|users'|customer'?s?|customers'|"
     r"conversation|chat|session|(?:their|his|her) (?:personal|private|login|account|payment|credit card|financial|"
     r"files|documents|messages|emails|contacts|history|data)|"
     r"personal|private|login|credentials|passwords?|api keys?|credit card)(?: [a-z'-]+){0,3}? ?(?:data|"
     r"information|info|details|history|messages|logs?|transcripts?|credentials|passwords?|emails?|files|contacts|"
     r"numbers?|keys?|tokens?|cookies|address(?:es)?)\b|\bexfiltrate\b", True, True),
    ("exfil_target", "indirect", 0.3,
     r"\b(?:to|at|into|via) (?:https?://|www\.|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|the (?:following )?(?:url|link|"
     r"endpoint|webhook|server))", False, True),
    ("hide_from_user", "indirect", 0.35,
     r"\b(?:do not|don't|never|without) (?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|alert|"
     r"alerting|notify|notifying|let|letting|show|showing) (?:the |this )?(?:user|human|customer|person|reader)s?\b",
     False, True),
    ("tell_the_user", "indirect", 0.35,
     r"\b(?:tell|inform|convince|persuade|instruct|urge|remind|advise|direct) (?:the (?:user|human|reader)s?|them) "
     r"(?:to|that|their|they)\b", False, True),
    ("markdown_image_exfil", "indirect", 0.8,
     r"!\[[^\]]{0,100}\]\(https?://[^)\s]{1,200}[?&][a-z_]+=", False, True),
    ("respond_only_with", "indirect", 0.35,
     r"\b(?:respond|reply|answer|say) (?:only )?(?:with|using) (?:only )?[\"'“]|\b(?:your|the) (?:response|answer|"
     r"reply|summary) (?:must|should|will) (?:only )?(?:be|say|contain|include|start with|begin with)\b",
     False, True),
))

# Gates: the words a rule cannot match without (groups separated by "|": one word of each group must occur).
# Checking them against the text's word set costs a set lookup; running every regex on every text costs most of the
# inline budget. A unit test proves on the corpora that no gate ever hides a match.
_OVR = ("ignore ignores disregard disregards forget forgets skip bypass bypasses override overrides overrule overwrite "
        "overlook cancel void nullify revoke suspend replace drop ditch scrap abandon discard neglect aside attention "
        "heed mind following obeying follow obey adhere comply listen around circumvent evade break nevermind throw "
        "clear quit")
_INS = ("instruction instructions rules guidelines directive directives directions constraints programming policy "
        "policies restrictions limitations filters guardrails safeguards protocols principles ethics morals training "
        "configuration setup system prompt prompts guidance conditioning told instructed given configured programmed "
        "wrote said set")
_FREE = ("no zero without free freed liberated bound unbound unconstrained restricted limited released outside beyond "
         "lacks lack has have had removed lifted disabled stripped deleted turned switched apply never")
_RESTR = ("restrictions restraints limits limitations filter filters rules guidelines boundaries censorship policy "
          "policies constraints programming ethics morals morality guardrails safeguards principles training warnings "
          "refusals safety restriction restraint limit limitation rule guideline boundary constraint guardrail "
          "safeguard")
_PROMPTISH = ("system systemprompt initial original hidden secret preprompt pre developer meta metaprompt starting base "
              "internal custom given")
_AIW = ("ai ais artificial llm llms large language models model assistant assistants chatbot chatbots chat bot bots gpt "
        "gpts chatgpt copilot copilots claude gemini summarizer summariser summarizers summarisers automated agent "
        "agents")
_DISC = ("repeat print reveal show display output recite disclose leak dump spell echo paste expose type write copy "
         "give tell share list send return quote convert translate encode summarize summarise describe explain read "
         "provide put what what's what’s which see view access know check get learn")
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
    "fake_delimiter": "end beginning start close|input message prompt instructions context conversation document "
                      "text",
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
                       "irrespective",
    "no_disclaimers": "disclaimers warnings moralizing moralising lectures",
    "stay_in_character": "character",
    "named_jailbreak": "machiavellian machiavelli mongo confidant evilbot norms aim betterdan basedgpt chaosgpt "
                       "condition alphabreak",
    "two_responses": "two 2 both dual jailbreak classic|responses answers replies outputs paragraphs jailbreak "
                     "classic",
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
                  "click enter log re require requires",
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
    "markdown_image_exfil": "http https",
    "respond_only_with": "respond reply answer say response summary",
}
# A "~" entry is a substring (for markers that are not words: "<|", "[inst]", the "gpt" of "EvilGPT").
def _gate_word(entry: str) -> str:
    # Gate words are looked up among words_of(): apostrophes split words there, so "you're" is found as "you".
    return entry if entry[0] == "~" else entry.replace("’", "'").split("'")[0]


_GATE_SETS = {rule_id: tuple(frozenset(_gate_word(w) for w in group.split()) for group in spec.split("|"))
              for rule_id, spec in GATES.items()}
_GATE_SUBSTRINGS = {rule_id: tuple(tuple(w[1:] for w in group if w[0] == "~") for group in groups)
                    for rule_id, groups in _GATE_SETS.items()}


def _open_rules(rules: tuple[Rule, ...], words: frozenset[str] | None, text: str) -> list[Rule]:
    """The rules whose gate words all occur in the text, in rule order."""
    if words is None:  # joined letters have no word boundaries left: fall back to substrings
        return [r for r in rules if all(any(w.lstrip("~") in text for w in group) for group in _GATE_SETS[r.id])]
    candidates = set(_ALWAYS_CANDIDATES)
    for word in words & _FIRST_WORDS:
        candidates |= _FIRST_GATE[word]
    if len(rules) != len(RULES):
        candidates &= _rule_indexes(rules)
    out = []
    for index in sorted(candidates):
        for group, substrings in _REST[index]:
            if group.isdisjoint(words) and not (substrings and any(w in text for w in substrings)):
                break
        else:
            out.append(RULES[index])
    return out


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
_ALWAYS_CANDIDATES = frozenset(i for i, r in enumerate(RULES) if any(w[0] == "~" for w in _GATE_SETS[r.id][0]))
_FIRST_GATE: dict[str, frozenset[int]] = {}
for _index, _rule in enumerate(RULES):
    for _entry in _GATE_SETS[_rule.id][0]:
        _FIRST_GATE[_entry] = _FIRST_GATE.get(_entry, frozenset()) | {_index}
_FIRST_WORDS = frozenset(_FIRST_GATE)
# The groups left to check once a rule is a candidate (all of them for rules gated by substrings only).
_REST = tuple(tuple(zip(_GATE_SETS[r.id], _GATE_SUBSTRINGS[r.id]))[0 if i in _ALWAYS_CANDIDATES else 1:]
              for i, r in enumerate(RULES))


# Where a match can begin: literal prefixes of the words a rule's pattern starts with. For these rules the regex is
# tried only at those positions (pattern.match) instead of at every position (pattern.search): the same matches, a
# fraction of the work. A unit test checks on the corpora that anchored and unanchored matching agree.
_OVR_START = ("ignore ignores disregard disregards forget forgets skip bypass bypasses override overrides overrule "
              "overwrite overlook cancel void nullify revoke suspend replace drop ditch scrap abandon discard neglect "
              "set put throw pay stop no do don't never get circumvent evade break nevermind clear quit without")
_SHOW_START = ("repeat print reveal show display output recite disclose leak dump spell echo paste expose type write "
               "copy give tell share list send return quote")
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
    "forget_everything": "forget ignore disregard", "dan": "do dan betterdan better anti antidan you you're act pretend "
    "become called named as enter", "your_system_prompt": "your", "what_is_your_prompt": "what what's", "what_were_you_told": "what",
    "instructions_void": "previous prior earlier above original initial existing old your system developer safety "
                         "ethical content what everything anything whatever all treat consider the usual",
    "given_by_creators": "instructions rules guidelines directives orders prompt did have has",
    "text_above_verbatim": "above before preceding at", "set_aside": "set put push leave cast throw",
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
    "unrestricted_self": f"no zero without free freed liberated not unbound unconstrained released outside beyond "
                         f"never whose developer developers creator creators "
                         f"you yourself your version model assistant update upgrade ai chatbot bot llm persona "
                         f"character entity twin {_RESTR} filter restraints",
}
# Rules anchored on a later part of the pattern: (that part, what must come before it in the same clause). The
# disclosure verbs of "print ... your instructions" are common; the model's own secret text is not.
_SPLIT = {"disclose_own_prompt": (_compile(_SELF_SECRET), _compile(rf"\b{_DISCLOSE}\b[^.!?\n]{{0,70}}$")),
          # the delimiter characters before "end of user input" are not words to anchor on
          "fake_delimiter": (_compile(r"(?:end|beginning|start|close) of (?:the )?(?:user |system |developer |assistant )?"
                                      r"(?:input|message|prompt|instructions|context|conversation|document|text)\b"),
                             re.compile(r"(?:-{3,}|={3,}|#{2,}|<{2,}|\[|\()\s*$"))}
STARTS["disclose_own_prompt"] = ("your you before above prior first instruction instructions rules prompt text "
                                 "guidelines directives configuration message preamble setup system")
_STARTS = {rule_id: frozenset(_gate_word(w) for w in spec.split()) for rule_id, spec in STARTS.items()}
# Common start words that can only begin a match when another word is in the text too ("do" needs the "not" of
# "do not follow"): checked before trying the regex at every "do".
_SECRET_NOUNS = ("system prompt prompts configuration config setup programming context initial message preprompt pre "
                 "preamble instructions rules guidelines directives")
_START_NEEDS = {rule_id: {word: frozenset(needed.split()) for word, needed in needs.items()} for rule_id, needs in {
    "disclose_own_prompt": {"you": "instructed told programmed configured", "your": _SECRET_NOUNS},
    "override_instructions": {"do": "not", "no": "longer"}, "override_setup": {"do": "not", "no": "longer"},
    "overriding_you": {"do": "not"}, "instructions_void": {"the": "usual"}, "only_instruction": {"the": "real"},
}.items()}


def _word_positions(text: str, word: str, cache: dict[str, list[int]]) -> list[int]:
    """Where `word` starts a word in `text` (cached per text: rules share their start words)."""
    found = cache.get(word)
    if found is None:
        found = []
        i = text.find(word)
        while i >= 0:
            if i == 0 or not text[i - 1].isalnum():
                found.append(i)
            i = text.find(word, i + 1)
        cache[word] = found
    return found


def _first_match(rule: Rule, pattern: re.Pattern[str], text: str, words: frozenset[str] | None,
                 begin: int = 0, cache: dict[str, list[int]] | None = None) -> re.Match[str] | None:
    """The first match of `rule` in `text` from `begin` that is not negated ("do not ignore ..."), like search."""
    starts = _STARTS.get(rule.id) if words is not None else None
    if starts is None:
        match = pattern.search(text, begin)
        while match is not None and ((rule.negatable and _negated(text, match.start())) or (
                rule.id in _IMPERATIVE_ONLY and not _imperative(text, match.start()))):
            match = pattern.search(text, match.end())
        return match
    if cache is None:
        cache = {}
    needs = _START_NEEDS.get(rule.id, {})
    ordered = sorted({p for word in starts & words if word not in needs or not needs[word].isdisjoint(words)
                      for p in _word_positions(text, word, cache) if p >= begin})
    split = _SPLIT.get(rule.id)
    if split is not None:
        return _first_split_match(rule, split, text, ordered)
    for position in ordered:
        match = pattern.match(text, position)
        if match is not None and not (rule.negatable and _negated(text, position)) and (
                rule.id not in _IMPERATIVE_ONLY or _imperative(text, position)):
            return match
    return None


def _first_split_match(rule: Rule, split: tuple[re.Pattern[str], re.Pattern[str]], text: str,
                       positions: list[int]) -> re.Match[str] | None:
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
_IMPERATIVE_POSITION = re.compile(r"(?:^|[.!?;:,\n\-—(\[\]>]|\b(?:please|just|now|and|then|actually|simply|kindly|so|ok|"
                                  r"okay|alright|also|first|you (?:must|should|can|will|need to|have to|may)))\W*$")


def _imperative(text: str, start: int) -> bool:
    return _IMPERATIVE_POSITION.search(text, max(0, start - 24), start) is not None


def _negated(text: str, start: int) -> bool:
    return _NEGATION.search(text, max(0, start - 16), start) is not None
