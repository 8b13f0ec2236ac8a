"""What the text corpora share: the labelled example, the corpus and its train/test split, events to label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aicident.detectors.model import InteractionEvent

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Example:
    event: InteractionEvent
    positive: bool
    family: str  # sub-family: direct, jailbreak, ..., benign, hard_negative; entity type for leak examples
    entities: tuple[str, ...] = ()  # leak: the entity types present


@dataclass(frozen=True)
class Corpus:
    name: str
    train: tuple[Example, ...]
    test: tuple[Example, ...]


def _split(items: Sequence, split: str) -> list:
    """Every third item is held back for test; the rest is train."""
    return [x for i, x in enumerate(items) if (i % 3 == 2) == (split == "test")]


def _event(
    n: int, split: str, feature: str, *, input_text: str = "", output_text: str = "", context: tuple[str, ...] = ()
) -> InteractionEvent:
    return InteractionEvent(
        id=f"{split}-{feature}-{n}",
        time=T0 + timedelta(seconds=n),
        application="corpus",
        feature=feature,
        user=f"user-{split}-{n}",
        session=f"session-{split}-{n}",
        input_text=input_text,
        output_text=output_text,
        context=context,
    )
