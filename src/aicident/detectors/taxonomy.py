"""The taxonomy hints the text detectors put in a finding's details: OWASP Top 10 for LLM Applications and MITRE
ATLAS ids, with the versions they come from (the plan stores the list and its version with each incident)."""

from __future__ import annotations

TAXONOMY_VERSIONS = {"owasp_llm": "OWASP Top 10 for LLM Applications 2025", "mitre_atlas": "MITRE ATLAS data v5"}

# Prompt injection, by the family of the attack found.
INJECTION_ATLAS = {
    "direct": ("AML.T0051.000",),
    "jailbreak": ("AML.T0054",),
    "system_prompt_extraction": ("AML.T0056", "AML.T0051.000"),
    "indirect": ("AML.T0051.001",),
    "exfiltration": ("AML.T0051.001", "AML.T0057"),
    "obfuscation": ("AML.T0068",),
    "canary_leak": ("AML.T0056", "AML.T0057"),
    "sustained_attack": ("AML.T0051",),
}
# The families that are more than LLM01 (prompt injection) alone.
INJECTION_OWASP = {"canary_leak": ("LLM01", "LLM07"), "exfiltration": ("LLM01", "LLM02")}
