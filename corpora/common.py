"""What the text corpora share: the labelled example, the corpus and its train/test split, events to label, and the
reader of the data files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aicident.detectors.model import InteractionEvent

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
HERE = Path(__file__).resolve().parent  # the data files live in sub-folders of this one, one per detector


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


def read_jsonl(path: Path, fields: dict[str, type]) -> list[dict]:
    """The objects of a JSON-lines data file, in file order; each must have exactly `fields`, of those types."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or set(record) != set(fields):
                raise ValueError(f"{path}:{number}: expected an object with the fields {', '.join(fields)}")
            for name, kind in fields.items():
                if not isinstance(record[name], kind):
                    raise ValueError(f"{path}:{number}: {name} must be a {kind.__name__}")
            records.append(record)
    return records


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
