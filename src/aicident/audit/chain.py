"""Hash chaining for append-only histories: each entry's hash covers its content and the hash before it.

Entries are keyed (HMAC-SHA256 with the secret of `audit.keys`, kept outside the database), so someone who can write
the database but not read the key file cannot make an edited, inserted or recomputed entry verify. Entries written
before the logs were keyed carry no key id and a plain SHA-256; none may follow a keyed one, and only those the key
file recorded when it was made (each log's count and last hash) verify. Changing, inserting or
removing an entry breaks every link after it, which `verify` reports; removing the newest entries and fixing the head
is caught by the signed checkpoints (`audit.checkpoints`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, payload: dict[str, Any], key: bytes | None = None) -> str:
    """The hash of an entry: HMAC-SHA256 with `key`, or (entries from before the logs were keyed) SHA-256."""
    message = (prev_hash + "\n" + canonical_json(payload)).encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place where a chain does not verify."""

    seq: int
    reason: str


@dataclass(frozen=True)
class Link:
    """One stored entry as verify reads it: its number, its links, what its hash covers, and the key it names."""

    seq: int
    prev_hash: str
    hash: str
    payload: dict[str, Any]
    key_id: str | None = None


def _written_at(link: Link) -> datetime | None:
    try:
        return datetime.fromisoformat(str(link.payload.get("at")))
    except ValueError:
        return None


def _check(
    link: Link,
    prev: str,
    keyed_before: bool,
    key_for: Callable[[str], bytes | None],
    keyed_since: datetime | None,
    unkeyed: tuple[int, str] | None,
) -> str | None:
    if link.prev_hash != prev:
        return "its link to the previous entry does not match (an entry before it was removed or inserted)"
    if link.key_id is None:
        if keyed_before:
            return "it is not keyed although entries before it are: aicident did not write it"
        if unkeyed is not None:  # the key file lists the unkeyed entries there were when it was made
            count, last = unkeyed
            if link.seq > count:
                return (
                    "it is not keyed, and the log key file lists no such entry from before the logs were keyed: "
                    "aicident did not write it"
                )
            if link.seq == count and not hmac.compare_digest(link.hash, last):
                return (
                    "it is not keyed, and it is not the last unkeyed entry the log key file recorded: the entries "
                    "from before the logs were keyed were changed"
                )
        else:
            written = _written_at(link)
            if keyed_since is not None and (written is None or written >= keyed_since):
                return "it is not keyed although it was written after the logs were keyed: aicident did not write it"
        key = None
    else:
        key = key_for(link.key_id)
        if key is None:
            return f"it names the log key {link.key_id}, which this installation does not hold"
    if not hmac.compare_digest(entry_hash(link.prev_hash, link.payload, key), link.hash):
        return "its content does not match its hash (the entry was edited)"
    return None


def first_break(
    entries: Sequence[Link | tuple[int, str, str, dict[str, Any]]],
    *,
    expected_count: int,
    expected_last: str,
    key_for: Callable[[str], bytes | None] = lambda _key_id: None,
    keyed_since: datetime | None = None,
    unkeyed: tuple[int, str] | None = None,
) -> Break | None:
    """Check stored entries in order against the count and head hash kept elsewhere; `key_for` gives the secret of a
    key id (None when unknown). Unkeyed entries: when `unkeyed` is given (entries, hash of the last: what the key file
    recorded of this log), only those; otherwise none written at or after `keyed_since`."""
    prev = GENESIS
    keyed = False
    links = [e if isinstance(e, Link) else Link(*e) for e in entries]
    for position, link in enumerate(links, start=1):
        if link.seq != position:
            return Break(position, f"entry {position} is missing (found entry {link.seq} in its place)")
        reason = _check(link, prev, keyed, key_for, keyed_since, unkeyed)
        if reason is not None:
            return Break(link.seq, reason)
        keyed = keyed or link.key_id is not None
        prev = link.hash
    if len(links) < expected_count:
        return Break(
            len(links) + 1,
            f"entry {len(links) + 1} is missing: the log has {len(links)} entries but {expected_count} were written",
        )
    if len(links) > expected_count:
        return Break(
            expected_count + 1,
            f"entry {expected_count + 1} was never written by aicident: the log has "
            f"{len(links)} entries but {expected_count} were written",
        )
    if prev != expected_last:
        return Break(len(links), "the last entry is not the one last written (entries were removed or replaced)")
    return None
