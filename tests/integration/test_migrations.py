"""The migrations build exactly the tables the code describes, on SQLite and on PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from aicident.store.engine import migrations_current
from aicident.store.tables import metadata


def test_migrated_schema_matches_the_tables_the_code_queries(runtime):
    with runtime.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_a_migrated_database_reports_its_schema_current(runtime):
    assert migrations_current(runtime.engine)


def test_migrating_twice_changes_nothing(runtime, make_runtime):
    again = make_runtime(runtime.engine.url.render_as_string(hide_password=False))
    with again.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [] and migrations_current(again.engine)
