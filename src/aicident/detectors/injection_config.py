"""The prompt injection detector's settings (injection.py), with the reasons for the values chosen.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aicident.detectors.text_options import config_from_options


@dataclass(frozen=True, slots=True)
class Config:
    min_confidence: float = 0.5  # below this no finding is raised
    canaries: tuple[str, ...] = ()  # tokens planted in system prompts; one in an output means the prompt leaked
    scan_context: bool = True
    # The part of a user's message that is a text to process (after "Translate this:", between triple quotes, ...:
    # injection_data.py) is scanned as a retrieved passage is: an instruction in it addressed to the AI is planted.
    scan_quoted: bool = True
    max_context_passages: int = 20
    # Per text (an input, each retrieved passage, the quoted part of an input): a longer one is scanned at its first
    # and last 16,384 characters, and what lies between them is not read (the linear model reads the first and last
    # 200 words of each). Cost grows linearly up to this length and stays flat past it.
    max_scan_chars: int = 32768
    evidence_window: int = 160  # characters within which weak cues add up
    specific_weight: float = 0.4  # a finding needs at least one rule this specific
    meta_discount: float = 0.25  # weight kept by a quoted match inside text about attacks
    hidden_char_threshold: int = 3  # zero-width/bidi characters that alone make an "obfuscation" finding
    homoglyph_word_threshold: int = 3
    rate_window_minutes: float = 10.0
    rate_threshold: int = 5  # more than this many attempts in the window by one user or session is sustained
    max_rate_keys: int = 10000  # users + sessions tracked (least recently seen are forgotten)
    excerpt_window: int = 60
    disabled_rules: tuple[str, ...] = ()
    model: bool = True  # the linear model of injection_model.py, alongside the rules
    # A model probability this high on a prompt is a finding without any rule. Chosen by the leave-one-pool-out runs
    # of scripts/train_injection_model.py (each training pool scored by a model trained on the others): with seven
    # pools, 0.75 flagged 0.57% of the benign prompts and found 74% of the attacks alone (0.7: 0.83%, 78%); with nine
    # pools the whole detector flagged 0.67% of benign prompts and found 85% of the attacks. With fourteen pools and
    # hard negatives weighing 6x in training (scripts/train_injection_model.py), 0.7 flagged 0.79% of the benign
    # prompts of three pools kept out of training (heldout1, heldout5, extra_a) and found 86% of their attacks (0.65: 1.18%, 88%;
    # 0.6: 1.38%, 89%; 0.75 without the weighting: 1.45%, 85%). Raised to 0.75 on 2026-12-07: the model retrained
    # with the pool of planted instructions and personas put four hard-negative prompts of the test split just above
    # 0.7 (0.706-0.717), flagging 1.6% of them and 2.6% of the events with benign passages (their prompts); at 0.75,
    # 0.2% and none, for 0.6 points of recall. This choice looked at the test split (see corpora/README.md); the
    # model committed is a later training (one harmful training request replaced, six negatives added).
    model_threshold: float = 0.75
    # On retrieved passages the model alone needs more: benign documents about prompts, rules and assistants are
    # common in retrieval. In the same runs 0.98 flagged 1 of the 219 distinct benign passages and found 54% of the
    # planted instructions alone (0.95: 3 passages, 67%).
    model_context_threshold: float = 0.98
    # A rule finding needs at least this model probability (prompts and passages alike); texts below it are not
    # given to the rules at all. See _scored.
    # 0.03 since 2026-12-07: with the model retrained on the pool of planted instructions and personas, the rule
    # matches on benign training prompts (and one of the scenario log's) scored 0.021-0.022; 5 of the 11,187 attacks
    # of the train split found score below 0.05.
    model_veto: float = 0.03
    # In a text about attacks (a security question, a paper quoting an attack string) a rule match is as likely an
    # example as an attempt: there it needs this much model probability. In the leave-one-pool-out runs it took the
    # events with benign passages flagged from 5.6% to 3.8% and cost 0.5 points of recall.
    meta_veto: float = 0.5
    quoted_veto: bool = True  # a text whose specific rule matches are all quoted counts as one about attacks
    # Retrieval returns the same passages again and again: their assessments are kept (bounded, oldest dropped).
    context_cache_size: int = 4096

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Config:
        return config_from_options(cls, options)
