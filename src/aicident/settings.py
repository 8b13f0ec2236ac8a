"""Typed settings, read from the environment and validated at start.

| variable              | meaning                                                    | default                          |
|-----------------------|------------------------------------------------------------|----------------------------------|
| AICIDENT_DATA_DIR     | where the embedded SQLite database lives                   | $XDG_DATA_HOME/aicident or       |
|                       |                                                            | ~/.local/share/aicident          |
| AICIDENT_DATABASE_URL | a SQLAlchemy URL; postgresql://... for PostgreSQL          | sqlite:///<data dir>/aicident.db |
| AICIDENT_PLAN         | a custom plan file (.toml, .yaml, .json)                   | the default plan                 |
| AICIDENT_ACTOR        | the registered person the local CLI acts as                | the single administrator         |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aicident.errors import InvalidInput


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    plan_file: Path | None
    actor: str | None = None  # a person's handle; never the operating-system user

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
        actor = (env.get("AICIDENT_ACTOR") or "").strip() or None
        return cls(data_dir=data_dir, database_url=url, plan_file=plan_file, actor=actor)
