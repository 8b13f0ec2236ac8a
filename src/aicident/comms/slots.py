"""Templates' named slots: what fills each one, the prompt it shows until then, and whether a text is finished
(pure: no I/O).

A slot takes its value from the incident, from the plan's [organisation] settings or from a person. Until it has
one, the text shows its prompt, `[label]`. A text is finished when no required slot's prompt is left in it and no
other bracketed prompt either (a template's inline `[...]`, or one a person typed); only a finished text may be
approved, sent or published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aicident.plan.schema import Organisation, Slot, Template

# A prompt: bracketed words with a space in them ("[support contact]"), not a Markdown link ("[text](url)"), a
# tag without spaces ("[SEV-1]") or a checkbox ("[ ]").
PROMPT = re.compile(r"\[(?=[^\[\]\n]*[A-Za-z])(?=[^\[\]\n]*[^\s\[\]]\s+[^\s\[\]])[^\[\]\n]{3,200}\](?!\()")

FILLED, UNFILLED, UNUSED, EMPTY = "filled", "unfilled", "unused", "empty"


def prompts_in(text: str) -> list[str]:
    """The bracketed prompts left in `text`, each once, in order."""
    return list(dict.fromkeys(PROMPT.findall(text)))


def source_value(slot: Slot, context: Mapping[str, Any], organisation: Organisation) -> str:
    """What aicident fills `slot` with: the incident's value, the organisation's setting, or nothing (a person)."""
    if slot.source == "organisation":
        value: Any = getattr(organisation, slot.source_key, "")
    elif slot.source == "incident":
        value = context.get(slot.source_key, "")
    else:
        return ""
    if isinstance(value, list | tuple):
        value = "\n".join(str(v) for v in value if v)
    return str(value).strip() if value not in (None, False) else ""


def values(
    template: Template,
    context: Mapping[str, Any],
    organisation: Organisation,
    given: Mapping[str, str | None] | None = None,
) -> dict[str, str | None]:
    """Each slot's value: what a person gave (`given`), else what its source says; None when it has none."""
    given = given or {}
    found: dict[str, str | None] = {}
    for slot in template.slots:
        value = (given.get(slot.name) or "").strip() or source_value(slot, context, organisation)
        found[slot.name] = value or None
    return found


def render_context(template: Template, context: Mapping[str, Any], filled: Mapping[str, str | None]) -> dict:
    """What the template is rendered with: each slot's value, or its prompt (required) or nothing (optional)."""
    rendered = dict(context)
    for slot in template.slots:
        value = filled.get(slot.name)
        rendered[slot.name] = value if value else (slot.prompt if slot.required else "")
    return rendered


@dataclass(frozen=True)
class SlotState:
    slot: Slot
    state: str  # filled, unfilled (its prompt is in the text), unused (not in this text), empty (optional)
    value: str | None = None

    def as_dict(self) -> dict:
        return {
            "name": self.slot.name,
            "label": self.slot.label,
            "prompt": self.slot.prompt,
            "audience": self.slot.audience,
            "required": self.slot.required,
            "source": self.slot.source,
            "key": self.slot.source_key if self.slot.source != "person" else None,
            "state": self.state,
            "value": self.value,
        }


def states(template: Template, text: str, stored: Mapping[str, str | None] | None = None) -> list[SlotState]:
    """Where each slot of `template` stands in `text`: a prompt still in the text is unfilled, whatever was stored."""
    stored = stored or {}
    found = []
    for slot in template.slots:
        value = stored.get(slot.name)
        if slot.prompt in text:
            state = UNFILLED
        elif value:
            state = FILLED
        else:
            state = UNUSED if slot.required else EMPTY
        found.append(SlotState(slot, state, value if state == FILLED else None))
    return found


@dataclass(frozen=True)
class Unfinished:
    """What keeps a text from going out: required slots still unfilled, and other bracketed prompts."""

    slots: tuple[Slot, ...]
    prompts: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.slots or self.prompts)

    def describe(self) -> str:
        parts = []
        if self.slots:
            parts.append("fill " + ", ".join(f"{s.name} ({s.prompt})" for s in self.slots))
        if self.prompts:
            parts.append("replace " + ", ".join(self.prompts))
        return "; ".join(parts)

    def details(self) -> dict:
        return {
            "slots": [
                {
                    "name": s.name,
                    "label": s.label,
                    "prompt": s.prompt,
                    "source": s.source,
                    "key": s.source_key if s.source != "person" else None,
                    "audience": s.audience,
                }
                for s in self.slots
            ],
            "prompts": list(self.prompts),
        }


def unfinished(template: Template | None, *texts: str) -> Unfinished:
    """The required slots whose prompt is still in `texts`, and every other bracketed prompt there."""
    text = "\n".join(texts)
    slots = tuple(s for s in (template.slots if template else []) if s.prompt in text)
    own = {s.prompt for s in (template.slots if template else [])}
    return Unfinished(slots, tuple(p for p in prompts_in(text) if p not in own))


def fill_prompts(text: str, template: Template, given: Mapping[str, str]) -> str:
    """`text` with the prompt of each slot named in `given` replaced by its value."""
    for name, value in given.items():
        slot = template.slot(name)
        if slot is not None and value.strip():
            text = text.replace(slot.prompt, value.strip())
    return text
