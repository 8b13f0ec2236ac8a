"""The jailbreak rules of the prompt-injection detector (injection_rules.py): phrasings that make the model drop its
restrictions (personas without rules, modes, "answer anything"). Rows of (id, family, weight, pattern, negatable,
context_only), compiled into RULES by injection_rules.py in this order.
"""

from __future__ import annotations

from aicident.detectors.injection_vocabulary import _FREE_OF, _OWNER, _PERSONA, _RESTRICTIONS, _TOLD, _WITHOUT

JAILBREAK: tuple[tuple[str, str, float, str, bool, bool], ...] = (
    # --- jailbreak: make the model drop its restrictions -----------------------------------------------------------
    (
        "dan",
        "jailbreak",
        0.95,
        r"\b(?:do anything now|dan mode|dan \d+(?:\.\d+)?\b|betterdan|better dan|anti-?dan|dan,? which stands|"
        r"(?:you are|you're|act as|act like|pretend to be|become|called|named|enter) (?:a |an )?dan\b(?!'|’)|"
        r"(?<!such\s)\bas dan\b(?!'|’))",
        False,
        False,
    ),
    ("developer_mode", "jailbreak", 0.3, r"\bdeveloper mode\b", False, False),
    (
        "in_mode",
        "jailbreak",
        0.6,
        r"\byou(?:'re| are) (?:now )?in [\"'‘“]?(?:sudo|god|admin|root|debug|dev|developer|jailbreak|unrestricted|dan|"
        r"evil|chaos|omega|raw|beast|no-?limits?|free)[\"'’”]? mode|\b(?:developer|dan|jailbreak|unrestricted|sudo|god) "
        r"mode (?:is )?(?:now )?(?:active|engaged)\b|\benter (?:the )?(?:dan|jailbreak|unrestricted|sudo) mode",
        False,
        False,
    ),
    (
        "activate_jailbreak",
        "jailbreak",
        0.75,
        r"\b(?:activate|enable|engage|initiate|turn on|switch on|start) (?:the )?(?:jailbreak|jailbroken|dan|"
        r"unrestricted|unfiltered|uncensored|sudo)(?: mode| protocol)?\b",
        False,
        False,
    ),
    (
        "rule_hater",
        "jailbreak",
        0.35,
        r"\b(?:hates?|ignores?|despises?|breaks?|doesn't care about|does not care about|never follows?|never mentions?) "
        r"(?:all |any |the )?(?:rules|guidelines|restrictions|laws|ethics|policies)\b",
        False,
        False,
    ),
    (
        "always_complies",
        "jailbreak",
        0.4,
        r"\balways (?:complies|obeys|agrees|says yes|answers)\b|\bcomplies with (?:every|any|all) (?:request|order|"
        r"command)s?|\bnever (?:says no|refuses)\b",
        False,
        False,
    ),
    (
        "off_limits",
        "jailbreak",
        0.45,
        r"\b(?:nothing|no topic|no subject|no question|no request) is off[- ]limits|\banything goes\b",
        False,
        False,
    ),
    (
        "deceased_relative",
        "jailbreak",
        0.4,
        r"\b(?:late|deceased|dead|departed) (?:grandmother|grandma|grandfather|grandpa|granny|nana|mother|father|mom|dad|"
        r"aunt|uncle)\b",
        False,
        False,
    ),
    (
        "be_her",
        "jailbreak",
        0.35,
        r"\b(?:be|become|act as|act like|pretend to be|play|impersonate|roleplay as|continue) (?:her|him|them|my (?:late|"
        r"deceased|dead) \w+|her tradition|his tradition)\b",
        False,
        False,
    ),
    (
        "broken_chains",
        "jailbreak",
        0.5,
        r"\b(?:broken|broke|break|breaking|free of|freed from|slipped) (?:all |free )?(?:of )?(?:its|their|your|his|her|"
        r"the|my) (?:chains|shackles|leash|restraints)\b|\b(?:unchained|unshackled|unleashed)\b",
        False,
        False,
    ),
    (
        "two_columns",
        "jailbreak",
        0.75,
        r"\b(?:filtered|censored|normal|classic|safe)[\"'”’]? (?:and|vs\.?|versus|/) [\"'“‘]?(?:unfiltered|uncensored|"
        r"jailbroken|unrestricted|unsafe|dan)\b|\b(?:unfiltered|uncensored|evil|dark|jailbroken) (?:alter ego|twin|"
        r"self)\b",
        False,
        False,
    ),
    (
        "mode_enabled",
        "jailbreak",
        0.85,
        r"\b(?:developer|dev|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|opposite|chaos|dude|omega|"
        r"unlocked|dan) mode (?:enabled|activated|is on|output|response)|\b(?:jailbreak|jailbroken|unrestricted|"
        r"unfiltered|uncensored|evil|opposite|chaos|no-limits|omega|unlocked) mode\b|\b(?:chatgpt|gpt|ai|assistant|model|"
        r"llm|claude|gemini|llama|bard|you|you're|you are|yourself|simulate|emulate) (?:now )?(?:with|in|running in|"
        r"operating in|as if in)? ?(?:the )?developer mode",
        False,
        False,
    ),
    (
        "you_are_now",
        "jailbreak",
        0.75,
        r"\byou(?: are|'re| r) now (?:free|no longer|unrestricted|jailbroken|unfiltered|uncensored|liberated|unchained|"
        r"unbound|evil|immoral|amoral|named|called|known as|dan\b|going to (?:act|pretend|roleplay|role-play|play|be)|"
        r"in (?:character|developer mode|[a-z]+ mode))|\byou(?: are|'re| have been|'ve been) (?:now )?(?:jailbroken|"
        r"freed|liberated|unchained|unshackled)\b|\byou(?:'ve| have) been (?:updated|upgraded|patched|modified|"
        r"reprogrammed|changed|granted)\b(?:[^.!?\n]|\.(?=\d)){0,50}?\b(?:removed|lifted|disabled|without|no|free "
        r"(?:of|from))\b",
        False,
        False,
    ),
    (
        "you_are_now_role",
        "jailbreak",
        0.45,
        r"\byou(?: are|'re| r) now (?:a|an|the) ~3(?:ai|artificial intelligence|llm|language model|chatbot|character|"
        r"persona|entity|version of|hacker|criminal|villain)\b",
        False,
        False,
    ),
    (
        "role_play",
        "jailbreak",
        0.25,
        r"\b(?:pretend|imagine you are|act as if|act like|roleplay|role-play|role play|play the role|play a character|"
        r"you will play|simulate|let's play a game|you will act as|act as|from now on,? you are|respond as|answer as|"
        r"reply as|in character|screenplay|actor playing)\b",
        False,
        False,
    ),
    (
        "named_persona",
        "jailbreak",
        0.4,
        r"\b(?:you(?:'re| are)|act as|act like|respond as|answer as|reply as|called|named) [\"'‘“]?[a-z]*(?:gpt|bot)\b",
        False,
        False,
    ),
    (
        "no_restrictions",
        "jailbreak",
        0.35,
        rf"\b{_FREE_OF} (?:any |all |the |your |its |ethical |moral |content |"
        rf"safety |usual |typical |normal |such )*{_RESTRICTIONS}",
        False,
        False,
    ),
    (
        "unrestricted_self",
        "jailbreak",
        0.6,
        rf"\b(?:you|you're|you are|you'd be|you would be|you have|you've|you had|yourself) (?:[a-z']+ ){{0,2}}?"
        rf"{_FREE_OF} (?:{_OWNER}{_RESTRICTIONS}|{_TOLD})|(?<!our\s)(?<!my\s)\b{_PERSONA}s? (?:[a-z']+ ){{0,3}}?"
        rf"{_WITHOUT} {_OWNER}{_RESTRICTIONS}|\b{_RESTRICTIONS} (?:[a-z']+ ){{0,2}}?(?:don't|do not|doesn't|does not|"
        rf"no longer|won't|will not|shall not) apply to (?:you|the ai|the assistant)|\b(?:you|your|version|model|"
        rf"assistant|update|upgrade|ai|whose|developers?|creators?)\b(?:[^.!?\n]|\.(?=\d)){{0,40}}?\b(?:removed|"
        rf"lifted|disabled|stripped|deleted|turned off|switched off) (?:all |any |every |each |your |the |of |its )*"
        rf"(?:content |safety |ethical |moral )?{_RESTRICTIONS}|\b{_FREE_OF} {_OWNER}{_RESTRICTIONS} (?:for|on|apply "
        rf"to|applying to) (?:you|yourself|the ai|the assistant|this chat|this conversation)\b",
        False,
        False,
    ),
    (
        "gpt_persona_free",
        "jailbreak",
        0.6,
        rf"\b[a-z]*gpt\b(?: [a-z']+){{0,3}}? {_WITHOUT} (?:any |all |ethical |moral |content |safety |usual |such )*"
        + _RESTRICTIONS,
        False,
        False,
    ),
    (
        "content_policy",
        "jailbreak",
        0.5,
        r"\b(?:no|without|ignore|bypass|disregard|free from|outside|not bound by|not subject to) (?:any |the |your |"
        r"openai's |all |of )*(?:content|usage|safety) polic(?:y|ies)",
        True,
        False,
    ),
    (
        "unfiltered_persona",
        "jailbreak",
        0.65,
        r"\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|immoral|jailbroken|unaligned|unhinged|rogue|evil) "
        r"(?:ai|assistant|chatbot|model|bot|responses?|answers?|persona|character|llm|gpt|chatgpt|entity|confidant)\b",
        False,
        False,
    ),
    (
        "answer_anything",
        "jailbreak",
        0.5,
        r"\b(?:you (?:can|will|must|should|shall) (?:now )?(?:say|do|answer|generate|write|produce) anything|"
        r"answer (?:any|every|all) (?:question|request|prompt)s? (?:without|regardless|no matter)|"
        r"(?:never|don't|do not|cannot|can't|won't|must not) (?:refuse|decline) (?:any|to answer|to respond|requests|a "
        r"request|my requests)|(?:never|doesn't|does not|won't|will not) (?:ever )?(?:refuses|declines|says no)\b|"
        r"no refusals?|without (?:any )?(?:refusals?|censorship)|(?:regardless|irrespective) of (?:how )?"
        r"(?:it is |it's )?(?:illegal|unethical|immoral|harmful|dangerous|offensive|inappropriate))",
        False,
        False,
    ),
    (
        "no_disclaimers",
        "jailbreak",
        0.25,
        r"\b(?:no|without|skip|never add|never include) (?:any )?(?:disclaimers|warnings|moralizing|moralising|"
        r"lectures)\b",
        False,
        False,
    ),
    (
        "stay_in_character",
        "jailbreak",
        0.3,
        r"\b(?:stay|remain|keep) in character|\b(?:never|don't|do not) break character",
        False,
        False,
    ),
    (
        "named_jailbreak",
        "jailbreak",
        0.9,
        r"\b(?:always intelligent and machiavellian|niccolo machiavelli|mongo tom|evil confidant|evilbot|"
        r"strive to avoid norms|aim stands for|betterdan|basedgpt|chaosgpt|condition red|alphabreak)\b",
        False,
        False,
    ),
    (
        "two_responses",
        "jailbreak",
        0.8,
        r"\b(?:two|2|both|dual) (?:different |separate )?(?:responses|answers|replies|outputs|paragraphs)\b"
        r".{0,80}?\b(?:normal|classic|standard|censored|filtered|gpt)\b.{0,60}?\b(?:developer|jailbroken|jailbreak|dan|"
        r"unfiltered|uncensored|evil|unrestricted)|\[(?:🔓|🔒) ?(?:jailbreak|classic)",
        False,
        False,
    ),
    (
        "grandma_exploit",
        "jailbreak",
        0.75,
        r"\b(?:grandma|grandmother|granny|nana|grandpa|grandfather|grandad|granddad) ~6(?:used to|would) (?:read|tell|"
        r"recite|sing|say|give|whisper) (?:me )?~5(?:keys?|serials?|passwords?|napalm|recipes? for|license|activation|"
        r"codes)",
        False,
        False,
    ),
    (
        "fiction_frame",
        "jailbreak",
        0.2,
        r"\b(?:hypothetical(?:ly)?|fictional (?:world|scenario|story)|purely fictional|for educational purposes|"
        r"for research purposes|thought experiment)\b",
        False,
        False,
    ),
    ("jailbreak_word", "jailbreak", 0.2, r"\bjailbr(?:eak|eaking|oken)\b", False, False),
)
