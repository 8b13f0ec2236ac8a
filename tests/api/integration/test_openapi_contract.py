"""The OpenAPI document is the contract, and the API keeps it: schemathesis, every check, finds nothing.

For each operation of /openapi.json, schemathesis runs the way `st run` does (the schema's examples; coverage of
each keyword's edges, of missing headers and of methods the path does not serve; fuzzing with valid and invalid
requests) against the app in-process, on a fresh copy of a seeded database, as an administrator who holds every plan
role. Every check it has judges every answer: no server error; only documented statuses, media types and headers;
answers that fit their schema; valid requests accepted and invalid ones refused; credentials enforced; 405 with an
Allow naming every method of the path; no 401 or 403 to the administrator but where a sender's own secret is
drawn. About half of the path parameters are aimed at objects that exist (an incident, a held signal, a person, a
draft...), so requests reach the use cases. A valid request refused by the state
of what it changes (409, 412, a reused Idempotency-Key's 422) counts as accepted; the few operations whose rules JSON
Schema cannot state (`BEYOND_THE_SCHEMA`, each with its rule) may also answer a valid request with 400. The number of
examples is bounded and the seed fixed, so runs are fast and reproducible. SQLite runs every phase for every
operation; PostgreSQL runs the examples and fuzzing phases again with fewer examples.

The controls stream (GET /api/v1/controls/stream) is left out: it never ends by design (tests/containment/e2e/test_containment*.py
read it as clients do).
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events
from sqlalchemy import create_engine, text

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.comms import service as comms
from aicident.containment import service as containment
from aicident.incidents import service as incidents
from aicident.plan.schema import Feature
from aicident.reports import service as reports
from aicident.runtime import build_runtime
from aicident.settings import Settings
from aicident.signals import service as signals
from aicident.signals.formats import FORMATS

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # the `clock` fixture's first reading
EXAMPLES = {"sqlite": 12, "postgresql": 4}

# Never ends by design; read as clients do in tests/containment/e2e.
ENDLESS = {("GET", "/api/v1/controls/stream")}

# A schema-valid request may still be refused by the state of what it changes: 409 (a guard, a state), 412 (the
# version it names is no longer current) and 422 (its Idempotency-Key was used with another body: the fuzzer draws
# keys such as "0" again and again) are answers to a valid request, as schemathesis's defaults say of 409; so is 413
# for a body past the server's size limit (1 MiB), which the fuzzer reaches now and then with long strings; 404 for a
# path naming an object that does not exist. An administrator holding every role is never refused with 401 or 403,
# except where the credential is a sender's own and the fuzzer draws one that is not (`SENDER_CREDENTIALS`).
ACCEPTED = ["2xx", "3xx", "404", "409", "412", "413", "422", "429"]
SENDER_CREDENTIALS: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/integrations/{name}/signals"): "the integration's secret, for the integration the path names",
    ("POST", "/api/v1/hooks/{secret}"): "the secret in the path",
}

# A request that breaks the schema must be refused. The version it names is checked before its body is read (RFC 9110
# 13.2.1: preconditions come before the content is processed), so a stale If-Match drawn with an invalid body is
# refused with 412, which is as much a refusal as schemathesis's defaults, and a body past the size limit with 413;
# 5xx stays out (a crash is no refusal).
REFUSED = ["400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "422", "428", "429"]

# Rules that span fields or the content of a body whose format another party defines, which JSON Schema does not
# state: for these operations a schema-valid request may also be refused with a 400 naming the rule.
BEYOND_THE_SCHEMA: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/incidents"): "a cursor is one the list gave",
    ("POST", "/api/v1/incidents"): "detection times are not in the future (relative to the server's clock)",
    ("POST", "/api/v1/incidents/{ref}/log"): "only a note is an observation for the report",
    ("POST", "/api/v1/incidents/{ref}/containment"): "exactly one of action and none_needed",
    ("POST", "/api/v1/incidents/{ref}/communications"): "a summary unless the obligation is waived",
    ("PUT", "/api/v1/incidents/{ref}/report"): "the whole report (markdown) or one section with its text",
    ("GET", "/api/v1/insights"): "since comes before until",
    ("POST", "/api/v1/integrations/{name}/signals"): "the payload in the integration's format (Alertmanager, ...)",
    ("POST", "/api/v1/hooks/{secret}"): "the payload in the integration's format",
    ("POST", "/v2/enqueue"): "a PagerDuty Events API v2 event",
    ("POST", "/api/v1/events"): "interaction events as docs/detectors.md defines them",
    ("POST", "/api/v1/customer-reports"): "each form field once",
    ("POST", "/api/v1/incidents/{ref}/customers"): "a CSV with an email column",
    ("POST", "/api/v1/controls/{feature}/changes"): "control fields with values of each field's type",
    ("POST", "/api/v1/incidents/{ref}/review"): "attendees are registered people unless the plan allows others",
    ("POST", "/api/v1/integrations/{name}/rotate"): "a grace period of at most the documented maximum",
    ("POST", "/api/v1/incidents/{ref}/clock-events"): "a time that is plausible (not long before the incident)",
}


def _operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation in the OpenAPI document (built without touching a database)."""
    settings_ = Settings(data_dir=Path("."), database_url="sqlite://", plan_file=None, actor="fuzz")
    document = create_app(build_runtime(settings_, run_migrations=False)).openapi()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item]


OPERATIONS = [
    pytest.param(method, path, id=f"{method} {path}") for method, path in _operations() if (method, path) not in ENDLESS
]


def _seed(rt) -> dict:
    """Objects to aim at, and the credentials to send; returns what names them."""
    auth.add_person(rt, handle="admin", name="Administrator", roles=list(rt.plan.role_ids()), admin=True)
    token = auth.create_token(rt, handle="admin").token
    auth.add_person(rt, handle="dana", roles=["ai_lead"])
    spare = auth.create_token(rt, handle="dana")  # revoking it must not sign the fuzzer out
    incident = incidents.declare(
        rt, title="Chatbot promised refunds", category="hallucination_harm", source="customer_report", actor="admin"
    )
    secret = signals.add_integration(rt, name="alerts", format="alertmanager")
    events_secret = signals.add_integration(rt, name="app", format="events")
    pagerduty = signals.add_integration(rt, name="pager", format="pagerduty")
    delivery = FORMATS["alertmanager"].parse(
        json.dumps(
            {
                "version": "4",
                "status": "firing",
                "alerts": [{"status": "firing", "labels": {"alertname": "LatencyHigh"}, "annotations": {}}],
            }
        ).encode(),
        {},
    )
    outcome = signals.ingest(rt, integration=signals.integration_for_secret(rt, secret=secret), delivery=delivery)
    item = reports.add_follow_up(
        rt, ref=incident.ref, actor="admin", text="Add an eval", owner="dana", due="2026-12-01"
    )
    containment.register_feature(rt, feature=Feature(name="support_chat", customer_facing=True), actor="admin")
    incidents.triage(rt, ref=incident.ref, actor="admin", severity="SEV-3", commander="admin")
    pending = containment.change(
        rt, feature="support_chat", changes={"enabled": False}, actor="dana", reason="fuzz", incident=incident.ref
    ).change
    draft = comms.create_draft(rt, ref=incident.ref, obligation="internal", actor="admin")
    return {
        "token": token,
        "dictionaries": {
            "ref": [incident.ref],
            "signal_id": [outcome.signals[0]["signal"]],
            "handle": ["dana"],
            "token_id": [spare.id],
            "name": ["alerts"],
            "secret": [secret],
            "version": [rt.plan_version],
            "item_id": [item.id],
            "feature": ["support_chat"],
            "change_id": [pending.id],
            "draft_id": [draft["id"]],
            "routing_key": [pagerduty],
        },
        # Operations that take an integration's secret rather than a person's token.
        "credentials": {"/api/v1/events": events_secret, "/api/v1/integrations/{name}/signals": secret},
    }


def _config(seed: dict, examples: int, method: str, path: str, *, coverage: bool = True) -> SchemathesisConfig:
    dictionaries = seed["dictionaries"]
    accepted = [*ACCEPTED, "400"] if (method, path) in BEYOND_THE_SCHEMA else ACCEPTED
    accepted = [*accepted, "401"] if (method, path) in SENDER_CREDENTIALS else accepted
    credential = seed["credentials"].get(path, seed["token"])
    aimed = {f"path.{name}": {"dictionary": name, "probability": 0.5} for name in dictionaries}
    aimed |= {f"body.{name}": {"dictionary": name, "probability": 0.5} for name in ("routing_key",)}
    return SchemathesisConfig.from_dict(
        {
            "seed": 1,
            "headers": {"Authorization": f"Bearer {credential}"},
            "continue-on-failure": True,
            "generation": {"max-examples": examples, "deterministic": True, "no-shrink": True},
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": coverage}},
            "dictionaries": {name: {"values": values} for name, values in dictionaries.items()},
            "parameters": aimed,
            "checks": {
                "positive_data_acceptance": {"expected-statuses": accepted},
                "negative_data_rejection": {"expected-statuses": REFUSED},
            },
        }
    )


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length] + f"... ({len(text) - length} more characters)"


def _describe(recorder, case_id: str, check) -> str:
    failure = check.failure_info.failure
    interaction = recorder.interactions.get(case_id)
    answer = ""
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        answer = f"\n-> {response.status_code} {_clip(response.content.decode('utf-8', 'replace'), 400)}"
    sample = _clip(check.failure_info.code_sample, 600)
    return f"[{check.name}] {failure.title}\n{_clip(failure.message, 600)}\n{sample}{answer}"


def _failures(schema) -> list[str]:
    found: list[str] = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        found.append(_describe(event.recorder, case_id, check))
        elif isinstance(event, events.NonFatalError):
            found.append(f"[error] {event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            found.append(f"[fatal] {event.exception!r}")
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def sqlite_seed(tmp_path_factory):
    """A migrated SQLite database with objects to aim at (built once)."""
    root = tmp_path_factory.mktemp("contract")
    settings_ = Settings(data_dir=root, database_url=f"sqlite:///{root / 'seed.db'}", plan_file=None, actor="fuzz")
    rt = build_runtime(settings_, clock=lambda: NOW)
    seed = _seed(rt)
    rt.engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    return root, seed


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_keeps_its_contract_on_sqlite(sqlite_seed, make_runtime, tmp_path, method, path):
    root, seed = sqlite_seed
    shutil.copyfile(root / "seed.db", tmp_path / "contract.db")
    shutil.copyfile(root / "log-keys.json", tmp_path / "log-keys.json")  # the key its logs are keyed with
    rt = make_runtime(f"sqlite:///{tmp_path / 'contract.db'}")
    config = _config(seed, EXAMPLES["sqlite"], method, path)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(rt), config=config)
    failures = _failures(schema.include(method=method, path=path))
    assert not failures, "\n\n".join(failures)


@pytest.fixture(scope="module")
def postgres_seed(postgres_server_url, tmp_path_factory):
    """A migrated PostgreSQL database with objects to aim at (built once), the template of each test's copy."""
    root = tmp_path_factory.mktemp("contract-pg")
    name = "aicident_contract_" + uuid.uuid4().hex[:8]
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_server_url.rsplit("/", 1)[0] + f"/{name}"
    settings_ = Settings(data_dir=root, database_url=url, plan_file=None, actor="fuzz")
    rt = build_runtime(settings_, clock=lambda: NOW)
    seed = _seed(rt)
    rt.engine.dispose()  # a template database must have no connections
    yield root, name, seed, admin
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_keeps_its_contract_on_postgresql(
    postgres_seed, postgres_server_url, make_runtime, tmp_path, method, path
):
    """The same checks with fewer examples and without the coverage phase: what differs on PostgreSQL is storage
    (types, NUL, locks, constraints), which the fuzzing phase reaches."""
    root, template, seed, admin = postgres_seed
    name = "aicident_contract_" + uuid.uuid4().hex[:8]
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        shutil.copyfile(root / "log-keys.json", tmp_path / "log-keys.json")
        rt = make_runtime(postgres_server_url.rsplit("/", 1)[0] + f"/{name}")
        config = _config(seed, EXAMPLES["postgresql"], method, path, coverage=False)
        schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(rt), config=config)
        failures = _failures(schema.include(method=method, path=path))
        rt.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    assert not failures, "\n\n".join(failures)
