"""What an incident is about: the affected AI system and the facts the plan's conditions read (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from aicident.errors import InvalidInput


@dataclass
class AISystem:
    """The affected AI system."""

    feature: str | None = None
    model: str | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    vendor: str | None = None


@dataclass
class Facts:
    """Facts the plan's conditions read (communications, notify lists, regulatory clocks)."""

    customers_affected: int = 0
    personal_data_involved: bool = False
    material: bool = False
    jurisdictions: list[str] = field(default_factory=list)
    # Read by regulatory clocks.
    high_risk: bool = False
    serious_incident: bool = False
    death: bool = False
    widespread_infringement: bool = False
    critical_infrastructure_disruption: bool = False
    significant_incident: bool = False
    major_ict_incident: bool = False
    # Written for customers: what customer-facing drafts say happened and how it affects them (plain words, no
    # internal detail). No plan condition reads them.
    customer_summary: str = ""
    customer_impact: str = ""

    def truth(self, fact: str) -> bool:
        if fact == "customers_affected":
            return self.customers_affected > 0
        return bool(getattr(self, fact))

    def normalized(self) -> Facts:
        if self.customers_affected < 0:
            raise InvalidInput("customers affected cannot be negative")
        return replace(self, jurisdictions=normalize_jurisdictions(self.jurisdictions))


FACT_NAMES = tuple(f.name for f in fields(Facts))
TEXT_FACTS = ("customer_summary", "customer_impact")
MAX_TEXT_FACT = 5000
# Recording that a fact became true also records the event that starts the clocks counting from it.
FACT_STARTS_EVENT = {"material": "materiality_determined", "major_ict_incident": "classified_major"}


def normalize_jurisdictions(values: list[str]) -> list[str]:
    return sorted({j.strip().upper() for j in values if j.strip()})
