"""Typed settings, read from the environment and validated at start.

| variable              | meaning                                                    | default                          |
|-----------------------|------------------------------------------------------------|----------------------------------|
| AICIDENT_DATA_DIR     | where the embedded SQLite database lives                   | $XDG_DATA_HOME/aicident or       |
|                       |                                                            | ~/.local/share/aicident          |
| AICIDENT_DATABASE_URL | a SQLAlchemy URL; postgresql://... for PostgreSQL          | sqlite:///<data dir>/aicident.db |
| AICIDENT_PLAN         | a custom plan file (.toml, .yaml, .json)                   | the default plan                 |
| AICIDENT_ACTOR        | who the CLI acts as, recorded in the incident log          | $USER                            |
| AICIDENT_LOG_KEY_FILE | the keys of the logs' hashes and checkpoints (back it up)  | <data dir>/log-keys.json         |
| AICIDENT_CHECKPOINT_FILE | where signed checkpoints of the logs' heads are appended | <data dir>/checkpoints.jsonl     |
| AICIDENT_WITNESS_URL  | a URL each checkpoint is also POSTed to (optional)          | none                             |
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from aicident.errors import InvalidInput


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    plan_file: Path | None
    actor: str
    log_key_file: Path | None = None
    checkpoint_file: Path | None = None
    witness_url: str | None = None

    @property
    def log_key_path(self) -> Path:
        return self.log_key_file or self.data_dir / "log-keys.json"

    @property
    def checkpoint_path(self) -> Path:
        return self.checkpoint_file or self.data_dir / "checkpoints.jsonl"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        default_data = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "aicident"
        data_dir = Path(env.get("AICIDENT_DATA_DIR") or default_data).expanduser()
        url = env.get("AICIDENT_DATABASE_URL") or f"sqlite:///{data_dir / 'aicident.db'}"
        if not url.startswith(("sqlite", "postgresql")):
            raise InvalidInput(
                f"AICIDENT_DATABASE_URL {url.split(':')[0]!r} is not supported",
                allowed="sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DB",
            )
        plan = env.get("AICIDENT_PLAN")
        plan_file = Path(plan).expanduser() if plan else None
        if plan_file is not None and not plan_file.is_file():
            raise InvalidInput(f"AICIDENT_PLAN points at {str(plan_file)!r}, which is not a file")
        actor = env.get("AICIDENT_ACTOR") or _login_name()
        key_file, checkpoint_file = env.get("AICIDENT_LOG_KEY_FILE"), env.get("AICIDENT_CHECKPOINT_FILE")
        witness = env.get("AICIDENT_WITNESS_URL") or None
        if witness is not None and not witness.startswith(("http://", "https://")):
            raise InvalidInput(f"AICIDENT_WITNESS_URL {witness!r} is not a web address", allowed="http(s)://...")
        return cls(
            data_dir=data_dir,
            database_url=url,
            plan_file=plan_file,
            actor=actor,
            log_key_file=Path(key_file).expanduser() if key_file else None,
            checkpoint_file=Path(checkpoint_file).expanduser() if checkpoint_file else None,
            witness_url=witness,
        )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
