"""Alembic environment: migrations run on the connection aicident hands over (see store.engine.migrate)."""

from alembic import context

from aicident.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
