"""Signed checkpoints of the logs' heads, written to an append-only file outside the database.

The keyed chain (`audit.chain`) stops anyone without the key from editing or recomputing entries; it cannot stop
someone with database write access from deleting the newest entries of a log and moving its head back. A checkpoint
records, for every log that changed since the one before, how many entries it had and the hash of the last; it is
signed with the Ed25519 key of `audit.keys` and linked to the line before it (the hash of that line), like the signed
tree heads of Certificate Transparency. `verify` compares the database with the latest state the file attests and
names each incident (or the audit log) whose entries were removed or rewritten since.

Each line: {"n", "at", "key_id", "incidents": {incident id: [count, last hash]}, "audit": [count, last hash] or null,
"prev": sha256 of the previous line, "signature": base64 Ed25519 over the line without its signature}.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from aicident.audit.chain import canonical_json
from aicident.audit.keys import LogKeys

Head = tuple[int, str]  # entries written, hash of the last
AUDIT = "audit log"


@dataclass
class Attested:
    """What a checkpoint file attests: the heads it saw last, when, and what is wrong with the file itself."""

    incidents: dict[str, Head] = field(default_factory=dict)
    seen_at: dict[str, str] = field(default_factory=dict)
    audit: Head | None = None
    audit_at: str | None = None
    lines: int = 0
    last_line_hash: str = ""
    problems: list[str] = field(default_factory=list)


def _line_hash(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()


def _signed(document: dict, public_key: Ed25519PublicKey) -> bool:
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    try:
        public_key.verify(base64.b64decode(document["signature"]), canonical_json(unsigned).encode())
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return False
    return True


def read(path: Path, public_key: Ed25519PublicKey, *, start: Attested | None = None, offset: int = 0) -> Attested:
    """Replay a checkpoint file (from `offset`, continuing `start`): every line must be signed and linked."""
    state = start or Attested()
    if not path.exists():
        return state
    with path.open("rb") as handle:
        handle.seek(offset)
        for raw in handle:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            state.lines += 1
            try:
                document = json.loads(line)
            except ValueError:
                state.problems.append(f"checkpoint line {state.lines} is not JSON")
                continue
            if not _signed(document, public_key):
                state.problems.append(f"checkpoint line {state.lines} is not signed by this installation's key")
                continue
            if document.get("prev", "") != state.last_line_hash:
                state.problems.append(f"checkpoint line {state.lines} does not follow the line before it")
            state.last_line_hash = _line_hash(line)
            for incident_id, (count, last) in (document.get("incidents") or {}).items():
                state.incidents[incident_id] = (int(count), str(last))
                state.seen_at[incident_id] = document["at"]
            if document.get("audit"):
                count, last = document["audit"]
                state.audit, state.audit_at = (int(count), str(last)), document["at"]
    return state


class CheckpointWriter:
    """Appends a signed line when heads changed; several processes on one host share the file under a lock."""

    def __init__(self, path: Path, keys: LogKeys):
        self.path = path
        self.keys = keys
        self._state = Attested()
        self._read_up_to = 0

    def _catch_up(self, handle) -> None:
        size = os.fstat(handle.fileno()).st_size
        if size < self._read_up_to:  # the file was replaced: read it again from the start
            self._state, self._read_up_to = Attested(), 0
        if size > self._read_up_to:
            self._state = read(self.path, self.keys.public_key, start=self._state, offset=self._read_up_to)
            self._read_up_to = size

    def write(self, incidents: dict[str, Head], audit: Head | None, now: datetime) -> dict | None:
        """Append a checkpoint of the heads that changed since the file's last; the line written, or None."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                self._catch_up(handle)
                changed = {i: list(h) for i, h in incidents.items() if self._state.incidents.get(i) != h}
                audit_changed = audit is not None and audit != self._state.audit
                if not changed and not audit_changed:
                    return None
                document = {
                    "n": self._state.lines + 1,
                    "at": now.isoformat(),
                    "key_id": self.keys.key_id,
                    "incidents": changed,
                    "audit": list(audit) if audit_changed and audit is not None else None,
                    "prev": self._state.last_line_hash,
                }
                signature = self.keys.signing_key.sign(canonical_json(document).encode())
                document["signature"] = base64.b64encode(signature).decode()
                line = canonical_json(document)
                handle.write((line + "\n").encode())
                handle.flush()
                os.fsync(handle.fileno())
                self._catch_up(handle)
                return document
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class Missing:
    """A log whose entries the database lost or rewrote since a checkpoint saw them."""

    log: str  # an incident id, or AUDIT
    seq: int
    reason: str


def compare(attested: Attested, incidents: dict[str, Head], entry_hash_at, audit: Head | None) -> list[Missing]:
    """What the database lost or rewrote since the checkpoints: `incidents` are the database's heads and
    `entry_hash_at(log, seq)` the stored hash of an entry (None when there is none)."""
    found = []
    logs: list[tuple[str, Head, Head | None, str | None]] = [
        (i, head, incidents.get(i), attested.seen_at.get(i)) for i, head in attested.incidents.items()
    ]
    if attested.audit is not None:
        logs.append((AUDIT, attested.audit, audit, attested.audit_at))
    for log, (count, last), now_head, seen in logs:
        if now_head is None:
            found.append(Missing(log, 1, f"the log is gone: the checkpoint of {seen} saw {count} entries"))
        elif now_head[0] < count:
            found.append(
                Missing(
                    log,
                    now_head[0] + 1,
                    f"entries {now_head[0] + 1} to {count} are missing: the checkpoint of {seen} saw {count} "
                    f"entries and the log has {now_head[0]}",
                )
            )
        elif entry_hash_at(log, count) != last:
            found.append(
                Missing(log, count, f"entry {count} is not the one the checkpoint of {seen} saw (it was rewritten)")
            )
    return found
