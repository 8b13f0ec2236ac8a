from aicident.incidents import service


def test_a_declared_incident_can_be_read_back(runtime):
    incident = service.declare(runtime, title="Leak", category="data_leak", source="monitoring_alert", actor="a")
    view = service.get(runtime, ref=incident.ref)
    assert view.incident.title == "Leak"
    assert view.incident.ref.startswith("INC-2026-")
    assert [e.seq for e in view.log] == [1]
