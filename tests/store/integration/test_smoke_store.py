import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from aicident.incidents import service


def test_a_declared_incident_can_be_read_back(runtime):
    incident = service.declare(runtime, title="Leak", category="data_leak", source="monitoring_alert", actor="a")
    view = service.get(runtime, ref=incident.ref)
    assert view.incident.title == "Leak"
    assert view.incident.ref.startswith("INC-2026-")
    assert [e.seq for e in view.log] == [1]


def test_a_failing_statement_says_what_failed_but_not_the_values_it_was_given(runtime):
    # Bound values hold integration secrets, token hashes and personal data, and errors are logged: they stay out.
    secret = "ais_not-to-be-logged"
    with pytest.raises(DBAPIError) as raised, runtime.engine.begin() as connection:
        connection.execute(text("SELECT * FROM no_such_table WHERE secret = :secret"), {"secret": secret})
    assert "no_such_table" in str(raised.value)
    assert secret not in str(raised.value) and "hidden due to hide_parameters" in str(raised.value)
