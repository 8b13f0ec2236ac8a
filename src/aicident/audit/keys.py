"""The keys that make the logs unforgeable by someone who can only write the database.

One file outside the database holds them (by default `<data dir>/log-keys.json`, mode 0600; AICIDENT_LOG_KEY_FILE
names another): a 32-byte secret that keys every log entry's hash (HMAC-SHA256), and an Ed25519 private key that
signs the checkpoints of the logs' heads. The file is made on first start. Every process that writes the same
database (replicas, workers, the local CLI) must read the same file: copy it, never let each host make its own. The
database records the key's id and public key, so a process with another file refuses to start instead of writing
entries no one can verify. Back the file up apart from the database: without it the logs can no longer be verified,
and with the database it lets anyone rewrite them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from aicident.errors import InvalidInput

FILE_NAME = "log-keys.json"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@dataclass(frozen=True)
class LogKeys:
    """The secret that keys entry hashes (`hmac_key`, known by its `key_id`) and the checkpoint signing key."""

    hmac_key: bytes
    signing_key: Ed25519PrivateKey
    created_at: str
    path: Path | None = None
    # The logs that held unkeyed entries (written before the logs were keyed) when the key was made: log name (an
    # incident's id, or "audit") -> (entries, hash of the last). Only those entries may be unkeyed: a database
    # writer cannot add a backdated unkeyed log or entry. None in key files made before this was recorded, where
    # the time rule alone applies (no unkeyed entry written after `created_at`).
    unkeyed: dict[str, tuple[int, str]] | None = None

    @property
    def key_id(self) -> str:
        """A name for the secret that says nothing about it: 16 hex digits of a hash of it."""
        return hashlib.sha256(b"aicident log key\n" + self.hmac_key).hexdigest()[:16]

    @property
    def keyed_since(self) -> datetime:
        """When the logs were keyed: entries from then on must be."""
        return datetime.fromisoformat(self.created_at)

    def unkeyed_of(self, log: str) -> tuple[int, str] | None:
        """How many entries of `log` may be unkeyed and the hash of the last of them ((0, "") for none); None when
        the key file does not say (made before it recorded them)."""
        if self.unkeyed is None:
            return None
        return self.unkeyed.get(log, (0, ""))

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @property
    def public_key_b64(self) -> str:
        return _b64(self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))

    def to_json(self) -> dict:
        private = self.signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return {
            "version": 1,
            "key_id": self.key_id,
            "hmac_key": _b64(self.hmac_key),
            "signing_key": _b64(private),
            "public_key": self.public_key_b64,
            "created_at": self.created_at,
            **({} if self.unkeyed is None else {"unkeyed": {k: list(v) for k, v in sorted(self.unkeyed.items())}}),
        }

    @classmethod
    def generate(cls, now: datetime) -> LogKeys:
        return cls(os.urandom(32), Ed25519PrivateKey.generate(), now.isoformat())

    @classmethod
    def from_json(cls, document: dict, path: Path | None = None) -> LogKeys:
        try:
            keys = cls(
                base64.b64decode(document["hmac_key"], validate=True),
                Ed25519PrivateKey.from_private_bytes(base64.b64decode(document["signing_key"], validate=True)),
                str(document["created_at"]),
                path,
                None
                if document.get("unkeyed") is None
                else {str(log): (int(count), str(last)) for log, (count, last) in document["unkeyed"].items()},
            )
        except (KeyError, ValueError, TypeError) as error:
            raise InvalidInput(
                f"the log key file {path} is damaged: {error}", allowed="restore it from its backup"
            ) from None
        if len(keys.hmac_key) != 32:
            raise InvalidInput(f"the log key file {path} holds a key of the wrong length", allowed="32 bytes")
        return keys


def load_or_create(
    path: Path, now: datetime, unkeyed: Callable[[], dict[str, tuple[int, str]]] | None = None
) -> LogKeys:
    """The keys in `path`, made there (readable by this user only) when the file does not exist yet; a new file
    records the logs `unkeyed()` names (their entries from before the logs were keyed)."""
    if path.exists():
        try:
            return LogKeys.from_json(json.loads(path.read_text("utf-8")), path)
        except ValueError:
            raise InvalidInput(f"the log key file {path} is not JSON", allowed="restore it from its backup") from None
    keys = LogKeys.generate(now)
    keys = LogKeys(keys.hmac_key, keys.signing_key, keys.created_at, None, unkeyed() if unkeyed else {})
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process on this host made it first: use theirs
        return load_or_create(path, now, unkeyed)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(keys.to_json(), handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    return LogKeys(keys.hmac_key, keys.signing_key, keys.created_at, path, keys.unkeyed)
