"""A database writer cannot forge the logs: entry hashes are keyed with a secret kept outside the database, and signed
checkpoints of the logs' heads, written to a file outside it, catch a truncated tail whose head was fixed up.
Each tampering is reported by incident (or the audit log) and entry, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import factories
import pytest
from people_helpers import register_people
from sqlalchemy import delete, select, update

from aicident.audit.chain import GENESIS, entry_hash
from aicident.audit.service import write_checkpoint
from aicident.containment import service as containment
from aicident.errors import InvalidInput
from aicident.incidents import service
from aicident.incidents.model import LogEntry
from aicident.incidents.repository import LogBreak
from aicident.plan.schema import Feature
from aicident.runtime import build_runtime
from aicident.store.tables import audit_head, audit_log, incident_log, incidents, log_keys


def declare(rt, title: str = "Assistant leaks account numbers") -> str:
    ref = factories.declare(
        rt, people=["dana"], actor="dana", title=title, category="data_leak", source="monitoring_alert"
    )
    service.triage(rt, ref=ref, actor="dana", severity="SEV-2", commander="dana")
    service.add_entry(rt, ref=ref, type="note", text="customer support informed", actor="dana")
    return ref  # entries 1-5


def rows_of(connection, incident_id: str) -> list:
    query = select(incident_log).where(incident_log.c.incident_id == incident_id).order_by(incident_log.c.seq)
    return connection.execute(query).all()


def recompute_without_the_key(connection, incident_id: str, key: bytes | None, key_id: str | None) -> None:
    """What a database writer can do: edit an entry and recompute every hash, and the head, with a key of their own
    or as the plain SHA-256 of entries from before the logs were keyed."""
    previous = GENESIS
    for row in rows_of(connection, incident_id):
        data = {**row.data, "text": "nothing happened"} if row.seq == 5 else row.data
        payload = LogEntry.payload_of(incident_id, row.seq, row.at, row.actor, row.type, data)
        digest = entry_hash(previous, payload, key)
        connection.execute(
            update(incident_log)
            .where(incident_log.c.incident_id == incident_id, incident_log.c.seq == row.seq)
            .values(data=data, prev_hash=previous, hash=digest, key_id=key_id)
        )
        previous = digest
    connection.execute(update(incidents).where(incidents.c.id == incident_id).values(last_hash=previous))


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (b"a key of the forger's own".ljust(32, b"!"), "its content does not match its hash (the entry was edited)"),
        (
            None,
            "it is not keyed, and the log key file lists no such entry from before the logs were keyed: aicident did "
            "not write it",
        ),
    ],
    ids=["own-key", "plain-sha256"],
)
def test_an_edited_entry_whose_chain_and_head_were_recomputed_does_not_verify(runtime, key, reason):
    ref = declare(runtime)
    incident_id = service.get(runtime, ref=ref).incident.id
    key_id = runtime.log_keys.key_id if key is not None else None
    with runtime.engine.begin() as connection:
        recompute_without_the_key(connection, incident_id, key, key_id)

    assert service.verify(runtime) == (1, [LogBreak(ref, 1, reason)])


def test_a_truncated_tail_with_its_head_fixed_up_is_caught_by_the_signed_checkpoint(runtime, clock):
    ref = declare(runtime)
    bystander = declare(runtime, title="untouched")
    assert write_checkpoint(runtime) is not None
    assert service.verify(runtime) == (2, [])
    incident_id = service.get(runtime, ref=ref).incident.id

    with runtime.engine.begin() as connection:  # remove entries 4 and 5 and make the head say 3 entries
        connection.execute(
            delete(incident_log).where(incident_log.c.incident_id == incident_id, incident_log.c.seq > 3)
        )
        third = rows_of(connection, incident_id)[-1]
        connection.execute(
            update(incidents).where(incidents.c.id == incident_id).values(log_count=3, last_hash=third.hash)
        )

    checked, breaks = service.verify(runtime)
    assert checked == 2
    assert [(b.ref, b.seq) for b in breaks] == [(ref, 4)]
    assert breaks[0].reason.startswith("entries 4 to 5 are missing: the checkpoint of ")
    assert breaks[0].reason.endswith("saw 5 entries and the log has 3")
    assert service.get(runtime, ref=bystander).incident.log_count == 5


def test_a_rewritten_tail_of_the_same_length_is_caught_by_the_signed_checkpoint(runtime):
    ref = declare(runtime)
    write_checkpoint(runtime)
    incident_id = service.get(runtime, ref=ref).incident.id
    with runtime.engine.begin() as connection:  # an insider with the key could rechain; the checkpoint still holds
        rows = rows_of(connection, incident_id)
        data = {**rows[-1].data, "text": "nothing happened"}
        payload = LogEntry.payload_of(incident_id, 5, rows[-1].at, rows[-1].actor, rows[-1].type, data)
        digest = entry_hash(rows[-1].prev_hash, payload, runtime.log_keys.hmac_key)
        connection.execute(
            update(incident_log)
            .where(incident_log.c.incident_id == incident_id, incident_log.c.seq == 5)
            .values(data=data, hash=digest)
        )
        connection.execute(update(incidents).where(incidents.c.id == incident_id).values(last_hash=digest))

    [found] = service.verify(runtime)[1]
    assert (found.ref, found.seq) == (ref, 5)
    assert found.reason.startswith("entry 5 is not the one the checkpoint of ")


def test_the_audit_log_is_keyed_and_checkpointed_too(runtime):
    register_people(runtime, "dana")
    containment.register_feature(runtime, feature=Feature(name="support_chat"), actor="dana")
    containment.change(runtime, feature="support_chat", changes={"enabled": False}, actor="dana", reason="leak")
    write_checkpoint(runtime)
    assert service.verify(runtime)[1] == []
    with runtime.engine.begin() as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq == 2))
        first = connection.execute(select(audit_log.c.hash).where(audit_log.c.seq == 1)).scalar_one()
        connection.execute(update(audit_head).where(audit_head.c.id == 1).values(count=1, last_hash=first))

    [found] = service.verify(runtime)[1]
    assert (found.ref, found.seq) == ("audit log", 2)
    assert found.reason.startswith("entries 2 to 2 are missing")


def test_an_edited_checkpoint_file_is_reported_and_a_signed_one_is_not(runtime):
    declare(runtime)
    write_checkpoint(runtime)
    path = runtime.settings.checkpoint_path
    assert service.verify(runtime)[1] == []
    line = json.loads(path.read_text().splitlines()[0])
    line["incidents"] = {k: [1, v[1]] for k, v in line["incidents"].items()}  # claim fewer entries were seen
    path.write_text(json.dumps(line) + "\n")

    assert service.verify(runtime)[1] == [
        LogBreak("checkpoints", 0, "checkpoint line 1 is not signed by this installation's key")
    ]


def test_a_copy_of_the_checkpoints_kept_elsewhere_can_be_checked_against(runtime, tmp_path):
    ref = declare(runtime)
    write_checkpoint(runtime)
    witness_copy = tmp_path / "witness.jsonl"
    witness_copy.write_bytes(runtime.settings.checkpoint_path.read_bytes())
    incident_id = service.get(runtime, ref=ref).incident.id
    with runtime.engine.begin() as connection:  # the attacker removes the tail and the local checkpoint file too
        connection.execute(
            delete(incident_log).where(incident_log.c.incident_id == incident_id, incident_log.c.seq > 4)
        )
        fourth = rows_of(connection, incident_id)[-1]
        connection.execute(
            update(incidents).where(incidents.c.id == incident_id).values(log_count=4, last_hash=fourth.hash)
        )
    runtime.settings.checkpoint_path.unlink()

    assert service.verify(runtime)[1] == []  # nothing left to compare with here: what the docs say it cannot prove
    [found] = service.verify(runtime, checkpoint_file=witness_copy)[1]
    assert (found.ref, found.seq) == (ref, 5)


def test_checkpoints_are_written_only_when_a_head_moved(runtime):
    ref = declare(runtime)
    first = write_checkpoint(runtime)
    assert first["n"] == 1 and len(first["incidents"]) == 1
    assert write_checkpoint(runtime) is None
    service.add_entry(runtime, ref=ref, type="note", text="one more", actor="dana")
    second = write_checkpoint(runtime)
    assert second["n"] == 2 and list(second["incidents"].values()) == [[6, second["incidents"][first_id(first)][1]]]


def first_id(line: dict) -> str:
    return next(iter(line["incidents"]))


def test_a_process_with_another_key_file_refuses_to_write_the_database(runtime, make_runtime, tmp_path):
    declare(runtime)
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    from aicident.runtime import build_runtime
    from aicident.settings import Settings

    settings = Settings(data_dir=other_dir, database_url=runtime.settings.database_url, plan_file=None, actor="x")
    with pytest.raises(InvalidInput, match="this database's logs are keyed with the log key"):
        build_runtime(settings)
    same_key = Settings(
        data_dir=other_dir,
        database_url=runtime.settings.database_url,
        plan_file=None,
        actor="x",
        log_key_file=runtime.settings.log_key_path,
    )
    assert build_runtime(same_key).log_keys.key_id == runtime.log_keys.key_id


def unkey(connection, incident_id: str) -> None:
    """Make an incident's entries look as an aicident from before the logs were keyed wrote them (plain SHA-256)."""
    previous = GENESIS
    for row in rows_of(connection, incident_id):
        payload = LogEntry.payload_of(incident_id, row.seq, row.at, row.actor, row.type, row.data)
        digest = entry_hash(previous, payload)
        connection.execute(
            update(incident_log)
            .where(incident_log.c.incident_id == incident_id, incident_log.c.seq == row.seq)
            .values(prev_hash=previous, hash=digest, key_id=None)
        )
        previous = digest
    connection.execute(update(incidents).where(incidents.c.id == incident_id).values(last_hash=previous))


def test_entries_written_before_the_logs_were_keyed_still_verify(runtime, make_runtime, clock):
    """An upgraded installation: entries with no key id keep their SHA-256 hashes, keyed ones follow them, and the
    key file made on the upgrade lists them."""
    clock.advance(days=-30)  # the incident is older than the key made when the installation was upgraded
    ref = declare(runtime)
    clock.advance(days=30)
    incident_id = service.get(runtime, ref=ref).incident.id
    with runtime.engine.begin() as connection:  # an aicident from before keys: no key registered, entries unkeyed
        unkey(connection, incident_id)
        connection.execute(delete(log_keys))
    runtime.settings.log_key_path.unlink()
    upgraded = make_runtime(runtime.settings.database_url)  # the first start after the upgrade makes the key file
    assert upgraded.log_keys.unkeyed == {incident_id: (5, rows_of_head(upgraded, incident_id))}
    service.add_entry(upgraded, ref=ref, type="note", text="after the upgrade", actor="dana")

    assert service.verify(upgraded) == (1, [])
    with upgraded.engine.begin() as connection:
        assert [r.key_id is None for r in rows_of(connection, incident_id)] == [True] * 5 + [False]


def rows_of_head(rt, incident_id: str) -> str:
    with rt.engine.begin() as connection:
        return rows_of(connection, incident_id)[-1].hash


def test_a_log_made_up_by_a_database_writer_as_if_from_before_the_keys_does_not_verify(runtime, clock):
    """Unkeyed entries verify only where the key file recorded them: a backdated incident written in plain SHA-256
    (as a database writer can) does not."""
    clock.advance(days=-30)
    ref = declare(runtime, title="Made up afterwards")  # stands for rows the writer inserts, dated before the key
    clock.advance(days=30)
    incident_id = service.get(runtime, ref=ref).incident.id
    with runtime.engine.begin() as connection:
        unkey(connection, incident_id)

    assert service.verify(runtime) == (
        1,
        [
            LogBreak(
                ref,
                1,
                "it is not keyed, and the log key file lists no such entry from before the logs were keyed: aicident "
                "did not write it",
            )
        ],
    )


def test_each_checkpoint_is_posted_to_the_witness_and_a_witness_that_fails_loses_nothing(runtime, clock, caplog):
    received: list[bytes] = []
    answers = [204, 500]  # the second checkpoint: the witness fails

    class Witness(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the handler's name is http.server's)
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(answers[len(received) - 1])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Witness)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = dataclasses.replace(runtime.settings, witness_url=f"http://127.0.0.1:{server.server_port}/cp")
        witnessed = build_runtime(settings, clock=clock)
        ref = declare(witnessed)
        first = write_checkpoint(witnessed)
        service.add_entry(witnessed, ref=ref, type="note", text="one more", actor="dana")
        with caplog.at_level("WARNING", logger="aicident.audit"):
            second = write_checkpoint(witnessed)
        witnessed.engine.dispose()
    finally:
        server.shutdown()
    assert [json.loads(body) for body in received] == [first, second]
    assert "the checkpoint witness did not take checkpoint 2" in caplog.text
    lines = [json.loads(line) for line in settings.checkpoint_path.read_text().splitlines()]
    assert lines == [first, second]  # the file is the record: a failing witness costs it nothing
    witness_copy = settings.data_dir / "witness.jsonl"
    witness_copy.write_bytes(b"".join(body + b"\n" for body in received))  # a witness keeping each body as a line
    assert service.verify(runtime, checkpoint_file=witness_copy) == (1, [])  # the witness's copy verifies
