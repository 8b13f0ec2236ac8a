"""The Slack app's rows: each incident's channel and header, posted messages, inbound events, people's Slack ids."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from aicident.auth.model import Principal
from aicident.store.tables import outbox, people, slack_channels, slack_events, slack_posts

if TYPE_CHECKING:
    from aicident.store.uow import UnitOfWork


def _insert_new(connection: Connection, table, row: dict, key: str) -> bool:
    """Insert unless a row with the same key exists; True if inserted (the transaction stays usable either way)."""
    dialect = connection.dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(**row).on_conflict_do_nothing(index_elements=[key])
    return connection.execute(statement.returning(table.c[key])).first() is not None


class SlackRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- the incident's channel ---------------------------------------------------------------------------------

    def channel_of(self, incident_id: str):
        return self.connection.execute(
            select(slack_channels).where(slack_channels.c.incident_id == incident_id)
        ).first()

    def incident_of_channel(self, channel_id: str):
        query = select(slack_channels).where(slack_channels.c.channel_id == channel_id)
        return self.connection.execute(query).first()

    def add_channel(self, *, incident_id: str, name: str, header_hash: str, now: datetime) -> None:
        row = {
            "incident_id": incident_id,
            "name": name,
            "topic_set": False,
            "header_hash": header_hash,
            "pinned": False,
            "created_at": now,
            "updated_at": now,
        }
        self.connection.execute(insert(slack_channels).values(**row))

    def update_channel(self, incident_id: str, now: datetime, **values) -> None:
        self.connection.execute(
            update(slack_channels).where(slack_channels.c.incident_id == incident_id).values(updated_at=now, **values)
        )

    def show_header(self, incident_id: str, *, seq: int, ts: str, now: datetime) -> bool:
        """Record that the header now reflects log entry `seq`, unless a newer one is shown already."""
        statement = (
            update(slack_channels)
            .where(
                slack_channels.c.incident_id == incident_id,
                (slack_channels.c.header_seq.is_(None)) | (slack_channels.c.header_seq < seq),
            )
            .values(header_ts=ts, header_seq=seq, updated_at=now)
        )
        return self.connection.execute(statement).rowcount == 1

    # --- posted messages ----------------------------------------------------------------------------------------

    def post_of(self, message_id: str):
        return self.connection.execute(select(slack_posts).where(slack_posts.c.message_id == message_id)).first()

    def start_post(self, message_id: str, *, channel_id: str, now: datetime) -> None:
        _insert_new(
            self.connection,
            slack_posts,
            {"message_id": message_id, "channel_id": channel_id, "started_at": now},
            "message_id",
        )

    def finish_post(self, message_id: str, *, ts: str, now: datetime) -> None:
        self.connection.execute(
            update(slack_posts).where(slack_posts.c.message_id == message_id).values(ts=ts, posted_at=now)
        )

    # --- inbound events -----------------------------------------------------------------------------------------

    def claim_event(self, key: str, now: datetime) -> bool:
        """True the first time `key` is seen; a retry of the same event gets False."""
        return _insert_new(self.connection, slack_events, {"key": key[:200], "received_at": now}, "key")

    def release_event(self, key: str) -> None:
        self.connection.execute(delete(slack_events).where(slack_events.c.key == key[:200]))

    def forget_events(self, before: datetime) -> int:
        """Slack retries an event for about an hour; keys older than that are never met again."""
        return self.connection.execute(delete(slack_events).where(slack_events.c.received_at < before)).rowcount

    # --- people -------------------------------------------------------------------------------------------------

    def person_by_handle(self, handle: str):
        return self.connection.execute(select(people).where(people.c.handle == handle)).first()

    def person_by_slack_id(self, slack_id: str):
        return self.connection.execute(select(people).where(people.c.slack_id == slack_id)).first()

    def people_by_email(self, email: str) -> list:
        query = select(people).where(people.c.email.ilike(email.strip()), people.c.disabled_at.is_(None))
        return list(self.connection.execute(query).all())

    def set_slack_id(self, person_id: str, slack_id: str | None) -> None:
        self.connection.execute(update(people).where(people.c.id == person_id).values(slack_id=slack_id))

    def people_with_roles(self, roles: set[str]) -> list:
        """Enabled people whose profile holds any of `roles` (JSON lists: filtered here, people are few)."""
        rows = self.connection.execute(select(people).where(people.c.disabled_at.is_(None))).all()
        return [row for row in rows if roles.intersection(row.roles or [])]

    # --- the outbox -----------------------------------------------------------------------------------------

    def defer(self, message_id: str, until: datetime) -> None:
        """Hold a queued message until `until` (the channel's archive waits the plan's delay after the close)."""
        self.connection.execute(update(outbox).where(outbox.c.id == message_id).values(next_attempt_at=until))


def slack_of(uow: UnitOfWork) -> SlackRepository:
    """The Slack app's rows in the transaction of `uow` (which is open, so it has a connection)."""
    assert uow.connection is not None
    return SlackRepository(uow.connection)


def principal_of(row) -> Principal:
    return Principal(person_id=row.id, handle=row.handle, name=row.name, roles=frozenset(row.roles), admin=row.admin)


EVENT_MEMORY = timedelta(hours=2)
