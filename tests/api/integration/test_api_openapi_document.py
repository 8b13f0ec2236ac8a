"""The OpenAPI document: OpenAPI 3.1 and every incident, signal and people endpoint in it.

Every test that takes `runtime` runs twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations


def test_openapi_json_is_openapi_3_1_and_lists_the_incident_signal_and_people_endpoints(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "aicident"
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    incident_actions = [
        "triage",
        "severity",
        "roles",
        "advance",
        "facts",
        "containment",
        "root-cause",
        "resolve",
        "communications",
        "report",
        "review",
        "close",
        "reopen",
        "log",
    ]
    expected = {
        ("GET", "/api/v1/incidents"),
        ("POST", "/api/v1/incidents"),
        ("GET", "/api/v1/incidents/{ref}"),
        ("GET", "/api/v1/incidents/{ref}/log"),
        ("GET", "/api/v1/incidents/{ref}/deadlines"),
        ("GET", "/api/v1/incidents/{ref}/report"),
        ("POST", "/api/v1/verify"),
        *{("POST", f"/api/v1/incidents/{{ref}}/{action}") for action in incident_actions},
        ("GET", "/api/v1/signals"),
        ("POST", "/api/v1/signals/{signal_id}/attach"),
        ("POST", "/api/v1/signals/{signal_id}/declare"),
        ("POST", "/api/v1/signals/{signal_id}/dismiss"),
        ("GET", "/api/v1/integrations"),
        ("POST", "/api/v1/integrations"),
        ("POST", "/api/v1/integrations/{name}/signals"),
        ("POST", "/api/v1/hooks/{secret}"),
        ("POST", "/v2/enqueue"),
        ("POST", "/api/v1/events"),
        ("POST", "/api/v1/customer-reports"),
        ("GET", "/report"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/people"),
        ("POST", "/api/v1/people"),
        ("PUT", "/api/v1/people/{handle}/roles"),
        ("POST", "/api/v1/people/{handle}/tokens"),
        ("GET", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/{token_id}"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
    }
    assert expected - documented == set()
    declare_body = document["paths"]["/api/v1/incidents"]["post"]["requestBody"]["content"]["application/json"]
    assert declare_body["schema"] == {"$ref": "#/components/schemas/DeclareIn"}
    assert document["components"]["schemas"]["DeclareIn"]["required"] == ["title", "category"]
