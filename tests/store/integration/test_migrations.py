"""The migrations build exactly the tables the code describes, on SQLite and on PostgreSQL (the full-text index,
whose shape differs by database, is described by aicident.incidents.search instead)."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from aicident.store.engine import migrations_current
from aicident.store.tables import metadata


def _described_in_tables(name, type_, parent_names) -> bool:
    """The full-text index (an FTS5 table and its shadow tables on SQLite) is not in `store.tables`."""
    return not (type_ == "table" and name.startswith("incident_search"))


def test_migrated_schema_matches_the_tables_the_code_queries(runtime):
    with runtime.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_name": _described_in_tables}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_a_migrated_database_reports_its_schema_current(runtime):
    assert migrations_current(runtime.engine)


def test_migrating_twice_changes_nothing(runtime, make_runtime):
    again = make_runtime(runtime.engine.url.render_as_string(hide_password=False))
    with again.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _described_in_tables})
        differences = compare_metadata(context, metadata)
    assert differences == [] and migrations_current(again.engine)
