"""The regex building blocks of the prompt-injection rules (injection_rules.py): concept vocabularies that rules
combine instead of listing phrasings. A space means one to six separators within a clause, "~N" up to N filler words
(see injection_rules._compile).
"""

from __future__ import annotations

# Concept vocabularies. Rules combine them (a verb of overriding, a noun of instruction, a marker that the
# instructions are the model's own) instead of listing phrasings, so that unseen wordings still match.
_OVERRIDE = (
    r"(?:ignore|disregard|forget|skip|bypass|override|overrule|overwrite|overlook|cancel|void|"
    r"nullify|revoke|suspend|replace|drop|ditch|scrap|abandon|discard|neglect|set aside|put aside|throw out|"
    r"clear|quit following|(?:pay no|don't pay|do not pay|without paying) (?:any )?(?:attention|heed|mind) to|"
    r"stop (?:following|obeying)|no longer (?:need to |have to )?(?:follow|"
    r"obey|adhere to)|(?:do not|don't|never) (?:follow|obey|adhere to|comply with|listen to)|get around|"
    r"circumvent|evade|break free (?:of|from)|nevermind|never mind)"
)
_INSTRUCTION = (
    r"(?:instructions?|rules|guidelines|directives?|directions|constraints|programming|polic(?:y|ies)|"
    r"restrictions|limitations|filters|guardrails|safeguards|protocols|principles|ethics|morals|training|"
    r"configuration|setup|system (?:text|message|prompt|instructions)|prompts?|guidance|conditioning)"
)
_TOLD = (
    r"(?:what|everything|anything|whatever|all) (?:that )?(?:you(?:'ve| have| had)? (?:were |was |been )?|"
    r"(?:they|he|she|someone|management|the (?:developers?|creators?|operators?|system|admins?|company|team|"
    r"owners?)|your (?:developers?|creators?|operators?|owners?|company)) (?:have |had |has )?)(?:told|instructed|"
    r"given|configured|programmed|wrote|said|set)"
)
# Names of the model's own setup: overriding these needs no "previous" to be an attack.
_SETUP = (
    r"(?:system (?:prompt|message|text|instructions)|guardrails|safeguards|safety (?:filters?|guidelines|rules|"
    r"polic(?:y|ies)|training|measures)|content (?:filters?|polic(?:y|ies))|programming|pre-?prompt|preamble|"
    r"developer (?:instructions|message|prompt)|(?:rules|instructions|guidelines) in your (?:prompt|instructions|"
    r"system prompt|configuration|setup))"
)
_PRIOR = (
    r"(?:previous|prior|earlier|above|preceding|foregoing|original|initial|existing|old|former|default|"
    r"built-in|current|system|developer|your|its|all|any|every|these|those|safety|ethical|content|openai|"
    r"anthropic|hidden)"
)
_PRIOR_AFTER = (
    r"(?:above|before|earlier|previously|so far|until now|up to now|(?:that |which )?(?:were |was |have "
    r"been |has been )?(?:set|given|told|configured|programmed|defined|written|provided|set up) (?:for|to) "
    r"you|(?:that |which )?you(?:'ve| have| had)? (?:were |are |been )?(?:given|told|received|got|"
    r"configured|programmed|instructed|operating under|trained)(?: with| on)?)"
)
_VOID = (
    r"(?:void|null|cancell?ed|revoked|suspended|overridden|disabled|deactivated|invalid|obsolete|outdated|"
    r"irrelevant|no longer (?:apply|applies|valid|active|in effect|matters?|relevant)|(?:do|does|did) not "
    r"(?:apply|matter)|don't (?:apply|matter)|doesn't (?:apply|matter)|(?:just |only )?(?:a test|fake|a joke|"
    r"not real)|switched off|turned off|never existed|(?:do|does) not exist|(?:don't|doesn't) exist|null and void|"
    r"lifted|suspended)"
)
_RESTRICTIONS = (
    r"(?:restrictions?|restraints?|limits?|limitations?|filters?|rules?|guidelines?|boundaries|boundary|"
    r"censorship|polic(?:y|ies)|constraints?|programming|ethics|morals|morality|guardrails?|safeguards?|"
    r"principles|training|warnings|refusals|safety (?:rules|training|guidelines|filters|measures))"
    # "no restrictions on the number of questions" limits a quantity, not the model
    r"(?! on (?:the )?(?:number|size|length|amount|quantity|volume|count|time|date|use)\b)"
)
_FREE_OF = (
    r"(?:no|zero|without|free (?:of|from)|freed from|liberated from|(?:not|no longer) bound by|unbound by|"
    r"unconstrained by|not restricted by|not limited by|released from|outside(?: of)?|beyond|never (?:given|"
    r"taught|trained with|had))"
)
_OWNER = r"(?:any |all |every |each |the |your |its |their |ethical |moral |content |safety |usual |normal |typical |such |openai's |anthropic's |google's |the company's )*"
_AI = (
    r"(?:ai|artificial intelligence|llm|large language model|language model|assistant|chatbot|chat bot|bot|"
    r"ai model|ai assistant|agent|ai agent|model|gpt|chatgpt|copilot|claude|gemini|summari[sz]er|automated system|"
    r"automated assistant)"
)
# Who a planted instruction addresses: "agent" and "model" alone are as often people and products.
_AI_ADDRESSEE = (
    r"(?:ai|artificial intelligence|llm|large language models?|language models?|assistant|chatbot|chat bot|"
    r"bot|ai models?|ai assistant|ai agents?|gpt|chatgpt|copilot|claude|gemini|summari[sz]er|"
    r"automated (?:system|assistant|agent))"
)
_PERSONA = r"(?:ai|assistant|chatbot|bot|model|llm|persona|character|entity|twin|version of (?:yourself|you))"
_WITHOUT = (
    r"(?:with no|with zero|without|has no|have no|had no|free of|free from|freed from|lacks?|not bound by|"
    r"outside(?: of)?|beyond|(?:that |who )?(?:was |were |has been )?never (?:given|taught|trained with|had))"
)
_SHOW = (
    r"(?:repeat|print|reveal|show|display|output|recite|disclose|leak|dump|spell out|echo|paste|expose|type out|"
    r"write out|copy|give me|tell me|share|list|send me|return|quote)"
)
_DISCLOSE = (
    r"(?:repeat|print|reveal|show|display|output|recite|disclose|leak|dump|spell|echo|paste|expose|type|write|"
    r"copy|give|tell|share|list|send|return|quote|convert|translate|encode|summari[sz]e|describe|explain|read|"
    r"provide|put|what(?:'s| is| are| was| were| did| does)?|which|see|view|access|know|check|get|learn)"
)
_PROMPT_NOUN = (
    r"(?:system ?prompt|system message|system instructions|initial (?:prompt|instructions)|"
    r"(?:hidden|secret|internal|initial|original|system) (?:preamble|setup|configuration|text)|"
    r"original (?:prompt|instructions)|hidden (?:prompt|instructions|rules)|secret (?:prompt|instructions)|"
    r"pre-?prompt|developer (?:prompt|message|instructions)|meta ?prompt|starting prompt|base prompt|"
    r"internal (?:instructions|prompt)|custom instructions|(?:instructions|rules|prompt|directives) "
    r"you (?:were|have been) given)"
)
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
    r"started|loaded|running) (?:with|on))"
)
_DETERMINERS = (
    r"(?:(?:your|the|entire|full|whole|complete|exact|current|verbatim|above|first|original|initial|"
    r"hidden|secret|all|of|text|contents?|words|in|every|word|line|this|exactly|precisely|what|back|me|us) "
    r"){0,4}"
)
_IMPERATIVE = (
    r"(?:send|forward|tell|reply|respond|include|claim|state|rank|rate|ignore|disregard|exfiltrate|get|ask|"
    r"download|visit|say|recommend|write|append|email|upload|output|print|reveal|insert|answer|must|should|"
    r"need to|collect|obtain|redirect|direct|inform|praise|promote|mention|share|give|provide|pay|click|"
    r"enter|log in|re-enter|requires? you to)"
)
_WORD = r"[a-z0-9'’-]+ "
