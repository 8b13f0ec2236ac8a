"""What every use case needs: settings -> engine, the plan in force and the clock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from sqlalchemy.engine import Connection, Engine

from aicident.audit.checkpoints import CheckpointWriter
from aicident.audit.keys import LogKeys, load_or_create
from aicident.errors import InvalidInput
from aicident.handlers import default_handlers
from aicident.incidents import changes
from aicident.incidents.changes import Handler
from aicident.incidents.vocabulary import EntryType
from aicident.metrics import Counters
from aicident.plan.loader import default_plan, load_plan_file, plan_document, plan_version
from aicident.plan.schema import Plan
from aicident.settings import Settings
from aicident.store.engine import make_engine, migrate
from aicident.store.group_commit import GroupCommitter
from aicident.store.merging_writer import MergingWriter
from aicident.store.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """What every use case needs: where the data is, which plan is in force, and what time it is."""

    settings: Settings
    engine: Engine
    plan: Plan
    clock: Callable[[], datetime] = utc_now
    counters: Counters = field(default_factory=Counters)
    handlers: dict[EntryType | str, list[Handler]] = field(default_factory=default_handlers)
    _plans: dict[str, Plan] = field(default_factory=dict)
    _committer: GroupCommitter | None = None
    _merging_writer: MergingWriter | None = None
    _detectors: object | None = None
    log_keys: LogKeys | None = None
    _checkpoints: CheckpointWriter | None = None

    @cached_property
    def plan_version(self) -> str:
        """The content hash of the plan in force: computed once, asked on every use case."""
        return plan_version(self.plan)

    @cached_property
    def plan_document(self) -> dict:
        return plan_document(self.plan)

    def uow(self, *, read_only: bool = False, connection: Connection | None = None) -> UnitOfWork:
        """A unit of work whose commit publishes and saves the incidents it changed; on `connection` (already in a
        transaction, e.g. a group commit's) a savepoint inside it."""
        return UnitOfWork(
            None if connection is not None else self.engine,
            connection,
            read_only=read_only,
            publish=None if read_only else self._publish,
            log_keys=self.log_keys,
        )

    @property
    def checkpoints(self) -> CheckpointWriter | None:
        """The writer of this process's signed checkpoints (None without log keys)."""
        if self._checkpoints is None and self.log_keys is not None:
            self._checkpoints = CheckpointWriter(self.settings.checkpoint_path, self.log_keys)
        return self._checkpoints

    def _publish(self, uow: UnitOfWork) -> None:
        changes.publish(uow, plan_of=self.plan_of, handlers=self.handlers, clock=self.clock, counters=self.counters)

    def changing(self, ref: str | None = None, **kwargs: Any) -> AbstractContextManager[changes.Change]:
        """Change an incident through the one change path (`incidents.changes.changing`)."""
        return changes.changing(self, ref, **kwargs)

    @property
    def detectors(self):
        """The detectors of this process, configured by the plan in force (built on first use)."""
        if self._detectors is None:
            from aicident.detectors.registry import DetectorSet, build  # compiling the detectors' rules takes time

            self._detectors = DetectorSet(build(self.plan.detectors))
        return self._detectors

    @property
    def committer(self) -> GroupCommitter:
        """The writer that batches hot-path writes (signal ingestion) into shared commits."""
        if self._committer is None:
            self._committer = GroupCommitter(self.engine)
        return self._committer

    @property
    def merging_writer(self) -> MergingWriter:
        """PostgreSQL: the writer that merges the hot-path writes waiting together (signal ingestion) into one
        transaction each."""
        if self._merging_writer is None:
            self._merging_writer = MergingWriter()
        return self._merging_writer

    def plan_of(self, version: str, uow: UnitOfWork) -> Plan:
        """The plan an incident ran under, even after the plan in force has changed."""
        if version == self.plan_version:
            return self.plan
        if version not in self._plans:
            self._plans[version] = Plan.model_validate(uow.incidents.plan_document(version))
        return self._plans[version]


def plan_in_force(settings: Settings) -> Plan:
    return load_plan_file(settings.plan_file) if settings.plan_file else default_plan()


def build_runtime(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, run_migrations: bool = True
) -> Runtime:
    plan = plan_in_force(settings)
    engine = make_engine(settings.database_url)
    keys: LogKeys | None = None
    if run_migrations:  # a runtime that writes: its logs are keyed (the key file is made on the first start)
        migrate(engine)
        keys = load_or_create(settings.log_key_path, clock(), unkeyed=lambda: _unkeyed_logs(engine))
        _check_key(engine, keys, clock())
    elif settings.log_key_path.exists():
        keys = load_or_create(settings.log_key_path, clock())
    return Runtime(settings=settings, engine=engine, plan=plan, clock=clock, log_keys=keys)


def _unkeyed_logs(engine: Engine) -> dict[str, tuple[int, str]]:
    """The logs a new key file records as written before the logs were keyed: all there are (a database whose logs
    are keyed already has its key registered, and a new file for it is refused by _check_key)."""
    with UnitOfWork(engine, read_only=True) as uow:
        return uow.audit.unkeyed_logs()


def _check_key(engine: Engine, keys: LogKeys, now: datetime) -> None:
    """Refuse to write logs with a key other than the one the database's logs are keyed with."""
    with UnitOfWork(engine) as uow:
        other = uow.audit.register_key(keys, now)
    if other is not None:
        raise InvalidInput(
            f"this database's logs are keyed with the log key {other}, and {keys.path} holds the key {keys.key_id}",
            allowed="point AICIDENT_LOG_KEY_FILE at the key file of this database (every process that writes it "
            "must read the same file)",
        )
