"""The response plan as data: the templates a plan ships and their slots.

A slot takes its value from the incident, the plan's [organisation] settings or a person who fills it in the draft;
a customer-facing template shows only what is written for customers. Part of ``aicident.plan.schema``, which
re-exports it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from aicident.plan.schema_base import ID_PATTERN, _Strict

# Where a template's slot takes its value from: what aicident knows of the incident (and its log), the plan's
# [organisation] settings, or a person who fills it in the draft.
SLOT_SOURCES = ("incident", "organisation", "person")
ORGANISATION_SETTINGS = ("name", "support_contact", "status_page_url", "signature")
# What a customer-facing template may show: facts written for customers (never the internal summary or the root
# cause), the moment's wording (`phase`: investigating, contained or resolved), labelled times, and its slots.
CUSTOMER_FACTS = ("customer_summary", "customer_impact")
CUSTOMER_CONTEXT = (
    "ref",
    "date",
    "phase",
    "detected_time",
    "contained_time",
    "resolved_time",
    *CUSTOMER_FACTS,
)


class Slot(_Strict):
    """A named field of a template: until it has a value, the text shows its prompt, `[label]`, and a draft that
    still shows the prompt of a required slot cannot be approved, sent or published."""

    name: str = Field(pattern=ID_PATTERN, description="The template variable it fills.")
    label: str = Field(
        min_length=1, max_length=200, pattern=r"^[^\[\]\n]+$", description="What to write; the prompt is [label]."
    )
    audience: Literal["customer", "internal"] = Field(
        default="internal", description="customer: only facts written for customers may fill it."
    )
    required: bool = True
    source: Literal["incident", "organisation", "person"] = "person"
    key: str | None = Field(
        default=None, description="The incident value or [organisation] setting it takes; default: its name."
    )

    @property
    def prompt(self) -> str:
        return f"[{self.label}]"

    @property
    def source_key(self) -> str:
        return self.key or self.name

    @model_validator(mode="after")
    def _known_source(self) -> Slot:
        if self.source == "organisation" and self.source_key not in ORGANISATION_SETTINGS:
            raise ValueError(
                f"slot {self.name!r} takes [organisation] {self.source_key!r}; allowed: "
                + ", ".join(ORGANISATION_SETTINGS)
            )
        if self.audience == "customer" and self.source == "incident" and self.source_key not in CUSTOMER_CONTEXT:
            raise ValueError(
                f"customer slot {self.name!r} takes the incident's {self.source_key!r}, which is not written for "
                "customers; allowed: " + ", ".join(CUSTOMER_CONTEXT)
            )
        return self


class Template(_Strict):
    """A Jinja2 template the plan ships (Section 6 customer notification, Section 7 report, ...)."""

    subject: str = ""
    body: str = Field(min_length=1)
    slots: list[Slot] = Field(default_factory=list, description="Its named fields and where each value comes from.")

    @property
    def customer_facing(self) -> bool:
        return any(slot.audience == "customer" for slot in self.slots)

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)

    @model_validator(mode="after")
    def _slots_fit(self) -> Template:
        from jinja2 import Environment, meta

        names = [slot.name for slot in self.slots]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"slot names must be unique; defined more than once: {', '.join(twice)}")
        if self.customer_facing:
            environment = Environment()
            used = set()
            for text in (self.subject, self.body):
                used |= meta.find_undeclared_variables(environment.parse(text))
            internal = sorted(used - set(CUSTOMER_CONTEXT) - set(names))
            if internal:
                raise ValueError(
                    f"a customer-facing template shows only customer facts and its slots, not {', '.join(internal)}; "
                    f"allowed: {', '.join(CUSTOMER_CONTEXT)}, or a slot"
                )
        return self

    @field_validator("subject", "body")
    @classmethod
    def _parses(cls, value: str) -> str:
        from jinja2 import Environment, TemplateSyntaxError

        try:
            Environment().parse(value)
        except TemplateSyntaxError as exc:
            raise ValueError(f"not a valid Jinja2 template: {exc.message} (template line {exc.lineno})") from None
        return value


REQUIRED_TEMPLATES = (
    "customer_notification",
    "regulator_notice",
    "internal_update",
    "public_statement",
    "post_incident_report",
)


class Organisation(_Strict):
    """Who speaks to customers: the settings that fill the templates' organisation slots."""

    name: str = Field(default="", description="The organisation's name as customers know it.")
    support_contact: str = Field(default="", description="Where customers ask questions, e.g. support@example.com.")
    status_page_url: str = Field(default="", description="Where updates are posted, e.g. https://status.example.com.")
    signature: str = Field(default="", description="How customer notices are signed, e.g. 'The Example Corp team'.")
