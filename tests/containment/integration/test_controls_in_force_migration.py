"""Migration `controls_in_force` on SQLite and PostgreSQL: an incident stored before incidents kept their controls in
force learns them from the control changes table (applied, not restored or expired), so the resolve and close guard
holds for incidents already under way."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from people_helpers import register_people
from sqlalchemy import select, update

from aicident.containment import service as containment
from aicident.incidents import service as incidents
from aicident.plan.schema import Feature
from aicident.store.tables import incidents as incidents_table


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "aicident.store:migrations")
    config.attributes["connection"] = connection
    return config


def test_an_incident_stored_before_the_migration_learns_the_controls_it_left_in_force(runtime):
    register_people(runtime, "dana")
    for name in ("chat", "search"):
        containment.register_feature(runtime, feature=Feature(name=name), actor="dana")
    ref = incidents.declare(runtime, title="Leak", category="data_leak", source="customer_report", actor="dana").ref
    for name in ("chat", "search"):
        containment.change(runtime, feature=name, changes={"enabled": False}, actor="dana", reason="leak", incident=ref)
    containment.restore(runtime, feature="search", incident=ref, actor="dana", reason="fine again")
    expected = incidents.get(runtime, ref=ref, with_log=False).incident.controls_in_force
    assert list(expected) == ["chat"]

    with runtime.engine.begin() as connection:  # as an older version stored it: no controls_in_force key
        record = connection.execute(select(incidents_table.c.record).where(incidents_table.c.ref == ref)).scalar_one()
        record = {k: v for k, v in record.items() if k != "controls_in_force"}
        connection.execute(update(incidents_table).where(incidents_table.c.ref == ref).values(record=record))
    assert incidents.get(runtime, ref=ref, with_log=False).incident.controls_in_force == {}

    with runtime.engine.begin() as connection:
        command.downgrade(_config(connection), "containment")
    with runtime.engine.begin() as connection:
        command.upgrade(_config(connection), "head")

    rebuilt = incidents.get(runtime, ref=ref, with_log=False).incident.controls_in_force
    assert rebuilt == expected
    assert rebuilt["chat"]["text"] == "chat: disabled (kill switch on)" and len(rebuilt["chat"]["changes"]) == 1
