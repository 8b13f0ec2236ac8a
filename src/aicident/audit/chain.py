"""Hash chaining for append-only histories: each entry's SHA-256 covers its content and the hash before it.

Changing, inserting or removing an entry breaks every hash after it, which `verify` reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

GENESIS = "0" * 64


def timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, payload: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical_json(payload)).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place where a chain does not verify."""

    seq: int
    reason: str


def first_break(entries: list[tuple[int, str, str, dict]], *, expected_count: int, expected_last: str) -> Break | None:
    """Check (seq, prev_hash, hash, payload) rows in order against the count and head hash kept elsewhere."""
    prev = GENESIS
    for position, (seq, prev_hash, stored_hash, payload) in enumerate(entries, start=1):
        if seq != position:
            return Break(position, f"entry {position} is missing (found entry {seq} in its place)")
        if prev_hash != prev:
            return Break(
                seq, "its link to the previous entry does not match (an entry before it was removed or inserted)"
            )
        if entry_hash(prev_hash, payload) != stored_hash:
            return Break(seq, "its content does not match its hash (the entry was edited)")
        prev = stored_hash
    if len(entries) < expected_count:
        return Break(
            len(entries) + 1,
            f"entry {len(entries) + 1} is missing: the log has {len(entries)} entries "
            f"but {expected_count} were written",
        )
    if len(entries) > expected_count:
        return Break(
            expected_count + 1,
            f"entry {expected_count + 1} was never written by aicident: the log has "
            f"{len(entries)} entries but {expected_count} were written",
        )
    if prev != expected_last:
        return Break(len(entries), "the last entry is not the one last written (entries were removed or replaced)")
    return None
